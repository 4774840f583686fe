using System.Security.Cryptography;
using Dapper;
using Kaizen.Web.Security;
using System.Data.Common;

namespace Kaizen.Web.Data.Demo;

public sealed record DemoUser(string Role, string Email, string DisplayName, string Password);

// Counts are what this load wrote (trusts: the five the demo uses, whether created or reused).
// Users holds the only copy of the plain passwords: show them once and let them go.
public sealed record DemoLoadResult(
    bool AlreadyLoaded,
    string LoadedAt,
    int Trusts,
    int ValueStreams,
    int Workshops,
    int Measures,
    int FollowUps,
    IReadOnlyList<DemoUser> Users,
    IReadOnlyList<string> ReusedTrustCodes,
    IReadOnlyList<string> SkippedUserEmails);

// A deliberate feature of the demonstration data and where to find it: workshop references, or "CODE: value stream".
public sealed record DemoFeature(string Key, string Description, IReadOnlyList<string> Where);

// Loads a fixed demonstration of the NHS–Virginia Mason partnership, 2016–2021: five trusts, their value streams,
// workshops with measures and follow-ups, the guiding board's year of meetings (DemoBoard), and one demo user per
// role. The data is the same on every load, whatever the date, so that the README, the tests and a board
// demonstration all describe the same programme.
public static class DemoProgramme
{
    public const string SettingKey = "demo_loaded";

    public const int ExpectedTrusts = 5;
    public const int ExpectedValueStreams = 35;
    public const int ExpectedWorkshops = 120;
    public const int ExpectedMeasures = 285;
    public const int ExpectedFollowUps = 701;
    public const int ExpectedTeamMembers = 736;
    public const int ExpectedRevisions = 5;

    public static readonly IReadOnlyList<(string Role, string Email, string DisplayName)> DemoUsers =
    [
        (Roles.Administrator, "demo.admin@kaizen.example", "Demo Administrator"),
        (Roles.Lead, "demo.lead@kaizen.example", "Demo Improvement Lead (SASH)"),
        (Roles.Board, "demo.board@kaizen.example", "Demo Board Member"),
    ];

    public const string LeadTrustCode = "SASH";

    public static IReadOnlyList<DemoFeature> Features => LazyFeatures.Value;

    static readonly Lazy<IReadOnlyList<DemoFeature>> LazyFeatures = new(() => BuildFeatures(DemoPlan.Current));

    public static bool IsLoaded(DbConnection connection) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM app_settings WHERE key = @SettingKey", new { SettingKey }) > 0;

