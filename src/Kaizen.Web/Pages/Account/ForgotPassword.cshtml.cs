using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Mail;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Kaizen.Web.Pages.Account;

// Asks for a link to choose a new password. The answer is the same whether or not the address has an account, and
// the mail goes in the background so the answer's timing does not tell either.
[AllowAnonymous]
[EnableRateLimiting(SignInSetup.RateLimitPolicy)]
public class ForgotPasswordModel(Db db, Mailer mailer, PasswordLinks links) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [StringLength(254)]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";
    }

    public bool MailIsSetUp => mailer.IsConfigured;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (!mailer.IsConfigured)
        {
            TempData["StatusMessage"] = NoMail;
            return RedirectToPage();
        }

        var u = await db.Connection.QuerySingleOrDefaultAsync<Account>(
            "SELECT id, email, display_name AS DisplayName FROM users WHERE lower(email) = lower(@email) AND disabled = 0", new { email = Input.Email.Trim() });
        if (u is not null && !await links.RecentlyResetAsync(db.Connection, u.Id))
        {
            var issued = await links.IssueAsync(db.Connection, null, u.Id, PasswordLinks.Reset);
            mailer.Enqueue(PasswordLinks.ResetMail(u.Email, u.DisplayName, links.UrlFor(issued.Token, Request), issued.ExpiresAt));
        }
        TempData["StatusMessage"] = Sent;
        return RedirectToPage();
    }

    private sealed record Account
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
    }

    public const string Sent = "If an account uses that email address, we have sent it a link to choose a new password. " +
        "The link works once, within an hour. If nothing arrives in a few minutes, check your junk mail, or ask an administrator.";

    public const string NoMail = "Kaizen cannot send email here, so ask an administrator for a link to choose a new password.";
}
