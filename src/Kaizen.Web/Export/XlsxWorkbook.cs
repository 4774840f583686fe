using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace Kaizen.Web.Export;

// Writes an .xlsx package straight into a zip in create mode. The Open XML SDK's own package would hold every
// part in memory until it is saved (System.IO.Packaging opens the zip in update mode), and its element objects cost
// several times more than the XML itself (XlsxXmlWriter), so Kaizen writes every part's XML as bytes: the worksheets
// row by row (XlsxSheet), the small parts element by element (XlsxPartWriter). The schema validator in the tests
// (XlsxTestFiles.AssertValid) and LibreOffice (WorkbookPrintTests) check what comes out. Sheets are written one after
// another; adding a sheet finishes the last one.
public sealed class XlsxWorkbook : IDisposable
{
    private const string RelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    internal const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    internal const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string SpreadsheetCt = "application/vnd.openxmlformats-officedocument.spreadsheetml.";

    private readonly ZipArchive _zip;
    private readonly XlsxGate _gate;
    private readonly List<XlsxSheet> _sheets = [];
    private readonly List<(string Part, string ContentType)> _overrides = [];
    private bool _saved, _abandoned;

    public XlsxWorkbook(Stream output) : this(output, XlsxSharedStrings.DefaultBudgetChars) { }

    internal XlsxWorkbook(Stream output, int sharedStringsBudgetChars)
    {
        Strings = new XlsxSharedStrings(sharedStringsBudgetChars);
        _gate = new XlsxGate(output);
        _zip = new ZipArchive(_gate, ZipArchiveMode.Create, leaveOpen: true);
    }

    internal XlsxStyles Styles { get; } = new();
    internal XlsxSharedStrings Strings { get; }
    public IReadOnlyList<XlsxSheet> Sheets => _sheets;
    // Printed at the top and foot of every page of every sheet; set before the first sheet is finished.
    public XlsxPrintHeading? PrintHeading { get; set; }

    public XlsxSheet AddSheet(string name, IReadOnlyList<XlsxColumn>? columns = null, XlsxSheetOptions? options = null)
    {
        if (_saved) throw new InvalidOperationException("The workbook has been saved.");
        if (_sheets.Count > 0) _sheets[^1].Finish();
        var sheet = new XlsxSheet(this, _sheets.Count + 1, UniqueSheetName(name), columns ?? [], options ?? XlsxSheetOptions.Table);
        _sheets.Add(sheet);
        return sheet;
    }

    public void Save()
    {
        if (_abandoned) throw new InvalidOperationException("The workbook has been abandoned.");
        if (_saved) return;
        if (_sheets.Count == 0) AddSheet("Sheet1");   // Excel will not open a workbook without a sheet
        _sheets[^1].Finish();
        _saved = true;

        foreach (var sheet in _sheets)
            _overrides.Add(("/" + sheet.Path, SpreadsheetCt + "worksheet+xml"));
        if (Strings.Count > 0)
        {
            using (var entry = OpenSheetEntry("xl/sharedStrings.xml"))
                Strings.Write(entry.Writer, _sheets.Sum(s => s.SharedCells));
            _overrides.Add(("/xl/sharedStrings.xml", SpreadsheetCt + "sharedStrings+xml"));
        }
        new XlsxCharts(this).WriteAll(_sheets.Where(s => s.Charts.Count > 0));

        WritePart("xl/workbook.xml", SpreadsheetCt + "sheet.main+xml", WriteWorkbook);
        WritePart("xl/styles.xml", SpreadsheetCt + "styles+xml", Styles.Write);
        WriteText("xl/theme/theme1.xml", XlsxStyles.ThemeXml);
        _overrides.Add(("/xl/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"));

        var workbookRels = _sheets.Select(s => ($"rId{s.Index}", "worksheet", $"worksheets/sheet{s.Index}.xml")).ToList();
        workbookRels.Add(($"rId{_sheets.Count + 1}", "styles", "styles.xml"));
        workbookRels.Add(($"rId{_sheets.Count + 2}", "theme", "theme/theme1.xml"));
        if (Strings.Count > 0) workbookRels.Add(($"rId{_sheets.Count + 3}", "sharedStrings", "sharedStrings.xml"));
        WriteRelationships("xl/_rels/workbook.xml.rels", workbookRels);
        WriteRelationships("_rels/.rels", [("rId1", "officeDocument", "xl/workbook.xml")]);
        WriteContentTypes();
        _zip.Dispose();
    }

