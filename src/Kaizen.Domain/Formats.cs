using System.Globalization;

namespace Kaizen.Domain;

// Everything shown to people is written the British way, whatever the server's own culture is.
internal static class Formats
{
    public static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    // Up to three decimals, thousands separated: 1,234.5
    public static string Number(double value) => value.ToString("#,0.###", EnGb);

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", EnGb);

    // A fraction as a percentage with up to two decimals: 0.125 -> "12.5%".
    public static string Percent(double fraction) => (fraction * 100).ToString("#,0.##", EnGb) + "%";
}
