using System.Globalization;
using System.Text;

namespace Kaizen.Web.Export;

public enum XlsxChartKind { Bar, Line }

internal sealed record XlsxChartSpec(
    XlsxChartKind Kind, string Title, XlsxRange Categories, IReadOnlyList<XlsxRange> Series, XlsxAnchor Anchor,
    XlsxChartOptions Options);

// One worksheet, written row by row straight into the zip entry as UTF-8 XML (XlsxXmlWriter). Only the first rows
// are kept in memory: the first WidthSampleRows are held back until the column widths are known (the <cols> element
// precedes the data), and the first RetainedRows stay available so charts can cache the values they plot.
public sealed class XlsxSheet
{
    internal const int RetainedRows = 1_000;
    private const int WidthSampleRows = 100;
    private const double MinWidth = 8, MaxWidth = 60;
    // A table's text columns are at most this wide and their longer cells wrap, so a wide table still prints one page
    // wide at a readable size; a header longer than HeaderWidth wraps onto lines of its words rather than widen its column.
    private const double WrappedMaxWidth = 40, HeaderWidth = 14;
    // About the widths, in characters, that fit across A4 portrait with the margins below; a wider sheet prints landscape.
    private const double PortraitWidth = 100;
    // Points per line of 11-point text, and the most Excel allows a row.
    private const double LineHeight = 15, MaxRowHeight = 409;
    // Day 0 of Excel's 1900 date system, as .NET's OLE Automation dates count (ToOADate).
    private static readonly int OaEpoch = new DateOnly(1899, 12, 30).DayNumber;
    private static readonly byte[][] ColumnRefs = Enumerable.Range(1, 64).Select(c => Encoding.ASCII.GetBytes(XlsxRef.ColumnLetters(c))).ToArray();

    private readonly XlsxWorkbook _workbook;
    private readonly IReadOnlyList<XlsxColumn> _columns;
    private readonly XlsxSheetOptions _options;
    private readonly List<XlsxCell[]> _retained = [];
    private readonly List<XlsxChartSpec> _charts = [];
    private XlsxEntry? _entry;
    private CellTail?[] _tails = [];
    private readonly XlsxColumn[] _columnArray;
    private readonly List<byte[]> _styleAttributes = [];
    private XlsxXmlWriter? _writer;
    private int _lastColumn;
    private double[] _widths = [];
    private bool _landscape;

    internal XlsxSheet(XlsxWorkbook workbook, int index, string name, IReadOnlyList<XlsxColumn> columns, XlsxSheetOptions options)
    {
        _workbook = workbook;
        Index = index;
        Name = name;
        _columns = columns;
        _columnArray = [.. columns];
        _options = options;
        if (HasHeader) WriteRow(columns.Select(c => new XlsxCell(c.Header)).ToArray());
    }

    public string Name { get; }
    public int Index { get; }
    public int LastRow { get; private set; }
    internal string Path => $"xl/worksheets/sheet{Index}.xml";
    internal bool IsFinished { get; private set; }
    internal IReadOnlyList<XlsxChartSpec> Charts => _charts;
    internal long SharedCells { get; private set; }
    internal string? FilterRange { get; private set; }
    private bool HasHeader => _columns.Count > 0;
    // The header row prints at the top of every page (the workbook names it _xlnm.Print_Titles).
    internal bool RepeatsHeader => HasHeader && _options.RepeatHeader;

    public XlsxRange Range(string range) => XlsxRange.On(Name, range);

    public int WriteRow(params XlsxCell[] cells)
    {
        if (IsFinished) throw new InvalidOperationException($"Sheet '{Name}' is finished; rows go in before the next sheet is added.");
        if (LastRow == XlsxRef.MaxRows) throw new InvalidOperationException($"Sheet '{Name}' is full ({XlsxRef.MaxRows:N0} rows).");
        if (cells.Length > XlsxRef.MaxColumns) throw new ArgumentException($"A row can have at most {XlsxRef.MaxColumns} cells.");
        LastRow++;
        _lastColumn = Math.Max(_lastColumn, cells.Length);
        if (LastRow <= RetainedRows) _retained.Add((XlsxCell[])cells.Clone());   // the caller may reuse its array
        if (_writer != null) WriteCells(LastRow, cells);
        else if (LastRow >= WidthSampleRows) Start();
        return LastRow;
    }

