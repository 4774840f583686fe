using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Pages.Account;

// The sign-in page's organisation button: sends the browser to the provider. A link, not a form, because the
// content security policy's form-action 'self' would stop a form's redirect to another site.
[AllowAnonymous]
public class SignInWithOrganisationModel(SignInMethods options, IServiceProvider services, ILogger<SignInWithOrganisationModel> log) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!options.Sso.IsConfigured) return NotFound();
        // The provider's metadata is fetched (and then kept) before the challenge, so a provider that cannot be
        // reached gives the plain failure page rather than an error from inside the challenge.
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(SingleSignOn.Scheme);
        try
        {
            await oidc.ConfigurationManager!.GetConfigurationAsync(HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Organisation sign-in could not start: the provider's metadata at {Authority} could not be read", options.Sso.Authority);
            return Redirect("/Account/OrganisationSignInFailed");
        }
        return Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" }, SingleSignOn.Scheme);
    }
}
