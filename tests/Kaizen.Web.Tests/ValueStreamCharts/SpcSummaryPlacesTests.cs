using AngleSharp.Dom;
using Kaizen.Web.Tests.Board;
using Kaizen.Web.Tests.Export;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.ValueStreamCharts;

// One summary of each value stream measure (Reports/ValueStreamSpc) shown in four places: the value stream page, the
// trust page, the monthly pack's "Statistical process control" table and the pack workbook. The same figures in each.
public abstract class SpcSummaryPlacesTests : IDisposable
{
    private readonly KaizenApp app;

    protected SpcSummaryPlacesTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2019, 6, 3, 9, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    // Eight baseline weeks 11, 13, …: mean 12, moving ranges 2, limits 12 ± 5.32 = 6.68 to 17.32. Then 10, 11, … from
    // the week of 04/03/2019: seven below the mean by the week of 15/04/2019 (a run: special cause, improving as lower
    // is better), only four by the end of March (common cause). Target 15 lies between the limits: hit and miss.
    private async Task<(Cast Cast, long Vs, long Measure)> SeedAsync()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA, "Emergency department");
        app.HeldWorkshop(vs, "SASH-2019-04", new DateOnly(2019, 2, 22));
        var measure = app.OutcomeMeasure(vs, "Time to triage", "minutes", "lower", target: 15, baselinePoints: 8);
        app.Points(measure, new DateOnly(2019, 1, 7), 11, 13, 11, 13, 11, 13, 11, 13, 10, 11, 10, 11, 10, 11, 10);
        return (cast, vs, measure);
    }

    // What a reader sees in each cell: for the icons, their visible short labels (their <title>s are for tooltips).
    private static string[] Cells(IElement row) => row.Children.Select(c => c.QuerySelector(".spc-icons") is { } icons
        ? string.Join(" ", icons.QuerySelectorAll(".spc-label").Select(l => l.TextContent.Trim()))
        : System.Text.RegularExpressions.Regex.Replace(c.TextContent, @"\s+", " ").Trim()).ToArray();

    [Fact]
    public async Task The_value_stream_page_lists_each_outcome_measure_with_its_latest_value_icons_and_links()
    {
        var (cast, vs, measure) = await SeedAsync();

        var page = await (await cast.LeadA()).GetDocumentAsync($"/ValueStreams/Details/{vs}");

        var row = page.QuerySelector("#outcome-measures-table tbody tr")!;
        Assert.Equal(["Time to triage", "10 minutes (week of 15/04/2019)", "12 minutes", "6.68 to 17.32", "15 minutes", "Improving Hit and miss", "Enter data for Time to triage"], Cells(row));
        Assert.Equal($"/ValueStreams/Measures/Chart/{measure}", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal($"/ValueStreams/Measures/Data/{measure}", row.QuerySelector("td:last-child a")!.GetAttribute("href"));
        Assert.Equal($"/ValueStreams/Measures/Create?valueStreamId={vs}", page.QuerySelector("#outcome-measures a.btn")!.GetAttribute("href"));
        Assert.Equal(["Variation: Special cause variation: improving (low)", "Assurance: Target hit and miss"],
            row.QuerySelectorAll("svg[role=img]").Select(s => s.GetAttribute("aria-label")!));
    }

    [Fact]
    public async Task A_reader_who_may_not_edit_the_trust_sees_the_measures_without_the_entry_links()
    {
        var (cast, vs, _) = await SeedAsync();

        var page = await (await cast.Board()).GetDocumentAsync($"/ValueStreams/Details/{vs}");

        Assert.Single(page.QuerySelectorAll("#outcome-measures-table tbody tr"));
        Assert.Empty(page.QuerySelectorAll("#outcome-measures a[href^='/ValueStreams/Measures/Data'], #outcome-measures a[href^='/ValueStreams/Measures/Create']"));
    }

    [Fact]
    public async Task A_value_stream_without_outcome_measures_says_so()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);

        var page = await (await cast.LeadA()).GetDocumentAsync($"/ValueStreams/Details/{vs}");

        Assert.StartsWith("No outcome measure yet", page.Text("#outcome-measures .empty-state"));
        Assert.Equal($"/ValueStreams/Measures/Create?valueStreamId={vs}", page.QuerySelector("#outcome-measures a.btn")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_trust_page_lists_each_value_streams_measures_with_their_icons()
    {
        var (cast, _, _) = await SeedAsync();

        var page = await (await cast.LeadB()).GetDocumentAsync($"/Trusts/Details/{cast.TrustA}");

        var row = page.QuerySelector("#outcome-measures-table tbody tr")!;
        Assert.Equal(["Emergency department", "Time to triage", "10 minutes (week of 15/04/2019)", "12 minutes", "6.68 to 17.32", "15 minutes", "Improving Hit and miss"], Cells(row));
    }

    [Fact]
    public async Task The_pack_reads_each_measure_on_its_points_up_to_the_months_end()
    {
        var (cast, _, _) = await SeedAsync();
        var board = await cast.Board();

        var april = await board.GetDocumentAsync("/Board/Pack?month=2019-04");
        var march = await board.GetDocumentAsync("/Board/Pack?month=2019-03");

        Assert.Equal(["Emergency department (TRA)", "Time to triage", "10 minutes (week of 15/04/2019)", "12 minutes", "6.68 to 17.32", "15 minutes", "Improving Hit and miss"],
            Cells(april.QuerySelector("#pack-spc #pack-spc-table tbody tr")!));
        Assert.Equal("Statistical process control", april.Text("#spc-heading"));
        // By 31/03/2019 the last point is the week of 25/03/2019 and only four weeks are below the mean.
        Assert.Equal(["Emergency department (TRA)", "Time to triage", "11 minutes (week of 25/03/2019)", "12 minutes", "6.68 to 17.32", "15 minutes", "Common cause Hit and miss"],
            Cells(march.QuerySelector("#pack-spc-table tbody tr")!));
    }

    [Fact]
    public async Task The_pack_workbook_carries_the_same_figures_with_the_icons_in_words()
    {
        var (cast, _, _) = await SeedAsync();

        using var download = await (await cast.Board()).DownloadAsync("/Board/Pack?handler=Excel&month=2019-04");

        var grid = ReportWorkbookKit.Grid(download.Document, "Statistical process control");
        var h = ReportWorkbookKit.Headers(grid);
        var row = Assert.Single(ReportWorkbookKit.DataRows(grid));
        Assert.Equal(("TRA", "Emergency department", "Time to triage", "minutes"), (row.Text(h["Trust"]), row.Text(h["Value stream"]), row.Text(h["Measure"]), row.Text(h["Unit"])));
        Assert.Equal(ReportWorkbookKit.Serial(new DateOnly(2019, 4, 15)), row.Number(h["Latest period"]));
        Assert.Equal(10, row.Number(h["Latest value"]));
        Assert.Equal(12, row.Number(h["Mean"]), 9);
        Assert.Equal(6.68, row.Number(h["Lower limit"]), 9);
        Assert.Equal(17.32, row.Number(h["Upper limit"]), 9);
        Assert.Equal(15, row.Number(h["Target"]));
        Assert.Equal(("Special cause variation: improving", "Target hit and miss"), (row.Text(h["Variation"]), row.Text(h["Assurance"])));
        Assert.Equal(["Reflections", "Actions"], ReportWorkbookKit.SheetNames(download.Document).TakeLast(2));
    }
}

public sealed class SpcSummaryPlacesTestsOnSqlite(SharedKaizenApp shared) : SpcSummaryPlacesTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class SpcSummaryPlacesTestsOnPostgreSql() : SpcSummaryPlacesTests(new KaizenApp(DatabaseEngine.PostgreSql));
