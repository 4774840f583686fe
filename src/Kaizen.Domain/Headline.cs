namespace Kaizen.Domain;

// The programme headline in the style of the published evaluation:
//   "Process time (82 workshops) reduced by 62% = 3,020 hrs; Total errors (54 workshops) 67%; Error rate (90 workshops) 63%"
// When a kind got worse overall it says so in words ("increased by", "worse by") rather than hiding a minus sign.
public static class Headline
{
    public static string Sentence(ProgrammeRollUp rollUp) =>
        string.Join("; ", rollUp.Kinds.Select(Part));

    public static string Part(KindRollUp k)
    {
        var label = $"{KindName(k.Kind)} ({WorkshopCount(k.Workshops)})";
        if (k.Workshops == 0 || k.Headline is not { } headline) return $"{label} no data";

        var percent = WholePercent(headline);
        var better = headline >= 0;
        return k.Kind switch
        {
            MeasureKind.ProcessTime when better => $"{label} reduced by {percent}% = {Hours(k.AmountRemoved)}",
            MeasureKind.ProcessTime => $"{label} increased by {percent}% = {Hours(k.AmountRemoved)} added",
            _ when better => $"{label} {percent}%",
            _ => $"{label} worse by {percent}%",
        };
    }

    public static string KindName(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => "Process time",
        MeasureKind.ErrorCount => "Total errors",
        MeasureKind.ErrorRate => "Error rate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown measure kind."),
    };

    public static string WorkshopCount(int n) =>
        n == 1 ? "1 workshop" : n.ToString("#,0", Formats.EnGb) + " workshops";

    // The size of the change; the wording around it carries the direction.
    static string WholePercent(double fraction) =>
        Math.Abs(Math.Round(fraction * 100, MidpointRounding.AwayFromZero)).ToString("#,0", Formats.EnGb);

    static string Hours(double? hours)
    {
        var whole = Math.Abs(Math.Round(hours ?? 0, MidpointRounding.AwayFromZero));
        return whole.ToString("#,0", Formats.EnGb) + (whole == 1 ? " hr" : " hrs");
    }
}
