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
                ? new Pair(m.MeasureId, m.WorkshopId, used, Fixed.From(baseline.Value), Fixed.From(baseline.Denominator!.Value), Fixed.From(after.Value), Fixed.From(after.Denominator!.Value), false)
                : new Pair(m.MeasureId, m.WorkshopId, used, Fixed.From(beforeValue), 0, Fixed.From(afterValue), 0, MeasureMaths.IsWindowScaled(m, after));
            used++;
        }

        // Each workshop's measures side by side, in workshop order and, within a workshop, in the order given. (A sort
        // rather than grouping into lists: it allocates nothing.) The sums are exact (FigureSums), so the order changes
        // no figure; it gives the per-workshop list its order.
        var pairs = usable.AsSpan(0, used);
        if (!IsInWorkshopOrder(pairs)) pairs.Sort(new PairOrder());

        var workshops = 0;
        for (var i = 0; i < pairs.Length; i++)
            if (i == 0 || pairs[i].WorkshopId != pairs[i - 1].WorkshopId) workshops++;

        // A workshop is counted only if its pooled baseline is above zero: a reduction from nothing has no meaning.
        // Its measures then go on the awaiting list rather than vanish.
        var perWorkshop = new List<WorkshopReduction>(workshops);
        var contributions = new List<FigureSums>(workshops);
        var reductions = new double[workshops];
        var total = new FigureSums();
        for (int start = 0, end; start < pairs.Length; start = end)
        {
            var workshopId = pairs[start].WorkshopId;
            for (end = start; end < pairs.Length && pairs[end].WorkshopId == workshopId; end++) { }
            if (Workshop(kind, pairs[start..end]) is not var (w, sums))
            {
                var reason = kind == MeasureKind.ErrorRate ? "a baseline error rate above zero" : "a baseline above zero";
                for (var i = start; i < end; i++)
                    awaiting.Add(new AwaitingMeasure(pairs[i].MeasureId, workshopId, reason));
                continue;
            }
            reductions[perWorkshop.Count] = w.Reduction;
            perWorkshop.Add(w);
            contributions.Add(sums);
            total.Add(sums);
        }

        var n = perWorkshop.Count;
        var counted = reductions.AsSpan(0, n);
        counted.Sort();
        awaiting.Sort(static (x, y) => x.WorkshopId != y.WorkshopId ? x.WorkshopId.CompareTo(y.WorkshopId) : x.MeasureId.CompareTo(y.MeasureId));
        closed.Sort(static (x, y) => x.WorkshopId != y.WorkshopId ? x.WorkshopId.CompareTo(y.WorkshopId) : x.MeasureId.CompareTo(y.MeasureId));
        return FromSums(kind, checkpoint, total, MedianOfSorted(counted), perWorkshop, awaiting, closed) with { Contributions = contributions };
    }

    // One workshop's figures for one kind: its counted measures' before and after pooled, and its reduction. Null when
    // its pooled baseline is not above zero (then it is not counted).
    static (WorkshopReduction, FigureSums)? Workshop(MeasureKind kind, ReadOnlySpan<Pair> pairs)
    {
        var sums = new FigureSums();
        var windowScaled = false;
        foreach (ref readonly var p in pairs)
        {
            unchecked
            {
                sums.Before += p.Before;
                sums.BeforePer += p.BeforePer;
                sums.After += p.After;
                sums.AfterPer += p.AfterPer;
            }
            windowScaled |= p.WindowScaled;
        }
        var (before, after) = sums.Pooled(kind);
        if (!(before > 0)) return null;
        var reduction = kind == MeasureKind.ErrorRate ? 1 - after / before : (before - after) / before;
        sums.Workshops = 1;
        switch (DirectionOf(reduction))
        {
            case Direction.Improved: sums.Improved = 1; break;
            case Direction.Same: sums.Same = 1; break;
            default: sums.Worse = 1; break;
        }
        sums.WindowScaled = windowScaled ? 1 : 0;
        sums.Reductions = Fixed.From(reduction);
        return (new WorkshopReduction(pairs[0].WorkshopId, before, after, reduction), sums);
    }

    // The figures of a kind from its sums and median: the one place they are worked out, whether the sums were added
    // up just now from the measures or kept up to date as the measures were written. Lists are given when known.
    public static KindRollUp FromSums(MeasureKind kind, Checkpoint checkpoint, in FigureSums sums, double? median,
        IReadOnlyList<WorkshopReduction>? perWorkshop = null, IReadOnlyList<AwaitingMeasure>? awaiting = null,
        IReadOnlyList<AwaitingMeasure>? closed = null)
    {
        var n = sums.Workshops;
        double? mean = n == 0 ? null : Fixed.ToDouble(sums.Reductions) / n;
        var (pooledBefore, pooledAfter) = n == 0 ? (0.0, 0.0) : sums.Pooled(kind);
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
            Median = n == 0 ? null : median,
            PooledRateBefore = n == 0 || kind != MeasureKind.ErrorRate ? null : pooledBefore,
            PooledRateAfter = n == 0 || kind != MeasureKind.ErrorRate ? null : pooledAfter,
            Improved = sums.Improved,
            Same = sums.Same,
            Worse = sums.Worse,
            PerWorkshop = perWorkshop ?? [],
            Awaiting = awaiting ?? [],
            WontBeMeasured = closed ?? [],
            AnyWindowScaled = sums.WindowScaled > 0,
            Sums = sums,
        };
    }

    // The roll-up of each group of workshops (a trust, a value stream, a month), worked out from the roll-up of all of
    // them rather than from their measures again: a workshop's contribution, reduction and lists are its own whichever
    // group it is in, so the group's exact sums, its reductions' median and FromSums give what For would give on the
    // group's measures, bit for bit (a domain test checks it), except Contributions, left empty. groupOf says which group a workshop is in (null: none).
    // At national scale this is one pass over the workshops instead of a roll-up per group.
    public static Dictionary<TKey, ProgrammeRollUp> GroupBy<TKey>(ProgrammeRollUp all, Func<long, TKey?> groupOf) where TKey : struct
    {
        var kinds = new Dictionary<TKey, KindRollUp>[3];
        var keys = new HashSet<TKey>();
        for (var k = 0; k < 3; k++)
        {
            var whole = all.Kinds[k];
            var groups = new Dictionary<TKey, GroupSums>();
            GroupSums Group(TKey key)
            {
                if (!groups.TryGetValue(key, out var g)) groups[key] = g = new GroupSums();
                return g;
            }
            for (var i = 0; i < whole.PerWorkshop.Count; i++)
                if (groupOf(whole.PerWorkshop[i].WorkshopId) is { } key)
                {
                    var g = Group(key);
                    g.Per.Add(whole.PerWorkshop[i]);
                    g.Sums.Add(whole.Contributions[i]);
                }
            foreach (var a in whole.Awaiting)
                if (groupOf(a.WorkshopId) is { } key) Group(key).Awaiting.Add(a);
            foreach (var a in whole.WontBeMeasured)
                if (groupOf(a.WorkshopId) is { } key) Group(key).Closed.Add(a);
            kinds[k] = new Dictionary<TKey, KindRollUp>(groups.Count);
            foreach (var (key, g) in groups)
            {
                var reductions = new double[g.Per.Count];
                for (var i = 0; i < reductions.Length; i++) reductions[i] = g.Per[i].Reduction;
                Array.Sort(reductions);
                // Contributions are left empty: only the maintained figures read them, from a single workshop's roll-up.
                kinds[k][key] = FromSums(whole.Kind, all.Checkpoint, g.Sums, MedianOfSorted(reductions), g.Per, g.Awaiting, g.Closed);
                keys.Add(key);
            }
        }
        var result = new Dictionary<TKey, ProgrammeRollUp>(keys.Count);
        foreach (var key in keys)
            result[key] = new ProgrammeRollUp(all.Checkpoint,
                kinds[0].GetValueOrDefault(key) ?? Empty(MeasureKind.ProcessTime, all.Checkpoint),
                kinds[1].GetValueOrDefault(key) ?? Empty(MeasureKind.ErrorCount, all.Checkpoint),
                kinds[2].GetValueOrDefault(key) ?? Empty(MeasureKind.ErrorRate, all.Checkpoint));
        return result;
    }

    sealed class GroupSums
    {
        public FigureSums Sums;
        public readonly List<WorkshopReduction> Per = [];
        public readonly List<AwaitingMeasure> Awaiting = [];
        public readonly List<AwaitingMeasure> Closed = [];
    }

    // The roll-up of no measures: what For gives on an empty list.
    public static KindRollUp Empty(MeasureKind kind, Checkpoint checkpoint) => FromSums(kind, checkpoint, new FigureSums(), null, [], [], []);

    public static ProgrammeRollUp Empty(Checkpoint checkpoint) =>
        new(checkpoint, Empty(MeasureKind.ProcessTime, checkpoint), Empty(MeasureKind.ErrorCount, checkpoint), Empty(MeasureKind.ErrorRate, checkpoint));

    // The median of values already in ascending order: the middle one, or the mean of the middle two.
    public static double? MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        return n == 0 ? null : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return MedianOfSorted(sorted);
    }

    // Before and after for one measure, exact (Fixed). For time and count these are comparison values (Per unused);
    // for rate they are the raw errors with opportunities in Per, so that rates can be pooled. Order: its place in the input.
    readonly record struct Pair(long MeasureId, long WorkshopId, int Order, Int128 Before, Int128 BeforePer, Int128 After, Int128 AfterPer, bool WindowScaled);
}
