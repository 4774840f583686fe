using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

// Where an organisation sign-in lands when the provider's answer is refused (bad signature, wrong issuer, expired),
// the person cancelled at the provider, or the provider cannot be reached. The reason is in the log, not on the page.
[AllowAnonymous]
public class OrganisationSignInFailedModel : PageModel
{
    public void OnGet() { }
}
