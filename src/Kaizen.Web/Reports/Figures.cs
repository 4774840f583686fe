using System.Globalization;
using Kaizen.Domain;
using Kaizen.Web.Infrastructure;

namespace Kaizen.Web.Reports;

// A named group of workshops (a trust, a value stream) and its roll-up. Href is where the name links to, if anywhere.
public sealed record GroupRollUp(long Id, string Name, string? Href, ProgrammeRollUp RollUp);

public sealed record MonthCount(DateOnly Month, int Workshops)
{
    public string Label => Month.ToString("MMM yyyy", Format.UK);
}

public sealed record SustainmentCounts(int Days, int Sustained, int Partly, int NotSustained, int NotMeasured, int NotYetDue)
{
    public int Total => Sustained + Partly + NotSustained + NotMeasured + NotYetDue;
}

// The in-memory half of the reports: everything here works on a ReportSet already loaded by one query.
public static class Figures
{
    // Each group's roll-up is taken from the set's own roll-up (RollUp.GroupBy: the same figures as rolling the group's
    // measures up again, without doing so once per trust or value stream).
    public static IReadOnlyList<GroupRollUp> ByTrust(ReportSet set, IEnumerable<TrustOption> trusts, Checkpoint checkpoint)
    {
        var byTrust = ByWorkshop(set, checkpoint, w => w.TrustId);
        return trusts.Select(t => new GroupRollUp(t.Id, t.Name, "/Trusts/Details/" + Id(t.Id),
            byTrust.GetValueOrDefault(t.Id) ?? RollUp.Empty(checkpoint))).ToList();
    }

    // The set's roll-up at the checkpoint grouped by a property of the workshops (a trust, a value stream).
    public static Dictionary<long, ProgrammeRollUp> ByWorkshop(ReportSet set, Checkpoint checkpoint, Func<WorkshopInfo, long> key)
    {
        var byId = set.WorkshopsById;
        return RollUp.GroupBy<long>(set.RollUp(checkpoint), id => byId.TryGetValue(id, out var w) ? key(w) : null);
    }

    // Value streams that have at least one workshop in the set, in trust then name order.
    public static IReadOnlyList<GroupRollUp> ByValueStream(ReportSet set, Checkpoint checkpoint, bool withTrustName = true)
    {
        var byStream = ByWorkshop(set, checkpoint, w => w.ValueStreamId);
        return set.Workshops
            .GroupBy(w => w.ValueStreamId)
            .Select(g => g.First())
            .OrderBy(w => w.TrustName, StringComparer.CurrentCulture).ThenBy(w => w.ValueStreamName, StringComparer.CurrentCulture)
            .Select(w => new GroupRollUp(w.ValueStreamId, withTrustName ? $"{w.ValueStreamName} ({w.TrustCode})" : w.ValueStreamName,
                "/ValueStreams/Details/" + Id(w.ValueStreamId), byStream.GetValueOrDefault(w.ValueStreamId) ?? RollUp.Empty(checkpoint)))
            .ToList();
    }

    // The dashboard's chart shows this many months, the latest; every month is behind a disclosure beneath it.
    public const int MonthsShown = 24;

    // Workshops per calendar month of report-out, with the empty months in between counted as 0: an XmR chart over
    // months must not skip a month with no workshops. The range runs from the filter's from-month (else the first
    // workshop's) to this month (the app's clock), or to the filter's to-month when that is earlier: months since the
    // last workshop with none are zeros the chart must show, not leave off.
    public static IReadOnlyList<MonthCount> WorkshopsPerMonth(ReportSet set, ReportFilter filter)
    {
        if (set.Workshops.Count == 0) return [];
        static DateOnly MonthOf(DateOnly d) => new(d.Year, d.Month, 1);
        var counts = set.Workshops.GroupBy(w => MonthOf(w.ReportOut)).ToDictionary(g => g.Key, g => g.Count());
        var first = filter.From is { } f ? MonthOf(f) : counts.Keys.Min();
        var last = MonthOf(filter.To is { } t && t < set.Today ? t : set.Today);
        if (counts.Keys.Min() < first) first = counts.Keys.Min();
        if (counts.Keys.Max() > last) last = counts.Keys.Max();
        var months = new List<MonthCount>();
        for (var m = first; m <= last; m = m.AddMonths(1))
            months.Add(new MonthCount(m, counts.GetValueOrDefault(m)));
        return months;
    }

    // The latest MonthsShown months (all of them when there are fewer).
    public static IReadOnlyList<MonthCount> Latest(IReadOnlyList<MonthCount> months) =>
        months.Count > MonthsShown ? months.Skip(months.Count - MonthsShown).ToList() : months;

    // A count of workshops cannot be negative: its lower limit is drawn from zero (the rules keep the raw limits).
    public static XmrChart Xmr(IReadOnlyList<MonthCount> months) =>
        Kaizen.Domain.Xmr.Compute(months.Select(m => (m.Label, (double)m.Workshops)).ToList(), new XmrOptions(FloorAtZero: true));

    // At 30, 60 and 90 days: how many workshops sustained their gains, partly, not, could not be judged (follow-up due
    // but no verdict possible), or are not due yet.
    // One pass over the workshops for the three follow-ups, each workshop's measures fetched once into a reused list.
    public static IReadOnlyList<SustainmentCounts> Sustainment(ReportSet set)
    {
        var days = FollowUps.CheckpointDays;
        var counts = new int[days.Count, 5];
        var measures = new List<MeasureFacts>();
        var states = new List<SustainmentState>();
        foreach (var w in set.Workshops)
        {
            measures.Clear();
            foreach (var m in set.MeasuresByWorkshop[w.Id]) measures.Add(m.Facts);
            for (var i = 0; i < days.Count; i++)
            {
                var checkpoint = (Checkpoint)days[i];
                states.Clear();
                foreach (var m in measures) states.Add(Kaizen.Domain.Sustainment.For(m, checkpoint));
                var column = Kaizen.Domain.Sustainment.ForWorkshop(states) switch
                {
                    WorkshopSustainment.Sustained => 0,
                    WorkshopSustainment.Partly => 1,
                    WorkshopSustainment.NotSustained => 2,
                    _ => set.IsDue(w, checkpoint) ? 3 : 4,
                };
                counts[i, column]++;
            }
        }
        return days.Select((d, i) => new SustainmentCounts(d, counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3], counts[i, 4])).ToList();
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
