using System.Text.Json;
using Kaizen.Domain;

namespace Kaizen.Web.Reports;

// Chart data travels to the page as JSON in <script type="application/json" data-chart="..."> blocks, read by
// /js/charts.js (the CSP forbids inline script). System.Text.Json's default encoder escapes <, >, & and quotes, so the
// JSON cannot close the script element whatever a name contains.
public static class ChartJson
{
    static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    // A percentage for a chart, to one decimal, or null (no bar) when there is no figure.
    public static double? Percent(double? fraction) => fraction is { } f ? Math.Round(f * 100, 1, MidpointRounding.AwayFromZero) : null;

    // One bar per group per kind: the headline reduction, with n and whether it is worse, so the script can colour it.
    public static ReductionChart Reductions(string title, IReadOnlyList<(string Label, ProgrammeRollUp RollUp)> groups) => new(
        title,
        groups.Select(g => g.Label).ToList(),
        new[] { MeasureKind.ProcessTime, MeasureKind.ErrorCount, MeasureKind.ErrorRate }.Select(kind => new ReductionSeries(
            Headline.KindName(kind),
            kind switch { MeasureKind.ProcessTime => "processTime", MeasureKind.ErrorCount => "errorCount", _ => "errorRate" },
            groups.Select(g => Percent(g.RollUp[kind].Headline)).ToList(),
            groups.Select(g => g.RollUp[kind].Workshops).ToList(),
            groups.Select(g => g.RollUp[kind].Headline is { } h && RollUp.DirectionOf(h) == Direction.Worse).ToList())).ToList());

    public static XmrChartData Xmr(string title, XmrChart chart) => new(
        title,
        chart.Points.Select(p => p.Label).ToList(),
        chart.Points.Select(p => p.Value).ToList(),
        chart.Points.Select(p => p.MovingRange).ToList(),
        chart.Mean, chart.Upper, chart.Lower,
        chart.Points.Select(p => p.Flags != SpecialCause.None).ToList(),
        chart.Points.Select(p => Describe(p.Flags)).ToList());

    public static string Describe(SpecialCause flags)
    {
        if (flags == SpecialCause.None) return "";
        var words = new List<string>();
        if (flags.HasFlag(SpecialCause.OutsideLimits)) words.Add("outside the limits");
        if (flags.HasFlag(SpecialCause.Shift)) words.Add("run of 7 on one side of the mean");
        if (flags.HasFlag(SpecialCause.Trend)) words.Add("trend of 7");
        if (flags.HasFlag(SpecialCause.TwoOfThree)) words.Add("2 of 3 near a limit");
        return string.Join("; ", words);
    }
}

public sealed record ReductionChart(string Title, IReadOnlyList<string> Labels, IReadOnlyList<ReductionSeries> Series);

// Values are percentages (62.5 = 62.5% lower); a negative value got worse. Worse marks bars below the ±1% band.
public sealed record ReductionSeries(string Label, string Key, IReadOnlyList<double?> Values, IReadOnlyList<int> N, IReadOnlyList<bool> Worse);

// Lower is drawn as given by the domain (not clamped): the script clamps the drawn line at zero for counts.
public sealed record XmrChartData(string Title, IReadOnlyList<string> Labels, IReadOnlyList<double> Values,
    IReadOnlyList<double?> MovingRanges, double? Mean, double? Upper, double? Lower, IReadOnlyList<bool> Special, IReadOnlyList<string> SpecialText);

public sealed record MeasureChartData(string Title, string Unit, IReadOnlyList<string> Labels, IReadOnlyList<double?> Values,
    IReadOnlyList<string> Roles, IReadOnlyList<bool> Worse);

// Model of Pages/Shared/_ChartReductions.cshtml: a bar chart of reductions per group and kind, with its table.
// Key: for a chart labelled with trust codes (full names, rotated, crowded the plot and were cut off), the name of
// each code, printed beside the chart and in its table.
public sealed record ReductionChartModel(string Id, ReductionChart Chart, IReadOnlyList<(string Code, string Name)>? Key = null)
{
    public string RowLabel(int i) => Key?.FirstOrDefault(k => k.Code == Chart.Labels[i]) is { Name: { } name } ? $"{Chart.Labels[i]} {name}" : Chart.Labels[i];
}

// Model of Pages/Shared/_ChartXmr.cshtml: an XmR chart with its table. LabelHeading/ValueHeading head the table's columns.
public sealed record XmrChartModel(string Id, XmrChartData Chart, string LabelHeading, string ValueHeading);
