using Kaizen.Domain;
using static Kaizen.Domain.Tests.Facts;

namespace Kaizen.Domain.Tests;

public class SustainmentTests
{
    // Every case: process time baseline B = 100 minutes, report-out A = 40. Gain 60, half of it 30,
    // so without a target a follow-up F is sustained when 100 − F ≥ 30, i.e. F ≤ 70.
    [Theory]
    [InlineData(Checkpoint.Day30, 70.0, null, null, null, SustainmentState.Sustained)]     // 30 ≥ 30: exactly half kept
    [InlineData(Checkpoint.Day30, 71.0, null, null, null, SustainmentState.NotSustained)]  // 29 < 30
    [InlineData(Checkpoint.Day30, 71.0, null, null, 75.0, SustainmentState.Sustained)]     // 71 ≤ target 75
    [InlineData(Checkpoint.Day60, 60.0, 50.0, null, null, SustainmentState.Sustained)]     // reads day 60: 50, 50 ≥ 30
    [InlineData(Checkpoint.Day60, 50.0, 90.0, null, null, SustainmentState.NotSustained)]  // reads day 60: 10 < 30
    [InlineData(Checkpoint.Day60, 50.0, 90.0, null, 90.0, SustainmentState.Sustained)]     // 90 ≤ target 90
    [InlineData(Checkpoint.Day90, null, null, 100.0, null, SustainmentState.NotSustained)] // gain all lost
    [InlineData(Checkpoint.Day90, null, null, 100.0, 80.0, SustainmentState.NotSustained)] // target missed and gain lost
    [InlineData(Checkpoint.Day90, null, null, 65.0, 50.0, SustainmentState.Sustained)]     // target missed, but 35 ≥ 30
    [InlineData(Checkpoint.Latest, 60.0, 85.0, null, null, SustainmentState.NotSustained)] // latest = day 60: 15 < 30
    [InlineData(Checkpoint.Latest, 60.0, 85.0, null, 85.0, SustainmentState.Sustained)]    // latest = day 60: 85 ≤ 85
    [InlineData(Checkpoint.Latest, 60.0, null, null, null, SustainmentState.Sustained)]    // latest = day 30: 40 ≥ 30
    [InlineData(Checkpoint.Latest, 90.0, 80.0, 70.0, null, SustainmentState.Sustained)]    // latest = day 90: 30 ≥ 30
    public void Sustainment_at_each_follow_up_with_and_without_a_target(
        Checkpoint at, double? day30, double? day60, double? day90, double? target, SustainmentState expected)
    {
        var m = Time(1, 1, baseline: 100, result: 40, target: target, day30: day30, day60: day60, day90: day90);

        Assert.Equal(expected, Sustainment.For(m, at));
    }

    [Fact]
    public void No_follow_up_at_the_checkpoint_is_not_measured()
    {
        var m = Time(1, 1, baseline: 100, result: 40, day30: 50);

        Assert.Equal(SustainmentState.NotMeasured, Sustainment.For(m, Checkpoint.Day60));
        Assert.Equal(SustainmentState.NotMeasured, Sustainment.For(Time(1, 1, 100, 40), Checkpoint.Latest));
    }

    [Fact]
    public void Latest_ignores_the_report_out_result()
    {
        // The report-out result is not a follow-up, so with no follow-up there is nothing to judge.
        Assert.Equal(SustainmentState.NotMeasured, Sustainment.For(Time(1, 1, 100, 40, target: 50), Checkpoint.Latest));
    }

    [Fact]
    public void Meeting_the_target_is_enough_even_without_a_report_out_result()
    {
        var m = Time(1, 1, baseline: 100, result: null, target: 50, day30: 45);

        Assert.Equal(SustainmentState.Sustained, Sustainment.For(m, Checkpoint.Day30));
    }

    [Fact]
    public void Without_a_report_out_result_the_half_gain_rule_cannot_be_judged()
    {
        Assert.Equal(SustainmentState.NotMeasured, Sustainment.For(Time(1, 1, 100, null, day30: 45), Checkpoint.Day30));
        Assert.Equal(SustainmentState.NotMeasured, Sustainment.For(Time(1, 1, 100, null, target: 40, day30: 45), Checkpoint.Day30));
    }

    [Fact]
    public void No_gain_at_report_out_means_nothing_to_sustain_unless_the_target_is_met()
    {
        // A = B = 100: the rule needs A < B. F = 90 is better than the baseline but no report-out gain was kept.
        Assert.Equal(SustainmentState.NotSustained, Sustainment.For(Time(1, 1, 100, 100, day30: 90), Checkpoint.Day30));
        Assert.Equal(SustainmentState.Sustained, Sustainment.For(Time(1, 1, 100, 100, target: 95, day30: 90), Checkpoint.Day30));
    }

    [Fact]
    public void Error_count_follow_up_is_scaled_to_the_baseline_window_before_judging()
    {
        // B = 20 in 10 days, A = 8 in 10 days: gain 12, half 6, so sustained when F ≤ 14 per 10 days.
        // 6 in 5 days -> 12 per 10 days: sustained.  8 in 5 days -> 16 per 10 days: not (unscaled 8 would pass).
        Assert.Equal(SustainmentState.Sustained,
            Sustainment.For(Count(1, 1, R(20, 10), R(8, 10), day30: R(6, 5)), Checkpoint.Day30));
        Assert.Equal(SustainmentState.NotSustained,
            Sustainment.For(Count(1, 1, R(20, 10), R(8, 10), day30: R(8, 5)), Checkpoint.Day30));
    }

