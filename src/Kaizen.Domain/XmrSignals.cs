namespace Kaizen.Domain;

// A workshop drawn on a value stream measure's chart, at its report-out date.
public sealed record XmrMarker(string Reference, DateOnly Date);

// One special-cause signal: consecutive points First..Last (0-based) flagged by the same rule on the same side.
// Side: +1 above the mean (or a rising trend), −1 below (falling). Marker: the nearest workshop at or before the
// signal's first period, if any. Words: the signal in a sentence fragment, for the chart's table and summaries.
public sealed record XmrSignal(SpecialCause Rule, int First, int Last, int Side, XmrMarker? Marker, bool? Improvement, string Words)
{
    public int Length => Last - First + 1;
}

// Puts a chart's special causes into words relative to the workshops on it: "a run of 7 below the mean began 2 weeks
// after SASH-2019-04 (week of 15/04/2019)". A signal is dated from its first point; the workshop it follows is the
// latest one whose report-out falls before that point's period ends (a report-out in the week itself counts: the
// change may show that very week).
public static class XmrSignals
{
    static readonly SpecialCause[] Rules = [SpecialCause.OutsideLimits, SpecialCause.Shift, SpecialCause.Trend, SpecialCause.TwoOfThree];

    public static IReadOnlyList<XmrSignal> Describe(XmrChart chart, IReadOnlyList<DateOnly> periods, MeasureFrequency period,
        IReadOnlyList<XmrMarker> markers, Better better = Better.Neither)
    {
        if (periods.Count != chart.Points.Count) throw new ArgumentException("One period start per point.", nameof(periods));
        var signals = new List<XmrSignal>();
        var ordered = markers.OrderBy(m => m.Date).ToList();
        foreach (var rule in Rules)
            foreach (var (first, last, side) in Stretches(chart, rule))
            {
                var marker = ordered.LastOrDefault(m => m.Date < ValueStreamMeasures.PeriodEnd(period, periods[first]));
                bool? improvement = better == Better.Neither || side == 0 ? null : side == (better == Better.Higher ? 1 : -1);
                signals.Add(new XmrSignal(rule, first, last, side, marker, improvement,
                    $"{What(rule, last - first + 1, side)} {(first == last ? "came" : "began")} {When(periods[first], period, marker)}{Judged(improvement)}"));
            }
        return signals.OrderBy(s => s.First).ThenBy(s => Array.IndexOf(Rules, s.Rule)).ToList();
    }

    // The words for a point's flags (each signal it is part of), for the table beside the chart.
    public static string ForPoint(IReadOnlyList<XmrSignal> signals, int index) =>
        string.Join("; ", signals.Where(s => s.First <= index && index <= s.Last).Select(s => s.Words));

    static string What(SpecialCause rule, int n, int side) => rule switch
    {
        SpecialCause.OutsideLimits when n == 1 => side > 0 ? "a point above the upper limit" : "a point below the lower limit",
        SpecialCause.OutsideLimits => $"{n} points in a row {(side > 0 ? "above the upper limit" : "below the lower limit")}",
        SpecialCause.Shift => $"a run of {n} {(side > 0 ? "above" : "below")} the mean",
        SpecialCause.Trend => $"a {(side > 0 ? "rising" : "falling")} trend of {n}",
        _ => $"{n} points near the {(side > 0 ? "upper" : "lower")} limit (2 of 3 beyond two sigma)",
    };

    static string When(DateOnly start, MeasureFrequency period, XmrMarker? marker)
    {
        var own = ValueStreamMeasures.PeriodLabel(period, start);
        if (marker is null) return period == MeasureFrequency.Week ? "in the " + own : "in " + own;
        int apart;
        string unit;
        if (period == MeasureFrequency.Week)
        {
            var markerWeek = ValueStreamMeasures.PeriodStart(MeasureFrequency.Week, marker.Date);
            apart = (start.DayNumber - markerWeek.DayNumber) / 7;
            unit = "week";
        }
        else
        {
            apart = (start.Year * 12 + start.Month) - (marker.Date.Year * 12 + marker.Date.Month);
            unit = "month";
        }
        return apart <= 0
            ? $"in the {unit} of {marker.Reference}'s report-out ({own})"
            : $"{apart} {unit}{(apart == 1 ? "" : "s")} after {marker.Reference} ({own})";
    }

    static string Judged(bool? improvement) => improvement switch { true => ": an improvement", false => ": a concern", _ => "" };

    // Maximal stretches of consecutive points in one segment carrying the rule's flag, split where the side changes.
    // A trend's side is the way it goes; every other rule's, the side of its segment's mean.
    static IEnumerable<(int First, int Last, int Side)> Stretches(XmrChart chart, SpecialCause rule)
    {
        var p = chart.Points;
        bool Flagged(int i) => p[i].Flags.HasFlag(rule);
        int Step(int i) => Math.Sign(p[i].Value - p[i - 1].Value);
        int SideOf(int i) =>
            (chart.Segments.Count > p[i].Segment ? chart.Segments[p[i].Segment].Mean : chart.Mean) is { } m ? Math.Sign(p[i].Value - m) : 0;

        var i = 0;
        while (i < p.Count)
        {
            if (!Flagged(i)) { i++; continue; }
            var trend = rule == SpecialCause.Trend;
            var side = trend ? (i + 1 < p.Count ? Step(i + 1) : 0) : SideOf(i);
            var j = i;
            while (j + 1 < p.Count && Flagged(j + 1) && p[j + 1].Segment == p[i].Segment && (trend ? Step(j + 1) : SideOf(j + 1)) == side) j++;
            yield return (i, j, side);
            // A trend that turns shares its turning point: the next trend starts there.
            var turns = trend && j > i && j + 1 < p.Count && Flagged(j + 1) && p[j + 1].Segment == p[j].Segment && Step(j + 1) != 0;
            i = turns ? j : j + 1;
        }
    }
}
