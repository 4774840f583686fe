using Kaizen.Web.Data;

namespace Kaizen.Web.Pages.Workshops;

// The columns a workshop form writes, shared by create and edit so the two can never disagree.
internal static class WorkshopWrites
{
    public static object Columns(WorkshopInput input) => new
    {
        title = input.Title.Trim(),
        scope_first_step = Blank(input.ScopeFirstStep),
        scope_last_step = Blank(input.ScopeLastStep),
        problem_statement = Blank(input.ProblemStatement),
        planning_start = Iso.Date(input.PlanningStart),
        start_date = Iso.Date(input.StartDate!.Value),
        length_days = input.LengthDays!.Value,
        report_out_date = Iso.Date(input.ReportOutDate()!.Value),
        executive_sponsor = Blank(input.ExecutiveSponsor),
        process_owner = Blank(input.ProcessOwner),
        team_leader = Blank(input.TeamLeader),
        facilitator = Blank(input.Facilitator),
        status = input.Status,
        status_reason = input.Status is "cancelled" or "stood_down" ? Blank(input.StatusReason) : null,
        report_out_summary = Blank(input.ReportOutSummary),
        lessons = Blank(input.Lessons),
        team = input.TeamRows().Select(t => new { t.Name, t.Role }).ToList(),
    };

    public static async Task ReplaceTeamAsync(AuditedTransaction tx, long workshopId, WorkshopInput input)
    {
        await tx.ExecuteAsync("DELETE FROM workshop_team_members WHERE workshop_id = @workshopId", new { workshopId });
        await tx.ExecuteAsync("INSERT INTO workshop_team_members (workshop_id, position, name, role) VALUES (@workshopId, @Position, @Name, @Role)",
            input.TeamRows().Select(t => new { workshopId, t.Position, t.Name, t.Role }));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
