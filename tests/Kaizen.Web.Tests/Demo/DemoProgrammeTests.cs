using System.Data.Common;
using System.Text.Json;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Data.Demo;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Demo;

// One app with the demo loaded twice, shared by the tests that only read it (on SQLite; LoadedDemoOnPostgreSql below).
public class LoadedDemo : IDisposable
{
    public const string Now = "2022-01-05T10:00:00Z";

    public LoadedDemo() : this(DatabaseEngine.Sqlite) { }

    protected LoadedDemo(DatabaseEngine engine)
    {
        App = new KaizenApp(engine);
        var database = App.Services.GetRequiredService<Database>();
        First = DemoProgramme.Load(database, new DateOnly(2022, 1, 5), Now);
        using (var db = App.OpenDb()) CountsAfterFirst = DemoProgrammeTests.Counts(db);
        Second = DemoProgramme.Load(database, new DateOnly(2023, 3, 1), "2023-03-01T09:00:00Z");
    }

    public KaizenApp App { get; }
    public DemoLoadResult First { get; }
    public DemoLoadResult Second { get; }
    public Dictionary<string, long> CountsAfterFirst { get; }

    public void Dispose() => App.Dispose();
}

public sealed class LoadedDemoOnPostgreSql() : LoadedDemo(DatabaseEngine.PostgreSql);

public abstract class DemoProgrammeTests(LoadedDemo demo, ITestOutputHelper output)
{
    static readonly DateOnly Today = new(2022, 1, 1);

    internal static Dictionary<string, long> Counts(System.Data.Common.DbConnection db) => new()
    {
        ["trusts"] = DemoRows.Count(db, "SELECT COUNT(*) FROM trusts"),
        ["value_streams"] = DemoRows.Count(db, "SELECT COUNT(*) FROM value_streams"),
        ["value_stream_revisions"] = DemoRows.Count(db, "SELECT COUNT(*) FROM value_stream_revisions"),
        ["workshops"] = DemoRows.Count(db, "SELECT COUNT(*) FROM workshops"),
        ["team_members"] = DemoRows.Count(db, "SELECT COUNT(*) FROM workshop_team_members"),
        ["measures"] = DemoRows.Count(db, "SELECT COUNT(*) FROM measures"),
        ["follow_ups"] = DemoRows.Count(db, "SELECT COUNT(f30) + COUNT(f60) + COUNT(f90) FROM measures"),
        ["users"] = DemoRows.Count(db, "SELECT COUNT(*) FROM users"),
        ["audit"] = DemoRows.Count(db, "SELECT COUNT(*) FROM audit_log"),
        ["settings"] = DemoRows.Count(db, "SELECT COUNT(*) FROM app_settings"),
    };

    [Fact]
    public void Loading_twice_changes_nothing_the_second_time()
    {
        Assert.False(demo.First.AlreadyLoaded);
        Assert.True(demo.Second.AlreadyLoaded);
        Assert.Empty(demo.Second.Users);
        Assert.Equal(LoadedDemo.Now, demo.Second.LoadedAt);

        using var db = demo.App.OpenDb();
        Assert.Equal(demo.CountsAfterFirst, Counts(db));
        Assert.True(DemoProgramme.IsLoaded(db));
        Assert.Equal(LoadedDemo.Now, db.ExecuteScalar<string>("SELECT value FROM app_settings WHERE key = 'demo_loaded'"));
        var audit = db.Query<(string Action, string At, string After)>("SELECT action, at, after_json FROM audit_log WHERE entity = 'demo'").Single();
        Assert.Equal("load", audit.Action);
        Assert.Equal(LoadedDemo.Now, audit.At);
        Assert.Equal(DemoProgramme.ExpectedWorkshops, JsonDocument.Parse(audit.After).RootElement.GetProperty("workshops").GetInt32());
    }

