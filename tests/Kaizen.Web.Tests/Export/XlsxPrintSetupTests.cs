using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Export;
using static Kaizen.Web.Tests.Export.XlsxTestFiles;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace Kaizen.Web.Tests.Export;

// Issue #23: how each sheet prints, and honest chart axes, in the workbook's XML (WorkbookPrintTests prints them).
public class XlsxPrintSetupTests
{
    [Fact]
    public void A_wide_table_prints_landscape_one_page_wide_with_its_header_row_on_every_page()
    {
        using var doc = WriteAndOpen(wb =>
        {
            wb.PrintHeading = new XlsxPrintHeading("Board pack: R&D", "All trusts · at report-out", new DateOnly(2021, 10, 4));
            var wide = wb.AddSheet("Wide", Enumerable.Range(1, 12).Select(i => new XlsxColumn($"Column number {i}")).ToList());
            wide.WriteRow(Enumerable.Range(1, 12).Select(i => (object?)$"a value {i}"));
            var narrow = wb.AddSheet("Narrow", [new XlsxColumn("Trust"), new XlsxColumn("Workshops")]);
            narrow.WriteRow("North", 4);
        });

        foreach (var (sheet, orientation) in new[] { ("Wide", OrientationValues.Landscape), ("Narrow", OrientationValues.Portrait) })
        {
            var worksheet = SheetPart(doc, sheet).Worksheet;
            Assert.True(worksheet.SheetProperties!.PageSetupProperties!.FitToPage!.Value);
            var setup = worksheet.GetFirstChild<PageSetup>()!;
            Assert.Equal(orientation, setup.Orientation!.Value);
            Assert.Equal(1u, setup.FitToWidth!.Value);
            Assert.Equal(0u, setup.FitToHeight!.Value);   // as many pages tall as it needs
            Assert.Equal(9u, setup.PaperSize!.Value);      // A4
            var header = worksheet.GetFirstChild<HeaderFooter>()!;
            Assert.Equal("&L&BBoard pack: R&&D&B&RAll trusts · at report-out\n&A", header.OddHeader!.Text);
            Assert.Equal("&LProduced 04/10/2021&RPage &P of &N", header.OddFooter!.Text);
        }
        var titles = doc.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Where(n => n.Name == "_xlnm.Print_Titles").ToList();
        Assert.Equal(["'Wide'!$1:$1", "'Narrow'!$1:$1"], titles.Select(n => n.Text));
        Assert.Equal([0u, 1u], titles.Select(n => n.LocalSheetId!.Value));
    }

    [Fact]
    public void A_sheet_can_print_on_at_most_two_pages_without_repeating_its_first_row()
    {
        using var doc = WriteAndOpen(wb =>
            wb.AddSheet("Summary", [new XlsxColumn("Summary")], new XlsxSheetOptions(AutoFilter: false, FitToHeight: 2, RepeatHeader: false))
                .WriteRow("The headline"));
        Assert.Equal(2u, SheetPart(doc, "Summary").Worksheet.GetFirstChild<PageSetup>()!.FitToHeight!.Value);
        Assert.Null(doc.WorkbookPart!.Workbook.DefinedNames);
        // Without a heading, a page still says which sheet and page it is.
        Assert.Equal("&R&A", SheetPart(doc, "Summary").Worksheet.GetFirstChild<HeaderFooter>()!.OddHeader!.Text);
    }

    [Fact]
    public void A_long_header_wraps_onto_lines_of_its_words_rather_than_widen_its_column()
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("S", [new XlsxColumn("Hours removed / errors avoided", XlsxFormat.Number1)]);
            sheet.WriteRow(12.5);
        });
        var width = SheetPart(doc, "S").Worksheet.Descendants<Column>().Single().Width!.Value;
        Assert.InRange(width, 8, 20);
        Assert.True(StyleOf(doc, Cell(doc, "S", "A1")).Alignment!.WrapText!.Value);
        var header = SheetPart(doc, "S").Worksheet.Descendants<Row>().First();
        Assert.True(header.Height!.Value >= 30);
    }

    // The issue's own figures: 59% to 69%, which a spreadsheet program drew on an axis from 52% to 72%.
    [Fact]
    public void A_bar_charts_value_axis_starts_at_zero()
    {
        Assert.Equal(0, ValueAxisMinimum(0.59, 0.64, 0.69));
    }

    [Fact]
    public void A_bar_chart_with_a_trust_that_got_worse_starts_below_zero_at_the_lowest_value_rounded_down()
    {
        Assert.Equal(-0.2, ValueAxisMinimum(0.59, -0.123, 0.69));
        Assert.Equal(-0.05, ValueAxisMinimum(-0.05, 0.3));
        Assert.Equal(-40, ValueAxisMinimum(-37, 12));
    }

    static double ValueAxisMinimum(params double[] values)
    {
        using var doc = WriteAndOpen(wb =>
        {
            var sheet = wb.AddSheet("S", [new XlsxColumn("Trust"), new XlsxColumn("Reduction", XlsxFormat.Percent)]);
            for (int i = 0; i < values.Length; i++) sheet.WriteRow($"T{i}", values[i]);
            sheet.AddBarChart("Reduction by trust", sheet.Range($"A2:A{values.Length + 1}"), [sheet.Range($"B2:B{values.Length + 1}")],
                XlsxAnchor.Cells("D2", "K20"));
        });
        var axis = SheetPart(doc, "S").DrawingsPart!.ChartParts.Single().ChartSpace.Descendants<C.ValueAxis>().Single();
        var minimum = axis.GetFirstChild<C.Scaling>()!.GetFirstChild<C.MinAxisValue>();
        Assert.True(minimum is not null, "The value axis's minimum is left to the spreadsheet program.");
        return minimum!.Val!.Value;
    }
}
