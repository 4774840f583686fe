using System.Globalization;

namespace Kaizen.Web.Infrastructure;

// How figures look on screen: en-GB, dd/MM/yyyy, whole percentages unless more is asked for.
public static class Format
{
    public static readonly CultureInfo UK = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly? d) => d?.ToString("dd/MM/yyyy", UK) ?? "";

    public static string Instant(string? iso) => string.IsNullOrEmpty(iso) ? "" :
        TimeZoneInfo.ConvertTime(Data.Iso.ParseInstant(iso), TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("dd/MM/yyyy HH:mm", UK);

    public static string Percent(double? fraction, int decimals = 0) =>
        fraction is { } f ? Math.Round(f * 100, decimals, MidpointRounding.AwayFromZero).ToString("N" + decimals, UK) + "%" : "—";

    // A measured amount: up to two decimals, none when it is whole (72 hours, 2.5 days).
    public static string Amount(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.##", UK);

    public static string Number(double? value, int decimals = 0) =>
        value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("N" + decimals, UK) : "—";

    // A count with its unit named, so that no figure leaves the reader guessing what was counted: "1 workshop",
    // "97 follow-ups".
    public static string Count(int n, string one, string? many = null) =>
        n == 1 ? "1 " + one : n.ToString("N0", UK) + " " + (many ?? one + "s");

    // A size as people read it: "512 KB", "1.5 MB" (1 KB = 1,024 bytes, as file managers show them).
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => Count((int)bytes, "byte"),
        < 1024 * 1024 => Math.Round(bytes / 1024.0, MidpointRounding.AwayFromZero).ToString("N0", UK) + " KB",
        < 1024L * 1024 * 1024 => Math.Round(bytes / 1048576.0, 1, MidpointRounding.AwayFromZero).ToString("N1", UK) + " MB",
        _ => Math.Round(bytes / 1073741824.0, 1, MidpointRounding.AwayFromZero).ToString("N1", UK) + " GB",
    };
}
