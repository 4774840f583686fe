using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using System.Data.Common;

namespace Kaizen.Web.Reports;

// What the filter form needs: the current filter and the choices.
public sealed record FilterForm(ReportFilter Filter, IReadOnlyList<TrustOption> Trusts, IReadOnlyList<ValueStreamOption> ValueStreams,
    string Action, bool ShowTrust = true, bool ShowValueStream = true)
{
    // Whether anything the form shows has been chosen (a trust page's own trust is not a choice).
    public bool HasChoices => Filter.From is not null || Filter.To is not null || Filter.Checkpoint != Checkpoint.ReportOut
        || (ShowTrust && Filter.TrustId is not null) || (ShowValueStream && Filter.ValueStreamId is not null);

    // "Trust A · Outpatients · report-out from 01/03/2025 · at report-out"
    public string Describe()
    {
        var parts = new List<string>();
        if (Filter.TrustId is { } t) parts.Add(Trusts.FirstOrDefault(x => x.Id == t)?.Name ?? "an unknown trust");
        else if (ShowTrust) parts.Add("All trusts");
        if (Filter.ValueStreamId is { } v) parts.Add(ValueStreams.FirstOrDefault(x => x.Id == v) is { } vs ? $"{vs.Name} ({vs.TrustName})" : "an unknown value stream");
        parts.Add((Filter.From, Filter.To) switch
        {
            (null, null) => "all report-out dates",
            ({ } f, null) => $"report-out from {Format.Date(f)}",
            (null, { } to) => $"report-out up to {Format.Date(to)}",
            ({ } f, { } to) => $"report-out {Format.Date(f)} to {Format.Date(to)}",
        });
        parts.Add(ReportFilter.Describe(Filter.Checkpoint));
        return string.Join(" · ", parts);
    }
}

public sealed class DashboardView
{
    public required FilterForm Form { get; init; }
    public required ReportSet Set { get; init; }
    public required ProgrammeRollUp RollUp { get; init; }
    public required string Headline { get; init; }
    public required RollUpByGroupModel ByTrust { get; init; }
    public required ReductionChartModel TrustChart { get; init; }
    public required RollUpByGroupModel ByValueStream { get; init; }
    public required IReadOnlyList<MonthCount> Months { get; init; }
    public required XmrChart MonthsXmr { get; init; }
    // The latest Figures.MonthsShown months, its limits on those months; and every month, when there are more.
    public required XmrChartModel MonthsChart { get; init; }
    public XmrChartModel? MonthsChartAll { get; init; }
    public required IReadOnlyList<SustainmentCounts> Sustainment { get; init; }
    public required ProblemLists Problems { get; init; }
    public ReportFilter Filter => Form.Filter;

    // The dashboard's HTML (Pages/Dashboard/_Dashboard.cshtml) once rendered from this view: it depends on the view
    // alone, not on the user or the request, so a view served from the cache is rendered once, not on every request.
    string? rendered;
    public string? Rendered => Volatile.Read(ref rendered);
    public void KeepRendered(string html) => Interlocked.CompareExchange(ref rendered, html, null);

    // Served from ReportCache while the database is unchanged (the dashboard is the same for every signed-in user);
    // computed again after any committed write.
    public static Task<DashboardView> BuildAsync(DbConnection c, ReportFilter filter, DateOnly today) =>
        ReportCache.GetOrBuildAsync(c, "dashboard", CacheKey(filter), today, () => BuildUncachedAsync(c, filter, today), Weigh);

    // The same from the request's Db: while its connection is not open yet, a cached view is served without opening it.
    public static Task<DashboardView> BuildAsync(Db db, ReportFilter filter, DateOnly today) =>
        db.IsOpen
            ? BuildAsync(db.Connection, filter, today)
            : ReportCache.GetOrBuildAsync(db.Database, "dashboard", CacheKey(filter), today,
                () => BuildUncachedAsync(db.Connection, filter, today), Weigh);

    static long Weigh(DashboardView view) => view.Set.Workshops.Count + view.Set.Measures.Count;

    // Everything the view depends on besides the data and today: the filter, its notes and what it refused.
    static string CacheKey(ReportFilter f) =>
        string.Join("|", Iso.Date(f.From), Iso.Date(f.To), f.TrustId, f.ValueStreamId, (int)f.Checkpoint, string.Join("\n", f.Notes), string.Join("\n", f.Refusals));

    // What the caller has already computed for this filter, today and the filter's checkpoint (the monthly pack has, for
    // its workbook): the set, and optionally its problem lists and the roll-up by trust (used when it covers the same trusts).
    public sealed record Known(ReportSet Set, ProblemLists? Problems = null, IReadOnlyList<GroupRollUp>? ByTrust = null);

