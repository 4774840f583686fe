using System.Globalization;

namespace Kaizen.Web.Export;

// The workbook's shared strings: each distinct text is written once, in xl/sharedStrings.xml, and cells refer to it by
// index. Reports repeat the same long texts on every row (a trust's name, a value stream, a verdict), and writing
// them inline made the sheets' XML several times larger, with its encoding and compressing the most of the work.
// The table holds the callers' own strings (no copies) and is written after the sheets. Texts a report builds for one
// row (a problem's details) would live on in the table though, so it takes new texts only up to a budget: after that
// they are written inline, and those already in the table are still shared. Reports meet their repeated texts
// (headers, names, states) first, with the figures they describe.
internal sealed class XlsxSharedStrings(int budgetChars = XlsxSharedStrings.DefaultBudgetChars)
{
    // About 1 MB of text. Measured on the national pack (100,000 workshops): with 500,000 characters the server's peak
    // was 8 MB above writing every text inline, with 2 million 35 MB above for little more gain (file 59 MB against
    // 57 MB, inline 78 MB).
    internal const int DefaultBudgetChars = 500_000;
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private long _chars;

    public int Count => _strings.Count;

    // The text's index, or -1 when it is not in the table and the table is full.
    public int Index(string text)
    {
        if (_indexes.TryGetValue(text, out int index)) return index;
        if (_chars + text.Length > budgetChars) return -1;
        _chars += text.Length;
        _indexes.Add(text, _strings.Count);
        _strings.Add(text);
        return _strings.Count - 1;
    }

    // references: how many cells refer to the table (the count Excel records beside the number of strings).
    public void Write(XlsxXmlWriter w, long references)
    {
        w.Raw("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"""u8);
        w.Raw("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\""u8);
        w.Int(references);
        w.Raw("\" uniqueCount=\""u8);
        w.Int(_strings.Count);
        w.Raw("\">"u8);
        foreach (var raw in _strings)
        {
            var text = XlsxText.Encode(raw);
            w.Raw(XlsxText.NeedsSpacePreserved(text) ? "<si><t xml:space=\"preserve\">"u8 : "<si><t>"u8);
            w.Text(text);
            w.Raw("</t></si>"u8);
        }
        w.Raw("</sst>"u8);
    }

    public static int Format(int index, Span<byte> destination)
    {
        index.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
