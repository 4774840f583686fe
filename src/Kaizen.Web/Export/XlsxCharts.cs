using DocumentFormat.OpenXml;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Kaizen.Web.Export;

// Native Excel charts: one drawing part per sheet that has charts, one chart part per chart. Each series
// references its cells and also carries a cache of their values, so viewers that do not recalculate
// (previews, LibreOffice on load, phones) still draw it.
internal sealed class XlsxCharts(XlsxWorkbook workbook)
{
    private static readonly string[] Palette = ["005EB8", "ED8B00", "009639", "7C2855", "00A9CE", "DA291C", "425563", "FFB81C"];
    private const string ChartCt = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
    private const string DrawingCt = "application/vnd.openxmlformats-officedocument.drawing+xml";
    private const uint CategoryAxisId = 500_000_001, ValueAxisId = 500_000_002;
    private int _chartCount;

    public void WriteAll(IEnumerable<XlsxSheet> sheets)
    {
        foreach (var sheet in sheets)
        {
            var anchors = new List<OpenXmlElement>();
            var chartRels = new List<(string, string, string)>();
            for (int i = 0; i < sheet.Charts.Count; i++)
            {
                int number = ++_chartCount;
                var relId = $"rId{i + 1}";
                workbook.WritePart($"xl/charts/chart{number}.xml", ChartCt, BuildChart(sheet.Charts[i]));
                chartRels.Add((relId, "chart", $"../charts/chart{number}.xml"));
                anchors.Add(Anchor(sheet.Charts[i], (uint)(i + 1), relId));
            }
            var drawing = new Xdr.WorksheetDrawing(anchors);
            drawing.AddNamespaceDeclaration("xdr", "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing");
            drawing.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");
            drawing.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
            drawing.AddNamespaceDeclaration("c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
            workbook.WritePart($"xl/drawings/drawing{sheet.Index}.xml", DrawingCt, drawing);
            workbook.WriteRelationships($"xl/drawings/_rels/drawing{sheet.Index}.xml.rels", chartRels);
            workbook.WriteRelationships($"xl/worksheets/_rels/sheet{sheet.Index}.xml.rels",
                [("rId1", "drawing", $"../drawings/drawing{sheet.Index}.xml")]);
        }
    }

    private static Xdr.TwoCellAnchor Anchor(XlsxChartSpec spec, uint id, string relId) => new(
        Marker(new Xdr.FromMarker(), spec.Anchor.FromColumn, spec.Anchor.FromRow),
        Marker(new Xdr.ToMarker(), spec.Anchor.ToColumn, spec.Anchor.ToRow),
        new Xdr.GraphicFrame(
            new Xdr.NonVisualGraphicFrameProperties(
                new Xdr.NonVisualDrawingProperties { Id = id + 1, Name = $"Chart {id}", Description = spec.Title },
                new Xdr.NonVisualGraphicFrameDrawingProperties()),
            new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = relId })
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
        { Macro = "" },
        new Xdr.ClientData())
    { EditAs = Xdr.EditAsValues.OneCell };

    // Markers are zero-based.
    private static T Marker<T>(T marker, int column, int row) where T : OpenXmlCompositeElement
    {
        marker.Append(new Xdr.ColumnId((column - 1).ToString()), new Xdr.ColumnOffset("0"),
            new Xdr.RowId((row - 1).ToString()), new Xdr.RowOffset("0"));
        return marker;
    }

