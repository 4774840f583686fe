using System.Globalization;
using System.Net;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Export;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Reports.ReportSeed;

namespace Kaizen.Web.Tests.Export;

// The hand-computed programme of DashboardFiguresTests (see the arithmetic there), seeded once for the report
// workbook tests, which only read it. Today is Sunday 15 June 2025.
public sealed class ReportWorkbookFixture : IAsyncLifetime
{
    public KaizenApp App { get; } = new();
    public Cast Cast { get; private set; } = default!;
    public long Vs1, Vs2, Vs3, Vs4, Vs5, W1, W4;
    public static readonly DateOnly Today = new(2025, 6, 15);

    public async Task InitializeAsync()
    {
        App.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        Cast = await App.CastAsync();
        using var db = App.OpenDb();
        Vs1 = ValueStream(db, Cast.TrustA, "Outpatients", targetProcessTime: 0.5, targetErrorCount: 0.5, targetErrorRate: 0.3);
        Vs2 = ValueStream(db, Cast.TrustA, "Discharge");
        Vs5 = ValueStream(db, Cast.TrustA, "Radiology");
        ValueStream(db, Cast.TrustA, "Retired stream", status: "retired");
        Vs3 = ValueStream(db, Cast.TrustB, "Theatres", targetProcessTime: 0.4);
        Vs4 = ValueStream(db, Cast.TrustB, "Pharmacy");

        W1 = Workshop(db, Vs1, "KZ-01", "Outpatient booking", "2025-03-07");
        Measure(db, W1, "process_time", "Referral to appointment", 600, target: 300, result: 240, f30: 300);
        Measure(db, W1, "error_count", "Booking errors", 20, baselineDen: 10, target: 10, result: 6, resultDen: 5);
        Measure(db, W1, "error_rate", "Letter errors", 10, baselineDen: 100, result: 4, resultDen: 100);
        Measure(db, W1, "error_rate", "Coding errors", 30, baselineDen: 200, result: 6, resultDen: 200);

        var w2 = Workshop(db, Vs1, "KZ-02", "Clinic check-in", "2025-04-11");
        Measure(db, w2, "process_time", "Check-in to seen", 120, result: 180);
        Measure(db, w2, "error_count", "Missing notes", 10, baselineDen: 7, result: 8, resultDen: 7);

        var w3 = Workshop(db, Vs2, "KZ-03", "Discharge letters", "2025-05-02");
        Measure(db, w3, "process_time", "Decision to discharge", 300, result: 150);
        Measure(db, w3, "error_rate", "Medication errors", 6, baselineDen: 50, result: 4, resultDen: 100);

        W4 = Workshop(db, Vs2, "KZ-04", "Transport booking", "2025-06-06", status: "planned");
        Measure(db, W4, "process_time", "Request to pick-up", 90);

        var w5 = Workshop(db, Vs3, "KZ-05", "Theatre turnaround", "2025-02-14");
        Measure(db, w5, "process_time", "Turnaround", 1440, target: 1000, result: 960, f30: 900, f60: 1100, f90: 1300);
        Measure(db, w5, "error_count", "Kit errors", 30, baselineDen: 14, target: 20, result: 15, resultDen: 14, f30: 14, f30Den: 14);
        Measure(db, w5, "error_rate", "Checklist misses", 20, baselineDen: 100, result: 10, resultDen: 100, f30: 19, f30Den: 100);

        var w7 = Workshop(db, Vs3, "KZ-07", "Cancelled one", "2025-05-16", status: "cancelled", reason: "Staff shortage");
        Measure(db, w7, "process_time", "Never measured", 100);
        var w8 = Workshop(db, Vs3, "KZ-08", "Future one", "2025-07-04", status: "planned");
        Measure(db, w8, "process_time", "Not yet", 50);

        var w6 = Workshop(db, Vs4, "KZ-06", "Dispensing", "2025-01-10");
        Measure(db, w6, "process_time", "Prescription to dispensed", 60, result: 45, f30: 58);

        // As ReportSeed.Revision, but with the list of changes the value stream page reads (ReportSeed writes "{}").
        foreach (var (vs, at, reason) in new[] { (Vs1, "2025-06-03T10:00:00Z", "Target raised after report-out"), (Vs2, "2025-05-20T10:00:00Z", "Scope narrowed") })
            db.Execute("""
                INSERT INTO value_stream_revisions (value_stream_id, at, user_name, reason, changes_json)
                VALUES (@vs, @at, 'Lead A', @reason, '[]')
                """, new { vs, at, reason });
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

// Downloading a workbook over HTTP and reading it back. Every workbook downloaded here is validated.
internal static class ReportWorkbookKit
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record Download(HttpResponseMessage Response, SpreadsheetDocument Document, byte[] Bytes) : IDisposable
    {
        public string? FileName => Response.Content.Headers.ContentDisposition?.FileNameStar ?? Response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        public void Dispose() => Document.Dispose();
    }

    public static async Task<Download> DownloadAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        Assert.Equal(ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        XlsxTestFiles.AssertValid(document);
        return new Download(response, document, bytes);
    }

    // The link a page offers as "Download Excel".
    public static async Task<string> ExcelLinkAsync(this HttpClient client, string pageUrl)
    {
        var page = await client.GetDocumentAsync(pageUrl);
        var link = page.QuerySelector("a#download-excel");
        Assert.NotNull(link);
        Assert.StartsWith("Download Excel", link!.TextContent.Trim());
        Assert.Contains(".xlsx", link.QuerySelector(".visually-hidden")?.TextContent ?? "");
        return link.GetAttribute("href")!.Replace("&amp;", "&");
    }

    public static IReadOnlyList<string> SheetNames(SpreadsheetDocument doc) =>
        doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    // The rows of a sheet: row number → (column letters → cell).
    public static SortedDictionary<int, Dictionary<string, Cell>> Grid(SpreadsheetDocument doc, string sheet)
    {
        var grid = new SortedDictionary<int, Dictionary<string, Cell>>();
        foreach (var row in XlsxTestFiles.SheetPart(doc, sheet).Worksheet.Descendants<Row>())
        {
            var cells = new Dictionary<string, Cell>();
            int column = 0;   // a cell without a reference follows on from the previous one
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } r ? XlsxRef.ParseCell(r).Column : column + 1;
                cells[XlsxRef.ColumnLetters(column)] = cell;
            }
            grid[(int)row.RowIndex!.Value] = cells;
        }
        return grid;
    }

    public static string Text(this Dictionary<string, Cell> row, string column) =>
        row.TryGetValue(column, out var cell) ? XlsxTestFiles.Text(cell) : "";

    // The number in a numeric cell; fails if the cell holds text.
    public static double Number(this Dictionary<string, Cell> row, string column)
    {
        Assert.True(row.TryGetValue(column, out var cell), $"no cell in column {column}");
        Assert.Null(cell!.DataType);
        Assert.Null(cell.InlineString);
        return double.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
    }

    public static bool IsEmpty(this Dictionary<string, Cell> row, string column) => !row.ContainsKey(column);

    // The first row whose cell in the column reads exactly this (after the given row).
    public static (int Number, Dictionary<string, Cell> Cells) RowWhere(SortedDictionary<int, Dictionary<string, Cell>> grid, string column, string text, int after = 0)
    {
        var found = grid.FirstOrDefault(r => r.Key > after && r.Value.Text(column) == text);
        Assert.True(found.Value != null, $"no row with {column} = \"{text}\" after row {after}");
        return (found.Key, found.Value);
    }

    // The header row of a table sheet, as column letters by header text.
    public static Dictionary<string, string> Headers(SortedDictionary<int, Dictionary<string, Cell>> grid) =>
        grid[1].ToDictionary(c => XlsxTestFiles.Text(c.Value), c => c.Key);

    public static IEnumerable<Dictionary<string, Cell>> DataRows(SortedDictionary<int, Dictionary<string, Cell>> grid) =>
        grid.Where(r => r.Key > 1).Select(r => r.Value);

    public static double Serial(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();
}
