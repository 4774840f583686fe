using System.Net;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Export;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Html;
using System.Data.Common;

namespace Kaizen.Web.Board;

// A figure as the pack shows it: the current value, and the value frozen at the month's held meeting when there is
// one. Where the two differ, the frozen one (what the board saw) comes first and the current one beside it, marked.
public sealed record FigureCell(string Current, string? Frozen = null)
{
    public bool Changed => Frozen is not null && Frozen != Current;
    public string Shown => Frozen ?? Current;

    public IHtmlContent Html()
    {
        var shown = WebUtility.HtmlEncode(Shown);
        if (!Changed) return new HtmlString(shown);
        return new HtmlString(
            $"<span class=\"figure-changed\" data-frozen=\"{WebUtility.HtmlEncode(Frozen!)}\" data-current=\"{WebUtility.HtmlEncode(Current)}\">" +
            $"<span class=\"frozen-value\">{shown}</span> <span class=\"current-value\">(now {WebUtility.HtmlEncode(Current)})</span>" +
            "<span class=\"changed-marker\" aria-hidden=\"true\">Δ</span><span class=\"visually-hidden\"> changed since the meeting</span></span>");
    }
}

public sealed record KindLine(MeasureKind Kind, FigureCell N, FigureCell Reduction, FigureCell Amount, FigureCell Improved,
    FigureCell Same, FigureCell Worse, FigureCell Awaiting, bool IsWorse);

public sealed record PeriodLines(string Title, FigureCell Headline, FigureCell Workshops, IReadOnlyList<KindLine> Kinds);

public sealed record TrustKindCells(MeasureKind Kind, FigureCell NThisMonth, FigureCell ThisMonth, FigureCell NCumulative, FigureCell Cumulative);

public sealed record FollowUpDueRow(WorkshopInfo Workshop, int Days, DateOnly Due, int Recorded, int Measures, FollowUpState State)
{
    public string Describe => State switch
    {
        FollowUpState.Recorded => "recorded",
        FollowUpState.Overdue => $"overdue ({Recorded} of {Measures} measures recorded)",
        FollowUpState.Due => "due today",
        FollowUpState.WontBeMeasured => "won't be measured",
        _ => "not yet due",
    };
}

public sealed record TrustPanel(
    TrustOption Trust,
    TrustContextView Context,
    FigureCell WorkshopsThisMonth,
    int WorkshopsYearToDate,
    IReadOnlyList<TrustKindCells> Kinds,
    ProgrammeRollUp RollUp,
    IReadOnlyList<WorkshopInfo> WorkshopsInMonth,
    IReadOnlyList<FollowUpDueRow> FollowUpsDue,
    IReadOnlyList<OverdueRow> Overdue,
    IReadOnlyList<RevisionRow> Revisions);

// All is every row in words, put into words only when the printed appendix is written.
public sealed record ProblemLine(string Key, string Label, FigureCell Count, IReadOnlyList<string> TopRows, int Total, IEnumerable<string> All, string Unit);

public sealed record TrendMeeting(long Id, DateOnly Date, long? CompactNumber);

// One member's reflection on an item at a meeting; Member is null for the shared ratings from before they were per member.
public sealed record TrendRating(string Rating, string? Member, string? Note)
{
    public string Author => Member ?? "The board";
}

// An item's reflections at each meeting of the trend: every member's, so a cell reads "L L P".
public sealed record TrendRow(string Kind, string Text, IReadOnlyList<IReadOnlyList<TrendRating>> Ratings);

public sealed record ReflectionTrend(IReadOnlyList<TrendMeeting> Meetings, IReadOnlyList<TrendRow> Rows)
{
    // Every reflection that came with a note, newest meeting first: the notes are what the board said, not only the letter.
    public IReadOnlyList<(TrendMeeting Meeting, TrendRow Row, TrendRating Rating)> Notes =>
        Rows.SelectMany(row => row.Ratings.SelectMany((ratings, i) => ratings.Where(r => !string.IsNullOrWhiteSpace(r.Note)).Select(r => (Meetings[i], row, r))))
            .OrderByDescending(x => x.Item1.Date).ToList();

    // Ratings given, counted over every member's reflections.
    public int Count(int meetingIndex, string rating) => Rows.Sum(r => r.Ratings[meetingIndex].Count(x => x.Rating == rating));

