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
    public static IReadOnlyList<GroupRollUp> ByTrust(ReportSet set, IEnumerable<TrustOption> trusts, Checkpoint checkpoint)
    {
        var byTrust = set.FactsAt(checkpoint).ToLookup(f => set.WorkshopsById[f.WorkshopId].TrustId);
        return trusts.Select(t => new GroupRollUp(t.Id, t.Name, "/Trusts/Details/" + Id(t.Id), RollUp.ForAll(byTrust[t.Id], checkpoint))).ToList();
    }

    // Value streams that have at least one workshop in the set, in trust then name order.
    public static IReadOnlyList<GroupRollUp> ByValueStream(ReportSet set, Checkpoint checkpoint, bool withTrustName = true)
    {
        var facts = set.FactsAt(checkpoint).ToLookup(f => set.WorkshopsById[f.WorkshopId].ValueStreamId);
        return set.Workshops
            .GroupBy(w => w.ValueStreamId)
            .Select(g => g.First())
            .OrderBy(w => w.TrustName, StringComparer.CurrentCulture).ThenBy(w => w.ValueStreamName, StringComparer.CurrentCulture)
            .Select(w => new GroupRollUp(w.ValueStreamId, withTrustName ? $"{w.ValueStreamName} ({w.TrustCode})" : w.ValueStreamName,
                "/ValueStreams/Details/" + Id(w.ValueStreamId), RollUp.ForAll(facts[w.ValueStreamId], checkpoint)))
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
    // A workshop's states go into one reused list rather than a query per workshop and follow-up.
    public static IReadOnlyList<SustainmentCounts> Sustainment(ReportSet set) =>
        FollowUps.CheckpointDays.Select(days =>
        {
            var checkpoint = (Checkpoint)days;
            int sustained = 0, partly = 0, not = 0, notMeasured = 0, notDue = 0;
            var states = new List<SustainmentState>();
            foreach (var w in set.Workshops)
            {
                states.Clear();
                foreach (var m in set.MeasuresByWorkshop[w.Id]) states.Add(Kaizen.Domain.Sustainment.For(m.Facts, checkpoint));
                var state = Kaizen.Domain.Sustainment.ForWorkshop(states);
                switch (state)
                {
                    case WorkshopSustainment.Sustained: sustained++; break;
                    case WorkshopSustainment.Partly: partly++; break;
                    case WorkshopSustainment.NotSustained: not++; break;
                    default:
                        if (set.IsDue(w, checkpoint)) notMeasured++; else notDue++;
                        break;
                }
            }
            return new SustainmentCounts(days, sustained, partly, not, notMeasured, notDue);
        }).ToList();

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
