using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Export;
using static Kaizen.Web.Tests.Export.XlsxTestFiles;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using A = DocumentFormat.OpenXml.Drawing;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Kaizen.Web.Tests.Export;

public class XlsxWorkbookTests
{
    private static readonly XlsxColumn[] WorkshopColumns =
    [
        new("Trust"), new("Held on", XlsxFormat.Date), new("Baseline", XlsxFormat.Number2),
        new("Attendees", XlsxFormat.Integer), new("Improvement", XlsxFormat.Percent), new("Sustained"),
    ];

    private static SpreadsheetDocument WorkshopsWorkbook() => WriteAndOpen(wb =>
    {
        var sheet = wb.AddSheet("Workshops", WorkshopColumns);
        sheet.WriteRow("North Trust", new DateOnly(2024, 3, 15), 2500.75, 12, 0.62, true);
        sheet.WriteRow("South Trust", new DateOnly(2024, 4, 1), 1800.5, 1234, 0.05, false);
    });

    [Fact]
    public void Numbers_are_numeric_cells_not_text()
    {
        using var doc = WorkshopsWorkbook();
        var cell = Cell(doc, "Workshops", "C2");
        Assert.Null(cell.DataType);
        Assert.Null(cell.InlineString);
        Assert.Equal("2500.75", cell.CellValue!.Text);
        Assert.Equal("#,##0.00", FormatCodeOf(doc, cell));
    }

    [Fact]
    public void Integers_use_a_thousands_separator_format()
    {
        using var doc = WorkshopsWorkbook();
        var cell = Cell(doc, "Workshops", "D3");
        Assert.Null(cell.DataType);
        Assert.Equal("1234", cell.CellValue!.Text);
        Assert.Equal("#,##0", FormatCodeOf(doc, cell));
    }