    [Fact]
    public async Task The_demonstration_board_has_its_members_a_revised_compact_a_year_of_meetings_and_one_held()
    {
        using var db = demo.App.OpenDb();
        Assert.Equal((5L, 2L), (db.ExecuteScalar<long>("SELECT COUNT(*) FROM board_members WHERE role = 'ceo'"),
            db.ExecuteScalar<long>("SELECT COUNT(*) FROM board_members WHERE role = 'regulator'")));
        Assert.Equal([1L, 2L], db.Query<long>("SELECT number FROM compact_versions WHERE adopted_on IS NOT NULL ORDER BY number").ToArray());
        Assert.Equal(12L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM board_meetings"));
        var held = db.QuerySingle<(string Date, string Json)>("SELECT meeting_date, frozen_json FROM board_meetings WHERE held_at IS NOT NULL");
        Assert.Equal("2021-09-09", held.Date);
        Assert.Equal("2021-09", JsonDocument.Parse(held.Json).RootElement.GetProperty("month").GetString());
        // Each member's own reflections, some with a note; actions both done and carried over.
        Assert.Equal(7L, db.ExecuteScalar<long>("SELECT COUNT(DISTINCT member_id) FROM meeting_reflections"));
        Assert.True(db.ExecuteScalar<long>("SELECT COUNT(*) FROM meeting_reflections WHERE note IS NOT NULL") > 10);
        Assert.True(db.ExecuteScalar<long>("SELECT COUNT(*) FROM board_actions WHERE status = 'open' AND due_on < '2021-10-14'") > 0);
        Assert.True(db.ExecuteScalar<long>("SELECT COUNT(*) FROM board_actions WHERE status = 'done'") > 0);

        // The demonstration board member can write reflections at once.
        var client = await demo.App.SignedInAsync("demo.board@kaizen.example", demo.First.Users.Single(u => u.Role == Roles.Board).Password);
        var meeting = db.ExecuteScalar<long>("SELECT id FROM board_meetings WHERE meeting_date = '2021-10-14'");
        var page = await client.GetDocumentAsync($"/Board/Meetings/{meeting}");
        Assert.NotNull(page.QuerySelector("#meeting-form select[name='Input.Reflections[0].Rating']"));
        // Linked to the SASH chief executive, whose reflections the form holds.
        Assert.Contains("These are the reflections of Michael Wilson", page.QuerySelector("#reflecting")!.TextContent);
        var pack = await client.GetDocumentAsync("/Board/Pack?month=2021-09");
        Assert.Contains("Frozen at the meeting held on 09/09/2021", pack.QuerySelector("#pack-frozen")!.TextContent);
    }

    [Fact]
    public void Counts_are_the_published_constants()
    {
        var r = demo.First;
        Assert.Equal((DemoProgramme.ExpectedTrusts, DemoProgramme.ExpectedValueStreams, DemoProgramme.ExpectedWorkshops,
                DemoProgramme.ExpectedMeasures, DemoProgramme.ExpectedFollowUps),
            (r.Trusts, r.ValueStreams, r.Workshops, r.Measures, r.FollowUps));
        Assert.Empty(r.ReusedTrustCodes);
        Assert.Empty(r.SkippedUserEmails);

        var c = demo.CountsAfterFirst;
        Assert.Equal(DemoProgramme.ExpectedTrusts, c["trusts"]);
        Assert.Equal(DemoProgramme.ExpectedValueStreams, c["value_streams"]);
        Assert.Equal(DemoProgramme.ExpectedRevisions, c["value_stream_revisions"]);
        Assert.Equal(DemoProgramme.ExpectedWorkshops, c["workshops"]);
        Assert.Equal(DemoProgramme.ExpectedTeamMembers, c["team_members"]);
        Assert.Equal(DemoProgramme.ExpectedMeasures, c["measures"]);
        Assert.Equal(DemoProgramme.ExpectedFollowUps, c["follow_ups"]);
        Assert.Equal(3, c["users"]);

        using var db = demo.App.OpenDb();
        Assert.Equal(5L, DemoRows.Count(db, "SELECT COUNT(*) FROM trusts WHERE is_demo = 1"));
        Assert.Equal(["BHRUT", "LTHT", "SASH", "SATH", "UHCW"], db.Query<string>("SELECT code FROM trusts ORDER BY code"));
        Assert.Equal(["bottom_up", "bottom_up", "top_down", "top_down", "top_down"],
            db.Query<string>("SELECT MIN(v.chosen_by) FROM value_streams v GROUP BY v.trust_id ORDER BY 1"));
        // SQLite checks foreign keys only on connections that ask (Database sets it); PostgreSQL always does, so a
        // dangling reference could not have been written there.
        if (demo.App.Engine == DatabaseEngine.Sqlite) Assert.Empty(db.Query("PRAGMA foreign_key_check"));
    }

    [Fact]
    public void Every_date_is_fixed_between_2016_and_2021()
    {
        using var db = demo.App.OpenDb();
        var dates = db.Query<string>("""
            SELECT planning_start FROM workshops UNION ALL SELECT start_date FROM workshops UNION ALL SELECT report_out_date FROM workshops
            UNION ALL SELECT created_at FROM workshops UNION ALL SELECT updated_at FROM workshops
            UNION ALL SELECT created_at FROM value_streams UNION ALL SELECT at FROM value_stream_revisions
            UNION ALL SELECT joined_on FROM trusts
            UNION ALL SELECT f30_recorded_at FROM measures WHERE f30_recorded_at IS NOT NULL
            UNION ALL SELECT f60_recorded_at FROM measures WHERE f60_recorded_at IS NOT NULL
            UNION ALL SELECT f90_recorded_at FROM measures WHERE f90_recorded_at IS NOT NULL
            """).ToList();
        Assert.All(dates, d => Assert.InRange(Iso.ParseDate(d[..10]), new DateOnly(2016, 1, 1), new DateOnly(2021, 12, 31)));
        var starts = DemoRows.Workshops(db).Select(w => w.Start.Year).ToHashSet();
        Assert.Equal([2016, 2017, 2018, 2019, 2020, 2021], starts.Order());
    }

    [Fact]
    public void The_same_programme_loads_every_time()
    {
        string Fingerprint(KaizenApp app)
        {
            using var db = app.OpenDb();
            return DemoRows.Checksum(db, "trusts", "value_streams", "value_stream_revisions", "workshops", "workshop_team_members", "measures");
        }
        using var other = new KaizenApp();
        DemoProgramme.Load(other.Services.GetRequiredService<Database>(), new DateOnly(2030, 6, 30), "2030-06-30T12:00:00Z");
        Assert.Equal(Fingerprint(demo.App), Fingerprint(other));
    }

    [Fact]
    public void Every_record_passes_the_domain_rules()
    {
        using var db = demo.App.OpenDb();
        var workshops = DemoRows.Workshops(db);
        var measures = DemoRows.Measures(db).ToLookup(m => m.WorkshopId);
        var members = db.Query<(long WorkshopId, string Role)>("SELECT workshop_id, role FROM workshop_team_members").ToLookup(m => m.WorkshopId);

        foreach (var w in workshops)
        {
            var status = w.Status switch
            {
                "planned" => WorkshopStatus.Planned, "completed" => WorkshopStatus.Completed,
                "cancelled" => WorkshopStatus.Cancelled, "stood_down" => WorkshopStatus.StoodDown,
                _ => throw new InvalidOperationException(w.Status),
            };
            var ms = measures[w.Id].ToList();
            var draft = new WorkshopDraft(Iso.ParseDateOrNull(w.PlanningStart), w.Start, (int)w.LengthDays, status, w.StatusReason,
                ms.Count(m => m.Result is not null));
            Assert.True(WorkshopRules.Validate(draft, Today) is [], $"{w.Reference}: {string.Join("; ", WorkshopRules.Validate(draft, Today).Select(v => v.Message))}");
            Assert.Equal(WorkshopRules.ReportOutDate(w.Start, (int)w.LengthDays), w.ReportOut);
            Assert.InRange((w.Start.DayNumber - Iso.ParseDate(w.PlanningStart!).DayNumber), 28, 56);
            Assert.InRange(ms.Count, 1, 4);
            Assert.InRange(members[w.Id].Count(), 4, 8);
            Assert.Contains(members[w.Id], m => m.Role == "in_process");

            foreach (var m in ms)
            {
                var violations = MeasureRules.Validate(new MeasureDraft(m.DomainKind, m.Baseline, m.BaselineDen, m.Target, m.Result, m.ResultDen), w.ReportOut, Today);
                Assert.True(violations is [], $"{w.Reference} {m.Kind}: {string.Join("; ", violations.Select(v => v.Message))}");
                Assert.Equal(m.Kind == "process_time", m.TimeUnit is not null);
                if (w.Status != "completed") Assert.Null(m.Result);
                foreach (var (days, value, den, at) in m.FollowUps)
                {
                    Assert.Equal(value is null, at is null);
                    if (value is null) continue;
                    var recorded = Iso.ParseDate(at![..10]);
                    Assert.True(recorded >= FollowUps.DueDate(w.ReportOut, days), $"{w.Reference}: {days}-day follow-up recorded before it was due");
                    Assert.True(FollowUpRules.Validate(m.DomainKind, days, value, den, w.ReportOut, recorded) is [], $"{w.Reference} {days}-day follow-up");
                }
            }
        }

        foreach (var (pt, ec, er) in db.Query<(double?, double?, double?)>("SELECT target_process_time, target_error_count, target_error_rate FROM value_streams"))
            Assert.Empty(ValueStreamRules.Validate(pt, ec, er));
    }

    [Fact]
    public void Some_workshops_got_worse_and_they_are_the_deliberate_ones()
    {
        using var db = demo.App.OpenDb();
        var refs = DemoRows.Workshops(db).ToDictionary(w => w.Id, w => w.Reference);
        var rollUp = RollUp.ForAll(DemoRows.Measures(db).Select(m => m.Facts), Checkpoint.ReportOut);
        var worse = rollUp.Kinds.SelectMany(k => k.PerWorkshop).Where(w => RollUp.DirectionOf(w.Reduction) == Direction.Worse)
            .Select(w => refs[w.WorkshopId]).Distinct().Order().ToList();
        Assert.Equal(Feature("got_worse").Order(), worse);
        Assert.True(worse.Count >= 3);
        Assert.Contains(rollUp.Kinds.SelectMany(k => k.PerWorkshop), w => w.Reduction < -0.05);
        var same = rollUp.Kinds.SelectMany(k => k.PerWorkshop).Where(w => RollUp.DirectionOf(w.Reduction) == Direction.Same)
            .Select(w => refs[w.WorkshopId]).Distinct().Order().ToList();
        Assert.Equal(Feature("stayed_the_same").Order(), same);
    }

    [Fact]
    public void Some_gains_were_not_sustained_at_60_and_90_days()
    {
        using var db = demo.App.OpenDb();
        var refs = DemoRows.Workshops(db).ToDictionary(w => w.Reference, w => w.Id);
        var byWorkshop = DemoRows.Measures(db).ToLookup(m => m.WorkshopId, m => m.Facts);
        var deliberate = Feature("not_sustained");
        Assert.True(deliberate.Count >= 5);
        foreach (var reference in deliberate)
        {
            var facts = byWorkshop[refs[reference]].Where(m => m.Result is not null).ToList();
            Assert.Equal(WorkshopSustainment.Sustained, Sustainment.ForWorkshop(facts, Checkpoint.Day30));
            Assert.Equal(WorkshopSustainment.NotSustained, Sustainment.ForWorkshop(facts, Checkpoint.Day60));
            Assert.Equal(WorkshopSustainment.NotSustained, Sustainment.ForWorkshop(facts, Checkpoint.Day90));
        }

        // Elsewhere every workshop that improved held its gain: nothing else slipped (a workshop with no gain, worse or
        // the same, has none to sustain).
        var names = refs.ToDictionary(r => r.Value, r => r.Key);
        var slipped = byWorkshop.Where(g => Sustainment.ForWorkshop(g, Checkpoint.Day90) == WorkshopSustainment.NotSustained).Select(g => names[g.Key]).ToHashSet();
        Assert.Subset(deliberate.Concat(Feature("got_worse")).Concat(Feature("stayed_the_same")).ToHashSet(), slipped);
        Assert.Superset(deliberate.ToHashSet(), slipped);

        var measured = byWorkshop.Select(g => Sustainment.ForWorkshop(g, Checkpoint.Day90)).Where(s => s != WorkshopSustainment.NotMeasured).ToList();
        output.WriteLine($"At 90 days: {measured.Count(s => s == WorkshopSustainment.Sustained)} sustained, " +
                         $"{measured.Count(s => s == WorkshopSustainment.Partly)} partly, {measured.Count(s => s == WorkshopSustainment.NotSustained)} not sustained");
        Assert.InRange(measured.Count(s => s == WorkshopSustainment.Sustained) / (double)measured.Count, 0.7, 0.95);
    }

    [Fact]
    public void Activity_was_stood_down_for_COVID_19_in_spring_2020_leaving_a_gap()
    {
        using var db = demo.App.OpenDb();
        var workshops = DemoRows.Workshops(db);
        var covid = workshops.Where(w => w.Status == "stood_down" && w.StatusReason!.Contains("COVID-19")).ToList();
        Assert.True(covid.Count >= 5);
        Assert.All(covid, w => Assert.InRange(w.Start, new DateOnly(2020, 3, 1), new DateOnly(2020, 5, 31)));
        Assert.Equal(Feature("stood_down_covid").Order(), covid.Select(w => w.Reference).Order());
        Assert.DoesNotContain(workshops, w => w.Status != "stood_down" && w.Start >= new DateOnly(2020, 3, 1) && w.Start <= new DateOnly(2020, 6, 30));
        Assert.All(workshops.Where(w => w.Status is "cancelled" or "stood_down"), w => Assert.False(string.IsNullOrWhiteSpace(w.StatusReason)));
        Assert.True(workshops.Count(w => w.Status == "cancelled") >= 3);
        Assert.True(workshops.Count(w => w.Status == "stood_down" && !w.StatusReason!.Contains("COVID")) >= 2);
    }

    [Fact]
    public void One_value_stream_was_revised_twice_and_shows_its_latest_values()
    {
        using var db = demo.App.OpenDb();
        var id = db.Query<long>("SELECT value_stream_id FROM value_stream_revisions GROUP BY value_stream_id HAVING COUNT(*) = 2").Single();
        var revisions = db.Query<(string At, string Reason, string Changes)>(
            "SELECT at, reason, changes_json FROM value_stream_revisions WHERE value_stream_id = @id ORDER BY at", new { id }).ToList();
        Assert.All(revisions, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        var current = db.QuerySingle("SELECT name, description, status, target_process_time, target_error_count, target_error_rate FROM value_streams WHERE id = @id", new { id });
        var currentByField = (IDictionary<string, object?>)current;

        var fields = new HashSet<string>();
        foreach (var (_, _, changes) in revisions)
            foreach (var change in JsonDocument.Parse(changes).RootElement.EnumerateArray())
            {
                var field = change.GetProperty("field").GetString()!;
                Assert.True(change.TryGetProperty("before", out _));
                fields.Add(field);
            }
        Assert.Contains("name", fields);
        Assert.Contains("target_process_time", fields);

        // The latest "after" of each field is the value stream's current value.
        var latest = revisions.SelectMany(r => JsonDocument.Parse(r.Changes).RootElement.EnumerateArray().Select(c => c.Clone()))
            .GroupBy(c => c.GetProperty("field").GetString()!).ToDictionary(g => g.Key, g => g.Last().GetProperty("after"));
        foreach (var (field, after) in latest)
        {
            var value = currentByField[field];
            if (after.ValueKind == JsonValueKind.Number) Assert.Equal(after.GetDouble(), Convert.ToDouble(value));
            else if (after.ValueKind == JsonValueKind.Null) Assert.Null(value);
            else Assert.Equal(after.GetString(), value);
        }
        Assert.Equal("SASH: " + currentByField["name"], Assert.Single(Feature("revised_twice")));

        // Paused and retired value streams each carry the revision that says so.
        foreach (var (streamId, status) in db.Query<(long, string)>("SELECT id, status FROM value_streams WHERE status <> 'active'"))
            Assert.Contains($"\"after\":\"{status}\"", db.Query<string>("SELECT changes_json FROM value_stream_revisions WHERE value_stream_id = @streamId", new { streamId }).Last());
    }

    [Fact]
    public void Some_completed_workshops_are_awaiting_data()
    {
        using var db = demo.App.OpenDb();
        var workshops = DemoRows.Workshops(db);
        var completed = workshops.Where(w => w.Status == "completed").ToDictionary(w => w.Id, w => w.Reference);
        var facts = DemoRows.Measures(db).Where(m => completed.ContainsKey(m.WorkshopId)).Select(m => m.Facts).ToList();
        var awaiting = RollUp.ForAll(facts, Checkpoint.ReportOut).Kinds.SelectMany(k => k.Awaiting)
            .Select(a => completed[a.WorkshopId]).Distinct().Order().ToList();
        Assert.Equal(Feature("awaiting_data").Order(), awaiting);
        Assert.True(awaiting.Count >= 3);

        var planned = workshops.Where(w => w.Status == "planned").ToList();
        Assert.True(planned.Count >= 3);
        Assert.All(planned, w => Assert.InRange(w.Start, new DateOnly(2021, 11, 1), new DateOnly(2021, 12, 31)));
    }

    [Fact]
    public void Follow_ups_are_overdue_in_2022()
    {
        var asOf = new DateOnly(2022, 6, 1);
        using var db = demo.App.OpenDb();
        var workshops = DemoRows.Workshops(db).Where(w => w.Status == "completed").ToDictionary(w => w.Id);
        var overdue = DemoRows.Measures(db).Where(m => workshops.ContainsKey(m.WorkshopId) && m.Result is not null)
            .SelectMany(m => m.FollowUps.Select(f => (m.WorkshopId, f.Days,
                State: FollowUps.State(workshops[m.WorkshopId].ReportOut, f.Days, f.Value is not null, asOf))))
            .Where(x => x.State == FollowUpState.Overdue).ToList();
        var late2021 = overdue.Where(o => workshops[o.WorkshopId].ReportOut >= new DateOnly(2021, 9, 1)).ToList();
        Assert.Contains(late2021, o => o.Days == 60);
        Assert.Contains(late2021, o => o.Days == 90);
        var overdueRefs = overdue.Select(o => workshops[o.WorkshopId].Reference).ToHashSet();
        Assert.Superset(Feature("follow_ups_overdue").Concat(Feature("follow_ups_overdue_from_2022")).ToHashSet(), overdueRefs);
        Assert.NotEmpty(Feature("follow_ups_overdue"));
        Assert.NotEmpty(Feature("follow_ups_missed_in_first_wave"));
        Assert.NotEmpty(Feature("window_scaled"));
    }

    [Fact]
    public void The_programme_headline_lands_near_the_published_one()
    {
        using var db = demo.App.OpenDb();
        var live = DemoRows.Workshops(db).Where(w => w.Status is not ("cancelled" or "stood_down")).Select(w => w.Id).ToHashSet();
        var rollUp = RollUp.ForAll(DemoRows.Measures(db).Where(m => live.Contains(m.WorkshopId)).Select(m => m.Facts), Checkpoint.ReportOut);
        output.WriteLine(Headline.Sentence(rollUp));
        foreach (var k in rollUp.Kinds)
            output.WriteLine($"{k.Kind}: n={k.Workshops} headline={k.Headline:P1} mean={k.Mean:P1} median={k.Median:P1} improved={k.Improved} same={k.Same} worse={k.Worse} awaiting={k.Awaiting.Count} removed={k.AmountRemoved:0}");

        Assert.InRange(rollUp.ProcessTime.Headline!.Value, 0.45, 0.75);
        Assert.InRange(rollUp.ErrorCount.Headline!.Value, 0.50, 0.80);
        Assert.InRange(rollUp.ErrorRate.Headline!.Value, 0.45, 0.75);
        Assert.InRange(rollUp.ProcessTime.Workshops, 50, 95);
        Assert.InRange(rollUp.ErrorCount.Workshops, 30, 80);
        Assert.InRange(rollUp.ErrorRate.Workshops, 50, 95);
        Assert.InRange(rollUp.ProcessTime.AmountRemoved!.Value, 1_500, 6_000);
        Assert.True(rollUp.ErrorCount.AnyWindowScaled);
    }

    [Fact]
    public void Demo_users_sign_in_with_the_passwords_shown_once()
    {
        Assert.Equal([Roles.Administrator, Roles.Lead, Roles.Board], demo.First.Users.Select(u => u.Role));
        using var db = demo.App.OpenDb();
        var hasher = new PasswordHasher<object>();
        foreach (var user in demo.First.Users)
        {
            Assert.True(user.Password.Length >= 16);
            var row = db.QuerySingle<(string Hash, long IsDemo, string Role, string? Code)>(
                "SELECT u.password_hash, u.is_demo, u.role, t.code FROM users u LEFT JOIN trusts t ON t.id = u.trust_id WHERE u.email = @Email", new { user.Email });
            Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new object(), row.Hash, user.Password));
            Assert.DoesNotContain(user.Password, row.Hash);
            Assert.Equal(1L, row.IsDemo);
            Assert.Equal(user.Role == Roles.Lead ? "SASH" : null, row.Code);
        }
        Assert.Equal(3, demo.First.Users.Select(u => u.Password).Distinct().Count());
        var audit = db.ExecuteScalar<string>("SELECT after_json FROM audit_log WHERE entity = 'demo'")!;
        Assert.All(demo.First.Users, u => Assert.DoesNotContain(u.Password, audit));
    }

