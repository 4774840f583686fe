using System.ComponentModel.DataAnnotations;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Pages.Account;

// Rate-limited per address (see SignInSetup); tries at each account are counted by UserAccounts and SignInGuard.
[EnableRateLimiting(SignInSetup.RateLimitPolicy)]
public class SignInModel(UserAccounts accounts, KnownDevices devices, IOptions<SignInOptions> options) : PageModel
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

        var result = accounts.SignIn(Input.Email, Input.Password, SignInSource.Of(HttpContext, devices));
        if (result.Outcome == SignInOutcome.Succeeded)
        {
            devices.Remember(HttpContext, result.User!.Id);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserAccounts.PrincipalFor(result.User));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        // One answer for every refusal (unknown email, wrong password, locked, disabled): nothing to tell them apart.
        var limits = options.Value;
        ModelState.AddModelError(string.Empty,
            "That email address and password did not sign you in. Check both and try again. " +
            $"After {limits.MaxFailures} failed tries, signing in from this device pauses for {limits.LockoutMinutes} minutes.");
        Input.Password = "";
        return Page();
    }
}
