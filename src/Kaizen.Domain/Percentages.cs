using System.Globalization;

namespace Kaizen.Domain;

// Percentages are typed by people and stored as fractions (targets of value streams, error-rate targets).
public static class Percentages
{
    // The number as typed (its shortest decimal form) moved two places, so 2.8 is stored as 0.028 and not as
    // 2.8 / 100 = 0.027999999999999997: division in binary cannot give 0.028 from any number, so the stored value
    // would differ from what was typed, from an imported workbook's value, and from what an export shows.
    public static double ToFraction(double percent)
    {
        if (decimal.TryParse(percent.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var typed)
            && (typed != 0 || percent == 0))
            return double.Parse((typed / 100).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return percent / 100;   // beyond decimal's range or precision
    }

    public static double? ToFraction(double? percent) => percent is { } p ? ToFraction(p) : null;
}
