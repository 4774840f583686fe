using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

// Short builders so each test reads as its numbers.
internal static class Facts
{
    public static Reading R(double value, double? denominator = null) => new(value, denominator);

    // Process time in minutes.
    public static MeasureFacts Time(long measureId, long workshopId, double? baseline, double? result,
        double? target = null, double? day30 = null, double? day60 = null, double? day90 = null) =>
        new(measureId, workshopId, MeasureKind.ProcessTime,
            baseline is { } b ? R(b) : null, target, result is { } a ? R(a) : null,
            day30 is { } d30 ? R(d30) : null, day60 is { } d60 ? R(d60) : null, day90 is { } d90 ? R(d90) : null);

    // Readings are (errors, window days).
    public static MeasureFacts Count(long measureId, long workshopId, Reading? baseline, Reading? result,
        double? target = null, Reading? day30 = null, Reading? day60 = null, Reading? day90 = null) =>
        new(measureId, workshopId, MeasureKind.ErrorCount, baseline, target, result, day30, day60, day90);

    // Readings are (errors, opportunities).
    public static MeasureFacts Rate(long measureId, long workshopId, Reading? baseline, Reading? result,
        double? target = null, Reading? day30 = null, Reading? day60 = null, Reading? day90 = null) =>
        new(measureId, workshopId, MeasureKind.ErrorRate, baseline, target, result, day30, day60, day90);
}
