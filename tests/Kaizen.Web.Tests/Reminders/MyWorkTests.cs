using System.Net;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reminders;

// The signed-in home page: what an improvement lead or a board member has to see to.
public abstract class MyWorkTests : IDisposable
{
    protected readonly KaizenApp app;

    protected MyWorkTests(KaizenApp app) => this.app = app;

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    [Fact]
    public async Task A_lead_sees_their_overdue_and_coming_follow_ups_with_links_and_their_workshops_waiting_for_results()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        // Report-out 05/05/2021: 30 days overdue (04/06), 60 days on 04/07 (beyond the 14 days).
        var early = app.Workshop(vs, new DateOnly(2021, 5, 1), status: "completed", reference: "A-EARLY");
        var earlyMeasure = app.Measure(early, "process_time", 600, 300, name: "Wait for triage");
        // Report-out 24/05/2021: 30 days due on 23/06, inside the 14 days; no result yet, so it waits for results.
        var recent = app.Workshop(vs, new DateOnly(2021, 5, 20), reference: "A-RECENT");
        app.Measure(recent, "process_time", 600, null, name: "Wait for clinic");
        // Trust B's follow-ups are lead B's.
        app.Measure(app.Workshop(app.ValueStream(cast.TrustB), new DateOnly(2021, 5, 1), reference: "B-EARLY"), "process_time", 600, 300);

        var page = await (await cast.LeadA()).GetDocumentAsync("/");

        var rows = page.QuerySelectorAll("section[aria-labelledby='follow-ups-heading'] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("04/06/2021", rows[0]);
        Assert.Contains("Overdue", rows[0]);
        Assert.Contains("A-EARLY", rows[0]);
        Assert.Contains("23/06/2021", rows[1]);
        Assert.Contains("A-RECENT", rows[1]);
        Assert.NotNull(page.QuerySelector($"a[href='/Measures/FollowUps/{earlyMeasure}']"));
        Assert.DoesNotContain("B-EARLY", page.Body!.TextContent);
        var waiting = page.QuerySelector("section[aria-labelledby='waiting-heading']")!;
        Assert.NotNull(waiting.QuerySelector($"a[href='/Workshops/Details/{recent}']"));
        Assert.Null(waiting.QuerySelector($"a[href='/Workshops/Details/{early}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/Problems?trust={cast.TrustA}']"));
        Assert.NotNull(page.QuerySelector("main a[href='/Dashboard']"));
    }

