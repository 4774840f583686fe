using System.Globalization;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;

namespace Kaizen.Web.Reports;

// What a report is about, read from the query string so that every view can be bookmarked:
//   ?from=2025-01-01&to=2025-03-31&trust=2&vs=7&checkpoint=30
// from/to bound the workshops' report-out dates (inclusive); checkpoint is report-out (default), 30, 60, 90 or latest.
// A value that cannot be read, or a date outside the years Kaizen keeps, is refused: ignored, said so in Refusals,
// and the page answers 400 (Read), never guessed at and never a server error (Excel cannot hold a date before 1900).
public sealed record ReportFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public long? TrustId { get; init; }
    public long? ValueStreamId { get; init; }
    public Checkpoint Checkpoint { get; init; } = Checkpoint.ReportOut;
    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<string> Refusals { get; init; } = [];
    public bool Refused => Refusals.Count > 0;

    // The filter of this request, read once and shared by the page and its view components; a refused value makes
    // the answer a 400 (the page still shows, with the reason beside the filters).
    public static ReportFilter Read(HttpRequest request)
    {
        if (request.HttpContext.Items[typeof(ReportFilter)] is not ReportFilter filter)
            request.HttpContext.Items[typeof(ReportFilter)] = filter = Parse(request.Query);
        if (filter.Refused) request.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return filter;
    }

    public static readonly IReadOnlyList<(string Key, Checkpoint Checkpoint)> Checkpoints =
    [
        ("report-out", Checkpoint.ReportOut),
        ("30", Checkpoint.Day30),
        ("60", Checkpoint.Day60),
        ("90", Checkpoint.Day90),
        ("latest", Checkpoint.Latest),
    ];

    public static string KeyOf(Checkpoint checkpoint) => Checkpoints.First(c => c.Checkpoint == checkpoint).Key;

    // "at report-out", "at the 30-day follow-up", "at the latest reading"
    public static string Describe(Checkpoint checkpoint) => checkpoint switch
    {
        Checkpoint.ReportOut => "at report-out",
        Checkpoint.Day30 => "at the 30-day follow-up",
        Checkpoint.Day60 => "at the 60-day follow-up",
        Checkpoint.Day90 => "at the 90-day follow-up",
        _ => "at the latest reading (latest follow-up, else report-out)",
    };

    public static string OptionLabel(Checkpoint checkpoint) => checkpoint switch
    {
        Checkpoint.ReportOut => "Report-out",
        Checkpoint.Day30 => "30 days",
        Checkpoint.Day60 => "60 days",
        Checkpoint.Day90 => "90 days",
        _ => "Latest available",
    };

    public static ReportFilter Parse(IQueryCollection query)
    {
        var notes = new List<string>();
        var refusals = new List<string>();
        var from = ParseDate(query["from"], "from", refusals);
        var to = ParseDate(query["to"], "to", refusals);
        var trust = ParseId(query["trust"], "trust", refusals);
        var vs = ParseId(query["vs"], "value stream", refusals);
        var checkpoint = Checkpoint.ReportOut;
        var cp = ((string?)query["checkpoint"])?.Trim();
        if (!string.IsNullOrEmpty(cp))
        {
            var match = Checkpoints.Where(c => string.Equals(c.Key, cp, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1) checkpoint = match[0].Checkpoint;
            else refusals.Add($"The checkpoint \"{Shorten(cp)}\" was not understood, so report-out is shown. Choose report-out, 30, 60, 90 or latest.");
        }
        if (from is { } f && to is { } t && f > t)
            notes.Add($"The from date ({Format.Date(f)}) is after the to date ({Format.Date(t)}), so no workshop can match.");
        return new ReportFilter { From = from, To = to, TrustId = trust, ValueStreamId = vs, Checkpoint = checkpoint, Notes = notes, Refusals = refusals };
    }

    // The query string for this filter (with a leading "?", or "" when nothing is set), e.g. for links to /Problems.
    public string QueryString(bool withTrust = true, bool withValueStream = true)
    {
        var parts = new List<string>();
        if (From is { } f) parts.Add("from=" + Iso.Date(f));
        if (To is { } t) parts.Add("to=" + Iso.Date(t));
        if (withTrust && TrustId is { } trust) parts.Add("trust=" + trust.ToString(CultureInfo.InvariantCulture));
        if (withValueStream && ValueStreamId is { } vs) parts.Add("vs=" + vs.ToString(CultureInfo.InvariantCulture));
        if (Checkpoint != Checkpoint.ReportOut) parts.Add("checkpoint=" + KeyOf(Checkpoint));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    // Date inputs send yyyy-MM-dd; someone typing by hand in a browser without a date picker writes dd/MM/yyyy.
    static DateOnly? ParseDate(string? text, string name, List<string> notes)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            notes.Add($"The {name} date \"{Shorten(text)}\" was not understood and was ignored. Use a date such as 31/03/2025.");
            return null;
        }
        if (d < PlausibleDateAttribute.Earliest || d > PlausibleDateAttribute.Latest)
        {
            notes.Add($"The {name} date {Format.Date(d)} is outside the dates Kaizen keeps ({Format.Date(PlausibleDateAttribute.Earliest)} to {Format.Date(PlausibleDateAttribute.Latest)}) and was ignored.");
            return null;
        }
        return d;
    }

    // A refused value is echoed (encoded) so people see what they sent, but not a page of it.
    static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    static long? ParseId(string? text, string name, List<string> notes)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        notes.Add($"The {name} \"{Shorten(text)}\" was not understood and was ignored.");
        return null;
    }
}
