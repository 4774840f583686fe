using Kaizen.Web.Data;
using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using System.Data.Common;

namespace Kaizen.Web.Pages.ValueStreams;

public sealed class ValueStreamInput
{
    [Display(Name = "Trust")]
    public long? TrustId { get; set; }

    [Required(ErrorMessage = "Enter the value stream's name.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters for the name.")]
    public string Name { get; set; } = "";

    [StringLength(4000, ErrorMessage = "Use at most 4,000 characters for the scope.")]
    [Display(Name = "Scope (what the value stream covers)")]
    public string? Description { get; set; }

    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    [Display(Name = "Executive sponsor")]
    public string? ExecutiveSponsor { get; set; }

    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    [Display(Name = "Value stream owner")]
    public string? Owner { get; set; }

    [Required(ErrorMessage = "Say how the value stream was chosen.")]
    [Display(Name = "How it was chosen")]
    public string ChosenBy { get; set; } = "top_down";

    [Required(ErrorMessage = "Choose a status.")]
    public string Status { get; set; } = "active";

    [Display(Name = "Target reduction in process time (%)")]
    public double? TargetProcessTime { get; set; }

    [Display(Name = "Target reduction in error count (%)")]
    public double? TargetErrorCount { get; set; }

    [Display(Name = "Target reduction in error rate (%)")]
    public double? TargetErrorRate { get; set; }

    [StringLength(1000, ErrorMessage = "Use at most 1,000 characters for the reason.")]
    [Display(Name = "Reason for this revision")]
    public string? Reason { get; set; }

    public long Version { get; set; }

    // Targets are typed as percentages and stored as fractions.
    public static double? Fraction(double? percent) => Percentages.ToFraction(percent);
    public static double? Percent(double? fraction) => fraction is { } f ? Math.Round(f * 100, 6) : null;

    public void Check(ModelStateDictionary modelState)
    {
        if (!Codes.ChosenBy.ContainsKey(ChosenBy))
            modelState.AddModelError("Input.ChosenBy", "Choose top-down or bottom-up.");
        if (!Codes.ValueStreamStatuses.ContainsKey(Status))
            modelState.AddModelError("Input.Status", "Choose active, paused or retired.");
        modelState.AddRuleViolations(ValueStreamRules.Validate(Fraction(TargetProcessTime), Fraction(TargetErrorCount), Fraction(TargetErrorRate)));
    }

    public static async Task<IReadOnlyList<SelectListItem>> TrustChoicesAsync(DbConnection connection, CurrentUser me) =>
        (await connection.QueryAsync<(long Id, string Name, string Code)>("SELECT id, name, code FROM trusts ORDER BY name"))
        .Where(t => me.CanEditTrust(t.Id))
        .Select(t => new SelectListItem($"{t.Name} ({t.Code})", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        .ToList();
}
