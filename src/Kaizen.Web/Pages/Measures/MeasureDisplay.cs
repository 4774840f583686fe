using Kaizen.Web.Data;
using Kaizen.Domain;
using Kaizen.Web.Infrastructure;

namespace Kaizen.Web.Pages.Measures;

// How one measure's readings read on screen, in the units the lead entered them.
public static class MeasureDisplay
{
    public static string Reading(MeasureRow m, double? value, double? den)
    {
        if (value is not { } v) return "—";
        return m.KindValue switch
        {
            MeasureKind.ProcessTime => $"{Format.Amount(TimeUnits.FromMinutes(v, m.Unit))} {Codes(m.Unit)}",
            MeasureKind.ErrorCount => den is { } d ? $"{Format.Amount(v)} in {Format.Amount(d)} days" : Format.Amount(v),
            _ => den is { } o && o > 0 ? $"{Format.Amount(v)} / {Format.Amount(o)} ({Format.Percent(v / o, 1)})" : Format.Amount(v),
        };
    }

    public static string Target(MeasureRow m) => m.Target is not { } t ? "—" : m.KindValue switch
    {
        MeasureKind.ProcessTime => $"{Format.Amount(TimeUnits.FromMinutes(t, m.Unit))} {Codes(m.Unit)}",
        MeasureKind.ErrorCount => Format.Amount(t),
        _ => Format.Percent(t, 1),
    };

    private static string Codes(TimeUnit unit) => Data.Codes.Of(unit);
}
