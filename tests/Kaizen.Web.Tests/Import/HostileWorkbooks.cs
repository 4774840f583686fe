using System.IO.Compression;
using System.Text;
using Kaizen.Web.Import;

namespace Kaizen.Web.Tests.Import;

// Workbooks made to hurt the server that reads them, built part by part with ZipArchive so a test controls every
// byte: a minimal package (content types, relationships, a workbook whose one sheet is "Workshops", shared strings
// when asked) whose sheet data the test writes. Parts are streamed into the zip, so a part of a gigabyte never
// exists in memory; each of those takes about a second to compress.
internal static class HostileWorkbooks
{
    public const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    public const string MacroWorkbookType = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";
    private const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // sheetData writes the rows (inside <sheetData>); the template's header row comes first unless header is false.
    public static byte[] Build(Action<Stream> sheetData, Action<Stream>? sharedStrings = null, bool header = true,
        string workbookType = WorkbookType, bool vbaProject = false, int emptyEntries = 0, Action<Stream>? contentTypes = null,
        Encoding? sheetEncoding = null)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", s =>
            {
                Write(s, $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>
                    <Override PartName="/xl/workbook.xml" ContentType="{workbookType}"/>
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                    <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                    """);
                contentTypes?.Invoke(s);
                Write(s, "</Types>");
            });
            Entry(zip, "_rels/.rels", s => Write(s, $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="{RelNs}/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """));
            Entry(zip, "xl/workbook.xml", s => Write(s, $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="{Ns}" xmlns:r="{RelNs}"><sheets><sheet name="{ImportColumns.Sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>
                """));
            Entry(zip, "xl/_rels/workbook.xml.rels", s => Write(s, $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="{RelNs}/worksheet" Target="worksheets/sheet1.xml"/>
                {(sharedStrings is null ? "" : $"<Relationship Id=\"rId2\" Type=\"{RelNs}/sharedStrings\" Target=\"sharedStrings.xml\"/>")}
                {(vbaProject ? $"<Relationship Id=\"rId3\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/>" : "")}
                </Relationships>
                """));
            Entry(zip, "xl/worksheets/sheet1.xml", s =>
            {
                var encoding = sheetEncoding ?? new UTF8Encoding(false);
                s.Write(encoding.GetPreamble());
                Write(s, $"<worksheet xmlns=\"{Ns}\"><sheetData>", encoding);
                if (header) Write(s, HeaderRow(), encoding);
                if (sheetEncoding is null) sheetData(s);
                else
                {
                    var utf8 = new MemoryStream();
                    sheetData(utf8);
                    Write(s, Encoding.UTF8.GetString(utf8.ToArray()), encoding);
                }
                Write(s, "</sheetData></worksheet>", encoding);
            });
            if (sharedStrings is not null)
                Entry(zip, "xl/sharedStrings.xml", s =>
                {
                    Write(s, $"<sst xmlns=\"{Ns}\">");
                    sharedStrings(s);
                    Write(s, "</sst>");
                });
            if (vbaProject) Entry(zip, "xl/vbaProject.bin", s => s.Write(new byte[512]));
            for (int i = 0; i < emptyEntries; i++) zip.CreateEntry($"x/{i}.xml", CompressionLevel.NoCompression);
        }
        return output.ToArray();
    }

    private static void Entry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        write(stream);
    }

    // The template's headers as inline strings, so the rows after them are read and checked.
    public static string HeaderRow() =>
        "<row>" + string.Concat(ImportKit.Headers.Select(h => $"<c t=\"inlineStr\"><is><t>{h}</t></is></c>")) + "</row>";

    public static void Write(Stream s, string text, Encoding? encoding = null) => s.Write((encoding ?? Encoding.UTF8).GetBytes(text));

    // text written times over, a 64 KB piece at a time.
    public static void Repeat(Stream s, string text, long times)
    {
        int perPiece = Math.Max(1, 65_536 / Encoding.UTF8.GetByteCount(text));
        var piece = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text, perPiece)));
        for (; times >= perPiece; times -= perPiece) s.Write(piece);
        for (; times > 0; times--) Write(s, text);
    }

    // Words drawn at random from a small vocabulary: text that compresses about as well as prose.
    public static string Words(Random random, int chars)
    {
        var sb = new StringBuilder(chars + 16);
        while (sb.Length < chars)
        {
            int length = 2 + random.Next(9);
            for (int i = 0; i < length; i++) sb.Append((char)('a' + random.Next(26)));
            sb.Append(' ');
        }
        return sb.ToString(0, chars);
    }

    // The hostile files of issue 13, each well within the 10 MB upload limit.

    // 1 GB of spaces between two rows.
    public static readonly Lazy<byte[]> WhitespaceBomb = new(() => Build(s =>
    {
        Write(s, "<row><c><v>1</v></c></row>");
        Repeat(s, " ", 1L << 30);
        Write(s, "<row><c><v>2</v></c></row>");
    }));

    // One cell of 1.1 billion characters, compressed into about 1 MB: a 500 (OutOfMemoryException) at 2.4 GB before.
    public static readonly Lazy<byte[]> HugeCell = new(() => Build(s =>
    {
        Write(s, "<row><c t=\"inlineStr\"><is><t>");
        Repeat(s, "x", 1_100_000_000);
        Write(s, "</t></is></c></row>");
    }));

    // A shared strings part that inflates to 1.1 GB (110,000 texts of 10,000 characters), for a workbook of one row.
    public static readonly Lazy<byte[]> HugeSharedStrings = new(() => Build(
        s => Write(s, "<row><c t=\"s\"><v>0</v></c></row>"),
        s =>
        {
            var item = "<si><t>" + new string('x', 10_000) + "</t></si>";
            Repeat(s, item, 110_000);
        }));

    // 2,000,000 rows without r attributes, past Excel's 1,048,576: 24.8 s and 2.2 GB of problems before.
    public static readonly Lazy<byte[]> TwoMillionRows = new(() => Build(s => Repeat(s, "<row><c><v>1</v></c></row>", 2_000_000)));

    // A row with a value in each of Excel's 16,384 columns, without r attributes.
    public static readonly Lazy<byte[]> AllColumns = new(() => Build(s =>
    {
        Write(s, "<row>");
        Repeat(s, "<c><v>1</v></c>", 16_384);
        Write(s, "</row>");
    }));
}
