using System.Globalization;
using System.Text;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Mail;
using System.Data.Common;

namespace Kaizen.Web.Reminders;

// Settings under Kaizen:Reminders.
public sealed class ReminderOptions
{
    // False: this node never runs the job on its own (RunOnceAsync still works). Tests set it false.
    public bool Enabled { get; set; } = true;
    // The digests go out from this hour of the day (UK time).
    public int SendFromHour { get; set; } = 7;
    // How often a node looks whether today's digests are due, and retries failed sends.
    public int CheckEveryMinutes { get; set; } = 15;
}

public sealed class ClaimedMail
{
    public long Id { get; init; }
    public string To { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public long Attempts { get; init; }
}

public sealed class Person
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string Name { get; init; } = "";
    public string Reminders { get; init; } = "";
}

public sealed record ReminderRun(bool TookTheDay, int Composed, int Sent, int Failed);

// The daily reminder digests: to each owner of follow-ups due this week (today and the 6 days after) or overdue, and
// to each board member of their open board actions, at the frequency each chose on their profile.
public sealed class ReminderJob(Database database, Mailer mailer, Clock clock, IConfiguration configuration, ILogger<ReminderJob> log)
{
    public const string Job = "reminders";
    public const int WeekDays = 7;
    // A row left "sending" this long (its node stopped mid-send) is tried again.
    private static readonly TimeSpan StaleSending = TimeSpan.FromHours(1);

