using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

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

    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbookPart;
    private readonly List<(string Name, string RelId)> _sheets;
    private readonly bool _date1904;
    private string[]? _sharedStrings;
    private DateKind[]? _dateStyles;

    internal enum DateKind : byte { None, Date, DateTime }

    private XlsxReader(SpreadsheetDocument document, WorkbookPart part, List<(string, string)> sheets, bool date1904)
    {
        _document = document;
        _workbookPart = part;
        _sheets = sheets;
        _date1904 = date1904;
    }

    public IReadOnlyList<string> SheetNames => _sheets.Select(s => s.Name).ToList();

    public static XlsxReader Open(Stream input)
    {
        var stream = Seekable(input);
        CheckSignature(stream);
        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
            var part = document.WorkbookPart ?? throw new XlsxReadException("This file does not contain an Excel workbook. Upload an Excel Workbook (.xlsx) file.");
            var workbook = part.Workbook;
            var sheets = workbook.Sheets?.Elements<Sheet>()
                .Where(s => s.Name?.Value != null && s.Id?.Value != null)
                .Select(s => (s.Name!.Value!, s.Id!.Value!)).ToList() ?? [];
            if (sheets.Count == 0) throw new XlsxReadException("This workbook has no sheets.");
            return new XlsxReader(document, part, sheets, workbook.WorkbookProperties?.Date1904?.Value == true);
        }
        catch (XlsxReadException)
        {
            document?.Dispose();
            throw;
        }
        catch (Exception e) when (IsFormatProblem(e))
        {
            document?.Dispose();
            // The packaging layer rejects zips that are not Office documents (a .docx, a plain zip) with the same
            // exceptions as damaged ones; the message covers both.
            throw new XlsxReadException(e is OpenXmlPackageException && e.Message.Contains("content type", StringComparison.OrdinalIgnoreCase) ? NotXlsx : Damaged, e);
        }
    }

    public IEnumerable<XlsxRow> ReadRows(string sheetName)
    {
        var sheet = _sheets.FirstOrDefault(s => string.Equals(s.Name, sheetName, StringComparison.OrdinalIgnoreCase));
        if (sheet.Name == null) throw new XlsxReadException($"The workbook has no sheet named \"{sheetName}\".");
        var part = Guard(() => _workbookPart.GetPartById(sheet.RelId) as WorksheetPart)
            ?? throw new XlsxReadException($"The sheet \"{sheet.Name}\" could not be read: the file looks damaged.");
        _sharedStrings ??= Guard(LoadSharedStrings);
        _dateStyles ??= Guard(LoadDateStyles);
        return Rows(part);
    }

    public void Dispose() => _document.Dispose();

    private const string SheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string StrictSheetNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";

    // No DTDs (entity expansion) and no external resources, as OpenXmlReader; whitespace-only text outside
    // xml:space="preserve" is dropped, as OpenXmlReader does.
    private static readonly XmlReaderSettings SheetXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true, CloseInput = true,
    };

    // The sheet is read with a plain XmlReader: OpenXmlReader builds an element object and an attribute list for every
    // node, which made reading a 10,000-row sheet most of the import's time, and its code is compiled on first use.
    private IEnumerable<XlsxRow> Rows(WorksheetPart part)
    {
        using var reader = Guard(() => XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), SheetXml));
        var cursor = new RowCursor(reader);
        while (Guard(() => NextRow(cursor)) is { } row) yield return row;
    }

    private sealed class RowCursor(XmlReader reader)
    {
        public XmlReader Reader { get; } = reader;
        public int PreviousRow { get; set; }
    }

    // Walks the sheet node by node instead of loading each row as a DOM. Rows and cells without an r attribute follow
    // on from the previous one, as Excel reads them. An empty element (<c/>, <row/>) has no end node.
    private XlsxRow? NextRow(RowCursor cursor)
    {
        var reader = cursor.Reader;
        Dictionary<int, object>? cells = null;
        int number = 0, column = 0, style = 0, phonetic = 0;
        string? type = null;
        StringBuilder? value = null, inline = null, text = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI is SheetNs or StrictSheetNs:
                    bool empty = reader.IsEmptyElement;
                    switch (reader.LocalName)
                    {
                        case "row":
                            number = reader.GetAttribute("r") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : cursor.PreviousRow + 1;
                            cursor.PreviousRow = number;
                            cells = empty ? null : [];
                            column = 0;
                            break;
                        case "c":
                            column = reader.GetAttribute("r") is { } cr ? XlsxRef.ParseCell(cr).Column : column + 1;
                            type = reader.GetAttribute("t");
                            style = reader.GetAttribute("s") is { } st ? int.Parse(st, CultureInfo.InvariantCulture) : 0;
                            value = null;
                            inline = null;
                            text = null;
                            break;
                        case "v":
                            value = new StringBuilder();
                            text = empty ? null : value;
                            break;
                        case "is":
                            inline = new StringBuilder();
                            break;
                        case "rPh":   // a reading guide, not part of the value
                            if (!empty) phonetic++;
                            break;
                        case "t":
                            if (inline != null && phonetic == 0 && !empty) text = inline;
                            break;
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    text?.Append(reader.Value);
                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI is SheetNs or StrictSheetNs:
                    switch (reader.LocalName)
                    {
                        case "v" or "t":
                            text = null;
                            break;
                        case "rPh":
                            phonetic--;
                            break;
                        case "c":
                            if (cells != null && ValueOf(type, style, value?.ToString(), inline?.ToString()) is { } v) cells[column] = v;
                            break;
                        case "row":
                            if (cells is { Count: > 0 }) return new XlsxRow(number, cells);
                            break;
                    }
                    break;
            }
        }
        return null;
    }

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

    // With the same plain XmlReader as the rows: our own workbooks put every text in this table, so an import reads it
    // on every upload. Rich text keeps its pieces in runs; phonetic guides (rPh) are not part of the value.
    private string[] LoadSharedStrings()
    {
        var part = _workbookPart.SharedStringTablePart;
        if (part == null) return [];
        var list = new List<string>();
        using var reader = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), SheetXml);
        StringBuilder? item = null;
        bool inText = false;
        int phonetic = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI is SheetNs or StrictSheetNs:
                    bool empty = reader.IsEmptyElement;
                    switch (reader.LocalName)
                    {
                        case "si":
                            if (empty) list.Add("");
                            else (item ??= new StringBuilder()).Clear();
                            break;
                        case "rPh":
                            if (!empty) phonetic++;
                            break;
                        case "t":
                            inText = item != null && phonetic == 0 && !empty;
                            break;
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    if (inText) item!.Append(reader.Value);
                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI is SheetNs or StrictSheetNs:
                    switch (reader.LocalName)
                    {
                        case "t":
                            inText = false;
                            break;
                        case "rPh":
                            phonetic--;
                            break;
                        case "si" when item != null:
                            list.Add(XlsxText.Decode(item.ToString()));
                            break;
                    }
                    break;
            }
        }
        return [.. list];
    }

    private DateKind[] LoadDateStyles()
    {
        var stylesheet = _workbookPart.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats == null) return [];
        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value != null)
            .GroupBy(f => f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? "") ?? [];
        return stylesheet.CellFormats.Elements<CellFormat>().Select(xf =>
        {
            uint id = xf.NumberFormatId?.Value ?? 0;
            return custom.TryGetValue(id, out var code) ? Classify(code) : BuiltInKind(id);
        }).ToArray();
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
        e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException
            or IOException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException;

    // Damage inside a part only shows once it is read, so every read is wrapped.
    private static T Guard<T>(Func<T> read)
    {
        try { return read(); }
        catch (XlsxReadException) { throw; }
        catch (Exception e) when (IsFormatProblem(e)) { throw new XlsxReadException(Damaged, e); }
    }
}