    public int WriteRow(IEnumerable<object?> values) => WriteRow(values.Select(XlsxCell.From).ToArray());

    public void AddBarChart(string title, XlsxRange categories, IEnumerable<XlsxRange> series, XlsxAnchor anchor, XlsxChartOptions? options = null) =>
        AddChart(XlsxChartKind.Bar, title, categories, series, anchor, options);

    public void AddLineChart(string title, XlsxRange categories, IEnumerable<XlsxRange> series, XlsxAnchor anchor, XlsxChartOptions? options = null) =>
        AddChart(XlsxChartKind.Line, title, categories, series, anchor, options);

    private void AddChart(XlsxChartKind kind, string title, XlsxRange categories, IEnumerable<XlsxRange> series, XlsxAnchor anchor, XlsxChartOptions? options)
    {
        if (IsFinished) throw new InvalidOperationException($"Sheet '{Name}' is finished; add its charts before the next sheet is added.");
        var list = series.ToList();
        if (list.Count == 0) throw new ArgumentException("A chart needs at least one series.", nameof(series));
        foreach (var range in list.Append(categories))
        {
            if (range.Count != categories.Count)
                throw new ArgumentException("Every series must have as many cells as the categories.", nameof(series));
            if (range.LastRow > RetainedRows)
                throw new ArgumentException($"Chart data must lie in the first {RetainedRows} rows of a sheet.", nameof(series));
        }
        _charts.Add(new XlsxChartSpec(kind, title, categories, list, anchor, options ?? new XlsxChartOptions()));
    }

    // The cell as written and the format it was written with; null when empty or never written.
    internal (XlsxCell Cell, XlsxFormat Format)? CellAt(int column, int row)
    {
        if (row < 1 || row > _retained.Count || column > _retained[row - 1].Length) return null;
        var cell = _retained[row - 1][column - 1];
        return cell.Kind == XlsxKind.Empty ? null : (cell, Resolve(cell, ColumnAt(column)));
    }

    internal void Finish()
    {
        if (IsFinished) return;
        if (_writer == null) Start();
        try
        {
            var w = _writer!;
            w.Raw("</sheetData>"u8);
            if (HasHeader && _options.AutoFilter)
            {
                FilterRange = $"A1:{XlsxRef.Cell(Math.Max(_lastColumn, 1), LastRow)}";
                w.Raw("<autoFilter ref=\""u8);
                w.Attribute(FilterRange);
                w.Raw("\"/>"u8);
            }
            WritePageSetup(w);
            if (_charts.Count > 0)
                w.Raw("<drawing r:id=\"rId1\"/>"u8);
            w.Raw("</worksheet>"u8);
        }
        finally
        {
            IsFinished = true;
            _entry!.Dispose();   // waits for the entry's compressor, whatever happened
        }
    }

    internal void Abandon()
    {
        IsFinished = true;
        _entry?.Abandon();
    }

    private void Start()
    {
        _entry = _workbook.OpenSheetEntry(Path);
        _writer = _entry.Writer;
        var w = _writer;
        w.Raw("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"""u8);
        w.Raw("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"""u8);
        // Printed to fit the page's width (pageSetup's fitToWidth); sheetPr must be the worksheet's first element.
        w.Raw("""<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"""u8);
        _widths = Enumerable.Range(1, _lastColumn).Select(c => Math.Round(WidthOf(c), 2)).ToArray();
        _landscape = _widths.Sum() > PortraitWidth;

        w.Raw(Index == 1 ? "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\""u8 : "<sheetViews><sheetView workbookViewId=\"0\""u8);
        if (HasHeader && _options.FreezeHeader)
            w.Raw("""><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"""u8);
        else
            w.Raw("/></sheetViews>"u8);

        if (_lastColumn > 0)
        {
            w.Raw("<cols>"u8);
            for (int c = 1; c <= _lastColumn; c++)
            {
                w.Raw("<col min=\""u8);
                w.Int(c);
                w.Raw("\" max=\""u8);
                w.Int(c);
                w.Raw("\" width=\""u8);
                w.Double(_widths[c - 1]);
                w.Raw("\" customWidth=\"1\"/>"u8);
            }
            w.Raw("</cols>"u8);
        }

        w.Raw("<sheetData>"u8);
        for (int r = 0; r < _retained.Count; r++) WriteCells(r + 1, _retained[r]);
    }

