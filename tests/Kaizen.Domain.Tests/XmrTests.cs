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
        // Steady (16 points), then 16, 12, 16, then the tail: 23 points, the three all above the mean.
        // mean = (176 + 44 + 44) / 23 = 264 / 23 = 11.4783
        // moving ranges: fifteen of 2, then 4, 4, 4, 4, then three of 2 -> (30 + 16 + 6) / 22 = 52/22 = 2.3636
        // upper limit = 11.4783 + 2.66 × 2.3636 = 17.7655; two-thirds line = 11.4783 + 4.1915 = 15.6698
        // Points 17 and 19 (the 16s) lie between the line and the limit; point 18 (12) does not.
        var chart = Xmr.Compute([.. Steady, 16, 12, 16, .. Tail]);

        Assert.Equal([17, 19], Flagged(chart, SpecialCause.TwoOfThree));
        Assert.Empty(Flagged(chart, SpecialCause.OutsideLimits));
    }

    [Fact]
    public void Two_of_three_beyond_two_thirds_on_the_low_side_flags_those_two()
    {
        // The mirror image (22 − x) of the previous series: the same distances, below the mean.
        double[] high = [.. Steady, 16, 12, 16, .. Tail];
        var chart = Xmr.Compute(high.Select(x => 22 - x).ToList());

        Assert.Equal([17, 19], Flagged(chart, SpecialCause.TwoOfThree));
    }

    [Fact]
    public void Two_of_three_near_a_limit_with_the_third_below_the_mean_is_not_flagged()
    {
        // Steady, then 16, 11, 16: mean = (176 + 43 + 44) / 23 = 11.4348, so the 11 is below it. docs/definitions.md §3 asks for
        // all three on the same side of the mean (the rule before this change flagged the two 16s).
        var chart = Xmr.Compute([.. Steady, 16, 11, 16, .. Tail]);

        Assert.Empty(Flagged(chart, SpecialCause.TwoOfThree));
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

    [Fact]
    public void A_lower_limit_below_zero_is_floored_for_a_measure_that_cannot_be_negative_and_the_rules_are_unchanged()
    {
        // Workshops a month: 1, 0, 2, 0, 1, 3, 0, 1. mean = 8/8 = 1; moving ranges 1, 2, 2, 1, 2, 3, 1 -> 12/7 = 1.7143
        // limits 1 ± 2.66 × 1.7143 = 1 ± 4.56 -> 5.56 and −3.56, drawn from 0.
        double[] months = [1, 0, 2, 0, 1, 3, 0, 1];
        var raw = Xmr.Compute(months);
        var floored = Xmr.Compute(months, new XmrOptions(FloorAtZero: true));

        Assert.Equal(-3.56, raw.Lower!.Value, Precision);
        Assert.Equal(0, floored.Lower!.Value, Precision);
        Assert.Equal(5.56, floored.Upper!.Value, Precision);
        Assert.Equal(raw.Points.Select(p => p.Flags), floored.Points.Select(p => p.Flags));
    }

    [Fact]
    public void Limits_fixed_on_a_baseline_judge_the_points_after_it()
    {
        // Baseline 10, 12, 10, 12: mean 11, moving ranges 2, 2, 2 -> 2; limits 11 ± 5.32 = 16.32 and 5.68.
        // The three 20s after it are outside; with limits from all seven points they would have widened them.
        var chart = Xmr.Compute([10, 12, 10, 12, 20, 20, 20], new XmrOptions(Baseline: 4));

        Assert.Equal(11, chart.Mean!.Value, Precision);
        Assert.Equal(16.32, chart.Upper!.Value, Precision);
        Assert.Equal(5.68, chart.Lower!.Value, Precision);
        Assert.Equal(3, Assert.Single(chart.Segments).BaselineLast);
        Assert.Equal([5, 6, 7], Flagged(chart, SpecialCause.OutsideLimits));
    }

    [Fact]
    public void Recalculated_limits_start_a_new_segment_with_its_own_mean_and_moving_ranges()
    {
        // Before: 10, 12, 10, 12 -> mean 11, mean moving range 2, limits 16.32 / 5.68.
        // After the workshop (from point 5): 5, 6, 5, 6 -> mean 5.5; the moving range across the change is not
        // counted, so 1, 1, 1 -> 1; limits 5.5 ± 2.66 = 8.16 and 2.84.
        var chart = Xmr.Compute([10, 12, 10, 12, 5, 6, 5, 6], new XmrOptions(RecalculateFrom: [4]));

        Assert.Equal(2, chart.Segments.Count);
        Assert.Equal((11.0, 16.32, 5.68), (chart.Segments[0].Mean!.Value, Math.Round(chart.Segments[0].Upper!.Value, 9), Math.Round(chart.Segments[0].Lower!.Value, 9)));
        Assert.Equal((5.5, 8.16, 2.84), (chart.Segments[1].Mean!.Value, Math.Round(chart.Segments[1].Upper!.Value, 9), Math.Round(chart.Segments[1].Lower!.Value, 9)));
        Assert.Null(chart.Points[4].MovingRange);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], chart.Points.Select(p => p.Segment));
        Assert.Equal(5.5, chart.Mean!.Value, Precision);
        Assert.All(chart.Points, p => Assert.Equal(SpecialCause.None, p.Flags));
    }

    [Fact]
    public void Screening_leaves_out_moving_ranges_of_3_267_times_the_mean_or_more()
    {
        // 10, 11, 10, 11, 10, 11, 10, 40, 10, 11: moving ranges six of 1, 30, 30, 1 -> 67/9 = 7.4444;
        // 3.267 × 7.4444 = 24.32, so both 30s are left out: the mean moving range is 7/7 = 1.
        // mean = 134/10 = 13.4; limits 13.4 ± 2.66 = 16.06 and 10.74.
        double[] values = [10, 11, 10, 11, 10, 11, 10, 40, 10, 11];
        var plain = Xmr.Compute(values);
        var screened = Xmr.Compute(values, new XmrOptions(Screen: true));

        Assert.Equal(67.0 / 9, plain.MeanMovingRange!.Value, Precision);
        Assert.Equal(1, screened.MeanMovingRange!.Value, Precision);
        Assert.Equal(2, screened.Segments[0].ScreenedOut);
        Assert.Equal(16.06, screened.Upper!.Value, Precision);
        Assert.Contains(8, Flagged(screened, SpecialCause.OutsideLimits));
    }

    [Fact]
    public void The_variation_icon_reads_the_latest_point_against_the_better_direction()
    {
        // The baseline example: the latest point (20) is above the mean and outside the limits.
        var rising = Xmr.Compute([10, 12, 10, 12, 20, 20, 20], new XmrOptions(Baseline: 4));

        Assert.Equal(Variation.Concerning, Xmr.VariationOf(rising, Better.Lower));
        Assert.Equal(Variation.Improving, Xmr.VariationOf(rising, Better.Higher));
        Assert.Equal(Variation.Special, Xmr.VariationOf(rising, Better.Neither));
        Assert.Equal(Variation.CommonCause, Xmr.VariationOf(Xmr.Compute([.. Steady]), Better.Lower));
        Assert.Equal(Variation.None, Xmr.VariationOf(Xmr.Compute([5]), Better.Lower));
    }

    [Fact]
    public void The_assurance_icon_compares_the_target_with_the_limits()
    {
        // Steady: mean 11, mean moving range 2, limits 16.32 and 5.68.
        var chart = Xmr.Compute([.. Steady]);

        Assert.Equal(Assurance.ConsistentlyMet, Xmr.AssuranceOf(chart, Better.Lower, 20));
        Assert.Equal(Assurance.HitAndMiss, Xmr.AssuranceOf(chart, Better.Lower, 11));
        Assert.Equal(Assurance.NotMet, Xmr.AssuranceOf(chart, Better.Lower, 5));
        Assert.Equal(Assurance.ConsistentlyMet, Xmr.AssuranceOf(chart, Better.Higher, 5));
        Assert.Equal(Assurance.HitAndMiss, Xmr.AssuranceOf(chart, Better.Higher, 11));
        Assert.Equal(Assurance.NotMet, Xmr.AssuranceOf(chart, Better.Higher, 20));
        Assert.Equal(Assurance.None, Xmr.AssuranceOf(chart, Better.Lower, null));
    }
}
