using System.Diagnostics;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Data;
using Kaizen.Web.Data.Demo;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Export;

// Every kind of workbook Kaizen writes, for the demonstration programme, printed to PDF by a spreadsheet program no
// one here wrote (LibreOffice Calc, as a board secretary might). Converted once, in one soffice run, and only read.
public sealed class PrintedWorkbooks : IAsyncLifetime
{
    public const string Admin = "admin@example.nhs.uk";
    public static readonly DateOnly Today = new(2022, 1, 5);

    public KaizenApp App { get; } = new();
    public Dictionary<string, Printed> Kinds { get; } = [];
    private DirectoryInfo? _dir;

    public sealed record Printed(string Kind, byte[] Xlsx, int Pages, IReadOnlyList<string> PageTexts) : IDisposable
    {
        public SpreadsheetDocument Document { get; } = SpreadsheetDocument.Open(new MemoryStream(Xlsx), false);
        public void Dispose() => Document.Dispose();
    }

    public async Task InitializeAsync()
    {
        App.Time.Now = new DateTimeOffset(2022, 1, 5, 10, 0, 0, TimeSpan.Zero);
        DemoProgramme.Load(App.Services.GetRequiredService<Database>(), Today, "2022-01-05T10:00:00Z");
        App.AddUser(Admin, Roles.Administrator);
        var client = await App.SignedInAsync(Admin);
        var sash = App.Scalar<long>("SELECT id FROM trusts WHERE code = 'SASH'");
        // The value stream with the most workshops: the longest value stream workbook.
        var stream = App.Scalar<long>("""
            SELECT value_stream_id FROM workshops GROUP BY value_stream_id ORDER BY COUNT(*) DESC, value_stream_id LIMIT 1
            """);
        var urls = new Dictionary<string, string>
        {
            ["dashboard"] = "/Dashboard?handler=Excel",
            ["trust"] = $"/Trusts/Details/{sash}?handler=Excel",
            ["value-stream"] = $"/ValueStreams/Details/{stream}?handler=Excel",
            ["problems"] = "/Problems?handler=Excel",
            ["pack"] = "/Board/Pack?handler=Excel&month=2021-09",
            ["import-template"] = "/Import/Template",
        };
        _dir = Directory.CreateTempSubdirectory("kaizen-print-");
        var files = new List<string>();
        var bytes = new Dictionary<string, byte[]>();
        foreach (var (kind, url) in urls)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
            bytes[kind] = await response.Content.ReadAsByteArrayAsync();
            using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes[kind]), false))
                XlsxTestFiles.AssertValid(document);
            var path = Path.Combine(_dir.FullName, kind + ".xlsx");
            await File.WriteAllBytesAsync(path, bytes[kind]);
            files.Add(path);
        }
        await Pdf.ConvertAsync(files, _dir.FullName);
        // To look at the workbooks and PDFs: KAIZEN_PRINT_DIR=/some/folder keeps a copy there.
        if (Environment.GetEnvironmentVariable("KAIZEN_PRINT_DIR") is { Length: > 0 } keep)
            foreach (var file in _dir.GetFiles("*.*")) file.CopyTo(Path.Combine(Directory.CreateDirectory(keep).FullName, file.Name), overwrite: true);
        foreach (var kind in urls.Keys)
        {
            var pdf = Path.Combine(_dir.FullName, kind + ".pdf");
            Kinds[kind] = new Printed(kind, bytes[kind], await Pdf.PagesAsync(pdf), await Pdf.PageTextsAsync(pdf));
        }
    }

    public Task DisposeAsync()
    {
        foreach (var p in Kinds.Values) p.Dispose();
        App.Dispose();
        try { _dir?.Delete(recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

// soffice, pdfinfo and pdftotext, as the Import tests run soffice: its profile in the temporary folder (HOME), so runs
// never share one.
internal static class Pdf
{
    public static async Task ConvertAsync(IReadOnlyList<string> sources, string outDir)
    {
        const string soffice = "/usr/bin/soffice";
        Assert.True(File.Exists(soffice), "LibreOffice is not installed: apt-get install libreoffice-calc-nogui (scripts/test installs it).");
        var start = new ProcessStartInfo(soffice) { ArgumentList = { "--headless", "--convert-to", "pdf", "--outdir", outDir } };
        foreach (var s in sources) start.ArgumentList.Add(s);
        start.Environment["HOME"] = outDir;
        var (exit, output) = await RunAsync(start, TimeSpan.FromSeconds(300));
        foreach (var s in sources)
            Assert.True(File.Exists(Path.ChangeExtension(s, ".pdf")), $"soffice made no PDF of {Path.GetFileName(s)} (exit {exit}): {output}");
    }

    public static async Task<int> PagesAsync(string pdf)
    {
        var (_, output) = await RunAsync(new ProcessStartInfo("pdfinfo") { ArgumentList = { pdf } }, TimeSpan.FromSeconds(60));
        var match = Regex.Match(output, @"^Pages:\s+(\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, "pdfinfo gave no page count: " + output);
        return int.Parse(match.Groups[1].Value);
    }

    // The text of each page; pdftotext ends every page with a form feed.
    public static async Task<IReadOnlyList<string>> PageTextsAsync(string pdf)
    {
        var (_, output) = await RunAsync(new ProcessStartInfo("pdftotext") { ArgumentList = { "-enc", "UTF-8", pdf, "-" } }, TimeSpan.FromSeconds(60));
        var pages = output.Split('\f').ToList();
        if (pages.Count > 0 && pages[^1].Trim().Length == 0) pages.RemoveAt(pages.Count - 1);
        return pages;
    }

    static async Task<(int Exit, string Output)> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not finish within {limit.TotalSeconds} s.");
        }
        return (process.ExitCode, await output + await error);
    }
}

// Issue #23: the board's workbook prints as a board paper.
public class WorkbookPrintTests(PrintedWorkbooks printed, ITestOutputHelper output) : IClassFixture<PrintedWorkbooks>
{
    // The most pages each kind may print on, for the demonstration programme (120 workshops; the counts measured
    // are in docs/benchmarks.md). Before issue #23 the dashboard printed on 171 pages and the pack on 232.
    public static readonly TheoryData<string, int> Bounds = new()
    {
        { "dashboard", 60 },
        { "trust", 20 },
        { "value-stream", 10 },
        { "problems", 60 },
        { "pack", 60 },
        { "import-template", 8 },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Each_workbook_prints_within_its_page_bound(string kind, int bound)
    {
        var p = printed.Kinds[kind];
        output.WriteLine($"{kind}: {p.Pages} pages");
        Assert.Equal(p.Pages, p.PageTexts.Count);
        Assert.True(p.Pages <= bound, $"The {kind} workbook prints on {p.Pages} pages; at most {bound} expected.");
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void No_printed_table_has_a_column_cut_off_from_its_first_row(string kind, int bound)
    {
        _ = bound;
        var p = printed.Kinds[kind];
        var pages = p.PageTexts.Select(Squash).ToList();
        var tables = Tables(p.Document).ToList();
        Assert.NotEmpty(tables);
        foreach (var (sheet, headers, firstRow) in tables)
        {
            // Its first three words: a long cell wraps, and beside another wrapped cell its lines interleave with that
            // cell's in the page's text (the pack's Reflections: the compact item beside the member's note).
            var anchor = Squash(string.Join(' ', Words(firstRow[0]).Take(3)));
            // A header that wraps prints as lines of its words, which pdftotext may give apart: each word must be there.
            var wanted = headers.Select(h => (Text: h, Words: Words(h))).Concat(firstRow.Select(t => (Text: t, Words: Words(FirstWord(t))))).ToList();
            bool On(int page, string[] words) => words.All(w => pages[page].Contains(w, StringComparison.Ordinal));
            // The page that shows the row's first cell and the most of the rest: where the table starts.
            var candidates = Enumerable.Range(0, pages.Count).Where(i => pages[i].Contains(anchor, StringComparison.Ordinal)).ToList();
            Assert.True(candidates.Count > 0, $"{kind}, {sheet}: the first row's \"{firstRow[0]}\" is on no page.");
            var page = candidates.MaxBy(i => wanted.Count(x => On(i, x.Words)));
            var missing = wanted.Where(x => !On(page, x.Words)).Select(x => x.Text).ToList();
            Assert.True(missing.Count == 0, $"{kind}, {sheet}: page {page + 1} has the table's first row but not {string.Join(", ", missing.Select(m => $"\"{m}\""))}.");
        }
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Every_page_says_when_it_was_produced_and_which_page_it_is(string kind, int bound)
    {
        _ = bound;
        var p = printed.Kinds[kind];
        for (int i = 0; i < p.PageTexts.Count; i++)
        {
            Assert.Contains("Produced 05/01/2022", p.PageTexts[i]);
            Assert.Matches($@"Page {i + 1} of \d+", p.PageTexts[i]);
        }
    }

    [Theory]
    [InlineData("dashboard")]
    [InlineData("trust")]
    [InlineData("value-stream")]
    [InlineData("problems")]
    [InlineData("pack")]
    public void The_summary_prints_on_one_or_two_pages(string kind)
    {
        var p = printed.Kinds[kind];
        // The Summary is the first sheet; the next, Trusts, starts on the first page whose heading names it.
        var trustsStart = p.PageTexts.ToList().FindIndex(t => t.Split('\n').Take(4).Any(line => line.Trim() == "Trusts"));
        output.WriteLine($"{kind}: the Summary prints on {trustsStart} pages");
        Assert.InRange(trustsStart, 1, 2);
    }

    [Fact]
    public void The_pack_prints_the_board_title_and_its_month_on_every_page()
    {
        foreach (var text in printed.Kinds["pack"].PageTexts)
            Assert.Contains("Transformation Guiding Board pack: September 2021", text);
    }

    // The printed tables of a workbook: each sheet's header row and first row, and the Summary's tables (a row of
    // bold headings followed by a row of figures).
    static IEnumerable<(string Sheet, List<string> Headers, List<string> FirstRow)> Tables(SpreadsheetDocument doc)
    {
        foreach (var name in ReportWorkbookKit.SheetNames(doc))
        {
            var rows = ReportWorkbookKit.Grid(doc, name).Values
                .Select(r => r.Values.Select(c => (Text: XlsxTestFiles.Text(c), Bold: IsBold(doc, c), Number: c.DataType is null)).ToList())
                .ToList();
            if (name == "Summary")
            {
                for (int i = 0; i + 1 < rows.Count; i++)
                    if (rows[i].Count >= 2 && rows[i].All(c => c.Bold) && rows[i + 1].Count >= 2 && !rows[i + 1][0].Bold && !rows[i + 1][0].Number)
                        yield return (name, rows[i].Select(c => c.Text).ToList(), TextsOf(rows[i + 1]));
            }
            else if (rows.Count >= 2 && TextsOf(rows[1]).Count > 0)
                yield return (name, rows[0].Select(c => c.Text).ToList(), TextsOf(rows[1]));
        }
    }

    static List<string> TextsOf(List<(string Text, bool Bold, bool Number)> row) =>
        row.Where(c => !c.Number && c.Text.Trim().Length > 0).Select(c => c.Text).ToList();

    static bool IsBold(SpreadsheetDocument doc, Cell cell)
    {
        var fontId = XlsxTestFiles.StyleOf(doc, cell).FontId?.Value ?? 0;
        var font = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)fontId);
        return font.Bold is { } b && (b.Val is null || b.Val.Value);
    }

    static string[] Words(string text) => text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    static string FirstWord(string text) => text.Trim().Split([' ', '\n'], 2)[0];

    // Text without any white space: a long cell wraps onto lines of its own when printed.
    static string Squash(string text) => Regex.Replace(text, @"\s+", "");
}
