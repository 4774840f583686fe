using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Export;
using static Kaizen.Web.Tests.Export.XlsxTestFiles;

namespace Kaizen.Web.Tests.Export;

public class XlsxReaderTests
{
    private static List<XlsxRow> ReadAll(Stream stream, string sheet = "Data")
    {
        using var reader = XlsxReader.Open(stream);
        return reader.ReadRows(sheet).ToList();
    }

    [Fact]
    public void Round_trip_keeps_strings_numbers_dates_booleans_and_blanks()
    {
        var stream = Write(wb =>
        {
            var sheet = wb.AddSheet("Data", [new XlsxColumn("Ref"), new XlsxColumn("Held on", XlsxFormat.Date), new XlsxColumn("Value", XlsxFormat.Number2),
                new XlsxColumn("Count", XlsxFormat.Integer), new XlsxColumn("Share", XlsxFormat.Percent), new XlsxColumn("Done"), new XlsxColumn("At")]);
            sheet.WriteRow("W-001", new DateOnly(2024, 2, 29), 2500.75, 12, 0.62, true, new DateTime(2024, 5, 6, 14, 45, 0));
            sheet.WriteRow("=cmd|' /C calc'!A0", XlsxCell.Empty, -0.1, (int?)null, 1, false, XlsxCell.Empty);
            sheet.WriteRow("  padded  ", new DateOnly(1900, 3, 1), 1e-7, long.MaxValue / 1024, 0, XlsxCell.Empty, XlsxCell.Empty);
            sheet.WriteRow("line 1\nline 2 \u00e9\u4e2d\U0001F600 a\u0001b _x0041_\r\n");
        });

        var rows = ReadAll(stream);

        Assert.Equal([1, 2, 3, 4, 5], rows.Select(r => r.Number));
        Assert.Equal("Held on", rows[0]["B"]);
        var first = rows[1];
        Assert.Equal("W-001", first["A"]);
        Assert.Equal(new DateOnly(2024, 2, 29), first["B"]);
        Assert.Equal(2500.75, first["C"]);
        Assert.Equal(12d, first["D"]);
        Assert.Equal(0.62, first["E"]);
        Assert.Equal(true, first["F"]);
        Assert.Equal(new DateTime(2024, 5, 6, 14, 45, 0), first["G"]);

        var second = rows[2];
        Assert.Equal("=cmd|' /C calc'!A0", second["A"]);
        Assert.Equal([1, 3, 5, 6], second.Cells.Keys.Order());   // blanks are absent, not empty strings
        Assert.Null(second["B"]);
        Assert.Equal(-0.1, second["C"]);
        Assert.Equal(false, second["F"]);

        var third = rows[3];
        Assert.Equal("  padded  ", third["A"]);
        Assert.Equal(new DateOnly(1900, 3, 1), third["B"]);
        Assert.Equal(1e-7, third["C"]);
        Assert.Equal((double)(long.MaxValue / 1024), third["D"]);
        Assert.Equal(0d, third["E"]);

        Assert.Equal("line 1\nline 2 \u00e9\u4e2d\U0001F600 a\u0001b _x0041_\r\n", rows[4][1]);
    }

    [Fact]
    public void Lists_sheet_names_in_workbook_order_and_reads_a_sheet_by_name_ignoring_case()
    {
        var stream = Write(wb =>
        {
            wb.AddSheet("Summary").WriteRow("s");
            wb.AddSheet("Workshops").WriteRow("w");
        });
        using var reader = XlsxReader.Open(stream);
        Assert.Equal(["Summary", "Workshops"], reader.SheetNames);
        Assert.Equal("w", reader.ReadRows("workshops").Single()[1]);
    }

    [Fact]
    public void An_unknown_sheet_is_a_read_exception_naming_it()
    {
        using var reader = XlsxReader.Open(Write(wb => wb.AddSheet("Summary")));
        var e = Assert.Throws<XlsxReadException>(() => reader.ReadRows("Workshops"));
        Assert.Contains("\"Workshops\"", e.Message);
    }

