using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

// The signed-in person's own page: who Kaizen thinks they are, and how often they get reminder emails.
public class ProfileModel(Db db, Writes writes, CurrentUser me) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> Frequencies = new Dictionary<string, string>
    {
        ["daily"] = "Every day there is something to see to",
        ["weekly"] = "On Mondays, when there is something to see to",
        ["never"] = "Never",
    };

    public sealed class InputModel
    {
        public string Reminders { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (me.Id is not { } id) return Forbid();
        Input.Reminders = await db.Connection.QuerySingleAsync<string>("SELECT reminders FROM users WHERE id = @id", new { id });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (me.Id is not { } id) return Forbid();
        if (!Frequencies.ContainsKey(Input.Reminders))
        {
            ModelState.AddModelError("Input.Reminders", "Choose every day, on Mondays, or never.");
            return Page();
        }
        using var tx = writes.Begin();
        var before = await tx.QuerySingleOrDefaultAsync<string>("SELECT reminders FROM users WHERE id = @id", new { id });
        await tx.ExecuteAsync("UPDATE users SET reminders = @Reminders WHERE id = @id", new { Input.Reminders, id });
        await tx.RecordAsync("user", id, "reminders", new { reminders = before }, new { reminders = Input.Reminders });
        tx.Commit();
        TempData["StatusMessage"] = Input.Reminders == "never" ? "You will get no reminder emails." : "Saved: " + Frequencies[Input.Reminders].ToLowerInvariant() + ", you get a reminder email.";
        return Redirect("/Account/Profile");
    }
}
