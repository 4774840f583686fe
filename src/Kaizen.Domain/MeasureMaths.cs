namespace Kaizen.Domain;

// Turns recorded readings into values that can be compared with the baseline ("comparison units"):
//   process time: minutes;
//   error count: errors over the BASELINE's window, so before and after count over the same length of time;
//   error rate: errors per opportunity (0..1).
public static class MeasureMaths
{
    public static Reading? ReadingAt(MeasureFacts m, Checkpoint checkpoint) => checkpoint switch
    {
        Checkpoint.ReportOut => m.Result,
        Checkpoint.Day30 => m.Day30,
        Checkpoint.Day60 => m.Day60,
        Checkpoint.Day90 => m.Day90,
        Checkpoint.Latest => m.Day90 ?? m.Day60 ?? m.Day30 ?? m.Result,
        _ => throw new ArgumentOutOfRangeException(nameof(checkpoint), checkpoint, "Unknown checkpoint."),
    };

    // The most recent follow-up, ignoring the report-out result: sustainment is about what happened after.
    public static Reading? LatestFollowUp(MeasureFacts m) => m.Day90 ?? m.Day60 ?? m.Day30;

    public static double? BaselineValue(MeasureFacts m) =>
        m.Baseline is { } baseline ? Comparable(m, baseline) : null;

    public static double? ValueAt(MeasureFacts m, Checkpoint checkpoint) =>
        ReadingAt(m, checkpoint) is { } reading ? Comparable(m, reading) : null;

    // Null when the reading cannot be compared: an error rate with no opportunities has no rate.
    public static double? Comparable(MeasureFacts m, Reading reading) => m.Kind switch
    {
        MeasureKind.ProcessTime => reading.Value,
        MeasureKind.ErrorCount => reading.Value * WindowScale(m, reading),
        MeasureKind.ErrorRate => Rate(reading),
        _ => throw new ArgumentOutOfRangeException(nameof(m), m.Kind, "Unknown measure kind."),
    };

    // One measure's reduction (B − A) ÷ B in comparison units, negative when it got worse; null without a baseline above
    // zero or a value at the checkpoint. (For an error rate this is 1 − rateA ÷ rateB, the same figure.)
    public static double? ReductionAt(MeasureFacts m, Checkpoint checkpoint) =>
        BaselineValue(m) is > 0 and var before && ValueAt(m, checkpoint) is { } after ? (before - after) / before : null;

    public static bool HasValueAt(MeasureFacts m, Checkpoint checkpoint) =>
        BaselineValue(m) is not null && ValueAt(m, checkpoint) is not null;

    // An error count was counted over a different number of days from the baseline, so it has been rescaled.
    // A missing (or non-positive) window is taken to be the same window: scaling by a guess would be worse than not scaling.
    public static bool IsWindowScaled(MeasureFacts m, Reading reading) =>
        m.Kind == MeasureKind.ErrorCount
        && m.Baseline?.Denominator is > 0 and var baselineDays
        && reading.Denominator is > 0 and var readingDays
        && baselineDays != readingDays;

    public static bool IsWindowScaled(MeasureFacts m, Checkpoint checkpoint) =>
        ReadingAt(m, checkpoint) is { } reading && IsWindowScaled(m, reading);

    // What stops the measure being compared at the checkpoint, in words for the "awaiting data" list; null when nothing.
    public static string? DescribeMissing(MeasureFacts m, Checkpoint checkpoint)
    {
        if (HasValueAt(m, checkpoint)) return null;   // the common case, without building a list
        var missing = new List<string>();
        if (m.Baseline is null) missing.Add("baseline");
        else if (BaselineValue(m) is null) missing.Add("baseline opportunities");

        var reading = ReadingAt(m, checkpoint);
        if (reading is null) missing.Add(CheckpointReading(checkpoint));
        else if (Comparable(m, reading.Value) is null) missing.Add("opportunities for the " + CheckpointReading(checkpoint));

        return missing.Count == 0 ? null : string.Join(" and ", missing);
    }

    // The reading a checkpoint needs, as a person would name it.
    public static string CheckpointReading(Checkpoint checkpoint) => checkpoint switch
    {
        Checkpoint.ReportOut => "result at report-out",
        Checkpoint.Day30 => "30-day follow-up",
        Checkpoint.Day60 => "60-day follow-up",
        Checkpoint.Day90 => "90-day follow-up",
        Checkpoint.Latest => "result or follow-up",
        _ => throw new ArgumentOutOfRangeException(nameof(checkpoint), checkpoint, "Unknown checkpoint."),
    };

    static double? Rate(Reading reading) =>
        reading.Denominator is > 0 and var opportunities ? reading.Value / opportunities : null;

    static double WindowScale(MeasureFacts m, Reading reading) =>
        IsWindowScaled(m, reading) ? m.Baseline!.Value.Denominator!.Value / reading.Denominator!.Value : 1.0;
}
