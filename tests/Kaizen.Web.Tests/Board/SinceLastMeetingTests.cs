using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Board.BoardSeed;

namespace Kaizen.Web.Tests.Board;

// "Since the last held meeting" on the board's page and the pack, and the month the pack opens on.
// The meeting of Monday 15 February 2021 was marked held that day; today is Saturday 20 March 2021. Worked out by hand:
//   Trust A (TRA)  KZ-A1  report-out 05/01/2021  process time 600 → 240 (60%); 30-day due 04/02 (overdue at the meeting,
//                         recorded 01/03 at 500: not sustained, 100 ≥ 0.5 × 360 fails); 60-day due 06/03 (overdue since)
//                  KZ-A2  report-out 20/01/2021  error count 20 → 10 (50%); 30-day due 19/02 (overdue since)
//   Trust B (TRB)  KZ-B0  report-out 10/01/2021  process time 100 → 50 (50%); 30-day due 09/02 (carried over); 60-day due 11/03 (since)
//                  KZ-B1  report-out 10/02/2021, logged after the meeting: process time 100 → 150 (got worse); 30-day due 12/03 (since)
//   Trust B's process time: 50.0% (n = 1) at the meeting, (200 − 200) ÷ 200 = 0.0% (n = 2) now: −50.0 points.
//   Trust A's figures are unchanged: it did not get worse.
//   Overdue now: A1 60, A2 30, B0 30, B0 60, B1 30 = 5; at the meeting A1 30 and B0 30; so 4 became overdue since, 1 carried over.
public abstract class SinceLastMeetingTests : IAsyncLifetime
{
    private readonly KaizenApp app;

    protected SinceLastMeetingTests(KaizenApp app) => this.app = app;
    private Cast cast = default!;
    private long meeting, vsB;

    public async Task InitializeAsync()
    {
        app.Time.Now = new DateTimeOffset(2021, 3, 20, 10, 0, 0, TimeSpan.Zero);
        cast = await app.CastAsync();
        using var db = app.OpenDb();
        (meeting, vsB) = await SinceScenario.SeedAsync(db, cast.TrustA, cast.TrustB);
    }

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public Task DisposeAsync()
    {
        if (app is not SharedKaizenApp) app.Dispose();
        return Task.CompletedTask;
    }