    public string Json => ChartJson.Serialize(new
    {
        title = "Reflections on the compact, by meeting (ratings given)",
        labels = Meetings.Select(m => Format.Date(m.Date)).ToList(),
        series = BoardCodes.Ratings.Select(r => new
        {
            key = r.Key,
            label = r.Value,
            values = Meetings.Select((_, i) => Count(i, r.Key)).ToList(),
        }).ToList(),
    });
}

public sealed record PackAction(ActionRow Action, int AgeDays, bool Overdue);

public sealed class PackView
{
    public const int TopRows = 5;
    public const int TrendMeetings = 12;

    public required Month Month { get; init; }
    public required DateOnly Today { get; init; }
    public required PackFigures Current { get; init; }
    public required IReadOnlyList<MeetingRow> MeetingsInMonth { get; init; }
    public MeetingRow? FrozenMeeting { get; init; }
    public FrozenFigures? Frozen { get; init; }
    public required PeriodLines ThisMonth { get; init; }
    public required PeriodLines Cumulative { get; init; }
    public required IReadOnlyList<(TrustOption Trust, IReadOnlyList<TrustKindCells> Kinds)> ByTrust { get; init; }
    public required ReductionChartModel TrustChart { get; init; }
    public required IReadOnlyList<TrustPanel> Panels { get; init; }
    public required IReadOnlyList<ProblemLine> Problems { get; init; }
    public required ReflectionTrend Trend { get; init; }
    public required IReadOnlyList<PackAction> OpenActions { get; init; }
    public required SinceLastMeetingModel Since { get; init; }
    // Statistical process control: each value stream outcome measure on its points up to the month's end, summed up
    // as the value stream and trust pages show it (Reports/ValueStreamSpc). Current, not frozen at the meeting.
    public required IReadOnlyList<SpcSummary> Spc { get; init; }
    // Each trust's problem counts, from the pack's own problem lists (as at the pack's day, cumulative).
    public IReadOnlyDictionary<long, TrustProblemCounts> TrustProblems => trustProblems ??= TrustProblemCounts.ByTrust(Current.Problems);
    IReadOnlyDictionary<long, TrustProblemCounts>? trustProblems;

    public bool IsFrozen => Frozen is not null;
    // The key to the trust codes on the chart: those the board saw when frozen, else the trusts now.
    public IReadOnlyList<(string Code, string Name)> TrustKey => Frozen is { } f
        ? f.Trusts.Select(t => (t.Code, t.Name)).ToList()
        : Current.Trusts.Select(t => (t.Code, t.Name)).ToList();
    public bool IsEmptyMonth => Current.ThisMonth.Workshops.Count == 0 && (Frozen is null || Frozen.ThisMonth.Workshops == 0);
    public DateOnly AsOf => Current.AsOf;

    public bool AnyChanged =>
        new[] { ThisMonth, Cumulative }.Any(p => p.Headline.Changed || p.Workshops.Changed || p.Kinds.Any(KindChanged))
        || ByTrust.Any(t => t.Kinds.Any(TrustKindChanged))
        || Panels.Any(p => p.WorkshopsThisMonth.Changed)
        || Problems.Any(p => p.Count.Changed);

    static bool KindChanged(KindLine k) => new[] { k.N, k.Reduction, k.Amount, k.Improved, k.Same, k.Worse, k.Awaiting }.Any(c => c.Changed);
    static bool TrustKindChanged(TrustKindCells k) => new[] { k.NThisMonth, k.ThisMonth, k.NCumulative, k.Cumulative }.Any(c => c.Changed);

    // Served from ReportCache while the database is unchanged, as the dashboard is: the pack page and its workbook read
    // the same view, and at national scale computing it costs seconds. The weight counts the programme's set twice for
    // a past month, whose workbook reads a set of its own (see WorkbookSourceAsync).
    public static Task<PackView> BuildAsync(DbConnection c, Month month, DateOnly today) =>
        ReportCache.GetOrBuildAsync(c, "pack", month.Key, today, () => BuildUncachedAsync(c, month, today),
            view => (view.Current.Cumulative.Workshops.Count + view.Current.Cumulative.Measures.Count) * (view.AsOf == view.Today ? 1 : 2)
                + view.Current.ThisMonth.Workshops.Count + view.Current.ThisMonth.Measures.Count);

    readonly Lock workbookGate = new();
    Lazy<Task<ReportWorkbookSource>>? workbookSource;

