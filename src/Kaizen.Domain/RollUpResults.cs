namespace Kaizen.Domain;

// One workshop's figures for one kind. Before and After are in comparison units, pooled over the workshop's
// counted measures of that kind: summed minutes or errors (time, count), or pooled rates (rate).
public sealed record WorkshopReduction(long WorkshopId, double Before, double After, double Reduction);

// A measure that could not be counted, and what it still needs, e.g. "baseline" or "30-day follow-up".
public sealed record AwaitingMeasure(long MeasureId, long WorkshopId, string Missing);

public enum Direction { Improved, Same, Worse }

// The roll-up of one measure kind at one checkpoint (docs/definitions.md §1). Reductions are fractions: 0.62 = 62% lower.
public sealed record KindRollUp
{
    public required MeasureKind Kind { get; init; }
    public required Checkpoint Checkpoint { get; init; }

    // n: distinct workshops with at least one counted measure of this kind.
    public required int Workshops { get; init; }

    // Pooled reduction for process time and error count; mean of workshop reductions for error rate. Null when n = 0.
    public required double? Headline { get; init; }

    // Sums over counted measures in comparison units (minutes or errors). Null for error rate: rates do not add up.
    public required double? TotalBefore { get; init; }
    public required double? TotalAfter { get; init; }

    // Hours removed (process time) or errors avoided (error count); negative when things got worse. Null for error rate.
    public required double? AmountRemoved { get; init; }

    public required double? Mean { get; init; }
    public required double? Median { get; init; }

    // Error rate only: all counted errors over all counted opportunities, before and after.
    public required double? PooledRateBefore { get; init; }
    public required double? PooledRateAfter { get; init; }

    public required int Improved { get; init; }
    public required int Same { get; init; }
    public required int Worse { get; init; }

    public required IReadOnlyList<WorkshopReduction> PerWorkshop { get; init; }
    public required IReadOnlyList<AwaitingMeasure> Awaiting { get; init; }

    // Measures whose follow-up at this checkpoint was closed as "won't be measured": neither counted nor awaiting.
    public IReadOnlyList<AwaitingMeasure> WontBeMeasured { get; init; } = [];

    // Error count only: some counted measure had its after-count rescaled to the baseline window.
    public required bool AnyWindowScaled { get; init; }

    // The exact sums the figures above were worked out from (RollUp.FromSums).
    public FigureSums Sums { get; init; }

    // Each counted workshop's contribution to Sums (Workshops = 1), in the order of PerWorkshop: what the maintained
    // figures keep per workshop.
    public IReadOnlyList<FigureSums> Contributions { get; init; } = [];
}

public sealed record ProgrammeRollUp(Checkpoint Checkpoint, KindRollUp ProcessTime, KindRollUp ErrorCount, KindRollUp ErrorRate)
{
    public IReadOnlyList<KindRollUp> Kinds => [ProcessTime, ErrorCount, ErrorRate];

    public KindRollUp this[MeasureKind kind] => kind switch
    {
        MeasureKind.ProcessTime => ProcessTime,
        MeasureKind.ErrorCount => ErrorCount,
        MeasureKind.ErrorRate => ErrorRate,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown measure kind."),
    };
}
