using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

public class SignOutModel(UserAccounts accounts, CurrentUser me) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        // Rotating the stamp makes a copied cookie worthless after sign-out, not just this browser's.
        if (me.Id is { } id) accounts.RotateStamp(id);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        TempData["StatusMessage"] = "You have signed out.";
        return RedirectToPage("/Account/SignIn");
    }
}
