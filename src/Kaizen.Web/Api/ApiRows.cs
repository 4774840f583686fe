using System.ComponentModel;
using Kaizen.Domain;
using Kaizen.Web.Board;
using Kaizen.Web.Reports;

namespace Kaizen.Web.Api;

// The rows the API answers with. Every list is flat, so its JSON items and its CSV rows are the same table: the CSV's
// columns are these properties' JSON names, in this order. Dates are ISO (yyyy-MM-dd), instants ISO UTC.

// A page of a list: the rows, how many there are in all, and the link to the next page (null on the last).
public sealed record Page<T>
{
    public required IReadOnlyList<T> Items { get; init; }
    [Description("Rows in the whole list (all pages).")]
    public required int Total { get; init; }
    public required int Limit { get; init; }
    public required int Offset { get; init; }
    [Description("The URL of the next page, or null on the last page.")]
    public required string? Next { get; init; }
}

// One measure kind's roll-up at the filter's checkpoint: the dashboard's figures (RollUp.ForAll over the dashboard's set).
public sealed record RollUpRow
{
    [Description("Set for the by-trust and by-value-stream roll-ups; null for the programme.")]
    public long? TrustId { get; init; }
    public string? TrustName { get; init; }
    [Description("Set for the by-value-stream roll-up only.")]
    public long? ValueStreamId { get; init; }
    public string? ValueStreamName { get; init; }
    [Description("process_time, error_count or error_rate.")]
    public required string Kind { get; init; }
    [Description("report-out, 30, 60, 90 or latest.")]
    public required string Checkpoint { get; init; }
    [Description("n: workshops with at least one counted measure of this kind.")]
    public required int Workshops { get; init; }
    [Description("The headline reduction as a fraction (0.62 = 62% lower): pooled for process time and error count, the mean of workshop reductions for error rate. Null when n = 0.")]
    public required double? Headline { get; init; }
    [Description("Sum over counted measures before, in minutes (process time) or errors (error count); null for error rate.")]
    public required double? TotalBefore { get; init; }
    public required double? TotalAfter { get; init; }
    [Description("Hours removed (process time) or errors avoided (error count); negative when worse; null for error rate.")]
    public required double? AmountRemoved { get; init; }
    public required double? Mean { get; init; }
    public required double? Median { get; init; }
    public required double? PooledRateBefore { get; init; }
    public required double? PooledRateAfter { get; init; }
    public required int Improved { get; init; }
    public required int Same { get; init; }
    public required int Worse { get; init; }
    [Description("Measures that could not be counted yet (awaiting data).")]
    public required int Awaiting { get; init; }

    public static IEnumerable<RollUpRow> Of(ProgrammeRollUp rollUp, long? trustId = null, string? trustName = null, long? valueStreamId = null, string? valueStreamName = null) =>
        rollUp.Kinds.Select(k => new RollUpRow
        {
            TrustId = trustId, TrustName = trustName, ValueStreamId = valueStreamId, ValueStreamName = valueStreamName,
            Kind = Show.KindKey(k.Kind), Checkpoint = ReportFilter.KeyOf(k.Checkpoint), Workshops = k.Workshops, Headline = k.Headline,
            TotalBefore = k.TotalBefore, TotalAfter = k.TotalAfter, AmountRemoved = k.AmountRemoved, Mean = k.Mean, Median = k.Median,
            PooledRateBefore = k.PooledRateBefore, PooledRateAfter = k.PooledRateAfter,
            Improved = k.Improved, Same = k.Same, Worse = k.Worse, Awaiting = k.Awaiting.Count,
        });
}

// A workshop the figures count (held, in the filter), in report-out order.
public sealed record WorkshopApiRow
{
    public required long Id { get; init; }
    public required string Reference { get; init; }
    public required string Title { get; init; }
    public required DateOnly ReportOut { get; init; }
    [Description("planned (report-out passed, results awaited) or completed.")]
    public required string Status { get; init; }
    public required long TrustId { get; init; }
    public required string TrustCode { get; init; }
    public required string TrustName { get; init; }
    public required long ValueStreamId { get; init; }
    public required string ValueStreamName { get; init; }
    public required int Measures { get; init; }
}

