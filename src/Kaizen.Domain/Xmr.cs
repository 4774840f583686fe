using System.Globalization;

namespace Kaizen.Domain;

[Flags]
public enum SpecialCause { None = 0, OutsideLimits = 1, Shift = 2, Trend = 4, TwoOfThree = 8 }

// Which way a measure is better: a waiting time lower, a rate of patients seen on time higher; a count of workshops
// neither.
public enum Better { Neither, Lower, Higher }

// Making Data Count's variation icon: the latest point is common cause, or part of a special-cause signal that is an
// improvement or a concern (or, for a measure with no better direction, just special).
public enum Variation { None, CommonCause, Improving, Concerning, Special }

// Making Data Count's assurance icon: where the target sits against the limits now.
public enum Assurance { None, ConsistentlyMet, HitAndMiss, NotMet }

// MovingRange is |x − previous x| within the point's segment; null for the first point of a segment.
public sealed record XmrPoint(string Label, double Value, double? MovingRange, SpecialCause Flags, int Segment = 0);

// Limits are null with fewer than two points (there is no moving range to estimate variation from).
// Lower is floored at zero only when the options ask for it (a measure that cannot be negative).
public sealed record XmrChart(double? Mean, double? MeanMovingRange, double? Upper, double? Lower, IReadOnlyList<XmrPoint> Points)
{
    // The stretches with their own limits, in order; one for a chart that was never recalculated.
    public IReadOnlyList<XmrSegment> Segments { get; init; } = [];
}

// One stretch of the chart with its own limits: points First..Last (0-based), the limits computed from the points
// First..BaselineLast (a fixed baseline, or the whole stretch). ScreenedOut counts moving ranges left out by screening.
public sealed record XmrSegment(int First, int Last, int BaselineLast, double? Mean, double? MeanMovingRange, double? Upper, double? Lower, int ScreenedOut);

// Baseline: limits fixed on the first n points of each segment (all of them when null). RecalculateFrom: the 0-based
// points where new limits begin (say, the week after a workshop). FloorAtZero: the lower limit is not drawn below a
// value the measure cannot take. Screen: leave out moving ranges of 3.267 × the mean moving range or more and
// recompute the mean (NHS-R's "plot the dots" default; NHS England's tools do not screen).
public sealed record XmrOptions(int? Baseline = null, IReadOnlyList<int>? RecalculateFrom = null, bool FloorAtZero = false, bool Screen = false);

// XmR chart and special-cause rules as in NHS England's "Making Data Count" (docs/definitions.md §3).
public static class Xmr
{
    // 2.66 = 3 ÷ 1.128 (d2 for ranges of two): turns the mean moving range into three sigma.
    public const double LimitFactor = 2.66;

    // 3.267 = D4 for ranges of two: a moving range this far above the mean is itself out of control.
    public const double ScreenFactor = 3.267;

    // Runs and trends count from 7 points.
    public const int RunLength = 7;

