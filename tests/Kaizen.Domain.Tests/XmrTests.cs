using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

// Each special-cause test looks only at its own flag: a constructed series may also trip another rule,
// and that is the other rule's business.
public class XmrTests
{
    const int Precision = 9;

    // 1-based positions of the points carrying the flag, as a person would count them on the chart.
    static int[] Flagged(XmrChart chart, SpecialCause flag) =>
        chart.Points.Select((p, i) => (p, i)).Where(x => x.p.Flags.HasFlag(flag)).Select(x => x.i + 1).ToArray();

    // [10, 12] eight times: a steady process with moving range 2.
    static readonly double[] Steady = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12];
    static readonly double[] Tail = [12, 10, 12, 10];

    [Fact]
    public void Limits_on_a_small_hand_worked_series()
    {
        // mean = (10 + 12 + 11 + 14 + 13) / 5 = 12
        // moving ranges 2, 1, 3, 1 -> mean 7/4 = 1.75
        // limits 12 ± 2.66 × 1.75 = 12 ± 4.655 -> 16.655 and 7.345
        var chart = Xmr.Compute([10, 12, 11, 14, 13]);

        Assert.Equal(12, chart.Mean!.Value, Precision);
        Assert.Equal(1.75, chart.MeanMovingRange!.Value, Precision);
        Assert.Equal(16.655, chart.Upper!.Value, Precision);
        Assert.Equal(7.345, chart.Lower!.Value, Precision);
        Assert.Equal([null, 2, 1, 3, 1], chart.Points.Select(p => p.MovingRange));
        Assert.All(chart.Points, p => Assert.Equal(SpecialCause.None, p.Flags));
        Assert.Equal(["1", "2", "3", "4", "5"], chart.Points.Select(p => p.Label));
    }

    [Fact]
    public void Fewer_than_two_points_have_no_limits_and_no_flags()
    {
        var one = Xmr.Compute([5]);
        Assert.Equal(5, one.Mean);
        Assert.Null(one.MeanMovingRange);
        Assert.Null(one.Upper);
        Assert.Null(one.Lower);
        Assert.Equal(SpecialCause.None, Assert.Single(one.Points).Flags);

        var none = Xmr.Compute(Array.Empty<double>());
        Assert.Null(none.Mean);
        Assert.Empty(none.Points);
    }

    [Fact]
    public void Labels_are_carried_to_the_points()
    {
        var chart = Xmr.Compute([("Jan 2025", 4.0), ("Feb 2025", 6.0)]);

        Assert.Equal(["Jan 2025", "Feb 2025"], chart.Points.Select(p => p.Label));
        Assert.Equal(2, chart.Points[1].MovingRange);
    }

    [Fact]
    public void A_point_beyond_a_limit_is_flagged()
    {
        // [8, 16] five times, then 50. mean = (40 + 80 + 50) / 11 = 15.4545...
        // moving ranges: nine of 8, then |50 − 16| = 34 -> (72 + 34) / 10 = 10.6
        // upper = 15.4545 + 2.66 × 10.6 = 15.4545 + 28.196 = 43.6505; 50 is above it.
        var chart = Xmr.Compute([8, 16, 8, 16, 8, 16, 8, 16, 8, 16, 50]);

        Assert.Equal(43.650545455, chart.Upper!.Value, Precision);
        Assert.Equal([11], Flagged(chart, SpecialCause.OutsideLimits));
    }

    [Fact]
    public void A_point_just_inside_the_limit_is_not_flagged()
    {
        // Same series ending in 40. mean = 160 / 11 = 14.5455; mean moving range = (72 + 24) / 10 = 9.6
        // upper = 14.5455 + 2.66 × 9.6 = 14.5455 + 25.536 = 40.0815; 40 is just inside.
        var chart = Xmr.Compute([8, 16, 8, 16, 8, 16, 8, 16, 8, 16, 40]);

        Assert.Equal(40.081454545, chart.Upper!.Value, Precision);
        Assert.Empty(Flagged(chart, SpecialCause.OutsideLimits));
    }

    [Fact]
    public void A_run_of_seven_on_one_side_of_the_mean_flags_every_point_of_the_run()
    {
        // 11, 9, then seven above (11, 13, ...) and seven below (9, 7, ...).
        // mean = (20 + 83 + 57) / 16 = 10. Points 3–9 are above, 10–16 below; points 1 and 2 are runs of one.
        var chart = Xmr.Compute([11, 9, 11, 13, 11, 13, 11, 13, 11, 9, 7, 9, 7, 9, 7, 9]);

        Assert.Equal(10, chart.Mean!.Value, Precision);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], Flagged(chart, SpecialCause.Shift));
    }

    [Fact]
    public void A_run_of_six_is_not_a_shift()
    {
        // Six above then six below: mean = (72 + 48) / 12 = 10.
        var chart = Xmr.Compute([11, 13, 11, 13, 11, 13, 9, 7, 9, 7, 9, 7]);

        Assert.Equal(10, chart.Mean!.Value, Precision);
        Assert.Empty(Flagged(chart, SpecialCause.Shift));
    }

    [Fact]
    public void A_point_on_the_mean_breaks_a_run()
    {
        // mean = (78 + 62) / 14 = 10. Points 4 and 11 sit exactly on it, leaving runs of 3 on each side.
        var chart = Xmr.Compute([10.5, 13, 10.5, 10, 10.5, 13, 10.5, 9.5, 7, 9.5, 10, 9.5, 7, 9.5]);

        Assert.Equal(10, chart.Mean!.Value, Precision);
        Assert.Empty(Flagged(chart, SpecialCause.Shift));
    }

    [Fact]
    public void Seven_points_each_higher_than_the_last_flag_a_trend()
    {
        // Points 3–9 rise 10, 11, 12, 13, 14, 15, 16: seven points, six rises.
        var chart = Xmr.Compute([14, 12, 10, 11, 12, 13, 14, 15, 16, 12, 14]);

        Assert.Equal([3, 4, 5, 6, 7, 8, 9], Flagged(chart, SpecialCause.Trend));
    }

    [Fact]
    public void Seven_points_each_lower_than_the_last_flag_a_trend()
    {
        // Points 3–9 fall 16, 15, 14, 13, 12, 11, 10.
        var chart = Xmr.Compute([12, 14, 16, 15, 14, 13, 12, 11, 10, 14, 12]);

        Assert.Equal([3, 4, 5, 6, 7, 8, 9], Flagged(chart, SpecialCause.Trend));
    }

    [Fact]
    public void Six_rising_points_are_not_a_trend()
    {
        // Points 3–8 rise 10 to 15: six points, five rises.
        var chart = Xmr.Compute([14, 12, 10, 11, 12, 13, 14, 15, 12, 14]);

        Assert.Empty(Flagged(chart, SpecialCause.Trend));
    }

    [Fact]
    public void A_repeated_value_ends_a_trend()
    {
        // 10, 11, 12, 13, 13, 14, 15, 16: the repeat splits eight points into two rises of four.
        var chart = Xmr.Compute([10, 11, 12, 13, 13, 14, 15, 16]);

        Assert.Empty(Flagged(chart, SpecialCause.Trend));
    }

    [Fact]
    public void Two_of_three_beyond_two_thirds_on_the_high_side_flags_those_two()
    {
        // Steady (16 points), then 16, 11, 16, then the tail: 23 points.
        // mean = (176 + 43 + 44) / 23 = 263 / 23 = 11.4348
        // moving ranges: fifteen of 2, then 4, 5, 5, 4, then three of 2 -> (30 + 18 + 6) / 22 = 54/22 = 2.4545
        // two-thirds line = 11.4348 + 2/3 × 2.66 × 2.4545 = 11.4348 + 4.3527 = 15.7875
        // Points 17 and 19 (the 16s) are beyond it; point 18 (11) is not flagged.
        var chart = Xmr.Compute([.. Steady, 16, 11, 16, .. Tail]);

        Assert.Equal([17, 19], Flagged(chart, SpecialCause.TwoOfThree));
        Assert.Empty(Flagged(chart, SpecialCause.OutsideLimits)); // upper limit = 11.4348 + 6.5291 = 17.9639
    }

    [Fact]
    public void Two_of_three_beyond_two_thirds_on_the_low_side_flags_those_two()
    {
        // The mirror image (22 − x) of the previous series: the same distances, below the mean.
        double[] high = [.. Steady, 16, 11, 16, .. Tail];
        var chart = Xmr.Compute(high.Select(x => 22 - x).ToList());

        Assert.Equal([17, 19], Flagged(chart, SpecialCause.TwoOfThree));
    }

    [Fact]
    public void Only_one_of_three_beyond_two_thirds_is_not_flagged()
    {
        // Steady, then 16, 11, 11, 16: each 16 is beyond the two-thirds line (15.5801) but no three in a row hold two.
        // mean = (176 + 54 + 44) / 24 = 11.4167; mean moving range = (30 + 4 + 5 + 0 + 5 + 4 + 6) / 23 = 54/23 = 2.3478
        var chart = Xmr.Compute([.. Steady, 16, 11, 11, 16, .. Tail]);

        Assert.Empty(Flagged(chart, SpecialCause.TwoOfThree));
    }

    [Fact]
    public void Two_of_three_on_opposite_sides_is_not_flagged()
    {
        // Steady, then 16, 11, 6: mean = (176 + 33 + 44) / 23 = 11; mean moving range = (30 + 4 + 5 + 5 + 6 + 6) / 22 = 56/22
        // two-thirds lines = 11 ± 2/3 × 2.66 × 2.5455 = 11 ± 4.5139: 16 is beyond the upper, 6 beyond the lower.
        var chart = Xmr.Compute([.. Steady, 16, 11, 6, .. Tail]);

        Assert.Empty(Flagged(chart, SpecialCause.TwoOfThree));
    }
}
