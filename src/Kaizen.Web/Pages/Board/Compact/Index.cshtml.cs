using Kaizen.Web.Infrastructure;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board.Compact;

// The version in force (the latest adopted), every version, and for administrators "Draft a new version": a copy of
// the one in force to edit. Drafting never changes the version in force; adopting a draft does.
public class IndexModel(Db db, Writes writes, CurrentUser me) : PageModel
{
    public CompactVersionRow? InForce { get; private set; }
    public IReadOnlyList<CompactItemRow> InForceItems { get; private set; } = [];
    public IReadOnlyList<CompactVersionRow> Versions { get; private set; } = [];
    public CompactVersionRow? Draft => Versions.FirstOrDefault(v => v.IsDraft);
    public bool CanManage => me.IsAdministrator;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostDraftAsync()
    {
        if (!me.IsAdministrator) return writes.Refuse("compact_version", null, "draft a new version of the compact");
        using var tx = writes.Begin();
        var existing = await tx.QuerySingleOrDefaultAsync<long?>("SELECT id FROM compact_versions WHERE adopted_on IS NULL ORDER BY number LIMIT 1");
        if (existing is { } draftId)
        {
            TempData["StatusMessage"] = "A draft is already open: edit it, adopt it or discard it before starting another.";
            return RedirectToPage("Version", new { id = draftId });
        }
        var from = await BoardQueries.InForceAsync(tx.Connection, tx: tx.Transaction);
        var number = await tx.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(number), 0) + 1 FROM compact_versions");
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO compact_versions (number, vision, created_at) VALUES (@number, @vision, @now) RETURNING id
            """, new { number, vision = from?.Vision ?? "", now = tx.Now });
        if (from is not null)
            await tx.ExecuteAsync("""
                INSERT INTO compact_items (compact_version_id, position, kind, text)
                SELECT @id, position, kind, text FROM compact_items WHERE compact_version_id = @from ORDER BY position
                """, new { id, from = from.Id });
        await tx.RecordAsync("compact_version", id, "draft", null, new { number, copied_from_version = from?.Number });
        tx.Commit();
        TempData["StatusMessage"] = from is null
            ? $"Version {number} drafted. Write the vision and the items, then adopt it when the board agrees it."
            : $"Version {number} drafted as a copy of version {from.Number}, which stays in force until this one is adopted.";
        return RedirectToPage("Version", new { id });
    }

    private async Task LoadAsync()
    {
        Versions = await BoardQueries.CompactVersionsAsync(db.Connection);
        InForce = await BoardQueries.InForceAsync(db.Connection);
        if (InForce is not null) InForceItems = await BoardQueries.ItemsAsync(db.Connection, InForce.Id);
    }
}
