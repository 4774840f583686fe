using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

public class MeasureRulesTests
{
    static readonly DateOnly ReportOut = new(2025, 3, 14);
    static readonly DateOnly Today = new(2025, 3, 20);

    // 480 -> 300 minutes, target 240.
    static readonly MeasureDraft Time = new(MeasureKind.ProcessTime, 480, null, 240, 300, null);
    // 20 errors in 14 days -> 6 in 7 days, target 10 per 14 days.
    static readonly MeasureDraft Count = new(MeasureKind.ErrorCount, 20, 14, 10, 6, 7);
    // 12 errors in 400 (3%) -> 5 in 250 (2%), target 1%.
    static readonly MeasureDraft Rate = new(MeasureKind.ErrorRate, 12, 400, 0.01, 5, 250);

    [Fact]
    public void Valid_drafts_have_no_violations()
    {
        Assert.Empty(MeasureRules.Validate(Time, ReportOut, Today));
        Assert.Empty(MeasureRules.Validate(Count, ReportOut, Today));
        Assert.Empty(MeasureRules.Validate(Rate, ReportOut, Today));
    }

    [Fact]
    public void Things_that_look_odd_but_are_allowed()
    {
        // No target; a result worse than the baseline; a result of zero; a zero target; a result on report-out day.
        Assert.Empty(MeasureRules.Validate(Time with { Target = null, Result = 600 }, ReportOut, Today));
        Assert.Empty(MeasureRules.Validate(Count with { Target = 0, Result = 0 }, ReportOut, Today));
        Assert.Empty(MeasureRules.Validate(Rate with { Target = 0, Result = 0 }, ReportOut, ReportOut));
        // Before the report-out a measure has only its baseline.
        Assert.Empty(MeasureRules.Validate(Count with { Result = null, ResultDenominator = null }, ReportOut, new DateOnly(2025, 3, 1)));
    }