    // today is not used: every date in the demo is fixed between 2016 and 2021. nowIso stamps the rows that record
    // this load (users, the setting, the audit entry). userId and userEmail say who loaded it, for the audit log.
    public static DemoLoadResult Load(Database database, DateOnly today, string nowIso, long? userId = null, string? userEmail = null)
    {
        _ = today;
        var plan = DemoPlan.Current;
        using var connection = database.OpenConnection();
        // Microsoft.Data.Sqlite begins IMMEDIATE: a second load waits for the first, then finds the setting below.
        using var tx = connection.BeginTransaction();
        // PostgreSQL begins nothing exclusive: the table lock makes a second load wait for the first in the same way.
        if (database.Engine == DatabaseEngine.PostgreSql)
            connection.Execute("LOCK TABLE app_settings IN SHARE ROW EXCLUSIVE MODE", transaction: tx);

        var loadedAt = connection.ExecuteScalar<string?>("SELECT value FROM app_settings WHERE key = @SettingKey", new { SettingKey }, tx);
        if (loadedAt is not null)
            return new DemoLoadResult(true, loadedAt, 0, 0, 0, 0, 0, [], [], []);

        var trustIds = new Dictionary<string, long>();
        var reused = new List<string>();
        foreach (var trust in plan.Trusts)
        {
            var def = trust.Def;
            // An administrator may already have created the trust: attach the demo to it rather than fail.
            var existing = connection.ExecuteScalar<long?>("SELECT id FROM trusts WHERE lower(code) = lower(@Code)", new { def.Code }, tx);
            if (existing is { } id) reused.Add(def.Code);
            trustIds[def.Code] = existing ?? connection.ExecuteScalar<long>(
                "INSERT INTO trusts (name, code, joined_on, is_demo) VALUES (@Name, @Code, @joined, 1) RETURNING id",
                new { def.Name, def.Code, joined = Iso.Date(DemoCatalogue.Joined) }, tx);
        }

        var streamIds = new Dictionary<PlanStream, long>();
        foreach (var s in plan.Streams)
        {
            streamIds[s] = connection.ExecuteScalar<long>("""
                INSERT INTO value_streams (trust_id, name, description, executive_sponsor, owner, chosen_by, status,
                    target_process_time, target_error_count, target_error_rate, created_at, version)
                VALUES (@trustId, @Name, @Description, @Sponsor, @Owner, @chosenBy, @Status,
                    @TargetProcessTime, @TargetErrorCount, @TargetErrorRate, @CreatedAt, @version)
                RETURNING id
                """,
                new
                {
                    trustId = trustIds[s.Trust.Def.Code], s.Name, s.Description, s.Sponsor, s.Owner, chosenBy = s.Trust.Def.ChosenBy,
                    s.Status, s.TargetProcessTime, s.TargetErrorCount, s.TargetErrorRate, s.CreatedAt, version = 1 + s.Revisions.Count,
                }, tx);
            foreach (var r in s.Revisions)
                connection.Execute("""
                    INSERT INTO value_stream_revisions (value_stream_id, at, user_id, user_name, reason, changes_json)
                    VALUES (@id, @At, NULL, @UserName, @Reason, @ChangesJson)
                    """, new { id = streamIds[s], r.At, r.UserName, r.Reason, r.ChangesJson }, tx);
        }

        // A reused trust may already hold a workshop with the demo's reference.
        var references = new HashSet<string>(connection.Query<string>("SELECT reference FROM workshops", transaction: tx), StringComparer.OrdinalIgnoreCase);
        foreach (var w in plan.Workshops)
        {
            var reference = references.Contains(w.Reference) ? w.Reference + "-DEMO" : w.Reference;
            references.Add(reference);
            var workshopId = connection.ExecuteScalar<long>("""
                INSERT INTO workshops (value_stream_id, reference, title, scope_first_step, scope_last_step, problem_statement,
                    planning_start, start_date, length_days, report_out_date, executive_sponsor, process_owner, team_leader,
                    facilitator, status, status_reason, report_out_summary, lessons, created_at, updated_at, updated_by)
                VALUES (@streamId, @reference, @Title, @first, @last, @problem,
                    @planning, @start, @LengthDays, @reportOut, @Sponsor, @ProcessOwner, @TeamLeader,
                    @Facilitator, @Status, @StatusReason, @Summary, @Lessons, @createdAt, @UpdatedAt, @updatedBy)
                RETURNING id
                """,
                new
                {
                    streamId = streamIds[w.Stream], reference, w.Title, first = w.Topic.FirstStep, last = w.Topic.LastStep,
                    problem = w.Topic.Problem, planning = Iso.Date(w.PlanningStart), start = Iso.Date(w.Start), w.LengthDays,
                    reportOut = Iso.Date(w.ReportOut), w.Sponsor, w.ProcessOwner, w.TeamLeader, w.Facilitator, w.Status,
                    w.StatusReason, w.Summary, w.Lessons, createdAt = DemoPlan.Instant(w.PlanningStart, 9), w.UpdatedAt,
                    updatedBy = w.Stream.Trust.Def.Lead,
                }, tx);

            connection.Execute("INSERT INTO workshop_team_members (workshop_id, position, name, role) VALUES (@workshopId, @position, @Name, @Role)",
                w.Members.Select((m, i) => new { workshopId, position = i + 1, m.Name, m.Role }), tx);

            connection.Execute("""
                INSERT INTO measures (workshop_id, position, kind, name, definition, time_unit, baseline, baseline_den, target,
                    result, result_den, f30, f30_den, f30_recorded_at, f60, f60_den, f60_recorded_at, f90, f90_den, f90_recorded_at)
                VALUES (@workshopId, @position, @Kind, @Name, @Definition, @TimeUnit, @Baseline, @BaselineDen, @Target,
                    @Result, @ResultDen, @f30, @f30Den, @f30At, @f60, @f60Den, @f60At, @f90, @f90Den, @f90At)
                """,
                w.Measures.Select((m, i) => new
                {
                    workshopId, position = i + 1, m.Kind, m.Name, m.Definition, m.TimeUnit, m.Baseline, m.BaselineDen, m.Target,
                    m.Result, m.ResultDen,
                    f30 = m.FollowUp[0], f30Den = m.FollowUpDen[0], f30At = m.FollowUpAt[0],
                    f60 = m.FollowUp[1], f60Den = m.FollowUpDen[1], f60At = m.FollowUpAt[1],
                    f90 = m.FollowUp[2], f90Den = m.FollowUpDen[2], f90At = m.FollowUpAt[2],
                }), tx);
        }

        var users = new List<DemoUser>();
        var skipped = new List<string>();
        foreach (var (role, email, displayName) in DemoUsers)
        {
            if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM users WHERE lower(email) = lower(@email)", new { email }, tx) > 0)
            {
                skipped.Add(email);
                continue;
            }
            var password = NewPassword();
            connection.Execute("""
                INSERT INTO users (email, display_name, role, trust_id, password_hash, security_stamp, created_at, is_demo)
                VALUES (@email, @displayName, @role, @trustId, @hash, @stamp, @nowIso, 1)
                """,
                new
                {
                    email, displayName, role, trustId = role == Roles.Lead ? trustIds[LeadTrustCode] : (long?)null,
                    hash = UserAccounts.Hash(password), stamp = UserAccounts.NewStamp(), nowIso,
                }, tx);
            users.Add(new DemoUser(role, email, displayName, password));
        }

        var board = DemoBoard.Load(connection, tx, trustIds, nowIso);
        var outcomes = DemoOutcomes.Load(connection, tx, streamIds);

        connection.Execute("INSERT INTO app_settings (key, value) VALUES (@SettingKey, @nowIso)", new { SettingKey, nowIso }, tx);

        var result = new DemoLoadResult(false, nowIso, plan.Trusts.Count, plan.Streams.Count, plan.Workshops.Count, plan.Measures,
            plan.FollowUps, users, reused, skipped);
        AuditLog.InsertAsync(connection, tx, nowIso, userId, userEmail, "demo", null, "load", null, new
        {
            result.Trusts, result.ValueStreams, result.Workshops, result.Measures, result.FollowUps,
            TeamMembers = plan.TeamMembers, Revisions = plan.Revisions, ReusedTrustCodes = reused, OutcomeMeasures = outcomes,
            Board = board ? $"{DemoBoard.Members} members, {DemoBoard.Meetings} meetings" : "skipped: a compact already existed",
            Users = users.Select(u => u.Email).ToList(), SkippedUsers = skipped,
        }).GetAwaiter().GetResult();

        Reports.MaintainedFigures.Refresh(connection, tx);   // the demonstration workshops' figures, in the same commit
        tx.Commit();
        return result;
    }

