using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using System.Data.Common;

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

    [Display(Name = "Kaizen user")]
    public long? UserId { get; set; }

    public long Version { get; set; }

    // The board users a member can be linked to: those with the board role who can sign in.
    public static async Task<IReadOnlyList<(long Id, string Name, string Email)>> UserChoicesAsync(DbConnection c, DbTransaction? tx = null) =>
        (await c.QueryAsync<(long Id, string Name, string Email)>(
            "SELECT id, display_name, email FROM users WHERE role = 'board' AND disabled = 0 ORDER BY display_name, email", transaction: tx)).ToList();

    // memberId: the member being edited (null when adding one), so that keeping its own user is not "already linked".
    public async Task CheckAsync(ModelStateDictionary state, DbConnection c, DbTransaction? tx, long? memberId = null)
    {
        if (UserId is { } userId)
        {
            if (!(await UserChoicesAsync(c, tx)).Any(u => u.Id == userId))
                state.AddModelError("Input.UserId", "Choose a Kaizen user with the board member role, or no user.");
            else if (await c.QuerySingleOrDefaultAsync<string>(
                         "SELECT name FROM board_members WHERE user_id = @userId AND id <> @memberId", new { userId, memberId = memberId ?? 0 }, tx) is { } other)
                state.AddModelError("Input.UserId", $"That user is already linked to the board member {other}. A user is one board member.");
        }
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
        user_id = UserId,
    };
}