    [Theory]
    [InlineData("time baseline missing", "Baseline")]
    [InlineData("time baseline zero", "Baseline")]
    [InlineData("time baseline negative", "Baseline")]
    [InlineData("time baseline not a number", "Baseline")]
    [InlineData("time target negative", "Target")]
    [InlineData("time target infinite", "Target")]
    [InlineData("time target equal to baseline", "Target")]
    [InlineData("time result negative", "Result")]
    [InlineData("time result before report-out", "Result")]
    [InlineData("time with a baseline denominator", "BaselineDenominator")]
    [InlineData("time with a result denominator", "ResultDenominator")]
    [InlineData("count baseline window missing", "BaselineDenominator")]
    [InlineData("count baseline window zero", "BaselineDenominator")]
    [InlineData("count result window missing", "ResultDenominator")]
    [InlineData("count result window zero", "ResultDenominator")]
    [InlineData("count result window negative", "ResultDenominator")]
    [InlineData("count target above baseline", "Target")]
    [InlineData("rate baseline errors zero", "Baseline")]
    [InlineData("rate baseline opportunities missing", "BaselineDenominator")]
    [InlineData("rate baseline opportunities zero", "BaselineDenominator")]
    [InlineData("rate baseline errors exceed opportunities", "BaselineDenominator")]
    [InlineData("rate result opportunities zero", "ResultDenominator")]
    [InlineData("rate result errors exceed opportunities", "ResultDenominator")]
    [InlineData("rate result not a number", "Result")]
    [InlineData("rate target above baseline rate", "Target")]
    [InlineData("rate target not a fraction", "Target")]
    public void Each_rule_broken_on_its_own_gives_only_that_fields_violation(string broken, string field)
    {
        var (draft, today) = broken switch
        {
            "time baseline missing" => (Time with { Baseline = null }, Today),
            "time baseline zero" => (Time with { Baseline = 0 }, Today),
            "time baseline negative" => (Time with { Baseline = -5 }, Today),
            "time baseline not a number" => (Time with { Baseline = double.NaN }, Today),
            "time target negative" => (Time with { Target = -1 }, Today),
            "time target infinite" => (Time with { Target = double.PositiveInfinity }, Today),
            "time target equal to baseline" => (Time with { Target = 480 }, Today),
            "time result negative" => (Time with { Result = -1 }, Today),
            "time result before report-out" => (Time, new DateOnly(2025, 3, 13)),
            "time with a baseline denominator" => (Time with { BaselineDenominator = 7 }, Today),
            "time with a result denominator" => (Time with { ResultDenominator = 1 }, Today),
            "count baseline window missing" => (Count with { BaselineDenominator = null }, Today),
            "count baseline window zero" => (Count with { BaselineDenominator = 0 }, Today),
            "count result window missing" => (Count with { ResultDenominator = null }, Today),
            "count result window zero" => (Count with { ResultDenominator = 0 }, Today),
            "count result window negative" => (Count with { ResultDenominator = -7 }, Today),
            "count target above baseline" => (Count with { Target = 25 }, Today),
            "rate baseline errors zero" => (Rate with { Baseline = 0 }, Today),
            "rate baseline opportunities missing" => (Rate with { BaselineDenominator = null }, Today),
            "rate baseline opportunities zero" => (Rate with { BaselineDenominator = 0 }, Today),
            "rate baseline errors exceed opportunities" => (Rate with { Baseline = 500 }, Today),
            "rate result opportunities zero" => (Rate with { ResultDenominator = 0 }, Today),
            "rate result errors exceed opportunities" => (Rate with { Result = 300 }, Today),
            "rate result not a number" => (Rate with { Result = double.NaN }, Today),
            "rate target above baseline rate" => (Rate with { Target = 0.05 }, Today),
            "rate target not a fraction" => (Rate with { Target = 5 }, Today),
            _ => throw new ArgumentException(broken),
        };

        var violation = Assert.Single(MeasureRules.Validate(draft, ReportOut, today));
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void Messages_say_what_is_wrong_and_what_is_allowed()
    {
        string Message(MeasureDraft d) => Assert.Single(MeasureRules.Validate(d, ReportOut, Today)).Message;

        // 12 / 400 = 3%
        Assert.Equal("The target error rate must be below the baseline rate (3%); 5% was entered.", Message(Rate with { Target = 0.05 }));
        Assert.Equal("The target must be below the baseline (480) because lower is better; 500 was entered.", Message(Time with { Target = 500 }));
        Assert.Equal("The baseline cannot be negative; enter zero or more (-5 was entered).", Message(Time with { Baseline = -5 }));
        Assert.Equal("The result must be an ordinary number; NaN was entered.", Message(Time with { Result = double.NaN }));
        Assert.Equal("Errors (300) cannot be more than opportunities (250): each opportunity has at most one error.",
            Message(Rate with { Result = 300 }));
    }

    [Fact]
    public void Several_mistakes_are_all_reported_once_per_field()
    {
        // Baseline missing, result negative, result window missing: three fields, one message each.
        var draft = Count with { Baseline = null, Result = -2, ResultDenominator = null };

        Assert.Equal(["Baseline", "Result", "ResultDenominator"],
            MeasureRules.Validate(draft, ReportOut, Today).Select(v => v.Field));
    }
}

public class MeasureRuleUnitTests
{
    [Fact]
    public void A_process_time_message_speaks_the_unit_the_person_typed()
    {
        // 9 hours and 12 hours, held in minutes.
        var draft = new MeasureDraft(MeasureKind.ProcessTime, 540, null, 720, null, null);

        var violations = MeasureRules.Validate(draft, new DateOnly(2026, 1, 9), new DateOnly(2026, 1, 1), TimeUnit.Hours);

        Assert.Equal("The target must be below the baseline (9 hours) because lower is better; 12 hours was entered.",
            Assert.Single(violations).Message);
    }
}