    private void WriteCells(int rowNumber, XlsxCell[] cells)
    {
        var w = _writer!;
        Span<byte> row = stackalloc byte[12];
        rowNumber.TryFormat(row, out int rowLength, default, CultureInfo.InvariantCulture);
        row = row[..rowLength];
        if (_tails.Length < cells.Length) Array.Resize(ref _tails, cells.Length);
        bool header = rowNumber == 1 && _columnArray.Length > 0;
        // Each cell's tail first, for the lines its text wraps onto: a spreadsheet program does not grow a row to its
        // wrapped text when it opens the file (LibreOffice prints such a row one line tall, the rest cut off).
        int lines = 1;
        for (int i = 0; i < cells.Length; i++)
        {
            ref readonly var cell = ref cells[i];
            if (cell.Kind == XlsxKind.Empty || (cell.Kind == XlsxKind.Number && !double.IsFinite(cell.NumberValue))) continue;
            var tail = _tails[i] ??= new CellTail();
            if (!tail.Holds(in cell, header)) tail.Set(in cell, header, this, i < _columnArray.Length ? _columnArray[i] : null, i);
            lines = Math.Max(lines, tail.Lines);
        }
        w.Raw("<row r=\""u8);
        w.Raw(row);
        if (lines > 1)
        {
            w.Raw("\" ht=\""u8);
            w.Double(Math.Min(MaxRowHeight, lines * LineHeight));
            w.Raw("\" customHeight=\"1"u8);
        }
        w.Raw("\">"u8);
        var open = "<c r=\""u8;
        int next = 0;   // the column a cell without a reference would take
        for (int i = 0; i < cells.Length; i++)
        {
            ref readonly var cell = ref cells[i];
            var kind = cell.Kind;
            if (kind == XlsxKind.Empty || (kind == XlsxKind.Number && !double.IsFinite(cell.NumberValue))) continue;

            var tail = _tails[i]!;   // set above
            if (tail.Shared) SharedCells++;
            var end = tail.Bytes.AsSpan(0, tail.Length);

            // A cell that follows on from the previous one needs no reference (r is optional; readers, Excel's and
            // ours, place such a cell in the next column): a tenth of a big sheet's XML. The tail starts with the
            // quote that closes the reference.
            if (i == next)
            {
                next++;
                var tailSpan = w.Reserve(1 + end.Length);
                if (tailSpan.IsEmpty)
                {
                    w.Raw("<c"u8);
                    w.Raw(end[1..]);
                    continue;
                }
                "<c"u8.CopyTo(tailSpan);
                end[1..].CopyTo(tailSpan[2..]);
                w.Advance(1 + end.Length);
                continue;
            }
            next = i + 1;
            var reference = i < ColumnRefs.Length ? ColumnRefs[i] : Encoding.ASCII.GetBytes(XlsxRef.ColumnLetters(i + 1));

            // One copy per piece into the writer's buffer, with a single check for room.
            var span = w.Reserve(open.Length + reference.Length + row.Length + end.Length);
            if (span.IsEmpty)
            {
                w.Raw(open);
                w.Raw(reference);
                w.Raw(row);
                w.Raw(end);
                continue;
            }
            open.CopyTo(span);
            int n = open.Length;
            reference.CopyTo(span[n..]);
            n += reference.Length;
            row.CopyTo(span[n..]);
            n += row.Length;
            end.CopyTo(span[n..]);
            w.Advance(n + end.Length);
        }
        w.Raw("</row>"u8);
    }

    // '" s="12"', made once per style.
    private ReadOnlySpan<byte> StyleAttribute(int style)
    {
        while (_styleAttributes.Count <= style)
            _styleAttributes.Add(Encoding.ASCII.GetBytes($"\" s=\"{_styleAttributes.Count.ToString(CultureInfo.InvariantCulture)}"));
        return _styleAttributes[style];
    }

    // The rest of a cell's XML after its reference, from its style to </c>, as last written in a column. Columns
    // repeat their values from row to row (a workshop's trust and title on each of its measures' rows, a measure's
    // baseline on each of its follow-ups), and encoding the text, formatting the number and finding the style again
    // costs more than copying the bytes. The style depends on the value's kind, its format and boldness and the
    // header row besides the column, so those are part of what must match.
    private sealed class CellTail
    {
        private XlsxKind _kind;
        private string? _text;
        private double _number;
        private XlsxFormat? _format;
        private bool _bold, _header;

