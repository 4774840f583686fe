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

    private const string ChartNs = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    private const string DrawingMlNs = "http://schemas.openxmlformats.org/drawingml/2006/main";

    public void WriteAll(IEnumerable<XlsxSheet> sheets)
    {
        foreach (var sheet in sheets)
        {
            var chartRels = new List<(string, string, string)>();
            var numbers = new List<int>();
            for (int i = 0; i < sheet.Charts.Count; i++)
            {
                int number = ++_chartCount;
                var spec = sheet.Charts[i];
                workbook.WritePart($"xl/charts/chart{number}.xml", ChartCt, part => WriteChart(part, spec));
                chartRels.Add(($"rId{i + 1}", "chart", $"../charts/chart{number}.xml"));
            }
            workbook.WritePart($"xl/drawings/drawing{sheet.Index}.xml", DrawingCt, part =>
            {
                part.Start("xdr:wsDr").Attr("xmlns:xdr", "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing")
                    .Attr("xmlns:a", DrawingMlNs).Attr("xmlns:r", XlsxWorkbook.RelationshipsNs).Attr("xmlns:c", ChartNs);
                for (int i = 0; i < sheet.Charts.Count; i++) Anchor(part, sheet.Charts[i], i + 1, $"rId{i + 1}");
                part.End();
            });
            workbook.WriteRelationships($"xl/drawings/_rels/drawing{sheet.Index}.xml.rels", chartRels);
            workbook.WriteRelationships($"xl/worksheets/_rels/sheet{sheet.Index}.xml.rels",
                [("rId1", "drawing", $"../drawings/drawing{sheet.Index}.xml")]);
        }
    }

    private static void Anchor(XlsxPartWriter part, XlsxChartSpec spec, int id, string relId)
    {
        part.Start("xdr:twoCellAnchor").Attr("editAs", "oneCell");
        Marker(part, "xdr:from", spec.Anchor.FromColumn, spec.Anchor.FromRow);
        Marker(part, "xdr:to", spec.Anchor.ToColumn, spec.Anchor.ToRow);
        part.Start("xdr:graphicFrame").Attr("macro", "");
        part.Start("xdr:nvGraphicFramePr")
            .Start("xdr:cNvPr").Attr("id", id + 1).Attr("name", $"Chart {id}").Attr("descr", spec.Title).End()
            .Empty("xdr:cNvGraphicFramePr")
            .End();
        part.Start("xdr:xfrm")
            .Start("a:off").Attr("x", 0).Attr("y", 0).End()
            .Start("a:ext").Attr("cx", 0).Attr("cy", 0).End()
            .End();
        part.Start("a:graphic").Start("a:graphicData").Attr("uri", ChartNs)
            .Empty("c:chart", "r:id", relId)
            .End().End();
        part.End();   // graphicFrame
        part.Empty("xdr:clientData");
        part.End();
    }

    // Markers are zero-based.
    private static void Marker(XlsxPartWriter part, string name, int column, int row) =>
        part.Start(name)
            .Element("xdr:col", (column - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Element("xdr:colOff", "0")
            .Element("xdr:row", (row - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Element("xdr:rowOff", "0")
            .End();

    // The elements in the order the chart schema (CT_ChartSpace and below) requires them.
    private void WriteChart(XlsxPartWriter part, XlsxChartSpec spec)
    {
        var categories = Cells(spec.Categories);
        var categoryText = categories.Select(c => c is { } v ? XlsxSheet.Display(v.Cell, v.Format) : "").ToList();
        var firstValue = spec.Series.SelectMany(Cells).FirstOrDefault(c => c?.Cell.Value is double);
        var valueFormat = spec.Options.ValueFormat ?? firstValue?.Format ?? XlsxFormat.General;
        var bar = spec.Kind == XlsxChartKind.Bar;

        part.Start("c:chartSpace").Attr("xmlns:c", ChartNs).Attr("xmlns:a", DrawingMlNs).Attr("xmlns:r", XlsxWorkbook.RelationshipsNs);
        part.Val("c:date1904", false).Val("c:roundedCorners", false);
        part.Start("c:chart");
        Title(part, spec.Title, 1400);
        part.Val("c:autoTitleDeleted", false);
        part.Start("c:plotArea");
        PlotLayout(part);

        if (bar) part.Start("c:barChart").Val("c:barDir", "col").Val("c:grouping", "clustered").Val("c:varyColors", false);
        else part.Start("c:lineChart").Val("c:grouping", "standard").Val("c:varyColors", false);
        for (int i = 0; i < spec.Series.Count; i++)
        {
            var range = spec.Series[i];
            var color = spec.Options.Colors?.ElementAtOrDefault(i) ?? Palette[i % Palette.Length];
            part.Start("c:ser").Val("c:idx", i).Val("c:order", i);
            SeriesName(part, range, i);
            if (bar)
            {
                part.Start("c:spPr");
                Solid(part, color);
                part.Start("a:ln").Empty("a:noFill").End();
                part.End();
                part.Val("c:invertIfNegative", false);
            }
            else
            {
                part.Start("c:spPr");
                Solid(part, color);
                part.Start("a:ln").Attr("w", 28575).Attr("cap", "rnd");
                Solid(part, color);
                part.Empty("a:round").End();
                part.End();
                part.Start("c:marker").Val("c:symbol", "circle").Val("c:size", 6).Start("c:spPr");
                Solid(part, color);
                part.Start("a:ln");
                Solid(part, color);
                part.End().End().End();
            }
            part.Start("c:cat").Start("c:strRef").Element("c:f", spec.Categories.Formula);
            StringCache(part, categoryText);
            part.End().End();
            part.Start("c:val").Start("c:numRef").Element("c:f", range.Formula);
            NumberCache(part, Cells(range), valueFormat);
            part.End().End();
            if (!bar) part.Val("c:smooth", false);
            part.End();
        }
        if (bar) part.Val("c:gapWidth", 80);
        else part.Val("c:marker", true);
        part.Val("c:axId", CategoryAxisId).Val("c:axId", ValueAxisId);
        part.End();   // barChart or lineChart

        part.Start("c:catAx").Val("c:axId", CategoryAxisId)
            .Start("c:scaling").Val("c:orientation", "minMax").End()
            .Val("c:delete", false).Val("c:axPos", "b");
        if (spec.Options.CategoryAxisTitle is { } catTitle) Title(part, catTitle, 1000);
        part.Val("c:majorTickMark", "out").Val("c:minorTickMark", "none").Val("c:tickLblPos", "nextTo")
            .Val("c:crossAx", ValueAxisId).Val("c:crosses", "autoZero").Val("c:auto", true).Val("c:lblAlgn", "ctr")
            .Val("c:lblOffset", 100).Val("c:noMultiLvlLbl", false)
            .End();

        part.Start("c:valAx").Val("c:axId", ValueAxisId)
            .Start("c:scaling").Val("c:orientation", "minMax").Val("c:min", AxisMinimum(spec)).End()
            .Val("c:delete", false).Val("c:axPos", "l")
            .Start("c:majorGridlines").Start("c:spPr").Start("a:ln");
        Solid(part, "D9D9D9");
        part.End().End().End();
        if (spec.Options.ValueAxisTitle is { } valTitle) Title(part, valTitle, 1000);
        part.Start("c:numFmt").Attr("formatCode", XlsxStyles.FormatCode(valueFormat)).Attr("sourceLinked", false).End()
            .Val("c:majorTickMark", "out").Val("c:minorTickMark", "none").Val("c:tickLblPos", "nextTo")
            .Val("c:crossAx", CategoryAxisId).Val("c:crosses", "autoZero").Val("c:crossBetween", "between")
            .End();

        part.End();   // plotArea
        part.Start("c:legend").Val("c:legendPos", "b").Val("c:overlay", false).End();
        part.Val("c:plotVisOnly", true).Val("c:dispBlanksAs", "gap");
        part.End();   // chart
        part.End();   // chartSpace
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
    private static void PlotLayout(XlsxPartWriter part) =>
        part.Start("c:layout").Start("c:manualLayout")
            .Val("c:layoutTarget", "inner").Val("c:xMode", "edge").Val("c:yMode", "edge")
            .Val("c:x", 0.11).Val("c:y", 0.12).Val("c:w", 0.86).Val("c:h", 0.64)
            .End().End();

    private List<(XlsxCell Cell, XlsxFormat Format)?> Cells(XlsxRange range)
    {
        var sheet = workbook.SheetNamed(range.Sheet)
            ?? throw new InvalidOperationException($"A chart refers to sheet '{range.Sheet}', which the workbook does not have.");
        return Enumerable.Range(range.FirstRow, range.Count).Select(row => sheet.CellAt(range.Column, row)).ToList();
    }

    // The name is the cell above the values (the column header) when there is one, so renaming the header in
    // Excel renames the series.
    private void SeriesName(XlsxPartWriter part, XlsxRange range, int index)
    {
        var header = range.FirstRow > 1 ? Cells(range with { FirstRow = range.FirstRow - 1, LastRow = range.FirstRow - 1 })[0] : null;
        part.Start("c:tx");
        if (header?.Cell.Value is string name)
        {
            part.Start("c:strRef").Element("c:f", XlsxRef.QuoteSheet(range.Sheet) + "!" + XlsxRef.Absolute(range.Column, range.FirstRow - 1));
            StringCache(part, [name]);
            part.End();
        }
        else part.Element("c:v", $"Series {index + 1}");
        part.End();
    }

    private static void StringCache(XlsxPartWriter part, IReadOnlyList<string> values)
    {
        part.Start("c:strCache").Val("c:ptCount", values.Count);
        for (int i = 0; i < values.Count; i++)
            part.Start("c:pt").Attr("idx", i).Element("c:v", values[i]).End();
        part.End();
    }

    private static void NumberCache(XlsxPartWriter part, List<(XlsxCell Cell, XlsxFormat Format)?> cells, XlsxFormat format)
    {
        part.Start("c:numCache").Element("c:formatCode", XlsxStyles.FormatCode(format)).Val("c:ptCount", cells.Count);
        for (int i = 0; i < cells.Count; i++)
            if (cells[i]?.Cell.Value is double v && double.IsFinite(v))   // a missing point is a gap, not a zero
                part.Start("c:pt").Attr("idx", i).Element("c:v", v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).End();
        part.End();
    }

    private static void Solid(XlsxPartWriter part, string hex) => part.Start("a:solidFill").Val("a:srgbClr", hex).End();

    private static void Title(XlsxPartWriter part, string text, int size) =>
        part.Start("c:title").Start("c:tx").Start("c:rich")
            .Empty("a:bodyPr").Empty("a:lstStyle")
            .Start("a:p")
            .Start("a:pPr").Start("a:defRPr").Attr("sz", size).Attr("b", true).End().End()
            .Start("a:r").Start("a:rPr").Attr("lang", "en-GB").Attr("sz", size).Attr("b", true).End().Element("a:t", text).End()
            .End()
            .End().End()
            .Val("c:overlay", false)
            .End();
}
