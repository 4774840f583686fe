using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages;

public class IndexModel : PageModel
{
    public void OnGet() { }
}
