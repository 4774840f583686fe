using Kaizen.Domain;
using Kaizen.Web.Data;

namespace Kaizen.Web.Reports;

public sealed record WorseRow(WorkshopInfo Workshop, MeasureKind Kind, double Before, double After, double Reduction);

public sealed record NotSustainedRow(MeasureInfo Measure, int Days, double? Baseline, double? Result, double FollowUp, double? Target);

// A follow-up closed as "won't be measured": not overdue, counted as not sustained, listed with its reason.
public sealed record NotMeasuredRow(MeasureInfo Measure, int Days, DateOnly Due, string Reason);

public sealed record OverdueRow(WorkshopInfo Workshop, int Days, DateOnly Due, IReadOnlyList<string> Measures);

// Measure is null when the workshop has no measures at all.
public sealed record AwaitingRow(WorkshopInfo Workshop, MeasureInfo? Measure, string Missing);

public sealed record QuietValueStreamRow(ValueStreamOption ValueStream, DateOnly? LastReportOut, DateOnly? NextReportOut);

// The problem-sensing lists of docs/definitions.md §3: what got worse, what did not last, what is overdue, what is missing,
// which value streams have gone quiet and which were revised this month. Never hidden behind an average.
public sealed record ProblemLists(
    IReadOnlyList<WorseRow> Worse,
    IReadOnlyList<NotSustainedRow> NotSustained,
    IReadOnlyList<OverdueRow> Overdue,
    IReadOnlyList<AwaitingRow> Awaiting,
    IReadOnlyList<QuietValueStreamRow> Quiet,
    IReadOnlyList<RevisionRow> Revised,
    IReadOnlyList<NotMeasuredRow> NotMeasured)
{
    public const int QuietDays = 90;

    // rollUp must be set.RollUp(checkpoint): its per-workshop reductions and awaiting lists are reused, not recomputed.
    public static ProblemLists Build(ReportSet set, ProgrammeRollUp rollUp, IEnumerable<ValueStreamOption> valueStreams,
        IReadOnlyList<RevisionRow> revisedThisMonth, ReportFilter filter)
    {
        var worse = rollUp.Kinds
            .SelectMany(k => k.PerWorkshop.Where(w => RollUp.DirectionOf(w.Reduction) == Direction.Worse)
                .Select(w => new WorseRow(set.WorkshopsById[w.WorkshopId], k.Kind, w.Before, w.After, w.Reduction)))
            .OrderBy(r => r.Reduction).ThenBy(r => r.Workshop.ReportOut)
            .ToList();

        var notSustained = new List<NotSustainedRow>();
        var notMeasured = new List<NotMeasuredRow>();
        foreach (var m in set.Measures)
            foreach (var days in FollowUps.CheckpointDays)
            {
                var checkpoint = (Checkpoint)days;
                if (Sustainment.For(m.Facts, checkpoint) != SustainmentState.NotSustained) continue;
                if (MeasureMaths.ValueAt(m.Facts, checkpoint) is null)
                {
                    // Not sustained for want of evidence: closed as "won't be measured", listed with its reason.
                    notMeasured.Add(new NotMeasuredRow(m, days, FollowUps.DueDate(m.Workshop.ReportOut, days), m.NotMeasuredReasons?.At(days) ?? ""));
                    continue;
                }
                notSustained.Add(new NotSustainedRow(m, days, MeasureMaths.BaselineValue(m.Facts),
                    MeasureMaths.ValueAt(m.Facts, Checkpoint.ReportOut), MeasureMaths.ValueAt(m.Facts, checkpoint)!.Value, m.Facts.Target));
            }

        // A workshop's measures are walked once for all three follow-ups, and a list is made only for a follow-up that
        // is overdue: at national scale a list per workshop and follow-up was 300,000 lists, most of them empty.
        var overdue = new List<OverdueRow>();
        var checkpoints = FollowUps.CheckpointDays;
        var missing = new List<string>?[checkpoints.Count];
        foreach (var w in set.Workshops)
        {
            Array.Clear(missing);
            foreach (var m in set.MeasuresByWorkshop[w.Id])
                for (var i = 0; i < checkpoints.Count; i++)
                    if (FollowUps.State(w.ReportOut, checkpoints[i], MeasureMaths.ReadingAt(m.Facts, (Checkpoint)checkpoints[i]) is not null, set.Today, m.Facts.IsClosed(checkpoints[i])) == FollowUpState.Overdue)
                        (missing[i] ??= []).Add(m.Name);
            for (var i = 0; i < checkpoints.Count; i++)
                if (missing[i] is { } names) overdue.Add(new OverdueRow(w, checkpoints[i], FollowUps.DueDate(w.ReportOut, checkpoints[i]), names));
        }

        var awaiting = rollUp.Kinds.SelectMany(k => k.Awaiting)
            .Select(a => new AwaitingRow(set.WorkshopsById[a.WorkshopId], set.MeasuresById[a.MeasureId], a.Missing))
            .Concat(set.Workshops.Where(w => !set.MeasuresByWorkshop[w.Id].Any())
                .Select(w => new AwaitingRow(w, null, "measures: none has been recorded")))
            .OrderBy(a => a.Workshop.ReportOut).ThenBy(a => a.Workshop.Id).ThenBy(a => a.Measure?.Facts.MeasureId)
            .ToList();

        // Relative to today, so the date filter does not apply; the trust and value stream filters do.
        var cutOff = set.Today.AddDays(-QuietDays);
        var quiet = valueStreams
            .Where(v => v.Status == "active")
            .Where(v => filter.TrustId is null || v.TrustId == filter.TrustId)
            .Where(v => filter.ValueStreamId is null || v.Id == filter.ValueStreamId)
            .Select(v => new QuietValueStreamRow(v, Iso.ParseDateOrNull(v.LastReportOut), Iso.ParseDateOrNull(v.NextReportOut)))
            .Where(q => q.LastReportOut is not { } last || last < cutOff)
            .OrderBy(q => q.LastReportOut ?? DateOnly.MinValue).ThenBy(q => q.ValueStream.Name, StringComparer.CurrentCulture)
            .ToList();

        return new ProblemLists(worse, notSustained.OrderBy(n => n.Measure.Workshop.ReportOut).ThenBy(n => n.Measure.Facts.MeasureId).ThenBy(n => n.Days).ToList(),
            overdue.OrderBy(o => o.Due).ThenBy(o => o.Workshop.Id).ToList(), awaiting, quiet, revisedThisMonth,
            notMeasured.OrderBy(n => n.Due).ThenBy(n => n.Measure.Facts.MeasureId).ToList());
    }

    public int Total => Worse.Count + NotSustained.Count + NotMeasured.Count + Overdue.Count + Awaiting.Count + Quiet.Count + Revised.Count;

    // The lists in the order they are shown, with their anchors on /Problems.
    public IReadOnlyList<(string Anchor, string Label, int Count)> Summary =>
    [
        ("got-worse", "Got worse", Worse.Count),
        ("not-sustained", "Not sustained at a follow-up", NotSustained.Count),
        ("not-measured", "Follow-ups that won't be measured", NotMeasured.Count),
        ("overdue", "Follow-ups overdue", Overdue.Count),
        ("awaiting", "Awaiting data", Awaiting.Count),
        ("quiet", $"Value streams with no workshop in {QuietDays} days", Quiet.Count),
        ("revised", "Value streams revised this month", Revised.Count),
    ];
}
