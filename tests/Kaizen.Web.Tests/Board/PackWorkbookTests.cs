using Kaizen.Web.Data;
using Dapper;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Tests.Export;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Board;

public abstract class PackWorkbookTests(KaizenApp app) : IDisposable
{
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }


    [Fact]
    public async Task The_monthly_pack_downloads_as_a_valid_workbook_with_reflections_and_actions()
    {
        app.Time.Now = new DateTimeOffset(2021, 4, 20, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var ws = app.Workshop(vs, new DateOnly(2021, 3, 1), status: "completed");
        app.Measure(ws, "process_time", 600, 300);
        var board = app.Board(cast.TrustA);
        using (var db = app.OpenDb())
            db.Execute("""
                INSERT INTO meeting_reflections (meeting_id, compact_item_id, member_id, rating, note)
                SELECT @meeting, id, @member, 'partly', 'Getting there' FROM compact_items WHERE compact_version_id = @compact AND position = 1
                """, new { meeting = board.Meeting, compact = board.Compact, member = board.Member });
        var reader = await cast.Board();

        using var download = await reader.DownloadAsync("/Board/Pack?handler=Excel&month=2021-03");

        Assert.Equal("kaizen-pack-2021-03-2021-04-20.xlsx", download.FileName);
        var sheets = ReportWorkbookKit.SheetNames(download.Document);
        Assert.Equal("Summary", sheets[0]);
        Assert.Contains("Workshops", sheets);
        Assert.Equal(["Reflections", "Actions"], sheets.TakeLast(2));
        var reflections = ReportWorkbookKit.Grid(download.Document, "Reflections");
        // Each member's reflection with its author, the rating in words and the note.
        Assert.Contains(reflections.Values, row => row.Values.Select(XlsxTestFiles.Text).ToList() is var cells
            && cells.Contains("Chris Chief") && cells.Contains("Partly") && cells.Contains("Getting there"));
        var actions = ReportWorkbookKit.Grid(download.Document, "Actions");
        Assert.Contains(actions.Values, row => row.Values.Any(c => XlsxTestFiles.Text(c) == "Share the discharge lessons"));
    }

    // The running month's pack writes its programme sheets from the figures it has already computed; they must be
    // those of the programme workbook up to the month's end, cell for cell.
    [Fact]
    public async Task The_running_months_pack_has_the_programme_workbooks_sheets_up_to_the_months_end()
    {
        app.Time.Now = new DateTimeOffset(2021, 4, 20, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var march = app.Workshop(vs, new DateOnly(2021, 3, 1), status: "completed", reference: "KZ-MAR");
        app.Measure(march, "process_time", 600, 300, target: 400);
        app.Measure(march, "error_count", 20, 25, baselineDen: 10, resultDen: 5, name: "Errors");
        var april = app.Workshop(app.ValueStream(cast.TrustB, "Theatres"), new DateOnly(2021, 4, 6), status: "completed", reference: "KZ-APR");
        app.Measure(april, "error_rate", 10, 4, baselineDen: 100, resultDen: 100, name: "Letters");
        app.Workshop(vs, new DateOnly(2021, 4, 12), reference: "KZ-AWAITING");
        app.Workshop(vs, new DateOnly(2021, 4, 26), reference: "KZ-FUTURE");
        var reader = await cast.Board();

        using var pack = await reader.DownloadAsync("/Board/Pack?handler=Excel&month=2021-04");
        using var programme = await reader.DownloadAsync("/Dashboard?handler=Excel&to=2021-04-30");

        Assert.Contains("KZ-AWAITING", Cells(pack, "Workshops").Select(c => c.Text));
        foreach (var sheet in new[] { "Trusts", "Value streams", "Workshops", "Follow-ups", "Problems" })
            Assert.Equal(Cells(programme, sheet), Cells(pack, sheet));
    }

    [Fact]
    public async Task A_change_is_in_the_next_pack_download()
    {
        app.Time.Now = new DateTimeOffset(2021, 4, 20, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        app.Measure(app.Workshop(vs, new DateOnly(2021, 4, 1), status: "completed", reference: "KZ-FIRST"), "process_time", 600, 300);
        var reader = await cast.Board();

        using (var first = await reader.DownloadAsync("/Board/Pack?handler=Excel&month=2021-04"))
            Assert.DoesNotContain("KZ-SECOND", Cells(first, "Workshops").Select(c => c.Text));
        app.Measure(app.Workshop(vs, new DateOnly(2021, 4, 8), status: "completed", reference: "KZ-SECOND"), "process_time", 500, 400);
        using var second = await reader.DownloadAsync("/Board/Pack?handler=Excel&month=2021-04");

        Assert.Contains("KZ-SECOND", Cells(second, "Workshops").Select(c => c.Text));
    }

    // Every cell of a sheet: where it is, its type, what it reads and how it is shown.
    static List<(string? Reference, string? Type, string Text, string Format)> Cells(ReportWorkbookKit.Download file, string sheet) =>
        XlsxTestFiles.Placed(XlsxTestFiles.SheetPart(file.Document, sheet))
            .Select(p => ((string?)p.Reference, p.Cell.DataType?.InnerText, XlsxTestFiles.Text(p.Cell), XlsxTestFiles.FormatCodeOf(file.Document, p.Cell)))
            .ToList();
}

public sealed class PackWorkbookTestsOnSqlite(SharedKaizenApp shared) : PackWorkbookTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class PackWorkbookTestsOnPostgreSql() : PackWorkbookTests(new KaizenApp(DatabaseEngine.PostgreSql));
