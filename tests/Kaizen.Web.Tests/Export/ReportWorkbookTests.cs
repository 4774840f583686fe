using System.Net;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Tests.Infrastructure;
using Kaizen.Web.Tests.Reports;
using static Kaizen.Web.Tests.Export.ReportWorkbookKit;
using static Kaizen.Web.Tests.Export.XlsxTestFiles;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace Kaizen.Web.Tests.Export;

// The "Download Excel" workbooks of the dashboard, trust, value stream and problems pages, read back and checked
// against the figures worked out by hand in DashboardFiguresTests.
public sealed class ReportWorkbookTests(ReportWorkbookFixture data) : IClassFixture<ReportWorkbookFixture>
{
    static readonly string[] Sheets = ["Summary", "Trusts", "Value streams", "Workshops", "Follow-ups", "Problems"];
    const double Tolerance = 1e-9;

    [Fact]
    public async Task The_dashboard_offers_the_programme_workbook_with_its_filters_and_a_dated_file_name()
    {
        var board = await data.Cast.Board();
        Assert.Equal("/Dashboard?handler=Excel", await board.ExcelLinkAsync("/Dashboard"));
        Assert.Equal("/Dashboard?handler=Excel", await board.ExcelLinkAsync("/Dashboard"));
        Assert.Equal($"/Dashboard?handler=Excel&from=2025-03-01&trust={data.Cast.TrustA}&checkpoint=30",
            await board.ExcelLinkAsync($"/Dashboard?from=2025-03-01&trust={data.Cast.TrustA}&checkpoint=30"));

        using var file = await board.DownloadAsync("/Dashboard?handler=Excel");
        Assert.Equal("kaizen-programme-2025-06-15.xlsx", file.FileName);
        Assert.Equal(Sheets, SheetNames(file.Document));
    }

