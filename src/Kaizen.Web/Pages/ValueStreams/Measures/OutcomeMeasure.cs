using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using System.Data.Common;

namespace Kaizen.Web.Pages.ValueStreams.Measures;

// The value stream a measure is created for.
public sealed record ValueStreamHead(long Id, string Name, long TrustId, string TrustCode)
{
    public static Task<ValueStreamHead?> LoadAsync(DbConnection connection, long id) =>
        connection.QuerySingleOrDefaultAsync<ValueStreamHead>("""
            SELECT v.id AS Id, v.name AS Name, v.trust_id AS TrustId, t.code AS TrustCode
            FROM value_streams v JOIN trusts t ON t.id = v.trust_id WHERE v.id = @id
            """, new { id });
}

public sealed class OutcomeMeasureInput
{
    [Display(Name = "Name")]
    [StringLength(ValueStreamMeasures.NameLength, ErrorMessage = "Use at most 200 characters for the name.")]
    public string? Name { get; set; }

    [Display(Name = "Unit (what one point counts or times)")]
    [StringLength(ValueStreamMeasures.UnitLength, ErrorMessage = "Use at most 100 characters for the unit.")]
    public string? Unit { get; set; }

    [Display(Name = "Which direction is better")]
    public string? Better { get; set; } = "lower";

    [Display(Name = "Target (optional)")]
    public double? Target { get; set; }

    [Display(Name = "Operational definition (optional)")]
    [StringLength(ValueStreamMeasures.DefinitionLength, ErrorMessage = "Use at most 4,000 characters for the operational definition.")]
    public string? OperationalDefinition { get; set; }

    [Display(Name = "How often")]
    public string? Frequency { get; set; } = "week";

    [Display(Name = "Cannot go below zero (a count, a time or a rate)")]
    public bool FloorAtZero { get; set; } = true;

    [Display(Name = "Baseline points (optional)")]
    public int? BaselinePoints { get; set; }

    public long Version { get; set; }

    public OutcomeMeasureDraft Draft() =>
        new(Name, Unit, Better, Target, OperationalDefinition, Frequency, FloorAtZero, BaselinePoints);

    public void Check(ModelStateDictionary modelState) =>
        modelState.AddRuleViolations(ValueStreamMeasures.Validate(Draft()));

    // The stored row's values, trimmed; an empty optional text is stored as NULL.
    public object Values() => new
    {
        name = Name!.Trim(),
        unit = Unit!.Trim(),
        better = Better!.Trim().ToLowerInvariant(),
        target = Target,
        operational_definition = string.IsNullOrWhiteSpace(OperationalDefinition) ? null : OperationalDefinition.Trim(),
        frequency = Frequency!,
        floor_at_zero = FloorAtZero,
        baseline_points = BaselinePoints,
    };

    public static OutcomeMeasureInput From(OutcomeMeasureRow row) => new()
    {
        Name = row.Name, Unit = row.Unit, Better = row.Better, Target = row.Target, OperationalDefinition = row.OperationalDefinition,
        Frequency = row.Frequency, FloorAtZero = row.FloorAtZero, BaselinePoints = row.BaselinePoints, Version = row.Version,
    };

    // Another measure of the same value stream with this name (names are matched ignoring case and spaces around).
    public static Task<bool> NameTakenAsync(DbConnection connection, DbTransaction transaction, long valueStreamId, string name, long? except) =>
        connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM value_stream_measures
                           WHERE value_stream_id = @valueStreamId AND lower(trim(name)) = lower(trim(@name)) AND (CAST(@except AS bigint) IS NULL OR id <> @except))
            """, new { valueStreamId, name, except }, transaction);
}