    public static async Task<DashboardView> BuildUncachedAsync(DbConnection c, ReportFilter filter, DateOnly today, Known? known = null)
    {
        var trusts = await ReportQueries.TrustsAsync(c);
        var valueStreams = await ReportQueries.ValueStreamsAsync(c, today);
        var set = known?.Set ?? await ReportQueries.LoadAsync(c, filter, today);
        var revised = await ReportQueries.RevisionsThisMonthAsync(c, today, filter.TrustId, filter.ValueStreamId);

        var checkpoint = filter.Checkpoint;
        var rollUp = set.RollUp(checkpoint);
        var shownTrusts = filter.TrustId is { } t ? trusts.Where(x => x.Id == t).ToList()
            : filter.ValueStreamId is { } v ? trusts.Where(x => valueStreams.Any(vs => vs.Id == v && vs.TrustId == x.Id)).ToList()
            : trusts;
        var byTrust = known?.ByTrust is { } knownByTrust && knownByTrust.Select(g => g.Id).SequenceEqual(shownTrusts.Select(x => x.Id))
            ? knownByTrust
            : Figures.ByTrust(set, shownTrusts, checkpoint);
        var months = Figures.WorkshopsPerMonth(set, filter);
        var shown = Figures.Latest(months);
        var xmr = Figures.Xmr(shown);

        var problems = known?.Problems ?? ProblemLists.Build(set, rollUp, valueStreams, revised, filter);
        var codes = trusts.Where(x => !string.IsNullOrWhiteSpace(x.Code)).ToDictionary(x => x.Id, x => x.Code);
        return new DashboardView
        {
            Form = new FilterForm(filter, trusts, valueStreams, "/Dashboard"),
            Set = set,
            RollUp = rollUp,
            Headline = Kaizen.Domain.Headline.Sentence(rollUp),
            ByTrust = new RollUpByGroupModel("Reduction by trust, beside the pooled figure", "Trust", byTrust, rollUp, Id: "rollup-by-trust",
                Problems: TrustProblemCounts.ByTrust(problems)),
            TrustChart = new ReductionChartModel("chart-reduction-by-trust", ChartJson.Reductions("Reduction by trust (%)",
                [("All (pooled)", rollUp), .. byTrust.Select(g => (codes.GetValueOrDefault(g.Id, g.Name), g.RollUp))]),
                byTrust.Where(g => codes.ContainsKey(g.Id)).Select(g => (codes[g.Id], g.Name)).ToList()),
            ByValueStream = new RollUpByGroupModel("Reduction by value stream", "Value stream", Figures.ByValueStream(set, checkpoint), Id: "rollup-by-value-stream"),
            Months = months,
            MonthsXmr = xmr,
            MonthsChart = new XmrChartModel("chart-workshops-per-month", ChartJson.Xmr(shown.Count < months.Count
                ? $"Workshops per month, the last {shown.Count} months (by report-out date)" : "Workshops per month (by report-out date)", xmr), "Month", "Workshops"),
            MonthsChartAll = shown.Count < months.Count
                ? new XmrChartModel("chart-workshops-per-month-all", ChartJson.Xmr($"Workshops per month, all {months.Count} months (by report-out date)", Figures.Xmr(months)), "Month", "Workshops")
                : null,
            Sustainment = Figures.Sustainment(set),
            Problems = problems,
        };
    }
}

public sealed class ProblemsView
{
    public required FilterForm Form { get; init; }
    public required ReportSet Set { get; init; }
    public required ProblemLists Lists { get; init; }
    public ReportFilter Filter => Form.Filter;

    public static async Task<ProblemsView> BuildAsync(DbConnection c, ReportFilter filter, DateOnly today)
    {
        var trusts = await ReportQueries.TrustsAsync(c);
        var valueStreams = await ReportQueries.ValueStreamsAsync(c, today);
        var set = await ReportQueries.LoadAsync(c, filter, today);
        var revised = await ReportQueries.RevisionsThisMonthAsync(c, today, filter.TrustId, filter.ValueStreamId);
        return new ProblemsView
        {
            Form = new FilterForm(filter, trusts, valueStreams, "/Problems"),
            Set = set,
            Lists = ProblemLists.Build(set, set.RollUp(filter.Checkpoint), valueStreams, revised, filter),
        };
    }
}

// A value stream of the trust: its targets (reduction fractions) beside what it achieved at the checkpoint.
public sealed record ValueStreamTargetRow(ValueStreamOption ValueStream, ProgrammeRollUp RollUp);