    private C.ChartSpace BuildChart(XlsxChartSpec spec)
    {
        var categories = Cells(spec.Categories);
        var categoryText = categories.Select(c => c is { } v ? XlsxSheet.Display(v.Cell, v.Format) : "").ToList();
        var firstValue = spec.Series.SelectMany(Cells).FirstOrDefault(c => c?.Cell.Value is double);
        var valueFormat = spec.Options.ValueFormat ?? firstValue?.Format ?? XlsxFormat.General;

        OpenXmlCompositeElement plot = spec.Kind == XlsxChartKind.Bar
            ? new C.BarChart(new C.BarDirection { Val = C.BarDirectionValues.Column },
                new C.BarGrouping { Val = C.BarGroupingValues.Clustered }, new C.VaryColors { Val = false })
            : new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false });

        for (int i = 0; i < spec.Series.Count; i++)
        {
            var range = spec.Series[i];
            var color = spec.Options.Colors?.ElementAtOrDefault(i) ?? Palette[i % Palette.Length];
            var parts = new List<OpenXmlElement>
            {
                new C.Index { Val = (uint)i },
                new C.Order { Val = (uint)i },
                SeriesName(range, i),
            };
            if (spec.Kind == XlsxChartKind.Bar)
            {
                parts.Add(new C.ChartShapeProperties(Solid(color), new A.Outline(new A.NoFill())));
                parts.Add(new C.InvertIfNegative { Val = false });
            }
            else
            {
                parts.Add(new C.ChartShapeProperties(Solid(color),
                    new A.Outline(Solid(color), new A.Round()) { Width = 28575, CapType = A.LineCapValues.Round }));
                parts.Add(new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.Circle }, new C.Size { Val = 6 },
                    new C.ChartShapeProperties(Solid(color), new A.Outline(Solid(color)))));
            }
            parts.Add(new C.CategoryAxisData(new C.StringReference(new C.Formula(spec.Categories.Formula), StringCache(categoryText))));
            parts.Add(new C.Values(new C.NumberReference(new C.Formula(range.Formula), NumberCache(Cells(range), valueFormat))));
            if (spec.Kind == XlsxChartKind.Line) parts.Add(new C.Smooth { Val = false });
            plot.Append(spec.Kind == XlsxChartKind.Bar ? new C.BarChartSeries(parts) : new C.LineChartSeries(parts));
        }
        if (spec.Kind == XlsxChartKind.Bar) plot.Append(new C.GapWidth { Val = 80 });
        else plot.Append(new C.ShowMarker { Val = true });
        plot.Append(new C.AxisId { Val = CategoryAxisId }, new C.AxisId { Val = ValueAxisId });

        var categoryAxis = new C.CategoryAxis(
            new C.AxisId { Val = CategoryAxisId },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = C.AxisPositionValues.Bottom });
        if (spec.Options.CategoryAxisTitle is { } catTitle) categoryAxis.Append(Title(catTitle, 1000));
        categoryAxis.Append(
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = ValueAxisId },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.AutoLabeled { Val = true },
            new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
            new C.LabelOffset { Val = 100 },
            new C.NoMultiLevelLabels { Val = false });

        var valueAxis = new C.ValueAxis(
            new C.AxisId { Val = ValueAxisId },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }, new C.MinAxisValue { Val = AxisMinimum(spec) }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = C.AxisPositionValues.Left },
            new C.MajorGridlines(new C.ChartShapeProperties(new A.Outline(Solid("D9D9D9")))));
        if (spec.Options.ValueAxisTitle is { } valTitle) valueAxis.Append(Title(valTitle, 1000));
        valueAxis.Append(
            new C.NumberingFormat { FormatCode = XlsxStyles.FormatCode(valueFormat), SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = CategoryAxisId },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.CrossBetween { Val = C.CrossBetweenValues.Between });

        var space = new C.ChartSpace(
            new C.Date1904 { Val = false },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                Title(spec.Title, 1400),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(PlotLayout(), plot, categoryAxis, valueAxis),
                new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }));
        space.AddNamespaceDeclaration("c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
        space.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");
        space.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        return space;
    }

    // Bars start at zero, or below it at the lowest value rounded down (a trust that got worse), never where the
    // spreadsheet program would choose: an axis from 52% to 72% makes 59% and 69% look a threefold difference.
    private double AxisMinimum(XlsxChartSpec spec)
    {
        var lowest = spec.Series.SelectMany(Cells).Select(c => c?.Cell.Value).OfType<double>().Where(double.IsFinite).DefaultIfEmpty(0).Min();
        return RoundDown(lowest);
    }

    // 0 for 0 and above; otherwise down to one significant figure: -0.123 → -0.2, -0.05 → -0.05, -37 → -40.
    internal static double RoundDown(double lowest)
    {
        if (lowest >= 0) return 0;
        var step = Math.Pow(10, Math.Floor(Math.Log10(-lowest)));
        return Math.Round(Math.Floor(lowest / step) * step, 12);
    }

    // The plot takes most of the chart: a fixed share is left for the title above, the value axis's labels to the left
    // and the category labels and legend below, whatever the program would otherwise give them.
    private static C.Layout PlotLayout() => new(new C.ManualLayout(
        new C.LayoutTarget { Val = C.LayoutTargetValues.Inner },
        new C.LeftMode { Val = C.LayoutModeValues.Edge },
        new C.TopMode { Val = C.LayoutModeValues.Edge },
        new C.Left { Val = 0.11 },
        new C.Top { Val = 0.12 },
        new C.Width { Val = 0.86 },
        new C.Height { Val = 0.64 }));

    private List<(XlsxCell Cell, XlsxFormat Format)?> Cells(XlsxRange range)
    {
        var sheet = workbook.SheetNamed(range.Sheet)
            ?? throw new InvalidOperationException($"A chart refers to sheet '{range.Sheet}', which the workbook does not have.");
        return Enumerable.Range(range.FirstRow, range.Count).Select(row => sheet.CellAt(range.Column, row)).ToList();
    }

    // The name is the cell above the values (the column header) when there is one, so renaming the header in
    // Excel renames the series.
    private C.SeriesText SeriesName(XlsxRange range, int index)
    {
        var header = range.FirstRow > 1 ? Cells(range with { FirstRow = range.FirstRow - 1, LastRow = range.FirstRow - 1 })[0] : null;
        if (header?.Cell.Value is string name)
        {
            var formula = XlsxRef.QuoteSheet(range.Sheet) + "!" + XlsxRef.Absolute(range.Column, range.FirstRow - 1);
            return new C.SeriesText(new C.StringReference(new C.Formula(formula), StringCache([name])));
        }
        return new C.SeriesText(new C.NumericValue($"Series {index + 1}"));
    }

    private static C.StringCache StringCache(IReadOnlyList<string> values)
    {
        var cache = new C.StringCache(new C.PointCount { Val = (uint)values.Count });
        for (int i = 0; i < values.Count; i++)
            cache.Append(new C.StringPoint(new C.NumericValue(values[i])) { Index = (uint)i });
        return cache;
    }

    private static C.NumberingCache NumberCache(List<(XlsxCell Cell, XlsxFormat Format)?> cells, XlsxFormat format)
    {
        var cache = new C.NumberingCache(new C.FormatCode(XlsxStyles.FormatCode(format)), new C.PointCount { Val = (uint)cells.Count });
        for (int i = 0; i < cells.Count; i++)
            if (cells[i]?.Cell.Value is double v && double.IsFinite(v))   // a missing point is a gap, not a zero
                cache.Append(new C.NumericPoint(new C.NumericValue(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) { Index = (uint)i });
        return cache;
    }

    private static A.SolidFill Solid(string hex) => new(new A.RgbColorModelHex { Val = hex });

    private static C.Title Title(string text, int size) => new(
        new C.ChartText(new C.RichText(
            new A.BodyProperties(),
            new A.ListStyle(),
            new A.Paragraph(
                new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = size, Bold = true }),
                new A.Run(new A.RunProperties { Language = "en-GB", FontSize = size, Bold = true }, new A.Text(text))))),
        new C.Overlay { Val = false });
}
