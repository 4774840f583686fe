using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

// A value stream's outcome measure and its points (issue 20): the period a date lands in, the measure's own rules,
// and two columns pasted from Excel read line by line.
public class ValueStreamMeasuresTests
{
    static readonly DateOnly Today = new(2024, 6, 12); // a Wednesday

    static OutcomeMeasureDraft Draft(string? name = "Referral to first appointment", string? unit = "days", string? better = "lower",
        double? target = 18, string? frequency = "week", bool floor = true, int? baseline = null) =>
        new(name, unit, better, target, "Working days from the referral's receipt to the first appointment.", frequency, floor, baseline);

    [Theory]
    // 04/03/2024 is a Monday: its own week. 06/03/2024 (Wednesday) and 10/03/2024 (Sunday) belong to it too.
    [InlineData("2024-03-04", "2024-03-04")]
    [InlineData("2024-03-06", "2024-03-04")]
    [InlineData("2024-03-10", "2024-03-04")]
    // 11/03/2024 is the next Monday; 01/01/2024 a Monday; 31/12/2023 a Sunday, so its week began on 25/12/2023.
    [InlineData("2024-03-11", "2024-03-11")]
    [InlineData("2023-12-31", "2023-12-25")]
    public void A_weeks_point_is_dated_to_its_Monday(string date, string monday) =>
        Assert.Equal(DateOnly.Parse(monday), ValueStreamMeasures.PeriodStart(MeasureFrequency.Week, DateOnly.Parse(date)));

    [Theory]
    [InlineData("2024-02-29", "2024-02-01")]
    [InlineData("2024-03-01", "2024-03-01")]
    [InlineData("2023-12-31", "2023-12-01")]
    public void A_months_point_is_dated_to_its_first(string date, string first) =>
        Assert.Equal(DateOnly.Parse(first), ValueStreamMeasures.PeriodStart(MeasureFrequency.Month, DateOnly.Parse(date)));

    [Fact]
    public void The_period_a_date_lands_in_is_said_in_words()
    {
        Assert.Equal("06/03/2024 is in the week beginning 04/03/2024", ValueStreamMeasures.Lands(MeasureFrequency.Week, new DateOnly(2024, 3, 6)));
        Assert.Equal("29/02/2024 is in February 2024", ValueStreamMeasures.Lands(MeasureFrequency.Month, new DateOnly(2024, 2, 29)));
    }

    [Fact]
    public void A_complete_measure_has_no_problems() => Assert.Empty(ValueStreamMeasures.Validate(Draft()));

    [Fact]
    public void Every_problem_with_a_measure_is_reported_at_once_in_form_order()
    {
        var problems = ValueStreamMeasures.Validate(Draft(name: " ", unit: "", better: "down", target: -2, frequency: "daily", baseline: 1));

        Assert.Equal(["Name", "Unit", "Better", "Target", "Frequency", "BaselinePoints"], problems.Select(p => p.Field));
        Assert.Equal("This measure cannot go below zero, so its target cannot either (-2 was entered).", problems.Single(p => p.Field == "Target").Message);
        Assert.Equal("Limits need at least 2 points to be worked out; 1 was entered. Leave it empty to use every point.",
            problems.Single(p => p.Field == "BaselinePoints").Message);
    }

    [Fact]
    public void A_measure_that_can_go_below_zero_may_have_a_negative_target_but_one_with_no_better_direction_has_none()
    {
        Assert.Empty(ValueStreamMeasures.Validate(Draft(target: -2, floor: false)));
        Assert.Equal("Target", Assert.Single(ValueStreamMeasures.Validate(Draft(better: "neither"))).Field);
        Assert.Empty(ValueStreamMeasures.Validate(Draft(better: "neither", target: null)));
    }

    [Fact]
    public void A_point_must_be_in_a_period_that_has_begun_and_not_below_a_floor_of_zero()
    {
        // Today is Wednesday 12/06/2024: the week beginning 10/06/2024 has begun, the one beginning 17/06/2024 has not.
        Assert.Empty(ValueStreamMeasures.CheckPoint(MeasureFrequency.Week, true, new DateOnly(2024, 6, 16), 3, Today));
        var future = ValueStreamMeasures.CheckPoint(MeasureFrequency.Week, true, new DateOnly(2024, 6, 17), -1, Today);
        Assert.Equal([
            "17/06/2024 is in the week beginning 17/06/2024, which has not begun yet: a point is entered once its period has begun.",
            "-1 is below zero, and this measure cannot go below zero.",
        ], future.Select(p => p.Message));
        Assert.Empty(ValueStreamMeasures.CheckPoint(MeasureFrequency.Month, false, new DateOnly(2024, 6, 30), -1, Today));
        Assert.Equal("Period", Assert.Single(ValueStreamMeasures.CheckPoint(MeasureFrequency.Month, false, new DateOnly(1924, 6, 1), 1, Today)).Field);
    }

