namespace Kaizen.Domain;

// A measure as entered, already in stored units:
//   process time: minutes; no denominators.
//   error count: counts of errors; denominators are the observation windows in days.
//   error rate: counts of errors; denominators are opportunities; Target is a rate 0..1.
// Target is in comparison units (minutes, errors over the baseline window, rate).
public sealed record MeasureDraft(
    MeasureKind Kind,
    double? Baseline,
    double? BaselineDenominator,
    double? Target,
    double? Result,
    double? ResultDenominator);

public static class MeasureRules
{
    // entered: the unit a form's person typed process time in (the draft holds minutes), so that messages speak it
    // ("9 hours", not "540"). Without it (the import passes values as typed) numbers are quoted as they are.
    public static IReadOnlyList<RuleViolation> Validate(MeasureDraft d, DateOnly reportOut, DateOnly today, TimeUnit? entered = null)
    {
        var v = new Violations();
        var names = Names.For(d.Kind);
        string Show(double value) => d.Kind == MeasureKind.ProcessTime && entered is { } unit
            ? Formats.Number(TimeUnits.FromMinutes(value, unit)) + " " + UnitWord(unit)
            : Formats.Number(value);

        // Each number on its own first. A field that fails here is not used by the rules below.
        var baselineOk = v.CheckNumber("Baseline", "the baseline", d.Baseline, Show);
        var baselineDenOk = v.CheckNumber("BaselineDenominator", "the baseline " + names.Denominator, d.BaselineDenominator);
        var targetOk = v.CheckNumber("Target", "the target", d.Target, Show);
        var resultOk = v.CheckNumber("Result", "the result", d.Result, Show);
        var resultDenOk = v.CheckNumber("ResultDenominator", "the result's " + names.Denominator, d.ResultDenominator);

        if (d.Baseline is null)
            v.Add("Baseline", $"A baseline is required: the {names.Value} measured before the workshop.");
        else if (baselineOk && d.Baseline == 0)
            v.Add("Baseline", d.Kind == MeasureKind.ErrorRate
                ? "The baseline errors must be above zero: with no errors before, a fall in the error rate cannot be measured; 0 was entered."
                : "The baseline must be above zero: a reduction is measured against it; 0 was entered.");

        if (d.Result is not null && reportOut > today)
            v.Add("Result", $"A result can be entered from the report-out date ({Formats.Date(reportOut)}); today is {Formats.Date(today)}.");

        switch (d.Kind)
        {
            case MeasureKind.ProcessTime:
                NoDenominator(v, "BaselineDenominator", d.BaselineDenominator);
                NoDenominator(v, "ResultDenominator", d.ResultDenominator);
                break;
            case MeasureKind.ErrorCount:
                CheckWindow(v, "BaselineDenominator", "baseline", d.Baseline, d.BaselineDenominator, baselineDenOk);
                CheckWindow(v, "ResultDenominator", "result", d.Result, d.ResultDenominator, resultDenOk);
                break;
            case MeasureKind.ErrorRate:
                CheckOpportunities(v, "BaselineDenominator", "baseline", d.Baseline, d.BaselineDenominator, baselineOk, baselineDenOk);
                CheckOpportunities(v, "ResultDenominator", "result", d.Result, d.ResultDenominator, resultOk, resultDenOk);
                break;
        }

        // Lower is better, so a target at or above the baseline is not an improvement.
        if (d.Target is { } target && targetOk)
        {
            if (d.Kind == MeasureKind.ErrorRate && target > 1)
                v.Add("Target", $"The target error rate is a fraction from 0 to 1 (0.05 means 5%); {Formats.Number(target)} was entered.");
            else if (BaselineInComparisonUnits(d, baselineOk, baselineDenOk) is { } baseline && target >= baseline)
                v.Add("Target", d.Kind == MeasureKind.ErrorRate
                    ? $"The target error rate must be below the baseline rate ({Formats.Percent(baseline)}); {Formats.Percent(target)} was entered."
                    : $"The target must be below the baseline ({Show(baseline)}) because lower is better; {Show(target)} was entered.");
        }

        return v.ToList("Baseline", "BaselineDenominator", "Target", "Result", "ResultDenominator");
    }

    static string UnitWord(TimeUnit unit) => unit switch
    {
        TimeUnit.Hours => "hours",
        TimeUnit.Days => "days",
        _ => "minutes",
    };

    // Null when the baseline is not usable (missing, zero, negative, not a number); its own violation says why.
    static double? BaselineInComparisonUnits(MeasureDraft d, bool baselineOk, bool denominatorOk)
    {
        if (!baselineOk || d.Baseline is not (> 0 and var baseline)) return null;
        if (d.Kind != MeasureKind.ErrorRate) return baseline;
        return denominatorOk && d.BaselineDenominator is > 0 and var opportunities && baseline <= opportunities
            ? baseline / opportunities
            : null;
    }

    internal static void NoDenominator(Violations v, string field, double? denominator)
    {
        if (denominator is not null)
            v.Add(field, "Process time has no window or opportunities; leave this empty.");
    }

    internal static void CheckWindow(Violations v, string field, string whose, double? count, double? window, bool windowOk)
    {
        if (!windowOk) return;
        if (window is null && count is not null)
            v.Add(field, $"Enter the {whose} window: the number of days over which the errors were counted.");
        else if (window == 0)
            v.Add(field, $"The {whose} window is a number of days above zero; 0 was entered.");
    }

    internal static void CheckOpportunities(Violations v, string field, string whose, double? errors, double? opportunities,
        bool errorsOk, bool opportunitiesOk)
    {
        if (!opportunitiesOk) return;
        if (opportunities is null && errors is not null)
            v.Add(field, $"Enter the {whose} opportunities: how many times an error could have happened.");
        else if (opportunities == 0)
            v.Add(field, $"The {whose} opportunities must be above zero; 0 was entered.");
        else if (errorsOk && errors is { } e && opportunities is { } o && e > o)
            v.Add(field, $"Errors ({Formats.Number(e)}) cannot be more than opportunities ({Formats.Number(o)}): each opportunity has at most one error.");
    }

    internal sealed record Names(string Value, string Denominator)
    {
        public static Names For(MeasureKind kind) => kind switch
        {
            MeasureKind.ProcessTime => new("process time", "denominator"),
            MeasureKind.ErrorCount => new("error count", "window"),
            MeasureKind.ErrorRate => new("errors and opportunities", "opportunities"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown measure kind."),
        };
    }
}
