using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Admin.Users;

public class EditModel(Db db, Writes writes, CurrentUser me) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Trusts { get; private set; } = [];

    private sealed record Row
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Role { get; init; } = "";
        public long? TrustId { get; init; }
        public bool Disabled { get; init; }
        public long Version { get; init; }
    }

    private const string SelectRow = "SELECT id, email, display_name AS DisplayName, role, trust_id AS TrustId, disabled, version FROM users WHERE id = @id";

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<Row>(SelectRow, new { id });
        if (row is null) return NotFound();
        Trusts = await UserForm.TrustChoicesAsync(db.Connection);
        Input = new UserInput { Email = row.Email, DisplayName = row.DisplayName, Role = row.Role, TrustId = row.TrustId, Disabled = row.Disabled, Version = row.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        Trusts = await UserForm.TrustChoicesAsync(db.Connection);
        using var tx = writes.Begin();
        var before = await tx.QuerySingleOrDefaultAsync<Row>(SelectRow, new { id });
        if (before is null) return NotFound();
        await UserForm.CheckAsync(Input, ModelState, tx.Connection, tx.Transaction, id);
        if (id == me.Id && (Input.Disabled || Input.Role != Roles.Administrator))
            ModelState.AddModelError("Input.Role", "You cannot remove your own administrator role or disable yourself: ask another administrator.");
        if (!ModelState.IsValid) return Page();

        var after = new Row
        {
            Id = id, Email = Input.Email.Trim(), DisplayName = Input.DisplayName.Trim(), Role = Input.Role,
            TrustId = Input.Role == Roles.Lead ? Input.TrustId : null, Disabled = Input.Disabled, Version = Input.Version + 1,
        };
        var resetPassword = !string.IsNullOrEmpty(Input.Password);
        var updated = await tx.ExecuteAsync("""
            UPDATE users SET email = @Email, display_name = @DisplayName, role = @Role, trust_id = @TrustId, disabled = @Disabled,
                   password_hash = COALESCE(@hash, password_hash),
                   security_stamp = CASE WHEN @hash IS NULL THEN security_stamp ELSE @stamp END,
                   failed_sign_ins = CASE WHEN @hash IS NULL THEN failed_sign_ins ELSE 0 END,
                   locked_until = CASE WHEN @hash IS NULL THEN locked_until ELSE NULL END,
                   version = version + 1
            WHERE id = @Id AND version = @expected
            """, new
            {
                after.Email, after.DisplayName, after.Role, after.TrustId, after.Disabled, after.Id, expected = Input.Version,
                hash = resetPassword ? UserAccounts.Hash(Input.Password!) : null, stamp = UserAccounts.NewStamp(),
            });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "user", id));
            return Page();
        }
        if (resetPassword) SignInGuard.Forget(tx.Connection, id, tx.Transaction);
        // The password hash never goes into the audit log; that it was reset does.
        await tx.RecordAsync("user", id, "update", before, new { after, password_reset = resetPassword });
        tx.Commit();
        TempData["StatusMessage"] = $"{after.DisplayName} saved." + (resetPassword ? " The new password works now and their other sessions have ended." : "");
        return RedirectToPage("Index");
    }
}
