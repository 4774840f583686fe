using Kaizen.Web.Data;
using AngleSharp.Dom;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Reports.ReportSeed;

namespace Kaizen.Web.Tests.Reports;

// A small programme whose figures were worked out BY HAND (arithmetic in the comments), then looked for in the HTML.
// Today is fixed at Sunday 15 June 2025.
//
// Trust A (TRA)
//   VS1 Outpatients (active; targets: process time 50%, error count 50%, error rate 30%)
//     W1 KZ-01 report-out 07/03/2025, completed
//        M1  process time  600 → 240 min, target 300, 30-day 300
//        M2  error count   20 errors over 10 days → 6 over 5 days: scaled to the 10-day window 6 × 10/5 = 12; target 10
//        M3  error rate    10/100 → 4/100
//        M4  error rate    30/200 → 6/200      W1's rate pools M3+M4: 40/300 → 10/300, reduction 1 − (10/300)/(40/300) = 0.75
//     W2 KZ-02 report-out 11/04/2025, completed
//        M5  process time  120 → 180 min      GOT WORSE: (120 − 180)/120 = −0.5
//        M6  error count   10 over 7 days → 8 over 7 days: 0.2
//   VS2 Discharge (active, no targets)
//     W3 KZ-03 report-out 02/05/2025, completed
//        M7  process time  300 → 150 min: 0.5
//        M8  error rate    6/50 (0.12) → 4/100 (0.04): 1 − 0.04/0.12 = 0.666667
//     W4 KZ-04 report-out 06/06/2025, still PLANNED (report-out passed)
//        M9  process time  baseline 90, no result → AWAITING "result at report-out"
//   VS5 Radiology (active, no workshop ever) → no workshop in 90 days
//   VS6 Retired stream (retired, no workshops) → not listed: it is not active
// Trust B (TRB)
//   VS3 Theatres (active; target process time 40%)
//     W5 KZ-05 report-out 14/02/2025, completed
//        M10 process time  1440 → 960 min (1/3), target 1000; 30-day 900, 60-day 1100, 90-day 1300
//        M11 error count   30 over 14 days → 15 over 14 days (0.5); target 20; 30-day 14 over 14 days
//        M12 error rate    20/100 → 10/100 (0.5); 30-day 19/100
//     W7 KZ-07 report-out 16/05/2025, CANCELLED (measure baseline 100, no result) → left out entirely
//     W8 KZ-08 report-out 04/07/2025, planned, in the future (baseline 50, no result) → left out entirely
//   VS4 Pharmacy (active)
//     W6 KZ-06 report-out 10/01/2025, completed
//        M13 process time  60 → 45 min (0.25); 30-day 58
// VS1 was revised on 03/06/2025 (this month); VS2 on 20/05/2025 (last month).
public abstract class DashboardFiguresTests(KaizenApp app) : IAsyncLifetime
{
    private Cast cast = default!;
    private HttpClient board = default!;
    private long vs1, vs2, vs3, vs4, vs5, vs6, w1, w2, w3, w4, w5, w6, w7, w8, m9, m10, m12, m13;

