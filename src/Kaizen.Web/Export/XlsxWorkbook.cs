using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kaizen.Web.Export;

// Writes an .xlsx package straight into a zip in create mode. The Open XML SDK's own package would hold every
// part in memory until it is saved (System.IO.Packaging opens the zip in update mode), so the SDK is used here
// for the small parts (workbook, styles, charts) and the package plumbing (content types, relationships) is written
// by hand; the worksheets' XML is written as bytes (XlsxXmlWriter). Sheets are written one after another; adding a
// sheet finishes the last one.
public sealed class XlsxWorkbook : IDisposable
{
    private const string RelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string XmlDeclaration = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""";
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

        WritePart("xl/workbook.xml", SpreadsheetCt + "sheet.main+xml", BuildWorkbook());
        WritePart("xl/styles.xml", SpreadsheetCt + "styles+xml", Styles.Build());
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

    internal void WritePart(string path, string contentType, OpenXmlElement root)
    {
        using (var stream = OpenEntry(path))
        using (var writer = OpenXmlWriter.Create(stream))
        {
            writer.WriteStartDocument(true);
            writer.WriteElement(root);
        }
        _overrides.Add(("/" + path, contentType));
    }

    internal void WriteRelationships(string path, IEnumerable<(string Id, string Type, string Target)> relationships)
    {
        XNamespace ns = RelNs;
        var root = new XElement(ns + "Relationships", relationships.Select(r =>
            new XElement(ns + "Relationship", new XAttribute("Id", r.Id),
                new XAttribute("Type", OfficeRel + r.Type), new XAttribute("Target", r.Target))));
        WriteText(path, XmlDeclaration + root.ToString(SaveOptions.DisableFormatting));
    }

    private void WriteContentTypes()
    {
        XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        var root = new XElement(ns + "Types",
            new XElement(ns + "Default", new XAttribute("Extension", "rels"), new XAttribute("ContentType", "application/vnd.openxmlformats-package.relationships+xml")),
            new XElement(ns + "Default", new XAttribute("Extension", "xml"), new XAttribute("ContentType", "application/xml")),
            _overrides.Select(o => new XElement(ns + "Override", new XAttribute("PartName", o.Part), new XAttribute("ContentType", o.ContentType))));
        WriteText("[Content_Types].xml", XmlDeclaration + root.ToString(SaveOptions.DisableFormatting));
    }

    private void WriteText(string path, string text)
    {
        using var stream = OpenEntry(path);
        var bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    }

    private Workbook BuildWorkbook()
    {
        var workbook = new Workbook(
            new BookViews(new WorkbookView { ActiveTab = 0 }),
            new Sheets(_sheets.Select(s => new Sheet { Name = s.Name, SheetId = (uint)s.Index, Id = $"rId{s.Index}" })));
        // Excel records each filter's range in this hidden name; without it Excel still shows the filter but
        // loses it on some edits.
        var filters = _sheets.Where(s => s.FilterRange != null).Select(s => new DefinedName
        {
            Name = "_xlnm._FilterDatabase",
            LocalSheetId = (uint)(s.Index - 1),
            Hidden = true,
            Text = XlsxRef.QuoteSheet(s.Name) + "!" + string.Join(":", s.FilterRange!.Split(':').Select(c =>
            {
                var (col, row) = XlsxRef.ParseCell(c);
                return XlsxRef.Absolute(col, row);
            })),
        }).ToList();
        // The header row printed at the top of every page.
        filters.AddRange(_sheets.Where(s => s.RepeatsHeader).Select(s => new DefinedName
        {
            Name = "_xlnm.Print_Titles",
            LocalSheetId = (uint)(s.Index - 1),
            Text = XlsxRef.QuoteSheet(s.Name) + "!$1:$1",
        }));
        if (filters.Count > 0) workbook.Append(new DefinedNames(filters));
        workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        return workbook;
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
// sheet, so a thread of the entry's own compresses while the caller goes on writing XML. A fixed set of buffers goes
// round between the two, full ones to the compressor and empty ones back, so memory stays at a few buffers and a slow
// compressor holds the writer up. Waits block rather than spin: the machine may have no core to spare.
internal sealed class XlsxEntry : IDisposable
{
    private const int Buffers = 4;
    private readonly Stream _stream;
    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Count)> _full = new();
    private readonly Stack<byte[]> _empty = new();
    private readonly Thread? _compressor;
    private bool _finished;
    private Exception? _error;

    public XlsxEntry(Stream stream, bool background)
    {
        _stream = stream;
        for (int i = 0; i < (background ? Buffers : 1); i++) _empty.Push(ArrayPool<byte>.Shared.Rent(XlsxXmlWriter.BufferSize));
        if (!background)
        {
            var buffer = _empty.Peek();
            Writer = new XlsxXmlWriter((b, n) => _stream.Write(b, 0, n), () => buffer, _ => { });
            return;
        }
        _compressor = new Thread(Compress) { IsBackground = true, Name = "xlsx compressor" };
        _compressor.Start();
        Writer = new XlsxXmlWriter(Send, Take, GiveBack);
    }

    public XlsxXmlWriter Writer { get; }

    private void Compress()
    {
        try
        {
            while (true)
            {
                (byte[] Buffer, int Count) next;
                lock (_gate)
                {
                    while (_full.Count == 0 && !_finished) Monitor.Wait(_gate);
                    if (_full.Count == 0) return;
                    next = _full.Dequeue();
                }
                _stream.Write(next.Buffer, 0, next.Count);
                lock (_gate)
                {
                    _empty.Push(next.Buffer);
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _error = e;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Send(byte[] buffer, int count)
    {
        lock (_gate)
        {
            if (_error is not null) throw Failure();
            _full.Enqueue((buffer, count));
            Monitor.PulseAll(_gate);
        }
    }

    private byte[] Take()
    {
        lock (_gate)
        {
            while (_empty.Count == 0 && _error is null) Monitor.Wait(_gate);
            if (_error is not null) throw Failure();
            return _empty.Pop();
        }
    }

    private void GiveBack(byte[] buffer)
    {
        lock (_gate) _empty.Push(buffer);
    }

    private IOException Failure() => new("The worksheet could not be written to the workbook.", _error);

    // Stops the compressor without writing what is left; the entry is not closed.
    public void Abandon()
    {
        lock (_gate)
        {
            _full.Clear();
            _finished = true;
            Monitor.PulseAll(_gate);
        }
        _compressor?.Join();
    }

    // Waits for the compressor, closes the entry and hands back the buffers.
    public void Dispose()
    {
        try
        {
            if (_error is null) Writer.Dispose();
        }
        finally
        {
            lock (_gate)
            {
                _finished = true;
                Monitor.PulseAll(_gate);
            }
            _compressor?.Join();
            foreach (var buffer in _empty) ArrayPool<byte>.Shared.Return(buffer);
            _empty.Clear();
        }
        if (_error is not null) throw Failure();
        _stream.Dispose();
    }
}
