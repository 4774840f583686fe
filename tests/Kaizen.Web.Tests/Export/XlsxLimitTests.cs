using System.Text;
using Kaizen.Web.Export;
using static Kaizen.Web.Tests.Import.HostileWorkbooks;

namespace Kaizen.Web.Tests.Export;

// Each limit of XlsxReader on its own: Excel's own limits (rows, columns, characters in a cell), which any reader of
// the class gets, and the shapes of markup that make XmlReader slow or large. The ratio check is turned off where it
// would refuse the file first.
public class XlsxLimitTests
{
    private static readonly XlsxLimits NoRatio = XlsxLimits.Excel with { MaxRatio = int.MaxValue };

    private static List<XlsxRow> ReadAll(byte[] bytes, XlsxLimits? limits = null)
    {
        using var reader = XlsxReader.Open(new MemoryStream(bytes), limits);
        return reader.ReadRows(reader.SheetNames[0]).ToList();
    }

    private static string Refusal(byte[] bytes, XlsxLimits? limits = null) =>
        Assert.ThrowsAny<XlsxReadException>(() => ReadAll(bytes, limits)).Message;

    [Fact]
    public void A_cell_of_a_billion_characters_is_refused_at_Excels_limit_without_being_built()
    {
        var bytes = HugeCell.Value;
        long before = GC.GetAllocatedBytesForCurrentThread();

        var message = Refusal(bytes);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16L << 20, "the cell was built");
        Assert.Contains("The cell A2 of the sheet \"Workshops\" holds more than 32,767 characters", message);
    }

    [Fact]
    public void A_cell_of_32_767_characters_is_read_even_written_with_escapes_and_one_of_32_768_is_refused()
    {
        // Every tenth character a carriage return, which Excel writes as _x000D_.
        var text = string.Concat(Enumerable.Range(0, XlsxLimits.MaxCellChars).Select(i => i % 10 == 9 ? '\r' : (char)('a' + i % 26)));
        var fits = Build(s => Write(s, $"<row><c t=\"inlineStr\"><is><t>{XlsxText.Encode(text)}</t></is></c></row>"), header: false);
        Assert.Equal(text, ReadAll(fits).Single()[1]);

        var over = Build(s => Write(s, $"<row><c t=\"inlineStr\"><is><t>{new string('x', XlsxLimits.MaxCellChars + 1)}</t></is></c></row>"), header: false);
        Assert.Contains("The cell A1 of the sheet \"Workshops\" holds more than 32,767 characters", Refusal(over));

        var shared = Build(s => Write(s, "<row><c t=\"s\"><v>0</v></c></row>"), s => Write(s, $"<si><t>{new string('x', XlsxLimits.MaxCellChars + 1)}</t></si>"), header: false);
        Assert.Contains("text number 1 (in its shared strings table) holds more than 32,767 characters", Refusal(shared));
    }

    [Fact]
    public void A_row_past_Excels_last_is_refused_whether_numbered_or_counted()
    {
        var numbered = Build(s => Write(s, "<row r=\"1048577\"><c><v>1</v></c></row>"), header: false);
        Assert.Contains("The sheet \"Workshops\" has more than 1,048,576 rows, the most Excel allows", Refusal(numbered));

        var counted = Build(s => Repeat(s, "<row/>", XlsxRef.MaxRows + 1), header: false);
        Assert.Contains("has more than 1,048,576 rows", Refusal(counted, NoRatio));
    }

    [Fact]
    public void A_cell_past_Excels_last_column_is_refused()
    {
        var bytes = Build(s =>
        {
            Write(s, "<row>");
            Repeat(s, "<c><v>1</v></c>", XlsxRef.MaxColumns + 1);
            Write(s, "</row>");
        }, header: false);

        Assert.Contains("has a cell past column XFD (16,384)", Refusal(bytes, NoRatio));
        // The last column itself is read.
        var last = Build(s => { Write(s, "<row>"); Repeat(s, "<c><v>1</v></c>", XlsxRef.MaxColumns); Write(s, "</row>"); }, header: false);
        Assert.Equal(XlsxRef.MaxColumns, ReadAll(last, NoRatio).Single().Cells.Count);
    }

    // 1 MB of blanks inside one tag took XmlReader 2 s, as it rereads the tag from its start whenever its buffer refills.
    [Fact]
    public void White_space_inside_a_tag_is_refused_past_1_KB()
    {
        var bytes = Build(s =>
        {
            Write(s, "<row");
            Repeat(s, " ", 4 << 20);
            Write(s, "><c><v>1</v></c></row>");
        });

        Assert.Contains("has more than 1,024 blank characters in a row inside a tag", Refusal(bytes, NoRatio));
    }

    [Fact]
    public void The_same_in_a_part_written_in_UTF_16_is_refused_and_a_sound_UTF_16_part_is_read()
    {
        var sound = Build(s => Write(s, "<row><c t=\"inlineStr\"><is><t>Café</t></is></c></row>"), header: false, sheetEncoding: Encoding.Unicode);
        Assert.Equal("Café", ReadAll(sound).Single()[1]);
        var bigEndian = Build(s => Write(s, "<row><c><v>2</v></c></row>"), header: false, sheetEncoding: Encoding.BigEndianUnicode);
        Assert.Equal(2.0, ReadAll(bigEndian).Single()[1]);

        var hostile = Build(s => Write(s, "<row" + new string(' ', 100_000) + "><c><v>1</v></c></row>"), header: false, sheetEncoding: Encoding.Unicode);
        Assert.Contains("blank characters in a row inside a tag", Refusal(hostile, NoRatio));
    }

    [Fact]
    public void Elements_nested_deeper_than_100_are_refused()
    {
        var bytes = Build(s => Repeat(s, "<x>", 200_000), header: false);

        Assert.Contains("nests its elements more than 100 deep", Refusal(bytes, NoRatio));
    }

    [Fact]
    public void A_tag_longer_than_64_KB_is_refused()
    {
        var bytes = Build(s => Write(s, "<row spans=\"" + new string('1', 1 << 20) + "\"><c><v>1</v></c></row>"), header: false);

        Assert.Contains("has a tag longer than 64 KB", Refusal(bytes, NoRatio));
    }

    [Fact]
    public void A_comment_longer_than_256_KB_is_refused()
    {
        var bytes = Build(s => Write(s, "<row><c t=\"s\"><v>0</v></c></row>"),
            s => Write(s, "<!--" + new string('x', 1 << 20) + "--><si><t>a</t></si>"), header: false);

        Assert.Contains("has a comment, CDATA section or instruction longer than 256 KB", Refusal(bytes, NoRatio));
    }

    [Fact]
    public void The_packages_own_xml_is_refused_past_1_MB_before_the_package_is_opened()
    {
        var bytes = Build(s => { }, contentTypes: s => Repeat(s, "<Default Extension=\"x\" ContentType=\"a/b\"/>", 50_000));

        Assert.Contains("its part [Content_Types].xml unpacks to more than 1 MB", Refusal(bytes, NoRatio));
    }

    [Fact]
    public void Macro_enabled_workbooks_templates_and_vba_projects_are_refused_by_content_type()
    {
        Assert.Contains("This workbook contains macros", Refusal(Build(s => { }, workbookType: MacroWorkbookType)));
        Assert.Contains("This workbook contains macros", Refusal(Build(s => { }, vbaProject: true)));
        Assert.Contains("This is an Excel template (.xltx)",
            Refusal(Build(s => { }, workbookType: "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml")));
        Assert.Single(ReadAll(Build(s => { })));   // the same package as a plain workbook: its header row
    }
}
