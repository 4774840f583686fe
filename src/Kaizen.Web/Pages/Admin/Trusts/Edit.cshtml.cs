using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Trusts;

public class EditModel(Db db, Writes writes) : PageModel
{
    [BindProperty] public TrustInput Input { get; set; } = new();

    private sealed record Row(long Id, string Name, string Code, string JoinedOn, long Version); // plain columns only: positional is safe here

    private const string SelectRow = "SELECT id, name, code, joined_on AS JoinedOn, version FROM trusts WHERE id = @id";

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<Row>(SelectRow, new { id });
        if (row is null) return NotFound();
        Input = new TrustInput { Name = row.Name, Code = row.Code, JoinedOn = Iso.ParseDate(row.JoinedOn), Version = row.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        var before = await tx.QuerySingleOrDefaultAsync<Row>(SelectRow, new { id });
        if (before is null) return NotFound();
        if (!ModelState.IsValid) return Page();
        var code = Input.Code.Trim().ToUpperInvariant();
        if (await tx.ExecuteScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM trusts WHERE lower(code) = lower(@code) AND id <> @id)", new { code, id }) == 1)
        {
            ModelState.AddModelError("Input.Code", $"Another trust already uses the code {code}. Choose a different code.");
            return Page();
        }
        var after = new Row(id, Input.Name.Trim(), code, Iso.Date(Input.JoinedOn!.Value), Input.Version + 1);
        var updated = await tx.ExecuteAsync("""
            UPDATE trusts SET name = @Name, code = @Code, joined_on = @JoinedOn, version = version + 1
            WHERE id = @Id AND version = @expected
            """, new { after.Name, after.Code, after.JoinedOn, after.Id, expected = Input.Version });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "trust", id));
            return Page();
        }
        await tx.RecordAsync("trust", id, "update", before, after);
        tx.Commit();
        TempData["StatusMessage"] = $"Trust {after.Name} saved.";
        return RedirectToPage("Index");
    }
}