    [Fact]
    public void Integers_outside_an_integer_column_still_get_the_integer_format()
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet("S", [new XlsxColumn("Count")]).WriteRow(1500));
        Assert.Equal("#,##0", FormatCodeOf(doc, Cell(doc, "S", "A2")));
    }

    [Fact]
    public void Dates_are_serial_numbers_with_a_day_month_year_format()
    {
        using var doc = WorkshopsWorkbook();
        var cell = Cell(doc, "Workshops", "B2");
        Assert.Null(cell.DataType);
        Assert.Equal("45366", cell.CellValue!.Text);   // 15/03/2024 in Excel's 1900 date system
        Assert.Equal("dd/mm/yyyy", FormatCodeOf(doc, cell));
    }

    [Fact]
    public void Dates_in_a_column_without_a_date_format_still_show_as_dates()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("S", [new XlsxColumn("When", XlsxFormat.Number2)]);
            sheet.WriteRow(new DateOnly(2024, 1, 2));
            sheet.WriteRow(new DateTime(2024, 1, 2, 13, 30, 0));
        });
        Assert.Equal("dd/mm/yyyy", FormatCodeOf(doc, Cell(doc, "S", "A2")));
        Assert.Equal("dd/mm/yyyy hh:mm", FormatCodeOf(doc, Cell(doc, "S", "A3")));
        Assert.Equal(new DateTime(2024, 1, 2, 13, 30, 0).ToOADate(), double.Parse(Cell(doc, "S", "A3").CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Percentages_keep_the_fraction_and_use_a_percent_format()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("S", [new XlsxColumn("Column percent", XlsxFormat.Percent), new XlsxColumn("Cell percent")]);
            sheet.WriteRow(0.62, XlsxCell.Percent(0.125, decimals: 1));
        });
        Assert.Equal("0.62", Cell(doc, "S", "A2").CellValue!.Text);
        Assert.Equal(9u, StyleOf(doc, Cell(doc, "S", "A2")).NumberFormatId!.Value);   // built-in 0%
        Assert.Equal("0.125", Cell(doc, "S", "B2").CellValue!.Text);
        Assert.Equal("0.0%", FormatCodeOf(doc, Cell(doc, "S", "B2")));
    }

    [Fact]
    public void Booleans_are_boolean_cells_and_nulls_leave_the_cell_empty()
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet("S").WriteRow(true, XlsxCell.Empty, false, (string?)null, 1));
        Assert.Equal(CellValues.Boolean, Cell(doc, "S", "A1").DataType!.Value);
        Assert.Equal("1", Cell(doc, "S", "A1").CellValue!.Text);
        Assert.Equal("0", Cell(doc, "S", "C1").CellValue!.Text);
        var refs = SheetPart(doc, "S").Worksheet.Descendants<Cell>().Select(c => c.CellReference?.Value).ToList();
        Assert.Equal([null, "C1", "E1"], refs);   // a cell that follows on from the previous one needs no reference
    }

    [Fact]
    public void Text_is_written_as_shared_strings_each_distinct_text_once()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("Workshops", WorkshopColumns);
            sheet.WriteRow("North Trust", new DateOnly(2024, 3, 15), 2500.75, 12, 0.62, true);
            sheet.WriteRow(new string("North Trust".ToCharArray()), new DateOnly(2024, 4, 1), 1800.5, 1234, 0.05, false);
            wb.AddSheet("Other").WriteRow("North Trust");
        });
        var cell = Cell(doc, "Workshops", "A2");
        Assert.Equal(CellValues.SharedString, cell.DataType!.Value);
        Assert.Equal("North Trust", SharedText(cell).Text);
        Assert.Equal(cell.CellValue!.Text, Cell(doc, "Workshops", "A3").CellValue!.Text);
        Assert.Equal(cell.CellValue!.Text, Cell(doc, "Other", "A1").CellValue!.Text);
        var table = doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable;
        Assert.Equal(7u, table.UniqueCount!.Value);   // six headers and the trust
        Assert.Equal(9u, table.Count!.Value);
    }

    [Fact]
    public void Texts_met_after_the_shared_strings_budget_is_spent_are_written_inline()
    {
        var stream = new MemoryStream();
        using (var wb = new XlsxWorkbook(stream, sharedStringsBudgetChars: 10))
        {
            var sheet = wb.AddSheet("S");
            foreach (var text in new[] { "abc", "defghij", " klm<no ", "abc", "=1" }) sheet.WriteRow(text);
        }
        stream.Position = 0;
        using (var doc = SpreadsheetDocument.Open(stream, false))
        {
            AssertValid(doc);
            Assert.Equal([CellValues.SharedString, CellValues.SharedString, CellValues.InlineString, CellValues.SharedString, CellValues.InlineString],
                new[] { "A1", "A2", "A3", "A4", "A5" }.Select(r => Cell(doc, "S", r).DataType!.Value));
            Assert.Equal(" klm<no ", Cell(doc, "S", "A3").InlineString!.Text!.Text);
            Assert.Equal(2u, doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable.UniqueCount!.Value);
            Assert.Equal(3u, doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Count!.Value);
            Assert.True(StyleOf(doc, Cell(doc, "S", "A5")).QuotePrefix?.Value);
        }
        stream.Position = 0;
        using var reader = XlsxReader.Open(stream);
        Assert.Equal(["abc", "defghij", " klm<no ", "abc", "=1"], reader.ReadRows("S").Select(r => (string)r[1]!));
    }

    [Fact]
    public void Header_row_comes_from_the_columns_and_is_bold()
    {
        using var doc = WorkshopsWorkbook();
        var header = SheetPart(doc, "Workshops").Worksheet.Descendants<Row>().First();
        Assert.Equal(["Trust", "Held on", "Baseline", "Attendees", "Improvement", "Sustained"], header.Elements<Cell>().Select(Text));
        var font = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>()
            .ElementAt((int)StyleOf(doc, header.Elements<Cell>().First()).FontId!.Value);
        Assert.NotNull(font.Bold);
    }

    [Fact]
    public void Header_row_is_frozen_with_the_pane_at_A2()
    {
        using var doc = WorkshopsWorkbook();
        var pane = SheetPart(doc, "Workshops").Worksheet.Descendants<Pane>().Single();
        Assert.Equal("A2", pane.TopLeftCell!.Value);
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1d, pane.VerticalSplit!.Value);
        Assert.Null(pane.HorizontalSplit);
    }

    [Fact]
    public void AutoFilter_covers_the_header_and_every_data_row()
    {
        using var doc = WorkshopsWorkbook();
        Assert.Equal("A1:F3", SheetPart(doc, "Workshops").Worksheet.Elements<AutoFilter>().Single().Reference!.Value);
        var name = doc.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Single(n => n.Name!.Value!.StartsWith("_xlnm._Filter"));
        Assert.Equal("_xlnm._FilterDatabase", name.Name!.Value);
        Assert.Equal("'Workshops'!$A$1:$F$3", name.Text);
        Assert.Equal(0u, name.LocalSheetId!.Value);
    }

    [Fact]
    public void Column_widths_are_fitted_to_the_content_within_limits()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("S", [new XlsxColumn("Id"), new XlsxColumn("Name"), new XlsxColumn("Notes"), new XlsxColumn("Fixed", width: 33)]);
            sheet.WriteRow(1, "A rather longer trust name", new string('x', 500), "y");
        });
        var widths = SheetPart(doc, "S").Worksheet.Descendants<Column>().Select(c => c.Width!.Value).ToList();
        Assert.Equal(4, widths.Count);
        Assert.Equal(8, widths[0]);                     // short content: the minimum
        Assert.InRange(widths[1], 26, 32);              // about the length of the longest value
        Assert.Equal(40, widths[2]);                    // capped, and the text wraps in a row tall enough for it
        Assert.Equal(33, widths[3]);                    // explicit
        Assert.All(SheetPart(doc, "S").Worksheet.Descendants<Column>(), c => Assert.True(c.CustomWidth!.Value));
        Assert.True(StyleOf(doc, Cell(doc, "S", "C2")).Alignment?.WrapText?.Value);
        Assert.Null(StyleOf(doc, Cell(doc, "S", "B2")).Alignment?.WrapText);
        var row = SheetPart(doc, "S").Worksheet.Descendants<Row>().Single(r => r.RowIndex!.Value == 2);
        Assert.True(row.CustomHeight!.Value);
        Assert.Equal(15 * 13, row.Height!.Value);       // 500 characters at 38.5 a line: 13 lines of 15 points
    }

    [Fact]
    public void A_plain_sheet_has_no_frozen_pane_or_filter_and_wraps_long_text()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("Definitions", [new XlsxColumn("Term", width: 20), new XlsxColumn("Meaning", width: 80, wrap: true)], XlsxSheetOptions.Plain);
            sheet.WriteRow(XlsxCell.BoldText("Sustained"), "A workshop is sustained when its latest follow-up keeps at least 80% of the improvement.\nSecond line.");
        });
        var worksheet = SheetPart(doc, "Definitions").Worksheet;
        Assert.Empty(worksheet.Descendants<Pane>());
        Assert.Empty(worksheet.Elements<AutoFilter>());
        Assert.DoesNotContain(doc.WorkbookPart!.Workbook.DefinedNames?.Elements<DefinedName>() ?? [], n => n.Name == "_xlnm._FilterDatabase");
        var style = StyleOf(doc, Cell(doc, "Definitions", "B2"));
        Assert.True(style.Alignment!.WrapText!.Value);
        Assert.Equal("Second line.", Text(Cell(doc, "Definitions", "B2")).Split('\n')[1]);
        var font = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>()
            .ElementAt((int)StyleOf(doc, Cell(doc, "Definitions", "A2")).FontId!.Value);
        Assert.NotNull(font.Bold);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+44 20 7946 0000")]
    [InlineData("-1+2")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Text_that_looks_like_a_formula_is_stored_as_text_with_a_quote_prefix(string text)
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet("S", [new XlsxColumn("Comment")]).WriteRow(text));
        var cell = Cell(doc, "S", "A2");
        Assert.Null(cell.CellFormula);
        Assert.Empty(SheetPart(doc, "S").Worksheet.Descendants<CellFormula>());
        Assert.Equal(CellValues.SharedString, cell.DataType!.Value);
        Assert.Equal(text, XlsxText.Decode(SharedText(cell).Text));   // a CR is stored as _x000D_, as Excel does
        Assert.True(StyleOf(doc, cell).QuotePrefix?.Value);
    }

    [Fact]
    public void Ordinary_text_has_no_quote_prefix()
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet("S").WriteRow("North = good"));
        Assert.NotEqual(true, StyleOf(doc, Cell(doc, "S", "A1")).QuotePrefix?.Value);
    }

    [Fact]
    public void Text_with_control_characters_and_escape_lookalikes_is_encoded_the_way_Excel_does()
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet("S").WriteRow("a\u0001b\r\n", "_x0041_"));
        Assert.Equal("a_x0001_b_x000D_\n", Text(Cell(doc, "S", "A1")));
        Assert.Equal("_x005F_x0041_", Text(Cell(doc, "S", "B1")));
    }

    [Theory]
    [InlineData("Workshops", "Workshops")]
    [InlineData("Q1 [draft]: a/b\\c*?", "Q1 -draft-- a-b-c--")]
    [InlineData("A sheet name that is far longer than Excel allows", "A sheet name that is far longer")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("   ", "Sheet")]
    [InlineData("history", "history-")]
    public void Sheet_names_are_made_acceptable_to_Excel(string requested, string expected)
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet(requested).WriteRow("x"));
        var name = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value!;
        Assert.Equal(expected, name);
        Assert.InRange(name.Length, 1, 31);
    }

    [Fact]
    public void Repeated_sheet_names_are_made_unique_ignoring_case()
    {
        using var doc = WriteAndOpen(wb =>
        {
            wb.AddSheet("Trusts");
            wb.AddSheet("TRUSTS");
            wb.AddSheet(new string('x', 40));
            wb.AddSheet(new string('x', 40));
        });
        var names = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();
        Assert.Equal(["Trusts", "TRUSTS (2)", new string('x', 31), new string('x', 27) + " (2)"], names);
    }

    [Fact]
    public void A_workbook_with_no_sheets_still_gets_one()
    {
        using var doc = WriteAndOpen(_ => { });
        Assert.Single(doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>());
    }

    [Fact]
    public void The_workbook_has_a_styles_part_and_a_theme_part()
    {
        using var doc = WorkshopsWorkbook();
        Assert.NotNull(doc.WorkbookPart!.WorkbookStylesPart);
        Assert.NotNull(doc.WorkbookPart.ThemePart);
    }

    [Fact]
    public void Only_the_first_sheet_is_selected()
    {
        using var doc = WriteAndOpen(wb => { wb.AddSheet("One"); wb.AddSheet("Two"); });
        Assert.True(SheetPart(doc, "One").Worksheet.Descendants<SheetView>().Single().TabSelected?.Value);
        Assert.Null(SheetPart(doc, "Two").Worksheet.Descendants<SheetView>().Single().TabSelected);
    }

    [Fact]
    public void Values_repeated_from_row_to_row_are_written_again_exactly()
    {
        // The writer reuses a column's last cell when the next row holds the same value: same text instance, same
        // number, same date. Each row must still read back as written, however the kinds and formats change.
        var trust = "North Trust";
        var formula = "=1+1";
        XlsxCell[][] rows =
        [
            [trust, 2.5, new DateOnly(2024, 3, 15), formula, true],
            [trust, 2.5, new DateOnly(2024, 3, 15), formula, true],
            [new string(trust.ToCharArray()), XlsxCell.Percent(2.5, 1), XlsxCell.Empty, "=1+1 ", false],
            [XlsxCell.BoldText(trust), 45366, 45366.0, formula, XlsxCell.Empty],
            [2.5, trust, "2.5", XlsxCell.Date(new DateOnly(2024, 3, 15)), "1"],
            [XlsxCell.Empty, trust, new DateTime(2024, 3, 15, 13, 30, 0), 1.0 / 3, double.NaN],
        ];
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("S", [new XlsxColumn("A"), new XlsxColumn("B", XlsxFormat.Number2), new XlsxColumn("C"), new XlsxColumn("D"), new XlsxColumn("E")]);
            foreach (var row in rows) sheet.WriteRow(row);
        });

        string Ref(int column, int row) => XlsxRef.Cell(column + 1, row + 2);
        Cell? Find(int column, int row) => Placed(SheetPart(doc, "S")).SingleOrDefault(c => c.Reference == Ref(column, row)).Cell;

        Assert.All(new[] { 0, 1, 2 }, r => Assert.Equal("North Trust", Text(Cell(doc, "S", Ref(0, r)))));
        Assert.NotNull(FontOf(doc, Cell(doc, "S", Ref(0, 3))).Bold);
        Assert.Equal("2.5", Cell(doc, "S", Ref(0, 4)).CellValue!.Text);
        Assert.Null(Find(0, 5));

        Assert.Equal(["2.5", "2.5", "2.5", "45366"], new[] { 0, 1, 2, 3 }.Select(r => Cell(doc, "S", Ref(1, r)).CellValue!.Text));
        Assert.Equal(["#,##0.00", "#,##0.00", "0.0%", "#,##0.00"], new[] { 0, 1, 2, 3 }.Select(r => FormatCodeOf(doc, Cell(doc, "S", Ref(1, r)))));
        Assert.Equal("North Trust", Text(Cell(doc, "S", Ref(1, 4))));

        Assert.Equal(["45366", "45366"], new[] { 0, 1 }.Select(r => Cell(doc, "S", Ref(2, r)).CellValue!.Text));
        Assert.Equal("dd/mm/yyyy", FormatCodeOf(doc, Cell(doc, "S", Ref(2, 1))));
        Assert.Null(Find(2, 2));
        Assert.Equal("45366", Cell(doc, "S", Ref(2, 3)).CellValue!.Text);
        Assert.Equal("General", FormatCodeOf(doc, Cell(doc, "S", Ref(2, 3))));
        Assert.Equal(CellValues.SharedString, Cell(doc, "S", Ref(2, 4)).DataType!.Value);
        Assert.Equal(new DateTime(2024, 3, 15, 13, 30, 0).ToOADate().ToString("R", System.Globalization.CultureInfo.InvariantCulture), Cell(doc, "S", Ref(2, 5)).CellValue!.Text);

        Assert.All(new[] { 0, 1, 2, 3 }, r => Assert.True(StyleOf(doc, Cell(doc, "S", Ref(3, r))).QuotePrefix?.Value));
        Assert.Equal("=1+1 ", Text(Cell(doc, "S", Ref(3, 2))));
        Assert.Null(Cell(doc, "S", Ref(3, 4)).DataType);
        Assert.Equal((1.0 / 3).ToString("R", System.Globalization.CultureInfo.InvariantCulture), Cell(doc, "S", Ref(3, 5)).CellValue!.Text);

        Assert.Equal(["1", "1", "0"], new[] { 0, 1, 2 }.Select(r => Cell(doc, "S", Ref(4, r)).CellValue!.Text));
        Assert.All(new[] { 0, 1, 2 }, r => Assert.Equal(CellValues.Boolean, Cell(doc, "S", Ref(4, r)).DataType!.Value));
        Assert.Null(Find(4, 3));
        Assert.Equal("1", Text(Cell(doc, "S", Ref(4, 4))));
        Assert.Null(Find(4, 5));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(45366.0)]
    [InlineData(99999999999999.0)]
    [InlineData(999999999999999.0)]
    [InlineData(1e15)]
    [InlineData(-1e16)]
    [InlineData(0.1 + 0.2)]
    [InlineData(1.0 / 3)]
    [InlineData(5e-324)]
    public void Numbers_are_written_in_round_trip_form(double value)
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet("S").WriteRow(value, value));
        Assert.Equal(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Cell(doc, "S", "A1").CellValue!.Text);
        Assert.Equal(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Cell(doc, "S", "B1").CellValue!.Text);
    }

    // Apart from the theory: xUnit takes -0.0 for a duplicate of 0.0 there.
    [Fact]
    public void Negative_zero_is_written_in_round_trip_form() => Numbers_are_written_in_round_trip_form(-0.0);

    [Theory]
    [InlineData("  leading", true)]
    [InlineData("trailing ", true)]
    [InlineData("two  spaces", true)]
    [InlineData("tab\there", true)]
    [InlineData("two\nlines", true)]
    [InlineData(" ", true)]
    [InlineData("one space each", false)]
    [InlineData("", false)]
    public void Text_keeps_its_white_space(string text, bool preserved)
    {
        using var doc = WriteAndOpen(wb => wb.AddSheet("S").WriteRow(text));
        var t = SharedText(Cell(doc, "S", "A1"));
        Assert.Equal(text, t.Text);
        Assert.Equal(preserved, t.Space?.Value == DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve);
    }

    [Fact]
    public void Writes_to_a_stream_that_cannot_seek()
    {
        var buffer = new MemoryStream();
        using (var wb = new XlsxWorkbook(new ForwardOnlyStream(buffer)))
            wb.AddSheet("S", WorkshopColumns).WriteRow("North", new DateOnly(2024, 1, 1), 1.5, 2, 0.5, true);
        buffer.Position = 0;
        using var doc = SpreadsheetDocument.Open(buffer, false);
        AssertValid(doc);
        Assert.Equal("1.5", Cell(doc, "S", "C2").CellValue!.Text);
    }

    [Fact]
    public void Rows_cannot_be_written_to_a_sheet_after_the_next_one_is_added()
    {
        using var wb = new XlsxWorkbook(new MemoryStream());
        var first = wb.AddSheet("First");
        wb.AddSheet("Second");
        Assert.Throws<InvalidOperationException>(() => first.WriteRow("late"));
    }

    private static Font FontOf(SpreadsheetDocument doc, Cell cell) =>
        doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)StyleOf(doc, cell).FontId!.Value);

    private static void WriteMonthlyData(XlsxSheet sheet)
    {
        string[] months = ["Jan", "Feb", "Mar", "Apr"];
        for (int i = 0; i < months.Length; i++) sheet.WriteRow(months[i], 3 + i, i == 2 ? (double?)null : 0.5 + i / 10.0);
    }

    [Fact]
    public void A_bar_chart_is_a_native_chart_reading_its_cells_with_cached_values_and_solid_fills()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("Summary", [new XlsxColumn("Month"), new XlsxColumn("Workshops"), new XlsxColumn("Sustained", XlsxFormat.Percent)]);
            WriteMonthlyData(sheet);
            sheet.AddBarChart("Workshops per month", sheet.Range("A2:A5"), [sheet.Range("B2:B5"), sheet.Range("C2:C5")],
                XlsxAnchor.Cells("E2", "M18"), new XlsxChartOptions { CategoryAxisTitle = "Month", ValueAxisTitle = "Count" });
        });
        var sheetPart = SheetPart(doc, "Summary");
        Assert.NotNull(sheetPart.Worksheet.GetFirstChild<Drawing>());
        var drawing = sheetPart.DrawingsPart!;
        var anchor = drawing.WorksheetDrawing.Elements<Xdr.TwoCellAnchor>().Single();
        Assert.Equal("4", anchor.FromMarker!.ColumnId!.Text);   // E, zero-based
        Assert.Equal("1", anchor.FromMarker.RowId!.Text);
        var chartPart = drawing.ChartParts.Single();
        var bar = chartPart.ChartSpace.Descendants<C.BarChart>().Single();
        var series = bar.Elements<C.BarChartSeries>().ToList();
        Assert.Equal(2, series.Count);
        Assert.All(series, s => Assert.NotNull(s.GetFirstChild<C.ChartShapeProperties>()!.GetFirstChild<A.SolidFill>()));
        Assert.Equal(C.BarGroupingValues.Clustered, bar.GetFirstChild<C.BarGrouping>()!.Val!.Value);

        Assert.Equal("'Summary'!$A$2:$A$5", series[0].GetFirstChild<C.CategoryAxisData>()!.Descendants<C.Formula>().Single().Text);
        Assert.Equal(["Jan", "Feb", "Mar", "Apr"], series[0].GetFirstChild<C.CategoryAxisData>()!.Descendants<C.StringPoint>().Select(p => p.NumericValue!.Text));
        Assert.Equal("'Summary'!$B$2:$B$5", series[0].GetFirstChild<C.Values>()!.Descendants<C.Formula>().Single().Text);
        Assert.Equal(["3", "4", "5", "6"], series[0].GetFirstChild<C.Values>()!.Descendants<C.NumericPoint>().Select(p => p.NumericValue!.Text));
        Assert.Equal("'Summary'!$B$1", series[0].SeriesText!.Descendants<C.Formula>().Single().Text);
        Assert.Equal("Workshops", series[0].SeriesText!.Descendants<C.NumericValue>().Single().Text);
        // The empty cell is a gap in the cache, not a zero.
        Assert.Equal([0u, 1u, 3u], series[1].GetFirstChild<C.Values>()!.Descendants<C.NumericPoint>().Select(p => p.Index!.Value));
        Assert.Equal(2, chartPart.ChartSpace.Descendants<C.Title>().Count(t => t.Parent is C.CategoryAxis or C.ValueAxis));
    }

    [Fact]
    public void A_line_chart_gives_every_series_a_solid_line_colour()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("Summary", [new XlsxColumn("Month"), new XlsxColumn("A"), new XlsxColumn("B")]);
            WriteMonthlyData(sheet);
            sheet.AddLineChart("Trend", sheet.Range("A2:A5"), [sheet.Range("B2:B5"), sheet.Range("C2:C5")],
                XlsxAnchor.Cells("E2", "M18"), new XlsxChartOptions { Colors = ["112233"] });
        });
        var chart = SheetPart(doc, "Summary").DrawingsPart!.ChartParts.Single().ChartSpace;
        var series = chart.Descendants<C.LineChartSeries>().ToList();
        Assert.Equal(2, series.Count);
        foreach (var s in series)
        {
            var shape = s.GetFirstChild<C.ChartShapeProperties>()!;
            Assert.NotNull(shape.GetFirstChild<A.SolidFill>());
            Assert.NotNull(shape.GetFirstChild<A.Outline>()!.GetFirstChild<A.SolidFill>());
        }
        Assert.Equal("112233", series[0].GetFirstChild<C.ChartShapeProperties>()!.GetFirstChild<A.SolidFill>()!.GetFirstChild<A.RgbColorModelHex>()!.Val!.Value);
        Assert.NotEqual("112233", series[1].GetFirstChild<C.ChartShapeProperties>()!.GetFirstChild<A.SolidFill>()!.GetFirstChild<A.RgbColorModelHex>()!.Val!.Value);
    }

    [Fact]
    public void A_chart_on_the_first_sheet_can_plot_data_from_a_later_sheet()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var summary = wb.AddSheet("Summary", options: XlsxSheetOptions.Plain);
            summary.WriteRow(XlsxCell.BoldText("Headline"));
            summary.AddBarChart("By trust", XlsxRange.On("Trusts", "A2:A3"), [XlsxRange.On("Trusts", "B2:B3")], XlsxAnchor.Cells("A3", "H20"));
            summary.AddLineChart("Second chart", XlsxRange.On("Trusts", "A2:A3"), [XlsxRange.On("Trusts", "B2:B3")], XlsxAnchor.Cells("A21", "H38"));
            var trusts = wb.AddSheet("Trusts", [new XlsxColumn("Trust"), new XlsxColumn("Workshops")]);
            trusts.WriteRow("North", 4);
            trusts.WriteRow("South", 7);
        });
        var drawing = SheetPart(doc, "Summary").DrawingsPart!;
        Assert.Equal(2, drawing.ChartParts.Count());
        Assert.Equal(2, drawing.WorksheetDrawing.Elements<Xdr.TwoCellAnchor>().Count());
        var points = drawing.ChartParts.First().ChartSpace.Descendants<C.Values>().Single().Descendants<C.NumericPoint>();
        Assert.Equal(["4", "7"], points.Select(p => p.NumericValue!.Text));
        Assert.Null(SheetPart(doc, "Trusts").DrawingsPart);
    }

    [Fact]
    public void Chart_ranges_must_match_in_length_and_lie_in_the_retained_rows()
    {
        using var wb = new XlsxWorkbook(new MemoryStream());
        var sheet = wb.AddSheet("S");
        var anchor = XlsxAnchor.Cells("E2", "M18");
        Assert.Throws<ArgumentException>(() => sheet.AddBarChart("t", sheet.Range("A2:A5"), [sheet.Range("B2:B4")], anchor));
        Assert.Throws<ArgumentException>(() => sheet.AddBarChart("t", sheet.Range("A2:A2000"), [sheet.Range("B2:B2000")], anchor));
        Assert.Throws<ArgumentException>(() => sheet.AddBarChart("t", sheet.Range("A2:A5"), [], anchor));
        Assert.Throws<ArgumentException>(() => sheet.Range("A2:B5"));
    }
}
