using Kaizen.Domain;
using Kaizen.Web.Data;

namespace Kaizen.Web.Pages.Measures;

// What people type and read for a measure: process time in their chosen unit, error-rate targets as percentages.
public static class MeasureUnits
{
    public static double? Entered(MeasureKind kind, TimeUnit unit, double? stored) =>
        stored is { } s && kind == MeasureKind.ProcessTime ? Math.Round(TimeUnits.FromMinutes(s, unit), 6) : stored;

    public static double? Stored(MeasureKind kind, TimeUnit unit, double? entered) =>
        entered is { } e && kind == MeasureKind.ProcessTime ? TimeUnits.ToMinutes(e, unit) : entered;

    public static double? EnteredTarget(MeasureKind kind, TimeUnit unit, double? stored) =>
        kind == MeasureKind.ErrorRate ? (stored is { } s ? Math.Round(s * 100, 6) : null) : Entered(kind, unit, stored);

    public static double? StoredTarget(MeasureKind kind, TimeUnit unit, double? entered) =>
        kind == MeasureKind.ErrorRate ? Percentages.ToFraction(entered) : Stored(kind, unit, entered);

    public static string UnitWords(MeasureKind kind, TimeUnit unit) => kind switch
    {
        MeasureKind.ProcessTime => Codes.Of(unit),
        _ => "errors",
    };

    public static string DenominatorWords(MeasureKind kind) => kind == MeasureKind.ErrorCount ? "window (days)" : "opportunities";
}
