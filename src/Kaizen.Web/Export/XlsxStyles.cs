using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

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

    public Stylesheet Build()
    {
        var custom = Enum.GetValues<XlsxFormat>().Select(NumberFormat).Where(f => f.Code != null)
            .Select(f => new NumberingFormat { NumberFormatId = f.Id, FormatCode = f.Code }).ToList();

        var xfs = _keys.Select(k =>
        {
            var xf = new CellFormat
            {
                NumberFormatId = NumberFormat(k.Format).Id,
                FontId = k.Bold || k.Header ? 1u : 0u,
                FillId = k.Header ? 2u : 0u,
                BorderId = k.Header ? 1u : 0u,
                FormatId = 0,
            };
            if (xf.NumberFormatId! != 0) xf.ApplyNumberFormat = true;
            if (xf.FontId! != 0) xf.ApplyFont = true;
            if (k.Header) { xf.ApplyFill = true; xf.ApplyBorder = true; }
            // quotePrefix keeps text that looks like a formula as text, even after the user edits the cell.
            if (k.QuotePrefix) xf.QuotePrefix = true;
            if (k.Wrap)
            {
                xf.ApplyAlignment = true;
                xf.Append(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top });
            }
            return xf;
        });

        return new Stylesheet(
            new NumberingFormats(custom) { Count = (uint)custom.Count },
            new Fonts(Font(bold: false), Font(bold: true)) { Count = 2 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE8EDEE" }, new BackgroundColor { Indexed = 64 })
                { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                    new BottomBorder(new Color { Rgb = "FF768692" }) { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
            { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(xfs) { Count = (uint)_keys.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static Font Font(bool bold)
    {
        var font = new Font();
        if (bold) font.Append(new Bold());
        font.Append(new FontSize { Val = 11 }, new Color { Theme = 1 }, new FontName { Val = "Calibri" },
            new FontFamilyNumbering { Val = 2 }, new FontScheme { Val = FontSchemeValues.Minor });
        return font;
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
