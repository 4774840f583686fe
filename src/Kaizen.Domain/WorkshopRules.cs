namespace Kaizen.Domain;

// MeasuresWithResult: how many of the workshop's measures have a result at report-out.
public sealed record WorkshopDraft(
    DateOnly? PlanningStart,
    DateOnly StartDate,
    int LengthDays,
    WorkshopStatus Status,
    string? StatusReason,
    int MeasuresWithResult);

public static class WorkshopRules
{
    public const int MinLengthDays = 3;
    public const int MaxLengthDays = 5;

    // The report-out is held on the workshop's last day.
    public static DateOnly ReportOutDate(DateOnly start, int lengthDays) => start.AddDays(lengthDays - 1);

    // The length on its own, for a form whose dates could not be read: every problem is reported in one go.
    public static RuleViolation? CheckLength(int lengthDays) => lengthDays is < MinLengthDays or > MaxLengthDays
        ? new RuleViolation("LengthDays", $"A workshop lasts {MinLengthDays} to {MaxLengthDays} days; {lengthDays} was entered.")
        : null;

    public static IReadOnlyList<RuleViolation> Validate(WorkshopDraft d, DateOnly today)
    {
        var v = new Violations();

        if (d.LengthDays is < MinLengthDays or > MaxLengthDays)
            v.Add("LengthDays", $"A workshop lasts {MinLengthDays} to {MaxLengthDays} days; {d.LengthDays} was entered.");

        if (d.PlanningStart is { } planning && planning >= d.StartDate)
            v.Add("PlanningStart",
                $"Planning must start before the workshop starts ({Formats.Date(d.StartDate)}); {Formats.Date(planning)} was entered.");

        if (d.Status == WorkshopStatus.Completed)
        {
            // With an impossible length there is no report-out date to compare; that length is already refused above.
            var lengthOk = d.LengthDays is >= MinLengthDays and <= MaxLengthDays;
            var reportOut = lengthOk ? ReportOutDate(d.StartDate, d.LengthDays) : d.StartDate;
            if (lengthOk && reportOut > today)
                v.Add("Status",
                    $"A workshop can be marked completed from its report-out date ({Formats.Date(reportOut)}); today is {Formats.Date(today)}.");
            if (d.MeasuresWithResult < 1)
                v.Add("Status", "A workshop can be marked completed once at least one of its measures has a result at report-out; none has yet.");
        }

        if (d.Status is (WorkshopStatus.Cancelled or WorkshopStatus.StoodDown) && string.IsNullOrWhiteSpace(d.StatusReason))
        {
            var what = d.Status == WorkshopStatus.Cancelled ? "cancelled" : "stood down";
            v.Add("StatusReason", $"Say why the workshop was {what}: a reason is required for this status.");
        }

        return v.ToList();
    }
}
