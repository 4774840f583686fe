using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using System.Data.Common;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Mail;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Users;

public sealed class UserInput
{
    [Required(ErrorMessage = "Enter the user's email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@nhs.net.")]
    [StringLength(254, ErrorMessage = "An email address has at most 254 characters.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter the user's name.")]
    [StringLength(100, ErrorMessage = "Use at most 100 characters for the name.")]
    [Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Choose a role.")]
    public string Role { get; set; } = Roles.Lead;

    [Display(Name = "Trust (for an improvement lead)")]
    public long? TrustId { get; set; }

    [Display(Name = "Disabled (cannot sign in)")]
    public bool Disabled { get; set; }

    public long Version { get; set; }
}

// What the create and edit pages share: the choices offered, the rules that need the database, and handing over a
// link to choose a password.
public static class UserForm
{
    // Emails the link when Kaizen can send mail; otherwise (or if sending fails) the administrator is shown the link to
    // pass on themselves. Either way the Users page says what happened.
    // Local passwords off: no link to pass on, only where and how to sign in.
    public static async Task DeliverOrganisationInvitationAsync(PageModel page, Mailer mailer, OutgoingMail mail, string signInUrl, string name)
    {
        if (mailer.IsConfigured)
        {
            try
            {
                await mailer.SendAsync(mail);
                page.TempData["StatusMessage"] = $"We have emailed {name} ({mail.To}): they sign in at {signInUrl} with their organisation account.";
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                page.TempData["StatusMessage"] = $"The email to {name} could not be sent ({e.Message}). Tell them to sign in at {signInUrl} with their organisation account ({mail.To}).";
                return;
            }
        }
        page.TempData["StatusMessage"] = $"Tell {name} to sign in at {signInUrl} with their organisation account ({mail.To}).";
    }

    public static async Task DeliverLinkAsync(PageModel page, Mailer mailer, OutgoingMail mail, string url, string name, DateTimeOffset expires)
    {
        var until = Format.Instant(Iso.Instant(expires));
        if (mailer.IsConfigured)
        {
            try
            {
                await mailer.SendAsync(mail);
                page.TempData["StatusMessage"] = $"We have emailed {name} a link to choose a password ({mail.To}). It works once, until {until}.";
                return;
            }
            // Whatever the mail server or network says, the user exists now: the administrator gets the link instead.
            catch (Exception e) when (e is not OperationCanceledException)
            {
                page.TempData["StatusMessage"] = $"The email to {name} could not be sent ({e.Message}). Pass this link to them yourself: it works once, until {until}.";
            }
        }
        else
            page.TempData["StatusMessage"] = $"Kaizen cannot send email here: pass this link to {name} yourself (by a channel only they read). It works once, until {until}.";
        page.TempData["PasswordLink"] = url;
    }

    public static IEnumerable<SelectListItem> RoleChoices =>
        Roles.All.Select(r => new SelectListItem(Roles.Describe(r), r));

    public static async Task<IReadOnlyList<SelectListItem>> TrustChoicesAsync(DbConnection connection) =>
        (await connection.QueryAsync<(long Id, string Name, string Code)>("SELECT id, name, code FROM trusts ORDER BY name"))
        .Select(t => new SelectListItem($"{t.Name} ({t.Code})", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        .ToList();

    public static async Task CheckAsync(UserInput input, ModelStateDictionary modelState, DbConnection connection, DbTransaction tx, long? userId)
    {
        if (!Roles.All.Contains(input.Role))
            modelState.AddModelError("Input.Role", "Choose administrator, improvement lead or board member.");
        if (input.Role == Roles.Lead && input.TrustId is null)
            modelState.AddModelError("Input.TrustId", "An improvement lead belongs to one trust: choose it.");
        if (input.TrustId is { } trustId &&
            await connection.ExecuteScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM trusts WHERE id = @trustId)", new { trustId }, tx) == 0)
            modelState.AddModelError("Input.TrustId", "That trust does not exist. Choose one from the list.");
        if (await connection.ExecuteScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(@email) AND id <> @id)",
                new { email = input.Email.Trim(), id = userId ?? 0 }, tx) == 1)
            modelState.AddModelError("Input.Email", "Another user already has this email address.");
    }
}
