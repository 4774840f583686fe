using Kaizen.Domain;

namespace Kaizen.Web.Data.Demo;

// Turns a measure template and an intended reduction into stored values (schema units: minutes; a count with its
// window in days; errors with opportunities), rounded the way people enter them. It keeps the baseline and the
// result in comparison units so that follow-ups can be placed relative to them.
internal sealed class MeasureValues
{
    public required PlanMeasure Measure { get; init; }
    public required MeasureTemplate Template { get; init; }
    double baseline;   // comparison units: minutes, errors over the baseline window, or a rate
    double result;

    static readonly string[] UnitNames = ["minutes", "hours", "days"];

    public static MeasureValues Make(Random rng, MeasureTemplate t, double? streamTarget, double reduction, bool withResult, Scenario scenario)
    {
        var target = streamTarget ?? (rng.NextDouble() < 0.7 ? DemoPlan.U(rng, 0.4, 0.6) : null);
        var m = new PlanMeasure
        {
            Kind = t.Kind switch { MeasureKind.ProcessTime => "process_time", MeasureKind.ErrorCount => "error_count", _ => "error_rate" },
            Name = t.Name,
            Definition = t.Definition,
            TimeUnit = t.Kind == MeasureKind.ProcessTime ? UnitNames[(int)t.Unit] : null,
        };
        var v = new MeasureValues { Measure = m, Template = t };
        var worse = scenario == Scenario.Worse;
        var same = scenario == Scenario.Same;
        switch (t.Kind)
        {
            case MeasureKind.ProcessTime:
            {
                var step = Step(t.Unit);
                var b = RoundTo(DemoPlan.U(rng, t.Low, t.High), step);
                var a = same ? b : RoundTo(b * (1 - reduction), step);
                if (!same && !worse && a > 0.95 * b) a = b - step;
                if (worse && a < 1.05 * b) a = b + step;
                a = Math.Max(a, step);
                m.Baseline = Minutes(b, t.Unit);
                if (withResult) m.Result = Minutes(a, t.Unit);
                if (target is { } f && RoundTo(b * (1 - f), step) is var goal && goal < b && goal > 0) m.Target = Minutes(goal, t.Unit);
                (v.baseline, v.result) = (m.Baseline.Value, Minutes(a, t.Unit));
                break;
            }
            case MeasureKind.ErrorCount:
            {
                var window = t.Den;
                var b = Math.Max(3, Math.Round(DemoPlan.U(rng, t.Low, t.High)));
                // Some results were counted over the workshop's trial week, so they are scaled to the baseline window.
                var resultWindow = !same && b >= 20 && rng.NextDouble() < 0.4 ? (rng.Next(2) == 0 ? 7 : 14) : window;
                var scale = window / resultWindow;
                var a = same ? b : Math.Round(b * (1 - reduction) / scale);
                while (!same && !worse && a > 0 && a * scale > 0.95 * b) a--;
                while (worse && a * scale < 1.05 * b) a++;
                m.Baseline = b;
                m.BaselineDen = window;
                if (withResult) (m.Result, m.ResultDen) = (a, resultWindow);
                if (target is { } f && Math.Floor(b * (1 - f)) is var goal && goal < b) m.Target = goal;
                (v.baseline, v.result) = (b, a * scale);
                break;
            }
            default:
            {
                var nb = Math.Max(20, Math.Round(t.Den * DemoPlan.U(rng, 0.7, 1.3)));
                var eb = Math.Max(1, Math.Round(DemoPlan.U(rng, t.Low, t.High) * nb));
                var rateB = eb / nb;
                var na = same ? nb : Math.Max(20, Math.Round(nb * DemoPlan.U(rng, 0.5, 1.0)));
                var ea = same ? eb : Math.Min(na, Math.Round(rateB * (1 - reduction) * na));
                while (!same && !worse && ea > 0 && ea / na > 0.95 * rateB) ea--;
                while (worse && ea < na && ea / na < 1.05 * rateB) ea++;
                m.Baseline = eb;
                m.BaselineDen = nb;
                if (withResult) (m.Result, m.ResultDen) = (ea, na);
                if (target is { } f && Math.Round(rateB * (1 - f), 3) is var goal && goal < rateB) m.Target = goal;
                (v.baseline, v.result) = (rateB, ea / na);
                break;
            }
        }
        return v;
    }

    // checkpoint: 0, 1, 2 for 30, 60, 90 days.
    public void SetFollowUp(Random rng, int checkpoint, Scenario scenario, string recordedAt)
    {
        var (b, a) = (baseline, result);
        var value = scenario switch
        {
            Scenario.Worse => a * DemoPlan.U(rng, 0.9, 1.1),
            Scenario.Same => b * DemoPlan.U(rng, 0.95, 1.05),
            // Holds at 30 days, then slips back towards the baseline: less than half the gain is kept.
            Scenario.NotSustained => checkpoint switch
            {
                0 => a * DemoPlan.U(rng, 1.0, 1.1),
                1 => b - DemoPlan.U(rng, 0.2, 0.3) * (b - a),
                _ => b - DemoPlan.U(rng, 0.05, 0.2) * (b - a),
            },
            _ => a > 0 ? a * DemoPlan.U(rng, 0.85, 1.15) : b * DemoPlan.U(rng, 0, 0.1),
        };

        var m = Measure;
        switch (Template.Kind)
        {
            case MeasureKind.ProcessTime:
            {
                var step = Step(Template.Unit);
                m.FollowUp[checkpoint] = Minutes(Math.Max(step, RoundTo(value / Minutes(1, Template.Unit), step)), Template.Unit);
                break;
            }
            case MeasureKind.ErrorCount:
            {
                var window = m.BaselineDen!.Value;
                var days = m.Baseline >= 20 && rng.NextDouble() < 0.2 ? 14 : window;
                m.FollowUp[checkpoint] = Math.Round(value * days / window);
                m.FollowUpDen[checkpoint] = days;
                break;
            }
            default:
            {
                var n = Math.Max(20, Math.Round(m.BaselineDen!.Value * DemoPlan.U(rng, 0.6, 1.1)));
                m.FollowUp[checkpoint] = Math.Min(n, Math.Round(value * n));
                m.FollowUpDen[checkpoint] = n;
                break;
            }
        }
        m.FollowUpAt[checkpoint] = recordedAt;
    }

    // People enter minutes whole, hours and days to the half.
    static double Step(TimeUnit unit) => unit == TimeUnit.Minutes ? 1 : 0.5;

    static double RoundTo(double value, double step) => Math.Round(value / step, MidpointRounding.AwayFromZero) * step;

    static double Minutes(double value, TimeUnit unit) => TimeUnits.ToMinutes(value, unit);
}
