using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.IO.Packaging;

namespace Kaizen.Web.Export;

// The only exception the reader lets out; the message is written for the person who uploaded the file.
public sealed class XlsxReadException(string userMessage, Exception? inner = null) : Exception(userMessage, inner);

// An error value such as #N/A or #DIV/0! from a cell, kept distinct from text that happens to look like one.
public readonly record struct XlsxErrorValue(string Code)
{
    public override string ToString() => Code;
}

// One non-empty row. Cells holds only cells with a value, keyed by 1-based column; values are string, double,
// bool, DateOnly, DateTime (date formats that show a time) or XlsxErrorValue.
public sealed class XlsxRow(int number, IReadOnlyDictionary<int, object> cells)
{
    public int Number { get; } = number;
    public IReadOnlyDictionary<int, object> Cells { get; } = cells;
    public object? this[int column] => Cells.GetValueOrDefault(column);
    public object? this[string columnLetters] => this[XlsxRef.ColumnIndex(columnLetters)];
}

// Reads a workbook for import. Rows stream through an XmlReader; only the shared strings and the styles'
// date flags are held in memory.
public sealed class XlsxReader : IDisposable
{
    private const string NotXlsx = "This file is not an Excel workbook (.xlsx). If it is a CSV file or another kind of file renamed to .xlsx, open it in Excel and save it as \"Excel Workbook (.xlsx)\", then upload that.";
    private const string Damaged = "This Excel file could not be read: it looks damaged or incomplete. Open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.";

    // The package is opened with System.IO.Packaging and its parts read with XmlReader, not through SpreadsheetDocument:
    // the Open XML SDK's part and element machinery took about a quarter of a second of CPU to load and compile on the
    // first import in a process, for three small parts (workbook, styles, shared strings).
    private readonly Package _package;
    private readonly PackagePart _workbookPart;
    private readonly List<(string Name, string RelId)> _sheets;
    private readonly bool _date1904;
    private string[]? _sharedStrings;
    private DateKind[]? _dateStyles;

    internal enum DateKind : byte { None, Date, DateTime }

    private XlsxReader(Package package, PackagePart part, List<(string, string)> sheets, bool date1904)
    {
        _package = package;
        _workbookPart = part;
        _sheets = sheets;
        _date1904 = date1904;
    }

