namespace Kaizen.Web.Data;

// The programme runs on UK dates: "today" is the date in London, whatever the server's zone.
public sealed class Clock(TimeProvider time)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public DateTimeOffset UtcNow => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), London).DateTime);

    public string NowText => Iso.Instant(UtcNow);
}