    // The programme figures up to the month's end for the pack's workbook, computed once per view. While the month is
    // running they are the pack's own (its set, problem lists and roll-up by trust are as at today, as the workbook's
    // are); a month that is over is read again as at today.
    public Task<ReportWorkbookSource> WorkbookSourceAsync(DbConnection c)
    {
        Lazy<Task<ReportWorkbookSource>> source;
        lock (workbookGate)
        {
            if (workbookSource is null || workbookSource.Value.IsFaulted || workbookSource.Value.IsCanceled)
                workbookSource = new(() => ReportWorkbookSource.LoadAsync(c, new ReportFilter { To = Month.Last }, Today,
                    AsOf == Today ? new DashboardView.Known(Current.Cumulative, Current.Problems, Current.ByTrustCumulative) : null));
            source = workbookSource;
        }
        return source.Value;
    }

    public static async Task<PackView> BuildUncachedAsync(DbConnection c, Month month, DateOnly today)
    {
        var current = await PackFigures.ComputeAsync(c, month, today);
        var meetings = await BoardQueries.MeetingsInMonthAsync(c, month);
        var frozenMeeting = meetings.Where(m => m.IsHeld).OrderBy(m => m.MeetingDate).ThenBy(m => m.Id).LastOrDefault();
        var frozen = frozenMeeting?.FrozenJson is { } json ? FrozenFigures.FromJson(json) : null;
        var contexts = await TrustContextView.LoadAllAsync(c, current.AsOf);

        var trustRows = current.Trusts.Select(t =>
        {
            var ft = frozen?.Trusts.FirstOrDefault(x => x.TrustId == t.Id);
            return (t, TrustKinds(current, t.Id, frozen is not null, ft));
        }).ToList();

        var chartGroups = new List<(string Label, ProgrammeRollUp RollUp)> { ("All (pooled)", current.CumulativeRollUp) };
        // Trust codes on the axis (full names were cut off when rotated); the names are in the key beneath the chart.
        var codes = current.Trusts.ToDictionary(t => t.Id, t => t.Code);
        chartGroups.AddRange(current.ByTrustCumulative.Select(g => (codes.TryGetValue(g.Id, out var code) ? code : g.Name, g.RollUp)));
        var chart = ChartJson.Reductions($"Reduction by trust, cumulative to the end of {month.Label} (%)", chartGroups);
        if (frozen is not null)
            chart = FrozenChart(chart.Title + ", as frozen at the meeting", frozen);

        // Since the last meeting held by the pack's "as of" day: for the month of the next meeting, the one before it.
        var since = await SinceLastMeeting.ForAsync(c, current, current.AsOf);

        var spc = await ValueStreamSpc.LoadAsync(c, upTo: month.Last);

        return new PackView
        {
            Spc = spc,
            Since = new SinceLastMeetingModel(since, current.AsOf, "", HasAppendix: true),
            Month = month,
            Today = today,
            Current = current,
            MeetingsInMonth = meetings,
            FrozenMeeting = frozen is null ? null : frozenMeeting,
            Frozen = frozen,
            ThisMonth = Period($"This month: report-outs in {month.Label}", current.ThisMonthRollUp, current.ThisMonth.Workshops.Count, frozen?.ThisMonth),
            Cumulative = Period($"Cumulative: every report-out up to {Format.Date(month.Last)}", current.CumulativeRollUp, current.Cumulative.Workshops.Count, frozen?.Cumulative),
            ByTrust = trustRows,
            TrustChart = new ReductionChartModel("chart-pack-by-trust", chart),
            Panels = BuildPanels(current, contexts, frozen, trustRows),
            Problems = ProblemLines(current, frozen),
            Trend = await TrendAsync(c, month),
            OpenActions = (await BoardQueries.OpenActionsOnAsync(c, current.AsOf))
                .Select(a => new PackAction(a, current.AsOf.DayNumber - a.Raised.DayNumber, a.Due < current.AsOf)).ToList(),
        };
    }

    static string Count(int n) => n.ToString("#,0", Format.UK);