    [Fact]
    public void Two_columns_pasted_from_Excel_are_read_with_a_header_and_blank_lines_passed_over()
    {
        // As Excel copies them: tab-separated, CRLF line ends, a header, a blank line and a trailing empty cell.
        var text = "Week commencing\tDays\r\n04/03/2024\t21\r\n\r\n11/03/2024\t1,250.5\t\r\n2024-03-20\t19\r\n";

        var read = ValueStreamMeasures.ReadPaste(text, MeasureFrequency.Week, floorAtZero: true, Today);

        Assert.True(read.Ok);
        Assert.True(read.HadHeader);
        Assert.Equal([
            new PastedPoint(2, new DateOnly(2024, 3, 4), new DateOnly(2024, 3, 4), 21),
            new PastedPoint(4, new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 11), 1250.5),
            // Wednesday 20/03/2024 lands in the week beginning Monday 18/03/2024.
            new PastedPoint(5, new DateOnly(2024, 3, 20), new DateOnly(2024, 3, 18), 19),
        ], read.Points);
    }

    [Fact]
    public void Every_bad_line_is_reported_with_its_number_in_one_go()
    {
        var text = string.Join("\n",
            "Month\tPatients",     // 1: header
            "01/01/2024\t40",      // 2: good
            "31/02/2024\t41",      // 3: no 31st of February
            "15/01/2024\t3,5",     // 4: January again, and a decimal comma
            "01/03/2024",          // 5: one column
            "01/04/2024\t-3",      // 6: below zero
            "01/05/2024\t",        // 7: no value
            "01/07/2024\t12",      // 8: July has not begun on 12/06/2024
            "01/05/2024\t1\t2");   // 9: three columns

        var read = ValueStreamMeasures.ReadPaste(text, MeasureFrequency.Month, floorAtZero: true, Today);

        Assert.False(read.Ok);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], read.Problems.Select(p => p.Line));
        Assert.Equal("Line 3: \"31/02/2024\" is not a real date: February 2024 has 29 days. Enter the date as dd/mm/yyyy, for example 14/03/2024.", read.Problems[0].ToString());
        Assert.Equal("Line 4: 15/01/2024 is in January 2024, like line 2: a measure has one point a month. " +
            "\"3,5\" is not a number Kaizen can read: a comma only separates thousands, in groups of three (1,250.5). If you meant 3.5, type it with a full stop.",
            read.Problems[1].ToString());
        Assert.Equal("Line 5: \"01/03/2024\" is one column: paste two columns from Excel, the date then the value, side by side.", read.Problems[2].ToString());
        Assert.Equal("Line 6: -3 is below zero, and this measure cannot go below zero.", read.Problems[3].ToString());
        Assert.Equal("Line 7: The value is empty; enter a number, or leave the line out.", read.Problems[4].ToString());
        Assert.StartsWith("Line 8: 01/07/2024 is in July 2024, which has not begun yet", read.Problems[5].ToString());
        Assert.Equal("Line 9: This line has 3 columns: paste two, the date then the value.", read.Problems[6].ToString());
        // The good line is still read: the page shows nothing saved, but the reading itself is line by line.
        Assert.Equal(2, Assert.Single(read.Points).Line);
    }

    [Fact]
    public void A_first_line_with_a_mistyped_date_is_reported_not_taken_for_a_header()
    {
        var read = ValueStreamMeasures.ReadPaste("32/01/2024\t5\n05/02/2024\t6", MeasureFrequency.Week, true, Today);

        Assert.False(read.HadHeader);
        Assert.Equal(1, Assert.Single(read.Problems).Line);
    }

    [Fact]
    public void An_empty_paste_or_one_too_long_is_refused_as_a_whole()
    {
        Assert.Equal("Nothing was pasted: copy two columns from Excel, the dates and the values, and paste them here.",
            Assert.Single(ValueStreamMeasures.ReadPaste(" \n\t\n", MeasureFrequency.Week, true, Today).Problems).ToString());
        var tooMany = string.Join("\n", Enumerable.Repeat("01/01/2024\t1", ValueStreamMeasures.MaxPastedLines + 5));
        Assert.Contains("paste at most 1,000 at a time", Assert.Single(ValueStreamMeasures.ReadPaste(tooMany, MeasureFrequency.Week, true, Today).Problems).Message);
    }
}
