using System.Text;

namespace Kaizen.Web.Export;

// Excel stores characters that XML cannot carry as _xHHHH_, and a literal "_xHHHH_" with its underscore escaped
// as _x005F_. Both sides follow that convention so any .NET string survives a round trip. Carriage returns are
// escaped too: XML parsers turn a raw CR into LF.
internal static class XlsxText
{
    public const int MaxCellLength = 32_767;

    public static string Encode(string text)
    {
        if (text.Length > MaxCellLength) text = text[..MaxCellLength];   // Excel refuses longer cells
        if (!NeedsEncoding(text)) return text;
        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                sb.Append(c).Append(text[++i]);
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                sb.Append('\uFFFD');
            else if (c < ' ' && c is not ('\t' or '\n'))
                sb.Append("_x").Append(((int)c).ToString("X4")).Append('_');
            else if (c == '_' && IsEscapeAt(text, i))
                sb.Append("_x005F_");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Decode(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal)) return text;
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && IsEscapeAt(text, i))
            {
                sb.Append((char)Convert.ToInt32(text.Substring(i + 2, 4), 16));
                i += 6;
            }
            else sb.Append(text[i]);
        }
        return sb.ToString();
    }

    private static bool NeedsEncoding(string text)
    {
        foreach (char c in text)
            if ((c < ' ' && c is not ('\t' or '\n')) || char.IsSurrogate(c) || c >= '\uFFFE') return true;
        return text.Contains("_x", StringComparison.Ordinal);
    }

    private static bool IsEscapeAt(string s, int i) =>
        i + 6 < s.Length && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_'
        && char.IsAsciiHexDigit(s[i + 2]) && char.IsAsciiHexDigit(s[i + 3])
        && char.IsAsciiHexDigit(s[i + 4]) && char.IsAsciiHexDigit(s[i + 5]);
}