    [Fact]
    public void Error_rate_follow_up_is_judged_on_the_rate()
    {
        // B = 10/100 = 0.10, A = 4/100 = 0.04: gain 0.06, half 0.03, sustained when F ≤ 0.07.
        Assert.Equal(SustainmentState.Sustained,
            Sustainment.For(Rate(1, 1, R(10, 100), R(4, 100), day30: R(12, 200)), Checkpoint.Day30)); // 0.06
        Assert.Equal(SustainmentState.NotSustained,
            Sustainment.For(Rate(1, 1, R(10, 100), R(4, 100), day30: R(16, 200)), Checkpoint.Day30)); // 0.08
    }

    [Fact]
    public void Sustainment_is_not_judged_at_report_out()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sustainment.For(Time(1, 1, 100, 40), Checkpoint.ReportOut));
    }

    [Theory]
    [InlineData(WorkshopSustainment.Sustained, SustainmentState.Sustained, SustainmentState.Sustained)]
    [InlineData(WorkshopSustainment.Sustained, SustainmentState.Sustained, SustainmentState.NotMeasured)]
    [InlineData(WorkshopSustainment.Partly, SustainmentState.Sustained, SustainmentState.NotSustained)]
    [InlineData(WorkshopSustainment.NotSustained, SustainmentState.NotSustained, SustainmentState.NotSustained)]
    [InlineData(WorkshopSustainment.NotSustained, SustainmentState.NotSustained, SustainmentState.NotMeasured)]
    [InlineData(WorkshopSustainment.NotMeasured, SustainmentState.NotMeasured, SustainmentState.NotMeasured)]
    public void Workshop_sustainment_looks_only_at_its_measured_measures(WorkshopSustainment expected, params SustainmentState[] states)
    {
        Assert.Equal(expected, Sustainment.ForWorkshop(states));
    }

    [Fact]
    public void Workshop_with_one_measure_kept_and_one_lost_is_partly_sustained()
    {
        var kept = Time(1, 7, 100, 40, day30: 50);      // 50 ≥ 30
        var lost = Count(2, 7, R(20, 7), R(10, 7), day30: R(19, 7)); // gain 10, half 5; 20 − 19 = 1 < 5

        Assert.Equal(WorkshopSustainment.Partly, Sustainment.ForWorkshop([kept, lost], Checkpoint.Day30));
    }

    [Fact]
    public void Workshop_sustainment_refuses_measures_of_different_workshops()
    {
        Assert.Throws<ArgumentException>(() =>
            Sustainment.ForWorkshop([Time(1, 1, 100, 40), Time(2, 2, 100, 40)], Checkpoint.Day30));
    }
}

public class FollowUpStateTests
{
    static readonly DateOnly ReportOut = new(2025, 3, 14);

    [Theory]
    [InlineData(30, 2025, 4, 13)] // 14 Mar + 30 days
    [InlineData(60, 2025, 5, 13)]
    [InlineData(90, 2025, 6, 12)]
    public void Follow_up_is_due_that_many_days_after_the_report_out(int days, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), FollowUps.DueDate(ReportOut, days));
    }

    [Theory]
    [InlineData(12, false, FollowUpState.NotYetDue)]
    [InlineData(13, false, FollowUpState.Due)]
    [InlineData(14, false, FollowUpState.Overdue)]
    [InlineData(14, true, FollowUpState.Recorded)]
    [InlineData(12, true, FollowUpState.Recorded)]
    public void Thirty_day_follow_up_state_around_its_due_date_of_13_April(int aprilDay, bool recorded, FollowUpState expected)
    {
        Assert.Equal(expected, FollowUps.State(ReportOut, 30, recorded, new DateOnly(2025, 4, aprilDay)));
    }

    [Fact]
    public void Only_30_60_and_90_day_follow_ups_exist()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FollowUps.DueDate(ReportOut, 45));
    }
}

public class WontBeMeasuredSustainmentTests
{
    // Baseline 100, report-out 40: a follow-up closed as "won't be measured" is no evidence the gain lasted.
    [Fact]
    public void A_follow_up_closed_as_wont_be_measured_counts_as_not_sustained()
    {
        var m = Facts.Time(1, 1, baseline: 100, result: 40, target: 50, day30: 45) with { NotMeasured = NotMeasured.Day60 };

        Assert.Equal(SustainmentState.Sustained, Sustainment.For(m, Checkpoint.Day30));
        Assert.Equal(SustainmentState.NotSustained, Sustainment.For(m, Checkpoint.Day60));
        Assert.Equal(SustainmentState.NotMeasured, Sustainment.For(m, Checkpoint.Day90));
        Assert.Equal(SustainmentState.NotSustained, Sustainment.For(m, Checkpoint.Latest));   // the closure is later than day 30
        // Beside a measure that kept its gain at 60 days, the workshop is only partly sustained.
        Assert.Equal(WorkshopSustainment.Partly, Sustainment.ForWorkshop([m, Facts.Time(2, 1, 100, 40, day60: 45)], Checkpoint.Day60));
    }

    [Fact]
    public void A_value_recorded_later_than_the_closure_is_what_the_latest_follow_up_judges()
    {
        var m = Facts.Time(1, 1, baseline: 100, result: 40, day90: 45) with { NotMeasured = NotMeasured.Day30 };

        Assert.Equal(SustainmentState.NotSustained, Sustainment.For(m, Checkpoint.Day30));
        Assert.Equal(SustainmentState.Sustained, Sustainment.For(m, Checkpoint.Latest));
    }
}
