using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Workshops;

public class EditModel(Db db, Writes writes, Clock clock) : PageModel
{
    [BindProperty] public WorkshopInput Input { get; set; } = new();

    public WorkshopRow Workshop { get; private set; } = new();

    [ChangesTrustRecord(TrustRecord.Workshop, "edit a workshop of another trust")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<WorkshopRow>(WorkshopRow.Select, new { id });
        if (row is null) return NotFound();
        Workshop = row;
        Input = new WorkshopInput
        {
            ValueStreamId = row.ValueStreamId, Title = row.Title, ScopeFirstStep = row.ScopeFirstStep, ScopeLastStep = row.ScopeLastStep,
            ProblemStatement = row.ProblemStatement, PlanningStart = Iso.ParseDateOrNull(row.PlanningStart), StartDate = Iso.ParseDate(row.StartDate),
            LengthDays = (int)row.LengthDays, ExecutiveSponsor = row.ExecutiveSponsor, ProcessOwner = row.ProcessOwner,
            TeamLeader = row.TeamLeader, Facilitator = row.Facilitator, Status = row.Status, StatusReason = row.StatusReason,
            ReportOutSummary = row.ReportOutSummary, Lessons = row.Lessons, Version = row.Version,
            Team = (await db.Connection.QueryAsync<(string Name, string Role)>(WorkshopRow.SelectTeam, new { id }))
                .Select(t => new TeamMemberInput { Name = t.Name, Role = t.Role }).ToList(),
        };
        Input.PadTeam(2);
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "edit a workshop of another trust")]
    public async Task<IActionResult> OnPostMoreRowsAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<WorkshopRow>(WorkshopRow.Select, new { id });
        if (row is null) return NotFound();
        Workshop = row;
        ModelState.Clear();
        Input.PadTeam(3);
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "edit a workshop of another trust")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        var before = await tx.QuerySingleOrDefaultAsync<WorkshopRow>(WorkshopRow.Select, new { id });
        if (before is null) return NotFound();
        Workshop = before;
        var withResults = await tx.ExecuteScalarAsync<long>(WorkshopRow.CountResults, new { id });
        Input.Check(ModelState, clock.Today, (int)withResults);
        if (!ModelState.IsValid) return Page();

        var columns = WorkshopWrites.Columns(Input);
        var parameters = new DynamicParameters(columns);
        parameters.AddDynamicParams(new { id, expected = Input.Version, now = tx.Now, by = tx.UserName });
        var updated = await tx.ExecuteAsync("""
            UPDATE workshops SET title = @title, scope_first_step = @scope_first_step, scope_last_step = @scope_last_step,
                problem_statement = @problem_statement, planning_start = @planning_start, start_date = @start_date,
                length_days = @length_days, report_out_date = @report_out_date, executive_sponsor = @executive_sponsor,
                process_owner = @process_owner, team_leader = @team_leader, facilitator = @facilitator, status = @status,
                status_reason = @status_reason, report_out_summary = @report_out_summary, lessons = @lessons,
                updated_at = @now, updated_by = @by, version = version + 1
            WHERE id = @id AND version = @expected
            """, parameters);
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "workshop", id));
            return Page();
        }
        await WorkshopWrites.ReplaceTeamAsync(tx, id, Input);
        await tx.RecordAsync("workshop", id, "update", before, columns);
        tx.Commit();
        TempData["StatusMessage"] = $"Workshop {before.Reference} saved.";
        return RedirectToPage("Details", new { id });
    }
}