    public void Dispose()
    {
        if (!_abandoned) Save();
    }

    // After a failure: nothing more reaches the output, so a download that has begun ends short (and the zip without its
    // directory does not open) rather than as a complete-looking workbook missing rows; one that has not begun can still
    // be answered with an error page. The sheet being written stops; the zip is never finished.
    public void Abandon()
    {
        if (_saved || _abandoned) return;
        _abandoned = true;
        _gate.Close();
        if (_sheets.Count > 0) _sheets[^1].Abandon();
    }

    internal Stream OpenEntry(string path) => _zip.CreateEntry(path, CompressionLevel.Fastest).Open();

    // With a single core, compressing beside the writer would only add the hand-over.
    internal XlsxEntry OpenSheetEntry(string path) => new(OpenEntry(path), background: Environment.ProcessorCount > 1);

    internal void WritePart(string path, string contentType, Action<XlsxPartWriter> write)
    {
        using (var part = new XlsxPartWriter(OpenEntry(path))) write(part);
        _overrides.Add(("/" + path, contentType));
    }

    internal void WriteRelationships(string path, IEnumerable<(string Id, string Type, string Target)> relationships)
    {
        using var part = new XlsxPartWriter(OpenEntry(path));
        part.Start("Relationships").Attr("xmlns", RelNs);
        foreach (var r in relationships)
            part.Start("Relationship").Attr("Id", r.Id).Attr("Type", OfficeRel + r.Type).Attr("Target", r.Target).End();
        part.End();
    }

    private void WriteContentTypes()
    {
        using var part = new XlsxPartWriter(OpenEntry("[Content_Types].xml"));
        part.Start("Types").Attr("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
        part.Start("Default").Attr("Extension", "rels").Attr("ContentType", "application/vnd.openxmlformats-package.relationships+xml").End();
        part.Start("Default").Attr("Extension", "xml").Attr("ContentType", "application/xml").End();
        foreach (var o in _overrides)
            part.Start("Override").Attr("PartName", o.Part).Attr("ContentType", o.ContentType).End();
        part.End();
    }

    private void WriteText(string path, string text)
    {
        using var stream = OpenEntry(path);
        var bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    }

    private void WriteWorkbook(XlsxPartWriter part)
    {
        part.Start("workbook").Attr("xmlns", MainNs).Attr("xmlns:r", RelationshipsNs);
        part.Start("bookViews").Start("workbookView").Attr("activeTab", 0).End().End();
        part.Start("sheets");
        foreach (var s in _sheets)
            part.Start("sheet").Attr("name", s.Name).Attr("sheetId", s.Index).Attr("r:id", $"rId{s.Index}").End();
        part.End();
        // Excel records each filter's range in this hidden name; without it Excel still shows the filter but loses it
        // on some edits. Print_Titles: the header row printed at the top of every page.
        var names = _sheets.Where(s => s.FilterRange != null).Select(s => (Name: "_xlnm._FilterDatabase", Sheet: s, Hidden: true,
                Text: XlsxRef.QuoteSheet(s.Name) + "!" + string.Join(":", s.FilterRange!.Split(':').Select(c =>
                {
                    var (col, row) = XlsxRef.ParseCell(c);
                    return XlsxRef.Absolute(col, row);
                }))))
            .Concat(_sheets.Where(s => s.RepeatsHeader).Select(s => (Name: "_xlnm.Print_Titles", Sheet: s, Hidden: false,
                Text: XlsxRef.QuoteSheet(s.Name) + "!$1:$1")))
            .ToList();
        if (names.Count > 0)
        {
            part.Start("definedNames");
            foreach (var n in names)
            {
                part.Start("definedName").Attr("name", n.Name).Attr("localSheetId", n.Sheet.Index - 1);
                if (n.Hidden) part.Attr("hidden", true);
                part.Text(n.Text).End();
            }
            part.End();
        }
        part.End();
    }

    internal XlsxSheet? SheetNamed(string name) =>
        _sheets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    // Excel's rules: 1–31 characters, none of []:*?/\, not starting or ending with an apostrophe, unique
    // ignoring case, and "History" is reserved.
    private string UniqueSheetName(string requested)
    {
        var name = SanitiseSheetName(requested);
        if (SheetNamed(name) == null) return name;
        for (int n = 2; ; n++)
        {
            var suffix = $" ({n})";
            var candidate = name[..Math.Min(name.Length, 31 - suffix.Length)].TrimEnd() + suffix;
            if (SheetNamed(candidate) == null) return candidate;
        }
    }

    internal static string SanitiseSheetName(string? requested)
    {
        var sb = new StringBuilder();
        foreach (char c in requested ?? "")
            sb.Append(c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' ? '-' : char.IsControl(c) ? ' ' : c);
        var name = sb.ToString().Trim().Trim('\'').Trim();
        if (name.Length > 31) name = name[..(char.IsHighSurrogate(name[30]) ? 30 : 31)].TrimEnd().TrimEnd('\'');
        if (name.Length == 0) name = "Sheet";
        if (name.Equals("History", StringComparison.OrdinalIgnoreCase)) name += "-";
        return name;
    }
}

// The workbook's output until the workbook is abandoned; then writes are dropped (a failed compressor or writer may
// still be handing on bytes as it stops).
internal sealed class XlsxGate(Stream output) : WriteOnlyStream
{
    private volatile bool _closed;

    public void Close() => _closed = true;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_closed) output.Write(buffer);
    }