    public IReadOnlyList<string> SheetNames => _sheets.Select(s => s.Name).ToList();

    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string StrictRelationships = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    // The main part's content types SpreadsheetDocument.Open accepts: workbook, template, and their macro-enabled
    // forms and the add-in. Another Office document (a .docx) has a main part of another type.
    private static readonly HashSet<string> WorkbookTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
        "application/vnd.ms-excel.addin.macroEnabled.main+xml",
    };

    public static XlsxReader Open(Stream input)
    {
        var stream = Seekable(input);
        CheckSignature(stream);
        Package? package = null;
        try
        {
            package = Package.Open(stream, FileMode.Open, FileAccess.Read);
            var main = Related(package.GetRelationships(), "officeDocument")
                ?? throw new XlsxReadException("This file does not contain an Excel workbook. Upload an Excel Workbook (.xlsx) file.");
            var uri = PackUriHelper.ResolvePartUri(new Uri("/", UriKind.Relative), main.TargetUri);
            if (!package.PartExists(uri))
                throw new XlsxReadException("This file does not contain an Excel workbook. Upload an Excel Workbook (.xlsx) file.");
            var part = package.GetPart(uri);
            if (!WorkbookTypes.Contains(part.ContentType)) throw new XlsxReadException(NotXlsx);
            var (sheets, date1904) = ReadWorkbook(part);
            if (sheets.Count == 0) throw new XlsxReadException("This workbook has no sheets.");
            return new XlsxReader(package, part, sheets, date1904);
        }
        catch (XlsxReadException)
        {
            package?.Close();
            throw;
        }
        catch (Exception e) when (IsFormatProblem(e))
        {
            package?.Close();
            throw new XlsxReadException(Damaged, e);
        }
    }

    // The first internal relationship of the type, in the transitional or the strict namespace.
    private static PackageRelationship? Related(PackageRelationshipCollection relationships, string type) =>
        relationships.FirstOrDefault(r => r.TargetMode == TargetMode.Internal
            && (r.RelationshipType == Relationships + "/" + type || r.RelationshipType == StrictRelationships + "/" + type));

    private PackagePart? RelatedPart(string type) =>
        Related(_workbookPart.GetRelationships(), type) is { } r
        && PackUriHelper.ResolvePartUri(_workbookPart.Uri, r.TargetUri) is var uri && _package.PartExists(uri)
            ? _package.GetPart(uri) : null;

    private static XmlReader Xml(PackagePart part) => XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), SheetXml);

    private static bool IsSheetElement(XmlReader reader, string name) =>
        reader.NodeType == XmlNodeType.Element && reader.LocalName == name && reader.NamespaceURI is SheetNs or StrictSheetNs;

    // The sheets (name and relationship id) listed in the workbook's first <sheets>, and its workbookPr date1904.
    private static (List<(string, string)> Sheets, bool Date1904) ReadWorkbook(PackagePart part)
    {
        using var reader = Xml(part);
        var sheets = new List<(string, string)>();
        bool? date1904 = null, sheetsSeen = false;
        if (reader.MoveToContent() != XmlNodeType.Element || !IsSheetElement(reader, "workbook") || reader.IsEmptyElement)
            return (sheets, false);
        int depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.Depth != depth + 1) continue;
            if (date1904 is null && IsSheetElement(reader, "workbookPr"))
                date1904 = reader.GetAttribute("date1904") is { } d && XmlConvert.ToBoolean(d);
            else if (sheetsSeen == false && IsSheetElement(reader, "sheets"))
            {
                sheetsSeen = true;
                if (reader.IsEmptyElement) continue;
                while (reader.Read() && reader.Depth > depth + 1)
                {
                    if (reader.Depth != depth + 2 || !IsSheetElement(reader, "sheet")) continue;
                    var name = reader.GetAttribute("name");
                    var id = reader.GetAttribute("id", Relationships) ?? reader.GetAttribute("id", StrictRelationships);
                    if (name != null && id != null) sheets.Add((name, id));
                }
                if (reader.Depth <= depth) break;
            }
        }
        return (sheets, date1904 == true);
    }

    public IEnumerable<XlsxRow> ReadRows(string sheetName)
    {
        var sheet = _sheets.FirstOrDefault(s => string.Equals(s.Name, sheetName, StringComparison.OrdinalIgnoreCase));
        if (sheet.Name == null) throw new XlsxReadException($"The workbook has no sheet named \"{sheetName}\".");
        var part = Guard(() => WorksheetPart(sheet.RelId))
            ?? throw new XlsxReadException($"The sheet \"{sheet.Name}\" could not be read: the file looks damaged.");
        _sharedStrings ??= Guard(LoadSharedStrings);
        _dateStyles ??= Guard(LoadDateStyles);
        return Rows(part);
    }

    // As WorkbookPart.GetPartById: an id the workbook does not have is damage; one that is not a worksheet (a chart
    // sheet) gives null.
    private PackagePart? WorksheetPart(string relId)
    {
        var r = _workbookPart.GetRelationship(relId);
        if (r.TargetMode != TargetMode.Internal
            || (r.RelationshipType != Relationships + "/worksheet" && r.RelationshipType != StrictRelationships + "/worksheet")) return null;
        var uri = PackUriHelper.ResolvePartUri(_workbookPart.Uri, r.TargetUri);
        return _package.PartExists(uri) ? _package.GetPart(uri) : null;
    }

    public void Dispose() => _package.Close();

    private const string SheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string StrictSheetNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";

    // No DTDs (entity expansion) and no external resources, as OpenXmlReader; whitespace-only text outside
    // xml:space="preserve" is dropped, as OpenXmlReader does.
    private static readonly XmlReaderSettings SheetXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true, CloseInput = true,
    };

    // The shared strings keep every node: OpenXmlReader kept white space and comments, and a text's value depends on both.
    private static readonly XmlReaderSettings StringXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = true,
    };

    // The sheet is read with a plain XmlReader: OpenXmlReader builds an element object and an attribute list for every
    // node, which made reading a 10,000-row sheet most of the import's time, and its code is compiled on first use.
    private IEnumerable<XlsxRow> Rows(PackagePart part)
    {
        using var reader = Guard(() => Xml(part));
        var cursor = new RowCursor(reader);
        while (Guard(() => NextRow(cursor)) is { } row) yield return row;
    }

    // The sheet's names, atomised in the reader's name table so each node is told apart by reference, not by comparing
    // strings; the text builders are reused from cell to cell.
    private sealed class RowCursor
    {
        public RowCursor(XmlReader reader)
        {
            Reader = reader;
            var names = reader.NameTable;
            Ns = names.Add(SheetNs);
            StrictNs = names.Add(StrictSheetNs);
            Row = names.Add("row");
            C = names.Add("c");
            V = names.Add("v");
            Is = names.Add("is");
            RPh = names.Add("rPh");
            T = names.Add("t");
        }

        public XmlReader Reader { get; }
        public int PreviousRow { get; set; }
        public readonly string Ns, StrictNs, Row, C, V, Is, RPh, T;
        public readonly StringBuilder Value = new(), Inline = new();
    }

    // Walks the sheet node by node instead of loading each row as a DOM. Rows and cells without an r attribute follow
    // on from the previous one, as Excel reads them. An empty element (<c/>, <row/>) has no end node.
    // Compiled optimised at once (here, in ColumnOf and in ValueOf): tiered compilation would run these loops unoptimised
    // and instrumented for much of the first import in a process, which halved its reading speed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private XlsxRow? NextRow(RowCursor cursor)
    {
        var reader = cursor.Reader;
        StringBuilder valueText = cursor.Value, inlineText = cursor.Inline;
        Dictionary<int, object>? cells = null;
        int number = 0, column = 0, style = 0, phonetic = 0;
        string? type = null;
        bool hasValue = false, hasInline = false;
        StringBuilder? text = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                {
                    var ns = reader.NamespaceURI;
                    if (!ReferenceEquals(ns, cursor.Ns) && !ReferenceEquals(ns, cursor.StrictNs)) break;
                    bool empty = reader.IsEmptyElement;
                    var name = reader.LocalName;
                    if (ReferenceEquals(name, cursor.C))
                    {
                        column = reader.GetAttribute("r") is { } cr ? ColumnOf(cr) : column + 1;
                        type = reader.GetAttribute("t");
                        style = reader.GetAttribute("s") is { } st ? int.Parse(st, CultureInfo.InvariantCulture) : 0;
                        hasValue = hasInline = false;
                        text = null;
                    }
                    else if (ReferenceEquals(name, cursor.V))
                    {
                        hasValue = true;
                        valueText.Clear();
                        text = empty ? null : valueText;
                    }
                    else if (ReferenceEquals(name, cursor.T))
                    {
                        if (hasInline && phonetic == 0 && !empty) text = inlineText;
                    }
                    else if (ReferenceEquals(name, cursor.Row))
                    {
                        number = reader.GetAttribute("r") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : cursor.PreviousRow + 1;
                        cursor.PreviousRow = number;
                        cells = empty ? null : [];
                        column = 0;
                    }
                    else if (ReferenceEquals(name, cursor.Is))
                    {
                        hasInline = true;
                        inlineText.Clear();
                    }
                    else if (ReferenceEquals(name, cursor.RPh))   // a reading guide, not part of the value
                    {
                        if (!empty) phonetic++;
                    }
                    break;
                }
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    text?.Append(reader.Value);
                    break;
                case XmlNodeType.EndElement:
                {
                    var ns = reader.NamespaceURI;
                    if (!ReferenceEquals(ns, cursor.Ns) && !ReferenceEquals(ns, cursor.StrictNs)) break;
                    var name = reader.LocalName;
                    if (ReferenceEquals(name, cursor.V) || ReferenceEquals(name, cursor.T)) text = null;
                    else if (ReferenceEquals(name, cursor.C))
                    {
                        if (cells != null && ValueOf(type, style, hasValue ? valueText.ToString() : null, hasInline ? inlineText.ToString() : null) is { } v)
                            cells[column] = v;
                    }
                    else if (ReferenceEquals(name, cursor.Row))
                    {
                        if (cells is { Count: > 0 }) return new XlsxRow(number, cells);
                    }
                    else if (ReferenceEquals(name, cursor.RPh)) phonetic--;
                    break;
                }
            }
        }
        return null;
    }

    // The column of a reference such as B12, without the regular expression of XlsxRef.ParseCell for the common form;
    // anything else (with $, or malformed) goes through ParseCell, which accepts and refuses exactly as before.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ColumnOf(string reference)
    {
        int i = 0, column = 0;
        while (i < reference.Length && i < 3 && char.IsAsciiLetter(reference[i]))
            column = column * 26 + (char.ToUpperInvariant(reference[i++]) - 'A' + 1);
        int letters = i, row = 0;
        while (i < reference.Length && i - letters < 7 && char.IsAsciiDigit(reference[i]))
            row = row * 10 + (reference[i++] - '0');
        bool simple = letters > 0 && i > letters && i == reference.Length && column <= XlsxRef.MaxColumns && row is >= 1 and <= XlsxRef.MaxRows;
        return simple ? column : XlsxRef.ParseCell(reference).Column;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private object? ValueOf(string? type, int style, string? raw, string? inline)
    {
        if (type == "inlineStr") return inline == null ? null : XlsxText.Decode(inline);
        if (raw == null) return null;
        switch (type)
        {
            case "s":
                return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i >= 0 && i < _sharedStrings!.Length
                    ? _sharedStrings[i] : throw new XlsxReadException(Damaged);
            case "str": return XlsxText.Decode(raw);   // the cached result of a text formula
            case "b": return raw == "1" || raw.Equals("true", StringComparison.OrdinalIgnoreCase);
            case "e": return new XlsxErrorValue(raw);
            case "d":   // ISO 8601 dates, written by some tools instead of serials
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso)
                    ? (iso.TimeOfDay == TimeSpan.Zero ? DateOnly.FromDateTime(iso) : iso) : raw;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return raw;

        var kind = style >= 0 && style < _dateStyles!.Length ? _dateStyles[style] : DateKind.None;
        if (kind == DateKind.None) return number;
        var serial = number + (_date1904 ? 1462 : 0);
        if (serial is < -657434 or >= 2958466) return number;   // outside what a date can be
        var date = DateTime.FromOADate(serial);   // follows Excel's 1900 leap-year quirk the usual way
        return kind == DateKind.Date ? DateOnly.FromDateTime(date) : date;
    }

    // Each <si> of the table, as OpenXmlReader gave it: the text of its first direct <t> if it has one, otherwise the
    // texts of its runs (each run's first <t>) joined; phonetic guides (rPh) are not part of the value. Read with a
    // plain XmlReader, as the rows are: our own workbooks put their texts in this table, so every upload reads it.
    private string[] LoadSharedStrings()
    {
        if (RelatedPart("sharedStrings") is not { } part) return [];
        using var reader = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), StringXml);
        var list = new List<string>();
        if (reader.MoveToContent() != XmlNodeType.Element || !IsSheetElement(reader, "sst") || reader.IsEmptyElement) return [];
        int depth = reader.Depth;
        var runs = new StringBuilder();
        reader.Read();
        while (reader.Depth > depth && !reader.EOF)
        {
            if (reader.Depth != depth + 1 || !IsSheetElement(reader, "si") || reader.IsEmptyElement)
            {
                if (reader.Depth == depth + 1 && IsSheetElement(reader, "si")) list.Add("");
                reader.Read();
                continue;
            }
            string? direct = null;
            runs.Clear();
            reader.Read();
            while (reader.Depth > depth + 1)
            {
                if (reader.Depth == depth + 2 && IsSheetElement(reader, "t"))
                {
                    var t = TextContent(reader);   // read even when not used, to move past it
                    direct ??= t;
                }
                else if (reader.Depth == depth + 2 && IsSheetElement(reader, "r") && !reader.IsEmptyElement)
                {
                    string? first = null;
                    reader.Read();
                    while (reader.Depth > depth + 2)
                    {
                        if (reader.Depth == depth + 3 && IsSheetElement(reader, "t"))
                        {
                            var t = TextContent(reader);   // read even when not used, to move past it
                            first ??= t;
                        }
                        else reader.Read();
                    }
                    runs.Append(first);
                    reader.Read();   // past </r>
                }
                else reader.Read();
            }
            list.Add(XlsxText.Decode(direct ?? runs.ToString()));
            reader.Read();   // past </si>
        }
        return [.. list];
    }

    // A <t>'s text as the SDK's Text element held it: its first node's after any comments and processing instructions,
    // when that is text, CDATA or white space (even outside xml:space="preserve"); nothing after it counts, not even
    // more text after a comment. Leaves the reader past the element.
    private static string TextContent(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }
        int depth = reader.Depth;
        do reader.Read(); while (reader.NodeType is XmlNodeType.Comment or XmlNodeType.ProcessingInstruction);
        var text = reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
            ? reader.Value : "";
        while (reader.Depth > depth) reader.Read();   // the rest of the element
        reader.Read();   // past </t>
        return text;
    }

    // The cell formats (cellXfs) and which of them show dates, from the first <numFmts> and <cellXfs> of the styles.
    private DateKind[] LoadDateStyles()
    {
        if (RelatedPart("styles") is not { } part) return [];
        using var reader = Xml(part);
        if (reader.MoveToContent() != XmlNodeType.Element || !IsSheetElement(reader, "styleSheet") || reader.IsEmptyElement) return [];
        int depth = reader.Depth;
        Dictionary<uint, string>? custom = null;
        List<uint>? formats = null;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.Depth != depth + 1 || reader.NodeType != XmlNodeType.Element) continue;
            bool numFmts = custom == null && IsSheetElement(reader, "numFmts"), cellXfs = formats == null && IsSheetElement(reader, "cellXfs");
            if (!numFmts && !cellXfs) continue;
            if (numFmts) custom = [];
            else formats = [];
            if (reader.IsEmptyElement) continue;
            while (reader.Read() && reader.Depth > depth + 1)
            {
                if (reader.Depth != depth + 2) continue;
                if (numFmts && IsSheetElement(reader, "numFmt") && reader.GetAttribute("numFmtId") is { } id)
                    custom!.TryAdd(XmlConvert.ToUInt32(id), reader.GetAttribute("formatCode") ?? "");
                else if (cellXfs && IsSheetElement(reader, "xf"))
                    formats!.Add(reader.GetAttribute("numFmtId") is { } f ? XmlConvert.ToUInt32(f) : 0);
            }
        }
        if (formats == null) return [];
        custom ??= [];
        return formats.Select(id => custom.TryGetValue(id, out var code) ? Classify(code) : BuiltInKind(id)).ToArray();
    }

    // Built-in 14–17 are dates and 22 a date with time. 18–21 and 45–47 are times of day or durations, read as
    // numbers: treating them as dates would turn "1:30" into 30/12/1899.
    private static DateKind BuiltInKind(uint id) => id switch
    {
        >= 14 and <= 17 => DateKind.Date,
        22 => DateKind.DateTime,
        _ => DateKind.None,
    };

    internal static DateKind Classify(string code)
    {
        // Look only at the first section (positive numbers), with quoted text, escapes, padding and
        // bracketed parts such as colours or locales removed.
        var sb = new StringBuilder();
        bool elapsed = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == ';') break;
            if (c == '"') { i = code.IndexOf('"', i + 1); if (i < 0) break; continue; }
            if (c is '\\' or '_' or '*') { i++; continue; }
            if (c == '[')
            {
                int end = code.IndexOf(']', i);
                if (end < 0) break;
                var inner = code[(i + 1)..end].ToLowerInvariant();
                if (inner.Length > 0 && inner.All(ch => ch is 'h' or 'm' or 's')) elapsed = true;   // [h]:mm, [mm]:ss
                i = end;
                continue;
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        var s = sb.ToString();
        bool hasDay = s.Contains('d'), hasYear = s.Contains('y');
        bool hasTime = elapsed || s.Contains('h') || s.Contains('s');
        // A lone m is a month unless it sits with hours or seconds, where it means minutes.
        bool hasMonth = s.Contains('m') && !hasTime;
        if (elapsed || !(hasDay || hasYear || hasMonth)) return DateKind.None;
        return hasTime ? DateKind.DateTime : DateKind.Date;
    }

    private static Stream Seekable(Stream input)
    {
        if (input.CanSeek) return input;
        var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static void CheckSignature(Stream stream)
    {
        long start = stream.Position;
        Span<byte> head = stackalloc byte[8];
        int read = stream.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        stream.Position = start;
        if (read == 0) throw new XlsxReadException("The file is empty.");
        if (read == 8 && head.SequenceEqual(OleSignature))
        {
            // Both an encrypted .xlsx and an old .xls are OLE compound files; only the encrypted one has an
            // "EncryptionInfo" stream, whose name appears in UTF-16 in the file's directory.
            throw new XlsxReadException(ContainsUtf16(stream, "EncryptionInfo")
                ? "This workbook is password-protected, so it cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, then clear it), save, and upload it again."
                : "This is an older Excel 97–2003 workbook (.xls). Open it in Excel, save it as \"Excel Workbook (.xlsx)\", then upload that.");
        }
        if (read < 4 || head[0] != 'P' || head[1] != 'K') throw new XlsxReadException(NotXlsx);
    }

    private static bool ContainsUtf16(Stream stream, string text)
    {
        long start = stream.Position;
        var needle = Encoding.Unicode.GetBytes(text);
        var buffer = new byte[(int)Math.Min(stream.Length - start, 32 * 1024 * 1024)];
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return buffer.AsSpan().IndexOf(needle) >= 0;
    }

    private static bool IsFormatProblem(Exception e) =>
        e is InvalidDataException or FileFormatException or XmlException or OverflowException
            or IOException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException;

    // Damage inside a part only shows once it is read, so every read is wrapped.
    private static T Guard<T>(Func<T> read)
    {
        try { return read(); }
        catch (XlsxReadException) { throw; }
        catch (Exception e) when (IsFormatProblem(e)) { throw new XlsxReadException(Damaged, e); }
    }
}
