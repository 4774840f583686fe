namespace Kaizen.Domain;

public enum FollowUpState { NotYetDue, Due, Overdue, Recorded, WontBeMeasured }

// Follow-ups are taken 30, 60 and 90 days after the report-out (the last day of the workshop).
// A follow-up is due ON its date and overdue from the day after, until a value is recorded.
public static class FollowUps
{
    public static IReadOnlyList<int> CheckpointDays { get; } = [30, 60, 90];

    public static DateOnly DueDate(DateOnly reportOut, int checkpointDays)
    {
        if (!CheckpointDays.Contains(checkpointDays))
            throw new ArgumentOutOfRangeException(nameof(checkpointDays), checkpointDays, "A follow-up is at 30, 60 or 90 days.");
        return reportOut.AddDays(checkpointDays);
    }

    // A follow-up closed as "won't be measured" is never overdue (a value recorded before it was closed still shows).
    public static FollowUpState State(DateOnly reportOut, int checkpointDays, bool recorded, DateOnly today, bool closed = false)
    {
        if (recorded) return FollowUpState.Recorded;
        if (closed) return FollowUpState.WontBeMeasured;
        var due = DueDate(reportOut, checkpointDays);
        return today < due ? FollowUpState.NotYetDue
            : today == due ? FollowUpState.Due
            : FollowUpState.Overdue;
    }
}