    static PeriodLines Period(string title, ProgrammeRollUp r, int workshops, FrozenPeriod? f) => new(
        title,
        new FigureCell(Headline.Sentence(r), f?.Headline),
        new FigureCell(Count(workshops), f is null ? null : Count(f.Workshops)),
        r.Kinds.Select(k =>
        {
            var fk = f?[k.Kind];
            string? F(Func<FrozenKind, string> text) => f is null ? null : fk is null ? "—" : text(fk);
            return new KindLine(k.Kind,
                new FigureCell(Count(k.Workshops), F(x => Count(x.N))),
                new FigureCell(Show.Reduction(k.Headline), F(x => Show.Reduction(x.Headline))),
                new FigureCell(Show.Amount(k), F(x => x.AmountText)),
                new FigureCell(Count(k.Improved), F(x => Count(x.Improved))),
                new FigureCell(Count(k.Same), F(x => Count(x.Same))),
                new FigureCell(Count(k.Worse), F(x => Count(x.Worse))),
                new FigureCell(Count(k.Awaiting.Count), F(x => Count(x.Awaiting))),
                Show.IsWorse(fk is null ? k.Headline : fk.Headline));
        }).ToList());

    static string Reduction(int n, double? headline) => n == 0 ? "no data" : Show.Reduction(headline);

    static IReadOnlyList<TrustKindCells> TrustKinds(PackFigures current, long trustId, bool isFrozen, FrozenTrust? ft)
    {
        var cum = current.ByTrustCumulative.First(g => g.Id == trustId).RollUp;
        var month = current.ByTrustThisMonth.First(g => g.Id == trustId).RollUp;
        // A trust missing from the frozen figures was not in the pack the board saw: its figures show as changed from "—".
        return cum.Kinds.Select(k =>
        {
            var m = month[k.Kind];
            var key = Show.KindKey(k.Kind);
            var fc = ft?.Cumulative.FirstOrDefault(x => x.Kind == key);
            var fm = ft?.ThisMonth.FirstOrDefault(x => x.Kind == key);
            return new TrustKindCells(k.Kind,
                new FigureCell(Count(m.Workshops), !isFrozen ? null : fm is null ? "—" : Count(fm.N)),
                new FigureCell(Reduction(m.Workshops, m.Headline), !isFrozen ? null : fm is null ? "—" : Reduction(fm.N, fm.Headline)),
                new FigureCell(Count(k.Workshops), !isFrozen ? null : fc is null ? "—" : Count(fc.N)),
                new FigureCell(Reduction(k.Workshops, k.Headline), !isFrozen ? null : fc is null ? "—" : Reduction(fc.N, fc.Headline)));
        }).ToList();
    }

    // The chart of a frozen month draws what the board saw; its table marks what has changed.
    static ReductionChart FrozenChart(string title, FrozenFigures f)
    {
        var groups = new List<(string Label, IReadOnlyList<FrozenKindBrief> Kinds)>
        {
            ("All (pooled)", f.Cumulative.Kinds.Select(k => new FrozenKindBrief { Kind = k.Kind, N = k.N, Headline = k.Headline }).ToList()),
        };
        groups.AddRange(f.Trusts.Select(t => (string.IsNullOrEmpty(t.Code) ? t.Name : t.Code, (IReadOnlyList<FrozenKindBrief>)t.Cumulative)));
        return new ReductionChart(title, groups.Select(g => g.Label).ToList(),
            new[] { MeasureKind.ProcessTime, MeasureKind.ErrorCount, MeasureKind.ErrorRate }.Select(kind =>
            {
                var key = Show.KindKey(kind);
                var values = groups.Select(g => g.Kinds.FirstOrDefault(k => k.Kind == key)).ToList();
                return new ReductionSeries(Headline.KindName(kind),
                    kind switch { MeasureKind.ProcessTime => "processTime", MeasureKind.ErrorCount => "errorCount", _ => "errorRate" },
                    values.Select(v => v is { N: > 0 } ? ChartJson.Percent(v.Headline) : null).ToList(),
                    values.Select(v => v?.N ?? 0).ToList(),
                    values.Select(v => v is { N: > 0, Headline: { } h } && RollUp.DirectionOf(h) == Direction.Worse).ToList());
            }).ToList());
    }

    // A panel per trust. The workshops, overdue follow-ups and revisions are grouped by trust once: at national scale
    // (200 trusts, 100,000 workshops) filtering the whole programme again for each trust cost seconds.
    static List<TrustPanel> BuildPanels(PackFigures current, IReadOnlyDictionary<long, TrustContextView> contexts, FrozenFigures? frozen,
        List<(TrustOption t, IReadOnlyList<TrustKindCells>)> trustRows)
    {
        var workshops = current.Cumulative.Workshops.ToLookup(w => w.TrustId);
        var overdue = current.Problems.Overdue.ToLookup(o => o.Workshop.TrustId);
        var revised = current.RevisedThisMonth.ToLookup(r => r.TrustId);
        return current.Trusts.Select(t => Panel(current, t, contexts.TryGetValue(t.Id, out var ctx) ? ctx : new TrustContextView(t.Id, current.AsOf, null, null, 0, false),
            frozen is null ? null : frozen.Trusts.FirstOrDefault(x => x.TrustId == t.Id), frozen is not null, trustRows.First(r => r.t.Id == t.Id).Item2,
            workshops[t.Id].ToList(), overdue[t.Id].ToList(), revised[t.Id].ToList())).ToList();
    }

