using Kaizen.Domain;
using static Kaizen.Domain.Tests.Facts;

namespace Kaizen.Domain.Tests;

public class ComparisonValueTests
{
    [Fact]
    public void Process_time_compares_the_minutes_as_recorded()
    {
        var m = Time(1, 1, baseline: 480, result: 300);

        Assert.Equal(480, MeasureMaths.BaselineValue(m));
        Assert.Equal(300, MeasureMaths.ValueAt(m, Checkpoint.ReportOut));
    }

    [Fact]
    public void Error_count_over_a_different_window_is_scaled_to_the_baseline_window_and_flagged()
    {
        // Baseline 10 errors in 14 days; after, 3 errors in 7 days -> 3 × 14 ÷ 7 = 6 errors per 14 days.
        var m = Count(1, 1, baseline: R(10, 14), result: R(3, 7));

        Assert.Equal(10, MeasureMaths.BaselineValue(m));
        Assert.Equal(6, MeasureMaths.ValueAt(m, Checkpoint.ReportOut));
        Assert.True(MeasureMaths.IsWindowScaled(m, Checkpoint.ReportOut));
    }

    [Fact]
    public void Error_count_over_the_same_window_is_not_scaled_or_flagged()
    {
        var m = Count(1, 1, baseline: R(10, 14), result: R(3, 14));

        Assert.Equal(3, MeasureMaths.ValueAt(m, Checkpoint.ReportOut));
        Assert.False(MeasureMaths.IsWindowScaled(m, Checkpoint.ReportOut));
    }

    [Theory]
    [InlineData(null, 7.0)]
    [InlineData(14.0, null)]
    public void Error_count_with_a_missing_window_is_treated_as_the_same_window(double? baselineDays, double? resultDays)
    {
        var m = Count(1, 1, baseline: R(10, baselineDays), result: R(3, resultDays));

        Assert.Equal(3, MeasureMaths.ValueAt(m, Checkpoint.ReportOut));
        Assert.False(MeasureMaths.IsWindowScaled(m, Checkpoint.ReportOut));
    }

    [Fact]
    public void Error_rate_is_errors_over_opportunities()
    {
        // 12 ÷ 400 = 0.03; 5 ÷ 250 = 0.02.
        var m = Rate(1, 1, baseline: R(12, 400), result: R(5, 250));

        Assert.Equal(0.03, MeasureMaths.BaselineValue(m)!.Value, 12);
        Assert.Equal(0.02, MeasureMaths.ValueAt(m, Checkpoint.ReportOut)!.Value, 12);
    }

    [Fact]
    public void Error_rate_without_opportunities_has_no_value_and_says_what_is_missing()
    {
        var m = Rate(1, 1, baseline: R(12, null), result: R(5, 250));

        Assert.Null(MeasureMaths.BaselineValue(m));
        Assert.False(MeasureMaths.HasValueAt(m, Checkpoint.ReportOut));
        Assert.Equal("baseline opportunities", MeasureMaths.DescribeMissing(m, Checkpoint.ReportOut));
    }

    [Fact]
    public void Each_checkpoint_reads_its_own_value_and_latest_takes_the_most_recent()
    {
        var m = Time(1, 1, baseline: 100, result: 50, day30: 55, day60: 60, day90: 65);

        Assert.Equal(50, MeasureMaths.ValueAt(m, Checkpoint.ReportOut));
        Assert.Equal(55, MeasureMaths.ValueAt(m, Checkpoint.Day30));
        Assert.Equal(60, MeasureMaths.ValueAt(m, Checkpoint.Day60));
        Assert.Equal(65, MeasureMaths.ValueAt(m, Checkpoint.Day90));
        Assert.Equal(65, MeasureMaths.ValueAt(m, Checkpoint.Latest));
    }

