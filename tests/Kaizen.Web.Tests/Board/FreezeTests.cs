using System.Net;
using System.Text.Json;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Board.BoardSeed;

namespace Kaizen.Web.Tests.Board;

// Marking a meeting held freezes the figures the board saw; a later edit shows beside them, marked, never instead.
// Today is Saturday 20 March 2021; the March meeting is on Monday 15 March. Worked out by hand:
//   Trust A  KZ-A1  report-out 05/03/2021  process time 600 → 240 min  (60%)
//            KZ-A2  report-out 10/02/2021  error count 20 → 10 over 10 days (50%)
//   Trust B  KZ-B1  report-out 12/03/2021  process time 100 → 50 min   (50%)
//   This month (March), process time pooled: (700 − 290) ÷ 700 = 58.571…% → "58.6%"; 410 min = 6.8 hrs.
//   After KZ-A1's result is corrected to 300: (700 − 350) ÷ 700 = 50.0%; 350 min = 5.8 hrs.
public abstract class FreezeTests : IAsyncLifetime
{
    private readonly KaizenApp app;

    protected FreezeTests(KaizenApp app) => this.app = app;
    private Cast cast = default!;
    private long meeting, a1Measure;

    public async Task InitializeAsync()
    {
        app.Time.Now = new DateTimeOffset(2021, 3, 20, 10, 0, 0, TimeSpan.Zero);
        cast = await app.CastAsync();
        using var db = app.OpenDb();
        var vsA = ValueStream(db, cast.TrustA, "Outpatients");
        var vsB = ValueStream(db, cast.TrustB, "Theatres");
        a1Measure = Measure(db, Workshop(db, vsA, "KZ-A1", "Outpatient booking", "2021-03-05"), "process_time", "Referral to booking", 600, 240);
        Measure(db, Workshop(db, vsA, "KZ-A2", "Clinic letters", "2021-02-10"), "error_count", "Letters with errors", 20, 10, 10, 10);
        Measure(db, Workshop(db, vsB, "KZ-B1", "Theatre turnaround", "2021-03-12"), "process_time", "Turnaround", 100, 50);
        var v1 = Compact(db, 1, "Improving together", "2020-06-01", ("behaviour", "We listen before we judge"));
        meeting = Meeting(db, "2021-03-15", v1);
    }

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public Task DisposeAsync()
    {
        if (app is not SharedKaizenApp) app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HttpResponseMessage> HoldAsync(HttpClient client) =>
        await client.PostFormAsync($"/Board/Meetings/{meeting}/Hold", new(), "#hold-form");

    [Fact]
    public async Task Marking_held_freezes_the_months_figures_once_and_a_second_time_is_refused()
    {
        var admin = await cast.Admin();
        var page = await admin.GetDocumentAsync($"/Board/Meetings/{meeting}/Hold");
        var token = page.QuerySelector("#hold-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        var held = await HoldAsync(admin);
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        using (var db = app.OpenDb())
        {
            var (heldAt, json) = db.QuerySingle<(string, string)>("SELECT held_at, frozen_json FROM board_meetings WHERE id = @meeting", new { meeting });
            Assert.Equal("2021-03-20T10:00:00Z", heldAt);
            var frozen = JsonDocument.Parse(json).RootElement;
            Assert.Equal("2021-03", frozen.GetProperty("month").GetString());
            Assert.StartsWith("Process time (2 workshops) reduced by 59% = 7 hrs", frozen.GetProperty("this_month").GetProperty("headline").GetString());
            Assert.Equal(3, frozen.GetProperty("cumulative").GetProperty("workshops").GetInt32());
            Assert.Equal(2, frozen.GetProperty("trusts").GetArrayLength());
            // Seven kinds of problem, the seventh the follow-ups closed as "won't be measured".
            Assert.Equal(7, frozen.GetProperty("problems").GetArrayLength());
            Assert.Equal(1L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'board_meeting' AND action = 'hold'"));
        }

        // The meeting page no longer offers it, nor does the confirmation page; a second post (from a page opened
        // before) is refused with a clear message.
        Assert.Null((await admin.GetDocumentAsync($"/Board/Meetings/{meeting}")).QuerySelector("#hold-link"));
        var confirm = await admin.GetDocumentAsync($"/Board/Meetings/{meeting}/Hold");
        Assert.Null(confirm.QuerySelector("#hold-form"));
        Assert.Contains("its figures are already frozen", confirm.Text("#hold-refusal"));
        var again = await admin.PostAsync($"/Board/Meetings/{meeting}/Hold",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already marked held on 20/03/2021", (await again.ParseAsync()).Text("#form-errors"));
        using var check = app.OpenDb();
        Assert.Equal("2021-03-20T10:00:00Z", check.ExecuteScalar<string>("SELECT held_at FROM board_meetings WHERE id = @meeting", new { meeting }));
        Assert.Equal(1L, check.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'board_meeting' AND action = 'hold'"));
    }

    [Fact]
    public async Task The_confirmation_says_what_will_be_frozen_and_that_it_cannot_be_undone_and_opening_it_freezes_nothing()
    {
        var admin = await cast.Admin();
        var meetingPage = await admin.GetDocumentAsync($"/Board/Meetings/{meeting}");
        Assert.Equal($"/Board/Meetings/{meeting}/Hold", meetingPage.QuerySelector("#hold-link")!.GetAttribute("href"));

        var confirm = await admin.GetDocumentAsync($"/Board/Meetings/{meeting}/Hold");
        var figures = confirm.Text("#hold-figures");
        Assert.Contains("2 workshops with a report-out in March 2021: Process time (2 workshops) reduced by 59% = 7 hrs", figures);
        Assert.Contains("3 workshops up to 31/03/2021", figures);
        Assert.Contains("2 trusts", figures);
        Assert.Contains("This cannot be undone", confirm.Text("#hold-warning"));
        using var db = app.OpenDb();
        Assert.Null(db.ExecuteScalar<string?>("SELECT held_at FROM board_meetings WHERE id = @meeting", new { meeting }));
    }

    [Fact]
    public async Task A_board_member_cannot_mark_a_meeting_held_and_the_attempt_is_recorded()
    {
        var board = await cast.Board();
        Assert.Null((await board.GetDocumentAsync($"/Board/Meetings/{meeting}")).QuerySelector("#hold-link"));
        Assert.Equal(HttpStatusCode.Forbidden, (await board.GetAsync($"/Board/Meetings/{meeting}/Hold")).StatusCode);
        var post = await board.PostWithTokenAsync($"/Board/Meetings/{meeting}", $"/Board/Meetings/{meeting}/Hold", new());
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);

        using var db = app.OpenDb();
        Assert.Null(db.ExecuteScalar<string?>("SELECT held_at FROM board_meetings WHERE id = @meeting", new { meeting }));
        Assert.Equal(2L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'board_meeting' AND action = 'denied'"));
    }

    [Fact]
    public async Task The_frozen_figures_cannot_be_updated_even_in_the_database_but_notes_can()
    {
        var admin = await cast.Admin();
        Assert.Equal(HttpStatusCode.Redirect, (await HoldAsync(admin)).StatusCode);
        using var db = app.OpenDb();
        var e = Assert.ThrowsAny<System.Data.Common.DbException>(() => db.Execute("UPDATE board_meetings SET frozen_json = '{}' WHERE id = @meeting", new { meeting }));
        Assert.Contains("frozen with it cannot be changed", e.Message);
        Assert.ThrowsAny<System.Data.Common.DbException>(() => db.Execute("UPDATE board_meetings SET held_at = NULL, frozen_json = NULL WHERE id = @meeting", new { meeting }));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => db.Execute("UPDATE board_meetings SET meeting_date = '2021-04-15' WHERE id = @meeting", new { meeting }));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => db.Execute("DELETE FROM board_meetings WHERE id = @meeting", new { meeting }));

        // Notes and reflections stay editable after the meeting is held, through the page (audited); the reflection is
        // the first member's, the one the form holds.
        var member = Member(db, "Ann Chief", cast.TrustA);
        var saved = await admin.PostFormAsync($"/Board/Meetings/{meeting}", new()
        {
            ["Input.Notes"] = "Written up after the meeting",
            ["Input.Reflections[0].Rating"] = "partly",
        }, "#meeting-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Written up after the meeting", db.ExecuteScalar<string>("SELECT notes FROM board_meetings WHERE id = @meeting", new { meeting }));
        Assert.Equal(member, db.ExecuteScalar<long>("SELECT member_id FROM meeting_reflections WHERE meeting_id = @meeting", new { meeting }));
        Assert.Equal(1L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'board_meeting' AND action = 'update'"));
    }

    [Fact]
    public async Task A_meeting_cannot_be_marked_held_before_its_date()
    {
        long future;
        using (var db = app.OpenDb()) future = Meeting(db, "2021-04-15", null);
        var admin = await cast.Admin();
        Assert.Contains("can be marked held on or after that day",
            (await admin.GetDocumentAsync($"/Board/Meetings/{future}/Hold")).Text("#hold-refusal"));
        var response = await admin.PostWithTokenAsync($"/Board/Meetings/{future}", $"/Board/Meetings/{future}/Hold", new());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("can be marked held on or after that day", (await response.ParseAsync()).Text("#form-errors"));
        using var check = app.OpenDb();
        Assert.Null(check.ExecuteScalar<string?>("SELECT frozen_json FROM board_meetings WHERE id = @future", new { future }));
    }

    [Fact]
    public async Task After_a_workshop_changes_the_pack_shows_the_frozen_value_the_current_value_and_marks_the_change()
    {
        var board = await cast.Board();
        var before = await board.GetDocumentAsync("/Board/Pack?month=2021-03");
        Assert.Contains("Not frozen", before.Text("#pack-frozen"));
        Assert.Equal("58.6%", before.Text("#figures-this-month tr[data-kind='process_time'] [data-figure='headline']"));

        Assert.Equal(HttpStatusCode.Redirect, (await HoldAsync(await cast.Admin())).StatusCode);
        var unchanged = await board.GetDocumentAsync("/Board/Pack?month=2021-03");
        Assert.Contains("Frozen at the meeting held on 15/03/2021", unchanged.Text("#pack-frozen"));
        Assert.Empty(unchanged.QuerySelectorAll(".figure-changed"));
        Assert.Null(unchanged.QuerySelector("#changed-note"));

        // A correction to KZ-A1 after the meeting (its result at report-out was really 300 minutes).
        using (var db = app.OpenDb())
            db.Execute("UPDATE measures SET result = 300, version = version + 1 WHERE id = @a1Measure", new { a1Measure });

        var pack = await board.GetDocumentAsync("/Board/Pack?month=2021-03");
        Assert.Contains("Frozen at the meeting held on 15/03/2021", pack.Text("#pack-frozen"));
        Assert.Contains("changed since the meeting on 15/03/2021", pack.Text("#changed-note"));

        var cell = pack.QuerySelector("#figures-this-month tr[data-kind='process_time'] [data-figure='headline'] .figure-changed")!;
        Assert.Equal("58.6%", cell.GetAttribute("data-frozen"));
        Assert.Equal("50.0%", cell.GetAttribute("data-current"));
        Assert.StartsWith("58.6% (now 50.0%)Δ", cell.TextContent.Trim());
        Assert.NotNull(cell.QuerySelector(".changed-marker"));
        Assert.Equal("6.8 hrs removed (now 5.8 hrs removed)Δ changed since the meeting",
            pack.Text("#figures-this-month tr[data-kind='process_time'] [data-figure='amount']"));

        // The headline sentence the board read, then the one now.
        var headline = pack.Text("[data-headline='this-month']");
        Assert.StartsWith("Process time (2 workshops) reduced by 59% = 7 hrs", headline);
        Assert.Contains("(now Process time (2 workshops) reduced by 50% = 6 hrs", headline);

        // Trust A changed (60% → 50%); Trust B did not, and is not marked.
        var trustA = pack.QuerySelector($"#pack-trust-table tr[data-trust='{cast.TrustA}'] [data-kind='process_time'][data-figure='cumulative'] .figure-changed")!;
        Assert.Equal(("60.0%", "50.0%"), (trustA.GetAttribute("data-frozen"), trustA.GetAttribute("data-current")));
        Assert.Empty(pack.QuerySelectorAll($"#pack-trust-table tr[data-trust='{cast.TrustB}'] .figure-changed"));
        // The counts that did not change are shown once, unmarked.
        Assert.Equal("2", pack.Text("#figures-this-month tr[data-kind='process_time'] [data-figure='n']"));

        // The stored record itself is untouched.
        using var check = app.OpenDb();
        var json = check.ExecuteScalar<string>("SELECT frozen_json FROM board_meetings WHERE id = @meeting", new { meeting })!;
        Assert.StartsWith("Process time (2 workshops) reduced by 59%",
            JsonDocument.Parse(json).RootElement.GetProperty("this_month").GetProperty("headline").GetString());
    }

    [Fact]
    public async Task The_pack_shows_each_trusts_context_and_the_trust_page_links_to_it()
    {
        var admin = await cast.Admin();
        var url = $"/Admin/TrustContext/Trust/{cast.TrustA}";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, new() { ["Rating.RatedOn"] = "2019-05-01", ["Rating.Rating"] = "requires_improvement" }, "#add-rating")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, new() { ["Rating.RatedOn"] = "2020-11-01", ["Rating.Rating"] = "good" }, "#add-rating")).StatusCode);
        // In post when records began (not a change), then two changes within three years of 20/03/2021.
        foreach (var (on, name) in new[] { ("2015-01-05", "Ann First"), ("2019-06-01", "Ben Second"), ("2020-09-01", "Cat Third") })
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, new() { ["Chief.StartedOn"] = on, ["Chief.Name"] = name }, "#add-chief")).StatusCode);
        var future = await admin.PostFormAsync(url, new() { ["Rating.RatedOn"] = "2022-01-01", ["Rating.Rating"] = "good" }, "#add-rating");
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        Assert.Contains("on or before today", (await future.ParseAsync()).FieldError("Rating.RatedOn"));

        var trustPage = await admin.GetDocumentAsync($"/Trusts/Details/{cast.TrustA}");
        Assert.Equal("Good (rated 01/11/2020)", trustPage.Text("#trust-context [data-figure='cqc']"));
        Assert.Equal("2 changes", trustPage.Text("#trust-context [data-figure='ceo-changes']"));

        var pack = await admin.GetDocumentAsync("/Board/Pack?month=2021-03");
        Assert.Equal("Good (rated 01/11/2020)", pack.Text($"#trust-{cast.TrustA} [data-figure='cqc']"));
        Assert.StartsWith("2 changes", pack.Text($"#trust-{cast.TrustA} [data-figure='ceo-changes']"));
        Assert.Equal("not recorded", pack.Text($"#trust-{cast.TrustB} [data-figure='cqc']"));
        // As at the end of 2019 the later rating did not exist yet.
        var older = await admin.GetDocumentAsync("/Board/Pack?month=2019-12");
        Assert.Equal("Requires improvement (rated 01/05/2019)", older.Text($"#trust-{cast.TrustA} [data-figure='cqc']"));

        var lead = await cast.LeadA();
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync(url)).StatusCode);
    }
}

public sealed class FreezeTestsOnSqlite(SharedKaizenApp shared) : FreezeTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class FreezeTestsOnPostgreSql() : FreezeTests(new KaizenApp(DatabaseEngine.PostgreSql));
