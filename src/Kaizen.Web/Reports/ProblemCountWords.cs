namespace Kaizen.Web.Reports;

// A problem count with its unit named: "97 follow-ups not sustained, in 22 workshops". ProblemLists.Summary names the
// lists; this says what each count counts, the same wherever a count is shown (dashboard, trust page, pack, workbook).
public sealed record ProblemCount(string Anchor, string Label, int Count, string Unit)
{
    // The count in words with its unit, for a line of text or a spreadsheet cell.
    public string Words => $"{Count:#,0} {Unit}";
}

public static class ProblemCountWords
{
    static string N(int n, string one, string many) => $"{n:#,0} {(n == 1 ? one : many)}";
    static string Workshops(IEnumerable<long> ids) => N(ids.Distinct().Count(), "workshop", "workshops");

    public static IReadOnlyList<ProblemCount> Of(ProblemLists p)
    {
        string One(int n, string one, string many) => n == 1 ? one : many;
        return p.Summary.Select(s => new ProblemCount(s.Anchor, s.Label, s.Count, s.Anchor switch
        {
            "got-worse" => $"{One(s.Count, "workshop figure", "workshop figures")} (one per kind of measure) got worse, in {Workshops(p.Worse.Select(r => r.Workshop.Id))}",
            "not-sustained" => $"{One(s.Count, "follow-up", "follow-ups")} not sustained, in {Workshops(p.NotSustained.Select(r => r.Measure.Workshop.Id))}",
            "not-measured" => $"{One(s.Count, "follow-up", "follow-ups")} that won't be measured, in {Workshops(p.NotMeasured.Select(r => r.Measure.Workshop.Id))}",
            "overdue" => $"{One(s.Count, "follow-up", "follow-ups")} overdue, in {Workshops(p.Overdue.Select(r => r.Workshop.Id))}",
            "awaiting" => $"{One(s.Count, "value", "values")} awaiting data, in {Workshops(p.Awaiting.Select(r => r.Workshop.Id))}",
            "quiet" => $"{One(s.Count, "value stream", "value streams")} with no workshop in {ProblemLists.QuietDays} days",
            "revised" => $"{One(s.Count, "revision", "revisions")} this month, of {N(p.Revised.Select(r => r.ValueStreamId).Distinct().Count(), "value stream", "value streams")}",
            _ => s.Label,
        })).ToList();
    }
}
