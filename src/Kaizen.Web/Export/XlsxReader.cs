using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.IO.Packaging;

namespace Kaizen.Web.Export;

// The only exception the reader lets out (XlsxLimitException, a file past one of the limits, is one); the message is
// written for the person who uploaded the file.
public class XlsxReadException(string userMessage, Exception? inner = null) : Exception(userMessage, inner);

// An error value such as #N/A or #DIV/0! from a cell, kept distinct from text that happens to look like one.
public readonly record struct XlsxErrorValue(string Code)
{
    public override string ToString() => Code;
}

// One non-empty row. Cells holds only cells with a value, keyed by 1-based column; values are string, double,
// bool, DateOnly, DateTime (date formats that show a time) or XlsxErrorValue. A number whose cell is formatted as a
// percentage is the fraction Excel stores (5% is 0.05); IsPercent says which cells those are, as the value alone
// cannot tell 5% from a plain 0.05.
public sealed class XlsxRow(int number, IReadOnlyDictionary<int, object> cells, IReadOnlySet<int>? percents = null)
{
    public int Number { get; } = number;
    public IReadOnlyDictionary<int, object> Cells { get; } = cells;
    public bool IsPercent(int column) => percents?.Contains(column) == true && Cells.GetValueOrDefault(column) is double;
    public object? this[int column] => Cells.GetValueOrDefault(column);
    public object? this[string columnLetters] => this[XlsxRef.ColumnIndex(columnLetters)];
}

