using System.ComponentModel.DataAnnotations;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

public class SignInModel(UserAccounts accounts, Data.Writes writes) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var result = accounts.SignIn(Input.Email, Input.Password);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserAccounts.PrincipalFor(result.User!));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.LockedOut:
                if (result.User is { } locked) writes.Denied("user", locked.Id, "sign-in while locked out");
                ModelState.AddModelError(string.Empty,
                    $"This account is locked for {UserAccounts.LockoutLength.TotalMinutes:0} minutes after {UserAccounts.MaxFailedSignIns} failed sign-ins. " +
                    $"Try again after {Format.Instant(Data.Iso.Instant(result.LockedUntil!.Value))}, or ask an administrator to reset your password.");
                break;
            case SignInOutcome.Disabled:
                ModelState.AddModelError(string.Empty, "This account has been disabled. Ask an administrator if you need access again.");
                break;
            default:
                var left = result.AttemptsLeft > 0 && result.AttemptsLeft < UserAccounts.MaxFailedSignIns - 1
                    ? $" {result.AttemptsLeft} more failed {(result.AttemptsLeft == 1 ? "try" : "tries")} will lock the account for {UserAccounts.LockoutLength.TotalMinutes:0} minutes."
                    : "";
                ModelState.AddModelError(string.Empty, "That email address and password do not match an account." + left);
                break;
        }
        Input.Password = "";
        return Page();
    }
}
