using System.Data;
using System.Globalization;
using System.Text;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using System.Data.Common;

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

// The report workbooks behind every "Download Excel": the programme dashboard, a trust, a value
// stream and the problems page all write the same workbook, filtered to what the page shows.
public static class ReportWorkbooks
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // The programme workbook for the dashboard's filters.
    public static Task<IActionResult> ProgrammeAsync(DbConnection c, ReportFilter filter, DateOnly today) =>
        DownloadAsync(FileName("programme", today), s => WriteAsync(s, c, filter, today));

    // The problems page: the same workbook and filters, named for the page.
    public static Task<IActionResult> ProblemsAsync(DbConnection c, ReportFilter filter, DateOnly today) =>
        DownloadAsync(FileName("problems", today), s => WriteAsync(s, c, filter, today,
            new ReportWorkbookOptions { Title = "Kaizen report: problems to look at" }));

    // One trust, with the page's date and checkpoint filters. Null when there is no such trust.
    public static async Task<IActionResult?> TrustAsync(DbConnection c, long trustId, ReportFilter query, DateOnly today)
    {
        var trust = await ReportQueries.TrustAsync(c, trustId);
        if (trust is null) return null;
        var filter = query with { TrustId = trustId, ValueStreamId = null };
        return await DownloadAsync(FileName(trust.Code, today), s => WriteAsync(s, c, filter, today,
            new ReportWorkbookOptions { Title = $"Kaizen report: {trust.Name} ({trust.Code})" }));
    }

    // One value stream, as its page shows it: every report-out date, at report-out. Null when there is no such stream.
    public static async Task<IActionResult?> ValueStreamAsync(DbConnection c, long valueStreamId, DateOnly today)
    {
        var stream = (await ReportQueries.ValueStreamsAsync(c, today)).FirstOrDefault(v => v.Id == valueStreamId);
        if (stream is null) return null;
        var trust = await ReportQueries.TrustAsync(c, stream.TrustId);
        var filter = new ReportFilter { ValueStreamId = valueStreamId };
        return await DownloadAsync(FileName($"{trust?.Code}-{stream.Name}", today), s => WriteAsync(s, c, filter, today,
            new ReportWorkbookOptions { Title = $"Kaizen report: {stream.Name} ({stream.TrustName})" }));
    }

    // Writes the report workbook for a filter into output.
    public static async Task WriteAsync(Stream output, DbConnection c, ReportFilter filter, DateOnly today,
        ReportWorkbookOptions? options = null) =>
        await WriteAsync(output, await ReportWorkbookSource.LoadAsync(c, filter, today), options);

    public static async Task WriteAsync(Stream output, ReportWorkbookSource source, ReportWorkbookOptions? options = null)
    {
        options ??= new ReportWorkbookOptions();
        var view = source.View;
        var workbook = new XlsxWorkbook(output);
        try
        {
            var writer = new ReportWorkbookWriter(workbook, view, source.StartDates, options.Title ?? DefaultTitle(view));
            workbook.PrintHeading = writer.PrintHeading;
            writer.WriteSummary(options.SummaryLines);
            writer.WriteTrusts();
            writer.WriteValueStreams();
            writer.WriteWorkshops();
            writer.WriteFollowUps();
            writer.WriteProblems();
            if (options.AppendSheetsAsync is { } append) await append(workbook);
            workbook.Save();
        }
        catch
        {
            workbook.Abandon();
            throw;
        }
    }

    // The workbook is written straight into the response as it is made (see XlsxDownload).
    public static Task<IActionResult> DownloadAsync(string fileName, Func<Stream, Task> write) =>
        Task.FromResult<IActionResult>(new XlsxDownload(fileName, ContentType, write));

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
}

// What a report workbook is written from: the figures as the dashboard shows them for the filter, and the workshops'
// start dates (which the report query does not carry).
public sealed record ReportWorkbookSource(DashboardView View, IReadOnlyDictionary<long, DateOnly> StartDates)
{
    // known is what the caller has already computed for this filter and today (the monthly pack has its set); the view
    // is then built from it rather than read again.
    public static async Task<ReportWorkbookSource> LoadAsync(DbConnection c, ReportFilter filter, DateOnly today, DashboardView.Known? known = null)
    {
        var view = known is null ? await DashboardView.BuildAsync(c, filter, today) : await DashboardView.BuildUncachedAsync(c, filter, today, known);
        return new ReportWorkbookSource(view, ReadStartDates(c, view.Set, filter));
    }

    // Read with a bare reader: one row per workshop in the filter, up to 100,000 of them.
    static Dictionary<long, DateOnly> ReadStartDates(DbConnection c, ReportSet set, ReportFilter filter)
    {
        var dates = new Dictionary<long, DateOnly>(set.Workshops.Count);
        if (set.Workshops.Count == 0) return dates;
        using var command = c.CreateCommand();
        command.CommandText = """
            SELECT w.id, w.start_date
            FROM workshops w JOIN value_streams vs ON vs.id = w.value_stream_id
            WHERE (@from IS NULL OR w.report_out_date >= @from)
              AND (@to IS NULL OR w.report_out_date <= @to)
              AND (@trust IS NULL OR vs.trust_id = @trust)
              AND (@vs IS NULL OR vs.id = @vs)
            """;
        command.AddParameter("@from", Iso.Date(filter.From), DbType.String);
        command.AddParameter("@to", Iso.Date(filter.To), DbType.String);
        command.AddParameter("@trust", filter.TrustId, DbType.Int64);
        command.AddParameter("@vs", filter.ValueStreamId, DbType.Int64);
        var byId = set.WorkshopsById;
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (!r.IsDBNull(1) && byId.ContainsKey(id) && Iso.ParseDateOrNull(r.GetString(1)) is { } d)
                dates[id] = d;
        }
        return dates;
    }
}