    [Fact]
    public async Task The_summary_sheet_has_the_dashboards_headline_and_the_hand_computed_figures()
    {
        var board = await data.Cast.Board();
        var page = await board.GetDocumentAsync("/Dashboard");
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel");
        var summary = Grid(file.Document, "Summary");

        Assert.Equal("Kaizen programme report", summary[2].Text("A"));
        Assert.Equal("Showing: All trusts · all report-out dates · at report-out", summary[3].Text("A"));
        Assert.Equal(Serial(ReportWorkbookFixture.Today), summary[4].Number("B"));
        Assert.Equal("dd/mm/yyyy", FormatCodeOf(file.Document, summary[4]["B"]));

        // The headline sentence is the dashboard's, word for word.
        var (headlineRow, _) = RowWhere(summary, "A", "Headline");
        Assert.Equal(page.QuerySelector("#headline")!.TextContent.Trim(), summary[headlineRow + 1].Text("A"));
        Assert.Equal(DashboardFiguresTests.ProgrammeHeadline, summary[headlineRow + 1].Text("A"));

        // Process time: 945/2520 = 37.5%, 15.75 hours removed, n 5, mean 23.7%, median 33.3%, 4 / 0 / 1, 1 awaiting.
        var (_, pt) = RowWhere(summary, "A", "Process time");
        Assert.Equal(0.375, pt.Number("B"), Tolerance);
        Assert.Equal("0.0%", FormatCodeOf(file.Document, pt["B"]));
        Assert.Equal(15.75, pt.Number("C"), Tolerance);
        Assert.Equal("#,##0.0", FormatCodeOf(file.Document, pt["C"]));
        Assert.True(pt.IsEmpty("D") && pt.IsEmpty("E"));
        Assert.Equal(5, pt.Number("F"));
        Assert.Equal("#,##0", FormatCodeOf(file.Document, pt["F"]));
        Assert.Equal((0.6 - 0.5 + 0.5 + 480.0 / 1440 + 0.25) / 5, pt.Number("G"), Tolerance);
        Assert.Equal(480.0 / 1440, pt.Number("H"), Tolerance);
        Assert.Equal([4, 0, 1, 1], new[] { "I", "J", "K", "L" }.Select(c => pt.Number(c)));

        // Error count: 25/60, 25 avoided (some scaled), n 3, mean 36.7%, median 40%.
        var (_, ec) = RowWhere(summary, "A", "Total errors");
        Assert.Equal(25.0 / 60, ec.Number("B"), Tolerance);
        Assert.Equal(25, ec.Number("C"), Tolerance);
        Assert.Equal(3, ec.Number("F"));
        Assert.Equal(1.1 / 3, ec.Number("G"), Tolerance);
        Assert.Equal(0.4, ec.Number("H"), Tolerance);
        Assert.Contains("scaled", ec.Text("M"));

        // Error rate: mean of 0.75, 0.66667, 0.5; pooled 66/450 → 24/500.
        var (_, er) = RowWhere(summary, "A", "Error rate");
        Assert.Equal((0.75 + 2.0 / 3 + 0.5) / 3, er.Number("B"), Tolerance);
        Assert.True(er.IsEmpty("C"));
        Assert.Equal(66.0 / 450, er.Number("D"), Tolerance);
        Assert.Equal(24.0 / 500, er.Number("E"), Tolerance);
        Assert.Equal("0.0%", FormatCodeOf(file.Document, er["D"]));
        Assert.Equal(3, er.Number("F"));
        Assert.Equal(2.0 / 3, er.Number("H"), Tolerance);

        // By trust, beside the pooled figure (the bar chart's data).
        var (pooledRow, pooled) = RowWhere(summary, "A", "All (pooled)");
        Assert.Equal("Process time", summary[pooledRow - 1].Text("B"));
        Assert.Equal(0.375, pooled.Number("B"), Tolerance);
        Assert.Equal(450.0 / 1020, RowWhere(summary, "A", "Trust A").Cells.Number("B"), Tolerance);
        Assert.Equal(0.33, RowWhere(summary, "A", "Trust B").Cells.Number("B"), Tolerance);

        // Workshops per month, January to June 2025, one each, as real dates shown as months.
        var (monthHeader, _) = RowWhere(summary, "A", "Month");
        for (int i = 0; i < 6; i++)
        {
            var row = summary[monthHeader + 1 + i];
            Assert.Equal(Serial(new DateOnly(2025, 1 + i, 1)), row.Number("A"));
            Assert.Equal("mmm yyyy", FormatCodeOf(file.Document, row["A"]));
            Assert.Equal(1, row.Number("B"));
        }

        // Sustainment and the problem counts, as on the dashboard.
        var (_, day30) = RowWhere(summary, "A", "30 days");
        Assert.Equal([1, 1, 1, 2, 1], new[] { "B", "C", "D", "E", "F" }.Select(c => day30.Number(c)));
        Assert.Equal(10, RowWhere(summary, "A", "Follow-ups overdue").Cells.Number("B"));
        Assert.Equal(1, RowWhere(summary, "A", "Got worse").Cells.Number("B"));

        // The definitions, in words.
        var all = string.Join(" ", summary.Values.Select(r => r.Text("A")));
        foreach (var (term, text) in Kaizen.Domain.Definitions.All)
        {
            RowWhere(summary, "A", term);
            Assert.Contains(text, all);
        }
    }

