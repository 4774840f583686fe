using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reports;
using System.Data.Common;

namespace Kaizen.Web.Board;

// One trust's cumulative reduction for one kind of measure: as frozen at the meeting, and now.
public sealed record TrustKindChange(MeasureKind Kind, int ThenN, double? Then, int NowN, double? Now)
{
    // In percentage points, to the one decimal the pack shows: 60.0% → 50.0% is −10.0 points.
    public double? Points => Then is { } t && Now is { } n && ThenN > 0 && NowN > 0
        ? Math.Round(n * 100, 1, MidpointRounding.AwayFromZero) - Math.Round(t * 100, 1, MidpointRounding.AwayFromZero)
        : null;
    public bool Worse => Points < 0;

    public string ThenText => ThenN == 0 ? "no workshops" : $"{Show.Reduction(Then)} (n = {ThenN:#,0})";
    public string NowText => NowN == 0 ? "no workshops" : $"{Show.Reduction(Now)} (n = {NowN:#,0})";
    public string DifferenceText => Points is { } p
        ? (p == 0 ? "no change" : $"{(p > 0 ? "+" : "−")}{Math.Abs(p).ToString("0.0", Format.UK)} points")
        : ThenN == NowN ? "no change" : "not comparable";
}

public sealed record TrustChange(long TrustId, string Name, string Code, IReadOnlyList<TrustKindChange> Kinds,
    IReadOnlyList<WorseRow> NewWorse, IReadOnlyList<OverdueRow> NewOverdue)
{
    // A trust got worse since the meeting when one of its reductions fell, or one of its workshops newly got worse.
    public bool GotWorse => Kinds.Any(k => k.Worse) || NewWorse.Count > 0;
}

// "Since the last held meeting": what has changed between the figures frozen when the last meeting was marked held and
// the figures now. Computed from nothing else: the frozen JSON on one side, PackFigures (and the revisions made after the
// freeze) on the other. Used by the board pack and the board's page; a board member's home page can use it as well.
public sealed class SinceLastMeeting
{
    public required MeetingRow Meeting { get; init; }
    public required FrozenFigures Frozen { get; init; }
    public required DateOnly NowAsOf { get; init; }
    public required IReadOnlyList<TrustChange> Trusts { get; init; }
    // False for a meeting frozen before the lists were kept (schema 1): its new and carried-over rows cannot be told apart.
    public required bool ListsComparable { get; init; }
    public required IReadOnlyList<WorseRow> NewWorse { get; init; }
    public required IReadOnlyList<OverdueRow> NewOverdue { get; init; }
    public required int CarriedOverdue { get; init; }
    public required IReadOnlyList<NotSustainedRow> NewNotSustained { get; init; }
    public required IReadOnlyList<RevisionRow> Revised { get; init; }

    public DateOnly MeetingDate => Meeting.Date;
    public IReadOnlyList<TrustChange> TrustsGotWorse => Trusts.Where(t => t.GotWorse).ToList();
    public int NewWorseWorkshops => NewWorse.Select(r => r.Workshop.Id).Distinct().Count();
    public int NewNotSustainedWorkshops => NewNotSustained.Select(r => r.Measure.Workshop.Id).Distinct().Count();
    public int RevisedValueStreams => Revised.Select(r => r.ValueStreamId).Distinct().Count();

    public const string CannotCompare =
        "The meeting's figures were frozen before Kaizen kept the lists themselves, so which rows are new since then cannot be compared.";

    // The last meeting marked held on or before a day (the board's page: today) or strictly before a day (a month's
    // pack: the meeting before that month).
    public static Task<MeetingRow?> LastHeldAsync(DbConnection c, DateOnly onOrBefore) =>
        c.QueryFirstOrDefaultAsync<MeetingRow?>("""
            SELECT b.id AS Id, b.meeting_date AS MeetingDate, b.held_at AS HeldAt, b.held_by AS HeldBy, b.frozen_json AS FrozenJson,
                   b.created_at AS CreatedAt, b.version AS Version
            FROM board_meetings b
            WHERE b.held_at IS NOT NULL AND b.meeting_date <= @onOrBefore
            ORDER BY b.meeting_date DESC, b.id DESC LIMIT 1
            """, new { onOrBefore = Iso.Date(onOrBefore) });

    // Null when no meeting has been held on or before the day.
    public static async Task<SinceLastMeeting?> ForAsync(DbConnection c, PackFigures now, DateOnly heldOnOrBefore)
    {
        var meeting = await LastHeldAsync(c, heldOnOrBefore);
        if (meeting?.FrozenJson is not { } json) return null;
        var frozen = FrozenFigures.FromJson(json);
        var revised = (await c.QueryAsync<RevisionRow>("""
            SELECT r.id AS Id, r.value_stream_id AS ValueStreamId, vs.name AS ValueStreamName, vs.trust_id AS TrustId,
                   t.name AS TrustName, r.at AS At, r.user_name AS UserName, r.reason AS Reason
            FROM value_stream_revisions r
            JOIN value_streams vs ON vs.id = r.value_stream_id
            JOIN trusts t ON t.id = vs.trust_id
            WHERE r.at > @since
            ORDER BY r.at DESC, r.id DESC
            """, new { since = frozen.ComputedAt })).ToList();
        return Compare(meeting, frozen, now, revised);
    }

