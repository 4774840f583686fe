using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Export;
using static Kaizen.Web.Tests.Export.XlsxTestFiles;

namespace Kaizen.Web.Tests.Export;

// The shared strings are read with a plain XmlReader; they must read exactly as they did through the SDK's
// OpenXmlReader, whose reading is kept here as the reference.
public class XlsxSharedStringTests
{
    public static TheoryData<string, string> Items() => new()
    {
        { "plain", "<si><t>North Trust</t></si>" },
        { "rich text runs", "<si><r><rPr><b/></rPr><t>So</t></r><r><t>uth</t></r></si>" },
        { "runs with spaces kept", "<si><r><t xml:space=\"preserve\">Jo </t></r><r><t xml:space=\"preserve\"> Smith</t></r></si>" },
        { "runs with spaces not kept", "<si><r><t>Jo </t></r><r><t> </t></r><r><t>Smith</t></r></si>" },
        { "phonetic run after the text", "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>" },
        { "phonetic run among runs", "<si><r><t>To</t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh><r><t>kyo</t></r></si>" },
        { "xml:space preserve", "<si><t xml:space=\"preserve\">  padded  </t></si>" },
        { "white space only, kept", "<si><t xml:space=\"preserve\">   </t></si>" },
        { "white space only, not kept", "<si><t>   </t></si>" },
        { "white space inside text", "<si><t>  a  b  </t></si>" },
        { "escaped carriage return and control character", "<si><t>line 1_x000D_\nline 2 _x0001_ and _x005F_x0041_</t></si>" },
        { "entities and character references", "<si><t>A &amp; B &lt;C&gt; &#x1F600; &#233;</t></si>" },
        { "CDATA", "<si><t><![CDATA[<not markup> & more]]></t></si>" },
        { "text then comment then text", "<si><t>be<!-- a comment -->fore</t></si>" },
        { "comment then text", "<si><t><!-- a comment -->after</t></si>" },
        { "processing instruction then text", "<si><t><?pi data?>after</t></si>" },
        { "text then CDATA", "<si><t>a<![CDATA[b]]></t></si>" },
        { "white space between elements", "<si>\n  <r>\n    <t>a</t>\n  </r>\n  <r><t>b</t></r>\n</si>" },
        { "a run's white space only text", "<si><r><t>\n</t></r><r><t>x</t></r></si>" },
        { "empty item", "<si/>" },
        { "empty text", "<si><t/></si>" },
        { "two direct texts: the first", "<si><t>first</t><t>second</t></si>" },
        { "text after runs", "<si><r><t>run</t></r><t>direct</t></si>" },
        { "run with two texts", "<si><r><t>one</t><t>two</t></r></si>" },
        { "run without text", "<si><r><rPr><i/></rPr></r><r><t>x</t></r></si>" },
        { "line breaks", "<si><t>a\nb\r\nc</t></si>" },
    };

    [Theory]
    [MemberData(nameof(Items))]
    public void Each_item_reads_as_OpenXmlReader_read_it(string what, string item)
    {
        // The item between two plain ones, so a reading that ends the item early or late shows in its neighbours.
        var xml = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\" uniqueCount=\"3\">" +
                  "<si><t>before</t></si>" + item + "<si><t>after</t></si></sst>";
        var stream = BuildWithSdk(data => data.Append(new Row(
                Enumerable.Range(0, 3).Select(i => new Cell { CellReference = XlsxRef.Cell(i + 1, 1), DataType = CellValues.SharedString, CellValue = new CellValue(i.ToString()) }))
            { RowIndex = 1 }),
            sharedStrings: ["x"]);
        using (var document = SpreadsheetDocument.Open(stream, true))
            document.WorkbookPart!.SharedStringTablePart!.FeedData(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        stream.Position = 0;

        var expected = WithOpenXmlReader(stream);
        stream.Position = 0;
        using var reader = XlsxReader.Open(stream);
        var row = reader.ReadRows("Data").Single();

        Assert.Equal(3, expected.Length);
        Assert.True(expected[0] == (row["A"] as string ?? ""), $"{what}: before");
        Assert.True(expected[1] == (row["B"] as string ?? ""), $"{what}: \"{expected[1]}\" expected, \"{row["B"]}\" read");
        Assert.True(expected[2] == (row["C"] as string ?? ""), $"{what}: after");
    }

    // The reading before the change: OpenXmlReader over the part, each item loaded as an element.
    private static string[] WithOpenXmlReader(Stream stream)
    {
        using var document = SpreadsheetDocument.Open(stream, false);
        var list = new List<string>();
        using var reader = OpenXmlReader.Create(document.WorkbookPart!.SharedStringTablePart!);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
                list.Add(XlsxText.Decode(TextOf(reader.LoadCurrentElement()!)));
            else if (!reader.Read()) break;
        }
        return [.. list];
    }

    private static string TextOf(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } text) return text.Text;
        var sb = new StringBuilder();
        foreach (var run in item.Elements<Run>()) sb.Append(run.Text?.Text);
        return sb.ToString();
    }
}
