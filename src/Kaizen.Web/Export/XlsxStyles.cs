namespace Kaizen.Web.Export;

// Cell styles are registered on first use, so the styles part holds only what the workbook needs.
internal sealed class XlsxStyles
{
    internal readonly record struct Key(XlsxFormat Format, bool Bold, bool Wrap, bool QuotePrefix, bool Header);

    private readonly Dictionary<Key, int> _ids = new() { [default] = 0 };
    private readonly List<Key> _keys = [default];
    // The ids again, by the key packed into a number: asked for once per cell, so a lookup must cost next to nothing.
    private readonly int[] _packed = Enumerable.Repeat(-1, 512).ToArray();

    public int Id(Key key) => Id(key.Format, key.Bold, key.Wrap, key.QuotePrefix, key.Header);

    public int Id(XlsxFormat format, bool bold, bool wrap, bool quotePrefix, bool header)
    {
        int packed = (int)format << 4 | (bold ? 1 : 0) | (wrap ? 2 : 0) | (quotePrefix ? 4 : 0) | (header ? 8 : 0);
        if ((uint)packed < (uint)_packed.Length && _packed[packed] >= 0) return _packed[packed];
        var key = new Key(format, bold, wrap, quotePrefix, header);
        if (!_ids.TryGetValue(key, out int id))
        {
            _keys.Add(key);
            id = _ids[key] = _keys.Count - 1;
        }
        if ((uint)packed < (uint)_packed.Length) _packed[packed] = id;
        return id;
    }

    // Built-in ids where Excel has one; the rest are custom formats from 164 up.
    internal static (uint Id, string? Code) NumberFormat(XlsxFormat format) => format switch
    {
        XlsxFormat.General => (0, null),
        XlsxFormat.Integer => (3, null),
        XlsxFormat.Number2 => (4, null),
        XlsxFormat.Percent => (9, null),
        XlsxFormat.Text => (49, null),
        XlsxFormat.Number1 => (164, "#,##0.0"),
        XlsxFormat.Percent1 => (165, "0.0%"),
        XlsxFormat.Date => (166, "dd/mm/yyyy"),
        XlsxFormat.DateTime => (167, "dd/mm/yyyy hh:mm"),
        XlsxFormat.Month => (168, "mmm yyyy"),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    // The code a chart cache carries for values in this format.
    internal static string FormatCode(XlsxFormat format) => format switch
    {
        XlsxFormat.Integer => "#,##0",
        XlsxFormat.Number2 => "#,##0.00",
        XlsxFormat.Percent => "0%",
        XlsxFormat.Text => "@",
        XlsxFormat.General => "General",
        _ => NumberFormat(format).Code!,
    };

    public void Write(XlsxPartWriter part)
    {
        part.Start("styleSheet").Attr("xmlns", XlsxWorkbook.MainNs);
        var custom = Enum.GetValues<XlsxFormat>().Select(NumberFormat).Where(f => f.Code != null).ToList();
        part.Start("numFmts").Attr("count", custom.Count);
        foreach (var (id, code) in custom) part.Start("numFmt").Attr("numFmtId", id).Attr("formatCode", code).End();
        part.End();

        part.Start("fonts").Attr("count", 2);
        Font(part, bold: false);
        Font(part, bold: true);
        part.End();

        part.Start("fills").Attr("count", 3);
        part.Start("fill").Empty("patternFill", "patternType", "none").End();
        part.Start("fill").Empty("patternFill", "patternType", "gray125").End();
        part.Start("fill").Start("patternFill").Attr("patternType", "solid")
            .Empty("fgColor", "rgb", "FFE8EDEE").Start("bgColor").Attr("indexed", 64).End().End().End();
        part.End();

        part.Start("borders").Attr("count", 2);
        part.Start("border").Empty("left").Empty("right").Empty("top").Empty("bottom").Empty("diagonal").End();
        part.Start("border").Empty("left").Empty("right").Empty("top")
            .Start("bottom").Attr("style", "thin").Empty("color", "rgb", "FF768692").End().Empty("diagonal").End();
        part.End();

        part.Start("cellStyleXfs").Attr("count", 1)
            .Start("xf").Attr("numFmtId", 0).Attr("fontId", 0).Attr("fillId", 0).Attr("borderId", 0).End().End();

        part.Start("cellXfs").Attr("count", _keys.Count);
        foreach (var k in _keys)
        {
            var numberFormat = NumberFormat(k.Format).Id;
            var font = k.Bold || k.Header ? 1 : 0;
            part.Start("xf").Attr("numFmtId", numberFormat).Attr("fontId", font).Attr("fillId", k.Header ? 2 : 0)
                .Attr("borderId", k.Header ? 1 : 0).Attr("xfId", 0);
            // quotePrefix keeps text that looks like a formula as text, even after the user edits the cell.
            if (k.QuotePrefix) part.Attr("quotePrefix", true);
            if (numberFormat != 0) part.Attr("applyNumberFormat", true);
            if (font != 0) part.Attr("applyFont", true);
            if (k.Header) part.Attr("applyFill", true).Attr("applyBorder", true);
            if (k.Wrap) part.Attr("applyAlignment", true).Start("alignment").Attr("wrapText", true).Attr("vertical", "top").End();
            part.End();
        }
        part.End();

        part.Start("cellStyles").Attr("count", 1)
            .Start("cellStyle").Attr("name", "Normal").Attr("xfId", 0).Attr("builtinId", 0).End().End();
        part.End();
    }

    private static void Font(XlsxPartWriter part, bool bold)
    {
        part.Start("font");
        if (bold) part.Empty("b");
        part.Val("sz", 11).Empty("color", "theme", "1").Val("name", "Calibri").Val("family", 2).Val("scheme", "minor");
        part.End();
    }

    // A trimmed Office theme: charts and theme colours resolve against it, and LibreOffice needs one to draw fills.
    public const string ThemeXml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Kaizen">
        <a:themeElements>
        <a:clrScheme name="Kaizen">
        <a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
        <a:dk2><a:srgbClr val="231F20"/></a:dk2><a:lt2><a:srgbClr val="E8EDEE"/></a:lt2>
        <a:accent1><a:srgbClr val="005EB8"/></a:accent1><a:accent2><a:srgbClr val="ED8B00"/></a:accent2>
        <a:accent3><a:srgbClr val="009639"/></a:accent3><a:accent4><a:srgbClr val="7C2855"/></a:accent4>
        <a:accent5><a:srgbClr val="00A9CE"/></a:accent5><a:accent6><a:srgbClr val="DA291C"/></a:accent6>
        <a:hlink><a:srgbClr val="005EB8"/></a:hlink><a:folHlink><a:srgbClr val="330072"/></a:folHlink>
        </a:clrScheme>
        <a:fontScheme name="Office">
        <a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>
        <a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>
        </a:fontScheme>
        <a:fmtScheme name="Office">
        <a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>
        <a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>
        <a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>
        <a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst>
        </a:fmtScheme>
        </a:themeElements>
        </a:theme>
        """;
}
