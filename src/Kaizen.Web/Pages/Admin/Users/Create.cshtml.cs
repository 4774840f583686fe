using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Admin.Users;

public class CreateModel(Db db, Writes writes) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Trusts { get; private set; } = [];

    public async Task OnGetAsync() => Trusts = await UserForm.TrustChoicesAsync(db.Connection);

    public async Task<IActionResult> OnPostAsync()
    {
        Trusts = await UserForm.TrustChoicesAsync(db.Connection);
        if (string.IsNullOrEmpty(Input.Password))
            ModelState.AddModelError("Input.Password", "Set a first password of at least 10 characters and give it to the user.");
        using var tx = writes.Begin();
        await UserForm.CheckAsync(Input, ModelState, tx.Connection, tx.Transaction, null);
        if (!ModelState.IsValid) return Page();

        var row = new
        {
            email = Input.Email.Trim(),
            display_name = Input.DisplayName.Trim(),
            role = Input.Role,
            trust_id = Input.Role == Roles.Lead ? Input.TrustId : null,
            disabled = Input.Disabled,
        };
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO users (email, display_name, role, trust_id, disabled, password_hash, security_stamp, created_at)
            VALUES (@email, @display_name, @role, @trust_id, @disabled, @hash, @stamp, @now) RETURNING id
            """, new { row.email, row.display_name, row.role, row.trust_id, row.disabled, hash = UserAccounts.Hash(Input.Password!), stamp = UserAccounts.NewStamp(), now = tx.Now });
        await tx.RecordAsync("user", id, "create", null, row);
        tx.Commit();
        TempData["StatusMessage"] = $"{row.display_name} can now sign in as {Roles.Describe(row.role).ToLowerInvariant()}.";
        return RedirectToPage("Index");
    }
}
