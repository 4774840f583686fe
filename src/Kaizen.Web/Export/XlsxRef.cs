using System.Text.RegularExpressions;

namespace Kaizen.Web.Export;

// A1-style reference helpers. Columns and rows are 1-based, as Excel shows them.
public static partial class XlsxRef
{
    public const int MaxColumns = 16_384;
    public const int MaxRows = 1_048_576;

    public static string ColumnLetters(int column)
    {
        if (column is < 1 or > MaxColumns) throw new ArgumentOutOfRangeException(nameof(column));
        Span<char> buffer = stackalloc char[3];
        int i = buffer.Length;
        while (column > 0)
        {
            column--;
            buffer[--i] = (char)('A' + column % 26);
            column /= 26;
        }
        return new string(buffer[i..]);
    }

    public static int ColumnIndex(string letters)
    {
        if (string.IsNullOrEmpty(letters) || letters.Length > 3) throw new FormatException($"'{letters}' is not a column.");
        int column = 0;
        foreach (char c in letters)
        {
            char u = char.ToUpperInvariant(c);
            if (u is < 'A' or > 'Z') throw new FormatException($"'{letters}' is not a column.");
            column = column * 26 + (u - 'A' + 1);
        }
        return column <= MaxColumns ? column : throw new FormatException($"'{letters}' is beyond the last column.");
    }

    public static string Cell(int column, int row) => ColumnLetters(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static (int Column, int Row) ParseCell(string reference)
    {
        var m = CellPattern().Match(reference);
        if (!m.Success) throw new FormatException($"'{reference}' is not a cell reference.");
        int row = int.Parse(m.Groups[2].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture);
        if (row is < 1 or > MaxRows) throw new FormatException($"'{reference}' is beyond the last row.");
        return (ColumnIndex(m.Groups[1].Value), row);
    }

    // Sheet names in formulas are always quoted; an apostrophe inside the name is doubled.
    internal static string QuoteSheet(string sheet) => "'" + sheet.Replace("'", "''") + "'";

    internal static string Absolute(int column, int row) => $"${ColumnLetters(column)}${row}";

    [GeneratedRegex(@"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")]
    private static partial Regex CellPattern();
}

// A single-column run of cells, e.g. B2:B13, on a sheet named by its final (sanitised) name.
public sealed record XlsxRange(string Sheet, int Column, int FirstRow, int LastRow)
{
    public static XlsxRange On(string sheet, string range)
    {
        var parts = range.Split(':');
        var (c1, r1) = XlsxRef.ParseCell(parts[0]);
        var (c2, r2) = parts.Length == 2 ? XlsxRef.ParseCell(parts[1]) : (c1, r1);
        if (parts.Length > 2 || c1 != c2 || r2 < r1)
            throw new ArgumentException($"'{range}' must be a single column, top to bottom, like B2:B13.", nameof(range));
        return new XlsxRange(sheet, c1, r1, r2);
    }

    public int Count => LastRow - FirstRow + 1;

    public string Formula =>
        $"{XlsxRef.QuoteSheet(Sheet)}!{XlsxRef.Absolute(Column, FirstRow)}:{XlsxRef.Absolute(Column, LastRow)}";
}

// Where a chart sits: from the top-left corner of one cell to the top-left corner of another.
public sealed record XlsxAnchor(int FromColumn, int FromRow, int ToColumn, int ToRow)
{
    public static XlsxAnchor Cells(string from, string to)
    {
        var (c1, r1) = XlsxRef.ParseCell(from);
        var (c2, r2) = XlsxRef.ParseCell(to);
        if (c2 <= c1 || r2 <= r1) throw new ArgumentException("The anchor's second cell must be below and right of the first.");
        return new XlsxAnchor(c1, r1, c2, r2);
    }
}

public sealed class XlsxChartOptions
{
    public string? CategoryAxisTitle { get; init; }
    public string? ValueAxisTitle { get; init; }
    public XlsxFormat? ValueFormat { get; init; }
    // Hex RGB per series, e.g. "005EB8"; series beyond the list fall back to the default palette.
    public IReadOnlyList<string>? Colors { get; init; }
}