        public byte[] Bytes { get; private set; } = new byte[64];
        public int Lines { get; private set; } = 1;
        public bool Shared { get; private set; }
        public int Length { get; private set; }

        public bool Holds(in XlsxCell cell, bool header) =>
            cell.Kind == _kind && cell.Format == _format && cell.Bold == _bold && header == _header
            && (_kind == XlsxKind.Text
                ? ReferenceEquals(cell.Reference, _text)
                : _kind != XlsxKind.DateTime && BitConverter.DoubleToInt64Bits(cell.NumberValue) == BitConverter.DoubleToInt64Bits(_number));

        public void Set(in XlsxCell cell, bool header, XlsxSheet sheet, XlsxColumn? column, int columnIndex)
        {
            (_kind, _text, _number, _format, _bold, _header) = (cell.Kind, cell.TextValue, cell.NumberValue, cell.Format, cell.Bold, header);
            Shared = false;
            bool wrap = column?.Wrap == true || sheet.Wraps(in cell, header, columnIndex);
            Lines = wrap && _kind == XlsxKind.Text ? sheet.LinesOf(_text!, header, columnIndex) : 1;
            int style = sheet._workbook.Styles.Id(Resolve(in cell, column), cell.Bold, wrap,
                quotePrefix: _kind == XlsxKind.Text && LooksLikeFormula(_text!), header);
            var styleAttribute = style == 0 ? default : sheet.StyleAttribute(style);
            switch (_kind)
            {
                case XlsxKind.Text:
                    // Text is a shared string or an inline one, never a formula, so nothing in it is ever evaluated.
                    int shared = sheet._workbook.Strings.Index(_text!);
                    Shared = shared >= 0;
                    if (Shared)
                    {
                        Span<byte> index = stackalloc byte[12];
                        Write(styleAttribute, "\" t=\"s\"><v>"u8, index[..XlsxSharedStrings.Format(shared, index)], "</v></c>"u8);
                        return;
                    }
                    var text = XlsxText.Encode(_text!);
                    Write(styleAttribute, XlsxText.NeedsSpacePreserved(text) ? "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"u8 : "\" t=\"inlineStr\"><is><t>"u8,
                        text, "</t></is></c>"u8);
                    return;
                case XlsxKind.Bool:
                    Write(styleAttribute, "\" t=\"b\"><v>"u8, _number != 0 ? "1"u8 : "0"u8, "</v></c>"u8);
                    return;
            }
            Span<byte> value = stackalloc byte[40];
            int length;
            if (_kind == XlsxKind.Number && IsWhole(_number)) ((long)_number).TryFormat(value, out length, default, CultureInfo.InvariantCulture);
            else if (_kind == XlsxKind.Number) _number.TryFormat(value, out length, "R", CultureInfo.InvariantCulture);
            else if (_kind == XlsxKind.DateTime) cell.DateTimeValue.ToOADate().TryFormat(value, out length, "R", CultureInfo.InvariantCulture);
            else if (cell.DateValue.Year >= 1900) (cell.DateValue.DayNumber - OaEpoch).TryFormat(value, out length, default, CultureInfo.InvariantCulture);
            else length = Encoding.ASCII.GetBytes(cell.DateValue.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture), value);
            Write(styleAttribute, "\"><v>"u8, value[..length], "</v></c>"u8);
        }

