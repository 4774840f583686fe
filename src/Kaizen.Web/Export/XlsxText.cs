using System.Globalization;
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
                sb.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
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

    // Control characters other than tab and line feed, surrogates (a pair is kept, a lone one replaced), U+FFFE and U+FFFF,
    // or an escape look-alike. Most text is printable and below the surrogates, which one vectorised scan rules out.
    private static bool NeedsEncoding(string text)
    {
        var span = text.AsSpan();
        for (int i = span.IndexOfAnyExceptInRange(' ', '\uD7FF'); i >= 0 && i < span.Length; i++)
        {
            char c = span[i];
            if ((c < ' ' && c is not ('\t' or '\n')) || char.IsSurrogate(c) || c >= '\uFFFE') return true;
        }
        return span.Contains('_') && span.IndexOf("_x", StringComparison.Ordinal) >= 0;
    }

    // Leading or trailing white space, tabs, line breaks and runs of spaces survive only with xml:space="preserve".
    public static bool NeedsSpacePreserved(string text)
    {
        if (text.Length == 0) return false;
        if (IsSpace(text[0]) || IsSpace(text[^1])) return true;
        var rest = text.AsSpan();
        while (true)
        {
            int i = rest.IndexOfAny(' ', '\t', '\n');
            if (i < 0) return false;
            if (rest[i] != ' ' || (i + 1 < rest.Length && rest[i + 1] == ' ')) return true;
            rest = rest[(i + 1)..];
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsEscapeAt(string s, int i) =>
        i + 6 < s.Length && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_'
        && char.IsAsciiHexDigit(s[i + 2]) && char.IsAsciiHexDigit(s[i + 3])
        && char.IsAsciiHexDigit(s[i + 4]) && char.IsAsciiHexDigit(s[i + 5]);
}
