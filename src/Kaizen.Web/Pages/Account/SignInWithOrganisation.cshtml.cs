using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

// The sign-in page's organisation button: sends the browser to the provider. A link, not a form, because the
// content security policy's form-action 'self' would stop a form's redirect to another site.
[AllowAnonymous]
public class SignInWithOrganisationModel(SignInOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnGet()
    {
        if (!options.Sso.IsConfigured) return NotFound();
        return Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" }, SingleSignOn.Scheme);
    }
}
