using System.Text.Json;
using System.Text.Json.Serialization;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using System.Data.Common;

namespace Kaizen.Web.Board;

// The programme figures of one month as the board sees them, computed from the Reports layer:
//   cumulative = every workshop with a report-out up to the end of the month;
//   this month = the workshops whose report-out falls in the month;
// at report-out, as at a day (the "as of" day: today, or the month's last day once the month is over).
public sealed class PackFigures
{
    public required Month Month { get; init; }
    public required DateOnly AsOf { get; init; }
    public required ReportSet Cumulative { get; init; }
    public required ReportSet ThisMonth { get; init; }
    public required ProgrammeRollUp CumulativeRollUp { get; init; }
    public required ProgrammeRollUp ThisMonthRollUp { get; init; }
    public required IReadOnlyList<TrustOption> Trusts { get; init; }
    public required IReadOnlyList<GroupRollUp> ByTrustCumulative { get; init; }
    public required IReadOnlyList<GroupRollUp> ByTrustThisMonth { get; init; }
    public required IReadOnlyList<ValueStreamOption> ValueStreams { get; init; }
    public required IReadOnlyList<RevisionRow> RevisedThisMonth { get; init; }
    public required ProblemLists Problems { get; init; }

    public const Checkpoint At = Checkpoint.ReportOut;

    // Today within the month: the figures of a month that is over are as at its last day; of a month to come, its first.
    public static DateOnly AsOfFor(Month month, DateOnly today) =>
        today < month.First ? month.First : today > month.Last ? month.Last : today;

    // Marking a meeting held computes these inside its write, and passes its transaction.
    public static async Task<PackFigures> ComputeAsync(DbConnection c, Month month, DateOnly today, DbTransaction? transaction = null)
    {
        var asOf = AsOfFor(month, today);
        var filter = new ReportFilter { To = month.Last, Checkpoint = At };
        // The other queries need no transaction: both engines run a command on a connection with a pending transaction
        // inside it, so during the freeze these reads see what the freeze's transaction sees.
        var set = await ReportQueries.LoadAsync(c, filter, asOf, transaction);
        var thisMonth = set.Where(w => month.Contains(w.ReportOut));
        var trusts = (await ReportQueries.TrustsAsync(c)).Where(t => Iso.ParseDate(t.JoinedOn) <= month.Last).ToList();
        var valueStreams = await ReportQueries.ValueStreamsAsync(c, asOf);
        var revised = await ReportQueries.RevisionsThisMonthAsync(c, asOf, null, null);
        var rollUp = set.RollUp(At);
        return new PackFigures
        {
            Month = month,
            AsOf = asOf,
            Cumulative = set,
            ThisMonth = thisMonth,
            CumulativeRollUp = rollUp,
            ThisMonthRollUp = thisMonth.RollUp(At),
            Trusts = trusts,
            ByTrustCumulative = Figures.ByTrust(set, trusts, At),
            ByTrustThisMonth = Figures.ByTrust(thisMonth, trusts, At),
            ValueStreams = valueStreams,
            RevisedThisMonth = revised,
            Problems = ProblemLists.Build(set, rollUp, valueStreams, revised, filter),
        };
    }

    public FrozenFigures Freeze(string computedAt) => new()
    {
        Month = Month.Key,
        AsOf = Iso.Date(AsOf),
        ComputedAt = computedAt,
        Cumulative = FrozenPeriod.Of(CumulativeRollUp, Cumulative.Workshops.Count),
        ThisMonth = FrozenPeriod.Of(ThisMonthRollUp, ThisMonth.Workshops.Count),
        Trusts = Trusts.Select(t => new FrozenTrust
        {
            TrustId = t.Id,
            Name = t.Name,
            Code = t.Code,
            Cumulative = FrozenKindBrief.Of(ByTrustCumulative.First(g => g.Id == t.Id).RollUp),
            ThisMonth = FrozenKindBrief.Of(ByTrustThisMonth.First(g => g.Id == t.Id).RollUp),
            WorkshopsCumulative = Cumulative.Workshops.Count(w => w.TrustId == t.Id),
            WorkshopsThisMonth = ThisMonth.Workshops.Count(w => w.TrustId == t.Id),
        }).ToList(),
        Problems = Problems.Summary.Select(p => new FrozenProblemCount { Key = p.Anchor, Label = p.Label, Count = p.Count }).ToList(),
        // Which rows were on the lists, so that the next meeting can tell what is new from what was carried over.
        GotWorse = Problems.Worse.Select(r => new FrozenWorse { WorkshopId = r.Workshop.Id, Kind = Show.KindKey(r.Kind) }).ToList(),
        Overdue = Problems.Overdue.Select(r => new FrozenOverdue { WorkshopId = r.Workshop.Id, Days = r.Days }).ToList(),
        NotSustained = Problems.NotSustained.Select(r => new FrozenNotSustained { MeasureId = r.Measure.Facts.MeasureId, Days = r.Days }).ToList(),
    };
}