// A measure of those workshops with its readings and follow-ups, in comparison units: minutes (process time), errors
// counted over the window in days (error count), errors over opportunities (error rate; target is a rate 0..1).
public sealed record MeasureApiRow
{
    public required long Id { get; init; }
    public required long WorkshopId { get; init; }
    public required string WorkshopReference { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required double? Baseline { get; init; }
    public required double? BaselineDenominator { get; init; }
    public required double? Target { get; init; }
    public required double? Result { get; init; }
    public required double? ResultDenominator { get; init; }
    public required DateOnly Day30Due { get; init; }
    public required double? Day30 { get; init; }
    public required double? Day30Denominator { get; init; }
    [Description("The reason given when the 30-day follow-up was closed as won't be measured; else null.")]
    public required string? Day30NotMeasured { get; init; }
    public required DateOnly Day60Due { get; init; }
    public required double? Day60 { get; init; }
    public required double? Day60Denominator { get; init; }
    public required string? Day60NotMeasured { get; init; }
    public required DateOnly Day90Due { get; init; }
    public required double? Day90 { get; init; }
    public required double? Day90Denominator { get; init; }
    public required string? Day90NotMeasured { get; init; }

    public static MeasureApiRow Of(MeasureInfo m)
    {
        var f = m.Facts;
        var reportOut = m.Workshop.ReportOut;
        return new MeasureApiRow
        {
            Id = f.MeasureId, WorkshopId = f.WorkshopId, WorkshopReference = m.Workshop.Reference, Kind = Show.KindKey(f.Kind), Name = m.Name,
            Baseline = f.Baseline?.Value, BaselineDenominator = f.Baseline?.Denominator, Target = f.Target,
            Result = f.Result?.Value, ResultDenominator = f.Result?.Denominator,
            Day30Due = FollowUps.DueDate(reportOut, 30), Day30 = f.Day30?.Value, Day30Denominator = f.Day30?.Denominator, Day30NotMeasured = m.NotMeasuredReasons?.Day30,
            Day60Due = FollowUps.DueDate(reportOut, 60), Day60 = f.Day60?.Value, Day60Denominator = f.Day60?.Denominator, Day60NotMeasured = m.NotMeasuredReasons?.Day60,
            Day90Due = FollowUps.DueDate(reportOut, 90), Day90 = f.Day90?.Value, Day90Denominator = f.Day90?.Denominator, Day90NotMeasured = m.NotMeasuredReasons?.Day90,
        };
    }
}

// One entry of the problem-sensing lists (the dashboard's and /Problems'), all seven lists in one table.
public sealed record ProblemApiRow
{
    [Description("got-worse, not-sustained, not-measured, overdue, awaiting, quiet or revised (the anchors of /Problems).")]
    public required string List { get; init; }
    public long? TrustId { get; init; }
    public string? TrustName { get; init; }
    public long? ValueStreamId { get; init; }
    public string? ValueStreamName { get; init; }
    public long? WorkshopId { get; init; }
    public string? WorkshopReference { get; init; }
    public string? WorkshopTitle { get; init; }
    public long? MeasureId { get; init; }
    public string? MeasureName { get; init; }
    public string? Kind { get; init; }
    [Description("The follow-up (30, 60 or 90 days) the entry is about, if any.")]
    public int? Days { get; init; }
    public DateOnly? Due { get; init; }
    [Description("got-worse: the workshop's figure before; not-sustained: the baseline.")]
    public double? Before { get; init; }
    [Description("got-worse: the figure after; not-sustained: the follow-up value.")]
    public double? After { get; init; }
    public double? Reduction { get; init; }
    public double? Target { get; init; }
    [Description("What is missing, the measures overdue, the reason, or the value stream's last and next report-out.")]
    public string? Detail { get; init; }

