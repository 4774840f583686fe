using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kaizen.Web.Export;

public enum XlsxChartKind { Bar, Line }

internal sealed record XlsxChartSpec(
    XlsxChartKind Kind, string Title, XlsxRange Categories, IReadOnlyList<XlsxRange> Series, XlsxAnchor Anchor,
    XlsxChartOptions Options);

// One worksheet, written row by row straight into the zip entry. Only the first rows are kept in memory:
// the first WidthSampleRows are held back until the column widths are known (the <cols> element precedes the
// data), and the first RetainedRows stay available so charts can cache the values they plot.
public sealed class XlsxSheet
{
    internal const int RetainedRows = 1_000;
    private const int WidthSampleRows = 100;
    private const double MinWidth = 8, MaxWidth = 60;
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly XlsxWorkbook _workbook;
    private readonly IReadOnlyList<XlsxColumn> _columns;
    private readonly XlsxSheetOptions _options;
    private readonly List<XlsxCell[]> _retained = [];
    private readonly List<XlsxChartSpec> _charts = [];
    private Stream? _stream;
    private OpenXmlWriter? _writer;
    private int _lastColumn;

    // Reused element instances: OpenXmlWriter only takes the element name from them when attributes are given.
    private readonly Row _row = new();
    private readonly Cell _cell = new();
    private readonly CellValue _value = new();
    private readonly InlineString _inline = new();
    private readonly Text _text = new();

    internal XlsxSheet(XlsxWorkbook workbook, int index, string name, IReadOnlyList<XlsxColumn> columns, XlsxSheetOptions options)
    {
        _workbook = workbook;
        Index = index;
        Name = name;
        _columns = columns;
        _options = options;
        if (HasHeader) WriteRow(columns.Select(c => new XlsxCell(c.Header)).ToArray());
    }

    public string Name { get; }
    public int Index { get; }
    public int LastRow { get; private set; }
    internal string Path => $"xl/worksheets/sheet{Index}.xml";
    internal bool IsFinished { get; private set; }
    internal IReadOnlyList<XlsxChartSpec> Charts => _charts;
    internal string? FilterRange { get; private set; }
    private bool HasHeader => _columns.Count > 0;

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
        return cell.Value is null ? null : (cell, Resolve(cell, ColumnAt(column)));
    }

    internal void Finish()
    {
        if (IsFinished) return;
        if (_writer == null) Start();
        var w = _writer!;
        w.WriteEndElement(); // sheetData
        if (HasHeader && _options.AutoFilter)
        {
            FilterRange = $"A1:{XlsxRef.Cell(Math.Max(_lastColumn, 1), LastRow)}";
            w.WriteElement(new AutoFilter { Reference = FilterRange });
        }
        if (_charts.Count > 0)
            w.WriteElement(new Drawing { Id = "rId1" });
        w.WriteEndElement(); // worksheet
        w.Close();
        _stream!.Dispose();
        IsFinished = true;
    }

    private void Start()
    {
        _stream = _workbook.OpenEntry(Path);
        _writer = OpenXmlWriter.Create(_stream);
        var w = _writer;
        w.WriteStartDocument(true);
        w.WriteStartElement(new Worksheet(), [], [new("r", RelationshipsNs)]);

        var view = new SheetView { WorkbookViewId = 0 };
        if (Index == 1) view.TabSelected = true;
        if (HasHeader && _options.FreezeHeader)
        {
            view.Append(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
        }
        w.WriteElement(new SheetViews(view));

        if (_lastColumn > 0)
        {
            var cols = new Columns();
            for (int c = 1; c <= _lastColumn; c++)
                cols.Append(new Column { Min = (uint)c, Max = (uint)c, Width = Math.Round(WidthOf(c), 2), CustomWidth = true });
            w.WriteElement(cols);
        }

        w.WriteStartElement(new SheetData());
        for (int r = 0; r < _retained.Count; r++) WriteCells(r + 1, _retained[r]);
    }

    private void WriteCells(int rowNumber, XlsxCell[] cells)
    {
        var w = _writer!;
        w.WriteStartElement(_row, [new("r", "", rowNumber.ToString(CultureInfo.InvariantCulture))]);
        for (int i = 0; i < cells.Length; i++)
        {
            var cell = cells[i];
            string? text = cell.Value switch
            {
                null => null,
                string s => s,
                double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : null,
                DateOnly d => d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture),
                DateTime d => d.ToOADate().ToString("R", CultureInfo.InvariantCulture),
                bool b => b ? "1" : "0",
                _ => throw new InvalidOperationException("Unexpected cell value type."),
            };
            if (text == null) continue;

            var column = ColumnAt(i + 1);
            bool isText = cell.Value is string;
            var key = new XlsxStyles.Key(
                Resolve(cell, column), cell.Bold, column?.Wrap ?? false,
                QuotePrefix: isText && LooksLikeFormula(text),
                Header: HasHeader && rowNumber == 1);
            int style = _workbook.Styles.Id(key);

            var attributes = new List<OpenXmlAttribute>(3) { new("r", "", XlsxRef.Cell(i + 1, rowNumber)) };
            if (style != 0) attributes.Add(new("s", "", style.ToString(CultureInfo.InvariantCulture)));
            if (isText) attributes.Add(new("t", "", "inlineStr"));
            else if (cell.Value is bool) attributes.Add(new("t", "", "b"));
            w.WriteStartElement(_cell, attributes);
            if (isText)
            {
                // Text is always an inline string, never a formula, so nothing in it is ever evaluated.
                w.WriteStartElement(_inline);
                w.WriteStartElement(_text, [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")]);
                w.WriteString(XlsxText.Encode(text));
                w.WriteEndElement();
                w.WriteEndElement();
            }
            else
            {
                w.WriteStartElement(_value);
                w.WriteString(text);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    // What Excel would treat as the start of a formula if the user re-entered the cell.
    internal static bool LooksLikeFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';

    private XlsxColumn? ColumnAt(int column) => column <= _columns.Count ? _columns[column - 1] : null;

    // An explicit cell format wins; otherwise the column's format when it suits the value; otherwise the
    // value's own default (so a date is never shown as a bare serial number).
    internal static XlsxFormat Resolve(XlsxCell cell, XlsxColumn? column)
    {
        if (cell.Format is { } explicitFormat) return explicitFormat;
        var format = column?.Format ?? XlsxFormat.General;
        return cell.Value switch
        {
            DateOnly or DateTime => IsDateFormat(format) ? format : cell.TypeFormat,
            double => IsNumberFormat(format) ? format : cell.TypeFormat,
            string => format == XlsxFormat.Text ? format : XlsxFormat.General,
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
            if (column <= row.Length) chars = Math.Max(chars, DisplayLength(row[column - 1], Resolve(row[column - 1], def)));
        if (def != null)   // bold header text is wider, and the filter button takes about two characters
            chars = Math.Max(chars, def.Header.Length * 1.1 + (_options.AutoFilter ? 2 : 0));
        return Math.Clamp(chars + 2, MinWidth, MaxWidth);
    }

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
