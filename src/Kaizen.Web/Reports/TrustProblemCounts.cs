namespace Kaizen.Web.Reports;

// A trust's problems beside its figures, counted from the programme's problem lists (ProblemLists.Build), never by a
// second formula. Each count has one unit, named in its column: workshops that got worse, follow-ups not sustained,
// follow-ups overdue, workshops awaiting data.
public sealed record TrustProblemCounts(int GotWorseWorkshops, int NotSustainedFollowUps, int OverdueFollowUps, int AwaitingWorkshops)
{
    public static readonly TrustProblemCounts None = new(0, 0, 0, 0);

    public static IReadOnlyDictionary<long, TrustProblemCounts> ByTrust(ProblemLists p)
    {
        var worse = p.Worse.GroupBy(r => r.Workshop.TrustId).ToDictionary(g => g.Key, g => g.Select(r => r.Workshop.Id).Distinct().Count());
        var notSustained = p.NotSustained.GroupBy(r => r.Measure.Workshop.TrustId).ToDictionary(g => g.Key, g => g.Count());
        var overdue = p.Overdue.GroupBy(r => r.Workshop.TrustId).ToDictionary(g => g.Key, g => g.Count());
        var awaiting = p.Awaiting.GroupBy(r => r.Workshop.TrustId).ToDictionary(g => g.Key, g => g.Select(r => r.Workshop.Id).Distinct().Count());
        return worse.Keys.Concat(notSustained.Keys).Concat(overdue.Keys).Concat(awaiting.Keys).Distinct()
            .ToDictionary(id => id, id => new TrustProblemCounts(worse.GetValueOrDefault(id), notSustained.GetValueOrDefault(id),
                overdue.GetValueOrDefault(id), awaiting.GetValueOrDefault(id)));
    }

    public static TrustProblemCounts For(IReadOnlyDictionary<long, TrustProblemCounts> counts, long trustId) =>
        counts.TryGetValue(trustId, out var c) ? c : None;

    // Column headings, each naming its unit.
    public static readonly string[] Headings =
        ["Got worse (workshops)", "Not sustained (follow-ups)", "Overdue (follow-ups)", "Awaiting data (workshops)"];

    public int[] Values => [GotWorseWorkshops, NotSustainedFollowUps, OverdueFollowUps, AwaitingWorkshops];
    public static readonly string[] Keys = ["got-worse", "not-sustained", "overdue", "awaiting"];
}
