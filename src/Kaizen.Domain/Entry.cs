using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaizen.Domain;

// What people type, read one way for every form field and every import cell, the British way: a full stop for
// decimals, commas only between groups of three digits ("1,250.5"). Anything else ("3,5", "1,25") is refused with a
// message that says how to write it, never guessed at: read with a thousands separator, "3,5" became 35.
public static partial class Entry
{
    public readonly record struct Read<T>(T? Value, string? Problem) where T : struct
    {
        public bool Ok => Problem is null;
    }

    const string NumberHow = "Use a full stop for decimals and commas only between thousands, for example 2,500.5.";

    public static Read<double> Number(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return default;
        var quoted = Quote(text);
        if (text.EndsWith('%'))
            return new(null, $"{quoted} has a % sign: type the number alone, for example 5 for 5%.");
        if (!Plain().IsMatch(text))
        {
            if (text.Contains(',') && text.Replace(",", "", StringComparison.Ordinal) is var joined && Plain().IsMatch(joined))
            {
                // One comma that is not a thousands separator is almost always a decimal comma.
                var suggestion = text.Count(c => c == ',') == 1 && !text.Contains('.') ? $" If you meant {text.Replace(',', '.')}, type it with a full stop." : "";
                return new(null, $"{quoted} is not a number Kaizen can read: a comma only separates thousands, in groups of three (1,250.5).{suggestion}");
            }
            return new(null, $"{quoted} is not a number. {NumberHow}");
        }
        var value = double.Parse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return double.IsFinite(value) && Math.Abs(value) < 1e15
            ? new(value, null)
            : new(null, $"{quoted} is too large a number for Kaizen.");
    }

    public static Read<int> WholeNumber(string? text)
    {
        var read = Number(text);
        if (read.Value is not { } v) return new(null, read.Problem);
        return v == Math.Floor(v) && Math.Abs(v) <= int.MaxValue
            ? new((int)v, null)
            : new(null, $"{Quote(text!.Trim())} is not a whole number. Enter a whole number, for example 5.");
    }

    const string DateHow = "Enter the date as dd/mm/yyyy, for example 14/03/2024.";

    // dd/mm/yyyy as people type it, or yyyy-mm-dd as a browser's date picker sends it.
    public static Read<DateOnly> Date(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return default;
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return new(date, null);
        int day, month, year;
        if (UkDate().Match(text) is { Success: true } uk)
            (day, month, year) = (Int(uk.Groups[1].Value), Int(uk.Groups[2].Value), Int(uk.Groups[3].Value));
        else if (IsoDate().Match(text) is { Success: true } iso)
            (year, month, day) = (Int(iso.Groups[1].Value), Int(iso.Groups[2].Value), Int(iso.Groups[3].Value));
        else
            return new(null, $"{Quote(text)} is not a date Kaizen can read. {DateHow}");

        if (year < 1) return new(null, $"{Quote(text)} is not a real date: there is no year {year}. {DateHow}");
        if (month is < 1 or > 12) return new(null, $"{Quote(text)} is not a real date: there is no month {month} (dates are day, then month, then year). {DateHow}");
        var monthName = new DateOnly(year, month, 1).ToString("MMMM yyyy", Formats.EnGb);
        return new(null, $"{Quote(text)} is not a real date: {monthName} has {DateTime.DaysInMonth(year, month)} days. {DateHow}");
    }

    static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd", "yyyy-M-d"];

    static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    // Long pasted text is shown shortened: the message is about its shape.
    static string Quote(string text) => "\"" + (text.Length > 30 ? text[..30] + "…" : text) + "\"";

    // ASCII digits only (\d would take Arabic-Indic and other digits): an optional sign, digits plain or in
    // comma-separated groups of three, an optional fraction after a full stop.
    [GeneratedRegex(@"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$|^[+-]?\.[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    [GeneratedRegex(@"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex UkDate();

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