    [Fact]
    public async Task A_follow_up_closed_as_wont_be_measured_is_not_on_the_list()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var measure = app.Measure(app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 5, 1), status: "completed", reference: "A-EARLY"),
            "process_time", 600, 300, name: "Wait for triage");
        using (var db = app.OpenDb())
            db.Execute("UPDATE measures SET f30_not_measured = 'The clinic closed' WHERE id = @measure", new { measure });

        var page = await (await cast.LeadA()).GetDocumentAsync("/");

        Assert.Empty(page.QuerySelectorAll("section[aria-labelledby='follow-ups-heading'] tbody tr"));
    }

    [Fact]
    public async Task A_lead_with_nothing_to_do_is_told_so()
    {
        var cast = await app.CastAsync();
        var page = await (await cast.LeadB()).GetDocumentAsync("/");
        Assert.Contains("Nothing overdue", page.Body!.TextContent);
        Assert.Contains("every workshop of yours that has reported out has its results", page.Body.TextContent);
    }

    protected static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    [Fact]
    public async Task A_board_member_sees_their_open_actions_and_the_pack_and_an_administrator_keeps_the_dashboard()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var board = app.Board(cast.TrustA);
        using (var db = app.OpenDb())
        {
            db.Execute("UPDATE board_members SET user_id = (SELECT id FROM users WHERE email = 'board@example.nhs.uk') WHERE id = @Member", board);
            db.Execute("""
                INSERT INTO board_actions (meeting_id, text, owner_member_id, due_on, status, done_on, created_at)
                VALUES (@Meeting, 'Already done', @Member, '2021-04-01', 'done', '2021-04-01', '2021-03-10T12:00:00Z')
                """, board);
        }

        var page = await (await cast.Board()).GetDocumentAsync("/");
        var actions = page.QuerySelector("section[aria-labelledby='actions-heading']")!.TextContent;
        Assert.Contains("Share the discharge lessons", actions);
        Assert.Contains("30/04/2021", actions);
        Assert.DoesNotContain("Already done", actions);
        Assert.NotNull(page.QuerySelector($"a[href='/Board/Meetings/{board.Meeting}']"));
        Assert.NotNull(page.QuerySelector("main a[href='/Board/Pack']"));

        var adminHome = await (await cast.Admin()).GetDocumentAsync("/");
        Assert.Null(adminHome.QuerySelector("section[aria-labelledby='actions-heading']"));
        Assert.Equal((await (await cast.Admin()).GetDocumentAsync("/Dashboard")).QuerySelector("main h1")?.TextContent, adminHome.QuerySelector("main h1")?.TextContent);
    }

    [Fact]
    public async Task A_board_members_home_shows_their_trusts_headline_and_what_changed_since_the_last_held_meeting()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var board = app.Board(cast.TrustA);
        var vsA = app.ValueStream(cast.TrustA);
        // Reported out 05/02/2021, before the meeting held on 10/03/2021: its 30-day follow-up (due 07/03) was already
        // overdue then; its 60 and 90-day ones (06/04, 06/05) fell overdue since.
        app.Measure(app.Workshop(vsA, new DateOnly(2021, 2, 1), status: "completed", reference: "A-BEFORE"), "process_time", 600, 300);
        // Reported out 16/04/2021, since the meeting, and got worse; its 30-day follow-up (16/05) fell overdue since.
        app.Measure(app.Workshop(vsA, new DateOnly(2021, 4, 12), status: "completed", reference: "A-SINCE"), "process_time", 600, 900);
        // Another trust's workshop is not this member's.
        app.Measure(app.Workshop(app.ValueStream(cast.TrustB), new DateOnly(2021, 4, 12), status: "completed", reference: "B-SINCE"), "process_time", 600, 900);
        using (var db = app.OpenDb())
        {
            db.Execute("UPDATE board_members SET user_id = (SELECT id FROM users WHERE email = 'board@example.nhs.uk') WHERE id = @Member", board);
            // Held and frozen on its day, as the Hold page does: "since" compares with these figures.
            await Kaizen.Web.Tests.Board.BoardSeed.FreezeAsync(db, board.Meeting, new DateOnly(2021, 3, 10), "2021-03-10T17:00:00Z");
        }
        // Reported out 05/03/2021, before the meeting, but logged after it was held: it got worse, and the board has not
        // seen it, so it is new since the meeting (as on the board's page and in the pack), and so are its three
        // follow-ups (due 04/04, 04/05, 03/06), all overdue now. Worst first, as on the Problems page.
        app.Measure(app.Workshop(vsA, new DateOnly(2021, 3, 1), status: "completed", reference: "A-LATE"), "process_time", 600, 700);

        var page = await (await cast.Board()).GetDocumentAsync("/");

        Assert.Contains("Trust A", page.GetElementById("headline-heading")!.TextContent);
        // The dashboard's own figures for the trust: its three workshops, pooled (600 + 600 + 600 − 300 − 900 − 700) / 1800 = −11.1%.
        var dashboard = await (await cast.Admin()).GetDocumentAsync($"/Dashboard?trust={cast.TrustA}");
        string Figure(AngleSharp.Dom.IDocument d, string id, string figure) =>
            d.QuerySelector($"#{id} tr[data-kind='process_time'] [data-figure='{figure}']")!.TextContent.Trim();
        Assert.Equal("3", Figure(page, "my-rollup", "n"));
        Assert.Equal(dashboard.QuerySelector("table.rollup-table tr[data-kind='process_time'] [data-figure='headline']")!.TextContent.Trim(),
            Figure(page, "my-rollup", "headline"));
        Assert.Contains("10/03/2021", page.GetElementById("since-heading")!.TextContent);
        var since = page.GetElementById("since-last-meeting")!;
        Assert.Equal("1 workshop reported out: A-SINCE", Squash(since.QuerySelector("[data-since='report-outs']")!.TextContent));
        Assert.Equal("6 follow-ups fell overdue", Squash(since.QuerySelector("[data-since='overdue']")!.TextContent));
        Assert.Equal("2 workshops newly got worse: A-SINCE, A-LATE", Squash(since.QuerySelector("[data-since='worse']")!.TextContent));
        Assert.Contains("Share the discharge lessons", page.QuerySelector("section[aria-labelledby='actions-heading']")!.TextContent);
    }

    [Fact]
    public async Task A_board_members_actions_follow_the_user_an_administrator_links_not_a_matching_name()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var board = app.Board(cast.TrustA);
        var boardUser = app.Scalar<long>("SELECT id FROM users WHERE email = 'board@example.nhs.uk'");
        // The same name is no longer enough: an unlinked member's actions are nobody's.
        using (var db = app.OpenDb())
            db.Execute("UPDATE users SET display_name = 'Chris Chief' WHERE id = @boardUser", new { boardUser });
        string Actions(AngleSharp.Dom.IDocument page) => page.QuerySelector("section[aria-labelledby='actions-heading']")!.TextContent;
        Assert.DoesNotContain("Share the discharge lessons", Actions(await (await cast.Board()).GetDocumentAsync("/")));

        var admin = await cast.Admin();
        var form = await admin.GetDocumentAsync($"/Board/Members/Edit/{board.Member}");
        Assert.NotNull(form.QuerySelector($"select[name='Input.UserId'] option[value='{boardUser}']"));
        // Only a user with the board role can be linked.
        var leadA = app.Scalar<long>("SELECT id FROM users WHERE email = 'lead.a@example.nhs.uk'");
        var refused = await admin.PostFormAsync($"/Board/Members/Edit/{board.Member}", new() { ["Input.UserId"] = leadA.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("board member role", (await refused.ParseAsync()).FieldError("Input.UserId"));

        var linked = await admin.PostFormAsync($"/Board/Members/Edit/{board.Member}", new() { ["Input.UserId"] = boardUser.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal(boardUser, app.Scalar<long?>("SELECT user_id FROM board_members WHERE id = @Member", board));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'board_member' AND action = 'update' AND after_json LIKE '%\"user_id\":' || @boardUser || '%'", new { boardUser }));

        // Linked, the actions are theirs whatever either name says.
        using (var db = app.OpenDb())
            db.Execute("UPDATE users SET display_name = 'C. Chief (chair)' WHERE id = @boardUser", new { boardUser });
        Assert.Contains("Share the discharge lessons", Actions(await (await cast.Board()).GetDocumentAsync("/")));

        // A user is one board member: a second member cannot take the same user.
        var second = await admin.PostFormAsync("/Board/Members/Create", new()
        {
            ["Input.Name"] = "Dana Deputy", ["Input.TrustId"] = cast.TrustA.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Role"] = "other", ["Input.ActiveFrom"] = "2021-01-01", ["Input.UserId"] = boardUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Contains("already linked to the board member Chris Chief", (await second.ParseAsync()).FieldError("Input.UserId"));
    }
}

public sealed class MyWorkTestsOnSqlite(SharedKaizenApp shared) : MyWorkTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class MyWorkTestsOnPostgreSql() : MyWorkTests(new KaizenApp(DatabaseEngine.PostgreSql));