// Reads a workbook for import. Rows stream through an XmlReader; only the shared strings and the styles'
// date flags are held in memory. Every part is read through an XlsxPartStream, which holds the limits.
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
    private readonly Parts _parts;
    private XlsxBudget _budget => _parts.Budget;
    private string[]? _sharedStrings;
    private FormatKind[]? _formats;

    // What a cell format's number format shows a number as: a date, a date with a time, a percentage, or the number.
    internal enum FormatKind : byte { None, Date, DateTime, Percent }

    private XlsxReader(Package package, PackagePart part, List<(string, string)> sheets, bool date1904, Parts parts)
    {
        _package = package;
        _workbookPart = part;
        _sheets = sheets;
        _date1904 = date1904;
        _parts = parts;
    }

    public IReadOnlyList<string> SheetNames => _sheets.Select(s => s.Name).ToList();

    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string StrictRelationships = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    // The one main part's content type Kaizen reads: an Excel Workbook (.xlsx). Its macro-enabled form (.xlsm), whatever
    // the file is called, and templates and add-ins are refused by this type, not by the file's name; another Office
    // document (a .docx) has a main part of another type.
    private const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private const string TemplateType = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml";
    private const string VbaProjectType = "application/vnd.ms-office.vbaProject";

    private const string HasMacros = "This workbook contains macros: it is a macro-enabled workbook (.xlsm), whatever its file name says. " +
        "Kaizen does not accept files with macros. In Excel, save it as \"Excel Workbook (.xlsx)\", which leaves the macros out, then upload that.";

    public static XlsxReader Open(Stream input, XlsxLimits? limits = null)
    {
        var stream = new XlsxCountingStream(Seekable(input));
        CheckSignature(stream);
        var parts = Guard(() => ScanPackage(stream, new XlsxBudget(limits ?? XlsxLimits.Excel)));
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
            if (part.ContentType.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)
                || package.GetParts().Any(p => string.Equals(p.ContentType, VbaProjectType, StringComparison.OrdinalIgnoreCase)
                                               || p.Uri.OriginalString.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
                throw new XlsxReadException(HasMacros);
            if (string.Equals(part.ContentType, TemplateType, StringComparison.OrdinalIgnoreCase))
                throw new XlsxReadException("This is an Excel template (.xltx), not a workbook. Open it in Excel, save it as \"Excel Workbook (.xlsx)\", then upload that.");
            if (!string.Equals(part.ContentType, WorkbookType, StringComparison.OrdinalIgnoreCase)) throw new XlsxReadException(NotXlsx);
            var (sheets, date1904) = ReadWorkbook(part, parts);
            if (sheets.Count == 0) throw new XlsxReadException("This workbook has no sheets.");
            return new XlsxReader(package, part, sheets, date1904, parts);
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

    private XmlReader Xml(PackagePart part, XmlReaderSettings? settings = null) => Xml(part, _parts, settings);

    private static XmlReader Xml(PackagePart part, Parts parts, XmlReaderSettings? settings = null) =>
        XmlReader.Create(parts.Guarded(part), settings ?? SheetXml);

    // The budget the parts share, and the file under the zip reader, which counts the compressed bytes read from it:
    // a part's ratio is what it has inflated to over what has been read for it so far, so a bomb is stopped at its
    // first MB, not once its whole compressed size has been inflated a hundred times over.
    private sealed record Parts(XlsxBudget Budget, XlsxCountingStream File)
    {
        public Stream Guarded(PackagePart part) =>
            new XlsxPartStream(part.GetStream(FileMode.Open, FileAccess.Read), part.Uri.OriginalString.TrimStart('/'), Budget, File);
    }

    // Before System.IO.Packaging sees the file: the number of zip entries from the zip's end record (opening a zip
    // of 100,000 empty entries as a package took 3.5 s and 170 MB), then the package's own XML read once through the
    // limits, as Package.Open reads [Content_Types].xml and the .rels parts whole without any.
    private static Parts ScanPackage(XlsxCountingStream stream, XlsxBudget budget)
    {
        long start = stream.Position;
        var entries = ZipEntryCount(stream);
        if (entries > budget.Limits.MaxParts)
            throw new XlsxLimitException($"This file is not a workbook as Excel saves it: it has {entries:N0} parts, where a workbook has a few dozen. " +
                $"Kaizen reads files of at most {budget.Limits.MaxParts:N0} parts. If it is a real workbook, open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.");
        stream.Position = start;
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            if (zip.Entries.Count > budget.Limits.MaxParts) throw new XlsxReadException(Damaged);   // the end record undercounted them
            var buffer = new byte[16 * 1024];
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)
                    && !entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)) continue;
                using var part = new XlsxPartStream(entry.Open(), entry.FullName, budget, stream, XlsxLimits.MaxPackageXmlBytes);
                while (part.Read(buffer) > 0) { }
            }
        }
        stream.Position = start;
        return new Parts(budget, stream);
    }

    // The number of entries the zip's end of central directory record (or its Zip64 form) gives, or 0 when it has
    // none (the zip reader then refuses the file as damaged).
    private static long ZipEntryCount(Stream stream)
    {
        long start = stream.Position, length = stream.Length - start;
        int tail = (int)Math.Min(length, 22 + 65_535);
        var bytes = new byte[tail];
        stream.Position = start + length - tail;
        stream.ReadExactly(bytes);
        for (int i = tail - 22; i >= 0; i--)
        {
            if (bytes[i] != 'P' || bytes[i + 1] != 'K' || bytes[i + 2] != 5 || bytes[i + 3] != 6) continue;
            long count = BitConverter.ToUInt16(bytes, i + 10);
            if (count != 0xFFFF || i < 20 || bytes[i - 20] != 'P' || bytes[i - 19] != 'K' || bytes[i - 18] != 6 || bytes[i - 17] != 7)
                return count;
            // Zip64: the locator before the record gives where the Zip64 end record is, which holds the 64-bit count.
            long at = BitConverter.ToInt64(bytes, i - 20 + 8);
            if (at < 0 || at + 56 > length) return long.MaxValue;
            var record = new byte[56];
            stream.Position = start + at;
            stream.ReadExactly(record);
            return record[0] == 'P' && record[1] == 'K' && record[2] == 6 && record[3] == 6 ? (long)Math.Min(BitConverter.ToUInt64(record, 32), long.MaxValue) : long.MaxValue;
        }
        return 0;
    }

    private static bool IsSheetElement(XmlReader reader, string name) =>
        reader.NodeType == XmlNodeType.Element && reader.LocalName == name && reader.NamespaceURI is SheetNs or StrictSheetNs;

    // The sheets (name and relationship id) listed in the workbook's first <sheets>, and its workbookPr date1904.
    private static (List<(string, string)> Sheets, bool Date1904) ReadWorkbook(PackagePart part, Parts parts)
    {
        using var reader = Xml(part, parts);
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
                    if (sheets.Count > XlsxLimits.MaxSheets)
                        throw new XlsxLimitException($"This workbook has more than {XlsxLimits.MaxSheets:N0} sheets; Kaizen reads workbooks of at most {XlsxLimits.MaxSheets:N0}. Remove the sheets it does not need, then upload it again.");
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
        _formats ??= Guard(LoadFormats);
        return Rows(part, sheet.Name);
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
    private IEnumerable<XlsxRow> Rows(PackagePart part, string sheetName)
    {
        using var reader = Guard(() => Xml(part));
        var cursor = new RowCursor(reader, sheetName);
        while (Guard(() => NextRow(cursor)) is { } row) yield return row;
    }

    // The sheet's names, atomised in the reader's name table so each node is told apart by reference, not by comparing
    // strings; the text builders are reused from cell to cell.
    private sealed class RowCursor
    {
        public RowCursor(XmlReader reader, string sheet)
        {
            Reader = reader;
            Sheet = sheet;
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
        public string Sheet { get; }
        public int PreviousRow { get; set; }
        public readonly string Ns, StrictNs, Row, C, V, Is, RPh, T;
        public readonly StringBuilder Value = new(), Inline = new();
        public readonly char[] Chunk = new char[4096];
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
        HashSet<int>? percents = null;
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
                        if (column > XlsxRef.MaxColumns) throw PastExcel(cursor.Sheet, $"has a cell past column XFD ({XlsxRef.MaxColumns:N0}), the last column Excel has");
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
                        if (number > XlsxRef.MaxRows) throw PastExcel(cursor.Sheet, $"has more than {XlsxRef.MaxRows:N0} rows, the most Excel allows");
                        cursor.PreviousRow = number;
                        cells = empty ? null : [];
                        percents = null;
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
                // White space outside xml:space="preserve" is dropped, as OpenXmlReader did; such a node appears at all only
                // when it is too long for the reader's buffer.
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    if (text != null) AppendText(cursor, text, cursor.Sheet, column, number);
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
                        {
                            if (v is string s && s.Length > XlsxLimits.MaxCellChars) throw TooLongCell(cursor.Sheet, column, number);
                            if (column > _budget.Limits.MaxColumns)
                                throw new XlsxLimitException($"The sheet \"{cursor.Sheet}\" has a value in column {XlsxRef.ColumnLetters(column)} (cell {XlsxRef.Cell(column, number)}); " +
                                    $"Kaizen reads at most {_budget.Limits.MaxColumns:N0} columns, up to column {XlsxRef.ColumnLetters(_budget.Limits.MaxColumns)}. Delete or move what is in the columns past it, then upload the workbook again.");
                            cells[column] = v;
                            if (v is double && style >= 0 && style < _formats!.Length && _formats[style] == FormatKind.Percent)
                                (percents ??= []).Add(column);
                        }
                    }
                    else if (ReferenceEquals(name, cursor.Row))
                    {
                        if (cells is { Count: > 0 }) return new XlsxRow(number, cells, percents);
                    }
                    else if (ReferenceEquals(name, cursor.RPh)) phonetic--;
                    break;
                }
            }
        }
        return null;
    }

    // A text node's characters, read a piece at a time so that a cell of a billion characters is refused at its
    // first 229,369 (Excel's 32,767 with every character written as an _xHHHH_ escape), never built as one string.
    private static void AppendText(RowCursor cursor, StringBuilder text, string sheet, int column, int row) =>
        AppendChunks(cursor.Reader, text, cursor.Chunk, () => TooLongCell(sheet, column, row));

    internal const int MaxStoredCellChars = XlsxLimits.MaxCellChars * 7;

    private static void AppendChunks(XmlReader reader, StringBuilder text, char[] chunk, Func<Exception> tooLong)
    {
        if (!reader.CanReadValueChunk)
        {
            var value = reader.Value;
            if (text.Length + value.Length > MaxStoredCellChars) throw tooLong();
            text.Append(value);
            return;
        }
        int n;
        while ((n = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
        {
            if (text.Length + n > MaxStoredCellChars) throw tooLong();
            text.Append(chunk, 0, n);
        }
    }

    private static XlsxLimitException TooLongCell(string sheet, int column, int row) => new(
        $"The cell {(column is >= 1 and <= XlsxRef.MaxColumns && row is >= 1 and <= XlsxRef.MaxRows ? XlsxRef.Cell(column, row) : "")} of the sheet \"{sheet}\" holds more than {XlsxLimits.MaxCellChars:N0} characters, the most Excel allows in a cell, " +
        $"so this file was not saved by Excel. Kaizen reads at most {XlsxLimits.MaxCellChars:N0} characters a cell. Shorten the cell, then upload the workbook again.");

    private static XlsxLimitException PastExcel(string sheet, string what) => new(
        $"The sheet \"{sheet}\" {what}, so this file was not saved by Excel and Kaizen does not read it. " +
        "If it is a real workbook, open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.");

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

        var kind = style >= 0 && style < _formats!.Length ? _formats[style] : FormatKind.None;
        if (kind is FormatKind.None or FormatKind.Percent) return number;
        var serial = number + (_date1904 ? 1462 : 0);
        if (serial is < -657434 or >= 2958466) return number;   // outside what a date can be
        var date = DateTime.FromOADate(serial);   // follows Excel's 1900 leap-year quirk the usual way
        return kind == FormatKind.Date ? DateOnly.FromDateTime(date) : date;
    }

    // Each <si> of the table, as OpenXmlReader gave it: the text of its first direct <t> if it has one, otherwise the
    // texts of its runs (each run's first <t>) joined; phonetic guides (rPh) are not part of the value. Read with a
    // plain XmlReader, as the rows are: our own workbooks put their texts in this table, so every upload reads it.
    private string[] LoadSharedStrings()
    {
        if (RelatedPart("sharedStrings") is not { } part) return [];
        using var reader = Xml(part, StringXml);
        var list = new List<string>();
        var limits = _budget.Limits;
        long chars = 0;
        var chunk = new char[4096];
        var content = new StringBuilder();
        // Checked as each entry is added, so the table never grows past its limits.
        void Add(string text)
        {
            if (list.Count >= limits.MaxSharedStrings)
                throw new XlsxLimitException($"This workbook holds more than {limits.MaxSharedStrings:N0} different texts (its shared strings table); " +
                    $"Kaizen reads at most {limits.MaxSharedStrings:N0}, far more than a workbook of its largest size needs. Remove other sheets and unused rows, or split the workbook in two.");
            chars += text.Length;
            if (chars > limits.MaxSharedStringChars)
                throw new XlsxLimitException($"This workbook's different texts (its shared strings table) come to more than {limits.MaxSharedStringChars:N0} characters; " +
                    $"Kaizen reads at most {limits.MaxSharedStringChars:N0}, far more than a workbook of its largest size needs. Remove other sheets and unused rows, or split the workbook in two.");
            list.Add(text);
        }
        string Text() => TextContent(reader, content, chunk, () => TooLongSharedString(list.Count));
        if (reader.MoveToContent() != XmlNodeType.Element || !IsSheetElement(reader, "sst") || reader.IsEmptyElement) return [];
        int depth = reader.Depth;
        var runs = new StringBuilder();
        reader.Read();
        while (reader.Depth > depth && !reader.EOF)
        {
            if (reader.Depth != depth + 1 || !IsSheetElement(reader, "si") || reader.IsEmptyElement)
            {
                if (reader.Depth == depth + 1 && IsSheetElement(reader, "si")) Add("");
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
                    var t = Text();   // read even when not used, to move past it
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
                            var t = Text();   // read even when not used, to move past it
                            first ??= t;
                        }
                        else reader.Read();
                    }
                    runs.Append(first);
                    if (runs.Length > MaxStoredCellChars) throw TooLongSharedString(list.Count);
                    reader.Read();   // past </r>
                }
                else reader.Read();
            }
            var value = XlsxText.Decode(direct ?? runs.ToString());
            if (value.Length > XlsxLimits.MaxCellChars) throw TooLongSharedString(list.Count);
            Add(value);
            reader.Read();   // past </si>
        }
        return [.. list];
    }

    // A <t>'s text as the SDK's Text element held it: its first node's after any comments and processing instructions,
    // when that is text, CDATA or white space (even outside xml:space="preserve"); nothing after it counts, not even
    // more text after a comment. Leaves the reader past the element.
    private static XlsxLimitException TooLongSharedString(int index) => new(
        $"The workbook's text number {index + 1:N0} (in its shared strings table) holds more than {XlsxLimits.MaxCellChars:N0} characters, the most Excel allows in a cell, " +
        $"so this file was not saved by Excel. Kaizen reads at most {XlsxLimits.MaxCellChars:N0} characters a cell. If it is a real workbook, open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.");

    private static string TextContent(XmlReader reader, StringBuilder content, char[] chunk, Func<Exception> tooLong)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }
        int depth = reader.Depth;
        do reader.Read(); while (reader.NodeType is XmlNodeType.Comment or XmlNodeType.ProcessingInstruction);
        content.Clear();
        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            AppendChunks(reader, content, chunk, tooLong);
        var text = content.ToString();
        while (reader.Depth > depth) reader.Read();   // the rest of the element
        reader.Read();   // past </t>
        return text;
    }

    // The cell formats (cellXfs) and which of them show dates or percentages, from the first <numFmts> and <cellXfs>
    // of the styles, read through the same limited stream as every part.
    private FormatKind[] LoadFormats()
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
                if ((custom?.Count ?? 0) + (formats?.Count ?? 0) > 2 * XlsxLimits.MaxFormats)
                    throw new XlsxLimitException($"This workbook has more than {XlsxLimits.MaxFormats:N0} cell formats, the most Excel allows, so it was not saved by Excel. " +
                        "If it is a real workbook, open it in Excel, save it again as \"Excel Workbook (.xlsx)\", then upload that.");
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

    // Built-in 9 (0%) and 10 (0.00%) are percentages, 14–17 dates and 22 a date with time. 18–21 and 45–47 are
    // times of day or durations, read as numbers: treating them as dates would turn "1:30" into 30/12/1899.
    private static FormatKind BuiltInKind(uint id) => id switch
    {
        9 or 10 => FormatKind.Percent,
        >= 14 and <= 17 => FormatKind.Date,
        22 => FormatKind.DateTime,
        _ => FormatKind.None,
    };

    internal static FormatKind Classify(string code)
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
        if (elapsed || !(hasDay || hasYear || hasMonth))
            return s.Contains('%') ? FormatKind.Percent : FormatKind.None;   // a % outside quotes and escapes shows the number times 100
        return hasTime ? FormatKind.DateTime : FormatKind.Date;
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
