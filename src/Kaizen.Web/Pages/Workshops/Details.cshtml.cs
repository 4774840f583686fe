using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Pages.Measures;
using MeasureCreate = Kaizen.Web.Pages.Measures.CreateModel;
using Kaizen.Web.Reports;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Workshops;

// One workshop: what it is, its measures before and after, and each follow-up's state. The model works out every
// figure, state and date shown; the view prints them.
public class DetailsModel(Db db, Clock clock, CurrentUser me) : PageModel
{
    public WorkshopRow Workshop { get; private set; } = new();
    public IReadOnlyList<(string Name, string Role)> Team { get; private set; } = [];
    public IReadOnlyList<MeasureLine> Measures { get; private set; } = [];
    public IReadOnlyList<MeasureChartModel> Charts { get; private set; } = [];
    public IReadOnlyList<int> CheckpointDays => FollowUps.CheckpointDays;
    public bool CanEdit { get; private set; }
    public bool CanAddMeasure => CanEdit && Measures.Count < MeasureCreate.MaxMeasures;
    public string StatusWords { get; private set; } = "";
    public string StatusBadge { get; private set; } = "";
    public string Dates { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<WorkshopRow>(WorkshopRow.Select, new { id });
        if (row is null) return NotFound();
        Workshop = row;
        CanEdit = me.CanEditTrust(row.TrustId);
        Team = (await db.Connection.QueryAsync<(string, string)>(WorkshopRow.SelectTeam, new { id }))
            .Select(t => (t.Item1, Codes.TeamRoles[t.Item2])).ToList();

        var status = Codes.Status(row.Status);
        StatusWords = Codes.Words(status);
        StatusBadge = status switch
        {
            WorkshopStatus.Completed => "text-bg-success",
            WorkshopStatus.Planned => "text-bg-primary",
            _ => "text-bg-secondary",
        };
        var reportOut = Iso.ParseDate(row.ReportOutDate);
        Dates = $"{Format.Date(Iso.ParseDate(row.StartDate))} to {Format.Date(reportOut)} ({row.LengthDays} days; report-out on the last day)"
            + (row.PlanningStart is null ? "" : $"; planning from {Format.Date(Iso.ParseDate(row.PlanningStart))}");

        var rows = await MeasureRow.OfWorkshopAsync(db.Connection, id);
        Measures = rows.Select(m => MeasureLine.Of(m, reportOut, clock.Today)).ToList();
        Charts = rows.Where(m => m.Baseline is not null).Select(m => MeasureChartModel.From(m.ToFacts(), m.Name)).ToList();
        return Page();
    }
}

// One measure's row on the workshop page, in the units the lead entered.
public sealed record MeasureLine(MeasureRow Row, string KindWords, bool WindowScaled, string Baseline, string Target,
    string ReportOut, double? Reduction, IReadOnlyList<FollowUpCell> FollowUps)
{
    public static MeasureLine Of(MeasureRow m, DateOnly reportOut, DateOnly today)
    {
        var facts = m.ToFacts();
        var cells = Kaizen.Domain.FollowUps.CheckpointDays.Select(d =>
        {
            var (value, den) = m.FollowUp(d);
            var reason = m.NotMeasuredReason(d);
            var waiting = value is null && reason is null;
            return new FollowUpCell(d,
                value is null ? null : MeasureDisplay.Reading(m, value, den),
                Kaizen.Domain.FollowUps.State(reportOut, d, value is not null, today, reason is not null),
                value is null ? reason : null,
                waiting ? null : Sustainment.For(facts, (Checkpoint)d),
                waiting ? Kaizen.Domain.FollowUps.DueDate(reportOut, d) : null);
        }).ToList();
        return new MeasureLine(m, Codes.Words(m.KindValue), MeasureMaths.IsWindowScaled(facts, Checkpoint.ReportOut),
            MeasureDisplay.Reading(m, m.Baseline, m.BaselineDen), MeasureDisplay.Target(m),
            m.Result is null && reportOut <= today ? "Awaiting data" : MeasureDisplay.Reading(m, m.Result, m.ResultDen),
            MeasureMaths.ReductionAt(facts, Checkpoint.ReportOut), cells);
    }
}

// A follow-up: the reading (null before one is recorded), its state, why it won't be measured, whether it held the
// gain, and when it is due while it is still awaited.
public sealed record FollowUpCell(int Days, string? Reading, FollowUpState State, string? NotMeasuredReason,
    SustainmentState? Sustained, DateOnly? Due);
