using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

public class FollowUpRulesTests
{
    static readonly DateOnly ReportOut = new(2025, 3, 14);
    static readonly DateOnly Today = new(2025, 7, 1);   // every follow-up is due

    [Theory]
    [InlineData(MeasureKind.ProcessTime, 30, 300.0, null)]
    [InlineData(MeasureKind.ErrorCount, 60, 6.0, 7.0)]
    [InlineData(MeasureKind.ErrorRate, 90, 5.0, 250.0)]
    [InlineData(MeasureKind.ErrorRate, 90, 0.0, 250.0)]
    public void Valid_follow_ups_have_no_violations(MeasureKind kind, int days, double? value, double? denominator)
    {
        Assert.Empty(FollowUpRules.Validate(kind, days, value, denominator, ReportOut, Today));
    }

    [Fact]
    public void A_follow_up_can_be_entered_from_its_due_date_not_before()
    {
        Assert.Empty(FollowUpRules.Validate(MeasureKind.ProcessTime, 30, 300, null, ReportOut, new DateOnly(2025, 4, 13)));
        Assert.Equal("The 30-day follow-up is due on 13/04/2025; its value can be recorded from then.",
            Assert.Single(FollowUpRules.Validate(MeasureKind.ProcessTime, 30, 300, null, ReportOut, new DateOnly(2025, 4, 12))).Message);
        Assert.Equal("The 90-day follow-up is due on 12/06/2025; its value can be recorded from then.",
            Assert.Single(FollowUpRules.Validate(MeasureKind.ErrorRate, 90, 5, 250, ReportOut, new DateOnly(2025, 6, 11))).Message);
    }

    [Theory]
    [InlineData(MeasureKind.ProcessTime, 45, 300.0, null, 0, "CheckpointDays")]
    [InlineData(MeasureKind.ProcessTime, 30, 300.0, null, -80, "Value")] // today = the day before it is due
    [InlineData(MeasureKind.ProcessTime, 30, null, null, 0, "Value")]
    [InlineData(MeasureKind.ProcessTime, 30, -1.0, null, 0, "Value")]
    [InlineData(MeasureKind.ProcessTime, 30, double.NaN, null, 0, "Value")]
    [InlineData(MeasureKind.ProcessTime, 30, 300.0, 7.0, 0, "Denominator")]
    [InlineData(MeasureKind.ErrorCount, 60, 6.0, null, 0, "Denominator")]
    [InlineData(MeasureKind.ErrorCount, 60, 6.0, 0.0, 0, "Denominator")]
    [InlineData(MeasureKind.ErrorCount, 60, 6.0, -7.0, 0, "Denominator")]
    [InlineData(MeasureKind.ErrorRate, 90, 5.0, null, 0, "Denominator")]
    [InlineData(MeasureKind.ErrorRate, 90, 5.0, 0.0, 0, "Denominator")]
    [InlineData(MeasureKind.ErrorRate, 90, 300.0, 250.0, 0, "Denominator")]
    public void Each_rule_broken_on_its_own_gives_only_that_fields_violation(
        MeasureKind kind, int days, double? value, double? denominator, int todayShift, string field)
    {
        var violation = Assert.Single(FollowUpRules.Validate(kind, days, value, denominator, ReportOut, Today.AddDays(todayShift)));
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void Messages_say_what_is_wrong_and_what_is_allowed()
    {
        Assert.Equal("A follow-up is taken 30, 60 or 90 days after the report-out; 45 was entered.",
            Assert.Single(FollowUpRules.Validate(MeasureKind.ProcessTime, 45, 300, null, ReportOut, Today)).Message);
        Assert.Equal("The 30-day follow-up is due on 13/04/2025; its value can be recorded from then.",
            Assert.Single(FollowUpRules.Validate(MeasureKind.ProcessTime, 30, 300, null, ReportOut, ReportOut)).Message);
    }
}

public class ValueStreamRulesTests
{
    [Fact]
    public void Targets_between_0_and_1_or_none_are_valid()
    {
        Assert.Empty(ValueStreamRules.Validate(0.5, 0.3, 0.01));
        Assert.Empty(ValueStreamRules.Validate(null, null, null));
    }

    [Theory]
    [InlineData(0.0, null, null, "TargetProcessTime")]
    [InlineData(1.0, null, null, "TargetProcessTime")]
    [InlineData(null, -0.1, null, "TargetErrorCount")]
    [InlineData(null, 1.2, null, "TargetErrorCount")]
    [InlineData(null, null, double.NaN, "TargetErrorRate")]
    [InlineData(null, null, 50.0, "TargetErrorRate")] // a percentage passed without dividing by 100
    public void Each_target_out_of_range_gives_only_its_fields_violation(double? time, double? count, double? rate, string field)
    {
        Assert.Equal(field, Assert.Single(ValueStreamRules.Validate(time, count, rate)).Field);
    }

    [Fact]
    public void The_message_speaks_in_percentages()
    {
        Assert.Equal("The target reduction in error count must be more than 0% and less than 100%; 120% was entered.",
            Assert.Single(ValueStreamRules.Validate(null, 1.2, null)).Message);
    }
}