    public static SinceLastMeeting Compare(MeetingRow meeting, FrozenFigures frozen, PackFigures now, IReadOnlyList<RevisionRow> revisedSince)
    {
        var p = now.Problems;
        var comparable = frozen.GotWorse is not null && frozen.Overdue is not null && frozen.NotSustained is not null;

        var newWorse = comparable
            ? p.Worse.Where(r => !frozen.GotWorse!.Any(f => f.WorkshopId == r.Workshop.Id && f.Kind == Show.KindKey(r.Kind))).ToList()
            : [];
        var wasOverdue = comparable ? frozen.Overdue!.Select(f => (f.WorkshopId, f.Days)).ToHashSet() : [];
        var newOverdue = comparable ? p.Overdue.Where(r => !wasOverdue.Contains((r.Workshop.Id, r.Days))).ToList() : [];
        var wasNotSustained = comparable ? frozen.NotSustained!.Select(f => (f.MeasureId, f.Days)).ToHashSet() : [];
        var newNotSustained = comparable
            ? p.NotSustained.Where(r => !wasNotSustained.Contains((r.Measure.Facts.MeasureId, r.Days))).ToList()
            : [];

        // Every trust in either set of figures: one that joined since the meeting has nothing frozen to compare with.
        var kinds = new[] { MeasureKind.ProcessTime, MeasureKind.ErrorCount, MeasureKind.ErrorRate };
        var trusts = now.Trusts.Select(t => (t.Id, t.Name, t.Code))
            .Concat(frozen.Trusts.Where(f => now.Trusts.All(t => t.Id != f.TrustId)).Select(f => (Id: f.TrustId, f.Name, f.Code)))
            .Select(t =>
            {
                var ft = frozen.Trusts.FirstOrDefault(f => f.TrustId == t.Id);
                var nowRollUp = now.ByTrustCumulative.FirstOrDefault(g => g.Id == t.Id)?.RollUp;
                var changes = kinds.Select(kind =>
                {
                    var then = ft?.Cumulative.FirstOrDefault(k => k.Kind == Show.KindKey(kind));
                    var current = nowRollUp?.Kinds.FirstOrDefault(k => k.Kind == kind);
                    return new TrustKindChange(kind, then?.N ?? 0, then?.Headline, current?.Workshops ?? 0, current?.Headline);
                }).ToList();
                return new TrustChange(t.Id, t.Name, t.Code, changes,
                    newWorse.Where(r => r.Workshop.TrustId == t.Id).ToList(),
                    newOverdue.Where(r => r.Workshop.TrustId == t.Id).ToList());
            })
            .OrderBy(t => t.Name, StringComparer.CurrentCulture)
            .ToList();

        return new SinceLastMeeting
        {
            Meeting = meeting,
            Frozen = frozen,
            NowAsOf = now.AsOf,
            Trusts = trusts,
            ListsComparable = comparable,
            NewWorse = newWorse,
            NewOverdue = newOverdue,
            CarriedOverdue = p.Overdue.Count - newOverdue.Count,
            NewNotSustained = newNotSustained,
            Revised = revisedSince,
        };
    }

    // Rows as words, the same on the pack, the board's page and in print.
    public static string Words(WorseRow r) =>
        $"{r.Workshop.Reference} {r.Workshop.Title} ({r.Workshop.TrustCode}): {Show.KindWord(r.Kind)} {Show.Value(r.Kind, r.Before)} → {Show.Value(r.Kind, r.After)}, {Show.Reduction(-r.Reduction)} worse";

    public static string Words(OverdueRow r) =>
        $"{r.Workshop.Reference} {r.Workshop.Title} ({r.Workshop.TrustCode}): {r.Days}-day follow-up due {Format.Date(r.Due)} ({string.Join(", ", r.Measures)})";

    public static string Words(NotSustainedRow r) =>
        $"{r.Measure.Workshop.Reference} {r.Measure.Workshop.Title} ({r.Measure.Workshop.TrustCode}): {r.Measure.Name} at {r.Days} days {Show.Value(r.Measure.Facts.Kind, r.FollowUp)} (report-out {Show.Value(r.Measure.Facts.Kind, r.Result)})";

    public static string Words(RevisionRow r) => $"{r.ValueStreamName} ({r.TrustName}) revised {Format.Instant(r.At)} by {r.UserName}: {r.Reason}";
}

// What the _SinceLastMeeting partial prints: the comparison (null when no meeting has been held), the day it is as at,
// where "and N more" leads (the pack's appendix) and whether this page carries that appendix itself.
public sealed record SinceLastMeetingModel(SinceLastMeeting? Since, DateOnly AsOf, string MoreHref, bool HasAppendix, int Top = PackView.TopRows)
{
    public static readonly MeasureKind[] Kinds = [MeasureKind.ProcessTime, MeasureKind.ErrorCount, MeasureKind.ErrorRate];

    // The lists in full, for the appendix: key, heading, rows.
    public IReadOnlyList<(string Key, string Heading, IReadOnlyList<string> Rows)> Lists => Since is not { ListsComparable: true } s ? [] :
    [
        ("new-worse", "Workshops that newly got worse since the last meeting", s.NewWorse.Select(SinceLastMeeting.Words).ToList()),
        ("new-overdue", "Follow-ups that became overdue since the last meeting", s.NewOverdue.Select(SinceLastMeeting.Words).ToList()),
        ("new-not-sustained", "Follow-ups newly not sustained since the last meeting", s.NewNotSustained.Select(SinceLastMeeting.Words).ToList()),
        ("revised", "Value stream revisions since the last meeting", s.Revised.Select(SinceLastMeeting.Words).ToList()),
    ];
}
