using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

public class WorkshopRulesTests
{
    static readonly DateOnly Today = new(2025, 3, 20);

    // Planned from 1 Feb; workshop 10–14 March (report-out 14 March); completed, two measures with results.
    static readonly WorkshopDraft Completed = new(
        PlanningStart: new DateOnly(2025, 2, 1), StartDate: new DateOnly(2025, 3, 10), LengthDays: 5,
        Status: WorkshopStatus.Completed, StatusReason: null, MeasuresWithResult: 2);

    [Fact]
    public void Report_out_is_the_last_day_of_the_workshop()
    {
        Assert.Equal(new DateOnly(2025, 3, 14), WorkshopRules.ReportOutDate(new DateOnly(2025, 3, 10), 5));
        Assert.Equal(new DateOnly(2025, 3, 12), WorkshopRules.ReportOutDate(new DateOnly(2025, 3, 10), 3));
    }

    [Fact]
    public void Valid_drafts_have_no_violations()
    {
        var planned = new WorkshopDraft(null, new DateOnly(2025, 5, 12), 3, WorkshopStatus.Planned, null, 0);
        var cancelled = Completed with { Status = WorkshopStatus.Cancelled, StatusReason = "Ward closed for refurbishment" };
        var stoodDown = Completed with { Status = WorkshopStatus.StoodDown, StatusReason = "Sponsor left", MeasuresWithResult = 0 };

        Assert.Empty(WorkshopRules.Validate(Completed, Today));
        Assert.Empty(WorkshopRules.Validate(planned, Today));
        Assert.Empty(WorkshopRules.Validate(cancelled, Today));
        Assert.Empty(WorkshopRules.Validate(stoodDown, Today));
    }

    [Fact]
    public void A_workshop_can_be_completed_on_its_report_out_day()
    {
        Assert.Empty(WorkshopRules.Validate(Completed, new DateOnly(2025, 3, 14)));
    }

    [Theory]
    [InlineData("two days", "LengthDays")]
    [InlineData("six days", "LengthDays")]
    [InlineData("planning starts on the start day", "PlanningStart")]
    [InlineData("planning starts after the start", "PlanningStart")]
    [InlineData("completed before report-out", "Status")]
    [InlineData("completed with no result", "Status")]
    [InlineData("cancelled without a reason", "StatusReason")]
    [InlineData("stood down with a blank reason", "StatusReason")]
    public void Each_rule_broken_on_its_own_gives_only_that_fields_violation(string broken, string field)
    {
        var (draft, today) = broken switch
        {
            "two days" => (Completed with { LengthDays = 2 }, Today),
            "six days" => (Completed with { LengthDays = 6 }, Today),
            "planning starts on the start day" => (Completed with { PlanningStart = Completed.StartDate }, Today),
            "planning starts after the start" => (Completed with { PlanningStart = new DateOnly(2025, 3, 11) }, Today),
            "completed before report-out" => (Completed, new DateOnly(2025, 3, 13)),
            "completed with no result" => (Completed with { MeasuresWithResult = 0 }, Today),
            "cancelled without a reason" => (Completed with { Status = WorkshopStatus.Cancelled, StatusReason = null }, Today),
            "stood down with a blank reason" => (Completed with { Status = WorkshopStatus.StoodDown, StatusReason = "  " }, Today),
            _ => throw new ArgumentException(broken),
        };

        var violation = Assert.Single(WorkshopRules.Validate(draft, today));
        Assert.Equal(field, violation.Field);
    }

    [Fact]
    public void Messages_say_what_is_wrong_and_what_is_allowed()
    {
        Assert.Equal("A workshop lasts 3 to 5 days; 2 was entered.",
            Assert.Single(WorkshopRules.Validate(Completed with { LengthDays = 2 }, Today)).Message);
        Assert.Equal("A workshop can be marked completed from its report-out date (14/03/2025); today is 13/03/2025.",
            Assert.Single(WorkshopRules.Validate(Completed, new DateOnly(2025, 3, 13))).Message);
    }

    [Fact]
    public void Several_mistakes_are_all_reported()
    {
        var draft = Completed with { LengthDays = 7, PlanningStart = new DateOnly(2025, 4, 1), MeasuresWithResult = 0 };

        Assert.Equal(["LengthDays", "PlanningStart", "Status"], WorkshopRules.Validate(draft, Today).Select(v => v.Field));
    }
}

public class WorkshopRulesExtremeInputTests
{
    [Fact]
    public void A_completed_workshop_with_an_absurd_length_is_refused_for_its_length_without_overflowing()
    {
        var draft = new WorkshopDraft(null, new DateOnly(9999, 12, 30), 99_999_999, WorkshopStatus.Completed, null, 1);

        var violations = WorkshopRules.Validate(draft, new DateOnly(2021, 1, 1));

        Assert.Equal(["LengthDays"], violations.Select(v => v.Field));
    }
}