    public async Task InitializeAsync()
    {
        app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        cast = await app.CastAsync();
        using (var db = app.OpenDb())
        {
            vs1 = ValueStream(db, cast.TrustA, "Outpatients", targetProcessTime: 0.5, targetErrorCount: 0.5, targetErrorRate: 0.3);
            vs2 = ValueStream(db, cast.TrustA, "Discharge");
            vs5 = ValueStream(db, cast.TrustA, "Radiology");
            vs6 = ValueStream(db, cast.TrustA, "Retired stream", status: "retired");
            vs3 = ValueStream(db, cast.TrustB, "Theatres", targetProcessTime: 0.4);
            vs4 = ValueStream(db, cast.TrustB, "Pharmacy");

            w1 = Workshop(db, vs1, "KZ-01", "Outpatient booking", "2025-03-07");
            Measure(db, w1, "process_time", "Referral to appointment", 600, target: 300, result: 240, f30: 300);
            Measure(db, w1, "error_count", "Booking errors", 20, baselineDen: 10, target: 10, result: 6, resultDen: 5);
            Measure(db, w1, "error_rate", "Letter errors", 10, baselineDen: 100, result: 4, resultDen: 100);
            Measure(db, w1, "error_rate", "Coding errors", 30, baselineDen: 200, result: 6, resultDen: 200);

            w2 = Workshop(db, vs1, "KZ-02", "Clinic check-in", "2025-04-11");
            Measure(db, w2, "process_time", "Check-in to seen", 120, result: 180);
            Measure(db, w2, "error_count", "Missing notes", 10, baselineDen: 7, result: 8, resultDen: 7);

            w3 = Workshop(db, vs2, "KZ-03", "Discharge letters", "2025-05-02");
            Measure(db, w3, "process_time", "Decision to discharge", 300, result: 150);
            Measure(db, w3, "error_rate", "Medication errors", 6, baselineDen: 50, result: 4, resultDen: 100);

            w4 = Workshop(db, vs2, "KZ-04", "Transport booking", "2025-06-06", status: "planned");
            m9 = Measure(db, w4, "process_time", "Request to pick-up", 90);

            w5 = Workshop(db, vs3, "KZ-05", "Theatre turnaround", "2025-02-14");
            m10 = Measure(db, w5, "process_time", "Turnaround", 1440, target: 1000, result: 960, f30: 900, f60: 1100, f90: 1300);
            Measure(db, w5, "error_count", "Kit errors", 30, baselineDen: 14, target: 20, result: 15, resultDen: 14, f30: 14, f30Den: 14);
            m12 = Measure(db, w5, "error_rate", "Checklist misses", 20, baselineDen: 100, result: 10, resultDen: 100, f30: 19, f30Den: 100);

            w7 = Workshop(db, vs3, "KZ-07", "Cancelled one", "2025-05-16", status: "cancelled", reason: "Staff shortage");
            Measure(db, w7, "process_time", "Never measured", 100);
            w8 = Workshop(db, vs3, "KZ-08", "Future one", "2025-07-04", status: "planned");
            Measure(db, w8, "process_time", "Not yet", 50);

            w6 = Workshop(db, vs4, "KZ-06", "Dispensing", "2025-01-10");
            m13 = Measure(db, w6, "process_time", "Prescription to dispensed", 60, result: 45, f30: 58);

            Revision(db, vs1, "2025-06-03T10:00:00Z", "Target raised after report-out");
            Revision(db, vs2, "2025-05-20T10:00:00Z", "Scope narrowed");
        }
        board = await cast.Board();
    }

    public Task DisposeAsync()
    {
        if (app is not SharedKaizenApp) app.Dispose();
        return Task.CompletedTask;
    }

    // Programme at report-out (W1..W6; W7 cancelled and W8 in the future are out):
    //   Process time: counted M1, M5, M7, M10, M13 (M9 awaiting).
    //     ΣB = 600 + 120 + 300 + 1440 + 60 = 2520; ΣA = 240 + 180 + 150 + 960 + 45 = 1575
    //     pooled = (2520 − 1575)/2520 = 945/2520 = 0.375 → 37.5% (headline 38%); 945 min = 15.75 h → 15.8 hrs (headline 16 hrs)
    //     per workshop: W1 360/600 = 0.6, W2 −0.5, W3 0.5, W5 480/1440 = 0.3333, W6 15/60 = 0.25
    //     mean = (0.6 − 0.5 + 0.5 + 0.3333 + 0.25)/5 = 1.18333/5 = 0.23667 → 23.7%; median of −0.5, 0.25, 0.3333, 0.5, 0.6 = 33.3%
    //     improved 4, same 0, worse 1 (W2); n = 5; awaiting 1 (M9)
    //   Error count: M2 20 → 12 (scaled), M6 10 → 8, M11 30 → 15. ΣB = 60, ΣA = 35: 25/60 = 0.41667 → 41.7% (42%), 25 avoided
    //     per workshop 0.4, 0.2, 0.5: mean 1.1/3 = 0.36667 → 36.7%; median 40.0%; improved 3; n = 3
    //   Error rate: W1 0.75, W3 0.66667, W5 0.5: mean 1.91667/3 = 0.63889 → 63.9% (64%); median 66.7%; n = 3
    //     pooled before (10 + 30 + 6 + 20)/(100 + 200 + 50 + 100) = 66/450 = 14.7%; after (4 + 6 + 4 + 10)/(100 + 200 + 100 + 100) = 24/500 = 4.8%
    public const string ProgrammeHeadline =
        "Process time (5 workshops) reduced by 38% = 16 hrs; Total errors (3 workshops) 42%; Error rate (3 workshops) 64%";