    static TrustPanel Panel(PackFigures current, TrustOption t, TrustContextView context, FrozenTrust? ft, bool isFrozen, IReadOnlyList<TrustKindCells> kinds,
        List<WorkshopInfo> workshops, List<OverdueRow> overdue, List<RevisionRow> revised)
    {
        var month = current.Month;
        var inMonth = workshops.Where(w => month.Contains(w.ReportOut)).ToList();
        var ytdStart = month.FinancialYearStart;
        var ytd = workshops.Count(w => w.ReportOut >= ytdStart);
        // A workshop's measures are the same in the whole programme's set as in its trust's.
        var set = current.Cumulative;

        var due = new List<FollowUpDueRow>();
        foreach (var w in workshops)
            foreach (var days in FollowUps.CheckpointDays)
            {
                var date = FollowUps.DueDate(w.ReportOut, days);
                if (!month.Contains(date)) continue;
                var measures = set.MeasuresByWorkshop[w.Id].ToList();
                var recorded = measures.Count(m => MeasureMaths.ReadingAt(m.Facts, (Checkpoint)days) is not null);
                var closed = measures.Count(m => MeasureMaths.ReadingAt(m.Facts, (Checkpoint)days) is null && m.Facts.IsClosed(days));
                // Closed as "won't be measured" is done with, not overdue.
                var state = FollowUps.State(w.ReportOut, days, measures.Count > 0 && recorded == measures.Count, current.AsOf,
                    measures.Count > 0 && recorded + closed == measures.Count && closed > 0);
                due.Add(new FollowUpDueRow(w, days, date, recorded, measures.Count, state));
            }

        return new TrustPanel(t, context,
            new FigureCell(Count(inMonth.Count), isFrozen ? ft is null ? "—" : Count(ft.WorkshopsThisMonth) : null),
            ytd, kinds,
            current.ByTrustCumulative.First(g => g.Id == t.Id).RollUp,
            inMonth,
            due.OrderBy(d => d.Due).ThenBy(d => d.Workshop.Id).ToList(),
            overdue,
            revised);
    }

    static IReadOnlyList<ProblemLine> ProblemLines(PackFigures current, FrozenFigures? frozen)
    {
        var p = current.Problems;
        string W(WorkshopInfo w) => $"{w.Reference} {w.Title} ({w.TrustCode})";
        // Only the rows shown are put into words: at national scale the lists run to tens of thousands of rows.
        static IReadOnlyList<string> Top<T>(IReadOnlyList<T> rows, Func<T, string> words) => rows.Take(TopRows).Select(words).ToList();
        static (IReadOnlyList<string> Top, int Total, IEnumerable<string> All) Rows<T>(IReadOnlyList<T> rows, Func<T, string> words) =>
            (Top(rows, words), rows.Count, rows.Select(words));
        var rows = new Dictionary<string, (IReadOnlyList<string> Top, int Total, IEnumerable<string> All)>
        {
            ["got-worse"] = Rows(p.Worse, r => $"{W(r.Workshop)}: {Show.KindWord(r.Kind)} {Show.Value(r.Kind, r.Before)} → {Show.Value(r.Kind, r.After)}, {Show.Reduction(-r.Reduction)} worse"),
            ["not-sustained"] = Rows(p.NotSustained, r => $"{W(r.Measure.Workshop)}: {r.Measure.Name} at {r.Days} days {Show.Value(r.Measure.Facts.Kind, r.FollowUp)} (report-out {Show.Value(r.Measure.Facts.Kind, r.Result)}, before {Show.Value(r.Measure.Facts.Kind, r.Baseline)})"),
            ["not-measured"] = Rows(p.NotMeasured, r => $"{W(r.Measure.Workshop)}: {r.Measure.Name} at {r.Days} days won't be measured: {r.Reason}"),
            ["overdue"] = Rows(p.Overdue, r => $"{W(r.Workshop)}: {r.Days}-day follow-up due {Format.Date(r.Due)} ({string.Join(", ", r.Measures)})"),
            ["awaiting"] = Rows(p.Awaiting, r => $"{W(r.Workshop)}: {(r.Measure is null ? "" : r.Measure.Name + " needs ")}{r.Missing}"),
            ["quiet"] = Rows(p.Quiet, r => $"{r.ValueStream.Name} ({r.ValueStream.TrustName}): last workshop {(r.LastReportOut is { } d ? Format.Date(d) : "never")}{(r.NextReportOut is { } n ? ", next " + Format.Date(n) : "")}"),
            ["revised"] = Rows(p.Revised, r => $"{r.ValueStreamName} ({r.TrustName}) revised {Format.Instant(r.At)} by {r.UserName}: {r.Reason}"),
        };
        var units = ProblemCountWords.Of(p).ToDictionary(u => u.Anchor, u => u.Unit);
        return p.Summary.Select(s =>
        {
            var f = frozen?.Problems.FirstOrDefault(x => x.Key == s.Anchor);
            var (top, total, all) = rows[s.Anchor];
            return new ProblemLine(s.Anchor, s.Label, new FigureCell(Count(s.Count), frozen is null ? null : f is null ? "—" : Count(f.Count)),
                top, total, all, units[s.Anchor]);
        }).ToList();
    }

