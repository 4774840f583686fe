using System.Globalization;
using Kaizen.Domain;
using Kaizen.Web.Infrastructure;

namespace Kaizen.Web.Reports;

// Model of Pages/Shared/_RollUpTable.cshtml: one roll-up (a row per measure kind) with its caption.
//   <partial name="_RollUpTable" model="new RollUpTableModel(rollUp, "Outpatients, at report-out")" />
// Id (optional) becomes the table's id attribute.
public sealed record RollUpTableModel(ProgrammeRollUp RollUp, string Caption, string? Id = null);

// Model of Pages/Shared/_RollUpByGroup.cshtml: a row per group (trust, value stream...) with its roll-up, the pooled
// roll-up of all of them first when given, so per-group figures always stand beside the pooled ones.
//   <partial name="_RollUpByGroup" model="new RollUpByGroupModel("By value stream", "Value stream", rows, pooled)" />
// where rows are GroupRollUp(id, name, href or null, rollUp).
public sealed record RollUpByGroupModel(
    string Caption, string GroupHeading, IReadOnlyList<GroupRollUp> Rows, ProgrammeRollUp? Pooled = null,
    string PooledLabel = "All (pooled)", string? Id = null, IReadOnlyDictionary<long, TrustProblemCounts>? Problems = null);

// Model of Pages/Shared/_MeasureChart.cshtml: one measure's before / target / after / follow-ups, in DISPLAY units
// (hours for process time; errors over the baseline's window for error count; per cent for error rate).
// Null values are shown as "not recorded" and drawn as no bar. Build it from the stored facts with From():
//   <partial name="_MeasureChart" model="MeasureChartModel.From(facts, measureName)" />
public sealed record MeasureChartModel(
    long MeasureId, string Name, MeasureKind Kind, string UnitLabel,
    double? Baseline, double? Target, double? Result, double? Day30, double? Day60, double? Day90,
    bool WindowScaled = false)
{
    public string CanvasId => "measure-chart-" + MeasureId.ToString(CultureInfo.InvariantCulture);

    // Converts comparison units (minutes, errors over the baseline window, rate 0..1) to display units.
    public static MeasureChartModel From(MeasureFacts m, string name)
    {
        double? Show(double? comparable) => comparable is not { } v ? null : m.Kind switch
        {
            MeasureKind.ProcessTime => TimeUnits.MinutesToHours(v),
            MeasureKind.ErrorRate => v * 100,
            _ => v,
        };
        var unit = m.Kind switch
        {
            MeasureKind.ProcessTime => "hours",
            MeasureKind.ErrorRate => "% of opportunities",
            _ => m.Baseline?.Denominator is > 0 and var days
                ? $"errors per {days.ToString("#,0.##", Format.UK)} days"
                : "errors",
        };
        var scaled = new[] { Checkpoint.ReportOut, Checkpoint.Day30, Checkpoint.Day60, Checkpoint.Day90 }
            .Any(c => MeasureMaths.IsWindowScaled(m, c));
        return new MeasureChartModel(m.MeasureId, name, m.Kind, unit,
            Show(MeasureMaths.BaselineValue(m)), Show(m.Target),
            Show(MeasureMaths.ValueAt(m, Checkpoint.ReportOut)), Show(MeasureMaths.ValueAt(m, Checkpoint.Day30)),
            Show(MeasureMaths.ValueAt(m, Checkpoint.Day60)), Show(MeasureMaths.ValueAt(m, Checkpoint.Day90)), scaled);
    }

    // The rows of the chart and its table, in order.
    public IReadOnlyList<(string Label, string Role, double? Value)> Points =>
    [
        ("Before (baseline)", "baseline", Baseline),
        ("Target", "target", Target),
        ("After (report-out)", "after", Result),
        ("30 days", "followup", Day30),
        ("60 days", "followup", Day60),
        ("90 days", "followup", Day90),
    ];

    // Lower is better: an after value above the baseline is worse.
    public bool IsWorse(string role, double? value) =>
        role is "after" or "followup" && value is { } v && Baseline is { } b && v > b;

    public string Json => ChartJson.Serialize(new MeasureChartData(
        Name, UnitLabel,
        Points.Select(p => p.Label).ToList(),
        Points.Select(p => p.Value is { } v ? Math.Round(v, 3, MidpointRounding.AwayFromZero) : (double?)null).ToList(),
        Points.Select(p => p.Role).ToList(),
        Points.Select(p => IsWorse(p.Role, p.Value)).ToList()));
}

// Model of Pages/Shared/_SpcMeasures.cshtml: value stream measures with their latest value, limits and icons, each
// linking to its chart. ShowValueStream adds the value stream column (a trust's page); CanEnterData adds the "Enter
// data" link to each measure (for those who may edit the value stream's trust).
public sealed record SpcMeasuresModel(IReadOnlyList<SpcSummary> Measures, string Caption, string Id, bool ShowValueStream = false, bool CanEnterData = false, bool ShowTrust = false);