// What is stored in board_meetings.frozen_json when a meeting is marked held. Numbers are kept as computed (fractions,
// hours, errors); the amount is also kept as the words the board read.
public sealed class FrozenFigures
{
    // 1: figures and counts only. 2: also which workshops got worse, which follow-ups were overdue and which were not
    // sustained (ids), for "since the last meeting". A schema 1 meeting has null lists: they cannot be compared.
    public const int Current = 2;
    public int Schema { get; init; } = Current;
    public string Month { get; init; } = "";
    public string AsOf { get; init; } = "";
    public string ComputedAt { get; init; } = "";
    public FrozenPeriod Cumulative { get; init; } = new();
    public FrozenPeriod ThisMonth { get; init; } = new();
    public List<FrozenTrust> Trusts { get; init; } = [];
    public List<FrozenProblemCount> Problems { get; init; } = [];
    public List<FrozenWorse>? GotWorse { get; init; }
    public List<FrozenOverdue>? Overdue { get; init; }
    public List<FrozenNotSustained>? NotSustained { get; init; }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FrozenFigures FromJson(string json) =>
        JsonSerializer.Deserialize<FrozenFigures>(json, Json) ?? throw new InvalidOperationException("The frozen figures are empty.");
}

public sealed class FrozenPeriod
{
    public string Headline { get; init; } = "";
    public int Workshops { get; init; }
    public List<FrozenKind> Kinds { get; init; } = [];

    public FrozenKind? this[MeasureKind kind] => Kinds.FirstOrDefault(k => k.Kind == Show.KindKey(kind));

    public static FrozenPeriod Of(ProgrammeRollUp r, int workshops) => new()
    {
        Headline = Kaizen.Domain.Headline.Sentence(r),
        Workshops = workshops,
        Kinds = r.Kinds.Select(k => new FrozenKind
        {
            Kind = Show.KindKey(k.Kind),
            N = k.Workshops,
            Headline = k.Headline,
            Amount = k.Kind == MeasureKind.ErrorRate ? null : k.AmountRemoved,
            PooledRateBefore = k.PooledRateBefore,
            PooledRateAfter = k.PooledRateAfter,
            AmountText = Show.Amount(k),
            Improved = k.Improved,
            Same = k.Same,
            Worse = k.Worse,
            Awaiting = k.Awaiting.Count,
        }).ToList(),
    };
}

public sealed class FrozenKind
{
    public string Kind { get; init; } = "";
    public int N { get; init; }
    public double? Headline { get; init; }
    public double? Amount { get; init; }
    public double? PooledRateBefore { get; init; }
    public double? PooledRateAfter { get; init; }
    public string AmountText { get; init; } = "";
    public int Improved { get; init; }
    public int Same { get; init; }
    public int Worse { get; init; }
    public int Awaiting { get; init; }
}

public sealed class FrozenKindBrief
{
    public string Kind { get; init; } = "";
    public int N { get; init; }
    public double? Headline { get; init; }

    public static List<FrozenKindBrief> Of(ProgrammeRollUp r) =>
        r.Kinds.Select(k => new FrozenKindBrief { Kind = Show.KindKey(k.Kind), N = k.Workshops, Headline = k.Headline }).ToList();
}

public sealed class FrozenTrust
{
    public long TrustId { get; init; }
    public string Name { get; init; } = "";
    public string Code { get; init; } = "";
    public List<FrozenKindBrief> Cumulative { get; init; } = [];
    public List<FrozenKindBrief> ThisMonth { get; init; } = [];
    public int WorkshopsCumulative { get; init; }
    public int WorkshopsThisMonth { get; init; }
}

public sealed class FrozenProblemCount
{
    public string Key { get; init; } = "";
    public string Label { get; init; } = "";
    public int Count { get; init; }
}

public sealed class FrozenWorse
{
    public long WorkshopId { get; init; }
    public string Kind { get; init; } = "";
}

public sealed class FrozenOverdue
{
    public long WorkshopId { get; init; }
    public int Days { get; init; }
}

public sealed class FrozenNotSustained
{
    public long MeasureId { get; init; }
    public int Days { get; init; }
}
