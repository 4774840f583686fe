using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Reminders;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace Kaizen.Web.Tests.Reminders;

// The reminder digests, received by a real SMTP server on loopback. The job is run by calling it with a day, as the
// background service does every few minutes; the service itself is switched off here so that only the test runs it.
public abstract class ReminderEmailTests : IDisposable
{
    private static readonly DateOnly Sunday = new(2021, 6, 13);
    private static readonly DateOnly Monday = new(2021, 6, 14);
    private readonly int port = FreePort();
    private SimpleSmtpServer? smtp;
    private readonly List<KaizenApp> apps = [];

    private readonly DatabaseEngine engine;

    protected ReminderEmailTests(DatabaseEngine engine)
    {
        this.engine = engine;
        smtp = SimpleSmtpServer.Start(port);
    }

    public void Dispose()
    {
        foreach (var app in apps) app.Dispose();
        smtp?.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var free = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return free;
    }

    // sharing: a second app instance on the first one's database (SQLite: its file; PostgreSQL: its connection string).
    private KaizenApp App(KaizenApp? sharing = null)
    {
        var app = sharing is null || engine == DatabaseEngine.PostgreSql ? new KaizenApp(engine) : new KaizenApp(sharing.DatabasePath) { KeepDatabase = true };
        if (sharing is not null && engine == DatabaseEngine.PostgreSql)
            app.Settings["Kaizen:Database:ConnectionString"] = sharing.Settings["Kaizen:Database:ConnectionString"];
        app.Settings["Kaizen:Smtp:Host"] = "127.0.0.1";
        app.Settings["Kaizen:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture);
        app.Settings["Kaizen:Smtp:From"] = "kaizen@example.nhs.uk";
        app.Settings["Kaizen:Smtp:UseTls"] = "false";
        app.Settings["Kaizen:PublicUrl"] = "https://kaizen.example.nhs.uk/";
        app.Settings["Kaizen:Reminders:Enabled"] = "false";
        app.Time.Now = new DateTimeOffset(2021, 6, 13, 8, 0, 0, TimeSpan.Zero);
        apps.Add(app);
        return app;
    }

    private sealed record Programme(long EarlyMeasure, long SoonMeasure, long Meeting);

    // Lead A owns an overdue follow-up (due 04/06/2021), one due this week (16/06/2021, A-SOON) and one due later (04/07).
    // Lead B chose "never" and has an overdue one. The board member Chris Chief has an open action.
    private static async Task<Programme> SeedAsync(KaizenApp app)
    {
        var cast = await app.CastAsync();
        var early = app.Measure(app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 5, 1), status: "completed", reference: "A-EARLY"), "process_time", 600, 300, name: "Wait for triage");
        var soon = app.Measure(app.Workshop(app.ValueStream(cast.TrustA, "Clinic"), new DateOnly(2021, 5, 13), status: "completed", reference: "A-SOON"), "process_time", 600, 300, name: "Wait for clinic");
        app.Measure(app.Workshop(app.ValueStream(cast.TrustB), new DateOnly(2021, 5, 1), status: "completed", reference: "B-EARLY"), "process_time", 600, 300);
        var board = app.Board(cast.TrustA);
        using var db = app.OpenDb();
        db.Execute("UPDATE board_members SET user_id = (SELECT id FROM users WHERE email = 'board@example.nhs.uk') WHERE id = @Member", board);
        db.Execute("UPDATE users SET reminders = 'never' WHERE email = 'lead.b@example.nhs.uk'");
        return new Programme(early, soon, board.Meeting);
    }

    private async Task<IReadOnlyList<MimeMessage>> MailAsync(int atLeast)
    {
        for (var waited = 0; smtp!.ReceivedEmailCount < atLeast && waited < 100; waited++) await Task.Delay(50);
        return smtp!.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList();
    }

    private static Task<ReminderRun> RunAsync(KaizenApp app, DateOnly day) => app.Services.GetRequiredService<ReminderJob>().RunOnceAsync(day);

    [Fact]
    public async Task On_Monday_each_owner_and_board_member_gets_their_items_with_links_and_those_who_chose_never_get_nothing()
    {
        var app = App();
        var programme = await SeedAsync(app);

        // Sunday: everyone is on the weekly default or "never", so nothing goes.
        Assert.Equal(0, (await RunAsync(app, Sunday)).Composed);
        Assert.Equal(0, smtp!.ReceivedEmailCount);

        app.Time.Now = new DateTimeOffset(2021, 6, 14, 8, 0, 0, TimeSpan.Zero);
        var run = await RunAsync(app, Monday);
        Assert.Equal(2, run.Sent);
        var mail = await MailAsync(2);
        Assert.Equal(2, mail.Count);

        var lead = Assert.Single(mail, m => m.To.Mailboxes.Single().Address == "lead.a@example.nhs.uk");
        var text = lead.TextBody;
        Assert.Contains("Overdue since 04/06/2021: A-EARLY", text);
        Assert.Contains($"https://kaizen.example.nhs.uk/Measures/FollowUps/{programme.EarlyMeasure}", text);
        Assert.Contains("Due 16/06/2021: A-SOON", text);
        Assert.Contains($"https://kaizen.example.nhs.uk/Measures/FollowUps/{programme.SoonMeasure}", text);
        Assert.DoesNotContain("04/07/2021", text); // the 60-day follow-up of A-EARLY is not due this week
        Assert.DoesNotContain("B-EARLY", text);
        Assert.Equal("Kaizen: 2 follow-ups to see to", lead.Subject);

        var board = Assert.Single(mail, m => m.To.Mailboxes.Single().Address == "board@example.nhs.uk");
        Assert.Contains("Overdue since 30/04/2021: Share the discharge lessons", board.TextBody);
        Assert.Contains($"https://kaizen.example.nhs.uk/Board/Meetings/{programme.Meeting}", board.TextBody);

        Assert.DoesNotContain(mail, m => m.To.Mailboxes.Single().Address == "lead.b@example.nhs.uk");
        // What was sent is recorded: to whom, when, what.
        using var db = app.OpenDb();
        var rows = db.Query<(string To, string Status, string SentAt, string Subject)>("SELECT to_address, status, sent_at, subject FROM reminder_emails ORDER BY to_address").ToList();
        Assert.Equal([("board@example.nhs.uk", "sent", "2021-06-14T08:00:00Z", "Kaizen: 1 board action to see to"), ("lead.a@example.nhs.uk", "sent", "2021-06-14T08:00:00Z", "Kaizen: 2 follow-ups to see to")], rows);
    }

    [Fact]
    public async Task Daily_means_every_day_and_a_person_with_nothing_due_gets_no_email()
    {
        var app = App();
        await SeedAsync(app);
        using (var db = app.OpenDb())
        {
            db.Execute("UPDATE users SET reminders = 'daily' WHERE email IN ('lead.a@example.nhs.uk', 'admin@example.nhs.uk')");
        }
        await RunAsync(app, Sunday);
        var mail = await MailAsync(1);
        Assert.Equal("lead.a@example.nhs.uk", Assert.Single(mail).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_board_members_digest_lists_only_their_actions_due_by_the_next_meeting_and_the_overdue_ones()
    {
        var app = App();
        var programme = await SeedAsync(app);
        using (var db = app.OpenDb())
        {
            // The next meeting is on 08/07/2021 (a held one later is not "next"); the member has actions due before it
            // and after it, and the overdue one from the seed (due 30/04/2021).
            var member = db.ExecuteScalar<long>("SELECT owner_member_id FROM board_actions");
            var compact = db.ExecuteScalar<long>("SELECT compact_version_id FROM board_meetings WHERE id = @Meeting", programme);
            var next = db.ExecuteScalar<long>("INSERT INTO board_meetings (meeting_date, compact_version_id, created_at) VALUES ('2021-07-08', @compact, '2021-06-01T00:00:00Z') RETURNING id", new { compact });
            db.Execute("""
                INSERT INTO board_actions (meeting_id, text, owner_member_id, due_on, created_at) VALUES
                    (@next, 'Bring the flow data', @member, '2021-07-01', '2021-06-01T00:00:00Z'),
                    (@next, 'Plan next year', @member, '2021-09-30', '2021-06-01T00:00:00Z')
                """, new { next, member });
        }
        app.Time.Now = new DateTimeOffset(2021, 6, 14, 8, 0, 0, TimeSpan.Zero);

        await RunAsync(app, Monday);

        var board = Assert.Single(await MailAsync(2), m => m.To.Mailboxes.Single().Address == "board@example.nhs.uk");
        Assert.Contains("due by the next meeting on 08/07/2021", board.TextBody);
        Assert.Contains("Due 01/07/2021: Bring the flow data", board.TextBody);
        Assert.Contains("Overdue since 30/04/2021: Share the discharge lessons", board.TextBody);
        Assert.DoesNotContain("Plan next year", board.TextBody);
        Assert.Equal("Kaizen: 2 board actions to see to", board.Subject);
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_send_each_digest_once()
    {
        var first = App();
        await SeedAsync(first);
        var second = App(first);
        second.Time.Now = first.Time.Now = new DateTimeOffset(2021, 6, 14, 8, 0, 0, TimeSpan.Zero);

        var runs = await Task.WhenAll(RunAsync(first, Monday), RunAsync(second, Monday));
        // And again later the same day, as the service's timer would.
        await RunAsync(second, Monday);
        await RunAsync(first, Monday);

        Assert.Equal(1, runs.Count(r => r.TookTheDay));
        Assert.Equal(2, runs.Sum(r => r.Sent));
        await Task.Delay(300);
        Assert.Equal(2, (await MailAsync(2)).Count);
        Assert.Equal(2, first.Scalar<long>("SELECT COUNT(*) FROM reminder_emails"));
    }

    [Fact]
    public async Task A_digest_that_could_not_be_sent_is_kept_and_sent_on_a_later_run()
    {
        var app = App();
        await SeedAsync(app);
        smtp!.Dispose();
        smtp = null;
        app.Time.Now = new DateTimeOffset(2021, 6, 14, 8, 0, 0, TimeSpan.Zero);

        var failed = await RunAsync(app, Monday);
        Assert.Equal((2, 0, 2), (failed.Composed, failed.Sent, failed.Failed));
        Assert.Equal(2, app.Scalar<long>("SELECT COUNT(*) FROM reminder_emails WHERE status = 'failed' AND attempts = 1 AND last_error IS NOT NULL"));

        smtp = SimpleSmtpServer.Start(port);
        app.Time.Now = app.Time.Now.AddMinutes(15);
        var retried = await RunAsync(app, Monday);
        Assert.Equal((false, 2), (retried.TookTheDay, retried.Sent));
        Assert.Equal(2, (await MailAsync(2)).Count);
        Assert.Equal(2, app.Scalar<long>("SELECT COUNT(*) FROM reminder_emails WHERE status = 'sent' AND attempts = 2"));
    }

    [Fact]
    public async Task A_person_chooses_how_often_on_their_profile()
    {
        var app = App();
        await app.CastAsync();
        var lead = await app.SignedInAsync("lead.a@example.nhs.uk");
        Assert.Equal("weekly", app.Scalar<string>("SELECT reminders FROM users WHERE email = 'lead.a@example.nhs.uk'"));
        var response = await lead.PostFormAsync("/Account/Profile", new() { ["Input.Reminders"] = "never" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("never", app.Scalar<string>("SELECT reminders FROM users WHERE email = 'lead.a@example.nhs.uk'"));
        Assert.True((await lead.GetDocumentAsync("/Account/Profile")).QuerySelector("#reminders-never")!.HasAttribute("checked"));

        var refused = await lead.PostFormAsync("/Account/Profile", new() { ["Input.Reminders"] = "hourly" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("never", app.Scalar<string>("SELECT reminders FROM users WHERE email = 'lead.a@example.nhs.uk'"));
    }
}

public sealed class ReminderEmailTestsOnSqlite() : ReminderEmailTests(DatabaseEngine.Sqlite);

public sealed class ReminderEmailTestsOnPostgreSql() : ReminderEmailTests(DatabaseEngine.PostgreSql);
