using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Pages.Measures;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Kaizen.Web.Pages.Workshops;

// A measure added as a row of a bigger form (the new workshop form, the report-out page); blank rows are ignored.
public sealed class NewMeasureInput
{
    [System.ComponentModel.DataAnnotations.StringLength(200, ErrorMessage = "Use at most 200 characters for the name.")]
    public string? Name { get; set; }
    public string Kind { get; set; } = "process_time";
    public string Unit { get; set; } = "minutes";
    public double? Baseline { get; set; }
    public double? BaselineDenominator { get; set; }
    public double? Target { get; set; }
    public double? Result { get; set; }
    public double? ResultDenominator { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && Baseline is null && BaselineDenominator is null && Target is null
        && Result is null && ResultDenominator is null;

    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["process_time"] = "Process time", ["error_count"] = "Error count", ["error_rate"] = "Error rate",
    };

    public sealed record Checked(string Kind, MeasureKind KindValue, MeasureInput Measure);

    // Each non-blank row checked whole by the measure rules, as the measure form checks one (messages in the unit
    // typed), its problems beside its fields under prefix + "[i].". Returns the rows to insert, in order.
    public static List<Checked> Check(IReadOnlyList<NewMeasureInput?> rows, string prefix, ModelStateDictionary modelState, DateOnly reportOut, DateOnly today)
    {
        var added = new List<Checked>();
        for (var i = 0; i < rows.Count; i++)
        {
            var n = rows[i];
            var at = $"{prefix}[{i}].";
            // A row is blank only if nothing was typed: a number that could not be read ("3,5") leaves its field empty.
            if (n is null || (n.IsBlank && !modelState.Any(e => e.Key.StartsWith(at, StringComparison.Ordinal) && e.Value is { Errors.Count: > 0 }))) continue;
            if (string.IsNullOrWhiteSpace(n.Name)) modelState.AddModelError(at + "Name", "Give the new measure a name.");
            else if (n.Name.Trim().Length > 200) modelState.AddModelError(at + "Name", $"Keep the name to 200 characters; it has {n.Name.Trim().Length}.");
            if (!Kinds.ContainsKey(n.Kind)) { modelState.AddModelError(at + "Kind", "Choose process time, error count or error rate."); continue; }
            var kind = Codes.Kind(n.Kind);
            if (kind == MeasureKind.ProcessTime && !MeasureInput.Units.ContainsKey(n.Unit)) { modelState.AddModelError(at + "Unit", "Choose minutes, hours or days."); continue; }
            var measure = new MeasureInput
            {
                Name = n.Name?.Trim() ?? "", Unit = n.Unit, Baseline = n.Baseline, BaselineDenominator = n.BaselineDenominator,
                Target = n.Target, Result = n.Result, ResultDenominator = n.ResultDenominator,
            };
            modelState.AddRuleViolations(MeasureRules.Validate(measure.Draft(kind), reportOut, today, kind == MeasureKind.ProcessTime ? measure.TimeUnit : null), prefix: at);
            added.Add(new Checked(n.Kind, kind, measure));
        }
        return added;
    }

    // Inserts the checked rows after position, each audited, in the caller's transaction.
    public static async Task InsertAsync(AuditedTransaction tx, long workshopId, long position, IEnumerable<Checked> rows)
    {
        foreach (var row in rows)
        {
            var columns = row.Measure.Columns(row.KindValue);
            var parameters = new DynamicParameters(columns);
            parameters.AddDynamicParams(new { workshop_id = workshopId, kind = row.Kind, position = ++position });
            var measureId = await tx.ExecuteScalarAsync<long>("""
                INSERT INTO measures (workshop_id, position, kind, name, definition, time_unit, baseline, baseline_den, target, result, result_den)
                VALUES (@workshop_id, @position, @kind, @name, @definition, @time_unit, @baseline, @baseline_den, @target, @result, @result_den)
                RETURNING id
                """, parameters);
            await tx.RecordAsync("measure", measureId, "create", null, new { workshop_id = workshopId, kind = row.Kind, columns });
        }
    }
}
