using System.Globalization;

namespace Kaizen.Domain;

[Flags]
public enum SpecialCause { None = 0, OutsideLimits = 1, Shift = 2, Trend = 4, TwoOfThree = 8 }

// MovingRange is |x − previous x|; null for the first point.
public sealed record XmrPoint(string Label, double Value, double? MovingRange, SpecialCause Flags);

// Limits are null with fewer than two points (there is no moving range to estimate variation from).
// The lower limit is not clamped at zero: a chart may choose to draw it so, but the arithmetic stays honest.
public sealed record XmrChart(double? Mean, double? MeanMovingRange, double? Upper, double? Lower, IReadOnlyList<XmrPoint> Points);

// XmR chart and special-cause rules as in NHS England's "Making Data Count".
public static class Xmr
{
    // 2.66 = 3 ÷ 1.128 (d2 for ranges of two): turns the mean moving range into three sigma.
    public const double LimitFactor = 2.66;

    // Runs and trends count from 7 points.
    public const int RunLength = 7;

    public static XmrChart Compute(IReadOnlyList<double> values) =>
        Compute(values.Select((v, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), v)).ToList());

    public static XmrChart Compute(IReadOnlyList<(string Label, double Value)> points)
    {
        var x = points.Select(p => p.Value).ToArray();
        var ranges = new double?[x.Length];
        for (var i = 1; i < x.Length; i++) ranges[i] = Math.Abs(x[i] - x[i - 1]);

        double? mean = x.Length == 0 ? null : x.Average();
        if (x.Length < 2)
            return new XmrChart(mean, null, null, null,
                points.Select((p, i) => new XmrPoint(p.Label, p.Value, ranges[i], SpecialCause.None)).ToList());

        var centre = mean!.Value;
        var meanRange = ranges.Skip(1).Average(r => r!.Value);
        var upper = centre + LimitFactor * meanRange;
        var lower = centre - LimitFactor * meanRange;

        var flags = new SpecialCause[x.Length];
        FlagOutsideLimits(x, upper, lower, flags);
        FlagShifts(x, centre, flags);
        FlagTrends(x, flags);
        FlagTwoOfThree(x, centre, 2.0 / 3.0 * LimitFactor * meanRange, flags);

        return new XmrChart(centre, meanRange, upper, lower,
            points.Select((p, i) => new XmrPoint(p.Label, p.Value, ranges[i], flags[i])).ToList());
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
        var step = Enumerable.Range(1, x.Length - 1).Select(i => Math.Sign(x[i] - x[i - 1])).ToArray();
        // step[j] is the move from point j to point j + 1, so steps start..end cover points start..end + 1.
        foreach (var (start, end) in Runs(step))
            if (end - start + 2 >= RunLength)
                for (var i = start; i <= end + 1; i++) flags[i] |= SpecialCause.Trend;
    }

    // Two of any three points in a row beyond two-thirds of the way from the mean to a limit, on the same side.
    // Only the points beyond are flagged, not the third point of the three.
    static void FlagTwoOfThree(double[] x, double mean, double band, SpecialCause[] flags)
    {
        for (var i = 0; i + 2 < x.Length; i++)
        {
            foreach (var beyond in new Func<double, bool>[] { v => v > mean + band, v => v < mean - band })
            {
                var hits = Enumerable.Range(i, 3).Where(j => beyond(x[j])).ToList();
                if (hits.Count >= 2)
                    foreach (var j in hits) flags[j] |= SpecialCause.TwoOfThree;
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
