using System.Text.Json;
using Kaizen.Web.Data.Demo;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Demo;

// Shows the demonstration users' passwords once, straight after loading; they are not stored anywhere in clear.
public class UsersModel : PageModel
{
    public IReadOnlyList<DemoUser> Users { get; private set; } = [];

    public void OnGet()
    {
        if (TempData["DemoUsers"] is string json)
            Users = JsonSerializer.Deserialize<List<DemoUser>>(json) ?? [];
    }
}
