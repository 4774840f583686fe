using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Mail;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Admin.Users;

public class EditModel(Db db, Writes writes, CurrentUser me, PasswordLinks links, Mailer mailer, SignInMethods methods) : PageModel
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
        var updated = await tx.ExecuteAsync("""
            UPDATE users SET email = @Email, display_name = @DisplayName, role = @Role, trust_id = @TrustId, disabled = @Disabled,
                   version = version + 1
            WHERE id = @Id AND version = @expected
            """, new { after.Email, after.DisplayName, after.Role, after.TrustId, after.Disabled, after.Id, expected = Input.Version });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "user", id));
            return Page();
        }
        await tx.RecordAsync("user", id, "update", before, after);
        tx.Commit();
        TempData["StatusMessage"] = $"{after.DisplayName} saved.";
        return RedirectToPage("Index");
    }

    // A new link to choose a password (a forgotten password, or an invitation that expired). The current password
    // keeps working until the link is used.
    public bool LocalPasswords => methods.LocalPasswords;

    public async Task<IActionResult> OnPostSendLinkAsync(long id)
    {
        using var tx = writes.Begin();
        var user = await tx.QuerySingleOrDefaultAsync<Row>(SelectRow, new { id });
        if (user is null) return NotFound();
        if (user.Disabled)
        {
            TempData["StatusMessage"] = $"{user.DisplayName} is disabled: a link would not work. Enable them first.";
            return RedirectToPage(new { id });
        }
        if (!methods.LocalPasswords)
        {
            TempData["StatusMessage"] = $"Passwords are switched off here: {user.DisplayName} signs in with their organisation account.";
            return RedirectToPage(new { id });
        }
        var issued = await links.IssueAsync(tx.Connection, tx.Transaction, id, PasswordLinks.Invitation);
        await tx.RecordAsync("user", id, "password link", null, new { expires_at = Iso.Instant(issued.ExpiresAt) });
        tx.Commit();
        var url = links.UrlFor(issued.Token, Request);
        await UserForm.DeliverLinkAsync(this, mailer, PasswordLinks.InvitationMail(user.Email, user.DisplayName, user.Role, me.Name, url, issued.ExpiresAt),
            url, user.DisplayName, issued.ExpiresAt);
        return RedirectToPage("Index");
    }
}