    // Trust A (W1..W4):
    //   Process time: ΣB = 600 + 120 + 300 = 1020, ΣA = 240 + 180 + 150 = 570: 450/1020 = 0.44118 → 44.1% (44%); 450 min = 7.5 h (8 hrs)
    //     mean (0.6 − 0.5 + 0.5)/3 = 0.2 → 20.0%; median of −0.5, 0.5, 0.6 = 50.0%; improved 2, worse 1; n = 3; awaiting 1
    //   Error count: ΣB = 20 + 10 = 30, ΣA = 12 + 8 = 20: 10/30 → 33.3% (33%); 10 avoided; mean (0.4 + 0.2)/2 = 30.0%; n = 2
    //   Error rate: W1 0.75, W3 0.66667: mean 0.70833 → 70.8% (71%); pooled 46/350 = 13.1% → 14/400 = 3.5%; n = 2
    public const string TrustAHeadline =
        "Process time (3 workshops) reduced by 44% = 8 hrs; Total errors (2 workshops) 33%; Error rate (2 workshops) 71%";

    // Trust B (W5, W6): process time ΣB = 1440 + 60 = 1500, ΣA = 960 + 45 = 1005: 495/1500 = 33.0%; 495 min = 8.25 h (8 hrs)
    //   error count 30 → 15: 50%; error rate 0.2 → 0.1: 50%
    public const string TrustBHeadline =
        "Process time (2 workshops) reduced by 33% = 8 hrs; Total errors (1 workshop) 50%; Error rate (1 workshop) 50%";

