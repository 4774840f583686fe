using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using System.Data.Common;

namespace Kaizen.Web.Reports;

// A value stream outcome measure (0018_value_stream_measures.sql) with what its chart needs.
public sealed record SpcMeasure(long Id, long ValueStreamId, string ValueStreamName, long TrustId, string TrustCode, string TrustName,
    string Name, string Unit, Better Better, double? Target, string? OperationalDefinition, MeasureFrequency Period, bool FloorAtZero, int? BaselinePoints);

public sealed record SpcPoint(DateOnly Start, double Value);

// A recorded recalculation of the limits; withdrawn ones stay on record but no longer move the limits.
public sealed record SpcRecalculation(long Id, DateOnly From, string Reason, string At, string UserName,
    string? WithdrawnAt, string? WithdrawnBy, string? WithdrawnReason)
{
    public bool IsWithdrawn => WithdrawnAt is not null;
}

// One measure's chart summed up: the XmR chart (with the baseline and the recalculations in force), its latest point,
// the limits now, and the Making Data Count icons. The value stream and trust pages, the pack and its workbook all
// read this, so the four never disagree.
public sealed record SpcSummary(SpcMeasure Measure, IReadOnlyList<SpcPoint> Points, IReadOnlyList<SpcRecalculation> Recalculations,
    XmrChart Chart, Variation Variation, Assurance Assurance)
{
    public SpcPoint? Latest => Points.Count == 0 ? null : Points[^1];
    public XmrSegment? Limits => Chart.Segments.Count == 0 ? null : Chart.Segments[^1];
    // The letter in a special-cause icon: the latest point high or low against the mean it is judged by.
    public char Side => Latest is { } p && Limits?.Mean is { } m && p.Value < m ? 'L' : 'H';

    public string LatestText => Latest is { } p ? $"{ValueStreamSpc.Value(p.Value, Measure.Unit)} ({ValueStreamSpc.PeriodLabel(p.Start, Measure.Period)})" : "No data yet";
    public string MeanText => Limits?.Mean is { } m ? ValueStreamSpc.Value(m, Measure.Unit) : "—";
    public string LimitsText => Limits is { Lower: { } lo, Upper: { } up } ? $"{Format.Amount(lo)} to {Format.Amount(up)}" : "Too few points";
    public string TargetText => Measure.Target is { } t ? ValueStreamSpc.Value(t, Measure.Unit) : "No target";
    public string VariationWords => ValueStreamSpc.VariationWords(Variation);
    public string AssuranceWords => ValueStreamSpc.AssuranceWords(Assurance, Measure.Target is not null, Measure.Better);
    public string Href => "/ValueStreams/Measures/Chart/" + Measure.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public static class ValueStreamSpc
{
    sealed class PointRow
    {
        public long MeasureId { get; init; }
        public string PeriodStart { get; init; } = "";
        public double Value { get; init; }
    }

    sealed class RecalculationRow
    {
        public long Id { get; init; }
        public long MeasureId { get; init; }
        public string FromPeriod { get; init; } = "";
        public string Reason { get; init; } = "";
        public string At { get; init; } = "";
        public string UserName { get; init; } = "";
        public string? WithdrawnAt { get; init; }
        public string? WithdrawnBy { get; init; }
        public string? WithdrawnReason { get; init; }
    }

    const string Filter = """
        (@measure IS NULL OR m.id = @measure) AND (@vs IS NULL OR m.value_stream_id = @vs) AND (@trust IS NULL OR vs.trust_id = @trust)
        """;

    // Every measure in the scope (one measure, a value stream's, a trust's, or all), in trust, value stream and name
    // order, each summed up from its points up to upTo (all when null). Three queries whatever the number of measures.
    public static async Task<IReadOnlyList<SpcSummary>> LoadAsync(DbConnection c, long? trustId = null, long? valueStreamId = null,
        long? measureId = null, DateOnly? upTo = null, DbTransaction? transaction = null)
    {
        var args = new { measure = measureId, vs = valueStreamId, trust = trustId, upTo = upTo is { } d ? Iso.Date(d) : null };
        var measures = (await c.QueryAsync<OutcomeMeasureRow>($"""
            SELECT m.id AS Id, m.value_stream_id AS ValueStreamId, vs.name AS ValueStreamName, vs.trust_id AS TrustId,
                   t.code AS TrustCode, t.name AS TrustName, m.name AS Name, m.unit AS Unit, m.better AS Better, m.target AS Target,
                   m.operational_definition AS OperationalDefinition, m.frequency AS Frequency, m.floor_at_zero AS FloorAtZero,
                   m.baseline_points AS BaselinePoints
            FROM value_stream_measures m
            JOIN value_streams vs ON vs.id = m.value_stream_id
            JOIN trusts t ON t.id = vs.trust_id
            WHERE {Filter}
            ORDER BY t.name, vs.name, lower(m.name), m.id
            """, args, transaction)).ToList();
        if (measures.Count == 0) return [];
        var points = (await c.QueryAsync<PointRow>($"""
            SELECT p.measure_id AS MeasureId, p.period_start AS PeriodStart, p.value AS Value
            FROM value_stream_measure_points p
            JOIN value_stream_measures m ON m.id = p.measure_id
            JOIN value_streams vs ON vs.id = m.value_stream_id
            WHERE {Filter} AND (@upTo IS NULL OR p.period_start <= @upTo)
            ORDER BY p.measure_id, p.period_start
            """, args, transaction)).ToLookup(p => p.MeasureId);
        var recalculations = (await c.QueryAsync<RecalculationRow>($"""
            SELECT r.id AS Id, r.measure_id AS MeasureId, r.from_period AS FromPeriod, r.reason AS Reason, r.at AS At,
                   r.user_name AS UserName, r.withdrawn_at AS WithdrawnAt, r.withdrawn_by AS WithdrawnBy, r.withdrawn_reason AS WithdrawnReason
            FROM value_stream_measure_recalculations r
            JOIN value_stream_measures m ON m.id = r.measure_id
            JOIN value_streams vs ON vs.id = m.value_stream_id
            WHERE {Filter}
            ORDER BY r.measure_id, r.from_period, r.id
            """, args, transaction)).ToLookup(r => r.MeasureId);

        return measures.Select(m => Summarise(
            new SpcMeasure(m.Id, m.ValueStreamId, m.ValueStreamName, m.TrustId, m.TrustCode, m.TrustName, m.Name, m.Unit,
                ValueStreamMeasures.ReadBetter(m.Better) ?? Better.Neither, m.Target, m.OperationalDefinition,
                ValueStreamMeasures.ReadFrequency(m.Frequency) ?? MeasureFrequency.Week, m.FloorAtZero, m.BaselinePoints),
            points[m.Id].Select(p => new SpcPoint(Iso.ParseDate(p.PeriodStart), p.Value)).ToList(),
            recalculations[m.Id].Select(r => new SpcRecalculation(r.Id, Iso.ParseDate(r.FromPeriod), r.Reason, r.At, r.UserName,
                r.WithdrawnAt, r.WithdrawnBy, r.WithdrawnReason)).ToList())).ToList();
    }

    // The chart with the measure's baseline, its floor and the recalculations not withdrawn: each begins new limits at
    // the first point on or after its period (one past the last point moves nothing).
    public static SpcSummary Summarise(SpcMeasure measure, IReadOnlyList<SpcPoint> points, IReadOnlyList<SpcRecalculation> recalculations)
    {
        var from = recalculations.Where(r => !r.IsWithdrawn)
            .Select(r => points.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Start >= r.From, (default!, -1)).Item2)
            .Where(i => i > 0).Distinct().Order().ToList();
        var chart = Xmr.Compute(points.Select(p => (PeriodLabel(p.Start, measure.Period), p.Value)).ToList(),
            new XmrOptions(Baseline: measure.BaselinePoints, RecalculateFrom: from, FloorAtZero: measure.FloorAtZero));
        return new SpcSummary(measure, points, recalculations, chart,
            Xmr.VariationOf(chart, measure.Better), Xmr.AssuranceOf(chart, measure.Better, measure.Target));
    }

    // "week of 04/03/2019" or "March 2019".
    public static string PeriodLabel(DateOnly start, MeasureFrequency period) => ValueStreamMeasures.PeriodLabel(period, start);

    public static string Value(double value, string unit) => $"{Format.Amount(value)} {unit}";

    public static string VariationWords(Variation v) => v switch
    {
        Variation.CommonCause => "Common cause variation",
        Variation.Improving => "Special cause variation: improving",
        Variation.Concerning => "Special cause variation: concerning",
        Variation.Special => "Special cause variation: neither improving nor concerning",
        _ => "Too few points for limits",
    };

    public static string VariationLabel(Variation v) => v switch
    {
        Variation.CommonCause => "Common cause",
        Variation.Improving => "Improving",
        Variation.Concerning => "Concerning",
        Variation.Special => "Special cause",
        _ => "Too few points",
    };

    public static string AssuranceWords(Assurance a, bool hasTarget, Better better) => a switch
    {
        Assurance.ConsistentlyMet => "Target consistently met",
        Assurance.HitAndMiss => "Target hit and miss",
        Assurance.NotMet => "Target consistently not met",
        _ => !hasTarget ? "No target" : better == Better.Neither ? "No better direction to judge the target by" : "Too few points to judge the target",
    };

    public static string AssuranceLabel(Assurance a) => a switch
    {
        Assurance.ConsistentlyMet => "Target met",
        Assurance.HitAndMiss => "Hit and miss",
        Assurance.NotMet => "Target not met",
        _ => "",
    };
}