    [Fact]
    public void Latest_falls_back_to_earlier_follow_ups_then_the_result()
    {
        Assert.Equal(55, MeasureMaths.ValueAt(Time(1, 1, 100, 50, day30: 55), Checkpoint.Latest));
        Assert.Equal(60, MeasureMaths.ValueAt(Time(1, 1, 100, 50, day30: 55, day60: 60), Checkpoint.Latest));
        Assert.Equal(50, MeasureMaths.ValueAt(Time(1, 1, 100, 50), Checkpoint.Latest));
    }

    [Fact]
    public void A_value_at_a_checkpoint_needs_both_the_baseline_and_that_reading()
    {
        Assert.True(MeasureMaths.HasValueAt(Time(1, 1, 100, 50), Checkpoint.ReportOut));
        Assert.False(MeasureMaths.HasValueAt(Time(1, 1, 100, 50), Checkpoint.Day30));
        Assert.False(MeasureMaths.HasValueAt(Time(1, 1, null, 50), Checkpoint.ReportOut));
        Assert.Equal("baseline and 30-day follow-up", MeasureMaths.DescribeMissing(Time(1, 1, null, 50), Checkpoint.Day30));
    }

    [Theory]
    [InlineData(90, TimeUnit.Minutes, 90)]
    [InlineData(1.5, TimeUnit.Hours, 90)]   // 1.5 × 60
    [InlineData(2, TimeUnit.Days, 2880)]     // 2 × 1,440
    public void Time_units_convert_to_minutes(double value, TimeUnit unit, double minutes)
    {
        Assert.Equal(minutes, TimeUnits.ToMinutes(value, unit));
        Assert.Equal(value, TimeUnits.FromMinutes(minutes, unit));
    }

    [Fact]
    public void Minutes_are_reported_as_hours()
    {
        Assert.Equal(2.5, TimeUnits.MinutesToHours(150)); // 150 ÷ 60
    }
}

public class PercentagesTests
{
    [Theory]
    [InlineData(2.8, 0.028)]
    [InlineData(12.3, 0.123)]
    [InlineData(5, 0.05)]
    [InlineData(0, 0)]
    [InlineData(33.333, 0.33333)]
    public void A_typed_percentage_is_stored_as_the_fraction_written_the_same_way(double percent, double fraction) =>
        Assert.Equal(fraction, Percentages.ToFraction(percent));

    [Fact]
    public void Dividing_by_100_would_not_give_the_typed_fraction() =>
        Assert.NotEqual(0.028, 2.8 / 100);   // why ToFraction exists: 0.027999999999999997

    [Fact]
    public void A_measures_reduction_is_taken_in_comparison_units_and_is_negative_when_it_got_worse()
    {
        // Time: (480 − 300) ÷ 480 = 0.375. Count: 10 in 14 days, then 3 in 7 days = 6 per 14 days: (10 − 6) ÷ 10 = 0.4.
        // Rate: 0.03 then 0.045 (9 ÷ 200): (0.03 − 0.045) ÷ 0.03 = −0.5, worse.
        Assert.Equal(0.375, MeasureMaths.ReductionAt(Time(1, 1, baseline: 480, result: 300), Checkpoint.ReportOut));
        Assert.Equal(0.4, MeasureMaths.ReductionAt(Count(1, 1, baseline: R(10, 14), result: R(3, 7)), Checkpoint.ReportOut)!.Value, 12);
        Assert.Equal(-0.5, MeasureMaths.ReductionAt(Rate(1, 1, baseline: R(12, 400), result: R(9, 200)), Checkpoint.ReportOut)!.Value, 12);
        // No reduction from a baseline of nothing, nor without a reading at the checkpoint.
        Assert.Null(MeasureMaths.ReductionAt(Time(1, 1, baseline: 0, result: 30), Checkpoint.ReportOut));
        Assert.Null(MeasureMaths.ReductionAt(Time(1, 1, baseline: 480, result: null), Checkpoint.ReportOut));
    }
}
