namespace Kaizen.Domain;

// For all three kinds, lower is better.
public enum MeasureKind { ProcessTime, ErrorCount, ErrorRate }

// Where in a workshop's life a value is read. Latest = the most recent follow-up recorded, else the report-out result.
public enum Checkpoint { ReportOut = 0, Day30 = 30, Day60 = 60, Day90 = 90, Latest = -1 }

public enum TimeUnit { Minutes, Hours, Days }

public enum WorkshopStatus { Planned, Completed, Cancelled, StoodDown }

public enum TeamRole { InProcess, Adjacent, FreshEyes, PatientCarer }

// One recorded value of a measure.
// Value: minutes (process time), errors counted (error count), errors (error rate).
// Denominator: observation window in days (error count), opportunities (error rate), null (process time).
public readonly record struct Reading(double Value, double? Denominator);

// Everything the roll-ups need about one measure. Target is in comparison units:
// minutes (process time), a count over the baseline window (error count), a rate 0..1 (error rate).
public sealed record MeasureFacts(
    long MeasureId,
    long WorkshopId,
    MeasureKind Kind,
    Reading? Baseline,
    double? Target,
    Reading? Result,
    Reading? Day30 = null,
    Reading? Day60 = null,
    Reading? Day90 = null,
    NotMeasured NotMeasured = NotMeasured.None);

// The follow-ups closed as "won't be measured" (with a reason, kept by the app). Such a follow-up is no longer
// overdue, and it counts as not sustained: there is no evidence the gain lasted (docs/definitions.md §2).
[Flags]
public enum NotMeasured { None = 0, Day30 = 1, Day60 = 2, Day90 = 4 }

public static class NotMeasuredFlags
{
    public static NotMeasured For(int checkpointDays) => checkpointDays switch
    {
        30 => NotMeasured.Day30,
        60 => NotMeasured.Day60,
        90 => NotMeasured.Day90,
        _ => throw new ArgumentOutOfRangeException(nameof(checkpointDays), checkpointDays, "A follow-up is at 30, 60 or 90 days."),
    };

    public static bool IsClosed(this MeasureFacts m, int checkpointDays) => (m.NotMeasured & For(checkpointDays)) != 0;
}