public sealed class TrustDetailsView
{
    public required TrustOption Trust { get; init; }
    public required FilterForm Form { get; init; }
    public required ReportSet Set { get; init; }
    public required ProgrammeRollUp RollUp { get; init; }
    public required string Headline { get; init; }
    public required IReadOnlyList<ValueStreamTargetRow> ValueStreams { get; init; }
    public required RollUpByGroupModel ByValueStream { get; init; }
    public required ReductionChartModel ValueStreamChart { get; init; }
    public required IReadOnlyList<WorkshopListRow> Workshops { get; init; }
    public required IReadOnlyList<SustainmentCounts> Sustainment { get; init; }
    public required ProblemLists Problems { get; init; }
    public ReportFilter Filter => Form.Filter;

    // Per-workshop reductions at the checkpoint, by workshop then kind, for the workshops list.
    public required IReadOnlyDictionary<(long WorkshopId, MeasureKind Kind), double> Reductions { get; init; }

    public static async Task<TrustDetailsView?> BuildAsync(DbConnection c, long trustId, ReportFilter query, DateOnly today)
    {
        var trust = await ReportQueries.TrustAsync(c, trustId);
        if (trust is null) return null;
        var filter = query with { TrustId = trustId, ValueStreamId = null };
        var valueStreams = await ReportQueries.ValueStreamsAsync(c, today, trustId);
        var set = await ReportQueries.LoadAsync(c, filter, today);
        var revised = await ReportQueries.RevisionsThisMonthAsync(c, today, trustId, null);
        var workshops = await ReportQueries.TrustWorkshopsAsync(c, trustId);

        var checkpoint = filter.Checkpoint;
        var rollUp = set.RollUp(checkpoint);
        var byStream = Figures.ByWorkshop(set, checkpoint, w => w.ValueStreamId);
        var rows = valueStreams.Select(v => new ValueStreamTargetRow(v, byStream.GetValueOrDefault(v.Id) ?? Kaizen.Domain.RollUp.Empty(checkpoint))).ToList();
        var groups = rows.Select(r => new GroupRollUp(r.ValueStream.Id, r.ValueStream.Name, "/ValueStreams/Details/" + r.ValueStream.Id, r.RollUp)).ToList();

        return new TrustDetailsView
        {
            Trust = trust,
            Form = new FilterForm(filter, [trust], valueStreams, "/Trusts/Details/" + trustId, ShowTrust: false, ShowValueStream: false),
            Set = set,
            RollUp = rollUp,
            Headline = Kaizen.Domain.Headline.Sentence(rollUp),
            ValueStreams = rows,
            ByValueStream = new RollUpByGroupModel("Reduction by value stream, beside the trust's pooled figure", "Value stream", groups, rollUp,
                PooledLabel: trust.Name + " (pooled)", Id: "rollup-by-value-stream"),
            ValueStreamChart = new ReductionChartModel("chart-reduction-by-value-stream", ChartJson.Reductions("Reduction by value stream (%)",
                [(trust.Code + " (pooled)", rollUp), .. groups.Select(g => (g.Name, g.RollUp))])),
            Workshops = workshops,
            Sustainment = Figures.Sustainment(set),
            Problems = ProblemLists.Build(set, rollUp, valueStreams, revised, filter),
            Reductions = rollUp.Kinds.SelectMany(k => k.PerWorkshop.Select(w => (Key: (w.WorkshopId, k.Kind), w.Reduction)))
                .ToDictionary(x => x.Key, x => x.Reduction),
        };
    }
}

public sealed class TrustListView
{
    public required ReportFilter Filter { get; init; }
    public required RollUpByGroupModel ByTrust { get; init; }
    public required IReadOnlyList<TrustOption> Trusts { get; init; }
    public required IReadOnlyDictionary<long, (int Active, int All)> ValueStreamCounts { get; init; }
    public required IReadOnlyDictionary<long, int> WorkshopCounts { get; init; }

    public static async Task<TrustListView> BuildAsync(DbConnection c, ReportFilter filter, DateOnly today)
    {
        filter = filter with { TrustId = null, ValueStreamId = null };
        var trusts = await ReportQueries.TrustsAsync(c);
        var valueStreams = await ReportQueries.ValueStreamsAsync(c, today);
        var set = await ReportQueries.LoadAsync(c, filter, today);
        var rollUp = set.RollUp(filter.Checkpoint);
        return new TrustListView
        {
            Filter = filter,
            Trusts = trusts,
            ByTrust = new RollUpByGroupModel("Reduction by trust, beside the pooled figure", "Trust",
                Figures.ByTrust(set, trusts, filter.Checkpoint), rollUp, Id: "rollup-by-trust"),
            ValueStreamCounts = valueStreams.GroupBy(v => v.TrustId).ToDictionary(g => g.Key, g => (g.Count(v => v.Status == "active"), g.Count())),
            WorkshopCounts = set.Workshops.GroupBy(w => w.TrustId).ToDictionary(g => g.Key, g => g.Count()),
        };
    }
}
