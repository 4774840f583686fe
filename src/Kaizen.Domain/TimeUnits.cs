namespace Kaizen.Domain;

// Process time is entered in minutes, hours or days, stored in minutes and reported in hours.
// A "day" here is a calendar day of 24 hours (1,440 minutes), not a working day: elapsed time is what the patient waits.
public static class TimeUnits
{
    public const double MinutesPerHour = 60;
    public const double MinutesPerDay = 24 * 60;

    public static double ToMinutes(double value, TimeUnit unit) => value * MinutesIn(unit);

    public static double FromMinutes(double minutes, TimeUnit unit) => minutes / MinutesIn(unit);

    public static double MinutesToHours(double minutes) => minutes / MinutesPerHour;

    static double MinutesIn(TimeUnit unit) => unit switch
    {
        TimeUnit.Minutes => 1,
        TimeUnit.Hours => MinutesPerHour,
        TimeUnit.Days => MinutesPerDay,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
