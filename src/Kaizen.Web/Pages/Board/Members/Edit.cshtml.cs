using Kaizen.Web.Infrastructure;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Board.Members;

public class EditModel(Db db, Writes writes, CurrentUser me) : PageModel, IMemberForm
{
    [BindProperty] public MemberInput Input { get; set; } = new();
    public IEnumerable<SelectListItem> Trusts { get; private set; } = [];
    public IEnumerable<SelectListItem> Users { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!me.IsAdministrator) return Forbid();
        var row = await BoardQueries.MemberAsync(db.Connection, id);
        if (row is null) return NotFound();
        Input = new MemberInput
        {
            Name = row.Name, TrustId = row.TrustId, Organisation = row.Organisation, Role = row.Role,
            ActiveFrom = Iso.ParseDate(row.ActiveFrom), ActiveTo = Iso.ParseDateOrNull(row.ActiveTo), UserId = row.UserId, Version = row.Version,
        };
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("board_member", id, "edit a board member");
        await LoadAsync();
        using var tx = writes.Begin();
        var before = await BoardQueries.MemberAsync(tx.Connection, id, tx.Transaction);
        if (before is null) return NotFound();
        await Input.CheckAsync(ModelState, tx.Connection, tx.Transaction, id);
        if (!ModelState.IsValid) return Page();
        var columns = Input.Columns();
        var parameters = new DynamicParameters(columns);
        parameters.AddDynamicParams(new { id, expected = Input.Version });
        var updated = await tx.ExecuteAsync("""
            UPDATE board_members SET name = @name, trust_id = @trust_id, organisation = @organisation, role = @role,
                active_from = @active_from, active_to = @active_to, user_id = @user_id, version = version + 1
            WHERE id = @id AND version = @expected
            """, parameters);
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "board_member", id));
            return Page();
        }
        await tx.RecordAsync("board_member", id, "update", before, columns);
        tx.Commit();
        TempData["StatusMessage"] = $"{Input.Name.Trim()} saved.";
        return RedirectToPage("Index");
    }

    private async Task LoadAsync()
    {
        Trusts = (await db.Connection.QueryAsync<(long Id, string Name)>("SELECT id, name FROM trusts ORDER BY name"))
            .Select(t => new SelectListItem(t.Name, BoardCodes.Id(t.Id))).ToList();
        Users = (await MemberInput.UserChoicesAsync(db.Connection)).Select(u => new SelectListItem($"{u.Name} ({u.Email})", BoardCodes.Id(u.Id))).ToList();
    }
}