    public static IEnumerable<ProblemApiRow> Of(ProblemLists lists)
    {
        static ProblemApiRow W(string list, WorkshopInfo w) => new()
        {
            List = list, TrustId = w.TrustId, TrustName = w.TrustName, ValueStreamId = w.ValueStreamId, ValueStreamName = w.ValueStreamName,
            WorkshopId = w.Id, WorkshopReference = w.Reference, WorkshopTitle = w.Title,
        };
        foreach (var r in lists.Worse)
            yield return W("got-worse", r.Workshop) with { Kind = Show.KindKey(r.Kind), Before = r.Before, After = r.After, Reduction = r.Reduction };
        foreach (var r in lists.NotSustained)
            yield return W("not-sustained", r.Measure.Workshop) with
            {
                MeasureId = r.Measure.Facts.MeasureId, MeasureName = r.Measure.Name, Kind = Show.KindKey(r.Measure.Facts.Kind), Days = r.Days,
                Due = FollowUps.DueDate(r.Measure.Workshop.ReportOut, r.Days), Before = r.Baseline, After = r.FollowUp, Target = r.Target,
            };
        foreach (var r in lists.NotMeasured)
            yield return W("not-measured", r.Measure.Workshop) with
            {
                MeasureId = r.Measure.Facts.MeasureId, MeasureName = r.Measure.Name, Kind = Show.KindKey(r.Measure.Facts.Kind), Days = r.Days, Due = r.Due, Detail = r.Reason,
            };
        foreach (var r in lists.Overdue)
            yield return W("overdue", r.Workshop) with { Days = r.Days, Due = r.Due, Detail = string.Join("; ", r.Measures) };
        foreach (var r in lists.Awaiting)
            yield return W("awaiting", r.Workshop) with
            {
                MeasureId = r.Measure?.Facts.MeasureId, MeasureName = r.Measure?.Name, Kind = r.Measure is { } m ? Show.KindKey(m.Facts.Kind) : null, Detail = r.Missing,
            };
        foreach (var r in lists.Quiet)
            yield return new ProblemApiRow
            {
                List = "quiet", TrustId = r.ValueStream.TrustId, TrustName = r.ValueStream.TrustName, ValueStreamId = r.ValueStream.Id, ValueStreamName = r.ValueStream.Name,
                Detail = $"last report-out: {Kaizen.Web.Data.Iso.Date(r.LastReportOut) ?? "none"}; next: {Kaizen.Web.Data.Iso.Date(r.NextReportOut) ?? "none planned"}",
            };
        foreach (var r in lists.Revised)
            yield return new ProblemApiRow
            {
                List = "revised", TrustId = r.TrustId, TrustName = r.TrustName, ValueStreamId = r.ValueStreamId, ValueStreamName = r.ValueStreamName,
                Detail = $"{r.At} by {r.UserName}: {r.Reason}",
            };
    }
}

public sealed record MeetingApiRow
{
    public required long Id { get; init; }
    public required DateOnly MeetingDate { get; init; }
    [Description("When the meeting was marked held (its figures frozen), ISO UTC; null if not yet.")]
    public required string? HeldAt { get; init; }
    public required string? HeldBy { get; init; }
    public required long? CompactNumber { get; init; }
    public required int Attended { get; init; }
    public required int Reflections { get; init; }
    public required int ActionsRaised { get; init; }
    [Description("The month (yyyy-MM) whose figures were frozen when the meeting was held; null if not held.")]
    public required string? FiguresMonth { get; init; }
}

// The figures a board saw, frozen when its meeting was marked held: one row per meeting, period and kind.
public sealed record FrozenFigureApiRow
{
    public required long MeetingId { get; init; }
    public required DateOnly MeetingDate { get; init; }
    public required string Month { get; init; }
    public required DateOnly AsOf { get; init; }
    public required string ComputedAt { get; init; }
    [Description("cumulative (every workshop up to the month's end) or this_month.")]
    public required string Period { get; init; }
    [Description("Workshops in the period.")]
    public required int Workshops { get; init; }
    public required string Kind { get; init; }
    public required int N { get; init; }
    public required double? Headline { get; init; }
    public required double? Amount { get; init; }
    public required double? PooledRateBefore { get; init; }
    public required double? PooledRateAfter { get; init; }
    public required int Improved { get; init; }
    public required int Same { get; init; }
    public required int Worse { get; init; }
    public required int Awaiting { get; init; }

    public static IEnumerable<FrozenFigureApiRow> Of(MeetingRow meeting, FrozenFigures f) =>
        new[] { ("cumulative", f.Cumulative), ("this_month", f.ThisMonth) }.SelectMany(p => p.Item2.Kinds.Select(k => new FrozenFigureApiRow
        {
            MeetingId = meeting.Id, MeetingDate = meeting.Date, Month = f.Month, AsOf = Kaizen.Web.Data.Iso.ParseDate(f.AsOf), ComputedAt = f.ComputedAt,
            Period = p.Item1, Workshops = p.Item2.Workshops, Kind = k.Kind, N = k.N, Headline = k.Headline, Amount = k.Amount,
            PooledRateBefore = k.PooledRateBefore, PooledRateAfter = k.PooledRateAfter, Improved = k.Improved, Same = k.Same, Worse = k.Worse, Awaiting = k.Awaiting,
        }));
}

// The per-trust table the board saw, frozen with the meeting: one row per meeting, period, trust and kind.
public sealed record FrozenTrustApiRow
{
    public required long MeetingId { get; init; }
    public required DateOnly MeetingDate { get; init; }
    public required string Month { get; init; }
    public required string Period { get; init; }
    public required long TrustId { get; init; }
    public required string TrustName { get; init; }
    public required string TrustCode { get; init; }
    public required int Workshops { get; init; }
    public required string Kind { get; init; }
    public required int N { get; init; }
    public required double? Headline { get; init; }

    public static IEnumerable<FrozenTrustApiRow> Of(MeetingRow meeting, FrozenFigures f) =>
        f.Trusts.SelectMany(t => new[] { ("cumulative", t.Cumulative, t.WorkshopsCumulative), ("this_month", t.ThisMonth, t.WorkshopsThisMonth) }
            .SelectMany(p => p.Item2.Select(k => new FrozenTrustApiRow
            {
                MeetingId = meeting.Id, MeetingDate = meeting.Date, Month = f.Month, Period = p.Item1, TrustId = t.TrustId, TrustName = t.Name,
                TrustCode = t.Code, Workshops = p.Item3, Kind = k.Kind, N = k.N, Headline = k.Headline,
            })));
}
