namespace Kaizen.Domain;

// A follow-up value at 30, 60 or 90 days, in the same stored units as the measure's result
// (minutes; errors with a window in days; errors with opportunities).
public static class FollowUpRules
{
    public static IReadOnlyList<RuleViolation> Validate(
        MeasureKind kind, int checkpointDays, double? value, double? denominator, DateOnly reportOut, DateOnly today)
    {
        var v = new Violations();
        var names = MeasureRules.Names.For(kind);

        if (!FollowUps.CheckpointDays.Contains(checkpointDays))
            v.Add("CheckpointDays", $"A follow-up is taken 30, 60 or 90 days after the report-out; {checkpointDays} was entered.");

        var valueOk = v.CheckNumber("Value", "the follow-up value", value);
        var denominatorOk = v.CheckNumber("Denominator", "the follow-up " + names.Denominator, denominator);

        if (value is null)
            v.Add("Value", $"Enter the {names.Value} measured at the follow-up.");
        else if (FollowUps.CheckpointDays.Contains(checkpointDays) && FollowUps.DueDate(reportOut, checkpointDays) is var due && today < due)
            // A value before its date would be read as the follow-up and judged too early (docs/definitions.md §2).
            v.Add("Value", $"The {checkpointDays}-day follow-up is due on {Formats.Date(due)}; its value can be recorded from then.");

        switch (kind)
        {
            case MeasureKind.ProcessTime:
                MeasureRules.NoDenominator(v, "Denominator", denominator);
                break;
            case MeasureKind.ErrorCount:
                MeasureRules.CheckWindow(v, "Denominator", "follow-up", value, denominator, denominatorOk);
                break;
            case MeasureKind.ErrorRate:
                MeasureRules.CheckOpportunities(v, "Denominator", "follow-up", value, denominator, valueOk, denominatorOk);
                break;
        }

        return v.ToList("CheckpointDays", "Value", "Denominator");
    }
}
