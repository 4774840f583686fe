using System.Globalization;
using System.Text;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Export;

// How a report workbook can be extended by its caller (the TGB monthly pack adds its own lines and sheets):
//   Title           replaces the report's title on the Summary sheet;
//   SummaryLines    label/text lines shown under the title (e.g. "Meeting", "12/03/2025, held; figures frozen");
//   AppendSheetsAsync is called after the standard sheets (Summary, Trusts, Value streams, Workshops, Follow-ups,
//                   Problems) and before the workbook is saved; add sheets with workbook.AddSheet(name, columns) and
//                   write their rows. Each sheet must be complete (rows and charts) before the next is added.
public sealed class ReportWorkbookOptions
{
    public string? Title { get; init; }
    public IReadOnlyList<(string Label, string Text)> SummaryLines { get; init; } = [];
    public Func<XlsxWorkbook, Task>? AppendSheetsAsync { get; init; }
}

// The report workbooks behind every "Download Excel" (PRODUCT.md §5): the programme dashboard, a trust, a value
// stream and the problems page all write the same workbook, filtered to what the page shows.
public static class ReportWorkbooks
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // The programme workbook for the dashboard's filters.
    public static Task<IActionResult> ProgrammeAsync(SqliteConnection c, ReportFilter filter, DateOnly today) =>
        DownloadAsync(FileName("programme", today), s => WriteAsync(s, c, filter, today));

    // The problems page: the same workbook and filters, named for the page.
    public static Task<IActionResult> ProblemsAsync(SqliteConnection c, ReportFilter filter, DateOnly today) =>
        DownloadAsync(FileName("problems", today), s => WriteAsync(s, c, filter, today,
            new ReportWorkbookOptions { Title = "Kaizen report: problems to look at" }));

    // One trust, with the page's date and checkpoint filters. Null when there is no such trust.
    public static async Task<IActionResult?> TrustAsync(SqliteConnection c, long trustId, ReportFilter query, DateOnly today)
    {
        var trust = await ReportQueries.TrustAsync(c, trustId);
        if (trust is null) return null;
        var filter = query with { TrustId = trustId, ValueStreamId = null };
        return await DownloadAsync(FileName(trust.Code, today), s => WriteAsync(s, c, filter, today,
            new ReportWorkbookOptions { Title = $"Kaizen report: {trust.Name} ({trust.Code})" }));
    }

    // One value stream, as its page shows it: every report-out date, at report-out. Null when there is no such stream.
    public static async Task<IActionResult?> ValueStreamAsync(SqliteConnection c, long valueStreamId, DateOnly today)
    {
        var stream = (await ReportQueries.ValueStreamsAsync(c, today)).FirstOrDefault(v => v.Id == valueStreamId);
        if (stream is null) return null;
        var trust = await ReportQueries.TrustAsync(c, stream.TrustId);
        var filter = new ReportFilter { ValueStreamId = valueStreamId };
        return await DownloadAsync(FileName($"{trust?.Code}-{stream.Name}", today), s => WriteAsync(s, c, filter, today,
            new ReportWorkbookOptions { Title = $"Kaizen report: {stream.Name} ({stream.TrustName})" }));
    }

    // Writes the report workbook for a filter into output (which must be seekable: the zip writer needs it).
    public static async Task WriteAsync(Stream output, SqliteConnection c, ReportFilter filter, DateOnly today,
        ReportWorkbookOptions? options = null)
    {
        options ??= new ReportWorkbookOptions();
        var view = await DashboardView.BuildAsync(c, filter, today);
        var startDates = await StartDatesAsync(c, view.Set, filter);
        using var workbook = new XlsxWorkbook(output);
        var writer = new ReportWorkbookWriter(workbook, view, startDates, options.Title ?? DefaultTitle(view));
        writer.WriteSummary(options.SummaryLines);
        writer.WriteTrusts();
        writer.WriteValueStreams();
        writer.WriteWorkshops();
        writer.WriteFollowUps();
        writer.WriteProblems();
        if (options.AppendSheetsAsync is { } append) await append(workbook);
        workbook.Save();
    }

    // The workbook goes to a temporary file (deleted when the response is done with it): the zip writer needs a
    // seekable stream, the response body is not one, and a large workbook should not sit in memory.
    public static async Task<IActionResult> DownloadAsync(string fileName, Func<Stream, Task> write)
    {
        var path = Path.Combine(Path.GetTempPath(), "kaizen-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await write(file);
            await file.FlushAsync();
            file.Position = 0;
            return new FileStreamResult(file, ContentType) { FileDownloadName = fileName };
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    // The "Download Excel" link of a report page: its path, ?handler=Excel, and the page's filters
    // (a query string such as ReportFilter.QueryString() gives, with or without its leading "?").
    public static string ExcelLink(string path, string? queryString)
    {
        var query = (queryString ?? "").TrimStart('?');
        return path + "?handler=Excel" + (query.Length == 0 ? "" : "&" + query);
    }

    // kaizen-programme-2021-03-22.xlsx, kaizen-SASH-2021-03-22.xlsx: letters, digits and hyphens only.
    public static string FileName(string label, DateOnly today)
    {
        var sb = new StringBuilder();
        foreach (var ch in label.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(ch)) sb.Append(ch);
            else if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > 60) slug = slug[..60].TrimEnd('-');
        return $"kaizen-{(slug.Length == 0 ? "report" : slug)}-{Iso.Date(today)}.xlsx";
    }

    static string DefaultTitle(DashboardView view) =>
        view.Filter.TrustId is null && view.Filter.ValueStreamId is null ? "Kaizen programme report" : "Kaizen report";

    sealed class StartDateRow
    {
        public long Id { get; set; }
        public string StartDate { get; set; } = "";
    }

    // The workshops' start dates (the report query does not carry them), read row by row.
    static async Task<Dictionary<long, DateOnly>> StartDatesAsync(SqliteConnection c, ReportSet set, ReportFilter filter)
    {
        var dates = new Dictionary<long, DateOnly>(set.Workshops.Count);
        if (set.Workshops.Count == 0) return dates;
        var rows = c.QueryUnbufferedAsync<StartDateRow>("""
            SELECT w.id AS Id, w.start_date AS StartDate
            FROM workshops w JOIN value_streams vs ON vs.id = w.value_stream_id
            WHERE (@from IS NULL OR w.report_out_date >= @from)
              AND (@to IS NULL OR w.report_out_date <= @to)
              AND (@trust IS NULL OR vs.trust_id = @trust)
              AND (@vs IS NULL OR vs.id = @vs)
            """, new { from = Iso.Date(filter.From), to = Iso.Date(filter.To), trust = filter.TrustId, vs = filter.ValueStreamId });
        await foreach (var row in rows)
            if (set.WorkshopsById.ContainsKey(row.Id) && Iso.ParseDateOrNull(row.StartDate) is { } d)
                dates[row.Id] = d;
        return dates;
    }
}
