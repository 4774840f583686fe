using Kaizen.Domain;
using Kaizen.Web.Infrastructure;

namespace Kaizen.Web.Reports;

// How report figures look: percentages and amounts to one decimal, en-GB, "—" for no figure.
public static class Show
{
    public static string Reduction(double? fraction) => Format.Percent(fraction, 1);

    // Below the ±1% band: the process got slower or more error-prone.
    public static bool IsWorse(double? fraction) => fraction is { } f && RollUp.DirectionOf(f) == Direction.Worse;

    public static string Hours(double? hours) => hours is null ? "—" : Format.Number(hours, 1) + " hrs";

    // The "also shown" amount beside a headline: hours removed, errors avoided, or the pooled rate before → after.
    public static string Amount(KindRollUp k) => k.Workshops == 0 ? "—" : k.Kind switch
    {
        MeasureKind.ProcessTime => Hours(k.AmountRemoved) + (k.AmountRemoved < 0 ? " added" : " removed"),
        MeasureKind.ErrorCount => Format.Number(Math.Abs(k.AmountRemoved ?? 0), 1) + (k.AmountRemoved < 0 ? " errors added" : " errors avoided"),
        _ => $"{Format.Percent(k.PooledRateBefore, 1)} → {Format.Percent(k.PooledRateAfter, 1)}",
    };

    public static string AmountHeading(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => "hours removed",
        MeasureKind.ErrorCount => "errors avoided",
        _ => "pooled rate before → after",
    };

    public static string KindKey(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => "process_time",
        MeasureKind.ErrorCount => "error_count",
        _ => "error_rate",
    };

    public static string KindWord(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => "process time",
        MeasureKind.ErrorCount => "error count",
        _ => "error rate",
    };

    // A value in comparison units, for the problem lists: minutes as hours, a rate as a percentage, a count as is.
    public static string Value(MeasureKind kind, double? comparable) => comparable is not { } v ? "—" : kind switch
    {
        MeasureKind.ProcessTime => Format.Number(TimeUnits.MinutesToHours(v), 2) + " hrs",
        MeasureKind.ErrorRate => Format.Percent(v, 1),
        _ => Format.Number(v, 1) + " errors",
    };

    public static string Status(WorkshopStatus status) => status switch
    {
        WorkshopStatus.Planned => "Planned",
        WorkshopStatus.Completed => "Completed",
        WorkshopStatus.Cancelled => "Cancelled",
        _ => "Stood down",
    };

    public static string Status(string stored) => stored switch
    {
        "planned" => "Planned",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        "stood_down" => "Stood down",
        _ => stored,
    };

    public static string DefinitionAnchor(MeasureKind kind) => "/Definitions#" + KindKey(kind).Replace('_', '-');
}
