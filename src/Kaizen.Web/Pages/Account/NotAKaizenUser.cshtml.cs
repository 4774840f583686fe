using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

// Where an organisation sign-in lands when the verified email is not an enabled Kaizen user. The email comes in
// TempData (encrypted), not the address, so a link cannot make this page say someone else's address.
[AllowAnonymous]
public class NotAKaizenUserModel : PageModel
{
    public string? Email { get; private set; }

    public void OnGet() => Email = TempData[SingleSignOn.RefusedEmailKey] as string;
}
