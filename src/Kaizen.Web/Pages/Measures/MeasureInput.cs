using System.ComponentModel.DataAnnotations;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Kaizen.Web.Pages.Measures;

public sealed class MeasureInput
{
    [Required(ErrorMessage = "Name the measure, for example \"Referral to first assessment\".")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters for the name.")]
    public string Name { get; set; } = "";

    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters.")]
    [Display(Name = "Operational definition")]
    public string? Definition { get; set; }

    public string Unit { get; set; } = "minutes";

    public double? Baseline { get; set; }
    public double? BaselineDenominator { get; set; }
    public double? Target { get; set; }
    public double? Result { get; set; }
    public double? ResultDenominator { get; set; }

    public long Version { get; set; }

    public static readonly IReadOnlyDictionary<string, string> Units = new Dictionary<string, string>
    {
        ["minutes"] = "Minutes", ["hours"] = "Hours", ["days"] = "Days",
    };

    public TimeUnit TimeUnit => Codes.Unit(Unit);

    public MeasureDraft Draft(MeasureKind kind) => new(kind,
        MeasureUnits.Stored(kind, TimeUnit, Baseline), Den(kind, BaselineDenominator),
        MeasureUnits.StoredTarget(kind, TimeUnit, Target),
        MeasureUnits.Stored(kind, TimeUnit, Result), Den(kind, ResultDenominator));

    public void Check(MeasureKind kind, ModelStateDictionary modelState, DateOnly reportOut, DateOnly today)
    {
        if (kind == MeasureKind.ProcessTime && !Units.ContainsKey(Unit))
            modelState.AddModelError("Input.Unit", "Choose minutes, hours or days.");
        modelState.AddRuleViolations(MeasureRules.Validate(Draft(kind), reportOut, today, TimeUnit));
    }

    public void Load(MeasureRow row)
    {
        var kind = row.KindValue;
        Name = row.Name;
        Definition = row.Definition;
        Unit = row.TimeUnit ?? "minutes";
        Baseline = MeasureUnits.Entered(kind, row.Unit, row.Baseline);
        BaselineDenominator = row.BaselineDen;
        Target = MeasureUnits.EnteredTarget(kind, row.Unit, row.Target);
        Result = MeasureUnits.Entered(kind, row.Unit, row.Result);
        ResultDenominator = row.ResultDen;
        Version = row.Version;
    }

    // Process time has no denominator; anything typed there is ignored rather than stored.
    private static double? Den(MeasureKind kind, double? value) => kind == MeasureKind.ProcessTime ? null : value;

    public object Columns(MeasureKind kind)
    {
        var draft = Draft(kind);
        return new
        {
            name = Name.Trim(),
            definition = string.IsNullOrWhiteSpace(Definition) ? null : Definition.Trim(),
            time_unit = kind == MeasureKind.ProcessTime ? Unit : null,
            baseline = draft.Baseline,
            baseline_den = draft.BaselineDenominator,
            target = draft.Target,
            result = draft.Result,
            result_den = draft.ResultDenominator,
        };
    }
}