    [Fact]
    public async Task The_summary_sheet_has_native_charts_with_solid_fills_and_a_frozen_title()
    {
        var board = await data.Cast.Board();
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel");
        var part = SheetPart(file.Document, "Summary");
        var charts = part.DrawingsPart!.ChartParts.ToList();
        Assert.True(charts.Count >= 2, $"{charts.Count} charts");

        var bar = charts.Select(c => c.ChartSpace.Descendants<C.BarChart>().SingleOrDefault()).Single(b => b != null)!;
        Assert.Equal(C.BarGroupingValues.Clustered, bar.GetFirstChild<C.BarGrouping>()!.Val!.Value);
        var barSeries = bar.Elements<C.BarChartSeries>().ToList();
        Assert.Equal(3, barSeries.Count);   // one per kind
        Assert.Equal(["Process time", "Total errors", "Error rate"],
            barSeries.Select(s => s.SeriesText!.Descendants<C.NumericValue>().Single().Text));
        Assert.Equal("'Summary'!$B$" + RowWhere(Grid(file.Document, "Summary"), "A", "All (pooled)").Number,
            barSeries[0].GetFirstChild<C.Values>()!.Descendants<C.Formula>().Single().Text.Split(':')[0]);
        Assert.NotNull(charts.SelectMany(c => c.ChartSpace.Descendants<C.LineChart>()).SingleOrDefault());

        // Labelled with the trusts' codes, in the order of the table; the key beside the chart names them.
        var categories = barSeries[0].GetFirstChild<C.CategoryAxisData>()!;
        var labels = categories.Descendants<C.StringPoint>().Select(p => p.NumericValue!.Text).ToList();
        Assert.Equal(["All", "TRA", "TRB"], labels);
        var summaryGrid = Grid(file.Document, "Summary");
        var (keyRow, _) = RowWhere(summaryGrid, "D", "Code");
        Assert.Equal("Trust", summaryGrid[keyRow].Text("E"));
        Assert.Equal($"'Summary'!$D${keyRow + 1}:$D${keyRow + 3}", categories.Descendants<C.Formula>().Single().Text);
        Assert.Equal([("All", "All (pooled)"), ("TRA", "Trust A"), ("TRB", "Trust B")],
            Enumerable.Range(keyRow + 1, 3).Select(r => (summaryGrid[r].Text("D"), summaryGrid[r].Text("E"))));

        foreach (var chart in charts)
        {
            var series = chart.ChartSpace.Descendants<C.BarChartSeries>().Cast<DocumentFormat.OpenXml.OpenXmlCompositeElement>()
                .Concat(chart.ChartSpace.Descendants<C.LineChartSeries>()).ToList();
            Assert.NotEmpty(series);
            Assert.All(series, s => Assert.NotNull(s.GetFirstChild<C.ChartShapeProperties>()?.GetFirstChild<A.SolidFill>()));
        }

        var pane = part.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);
    }

    [Fact]
    public async Task Every_table_sheet_has_a_bold_frozen_header_row_filters_and_fitted_widths()
    {
        var board = await data.Cast.Board();
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel");
        foreach (var name in Sheets.Skip(1))
        {
            var sheet = SheetPart(file.Document, name).Worksheet;
            var pane = sheet.Descendants<Pane>().Single();
            Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
            Assert.Equal(1d, pane.VerticalSplit!.Value);
            var filter = sheet.GetFirstChild<AutoFilter>();
            Assert.NotNull(filter);
            Assert.StartsWith("A1:", filter!.Reference!.Value);
            var header = sheet.Descendants<Row>().First().Elements<Cell>().First();
            var font = file.Document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>()
                .ElementAt((int)StyleOf(file.Document, header).FontId!.Value);
            Assert.NotNull(font.Bold);
            Assert.All(sheet.Descendants<Column>(), c => Assert.InRange(c.Width!.Value, 8, 62));
        }
    }

    [Fact]
    public async Task Trusts_and_value_streams_sheets_give_per_group_figures_with_targets()
    {
        var board = await data.Cast.Board();
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel");

        var trusts = Grid(file.Document, "Trusts");
        var th = Headers(trusts);
        var trustA = DataRows(trusts).Single(r => r.Text(th["Trust"]) == "Trust A" && r.Text(th["Measure"]) == "Process time");
        Assert.Equal("TRA", trustA.Text(th["Code"]));
        Assert.Equal(450.0 / 1020, trustA.Number(th["Reduction"]), Tolerance);
        Assert.Equal(7.5, trustA.Number(th["Hours removed / errors avoided"]), Tolerance);
        Assert.Equal(3, trustA.Number(th["n (workshops)"]));
        Assert.Equal(1, trustA.Number(th["Got worse"]));
        Assert.Equal(3, DataRows(trusts).Count(r => r.Text(th["Trust"]) == "All (pooled)"));

        var streams = Grid(file.Document, "Value streams");
        var vh = Headers(streams);
        var outpatients = DataRows(streams).Single(r => r.Text(vh["Value stream"]) == "Outpatients" && r.Text(vh["Measure"]) == "Process time");
        Assert.Equal(0.5, outpatients.Number(vh["Target reduction"]), Tolerance);
        Assert.Equal("0.0%", FormatCodeOf(file.Document, outpatients[vh["Target reduction"]]));
        Assert.Equal(300.0 / 720, outpatients.Number(vh["Reduction"]), Tolerance);
        Assert.Equal("No", outpatients.Text(vh["Target met"]));
        Assert.Equal(2, outpatients.Number(vh["n (workshops)"]));
        // A value stream with no workshop still shows, with n = 0, so nothing is silently dropped.
        var radiology = DataRows(streams).Single(r => r.Text(vh["Value stream"]) == "Radiology" && r.Text(vh["Measure"]) == "Process time");
        Assert.Equal(0, radiology.Number(vh["n (workshops)"]));
        Assert.Equal("Active", radiology.Text(vh["Status"]));
    }

    [Fact]
    public async Task The_workshops_sheet_has_a_row_per_measure_in_display_units_with_typed_cells()
    {
        var board = await data.Cast.Board();
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel");
        var grid = Grid(file.Document, "Workshops");
        var h = Headers(grid);
        Assert.Equal(["Trust", "Value stream", "Workshop reference", "Title", "Status", "Start date", "Report-out date", "Measure kind",
            "Measure", "Unit", "Baseline", "Target", "Result at report-out", "30 days", "60 days", "90 days", "Reduction at report-out", "Note"],
            h.Keys);
        var rows = DataRows(grid).ToList();
        // 13 measures in W1–W6; the cancelled and future workshops are left out, as in the figures.
        Assert.Equal(13, rows.Count);
        Assert.DoesNotContain(rows, r => r.Text(h["Workshop reference"]) is "KZ-07" or "KZ-08");

        Dictionary<string, Cell> Row(string measure) => rows.Single(r => r.Text(h["Measure"]) == measure);

        // Process time in hours: 600 → 240 minutes = 10 → 4 hours, target 5, 30-day 5; 60% lower.
        var m1 = Row("Referral to appointment");
        Assert.Equal("Trust A", m1.Text(h["Trust"]));
        Assert.Equal("Outpatients", m1.Text(h["Value stream"]));
        Assert.Equal("KZ-01", m1.Text(h["Workshop reference"]));
        Assert.Equal("Completed", m1.Text(h["Status"]));
        Assert.Equal(Serial(new DateOnly(2025, 3, 3)), m1.Number(h["Start date"]));
        Assert.Equal("dd/mm/yyyy", FormatCodeOf(file.Document, m1[h["Start date"]]));
        Assert.Equal(Serial(new DateOnly(2025, 3, 7)), m1.Number(h["Report-out date"]));
        Assert.Equal("dd/mm/yyyy", FormatCodeOf(file.Document, m1[h["Report-out date"]]));
        Assert.Equal("Process time", m1.Text(h["Measure kind"]));
        Assert.Equal("hours", m1.Text(h["Unit"]));
        Assert.Equal(10, m1.Number(h["Baseline"]), Tolerance);
        Assert.Equal(5, m1.Number(h["Target"]), Tolerance);
        Assert.Equal(4, m1.Number(h["Result at report-out"]), Tolerance);
        Assert.Equal(5, m1.Number(h["30 days"]), Tolerance);
        Assert.True(m1.IsEmpty(h["60 days"]));
        Assert.Equal(0.6, m1.Number(h["Reduction at report-out"]), Tolerance);
        Assert.Equal("0.0%", FormatCodeOf(file.Document, m1[h["Reduction at report-out"]]));

        // Error count: counts over the baseline's 10-day window; the 5-day after-count of 6 is scaled to 12.
        var m2 = Row("Booking errors");
        Assert.Equal("errors per 10 days", m2.Text(h["Unit"]));
        Assert.Equal(20, m2.Number(h["Baseline"]));
        Assert.Equal(12, m2.Number(h["Result at report-out"]), Tolerance);
        Assert.Contains("scaled", m2.Text(h["Note"]));

        // Error rate: a fraction in a percent cell, 10/100 → 4/100.
        var m3 = Row("Letter errors");
        Assert.Equal(0.1, m3.Number(h["Baseline"]), Tolerance);
        Assert.Equal("0.0%", FormatCodeOf(file.Document, m3[h["Baseline"]]));
        Assert.Equal(0.04, m3.Number(h["Result at report-out"]), Tolerance);
        Assert.Equal("0.0%", FormatCodeOf(file.Document, m3[h["Result at report-out"]]));

        // Worse is negative; missing data is said, not dropped.
        Assert.Equal(-0.5, Row("Check-in to seen").Number(h["Reduction at report-out"]), Tolerance);
        var m9 = Row("Request to pick-up");
        Assert.Equal("Planned", m9.Text(h["Status"]));
        Assert.True(m9.IsEmpty(h["Result at report-out"]));
        Assert.Equal("Awaiting result at report-out", m9.Text(h["Note"]));
    }

    [Fact]
    public async Task The_follow_ups_sheet_has_a_row_per_measure_per_checkpoint_with_state_and_sustainment()
    {
        var board = await data.Cast.Board();
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel");
        var grid = Grid(file.Document, "Follow-ups");
        var h = Headers(grid);
        var rows = DataRows(grid).ToList();
        Assert.Equal(13 * 3, rows.Count);

        Dictionary<string, Cell> Row(string measure, int days) =>
            rows.Single(r => r.Text(h["Measure"]) == measure && r.Number(h["Follow-up (days)"]) == days);

        // M10: baseline 24 h, report-out 16 h, target 1000 min; 30-day 15 h (meets target), 60-day keeps more than half
        // the gain (1440 − 1100 = 340 ≥ 240), 90-day does not (140 < 240).
        var t30 = Row("Turnaround", 30);
        Assert.Equal("Recorded", t30.Text(h["State"]));
        Assert.Equal(15, t30.Number(h["Value"]), Tolerance);
        Assert.Equal(Serial(new DateOnly(2025, 3, 16)), t30.Number(h["Due date"]));
        Assert.Equal("dd/mm/yyyy", FormatCodeOf(file.Document, t30[h["Due date"]]));
        Assert.Equal("Sustained", t30.Text(h["Sustained?"]));
        Assert.Equal("Sustained", Row("Turnaround", 60).Text(h["Sustained?"]));
        Assert.Equal("Not sustained", Row("Turnaround", 90).Text(h["Sustained?"]));

        // W1's error count has no 30-day value and was due on 06/04/2025: overdue. W4's are not due until July.
        var overdue = Row("Booking errors", 30);
        Assert.Equal("Overdue", overdue.Text(h["State"]));
        Assert.True(overdue.IsEmpty(h["Value"]));
        Assert.True(overdue.IsEmpty(h["Sustained?"]));
        Assert.Equal("Not yet due", Row("Request to pick-up", 30).Text(h["State"]));
        // Per measure: W6 60 and 90 days (1 measure each), W5 60 and 90 (2 each), W1 30 (3), 60 and 90 (4 each),
        // W2 30 and 60 (2 each), W3 30 (2): 2 + 4 + 11 + 4 + 2 = 23; the Problems sheet groups them into 10 follow-ups.
        Assert.Equal(23, rows.Count(r => r.Text(h["State"]) == "Overdue"));
    }

    [Fact]
    public async Task The_problems_page_downloads_the_lists_flattened()
    {
        var board = await data.Cast.Board();
        Assert.Equal("/Problems?handler=Excel", await board.ExcelLinkAsync("/Problems"));
        using var file = await board.DownloadAsync("/Problems?handler=Excel");
        Assert.Equal("kaizen-problems-2025-06-15.xlsx", file.FileName);
        Assert.Equal("Kaizen report: problems to look at", Grid(file.Document, "Summary")[2].Text("A"));

        var grid = Grid(file.Document, "Problems");
        var h = Headers(grid);
        var counts = DataRows(grid).GroupBy(r => r.Text(h["List"])).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, counts["Got worse"]);
        Assert.Equal(3, counts["Not sustained at a follow-up"]);
        Assert.Equal(10, counts["Follow-ups overdue"]);
        Assert.Equal(1, counts["Awaiting data"]);
        Assert.Equal(3, counts["Value streams with no workshop in 90 days"]);
        Assert.Equal(1, counts["Value streams revised this month"]);

        var worse = DataRows(grid).Single(r => r.Text(h["List"]) == "Got worse");
        Assert.Equal("KZ-02", worse.Text(h["Workshop reference"]));
        Assert.Equal(-0.5, worse.Number(h["Reduction"]), Tolerance);
        Assert.Equal(Serial(new DateOnly(2025, 4, 11)), worse.Number(h["Date"]));
        var revised = DataRows(grid).Single(r => r.Text(h["List"]) == "Value streams revised this month");
        Assert.Equal("Outpatients", revised.Text(h["Value stream"]));
        Assert.Equal(Serial(new DateOnly(2025, 6, 3)), revised.Number(h["Date"]));
        Assert.Contains("Target raised after report-out", revised.Text(h["Detail"]));
    }

    [Fact]
    public async Task The_trust_page_downloads_that_trusts_workbook_with_its_filters()
    {
        var board = await data.Cast.Board();
        Assert.Equal($"/Trusts/Details/{data.Cast.TrustA}?handler=Excel", await board.ExcelLinkAsync($"/Trusts/Details/{data.Cast.TrustA}"));
        Assert.Equal($"/Trusts/Details/{data.Cast.TrustA}?handler=Excel&checkpoint=30",
            await board.ExcelLinkAsync($"/Trusts/Details/{data.Cast.TrustA}?checkpoint=30"));

        using var file = await board.DownloadAsync($"/Trusts/Details/{data.Cast.TrustA}?handler=Excel");
        Assert.Equal("kaizen-TRA-2025-06-15.xlsx", file.FileName);
        var summary = Grid(file.Document, "Summary");
        Assert.Equal("Kaizen report: Trust A (TRA)", summary[2].Text("A"));
        Assert.Equal("Showing: Trust A · all report-out dates · at report-out", summary[3].Text("A"));
        var trustPage = await board.GetDocumentAsync($"/Trusts/Details/{data.Cast.TrustA}");
        var (headlineRow, _) = RowWhere(summary, "A", "Headline");
        Assert.Equal(trustPage.QuerySelector("#headline")!.TextContent.Trim(), summary[headlineRow + 1].Text("A"));
        Assert.Equal(DashboardFiguresTests.TrustAHeadline, summary[headlineRow + 1].Text("A"));

        var workshops = Grid(file.Document, "Workshops");
        var h = Headers(workshops);
        Assert.Equal(["KZ-01", "KZ-02", "KZ-03", "KZ-04"], DataRows(workshops).Select(r => r.Text(h["Workshop reference"])).Distinct());
        var streams = Grid(file.Document, "Value streams");
        Assert.DoesNotContain(DataRows(streams), r => r.Text("A") == "Trust B");

        var missing = await board.GetAsync("/Trusts/Details/999999?handler=Excel");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_value_stream_page_downloads_that_value_streams_workbook()
    {
        var board = await data.Cast.Board();
        Assert.Equal($"/ValueStreams/Details/{data.Vs1}?handler=Excel", await board.ExcelLinkAsync($"/ValueStreams/Details/{data.Vs1}"));
        using var file = await board.DownloadAsync($"/ValueStreams/Details/{data.Vs1}?handler=Excel");
        Assert.Equal("kaizen-TRA-Outpatients-2025-06-15.xlsx", file.FileName);
        var summary = Grid(file.Document, "Summary");
        Assert.Equal("Showing: Outpatients (Trust A) · all report-out dates · at report-out", summary[3].Text("A"));
        // Outpatients at report-out: process time 300/720 over W1 and W2.
        Assert.Equal(300.0 / 720, RowWhere(summary, "A", "Process time").Cells.Number("B"), Tolerance);

        var workshops = Grid(file.Document, "Workshops");
        var h = Headers(workshops);
        Assert.Equal(["KZ-01", "KZ-02"], DataRows(workshops).Select(r => r.Text(h["Workshop reference"])).Distinct());
        var streams = Grid(file.Document, "Value streams");
        Assert.Equal(["Outpatients"], DataRows(streams).Select(r => r.Text("B")).Distinct());

        var missing = await board.GetAsync("/ValueStreams/Details/999999?handler=Excel");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_filtered_download_matches_the_filtered_dashboard()
    {
        var board = await data.Cast.Board();
        var query = $"from=2025-03-01&trust={data.Cast.TrustA}&checkpoint=30";
        var page = await board.GetDocumentAsync("/Dashboard?" + query);
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel&" + query);
        var summary = Grid(file.Document, "Summary");
        Assert.Equal("Showing: Trust A · report-out from 01/03/2025 · at the 30-day follow-up", summary[3].Text("A"));
        var (headlineRow, _) = RowWhere(summary, "A", "Headline");
        Assert.Equal(page.QuerySelector("#headline")!.TextContent.Trim(), summary[headlineRow + 1].Text("A"));
    }

    [Fact]
    public async Task Everyone_signed_in_can_download_and_anonymous_requests_go_to_sign_in()
    {
        foreach (var client in new[] { await data.Cast.LeadA(), await data.Cast.LeadB(), await data.Cast.Board(), await data.Cast.Admin() })
            foreach (var url in new[] { "/Dashboard?handler=Excel", "/Problems?handler=Excel", $"/Trusts/Details/{data.Cast.TrustB}?handler=Excel", $"/ValueStreams/Details/{data.Vs3}?handler=Excel" })
                using (await client.DownloadAsync(url)) { }

        var anonymous = data.App.Client();
        foreach (var url in new[] { "/Dashboard?handler=Excel", "/Problems?handler=Excel", $"/Trusts/Details/{data.Cast.TrustA}?handler=Excel", $"/ValueStreams/Details/{data.Vs1}?handler=Excel" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/SignIn", response.Headers.Location!.OriginalString);
        }
    }
}