    [Fact]
    public async Task The_dashboard_shows_the_programme_figures_worked_out_by_hand()
    {
        var page = await board.GetDocumentAsync("/Dashboard");

        Assert.Equal(ProgrammeHeadline, Text(page, "#headline"));
        Assert.Contains("How these figures are calculated", page.QuerySelector("#headline")!.ParentElement!.TextContent);

        var table = page.QuerySelector("#rollup-programme")!;
        AssertRow(table, "process_time", headline: "37.5%", amount: "15.8 hrs removed", n: "5", mean: "23.7%", median: "33.3%",
            improved: "4", same: "0", worse: "1", awaiting: "1");
        AssertRow(table, "error_count", headline: "41.7%", amount: "25.0 errors avoided", n: "3", mean: "36.7%", median: "40.0%",
            improved: "3", same: "0", worse: "0", awaiting: "0");
        Assert.Contains("(scaled)", Cell(table, "error_count", "amount"));
        AssertRow(table, "error_rate", headline: "63.9%", amount: "14.7% → 4.8%", n: "3", mean: "63.9%", median: "66.7%",
            improved: "3", same: "0", worse: "0", awaiting: "0");

        // By trust, beside the pooled row.
        var byTrust = page.QuerySelector("#rollup-by-trust")!;
        Assert.Equal("37.5%", GroupCell(byTrust, "pooled", "process_time", "headline"));
        Assert.Equal("44.1%", GroupCell(byTrust, cast.TrustA.ToString(), "process_time", "headline"));
        Assert.Equal("3", GroupCell(byTrust, cast.TrustA.ToString(), "process_time", "n"));
        Assert.Equal("1", GroupCell(byTrust, cast.TrustA.ToString(), "process_time", "worse"));
        Assert.Equal("33.0%", GroupCell(byTrust, cast.TrustB.ToString(), "process_time", "headline"));
        Assert.Equal("2", GroupCell(byTrust, cast.TrustB.ToString(), "process_time", "n"));
        Assert.Equal("70.8%", GroupCell(byTrust, cast.TrustA.ToString(), "error_rate", "headline"));

        // By value stream: Outpatients (W1, W2) process time ΣB 720, ΣA 420: 300/720 = 41.7%, n = 2.
        var byVs = page.QuerySelector("#rollup-by-value-stream")!;
        Assert.Equal("41.7%", GroupCell(byVs, vs1.ToString(), "process_time", "headline"));
        Assert.Equal("2", GroupCell(byVs, vs1.ToString(), "process_time", "n"));
        Assert.Null(byVs.QuerySelector($"tr[data-group='{vs5}']")); // no workshops in view

        // Sustainment (see SustainmentCounts below for the arithmetic).
        AssertSustainment(page, 30, sustained: 1, partly: 1, not: 1, notMeasured: 2, notDue: 1);
        AssertSustainment(page, 60, sustained: 1, partly: 0, not: 0, notMeasured: 3, notDue: 2);
        AssertSustainment(page, 90, sustained: 0, partly: 0, not: 1, notMeasured: 2, notDue: 3);

        // Workshops per month, January to June 2025: one in each month (W6, W5, W1, W2, W3, W4).
        var months = page.QuerySelectorAll("#chart-workshops-per-month-table tbody tr").Select(r => r.Children[0].TextContent + "=" + r.Children[1].TextContent).ToList();
        Assert.Equal(["Jan 2025=1", "Feb 2025=1", "Mar 2025=1", "Apr 2025=1", "May 2025=1", "Jun 2025=1"], months);

        // Problem counts, linking to /Problems with the same filters.
        Assert.Equal("1", Text(page, "[data-problem='got-worse'] .count"));
        Assert.Equal("3", Text(page, "[data-problem='not-sustained'] .count"));
        Assert.Equal("10", Text(page, "[data-problem='overdue'] .count"));
        Assert.Equal("1", Text(page, "[data-problem='awaiting'] .count"));
        Assert.Equal("3", Text(page, "[data-problem='quiet'] .count"));
        Assert.Equal("1", Text(page, "[data-problem='revised'] .count"));
        Assert.Equal("/Problems#got-worse", page.QuerySelector("[data-problem='got-worse'] a")!.GetAttribute("href"));

        // The chart data is in a JSON block for /js/charts.js, and the scripts are external files.
        Assert.NotNull(page.QuerySelector("script[type='application/json'][data-chart='reductions'][data-canvas='chart-reduction-by-trust']"));
        Assert.NotNull(page.QuerySelector("script[type='application/json'][data-chart='xmr']"));
        Assert.All(page.QuerySelectorAll("script:not([type='application/json'])"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), "inline script"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task The_dashboard_page_shows_the_programme_and_a_board_members_home_links_to_it()
    {
        // A board member's home is "My work" (Reminders/MyWorkTests); the programme dashboard is one click away.
        Assert.NotNull((await board.GetDocumentAsync("/")).QuerySelector("main a[href='/Dashboard']"));
        var page = await board.GetDocumentAsync("/Dashboard");
        Assert.Equal(ProgrammeHeadline, Text(page, "#headline"));
        Assert.Equal("37.5%", Cell(page.QuerySelector("#rollup-programme")!, "process_time", "headline"));
    }

    [Fact]
    public async Task A_trust_filter_shows_that_trusts_figures()
    {
        var page = await board.GetDocumentAsync($"/Dashboard?trust={cast.TrustA}");

        Assert.Equal(TrustAHeadline, Text(page, "#headline"));
        var table = page.QuerySelector("#rollup-programme")!;
        AssertRow(table, "process_time", headline: "44.1%", amount: "7.5 hrs removed", n: "3", mean: "20.0%", median: "50.0%",
            improved: "2", same: "0", worse: "1", awaiting: "1");
        AssertRow(table, "error_count", headline: "33.3%", amount: "10.0 errors avoided", n: "2", mean: "30.0%", median: "30.0%",
            improved: "2", same: "0", worse: "0", awaiting: "0");
        AssertRow(table, "error_rate", headline: "70.8%", amount: "13.1% → 3.5%", n: "2", mean: "70.8%", median: "70.8%",
            improved: "2", same: "0", worse: "0", awaiting: "0");
        // The filter form keeps the choice, and the problem links carry it.
        Assert.Equal(cast.TrustA.ToString(), page.QuerySelector("#filter-trust option[selected]")!.GetAttribute("value"));
        Assert.Equal($"/Problems?trust={cast.TrustA}#got-worse", page.QuerySelector("[data-problem='got-worse'] a")!.GetAttribute("href"));

        var b = await board.GetDocumentAsync($"/Dashboard?trust={cast.TrustB}");
        Assert.Equal(TrustBHeadline, Text(b, "#headline"));
        Assert.Equal("8.3 hrs removed", Cell(b.QuerySelector("#rollup-programme")!, "process_time", "amount"));
    }

    [Fact]
    public async Task The_trust_page_shows_the_trusts_roll_up_targets_and_workshops()
    {
        var page = await board.GetDocumentAsync($"/Trusts/Details/{cast.TrustA}");

        Assert.Equal(TrustAHeadline, Text(page, "#headline"));
        var table = page.QuerySelector("#rollup-trust")!;
        AssertRow(table, "process_time", headline: "44.1%", amount: "7.5 hrs removed", n: "3", mean: "20.0%", median: "50.0%",
            improved: "2", same: "0", worse: "1", awaiting: "1");
        AssertRow(table, "error_rate", headline: "70.8%", amount: "13.1% → 3.5%", n: "2", mean: "70.8%", median: "70.8%",
            improved: "2", same: "0", worse: "0", awaiting: "0");

        // Targets against achieved. Outpatients: process time (600 + 120 − 240 − 180)/(600 + 120) = 300/720 = 41.7% < 50% target;
        // error count (20 + 10 − 12 − 8)/30 = 33.3% < 50%; error rate W1 alone 75.0% ≥ 30%.
        var targets = page.QuerySelector("#value-stream-targets")!;
        var outpatients = targets.QuerySelector($"tr[data-value-stream='{vs1}']")!;
        Assert.Equal("50.0%", Text(outpatients, "[data-kind='process_time'][data-figure='target']"));
        Assert.Equal("41.7% (n = 2) · target not met", Squash(Text(outpatients, "[data-kind='process_time'][data-figure='achieved']")));
        Assert.Equal("33.3% (n = 2) · target not met", Squash(Text(outpatients, "[data-kind='error_count'][data-figure='achieved']")));
        Assert.Equal("30.0%", Text(outpatients, "[data-kind='error_rate'][data-figure='target']"));
        Assert.Equal("75.0% (n = 1) · target met", Squash(Text(outpatients, "[data-kind='error_rate'][data-figure='achieved']")));
        Assert.Equal($"/ValueStreams/Details/{vs1}", outpatients.QuerySelector("a")!.GetAttribute("href"));
        var discharge = targets.QuerySelector($"tr[data-value-stream='{vs2}']")!;
        Assert.Equal("not set", Text(discharge, "[data-kind='process_time'][data-figure='target']"));
        Assert.Equal("50.0% (n = 1)", Squash(Text(discharge, "[data-kind='process_time'][data-figure='achieved']")));
        Assert.NotNull(targets.QuerySelector($"tr[data-value-stream='{vs5}']"));
        Assert.Null(targets.QuerySelector($"tr[data-value-stream='{vs3}']")); // trust B's

        // Workshops, each linked to its page; W2's process time got worse: −50.0%.
        var workshops = page.QuerySelector("#trust-workshops")!;
        Assert.Equal([$"{w4}", $"{w3}", $"{w2}", $"{w1}"], workshops.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-workshop")!).ToArray());
        Assert.Equal($"/Workshops/Details/{w1}", workshops.QuerySelector($"tr[data-workshop='{w1}'] a")!.GetAttribute("href"));
        Assert.Contains("-50.0% worse", workshops.QuerySelector($"tr[data-workshop='{w2}']")!.TextContent);

        // Per value stream beside the trust's pooled figure.
        var byVs = page.QuerySelector("#rollup-by-value-stream")!;
        Assert.Equal("44.1%", GroupCell(byVs, "pooled", "process_time", "headline"));
        Assert.Equal("41.7%", GroupCell(byVs, vs1.ToString(), "process_time", "headline"));

        // Trust B's page lists its cancelled workshop, with the reason, in its workshop list (not in the figures).
        var b = await board.GetDocumentAsync($"/Trusts/Details/{cast.TrustB}");
        Assert.Equal(TrustBHeadline, Text(b, "#headline"));
        Assert.Contains("Cancelled: Staff shortage", Squash(b.QuerySelector($"#trust-workshops tr[data-workshop='{w7}']")!.TextContent));

        var list = await board.GetDocumentAsync("/Trusts");
        Assert.Equal($"/Trusts/Details/{cast.TrustA}", list.QuerySelector($"#trusts tr[data-trust='{cast.TrustA}'] a")!.GetAttribute("href"));
        Assert.Equal("44.1%", GroupCell(list.QuerySelector("#rollup-by-trust")!, cast.TrustA.ToString(), "process_time", "headline"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await board.GetAsync("/Trusts/Details/999")).StatusCode);
    }

    [Fact]
    public async Task Date_and_checkpoint_filters_in_the_query_string_change_the_figures()
    {
        // From 01/03/2025 leaves W1..W4: exactly trust A's workshops, so trust A's figures.
        var from = await board.GetDocumentAsync("/Dashboard?from=2025-03-01");
        Assert.Equal(TrustAHeadline, Text(from, "#headline"));
        Assert.Equal("2025-03-01", from.QuerySelector("#filter-from")!.GetAttribute("value"));

        // Up to 28/02/2025 leaves W5 and W6: trust B's.
        var to = await board.GetDocumentAsync("/Dashboard?to=28/02/2025");
        Assert.Equal(TrustBHeadline, Text(to, "#headline"));

        // Latest reading: M1 → 30-day 300, M10 → 90-day 1300, M13 → 30-day 58; the others their result.
        //   process time ΣA = 300 + 180 + 150 + 1300 + 58 = 1988: (2520 − 1988)/2520 = 532/2520 = 21.1% (21%); 532 min = 8.87 h (9 hrs)
        //   error count M11 → 30-day 14: ΣA = 12 + 8 + 14 = 34: 26/60 = 43.3% (43%)
        //   error rate W5 → 30-day 19/100: 1 − 0.19/0.2 = 0.05; mean (0.75 + 0.66667 + 0.05)/3 = 0.48889 (49%)
        var latest = await board.GetDocumentAsync("/Dashboard?checkpoint=latest");
        Assert.Equal("Process time (5 workshops) reduced by 21% = 9 hrs; Total errors (3 workshops) 43%; Error rate (3 workshops) 49%", Text(latest, "#headline"));
        Assert.Equal("21.1%", Cell(latest.QuerySelector("#rollup-programme")!, "process_time", "headline"));

        // At 30 days only W1, W2, W3, W5, W6 are due (W4's is due 06/07/2025). Counted: M1 600 → 300, M10 1440 → 900, M13 60 → 58;
        //   ΣB = 2100, ΣA = 1258: 842/2100 = 40.1% (40%); 842 min = 14.03 h (14 hrs). M5, M7 are awaiting their 30-day value.
        var day30 = await board.GetDocumentAsync("/Dashboard?checkpoint=30");
        Assert.StartsWith("Process time (3 workshops) reduced by 40% = 14 hrs;", Text(day30, "#headline"));
        Assert.Equal("2", Cell(day30.QuerySelector("#rollup-programme")!, "process_time", "awaiting"));
        Assert.Contains("1 workshop is not yet due", Text(day30, "#not-yet-due"));

        // Nothing matches: said plainly.
        var none = await board.GetDocumentAsync("/Dashboard?from=2030-01-01");
        Assert.Equal("No workshops match these filters yet.", Text(none, "#no-workshops"));
        Assert.Equal("Process time (0 workshops) no data; Total errors (0 workshops) no data; Error rate (0 workshops) no data", Text(none, "#headline"));

        // A value that cannot be read is ignored and said so, with a 400: the page still shows.
        var refused = await board.GetAsync("/Dashboard?from=yesterday&checkpoint=45");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var bad = await refused.ParseAsync();
        Assert.Equal(ProgrammeHeadline, Text(bad, "#headline"));
        Assert.Contains("\"yesterday\" was not understood", bad.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task The_problems_page_lists_what_got_worse_is_missing_is_overdue_and_has_gone_quiet()
    {
        var page = await board.GetDocumentAsync("/Problems");

        // Got worse: W2 process time (120 − 180)/120 = −50.0%.
        var worse = page.QuerySelectorAll("#got-worse tbody tr").ToList();
        Assert.Single(worse);
        Assert.Equal($"{w2}", worse[0].GetAttribute("data-workshop"));
        Assert.Equal("process_time", worse[0].GetAttribute("data-kind"));
        Assert.Contains("-50.0% worse", worse[0].TextContent);
        Assert.Equal($"/Workshops/Details/{w2}", worse[0].QuerySelector("a")!.GetAttribute("href"));

        // Awaiting: M9 of the still-planned W4, whose report-out (06/06/2025) has passed. The cancelled W7 and the future W8 are not listed.
        var awaiting = page.QuerySelectorAll("#awaiting tbody tr").ToList();
        Assert.Single(awaiting);
        Assert.Equal($"{m9}", awaiting[0].GetAttribute("data-measure"));
        Assert.Contains("result at report-out", awaiting[0].TextContent);

        // Overdue: W1's 60-day follow-up was due 07/03/2025 + 60 days = 06/05/2025 and none of its four measures has a value.
        var overdue = page.QuerySelector($"#overdue tr[data-workshop='{w1}'][data-days='60']")!;
        Assert.Contains("06/05/2025", overdue.TextContent);
        Assert.Contains("Referral to appointment, Booking errors, Letter errors, Coding errors", overdue.TextContent);
        // W1's 30-day: M1 has its value, so only the other three are listed.
        Assert.Contains("Booking errors, Letter errors, Coding errors", page.QuerySelector($"#overdue tr[data-workshop='{w1}'][data-days='30']")!.TextContent);
        Assert.DoesNotContain("Referral", page.QuerySelector($"#overdue tr[data-workshop='{w1}'][data-days='30']")!.TextContent);
        // Overdue rows: W1 30/60/90, W2 30/60, W3 30, W5 60/90, W6 60/90 = 10; W4's first is due 06/07/2025.
        Assert.Equal(10, page.QuerySelectorAll("#overdue tbody tr").Length);
        Assert.Null(page.QuerySelector($"#overdue tr[data-workshop='{w4}']"));

        // Not sustained: M10 at 90 days (1440 − 1300 = 140 < ½ × 480 and 1300 > target 1000);
        // M12 at 30 days (0.2 − 0.19 = 0.01 < ½ × 0.1); M13 at 30 days (60 − 58 = 2 < ½ × 15).
        var notSustained = page.QuerySelectorAll("#not-sustained tbody tr").Select(r => r.GetAttribute("data-measure")! + "@" + r.GetAttribute("data-days")).ToList();
        Assert.Equal([$"{m13}@30", $"{m10}@90", $"{m12}@30"], notSustained);

        // No workshop in 90 days (before 17/03/2025): Pharmacy (10/01/2025), Theatres (14/02/2025; W7 was cancelled), Radiology (none).
        var quiet = page.QuerySelectorAll("#quiet tbody tr").Select(r => r.GetAttribute("data-value-stream")!).ToList();
        Assert.Equal([$"{vs5}", $"{vs4}", $"{vs3}"], quiet);
        Assert.Contains("No workshop yet", page.QuerySelector($"#quiet tr[data-value-stream='{vs5}']")!.TextContent);
        Assert.Contains("04/07/2025", page.QuerySelector($"#quiet tr[data-value-stream='{vs3}']")!.TextContent);
        Assert.Equal($"/ValueStreams/Details/{vs4}", page.QuerySelector($"#quiet tr[data-value-stream='{vs4}'] a")!.GetAttribute("href"));

        // Revised this month (June 2025): Outpatients only.
        var revised = page.QuerySelectorAll("#revised tbody tr").Select(r => r.GetAttribute("data-value-stream")!).ToList();
        Assert.Equal([$"{vs1}"], revised);
        Assert.Contains("Target raised after report-out", page.QuerySelector("#revised")!.TextContent);

        Assert.Equal(["1", "3", "0", "10", "1", "3", "1"], page.QuerySelectorAll("#problem-counts .count").Select(c => c.TextContent).ToArray());

        // Filtered to trust B: nothing got worse, said plainly; only its value streams have gone quiet.
        var b = await board.GetDocumentAsync($"/Problems?trust={cast.TrustB}");
        Assert.Equal("No workshop got worse in this view.", Text(b, "#got-worse .empty-state"));
        Assert.Equal([$"{vs4}", $"{vs3}"], b.QuerySelectorAll("#quiet tbody tr").Select(r => r.GetAttribute("data-value-stream")!).ToArray());
        Assert.Equal("No value stream in this view was revised this month.", Text(b, "#revised .empty-state"));
    }

    [Fact]
    public async Task The_definitions_page_explains_every_figure_in_words()
    {
        var page = await board.GetDocumentAsync("/Definitions");
        Assert.Contains(Kaizen.Domain.Definitions.ErrorRate, page.QuerySelector("#error-rate + dd")!.TextContent);
        Assert.Equal(Kaizen.Domain.Definitions.All.Count, page.QuerySelectorAll("dl.definitions dt").Length);
    }

    // Sustainment, today 15/06/2025:
    //   30 days: W1 sustained (M1 300 ≤ target 300; M2–M4 no value); W5 partly (M10 900 ≤ 1000, M11 14 ≤ 20, M12 0.19: no target
    //            and 0.2 − 0.19 < ½ × 0.1); W6 not (60 − 58 = 2 < ½ × 15); W2, W3 due with no value; W4 due 06/07/2025.
    //   60 days: W5 sustained (M10 1100 > 1000 but 1440 − 1100 = 340 ≥ ½ × 480); W1, W2, W6 due, no value; W3, W4 not yet due.
    //   90 days: W5 not sustained (M10 1300: 140 < 240); W1, W6 due, no value; W2, W3, W4 not yet due.
    private static void AssertSustainment(IDocument page, int days, int sustained, int partly, int not, int notMeasured, int notDue)
    {
        var row = page.QuerySelector($"#sustainment tr[data-days='{days}']")!;
        string F(string name) => row.QuerySelector($"[data-figure='{name}']")!.TextContent;
        Assert.Equal(
            $"{sustained}/{partly}/{not}/{notMeasured}/{notDue}/6",
            $"{F("sustained")}/{F("partly")}/{F("not-sustained")}/{F("not-measured")}/{F("not-yet-due")}/{F("n")}");
    }

    private static void AssertRow(IElement table, string kind, string headline, string amount, string n, string mean, string median,
        string improved, string same, string worse, string awaiting)
    {
        Assert.Equal(
            string.Join(" | ", headline, amount, n, mean, median, improved, same, worse, awaiting),
            string.Join(" | ", Cell(table, kind, "headline"), Cell(table, kind, "amount").Replace("\u00a0(scaled)", ""), Cell(table, kind, "n"),
                Cell(table, kind, "mean"), Cell(table, kind, "median"), Cell(table, kind, "improved"), Cell(table, kind, "same"),
                Cell(table, kind, "worse"), Cell(table, kind, "awaiting")));
    }

    private static string Cell(IElement table, string kind, string figure) =>
        table.QuerySelector($"tr[data-kind='{kind}'] [data-figure='{figure}']")!.TextContent.Trim();

    private static string GroupCell(IElement table, string group, string kind, string figure) =>
        table.QuerySelector($"tr[data-group='{group}'] [data-kind='{kind}'][data-figure='{figure}']")!.TextContent.Trim();

    private static string Text(IParentNode node, string selector) =>
        (node.QuerySelector(selector) ?? throw new Xunit.Sdk.XunitException($"Nothing matches {selector}")).TextContent.Trim();

    private static string Squash(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Trim();
}

public sealed class DashboardFiguresTestsOnSqlite(SharedKaizenApp shared) : DashboardFiguresTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class DashboardFiguresTestsOnPostgreSql() : DashboardFiguresTests(new KaizenApp(DatabaseEngine.PostgreSql));
