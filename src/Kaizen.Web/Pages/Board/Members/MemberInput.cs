using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Pages.Board.Members;

public sealed class MemberInput
{
    [Required(ErrorMessage = "Enter the member's name.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters for the name.")]
    public string Name { get; set; } = "";

    [Display(Name = "Trust")]
    public long? TrustId { get; set; }

    [Display(Name = "Or another organisation")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters for the organisation.")]
    public string? Organisation { get; set; }

    [Required(ErrorMessage = "Choose the member's role on the board.")]
    public string Role { get; set; } = "";

    [Required(ErrorMessage = "Enter the date the member joined the board.")]
    [Display(Name = "Active from")]
    public DateOnly? ActiveFrom { get; set; }

    [Display(Name = "Active to")]
    public DateOnly? ActiveTo { get; set; }

    public long Version { get; set; }

    public async Task CheckAsync(ModelStateDictionary state, SqliteConnection c, SqliteTransaction? tx)
    {
        var organisation = string.IsNullOrWhiteSpace(Organisation) ? null : Organisation.Trim();
        if (TrustId is null && organisation is null)
            state.AddModelError("Input.TrustId", "Choose the trust this member sits for, or name their organisation below (for example a regulator).");
        else if (TrustId is not null && organisation is not null)
            state.AddModelError("Input.Organisation", "A member sits for one organisation: choose a trust or name another organisation, not both.");
        else if (TrustId is { } trustId && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM trusts WHERE id = @trustId", new { trustId }, tx) == 0)
            state.AddModelError("Input.TrustId", "That trust no longer exists. Choose one from the list.");
        if (!string.IsNullOrEmpty(Role) && !BoardCodes.MemberRoles.ContainsKey(Role))
            state.AddModelError("Input.Role", "Choose chief executive, regulator, facilitator or other.");
        if (ActiveFrom is { } from && ActiveTo is { } to && to < from)
            state.AddModelError("Input.ActiveTo", "The end date must be on or after the start date, or left empty while the member is on the board.");
    }

    public object Columns() => new
    {
        name = Name.Trim(),
        trust_id = TrustId,
        organisation = TrustId is null ? Organisation?.Trim() : null,
        role = Role,
        active_from = Iso.Date(ActiveFrom!.Value),
        active_to = Iso.Date(ActiveTo),
    };
}