        // A whole number below 10^15 reads the same as a long as in the round-trip form ("R" turns to E notation at
        // 10^15), and formats several times faster. Counts, days and serials are whole.
        private static bool IsWhole(double value) =>
            Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value));

        private void Write(ReadOnlySpan<byte> style, ReadOnlySpan<byte> start, string text, ReadOnlySpan<byte> end)
        {
            Reserve(style.Length + start.Length + text.Length * XlsxXmlWriter.MaxBytesPerChar + end.Length);
            style.CopyTo(Bytes);
            start.CopyTo(Bytes.AsSpan(style.Length));
            int n = style.Length + start.Length;
            n += XlsxXmlWriter.EscapeText(text, Bytes.AsSpan(n));
            end.CopyTo(Bytes.AsSpan(n));
            Length = n + end.Length;
        }

        private void Write(ReadOnlySpan<byte> style, ReadOnlySpan<byte> start, ReadOnlySpan<byte> value, ReadOnlySpan<byte> end)
        {
            Reserve(style.Length + start.Length + value.Length + end.Length);
            style.CopyTo(Bytes);
            int n = style.Length;
            start.CopyTo(Bytes.AsSpan(n));
            n += start.Length;
            value.CopyTo(Bytes.AsSpan(n));
            n += value.Length;
            end.CopyTo(Bytes.AsSpan(n));
            Length = n + end.Length;
        }

        private void Reserve(int bytes)
        {
            if (Bytes.Length < bytes) Bytes = new byte[Math.Max(bytes, Bytes.Length * 2)];
        }
    }

    // What Excel would treat as the start of a formula if the user re-entered the cell.
    internal static bool LooksLikeFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';

    private XlsxColumn? ColumnAt(int column) => column <= _columns.Count ? _columns[column - 1] : null;

    // An explicit cell format wins; otherwise the column's format when it suits the value; otherwise the
    // value's own default (so a date is never shown as a bare serial number).
    internal static XlsxFormat Resolve(in XlsxCell cell, XlsxColumn? column)
    {
        if (cell.Format is { } explicitFormat) return explicitFormat;
        var format = column?.Format ?? XlsxFormat.General;
        return cell.Kind switch
        {
            XlsxKind.Date or XlsxKind.DateTime => IsDateFormat(format) ? format : cell.TypeFormat,
            XlsxKind.Number => IsNumberFormat(format) ? format : cell.TypeFormat,
            XlsxKind.Text => format == XlsxFormat.Text ? format : XlsxFormat.General,
            _ => XlsxFormat.General,
        };
    }

    private static bool IsDateFormat(XlsxFormat f) => f is XlsxFormat.Date or XlsxFormat.DateTime or XlsxFormat.Month;
    private static bool IsNumberFormat(XlsxFormat f) =>
        f is XlsxFormat.Integer or XlsxFormat.Number1 or XlsxFormat.Number2 or XlsxFormat.Percent or XlsxFormat.Percent1;

    private double WidthOf(int column)
    {
        var def = ColumnAt(column);
        if (def?.Width is { } fixedWidth) return fixedWidth;
        double chars = 0;
        foreach (var row in _retained.Take(WidthSampleRows).Skip(HasHeader ? 1 : 0))
            if (column <= row.Length && !Spills(row, column)) chars = Math.Max(chars, DisplayLength(row[column - 1], Resolve(row[column - 1], def)));
        if (def != null)   // bold header text is wider, and the filter button takes about two characters
            chars = Math.Max(chars, _options.WrapLongText
                ? Math.Max(Math.Min(HeaderLength(def.Header), HeaderWidth), HeaderLength(LongestWord(def.Header)))
                : HeaderLength(def.Header));
        return Math.Clamp(chars + 2, MinWidth, _options.WrapLongText ? WrappedMaxWidth : MaxWidth);
    }

    // On a sheet whose text is not wrapped (the Summary), text with an empty cell to its right runs over it, so it needs
    // no width of its own; in the last column it would run off the printed page, so there it counts.
    private bool Spills(XlsxCell[] row, int column) =>
        !_options.WrapLongText && row[column - 1].Kind == XlsxKind.Text && column < _lastColumn
        && (column >= row.Length || row[column].Kind == XlsxKind.Empty);

    private double HeaderLength(string header) => header.Length * 1.1 + (_options.AutoFilter ? 2 : 0);

    private static string LongestWord(string text) => text.Split(' ').MaxBy(w => w.Length) ?? "";

    // A text cell wider than its column wraps onto more lines (the row grows to fit), so nothing is cut off in print.
    private bool Wraps(in XlsxCell cell, bool header, int index)
    {
        if (!_options.WrapLongText || cell.Kind != XlsxKind.Text) return false;
        var text = cell.TextValue!;
        double width = index < _widths.Length ? _widths[index] : MinWidth;
        return text.Contains('\n') || (header ? HeaderLength(text) : text.Length) + 2 > width;
    }

    // The lines a wrapped text takes in its column, breaking at spaces (and within a word longer than a line).
    private int LinesOf(string text, bool header, int index)
    {
        double width = index < _widths.Length ? _widths[index] : MinWidth;
        double capacity = Math.Max(1, header ? (width - 1.5 - (_options.AutoFilter ? 2 : 0)) / 1.1 : width - 1.5);
        int lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            lines++;
            double used = 0;
            foreach (var word in paragraph.Split(' '))
            {
                if (used > 0 && used + 1 + word.Length > capacity)
                {
                    lines++;
                    used = 0;
                }
                used += (used > 0 ? 1 : 0) + word.Length;
                while (used > capacity)
                {
                    lines++;
                    used -= capacity;
                }
            }
            if (lines * LineHeight >= MaxRowHeight) break;
        }
        return lines;
    }

    // Page margins (inches), A4 landscape where the columns are wider than portrait holds, one page wide, and a header
    // and footer on every page: the workbook's title and filters, the sheet's name, the day produced, page N of M.
    private void WritePageSetup(XlsxXmlWriter w)
    {
        w.Raw("""<pageMargins left="0.4" right="0.4" top="0.75" bottom="0.6" header="0.3" footer="0.3"/>"""u8);
        w.Raw(_landscape ? "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\""u8
            : "<pageSetup paperSize=\"9\" orientation=\"portrait\" fitToWidth=\"1\" fitToHeight=\""u8);
        w.Int(Math.Max(0, _options.FitToHeight));
        w.Raw("\"/><headerFooter><oddHeader>"u8);
        var heading = _workbook.PrintHeading;
        w.Text(HeaderText(heading));
        w.Raw("</oddHeader><oddFooter>"u8);
        w.Text((heading is null ? "" : "&LProduced " + heading.Produced.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)) + "&RPage &P of &N");
        w.Raw("</oddFooter></headerFooter>"u8);
    }

    // Excel allows 255 characters in a header; the filters give way first.
    internal static string HeaderText(XlsxPrintHeading? heading)
    {
        const int Limit = 255;
        if (heading is null) return "&R&A";
        var left = "&L&B" + Escape(heading.Title) + "&B";
        var right = "&R&A";
        if (!string.IsNullOrWhiteSpace(heading.Filters)) right = "&R" + Escape(heading.Filters) + "\n&A";
        if (left.Length + right.Length > Limit) right = right.Length > Limit / 2 ? "&R" + Escape(Shorten(heading.Filters!, Limit / 2 - 10)) + "\n&A" : right;
        if (left.Length + right.Length > Limit) left = "&L&B" + Escape(Shorten(heading.Title, Limit - right.Length - 20)) + "&B";
        return left + right;
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..Math.Max(0, length - 1)].TrimEnd() + "…";

    // In a header, & starts a code; a literal one is doubled.
    private static string Escape(string text) => text.Replace("&", "&&");

    internal static string Display(XlsxCell cell, XlsxFormat format) => cell.Value switch
    {
        null => "",
        string s => s,
        bool b => b ? "TRUE" : "FALSE",
        DateOnly d => Display(new XlsxCell(d.ToDateTime(TimeOnly.MinValue)), format),
        DateTime d => format switch
        {
            XlsxFormat.Month => d.ToString("MMM yyyy", CultureInfo.InvariantCulture),
            XlsxFormat.DateTime => d.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
            _ => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        },
        double v => format switch
        {
            XlsxFormat.Integer => v.ToString("#,##0", CultureInfo.InvariantCulture),
            XlsxFormat.Number1 => v.ToString("#,##0.0", CultureInfo.InvariantCulture),
            XlsxFormat.Number2 => v.ToString("#,##0.00", CultureInfo.InvariantCulture),
            XlsxFormat.Percent => v.ToString("0%", CultureInfo.InvariantCulture),
            XlsxFormat.Percent1 => v.ToString("0.0%", CultureInfo.InvariantCulture),
            _ => v.ToString("0.#########", CultureInfo.InvariantCulture),
        },
        _ => cell.Value.ToString() ?? "",
    };

    private static double DisplayLength(XlsxCell cell, XlsxFormat format)
    {
        var text = Display(cell, format);
        // Multi-line text is as wide as its longest line.
        return text.Contains('\n') ? text.Split('\n').Max(l => l.Length) : text.Length;
    }
}