    // Four groups of five from letters and digits that cannot be mistaken for each other: about 99 bits.
    static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetString(alphabet, 20);
        return string.Join("-", Enumerable.Range(0, 4).Select(i => chars.Substring(i * 5, 5)));
    }

    static IReadOnlyList<DemoFeature> BuildFeatures(Plan plan)
    {
        List<string> Workshops(Func<PlanWorkshop, bool> where) => plan.Workshops.Where(where).Select(w => w.Reference).ToList();
        static string StreamName(PlanStream s) => $"{s.Trust.Def.Code}: {s.Name}";

        return
        [
            new("got_worse", "Workshops whose result at report-out was worse than the baseline: a negative reduction.",
                Workshops(w => w.Scenario == Scenario.Worse)),
            new("stayed_the_same", "Workshops whose result equalled the baseline (a reduction within ±1%).",
                Workshops(w => w.Scenario == Scenario.Same)),
            new("not_sustained", "Gains held at 30 days, then slipped back: at 60 and 90 days less than half the gain was kept and the target was missed.",
                Workshops(w => w.Scenario == Scenario.NotSustained)),
            new("awaiting_data", "Completed workshops with a measure that has no result at report-out (and so no follow-ups).",
                Workshops(w => w.Scenario == Scenario.MissingResult)),
            new("follow_ups_overdue", "Completed workshops whose 60- and 90-day follow-ups were never recorded.",
                Workshops(w => w.Scenario == Scenario.OverdueFollowUps)),
            new("follow_ups_overdue_from_2022", "Reported out from September 2021: at most the 30-day follow-up was recorded by the end of 2021, so the 60- and 90-day follow-ups are overdue in 2022.",
                Workshops(w => w.Status == "completed" && w.ReportOut >= DemoPlan.LateFrom)),
            new("follow_ups_missed_in_first_wave", "Follow-ups that fell due between 16 March and 30 June 2020 were never taken.",
                Workshops(w => w.CovidMissedFollowUp)),
            new("window_scaled", "Error counts whose result was counted over a shorter window than the baseline, so it is scaled to the baseline window.",
                Workshops(w => w.Measures.Any(m => m.Kind == "error_count" && m.ResultDen is { } d && d != m.BaselineDen))),
            new("stood_down_covid", "Workshops stood down in March–May 2020 for COVID-19; no workshop ran from March to June 2020.",
                Workshops(w => w.StatusReason == DemoCatalogue.CovidReason)),
            new("stood_down_regulatory", "Workshops stood down so that the trust could concentrate on CQC compliance (SATH, BHRUT).",
                Workshops(w => w.StatusReason == DemoCatalogue.RegulatoryReason)),
            new("cancelled", "Workshops cancelled before they ran, with a reason.", Workshops(w => w.Status == "cancelled")),
            new("planned", "Workshops planned for November–December 2021, with baselines and no results yet.", Workshops(w => w.Status == "planned")),
            new("revised_twice", "Value stream revised twice: its name and scope in September 2017, its targets in April 2019.",
                plan.Streams.Where(s => s.Revisions.Count == 2).Select(StreamName).ToList()),
            .. DemoOutcomes.Current.Select(s => new DemoFeature(s.Story switch
                {
                    OutcomeStory.SustainedShift => "outcome_sustained_shift",
                    OutcomeStory.Faded => "outcome_faded",
                    _ => "outcome_no_signal",
                }, s.Story switch
                {
                    OutcomeStory.SustainedShift => $"An outcome measure ({s.Name}) whose level dropped after the workshop and stayed down: a run below the mean from the week after its report-out.",
                    OutcomeStory.Faded => $"An outcome measure ({s.Name}) that dropped after the workshop, then drifted back to where it was within half a year.",
                    _ => $"An outcome measure ({s.Name}) with only common-cause variation: no signal before or after the workshop.",
                }, [StreamName(s.Stream), s.Workshop.Reference])),
            new("paused_or_retired", "Value streams paused or retired, each with the revision that says why.",
                plan.Streams.Where(s => s.Status != "active").Select(s => $"{StreamName(s)} ({s.Status})").ToList()),
        ];
    }
}