    public async Task<ReminderRun> RunOnceAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        // Without a mail server there is nothing to do; the day is not taken, so it goes out once one is set up.
        if (!mailer.IsConfigured) return new ReminderRun(false, 0, 0, 0);
        using var c = database.OpenConnection();
        var (took, composed) = await ComposeAsync(c, today);
        var (sent, failed) = await SendDueAsync(c, cancellationToken);
        return new ReminderRun(took, composed, sent, failed);
    }

    private async Task<(bool, int)> ComposeAsync(DbConnection c, DateOnly today)
    {
        using var tx = c.BeginTransaction();
        // The lease: only the node whose statement moves the row to today composes today's digests. The digests are
        // written in the same transaction, so a node that fails here leaves the day to another run.
        var took = await c.QuerySingleOrDefaultAsync<string>("""
            INSERT INTO job_leases (job, day, taken_at) VALUES (@job, @today, @now)
            ON CONFLICT (job) DO UPDATE SET day = excluded.day, taken_at = excluded.taken_at WHERE job_leases.day < excluded.day
            RETURNING day
            """, new { job = Job, today = Iso.Date(today), now = clock.NowText }, tx);
        if (took is null) return (false, 0);

        var weekly = today.DayOfWeek == DayOfWeek.Monday;
        var people = (await c.QueryAsync<Person>(
            "SELECT id AS Id, email AS Email, display_name AS Name, reminders AS Reminders FROM users WHERE disabled = 0 AND (reminders = 'daily' OR (reminders = 'weekly' AND @weekly = 1))",
            new { weekly }, tx)).ToList();
        var followUps = (await FollowUpOwners.OpenFollowUpsAsync(c, null, today.AddDays(WeekDays - 1), tx)).ToLookup(f => f.OwnerId);
        // A board member is reminded of what the next meeting will ask about: their actions due by it, and the overdue
        // ones. With no meeting scheduled yet, of those due this week, like the follow-ups.
        var nextMeeting = await FollowUpOwners.NextMeetingAsync(c, today, tx);
        var actionsDueBy = nextMeeting ?? today.AddDays(WeekDays - 1);
        var actions = (await FollowUpOwners.OpenActionsAsync(c, null, tx)).Where(a => a.Due <= actionsDueBy).ToLookup(a => a.UserId);
        var root = (configuration["Kaizen:PublicUrl"] ?? "").TrimEnd('/');
        var composed = 0;
        foreach (var person in people)
        {
            var mine = followUps[person.Id].ToList();
            var myActions = actions[person.Id].ToList();
            if (mine.Count + myActions.Count == 0) continue; // no email when there is nothing
            var (subject, body) = Digest(person.Name, person.Reminders, mine, myActions, today, root, nextMeeting);
            // A failed older digest is replaced by this one, which lists whatever is still open.
            await c.ExecuteAsync("UPDATE reminder_emails SET status = 'superseded' WHERE user_id = @Id AND status = 'failed'", new { person.Id }, tx);
            composed += await c.ExecuteAsync("""
                INSERT INTO reminder_emails (user_id, day, to_address, subject, body, items, status, created_at)
                VALUES (@userId, @day, @to, @subject, @body, @items, 'pending', @now) ON CONFLICT (user_id, day) DO NOTHING
                """, new { userId = person.Id, day = Iso.Date(today), to = person.Email, subject, body, items = mine.Count + myActions.Count, now = clock.NowText }, tx);
        }
        tx.Commit();
        log.LogInformation("Reminders for {Day}: {Count} digests to send.", Iso.Date(today), composed);
        return (true, composed);
    }

    // Sends every pending digest, and every failed one not yet tried in this run. Each is claimed with one conditional
    // UPDATE first, so two nodes never send the same one.
    private async Task<(int, int)> SendDueAsync(DbConnection c, CancellationToken cancellationToken)
    {
        var runStarted = clock.NowText;
        var stale = Iso.Instant(clock.UtcNow - StaleSending);
        int sent = 0, failed = 0;
        while (true)
        {
            var mail = await c.QuerySingleOrDefaultAsync<ClaimedMail>("""
                UPDATE reminder_emails SET status = 'sending', claimed_at = @now, attempts = attempts + 1
                WHERE id = (SELECT id FROM reminder_emails
                            WHERE status = 'pending' OR (status = 'failed' AND claimed_at < @runStarted) OR (status = 'sending' AND claimed_at < @stale)
                            ORDER BY id LIMIT 1)
                RETURNING id AS Id, to_address AS "To", subject AS Subject, body AS Body, attempts AS Attempts
                """, new { now = clock.NowText, runStarted, stale });
            if (mail is not { } m) break;
            try
            {
                await mailer.SendAsync(new OutgoingMail(m.To, m.Subject, m.Body), cancellationToken);
                await c.ExecuteAsync("UPDATE reminder_emails SET status = 'sent', sent_at = @now, last_error = NULL WHERE id = @Id", new { now = clock.NowText, m.Id });
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Kept as failed and tried again on the next run (or replaced by the next digest to the same person).
                log.LogError(e, "Could not send the reminder digest {Id} to {To} (attempt {Attempts}); it will be tried again.", m.Id, m.To, m.Attempts);
                await c.ExecuteAsync("UPDATE reminder_emails SET status = 'failed', last_error = @error WHERE id = @Id", new { error = e.Message, m.Id });
                failed++;
            }
        }
        return (sent, failed);
    }

    internal static (string Subject, string Body) Digest(string name, string frequency, IReadOnlyList<OpenFollowUp> followUps,
        IReadOnlyList<OpenAction> actions, DateOnly today, string root, DateOnly? nextMeeting = null)
    {
        var parts = new List<string>();
        if (followUps.Count > 0) parts.Add(followUps.Count == 1 ? "1 follow-up" : $"{followUps.Count} follow-ups");
        if (actions.Count > 0) parts.Add(actions.Count == 1 ? "1 board action" : $"{actions.Count} board actions");
        var subject = "Kaizen: " + string.Join(" and ", parts) + " to see to";
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"Hello {name},\n\n");
        if (followUps.Count > 0)
        {
            body.Append("Follow-ups to record (overdue, or due by ").Append(Format.Date(today.AddDays(WeekDays - 1))).Append("):\n");
            foreach (var f in followUps)
                body.Append(CultureInfo.InvariantCulture, $"- {(f.Due < today ? "Overdue since" : "Due")} {Format.Date(f.Due)}: {f.Reference} {f.Title}, {f.MeasureName}, {f.Days}-day follow-up\n  {root}{f.Link}\n");
            body.Append('\n');
        }
        if (actions.Count > 0)
        {
            body.Append(nextMeeting is { } meeting
                ? $"Your board actions due by the next meeting on {Format.Date(meeting)}, and any overdue:\n"
                : $"Your board actions overdue or due by {Format.Date(today.AddDays(WeekDays - 1))} (no meeting is scheduled yet):\n");
            foreach (var a in actions)
                body.Append(CultureInfo.InvariantCulture, $"- {(a.Due < today ? "Overdue since" : "Due")} {Format.Date(a.Due)}: {a.Text}\n  {root}{a.Link}\n");
            body.Append('\n');
        }
        body.Append(frequency == "daily" ? "You get this email each day there is something to see to." : "You get this email on Mondays when there is something to see to.");
        body.Append(CultureInfo.InvariantCulture, $" Choose how often (or never) on your profile: {root}/Account/Profile\n");
        return (subject, body.ToString());
    }
}

// Runs the job on each node every few minutes; the lease makes sure only one node sends each day's digests.
public sealed class ReminderService(ReminderJob job, Clock clock, TimeProvider time, Microsoft.Extensions.Options.IOptions<ReminderOptions> options,
    ILogger<ReminderService> log) : BackgroundService
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (TimeZoneInfo.ConvertTime(clock.UtcNow, London).Hour >= settings.SendFromHour)
                    await job.RunOnceAsync(clock.Today, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The reminder job failed; it runs again in {Minutes} minutes.", settings.CheckEveryMinutes);
            }
            await Task.Delay(TimeSpan.FromMinutes(Math.Max(1, settings.CheckEveryMinutes)), time, stoppingToken);
        }
    }
}

public static class ReminderSetup
{
    public static IServiceCollection AddKaizenReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection("Kaizen:Reminders"));
        services.AddSingleton<ReminderJob>();
        services.AddHostedService<ReminderService>();
        return services;
    }
}
