using Kaizen.Domain;
using Kaizen.Web.Export;

namespace Kaizen.Web.Import;

// What a cell's value means, the same on every sheet of the import: the Workshops sheet's reader (ImportReader) and the
// "Value stream data" sheet's (ValueStreamDataReader) hand a cell here with a way to report a problem beside it.
internal static class ImportCells
{
    // A date as people fill one in: an Excel date, or text read the UK way (Kaizen.Domain.Entry); anything else is
    // refused in words.
    public static DateOnly? Date(object? value, Action<string> problem)
    {
        switch (value)
        {
            case null: return null;
            case DateOnly d: return d;
            case DateTime dt: return DateOnly.FromDateTime(dt);
            case XlsxErrorValue e: problem(ExcelError(e)); return null;
            case double n:
                problem($"{n.ToString("#,0.###", ImportReader.EnGb)} is a number, not a date. Enter a date, for example 14/03/2024 or 2024-03-14, or format the cell as a date.");
                return null;
            case bool b:
                problem($"{(b ? "TRUE" : "FALSE")} is not a date. Enter a date, for example 14/03/2024 or 2024-03-14.");
                return null;
        }
        var text = ((string)value).Trim();
        if (text.Length == 0) return null;
        var read = Entry.Date(text);
        if (read.Problem is not null) problem(read.Problem + " An Excel date works too.");
        return read.Value;
    }

    public static string ExcelError(XlsxErrorValue e) =>
        $"The cell shows the Excel error {e.Code}, not a value. Fix the formula that makes it, or type the value in.";
}