    public static XmrChart Compute(IReadOnlyList<double> values, XmrOptions? options = null) =>
        Compute(values.Select((v, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), v)).ToList(), options);

    public static XmrChart Compute(IReadOnlyList<(string Label, double Value)> points, XmrOptions? options = null)
    {
        options ??= new XmrOptions();
        var x = points.Select(p => p.Value).ToArray();
        var starts = (options.RecalculateFrom ?? []).Where(i => i > 0 && i < x.Length).Append(0).Distinct().Order().ToList();
        var segments = new List<XmrSegment>();
        var ranges = new double?[x.Length];
        var flags = new SpecialCause[x.Length];
        var segmentOf = new int[x.Length];
        for (var s = 0; s < starts.Count; s++)
        {
            var first = starts[s];
            var last = s + 1 < starts.Count ? starts[s + 1] - 1 : x.Length - 1;
            for (var i = first + 1; i <= last; i++) ranges[i] = Math.Abs(x[i] - x[i - 1]);
            for (var i = first; i <= last; i++) segmentOf[i] = s;
            var segment = Limits(x, ranges, first, last, options);
            segments.Add(segment);
            if (segment is { Mean: { } mean, MeanMovingRange: { } mr })
            {
                // The rules read the limits unfloored: a floor changes what is drawn, not the arithmetic of variation.
                var (upper, lower) = (mean + LimitFactor * mr, mean - LimitFactor * mr);
                var span = x[first..(last + 1)];
                var own = new SpecialCause[span.Length];
                FlagOutsideLimits(span, upper, lower, own);
                FlagShifts(span, mean, own);
                FlagTrends(span, own);
                FlagTwoOfThree(span, mean, upper, lower, own);
                for (var i = 0; i < own.Length; i++) flags[first + i] = own[i];
            }
        }

        var latest = segments.Count == 0 ? null : segments[^1];
        return new XmrChart(latest?.Mean, latest?.MeanMovingRange, latest?.Upper, latest?.Lower,
            points.Select((p, i) => new XmrPoint(p.Label, p.Value, ranges[i], flags[i], segmentOf[i])).ToList())
        {
            Segments = segments,
        };
    }

    static XmrSegment Limits(double[] x, double?[] ranges, int first, int last, XmrOptions options)
    {
        var baselineLast = options.Baseline is { } n && n >= 2 ? Math.Min(last, first + n - 1) : last;
        var count = baselineLast - first + 1;
        double? mean = count == 0 ? null : x[first..(baselineLast + 1)].Average();
        if (count < 2) return new XmrSegment(first, last, baselineLast, mean, null, null, null, 0);

        var baseRanges = Enumerable.Range(first + 1, count - 1).Select(i => ranges[i]!.Value).ToList();
        var meanRange = baseRanges.Average();
        var screened = 0;
        if (options.Screen)
        {
            var kept = baseRanges.Where(r => r < ScreenFactor * meanRange).ToList();
            screened = baseRanges.Count - kept.Count;
            if (kept.Count > 0) meanRange = kept.Average();
        }
        var upper = mean!.Value + LimitFactor * meanRange;
        var lower = mean.Value - LimitFactor * meanRange;
        if (options.FloorAtZero) lower = Math.Max(0, lower);
        return new XmrSegment(first, last, baselineLast, mean, meanRange, upper, lower, screened);
    }

    // The icon for the latest point: special cause when it carries any flag, judged by the side of the mean it is
    // on (or, for a trend, the way it is going) against the better direction.
    public static Variation VariationOf(XmrChart chart, Better better)
    {
        if (chart.Points.Count == 0 || chart.Segments.Count == 0 || chart.Segments[^1].Upper is null) return Variation.None;
        var last = chart.Points[^1];
        if (last.Flags == SpecialCause.None) return Variation.CommonCause;
        if (better == Better.Neither) return Variation.Special;
        var direction = last.Flags == SpecialCause.Trend && chart.Points.Count >= 2
            ? Math.Sign(last.Value - chart.Points[^2].Value)
            : Math.Sign(last.Value - chart.Segments[^1].Mean!.Value);
        var good = better == Better.Higher ? 1 : -1;
        return direction == good ? Variation.Improving : Variation.Concerning;
    }

    // Both limits on the good side of the target: consistently met; the target between them: hit and miss; both on
    // the bad side: not met (docs/definitions.md §3). A limit exactly on the target counts as meeting it.
    public static Assurance AssuranceOf(XmrChart chart, Better better, double? target)
    {
        if (target is not { } t || better == Better.Neither || chart.Segments.Count == 0) return Assurance.None;
        if (chart.Segments[^1] is not { Upper: { } upper, Lower: { } lower }) return Assurance.None;
        return better == Better.Lower
            ? upper <= t ? Assurance.ConsistentlyMet : lower > t ? Assurance.NotMet : Assurance.HitAndMiss
            : lower >= t ? Assurance.ConsistentlyMet : upper < t ? Assurance.NotMet : Assurance.HitAndMiss;
    }

    static void FlagOutsideLimits(double[] x, double upper, double lower, SpecialCause[] flags)
    {
        for (var i = 0; i < x.Length; i++)
            if (x[i] > upper || x[i] < lower) flags[i] |= SpecialCause.OutsideLimits;
    }

    // 7 or more points in a row on the same side of the mean. A point exactly on the mean belongs to neither side,
    // so it ends the run.
    static void FlagShifts(double[] x, double mean, SpecialCause[] flags)
    {
        var side = x.Select(v => Math.Sign(v - mean)).ToArray();
        foreach (var (start, end) in Runs(side))
            if (end - start + 1 >= RunLength)
                for (var i = start; i <= end; i++) flags[i] |= SpecialCause.Shift;
    }

    // 7 or more points each strictly higher (or each strictly lower) than the one before: that is 6 steps in the same
    // direction. A repeated value ends the trend.
    static void FlagTrends(double[] x, SpecialCause[] flags)
    {
        if (x.Length < 2) return;
        var step = Enumerable.Range(1, x.Length - 1).Select(i => Math.Sign(x[i] - x[i - 1])).ToArray();
        // step[j] is the move from point j to point j + 1, so steps start..end cover points start..end + 1.
        foreach (var (start, end) in Runs(step))
            if (end - start + 2 >= RunLength)
                for (var i = start; i <= end + 1; i++) flags[i] |= SpecialCause.Trend;
    }

    // docs/definitions.md §3: of three consecutive points, all on the same side of the mean, at least two lie between
    // two-thirds of the way to the limit and the limit itself. Those points are flagged (a point beyond the limit is
    // the first rule's, and does not count here).
    static void FlagTwoOfThree(double[] x, double mean, double upper, double lower, SpecialCause[] flags)
    {
        var high = mean + 2.0 / 3.0 * (upper - mean);
        var low = mean - 2.0 / 3.0 * (mean - lower);
        for (var i = 0; i + 2 < x.Length; i++)
        {
            var three = new[] { i, i + 1, i + 2 };
            if (three.All(j => x[j] > mean))
            {
                var near = three.Where(j => x[j] >= high && x[j] <= upper).ToList();
                if (near.Count >= 2) foreach (var j in near) flags[j] |= SpecialCause.TwoOfThree;
            }
            else if (three.All(j => x[j] < mean))
            {
                var near = three.Where(j => x[j] <= low && x[j] >= lower).ToList();
                if (near.Count >= 2) foreach (var j in near) flags[j] |= SpecialCause.TwoOfThree;
            }
        }
    }

    // Maximal stretches of equal, non-zero signs, as (first index, last index).
    static IEnumerable<(int Start, int End)> Runs(int[] signs)
    {
        var i = 0;
        while (i < signs.Length)
        {
            var j = i;
            while (j + 1 < signs.Length && signs[j + 1] == signs[i]) j++;
            if (signs[i] != 0) yield return (i, j);
            i = j + 1;
        }
    }
}