    [Fact]
    public void An_existing_trust_is_reused_and_an_existing_user_is_left_alone()
    {
        using var app = new KaizenApp();
        var sash = app.AddTrust("sash", "Surrey and Sussex (ours)");
        app.AddUser("demo.board@kaizen.example", Roles.Board);

        var result = DemoProgramme.Load(app.Services.GetRequiredService<Database>(), new DateOnly(2024, 1, 1), "2024-01-01T00:00:00Z");

        Assert.Equal(["SASH"], result.ReusedTrustCodes);
        Assert.Equal(["demo.board@kaizen.example"], result.SkippedUserEmails);
        Assert.Equal([Roles.Administrator, Roles.Lead], result.Users.Select(u => u.Role));
        using var db = app.OpenDb();
        Assert.Equal(5L, DemoRows.Count(db, "SELECT COUNT(*) FROM trusts"));
        Assert.Equal("Surrey and Sussex (ours)", db.ExecuteScalar<string>("SELECT name FROM trusts WHERE id = @sash", new { sash }));
        Assert.Equal(7L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM value_streams WHERE trust_id = @sash", new { sash }));
        Assert.Equal(sash, db.ExecuteScalar<long>("SELECT trust_id FROM users WHERE email = 'demo.lead@kaizen.example'"));
        Assert.Equal(DemoProgramme.ExpectedWorkshops, DemoRows.Count(db, "SELECT COUNT(*) FROM workshops"));
    }

    static List<string> Feature(string key) => DemoProgramme.Features.Single(f => f.Key == key).Where.ToList();
}

public sealed class DemoProgrammeTestsOnSqlite(LoadedDemo demo, ITestOutputHelper output) : DemoProgrammeTests(demo, output), IClassFixture<LoadedDemo>;

public sealed class DemoProgrammeTestsOnPostgreSql(LoadedDemoOnPostgreSql demo, ITestOutputHelper output)
    : DemoProgrammeTests(demo, output), IClassFixture<LoadedDemoOnPostgreSql>;
