using Kaizen.Domain;
using Kaizen.Web.Data;

namespace Kaizen.Web.Reports;

public sealed record WorkshopInfo(
    long Id, string Reference, string Title, DateOnly ReportOut, WorkshopStatus Status,
    long ValueStreamId, string ValueStreamName, long TrustId, string TrustName, string TrustCode);

public sealed record MeasureInfo(MeasureFacts Facts, string Name, WorkshopInfo Workshop, NotMeasuredReasons? NotMeasuredReasons = null);

// Why each follow-up closed as "won't be measured" was closed; null where it was not.
public sealed record NotMeasuredReasons(string? Day30, string? Day60, string? Day90)
{
    public string? At(int days) => days switch { 30 => Day30, 60 => Day60, _ => Day90 };

    public NotMeasured Flags => (Day30 is null ? 0 : NotMeasured.Day30) | (Day60 is null ? 0 : NotMeasured.Day60) | (Day90 is null ? 0 : NotMeasured.Day90);
}

// The workshops (and their measures) a report covers: neither cancelled nor stood down, and held, i.e. completed,
// or still "planned" with a report-out date that has passed (so missing results show as awaiting data).
public sealed class ReportSet
{
    public ReportSet(IReadOnlyList<WorkshopInfo> workshops, IReadOnlyList<MeasureInfo> measures, DateOnly today)
    {
        Workshops = workshops;
        Measures = measures;
        Today = today;
        // Built on first use (thread-safe: a cached set is shared by concurrent requests). The programme roll-up needs
        // none of them, and at national scale they cost about as much as the roll-up itself.
        workshopsById = new(() => workshops.ToDictionary(w => w.Id));
        measuresById = new(() => measures.ToDictionary(m => m.Facts.MeasureId));
        measuresByWorkshop = new(() => measures.ToLookup(m => m.Facts.WorkshopId));
    }

    readonly Lazy<Dictionary<long, WorkshopInfo>> workshopsById;
    readonly Lazy<Dictionary<long, MeasureInfo>> measuresById;
    readonly Lazy<ILookup<long, MeasureInfo>> measuresByWorkshop;

    public IReadOnlyList<WorkshopInfo> Workshops { get; }
    public IReadOnlyList<MeasureInfo> Measures { get; }
    public DateOnly Today { get; }
    public IReadOnlyDictionary<long, WorkshopInfo> WorkshopsById => workshopsById.Value;
    public IReadOnlyDictionary<long, MeasureInfo> MeasuresById => measuresById.Value;
    public ILookup<long, MeasureInfo> MeasuresByWorkshop => measuresByWorkshop.Value;

    public ReportSet Where(Func<WorkshopInfo, bool> keep)
    {
        var workshops = Workshops.Where(keep).ToList();
        var ids = workshops.Select(w => w.Id).ToHashSet();
        return new ReportSet(workshops, Measures.Where(m => ids.Contains(m.Facts.WorkshopId)).ToList(), Today);
    }

    // The measures a roll-up at this checkpoint should look at. At a 30/60/90-day checkpoint a workshop whose follow-up
    // is not due yet is left out: it is not "awaiting data", it is not due. A value recorded early still counts.
    public IEnumerable<MeasureFacts> FactsAt(Checkpoint checkpoint) =>
        Measures.Where(m => IsDue(m.Workshop, checkpoint) || MeasureMaths.ReadingAt(m.Facts, checkpoint) is not null)
            .Select(m => m.Facts);

    public bool IsDue(WorkshopInfo w, Checkpoint checkpoint) => checkpoint switch
    {
        Checkpoint.Day30 or Checkpoint.Day60 or Checkpoint.Day90 => FollowUps.DueDate(w.ReportOut, (int)checkpoint) <= Today,
        _ => true,
    };

    // Workshops in the set that are not yet due at the checkpoint, for the "not yet due" note beside the figures.
    public int NotYetDue(Checkpoint checkpoint) => Workshops.Count(w => !IsDue(w, checkpoint));

    // Computed once per checkpoint: a cached set is read by several views (the monthly pack and its workbook both roll
    // it up at report-out), and the roll-up is immutable.
    readonly System.Collections.Concurrent.ConcurrentDictionary<Checkpoint, Lazy<ProgrammeRollUp>> rollUps = new();

    public ProgrammeRollUp RollUp(Checkpoint checkpoint) =>
        rollUps.GetOrAdd(checkpoint, c => new Lazy<ProgrammeRollUp>(() => Kaizen.Domain.RollUp.ForAll(FactsAt(c), c))).Value;

    public static MeasureKind ParseKind(string kind) => kind switch
    {
        "process_time" => MeasureKind.ProcessTime,
        "error_count" => MeasureKind.ErrorCount,
        "error_rate" => MeasureKind.ErrorRate,
        _ => throw new InvalidOperationException($"Unknown measure kind '{kind}' in the database."),
    };

    public static WorkshopStatus ParseStatus(string status) => status switch
    {
        "planned" => WorkshopStatus.Planned,
        "completed" => WorkshopStatus.Completed,
        "cancelled" => WorkshopStatus.Cancelled,
        "stood_down" => WorkshopStatus.StoodDown,
        _ => throw new InvalidOperationException($"Unknown workshop status '{status}' in the database."),
    };
}

public sealed class TrustOption
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Code { get; set; } = "";
    public string JoinedOn { get; set; } = "";
}

// A value stream with what the reports need beside it: its targets (reduction fractions) and its latest held workshop.
public sealed class ValueStreamOption
{
    public long Id { get; set; }
    public long TrustId { get; set; }
    public string TrustName { get; set; } = "";
    public string Name { get; set; } = "";
    public string Status { get; set; } = "";
    public double? TargetProcessTime { get; set; }
    public double? TargetErrorCount { get; set; }
    public double? TargetErrorRate { get; set; }
    // The latest report-out of a workshop that has been held (not cancelled or stood down, report-out on or before today).
    public string? LastReportOut { get; set; }
    // The next report-out of a planned workshop still to come.
    public string? NextReportOut { get; set; }

    public double? TargetFor(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => TargetProcessTime,
        MeasureKind.ErrorCount => TargetErrorCount,
        _ => TargetErrorRate,
    };
}

public sealed class RevisionRow
{
    public long Id { get; set; }
    public long ValueStreamId { get; set; }
    public string ValueStreamName { get; set; } = "";
    public long TrustId { get; set; }
    public string TrustName { get; set; } = "";
    public string At { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Reason { get; set; } = "";
}

// A workshop of a trust whatever its status, for the trust page's list (cancelled and future ones included).
public sealed class WorkshopListRow
{
    public long Id { get; set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string ReportOutDate { get; set; } = "";
    public string Status { get; set; } = "";
    public string? StatusReason { get; set; }
    public long ValueStreamId { get; set; }
    public string ValueStreamName { get; set; } = "";
    public long Measures { get; set; }
}