    [Fact]
    public void Resolves_shared_strings_including_rich_text()
    {
        var stream = BuildWithSdk(data => data.Append(
            new Row(
                new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("1") },
                new Cell { CellReference = "C1", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                new Cell { CellReference = "D1", DataType = CellValues.String, CellValue = new CellValue("formula result") },
                new Cell { CellReference = "E1", DataType = CellValues.Error, CellValue = new CellValue("#N/A") },
                new Cell { CellReference = "F1", DataType = CellValues.SharedString, CellValue = new CellValue("2") },
                new Cell { CellReference = "G1", DataType = CellValues.SharedString, CellValue = new CellValue("3") })
            { RowIndex = 3 }),
            sharedStrings: ["North Trust", "South"]);
        // Replace the second item with rich text in two runs.
        using (var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, true))
        {
            var table = doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable;
            table.Elements<SharedStringItem>().Last().Remove();
            table.Append(new SharedStringItem(new Run(new Text("So")), new Run(new Text("uth")),
                new PhoneticRun(new Text("sausu")) { BaseTextStartIndex = 0, EndingBaseIndex = 2 }));
            table.Append(new SharedStringItem(new Text("  a_x0009_b ") { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }));
            table.Append(new SharedStringItem());
        }
        stream.Position = 0;

        var row = ReadAll(stream).Single();

