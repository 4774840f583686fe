using System.Runtime.InteropServices;

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

        foreach (var m in measures)
        {
            if (m.Kind != kind) continue;
            if (MeasureMaths.DescribeMissing(m, checkpoint) is { } missing)
                awaiting.Add(new AwaitingMeasure(m.MeasureId, m.WorkshopId, missing));
            else
                usable.Add(PairOf(m, checkpoint, usable.Count));
        }

        // Each workshop's measures side by side, in workshop order and, within a workshop, in the order given: the
        // sums below then add up in the same order whatever order the workshops came in. (A sort rather than grouping
        // into lists: at national scale, 250,000 measures, it allocates next to nothing.)
        var pairs = CollectionsMarshal.AsSpan(usable);
        pairs.Sort(static (x, y) => x.WorkshopId != y.WorkshopId ? x.WorkshopId.CompareTo(y.WorkshopId) : x.Order.CompareTo(y.Order));

        // A workshop is counted only if its pooled baseline is above zero: a reduction from nothing has no meaning.
        // Its measures then go on the awaiting list rather than vanish.
        var perWorkshop = new List<WorkshopReduction>();
        var total = new Sums();
        var anyWindowScaled = false;
        for (int start = 0, end; start < pairs.Length; start = end)
        {
            var workshopId = pairs[start].WorkshopId;
            var sums = new Sums();
            for (end = start; end < pairs.Length && pairs[end].WorkshopId == workshopId; end++)
                sums.Add(pairs[end]);
            var (before, after) = sums.Pooled(kind);
            if (before <= 0)
            {
                var reason = kind == MeasureKind.ErrorRate ? "a baseline error rate above zero" : "a baseline above zero";
                for (var i = start; i < end; i++)
                    awaiting.Add(new AwaitingMeasure(pairs[i].MeasureId, workshopId, reason));
                continue;
            }
            var reduction = kind == MeasureKind.ErrorRate ? 1 - after / before : (before - after) / before;
            perWorkshop.Add(new WorkshopReduction(workshopId, before, after, reduction));
            for (var i = start; i < end; i++)
            {
                total.Add(pairs[i]);
                anyWindowScaled |= pairs[i].WindowScaled;
            }
        }

        var reductions = new double[perWorkshop.Count];
        int improved = 0, same = 0, worse = 0;
        for (var i = 0; i < reductions.Length; i++)
        {
            reductions[i] = perWorkshop[i].Reduction;
            switch (DirectionOf(reductions[i]))
            {
                case Direction.Improved: improved++; break;
                case Direction.Same: same++; break;
                default: worse++; break;
            }
        }
        var mean = reductions.Length == 0 ? (double?)null : reductions.Average();
        var n = perWorkshop.Count;
        var (pooledBefore, pooledAfter) = n == 0 ? (0.0, 0.0) : total.Pooled(kind);
        awaiting.Sort(static (x, y) => x.WorkshopId != y.WorkshopId ? x.WorkshopId.CompareTo(y.WorkshopId) : x.MeasureId.CompareTo(y.MeasureId));

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
            Improved = improved,
            Same = same,
            Worse = worse,
            PerWorkshop = perWorkshop,
            Awaiting = awaiting,
            AnyWindowScaled = anyWindowScaled,
        };
    }

    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // Before and after for one measure. For time and count these are comparison values (Per = 1);
    // for rate they are the raw errors with opportunities in Per, so that rates can be pooled. Order: its place in the input.
    readonly record struct Pair(long MeasureId, long WorkshopId, int Order, double Before, double BeforePer, double After, double AfterPer, bool WindowScaled);

    static Pair PairOf(MeasureFacts m, Checkpoint checkpoint, int order)
    {
        var baseline = m.Baseline!.Value;
        var reading = MeasureMaths.ReadingAt(m, checkpoint)!.Value;
        return m.Kind == MeasureKind.ErrorRate
            ? new Pair(m.MeasureId, m.WorkshopId, order, baseline.Value, baseline.Denominator!.Value, reading.Value, reading.Denominator!.Value, false)
            : new Pair(m.MeasureId, m.WorkshopId, order, MeasureMaths.BaselineValue(m)!.Value, 1, MeasureMaths.Comparable(m, reading)!.Value, 1,
                MeasureMaths.IsWindowScaled(m, reading));
    }

    // Sums for time and count; Σerrors ÷ Σopportunities for rate.
    struct Sums
    {
        double before, beforePer, after, afterPer;

        public void Add(in Pair p)
        {
            before += p.Before;
            beforePer += p.BeforePer;
            after += p.After;
            afterPer += p.AfterPer;
        }

        public readonly (double Before, double After) Pooled(MeasureKind kind) =>
            kind == MeasureKind.ErrorRate ? (before / beforePer, after / afterPer) : (before, after);
    }
}
