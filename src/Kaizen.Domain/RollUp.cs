namespace Kaizen.Domain;

// The exact roll-up definitions of PRODUCT.md §3.
//   Process time and error count: headline = (ΣB − ΣA) ÷ ΣB over every counted measure (pooled), so a workshop
//   that removed many hours weighs more than one that removed a few.
//   Error rate: each workshop pools its own errors and opportunities into one rate before and one after; the
//   headline is the plain mean of the workshops' reductions 1 − rateA ÷ rateB, so each workshop counts once.
public static class RollUp
{
    // A workshop whose reduction is within ±1% has stayed "the same".
    public const double SameBand = 0.01;

    // So that a reduction of exactly 1%, computed in floating point as 1.0000000000000009%, still reads as the same.
    const double Tolerance = 1e-12;

    public static Direction DirectionOf(double reduction) =>
        Math.Abs(reduction) <= SameBand + Tolerance ? Direction.Same
        : reduction > 0 ? Direction.Improved
        : Direction.Worse;

    public static ProgrammeRollUp ForAll(IEnumerable<MeasureFacts> measures, Checkpoint checkpoint)
    {
        var all = measures.ToList();
        return new ProgrammeRollUp(
            checkpoint,
            For(all, MeasureKind.ProcessTime, checkpoint),
            For(all, MeasureKind.ErrorCount, checkpoint),
            For(all, MeasureKind.ErrorRate, checkpoint));
    }

    public static KindRollUp For(IEnumerable<MeasureFacts> measures, MeasureKind kind, Checkpoint checkpoint)
    {
        var awaiting = new List<AwaitingMeasure>();
        var usable = new List<Pair>();

        foreach (var m in measures.Where(m => m.Kind == kind))
        {
            if (MeasureMaths.DescribeMissing(m, checkpoint) is { } missing)
                awaiting.Add(new AwaitingMeasure(m.MeasureId, m.WorkshopId, missing));
            else
                usable.Add(PairOf(m, checkpoint));
        }

        // A workshop is counted only if its pooled baseline is above zero: a reduction from nothing has no meaning.
        // Its measures then go on the awaiting list rather than vanish.
        var perWorkshop = new List<WorkshopReduction>();
        var counted = new List<Pair>();
        foreach (var workshop in usable.GroupBy(p => p.Measure.WorkshopId).OrderBy(g => g.Key))
        {
            var (before, after) = Pool(kind, workshop.ToList());
            if (before <= 0)
            {
                var reason = kind == MeasureKind.ErrorRate ? "a baseline error rate above zero" : "a baseline above zero";
                awaiting.AddRange(workshop.Select(p => new AwaitingMeasure(p.Measure.MeasureId, workshop.Key, reason)));
                continue;
            }
            var reduction = kind == MeasureKind.ErrorRate ? 1 - after / before : (before - after) / before;
            perWorkshop.Add(new WorkshopReduction(workshop.Key, before, after, reduction));
            counted.AddRange(workshop);
        }

        var reductions = perWorkshop.Select(w => w.Reduction).ToList();
        var mean = reductions.Count == 0 ? (double?)null : reductions.Average();
        var (pooledBefore, pooledAfter) = counted.Count == 0 ? (0.0, 0.0) : Pool(kind, counted);
        var n = perWorkshop.Count;

        return new KindRollUp
        {
            Kind = kind,
            Checkpoint = checkpoint,
            Workshops = n,
            Headline = n == 0 ? null
                : kind == MeasureKind.ErrorRate ? mean
                : (pooledBefore - pooledAfter) / pooledBefore,
            TotalBefore = n == 0 || kind == MeasureKind.ErrorRate ? null : pooledBefore,
            TotalAfter = n == 0 || kind == MeasureKind.ErrorRate ? null : pooledAfter,
            AmountRemoved = n == 0 ? null : kind switch
            {
                MeasureKind.ProcessTime => TimeUnits.MinutesToHours(pooledBefore - pooledAfter),
                MeasureKind.ErrorCount => pooledBefore - pooledAfter,
                _ => null,
            },
            Mean = mean,
            Median = Median(reductions),
            PooledRateBefore = n == 0 || kind != MeasureKind.ErrorRate ? null : pooledBefore,
            PooledRateAfter = n == 0 || kind != MeasureKind.ErrorRate ? null : pooledAfter,
            Improved = reductions.Count(r => DirectionOf(r) == Direction.Improved),
            Same = reductions.Count(r => DirectionOf(r) == Direction.Same),
            Worse = reductions.Count(r => DirectionOf(r) == Direction.Worse),
            PerWorkshop = perWorkshop,
            Awaiting = awaiting.OrderBy(a => a.WorkshopId).ThenBy(a => a.MeasureId).ToList(),
            AnyWindowScaled = counted.Any(p => p.WindowScaled),
        };
    }

    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // Before and after for one measure. For time and count these are comparison values (Per = 1);
    // for rate they are the raw errors with opportunities in Per, so that rates can be pooled.
    sealed record Pair(MeasureFacts Measure, double Before, double BeforePer, double After, double AfterPer, bool WindowScaled);

    static Pair PairOf(MeasureFacts m, Checkpoint checkpoint)
    {
        var baseline = m.Baseline!.Value;
        var reading = MeasureMaths.ReadingAt(m, checkpoint)!.Value;
        return m.Kind == MeasureKind.ErrorRate
            ? new Pair(m, baseline.Value, baseline.Denominator!.Value, reading.Value, reading.Denominator!.Value, false)
            : new Pair(m, MeasureMaths.BaselineValue(m)!.Value, 1, MeasureMaths.Comparable(m, reading)!.Value, 1,
                MeasureMaths.IsWindowScaled(m, reading));
    }

    // Sums for time and count; Σerrors ÷ Σopportunities for rate.
    static (double Before, double After) Pool(MeasureKind kind, IReadOnlyList<Pair> pairs) =>
        kind == MeasureKind.ErrorRate
            ? (pairs.Sum(p => p.Before) / pairs.Sum(p => p.BeforePer), pairs.Sum(p => p.After) / pairs.Sum(p => p.AfterPer))
            : (pairs.Sum(p => p.Before), pairs.Sum(p => p.After));
}