    static string Squash(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Trim();

    [Fact]
    public async Task The_boards_page_shows_the_trusts_that_got_worse_and_the_follow_ups_overdue_since_the_meeting_apart_from_those_carried_over()
    {
        var board = await cast.Board();
        var page = await board.GetDocumentAsync("/Board");

        Assert.Contains("meeting of 15/02/2021", Squash(page.Text("#since-intro")));
        Assert.Equal("Trusts that got worse since 15/02/2021: 1 trust", Squash(page.Text("#since-trusts-heading")));
        var worse = page.QuerySelectorAll("#since-trusts-worse li").Select(li => Squash(li.TextContent)).ToList();
        Assert.Equal(["Trust B (TRB): process time 50.0% (n = 1) → 0.0% (n = 2), −50.0 points; 1 workshop newly got worse"], worse);

        Assert.Equal("Follow-ups that became overdue since 15/02/2021: 4 follow-ups, in 4 workshops (1 follow-up carried over, overdue before the meeting)",
            Squash(page.Text("#since-new-overdue-heading")));
        var overdue = page.QuerySelectorAll("#since-new-overdue li").Select(li => Squash(li.TextContent)).ToList();
        Assert.Equal([
            "KZ-A2 Clinic letters (TRA): 30-day follow-up due 19/02/2021 (Letters with errors)",
            "KZ-A1 Outpatient booking (TRA): 60-day follow-up due 06/03/2021 (Referral to booking)",
            "KZ-B0 Theatre lists (TRB): 60-day follow-up due 11/03/2021 (List to theatre)",
            "KZ-B1 Theatre turnaround (TRB): 30-day follow-up due 12/03/2021 (Turnaround)",
        ], overdue);

        Assert.Equal("Workshops that newly got worse: 1 workshop, on 1 kind of measure", Squash(page.Text("#since-new-worse-heading")));
        Assert.StartsWith("KZ-B1 Theatre turnaround (TRB): process time", Squash(page.Text("#since-new-worse li")));
        Assert.Equal("Newly not sustained: 1 follow-up, in 1 workshop", Squash(page.Text("#since-new-not-sustained-heading")));
        Assert.StartsWith("KZ-A1 Outpatient booking (TRA): Referral to booking at 30 days", Squash(page.Text("#since-new-not-sustained li")));
        Assert.Equal("Value streams revised since 15/02/2021: 1 value stream (1 revision)", Squash(page.Text("#since-revised-heading")));

        // Each trust and kind: at the meeting, now, the difference.
        var b = page.QuerySelector($"#since-by-trust tr[data-trust='{cast.TrustB}']")!;
        Assert.Equal("50.0% (n = 1)", b.QuerySelector("[data-kind='process_time'][data-figure='then']")!.TextContent.Trim());
        Assert.Equal("0.0% (n = 2)", b.QuerySelector("[data-kind='process_time'][data-figure='now']")!.TextContent.Trim());
        Assert.Equal("−50.0 points", b.QuerySelector("[data-kind='process_time'][data-figure='difference']")!.TextContent.Trim());
        var a = page.QuerySelector($"#since-by-trust tr[data-trust='{cast.TrustA}']")!;
        Assert.Equal("no change", a.QuerySelector("[data-kind='error_count'][data-figure='difference']")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_pack_puts_the_same_comparison_first()
    {
        var board = await cast.Board();
        var pack = await board.GetDocumentAsync("/Board/Pack?month=2021-03");
        var first = pack.QuerySelector("#pack section")!;
        Assert.Equal("since-last", first.Id);
        Assert.Equal("Trusts that got worse since 15/02/2021: 1 trust", Squash(pack.Text("#since-trusts-heading")));
        Assert.Equal(4, pack.QuerySelectorAll("#since-new-overdue li").Length);
        // The appendix carries the lists in full.
        Assert.Equal(4, pack.QuerySelectorAll("#appendix-since-new-overdue li").Length);
        Assert.Equal(5, pack.QuerySelectorAll("#appendix-overdue li").Length);
    }

    [Fact]
    public async Task A_meeting_frozen_before_the_lists_were_kept_says_plainly_that_they_cannot_be_compared()
    {
        using (var db = app.OpenDb())
        {
            var old = Meeting(db, "2021-03-01", null);
            await FreezeAsync(db, old, new DateOnly(2021, 3, 1), "2021-03-01T17:00:00Z", asSchema1: true);
        }
        var page = await (await cast.Board()).GetDocumentAsync("/Board");
        Assert.Contains("meeting of 01/03/2021", Squash(page.Text("#since-intro")));
        Assert.Contains("cannot be compared", page.Text("#since-not-comparable"));
        Assert.Null(page.QuerySelector("#since-new-overdue-heading"));
        // The figures themselves are still compared, trust by trust.
        Assert.NotNull(page.QuerySelector("#since-by-trust"));
    }

    [Fact]
    public async Task With_no_month_the_pack_opens_on_the_next_meeting_not_yet_held_else_the_latest_month_with_report_outs()
    {
        var board = await cast.Board();
        // Only the held February meeting: the latest report-out is in February (KZ-B1, 10/02/2021).
        Assert.Equal("2021-02", (await board.GetDocumentAsync("/Board/Pack")).QuerySelector("#pack")!.GetAttribute("data-month"));

        using (var db = app.OpenDb()) Meeting(db, "2021-04-15", null);
        Assert.Equal("2021-04", (await board.GetDocumentAsync("/Board/Pack")).QuerySelector("#pack")!.GetAttribute("data-month"));
    }

    [Fact]
    public async Task An_empty_month_chosen_on_purpose_says_so_in_one_line_not_no_data_in_every_row()
    {
        var board = await cast.Board();
        var pack = await board.GetDocumentAsync("/Board/Pack?month=2021-03");
        Assert.StartsWith("No workshop was reported out in March 2021: the figures below are cumulative", Squash(pack.Text("#empty-month")));
        Assert.Null(pack.QuerySelector("#figures-this-month"));
        Assert.Empty(pack.QuerySelectorAll("[data-figure='this-month']"));
        Assert.Equal(["Cumulative (n)", "Cumulative (n)", "Cumulative (n)"],
            pack.QuerySelectorAll("#pack-trust-table thead tr:nth-child(2) th").Select(th => th.TextContent.Trim()).Take(3));

        var february = await board.GetDocumentAsync("/Board/Pack?month=2021-02");
        Assert.Null(february.QuerySelector("#empty-month"));
        Assert.NotNull(february.QuerySelector("#figures-this-month"));
    }

    // Trust A: KZ-A1's 30-day not sustained; overdue A1 60-day and A2 30-day. Trust B: KZ-B1 got worse; overdue B0 30,
    // B0 60 and B1 30. Nothing awaits data (every measure has its before and report-out values).
    [Theory]
    [InlineData("/Board/Pack?month=2021-03", "#pack-trust-table")]
    [InlineData("/Dashboard", "#rollup-by-trust")]
    public async Task Each_trusts_row_carries_its_got_worse_not_sustained_overdue_and_awaiting_counts_each_with_its_unit(string url, string table)
    {
        var page = await (await cast.Board()).GetDocumentAsync(url);
        var headings = page.QuerySelectorAll($"{table} thead tr:nth-child(2) th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["Got worse (workshops)", "Not sustained (follow-ups)", "Overdue (follow-ups)", "Awaiting data (workshops)"], headings.TakeLast(4));
        string[] Counts(long trust) => page.QuerySelectorAll($"{table} tbody tr[data-{(table == "#pack-trust-table" ? "trust" : "group")}='{trust}'] td[data-problem]")
            .Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["0", "1", "2", "0"], Counts(cast.TrustA));
        Assert.Equal(["1", "0", "3", "0"], Counts(cast.TrustB));
    }

    [Fact]
    public async Task Each_problem_count_names_its_unit_the_same_on_the_dashboard_and_the_pack()
    {
        var board = await cast.Board();
        var dashboard = await board.GetDocumentAsync("/Dashboard");
        // The tile shows the count, a line break, then its unit: read as one line.
        string Tile(AngleSharp.Dom.IDocument d, string key) =>
            Squash(string.Join(" ", d.QuerySelector($"#problems-summary [data-problem='{key}'] a")!.ChildNodes.Select(n => n.TextContent)));
        Assert.Equal("5 follow-ups overdue, in 4 workshops", Tile(dashboard, "overdue"));
        Assert.Equal("1 follow-up not sustained, in 1 workshop", Tile(dashboard, "not-sustained"));
        Assert.Equal("1 workshop figure (one per kind of measure) got worse, in 1 workshop", Tile(dashboard, "got-worse"));

        var pack = await board.GetDocumentAsync("/Board/Pack?month=2021-03");
        string Heading(string key) => Squash(pack.QuerySelector($"#pack-problems [data-problem='{key}'] h3")!.TextContent);
        Assert.Equal("5 follow-ups overdue, in 4 workshops", Heading("overdue"));
        Assert.Equal("1 follow-up not sustained, in 1 workshop", Heading("not-sustained"));
    }
}

public sealed class SinceLastMeetingTestsOnSqlite(SharedKaizenApp shared) : SinceLastMeetingTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class SinceLastMeetingTestsOnPostgreSql() : SinceLastMeetingTests(new KaizenApp(DatabaseEngine.PostgreSql));
