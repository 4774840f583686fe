namespace Kaizen.Domain;

// The exact roll-up definitions of docs/definitions.md §1.
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
        var all = measures as IReadOnlyList<MeasureFacts> ?? measures.ToList();
        return new ProgrammeRollUp(
            checkpoint,
            For(all, MeasureKind.ProcessTime, checkpoint),
            For(all, MeasureKind.ErrorCount, checkpoint),
            For(all, MeasureKind.ErrorRate, checkpoint));
    }

    public static KindRollUp For(IEnumerable<MeasureFacts> measures, MeasureKind kind, Checkpoint checkpoint)
    {
        var all = measures as IReadOnlyList<MeasureFacts> ?? measures.ToList();

        // Sized exactly: at national scale (250,000 measures) growing these lists step by step re-allocated large
        // arrays that the garbage collector then had to scan.
        var ofKind = 0;
        for (var i = 0; i < all.Count; i++)
            if (all[i].Kind == kind) ofKind++;
        var usable = new Pair[ofKind];
        var used = 0;
        var awaiting = new List<AwaitingMeasure>();
        var closed = new List<AwaitingMeasure>();

        for (var i = 0; i < all.Count; i++)
        {
            var m = all[i];
            if (m.Kind != kind) continue;
            // Before and after in comparison units, each worked out once; a measure without both is awaiting data.
            var reading = MeasureMaths.ReadingAt(m, checkpoint);
            // A follow-up closed as "won't be measured" is not waiting for anything: no value will come. It is left
            // out of the figures and of "awaiting data", and listed apart (it counts as not sustained, docs/definitions.md §2).
            if (reading is null && IsClosedAt(m, checkpoint))
            {
                closed.Add(new AwaitingMeasure(m.MeasureId, m.WorkshopId, "closed as won't be measured"));
                continue;
            }
            if (m.Baseline is not { } baseline || reading is not { } after
                || MeasureMaths.Comparable(m, baseline) is not { } beforeValue || MeasureMaths.Comparable(m, after) is not { } afterValue)
            {
                awaiting.Add(new AwaitingMeasure(m.MeasureId, m.WorkshopId, MeasureMaths.DescribeMissing(m, checkpoint)!));
                continue;
            }
            usable[used] = kind == MeasureKind.ErrorRate
                ? new Pair(m.MeasureId, m.WorkshopId, used, baseline.Value, baseline.Denominator!.Value, after.Value, after.Denominator!.Value, false)
                : new Pair(m.MeasureId, m.WorkshopId, used, beforeValue, 1, afterValue, 1, MeasureMaths.IsWindowScaled(m, after));
            used++;
        }

        // Each workshop's measures side by side, in workshop order and, within a workshop, in the order given: the
        // sums below then add up in the same order whatever order the workshops came in. (A sort rather than grouping
        // into lists: it allocates nothing.)
        var pairs = usable.AsSpan(0, used);
        if (!IsInWorkshopOrder(pairs)) pairs.Sort(new PairOrder());

        var workshops = 0;
        for (var i = 0; i < pairs.Length; i++)
            if (i == 0 || pairs[i].WorkshopId != pairs[i - 1].WorkshopId) workshops++;

        // A workshop is counted only if its pooled baseline is above zero: a reduction from nothing has no meaning.
        // Its measures then go on the awaiting list rather than vanish.
        var perWorkshop = new List<WorkshopReduction>(workshops);
        var reductions = new double[workshops];
        var total = new Sums();
        var anyWindowScaled = false;
        int improved = 0, same = 0, worse = 0;
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
            reductions[perWorkshop.Count] = reduction;
            perWorkshop.Add(new WorkshopReduction(workshopId, before, after, reduction));
            switch (DirectionOf(reduction))
            {
                case Direction.Improved: improved++; break;
                case Direction.Same: same++; break;
                default: worse++; break;
            }
            for (var i = start; i < end; i++)
            {
                total.Add(pairs[i]);
                anyWindowScaled |= pairs[i].WindowScaled;
            }
        }

        var n = perWorkshop.Count;
        var counted = reductions.AsSpan(0, n);
        // The mean adds up in workshop order (as Enumerable.Average does); only then is the array sorted for the median.
        double? mean = null;
        if (n > 0)
        {
            var sum = 0.0;
            foreach (var r in counted) sum += r;
            mean = sum / n;
        }
        counted.Sort();
        double? median = n == 0 ? null : n % 2 == 1 ? counted[n / 2] : (counted[n / 2 - 1] + counted[n / 2]) / 2;
        var (pooledBefore, pooledAfter) = n == 0 ? (0.0, 0.0) : total.Pooled(kind);
        awaiting.Sort(static (x, y) => x.WorkshopId != y.WorkshopId ? x.WorkshopId.CompareTo(y.WorkshopId) : x.MeasureId.CompareTo(y.MeasureId));
        closed.Sort(static (x, y) => x.WorkshopId != y.WorkshopId ? x.WorkshopId.CompareTo(y.WorkshopId) : x.MeasureId.CompareTo(y.MeasureId));

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
            Median = median,
            PooledRateBefore = n == 0 || kind != MeasureKind.ErrorRate ? null : pooledBefore,
            PooledRateAfter = n == 0 || kind != MeasureKind.ErrorRate ? null : pooledAfter,
            Improved = improved,
            Same = same,
            Worse = worse,
            PerWorkshop = perWorkshop,
            Awaiting = awaiting,
            WontBeMeasured = closed,
            AnyWindowScaled = anyWindowScaled,
        };
    }

    // Only a follow-up checkpoint (30, 60 or 90 days) can be closed; "latest" falls back to earlier readings.
    static bool IsClosedAt(MeasureFacts m, Checkpoint checkpoint) =>
        m.NotMeasured != NotMeasured.None
        && checkpoint is Checkpoint.Day30 or Checkpoint.Day60 or Checkpoint.Day90
        && m.IsClosed((int)checkpoint);

    static bool IsInWorkshopOrder(ReadOnlySpan<Pair> pairs)
    {
        for (var i = 1; i < pairs.Length; i++)
            if (pairs[i].WorkshopId < pairs[i - 1].WorkshopId) return false;
        return true;
    }

    readonly struct PairOrder : IComparer<Pair>
    {
        public int Compare(Pair x, Pair y) =>
            x.WorkshopId != y.WorkshopId ? x.WorkshopId.CompareTo(y.WorkshopId) : x.Order.CompareTo(y.Order);
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
