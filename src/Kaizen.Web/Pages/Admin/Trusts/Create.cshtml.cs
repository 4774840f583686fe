using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Trusts;

public class CreateModel(Writes writes) : PageModel
{
    [BindProperty] public TrustInput Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        using var tx = writes.Begin();
        var code = Input.Code.Trim().ToUpperInvariant();
        if (await tx.ExecuteScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM trusts WHERE lower(code) = lower(@code))", new { code }) == 1)
        {
            ModelState.AddModelError("Input.Code", $"Another trust already uses the code {code}. Choose a different code.");
            return Page();
        }
        var row = new { name = Input.Name.Trim(), code, joined_on = Iso.Date(Input.JoinedOn!.Value) };
        var id = await tx.ExecuteScalarAsync<long>(
            "INSERT INTO trusts (name, code, joined_on) VALUES (@name, @code, @joined_on) RETURNING id", row);
        await tx.RecordAsync("trust", id, "create", null, row);
        tx.Commit();
        TempData["StatusMessage"] = $"Trust {row.name} added.";
        return RedirectToPage("Index");
    }
}