    sealed class TrendReflection
    {
        public long MeetingId { get; init; }
        public string Kind { get; init; } = "";
        public string Text { get; init; } = "";
        public long Position { get; init; }
        public string Rating { get; init; } = "";
        public string? Member { get; init; }
        public string? Note { get; init; }
    }

    sealed class TrendMeetingRow
    {
        public long Id { get; init; }
        public string MeetingDate { get; init; } = "";
        public long? CompactNumber { get; init; }
    }

    // Each item's ratings across the last 12 meetings up to the end of the month that recorded reflections. An item
    // is followed across compact versions by its wording: a version that keeps an item's words keeps its row.
    static async Task<ReflectionTrend> TrendAsync(DbConnection c, Month month)
    {
        var meetings = (await c.QueryAsync<TrendMeetingRow>("""
            SELECT b.id AS Id, b.meeting_date AS MeetingDate, v.number AS CompactNumber
            FROM board_meetings b LEFT JOIN compact_versions v ON v.id = b.compact_version_id
            WHERE b.meeting_date <= @to AND EXISTS (SELECT 1 FROM meeting_reflections r WHERE r.meeting_id = b.id)
            ORDER BY b.meeting_date DESC, b.id DESC LIMIT @limit
            """, new { to = Iso.Date(month.Last), limit = TrendMeetings })).Reverse().ToList();
        if (meetings.Count == 0) return new ReflectionTrend([], []);
        var ids = meetings.Select(m => m.Id).ToList();
        var reflections = (await c.QueryAsync<TrendReflection>($"""
            SELECT r.meeting_id AS MeetingId, i.kind AS Kind, i.text AS Text, i.position AS Position, r.rating AS Rating,
                   m.name AS Member, r.note AS Note
            FROM meeting_reflections r JOIN compact_items i ON i.id = r.compact_item_id
            LEFT JOIN board_members m ON m.id = r.member_id
            WHERE {SqlLists.In(c, "r.meeting_id", "@ids")}
            ORDER BY m.name IS NULL, m.name, r.id
            """, new { ids })).ToList();

        static string Key(string kind, string text) => kind + "\n" + string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        // Rows in the order of the latest meeting's compact, then items only earlier versions had.
        var rows = reflections
            .GroupBy(r => Key(r.Kind, r.Text))
            .Select(g =>
            {
                var latest = g.OrderByDescending(r => index[r.MeetingId]).First();
                var ratings = Enumerable.Range(0, meetings.Count).Select(_ => new List<TrendRating>()).ToArray();
                foreach (var r in g) ratings[index[r.MeetingId]].Add(new TrendRating(r.Rating, r.Member, r.Note));
                return (Order: (-index[latest.MeetingId], latest.Position), Row: new TrendRow(latest.Kind, latest.Text, ratings));
            })
            .OrderBy(x => x.Order.Item1).ThenBy(x => x.Order.Position)
            .Select(x => x.Row)
            .ToList();
        return new ReflectionTrend(meetings.Select(m => new TrendMeeting(m.Id, Iso.ParseDate(m.MeetingDate), m.CompactNumber)).ToList(), rows);
    }
}