    public override void Flush()
    {
        if (!_closed) output.Flush();
    }
}

// A worksheet's zip entry and the XML writer that fills it. Compressing is about half the work of writing a big
// sheet (docs/benchmarks.md, the pack workbook), so a long-running task compresses while the caller goes on writing
// XML. A fixed set of buffers goes round between the two through bounded blocking collections, full ones to the
// compressor and empty ones back, so memory stays at a few buffers and a slow compressor holds the writer up. Waits
// block rather than spin: the machine may have no core to spare.
internal sealed class XlsxEntry : IDisposable
{
    private const int Buffers = 4;
    private readonly Stream _stream;
    private readonly BlockingCollection<(byte[] Buffer, int Count)> _full = new(Buffers);
    private readonly BlockingCollection<byte[]> _empty = new(Buffers);
    // Cancelled when the compressor fails or the workbook is abandoned: whoever waits stops waiting.
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _compressor;
    private Exception? _error;

    public XlsxEntry(Stream stream, bool background)
    {
        _stream = stream;
        if (!background)
        {
            // With a single core, compressing beside the writer would only add the hand-over.
            var buffer = ArrayPool<byte>.Shared.Rent(XlsxXmlWriter.BufferSize);
            _empty.Add(buffer);
            Writer = new XlsxXmlWriter((b, n) => _stream.Write(b, 0, n), () => buffer, _ => { });
            return;
        }
        for (int i = 0; i < Buffers; i++) _empty.Add(ArrayPool<byte>.Shared.Rent(XlsxXmlWriter.BufferSize));
        _compressor = Task.Factory.StartNew(Compress, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Writer = new XlsxXmlWriter(Send, Take, GiveBack);
    }

    public XlsxXmlWriter Writer { get; }

    private void Compress()
    {
        try
        {
            foreach (var (buffer, count) in _full.GetConsumingEnumerable(_stop.Token))
            {
                _stream.Write(buffer, 0, count);
                _empty.Add(buffer);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Abandoned: what is left is not written.
        }
        catch (Exception e)
        {
            _error = e;
            _stop.Cancel();
        }
    }

    private void Send(byte[] buffer, int count)
    {
        try
        {
            _full.Add((buffer, count), _stop.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failure();
        }
    }

    private byte[] Take()
    {
        try
        {
            return _empty.Take(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failure();
        }
    }

    private void GiveBack(byte[] buffer) => _empty.Add(buffer);

    private IOException Failure() => new("The worksheet could not be written to the workbook.", _error);

    // Stops the compressor without writing what is left; the entry is not closed.
    public void Abandon()
    {
        _stop.Cancel();
        _compressor?.Wait();
    }

    // Waits for the compressor, closes the entry and hands back the buffers.
    public void Dispose()
    {
        try
        {
            if (_error is null && !_stop.IsCancellationRequested) Writer.Dispose();
        }
        finally
        {
            _full.CompleteAdding();
            _compressor?.Wait();
            while (_empty.TryTake(out var buffer)) ArrayPool<byte>.Shared.Return(buffer);
        }
        if (_error is not null) throw Failure();
        _stream.Dispose();
    }
}
