using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using System.Data.Common;

namespace Kaizen.Web.Pages.Workshops;

public sealed class TeamMemberInput
{
    [StringLength(200, ErrorMessage = "Use at most 200 characters for a name.")]
    public string? Name { get; set; }

    public string Role { get; set; } = "in_process";
}

public sealed class WorkshopInput
{
    [Display(Name = "Value stream")]
    public long? ValueStreamId { get; set; }

    [Required(ErrorMessage = "Enter the workshop's title.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters for the title.")]
    public string Title { get; set; } = "";

    [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
    [Display(Name = "First step in scope")]
    public string? ScopeFirstStep { get; set; }

    [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
    [Display(Name = "Last step in scope")]
    public string? ScopeLastStep { get; set; }

    [StringLength(4000, ErrorMessage = "Use at most 4,000 characters.")]
    [Display(Name = "Problem statement")]
    public string? ProblemStatement { get; set; }

    [Display(Name = "Planning start")]
    [PlausibleDate]
    public DateOnly? PlanningStart { get; set; }

    [Required(ErrorMessage = "Enter the first day of the workshop.")]
    [Display(Name = "Start date")]
    [PlausibleDate]
    public DateOnly? StartDate { get; set; }

    [Required(ErrorMessage = "Enter how many days the workshop lasts: 3, 4 or 5.")]
    [Display(Name = "Length (days)")]
    public int? LengthDays { get; set; } = 5;

    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    [Display(Name = "Executive sponsor")]
    public string? ExecutiveSponsor { get; set; }

    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    [Display(Name = "Process owner")]
    public string? ProcessOwner { get; set; }

    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    [Display(Name = "Team leader")]
    public string? TeamLeader { get; set; }

    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    public string? Facilitator { get; set; }

    public string Status { get; set; } = "planned";

    [StringLength(1000, ErrorMessage = "Use at most 1,000 characters for the reason.")]
    [Display(Name = "Reason (for cancelled or stood down)")]
    public string? StatusReason { get; set; }

    [StringLength(8000, ErrorMessage = "Use at most 8,000 characters.")]
    [Display(Name = "Report-out summary")]
    public string? ReportOutSummary { get; set; }

    [StringLength(8000, ErrorMessage = "Use at most 8,000 characters.")]
    public string? Lessons { get; set; }

    public List<TeamMemberInput> Team { get; set; } = [];

    public long Version { get; set; }

    public static readonly IReadOnlyDictionary<string, string> Statuses = new Dictionary<string, string>
    {
        ["planned"] = "Planned", ["completed"] = "Completed", ["cancelled"] = "Cancelled", ["stood_down"] = "Stood down",
    };

    // A method, not a property, so model validation does not evaluate it on dates it has yet to refuse.
    public DateOnly? ReportOutDate() =>
        StartDate is { } s && s >= PlausibleDateAttribute.Earliest && s <= PlausibleDateAttribute.Latest
        && LengthDays is { } n and >= WorkshopRules.MinLengthDays and <= WorkshopRules.MaxLengthDays
            ? WorkshopRules.ReportOutDate(s, n) : null;

    public void PadTeam(int blanks = 2)
    {
        for (var i = 0; i < blanks; i++) Team.Add(new TeamMemberInput());
    }

    public void Check(ModelStateDictionary modelState, DateOnly today, int measuresWithResult)
    {
        if (!Statuses.ContainsKey(Status))
            modelState.AddModelError("Input.Status", "Choose planned, completed, cancelled or stood down.");
        for (var i = 0; i < Team.Count; i++)
            if (!Codes.TeamRoles.ContainsKey(Team[i].Role))
                modelState.AddModelError($"Input.Team[{i}].Role", "Choose one of the listed roles.");
        // The domain's date rules need dates and a length that passed their own checks.
        if (modelState.GetFieldValidationState("Input.StartDate") == ModelValidationState.Invalid
            || modelState.GetFieldValidationState("Input.PlanningStart") == ModelValidationState.Invalid
            || StartDate is null)
        {
            // The length does not need the dates: say what is wrong with it now, not on the next submit.
            if (LengthDays is { } n && WorkshopRules.CheckLength(n) is { } violation)
                modelState.AddRuleViolations([violation]);
            return;
        }
        if (StartDate is { } start && LengthDays is { } length && Statuses.ContainsKey(Status))
            modelState.AddRuleViolations(WorkshopRules.Validate(
                new WorkshopDraft(PlanningStart, start, length, Codes.Status(Status), StatusReason, measuresWithResult), today));
    }

    public IEnumerable<(int Position, string Name, string Role)> TeamRows() =>
        Team.Where(m => !string.IsNullOrWhiteSpace(m.Name)).Select((m, i) => (i + 1, m.Name!.Trim(), m.Role));

    public static async Task<IReadOnlyList<SelectListItem>> ValueStreamChoicesAsync(DbConnection connection, CurrentUser me) =>
        (await connection.QueryAsync<(long Id, string Name, long TrustId, string Code)>("""
            SELECT v.id, v.name, v.trust_id, t.code FROM value_streams v JOIN trusts t ON t.id = v.trust_id
            WHERE v.status <> 'retired' ORDER BY t.code, v.name
            """))
        .Where(v => me.CanEditTrust(v.TrustId))
        .Select(v => new SelectListItem($"{v.Code}: {v.Name}", v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        .ToList();
}