        Assert.Equal(3, row.Number);
        Assert.Equal("South", row["A"]);
        Assert.Equal("North Trust", row["C"]);
        Assert.Equal("formula result", row["D"]);
        Assert.Equal(new XlsxErrorValue("#N/A"), row["E"]);
        Assert.Equal("  a\tb ", row["F"]);
        Assert.Equal("", row["G"]);
    }

    [Fact]
    public void Inline_rich_text_drops_phonetic_guides_and_empty_cells_and_rows_are_skipped()
    {
        var stream = BuildWithSdk(data =>
        {
            data.Append(new Row(new Cell { CellReference = "A1", StyleIndex = 0 }) { RowIndex = 1 });
            data.Append(new Row(
                new Cell { CellReference = "A2", StyleIndex = 0 },
                new Cell(new InlineString(new Run(new Text("To")), new Run(new Text("kyo")), new PhoneticRun(new Text("toukyou")) { BaseTextStartIndex = 0, EndingBaseIndex = 2 }))
                { CellReference = "B2", DataType = CellValues.InlineString })
            { RowIndex = 2 });
        });
        var row = ReadAll(stream).Single();
        Assert.Equal(2, row.Number);
        Assert.Equal("Tokyo", row["B"]);
        Assert.Equal([2], row.Cells.Keys);
    }

    [Fact]
    public void Cells_and_rows_without_references_follow_on_from_the_previous_one()
    {
        var stream = BuildWithSdk(data =>
        {
            data.Append(new Row(new Cell { CellValue = new CellValue("1") }, new Cell { CellValue = new CellValue("2") }) { RowIndex = 4 });
            data.Append(new Row(new Cell { CellReference = "C6", CellValue = new CellValue("3") }, new Cell { CellValue = new CellValue("4") }));
        });
        var rows = ReadAll(stream);
        Assert.Equal([4, 5], rows.Select(r => r.Number));
        Assert.Equal(2d, rows[0]["B"]);
        Assert.Equal(4d, rows[1]["D"]);
    }

    [Fact]
    public void Cell_references_in_lower_case_with_dollars_or_at_the_last_column_are_read()
    {
        var stream = BuildWithSdk(data => data.Append(new Row(
            new Cell { CellReference = "b1", CellValue = new CellValue("1") },
            new Cell { CellReference = "$D$1", CellValue = new CellValue("2") },
            new Cell { CellReference = "XFD1", CellValue = new CellValue("3") }) { RowIndex = 1 }));
        var row = ReadAll(stream).Single();
        Assert.Equal([2, 4, XlsxRef.MaxColumns], row.Cells.Keys.Order());
        Assert.Equal(3d, row[XlsxRef.MaxColumns]);
    }

    [Theory]
    [InlineData("XFE1")]
    [InlineData("A0")]
    [InlineData("A12345678")]
    [InlineData("ABCD1")]
    [InlineData("1A")]
    public void A_cell_reference_that_is_not_one_is_damage(string reference)
    {
        var stream = BuildWithSdk(data => data.Append(new Row(new Cell { CellReference = reference, CellValue = new CellValue("1") }) { RowIndex = 1 }));
        using var reader = XlsxReader.Open(stream);
        Assert.Contains("damaged", Assert.Throws<XlsxReadException>(() => reader.ReadRows("Data").ToList()).Message);
    }

    [Fact]
    public void Dates_are_recognised_by_their_number_format_and_times_of_day_are_not()
    {
        // Style 1 is built-in 14; 2.. are the custom codes in order.
        var stylesheet = StylesWithFormats("d mmm yyyy", "[$-809]dd/mm/yyyy;@", "[h]:mm", "mm:ss", "0.00\"d\"", "yyyy-mm-dd hh:mm", "[Red]mmm-yy");
        var stream = BuildWithSdk(data =>
        {
            var row = new Row { RowIndex = 1 };
            for (uint style = 0; style <= 8; style++)
                row.Append(new Cell { CellReference = XlsxRef.Cell((int)style + 1, 1), StyleIndex = style, CellValue = new CellValue("45366.5") });
            data.Append(row);
        }, stylesheet);

        var row = ReadAll(stream).Single();

        var date = new DateOnly(2024, 3, 15);
        Assert.Equal(45366.5, row["A"]);                            // General
        Assert.Equal(date, row["B"]);                               // built-in 14
        Assert.Equal(date, row["C"]);                               // d mmm yyyy
        Assert.Equal(date, row["D"]);                               // locale prefix and text section
        Assert.Equal(45366.5, row["E"]);                            // [h]:mm is a duration
        Assert.Equal(45366.5, row["F"]);                            // mm:ss are minutes
        Assert.Equal(45366.5, row["G"]);                            // quoted "d" is text, not day
        Assert.Equal(new DateTime(2024, 3, 15, 12, 0, 0), row["H"]); // date with time
        Assert.Equal(date, row["I"]);                               // colour then month-year
    }

    [Theory]
    [InlineData("dd/mm/yyyy", "Date")]
    [InlineData("mmm yyyy", "Date")]
    [InlineData("d-mmm", "Date")]
    [InlineData("dd/mm/yyyy hh:mm", "DateTime")]
    [InlineData("h:mm AM/PM", "None")]
    [InlineData("[h]:mm:ss", "None")]
    [InlineData("#,##0.00", "None")]
    [InlineData("0%", "Percent")]
    [InlineData("0.00%", "Percent")]
    [InlineData("[Red]0.0%;-0.0%", "Percent")]
    [InlineData("0\"%\"", "None")]      // a quoted % is text: the number is shown as it is
    [InlineData("0\\%", "None")]        // so is an escaped one
    [InlineData("\u00a3#,##0.00", "None")] // currency is a plain number
    [InlineData("General", "None")]
    [InlineData("\\d\\a\\y 0", "None")]
    public void Classifies_custom_number_formats(string code, string expected) =>
        Assert.Equal(expected, XlsxReader.Classify(code).ToString());

    [Fact]
    public void Serials_before_March_1900_follow_the_usual_leap_year_convention()
    {
        var stream = BuildWithSdk(data => data.Append(new Row(
            new Cell { CellReference = "A1", StyleIndex = 1, CellValue = new CellValue("61") },
            new Cell { CellReference = "B1", StyleIndex = 1, CellValue = new CellValue("59") })),
            StylesWithFormats());
        var row = ReadAll(stream).Single();
        Assert.Equal(new DateOnly(1900, 3, 1), row["A"]);
        Assert.Equal(new DateOnly(1900, 2, 27), row["B"]);   // DateTime.FromOADate; Excel itself shows 28/02/1900
    }

    [Fact]
    public void Workbooks_in_the_1904_date_system_give_the_right_dates()
    {
        var stream = BuildWithSdk(data => data.Append(new Row(
            new Cell { CellReference = "A1", StyleIndex = 1, CellValue = new CellValue((45366 - 1462).ToString()) })),
            StylesWithFormats(), date1904: true);
        Assert.Equal(new DateOnly(2024, 3, 15), ReadAll(stream).Single()["A"]);
    }

    [Fact]
    public void Reads_from_a_stream_that_cannot_seek()
    {
        var bytes = Write(wb => wb.AddSheet("Data").WriteRow("x", 1)).ToArray();
        Assert.Equal("x", ReadAll(new ForwardOnlyStream(new MemoryStream(bytes))).Single()["A"]);
    }

    public static TheoryData<string, byte[], string> UnreadableFiles() => new()
    {
        { "CSV renamed to .xlsx", Encoding.UTF8.GetBytes("Trust,Baseline\nNorth,2500\n"), "not an Excel workbook" },
        { "random bytes", Enumerable.Range(0, 2048).Select(i => (byte)(i * 7919 % 251)).ToArray(), "not an Excel workbook" },
        { "empty file", [], "empty" },
        { "encrypted workbook", OleFile(encrypted: true), "password-protected" },
        { "Excel 97-2003 workbook", OleFile(encrypted: false), "(.xls)" },
        { "truncated workbook", Write(wb => wb.AddSheet("Data").WriteRow("x")).ToArray()[..300], "damaged" },
        { "a zip that is not a workbook", ZipWith("readme.txt", "hello"), "does not contain an Excel workbook" },
        { "a Word document", WordDocument(), "not an Excel workbook" },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public void Refuses_files_that_are_not_readable_workbooks_with_a_plain_message(string what, byte[] bytes, string expected)
    {
        var e = Assert.Throws<XlsxReadException>(() =>
        {
            using var reader = XlsxReader.Open(new MemoryStream(bytes));
            reader.ReadRows(reader.SheetNames[0]).ToList();
        });
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {e.Message}");
        Assert.DoesNotContain("Exception", e.Message);
        Assert.DoesNotContain(" at ", e.Message);
    }

    [Fact]
    public void Damage_inside_a_sheet_is_reported_as_a_read_exception_while_reading()
    {
        var bytes = Write(wb => wb.AddSheet("Data").WriteRow("x")).ToArray();
        var damaged = new MemoryStream();
        damaged.Write(bytes);
        using (var zip = new ZipArchive(damaged, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v>");
        }
        damaged.Position = 0;
        using var reader = XlsxReader.Open(damaged);
        var e = Assert.Throws<XlsxReadException>(() => reader.ReadRows("Data").ToList());
        Assert.Contains("damaged", e.Message);
    }

    private static byte[] WordDocument()
    {
        var stream = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
            document.AddMainDocumentPart().Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body());
        return stream.ToArray();
    }

    private static byte[] ZipWith(string name, string content)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(name).Open()))
            writer.Write(content);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    [InlineData(52, "AZ")]
    [InlineData(53, "BA")]
    [InlineData(702, "ZZ")]
    [InlineData(703, "AAA")]
    [InlineData(16384, "XFD")]
    public void Column_letters_and_indexes_convert_both_ways(int index, string letters)
    {
        Assert.Equal(letters, XlsxRef.ColumnLetters(index));
        Assert.Equal(index, XlsxRef.ColumnIndex(letters));
        Assert.Equal(index, XlsxRef.ColumnIndex(letters.ToLowerInvariant()));
    }

    [Fact]
    public void Every_column_round_trips_and_bad_columns_are_refused()
    {
        for (int i = 1; i <= XlsxRef.MaxColumns; i++) Assert.Equal(i, XlsxRef.ColumnIndex(XlsxRef.ColumnLetters(i)));
        Assert.Throws<FormatException>(() => XlsxRef.ColumnIndex("XFE"));
        Assert.Throws<FormatException>(() => XlsxRef.ColumnIndex("A1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => XlsxRef.ColumnLetters(0));
        Assert.Equal((28, 12), XlsxRef.ParseCell("$AB$12"));
    }
}
