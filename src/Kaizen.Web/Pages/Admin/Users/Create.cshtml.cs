using Kaizen.Web.Data;
using Kaizen.Web.Mail;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Admin.Users;

public class CreateModel(Db db, Writes writes, PasswordLinks links, Mailer mailer, CurrentUser me, SignInMethods methods) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Trusts { get; private set; } = [];

    public async Task OnGetAsync() => Trusts = await UserForm.TrustChoicesAsync(db.Connection);

    public async Task<IActionResult> OnPostAsync()
    {
        Trusts = await UserForm.TrustChoicesAsync(db.Connection);
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
        // No password yet (an empty hash matches nothing): the user chooses one with the invitation link.
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO users (email, display_name, role, trust_id, disabled, password_hash, security_stamp, created_at)
            VALUES (@email, @display_name, @role, @trust_id, @disabled, '', @stamp, @now) RETURNING id
            """, new { row.email, row.display_name, row.role, row.trust_id, row.disabled, stamp = UserAccounts.NewStamp(), now = tx.Now });
        if (!methods.LocalPasswords)
        {
            // Nobody signs in with a password here: the organisation account is the way in, so no link is issued.
            await tx.RecordAsync("user", id, "create", null, new { row.email, row.display_name, row.role, row.trust_id, row.disabled });
            tx.Commit();
            var signInUrl = links.SignInUrlFor(Request);
            await UserForm.DeliverOrganisationInvitationAsync(this, mailer,
                PasswordLinks.OrganisationInvitationMail(row.email, row.display_name, row.role, me.Name, signInUrl, methods.Sso.ButtonLabel), signInUrl, row.display_name);
            return RedirectToPage("Index");
        }
        var invitation = await links.IssueAsync(tx.Connection, tx.Transaction, id, PasswordLinks.Invitation);
        await tx.RecordAsync("user", id, "create", null, new { row.email, row.display_name, row.role, row.trust_id, row.disabled, invited_until = Iso.Instant(invitation.ExpiresAt) });
        tx.Commit();
        var url = links.UrlFor(invitation.Token, Request);
        await UserForm.DeliverLinkAsync(this, mailer, PasswordLinks.InvitationMail(row.email, row.display_name, row.role, me.Name, url, invitation.ExpiresAt),
            url, row.display_name, invitation.ExpiresAt);
        return RedirectToPage("Index");
    }
}
