using Kaizen.Web.Infrastructure;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Board.Members;

public class CreateModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel, IMemberForm
{
    [BindProperty] public MemberInput Input { get; set; } = new();
    public IEnumerable<SelectListItem> Trusts { get; private set; } = [];
    public IEnumerable<SelectListItem> Users { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!me.IsAdministrator) return Forbid();
        Input.ActiveFrom = clock.Today;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!me.IsAdministrator) return writes.Refuse("board_member", null, "add a board member");
        await LoadAsync();
        using var tx = writes.Begin();
        await Input.CheckAsync(ModelState, tx.Connection, tx.Transaction);
        if (!ModelState.IsValid) return Page();
        var columns = Input.Columns();
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO board_members (name, trust_id, organisation, role, active_from, active_to, user_id)
            VALUES (@name, @trust_id, @organisation, @role, @active_from, @active_to, @user_id) RETURNING id
            """, columns);
        await tx.RecordAsync("board_member", id, "create", null, columns);
        tx.Commit();
        TempData["StatusMessage"] = $"{Input.Name.Trim()} added to the board.";
        return RedirectToPage("Index");
    }

    private async Task LoadAsync()
    {
        Trusts = (await db.Connection.QueryAsync<(long Id, string Name)>("SELECT id, name FROM trusts ORDER BY name"))
            .Select(t => new SelectListItem(t.Name, BoardCodes.Id(t.Id))).ToList();
        Users = (await MemberInput.UserChoicesAsync(db.Connection)).Select(u => new SelectListItem($"{u.Name} ({u.Email})", BoardCodes.Id(u.Id))).ToList();
    }
}
