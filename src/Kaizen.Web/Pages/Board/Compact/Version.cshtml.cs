using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board.Compact;

public sealed class ItemInput
{
    [Range(1, 999, ErrorMessage = "Use a whole number from 1 to 999, or leave it empty to put the item last.")]
    public int? Position { get; set; }

    public string Kind { get; set; } = "behaviour";

    [StringLength(1000, ErrorMessage = "Use at most 1,000 characters for an item.")]
    public string? Text { get; set; }
}

public sealed class DraftInput
{
    [Required(ErrorMessage = "Write the vision the board shares.")]
    [StringLength(4000, ErrorMessage = "Use at most 4,000 characters for the vision.")]
    public string Vision { get; set; } = "";

    public List<ItemInput> Items { get; set; } = [];

    public long Version { get; set; }

    public void Pad(int blanks)
    {
        for (var i = 0; i < blanks; i++) Items.Add(new ItemInput());
    }
}

// One version of the compact: read it, or (a draft, administrators) edit its vision and items, adopt it, or discard it.
public class VersionModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    [BindProperty] public DraftInput Input { get; set; } = new();
    [BindProperty, Display(Name = "Adopted by the board on")] public DateOnly? AdoptedOn { get; set; }
    [BindProperty] public long AdoptVersion { get; set; }

    public CompactVersionRow Version { get; private set; } = new();
    public IReadOnlyList<CompactItemRow> Items { get; private set; } = [];
    public string Status { get; private set; } = "";
    public bool CanManage => me.IsAdministrator;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = new DraftInput
        {
            Vision = Version.Vision,
            Version = Version.Version,
            Items = Items.Select(i => new ItemInput { Position = (int)i.Position, Kind = i.Kind, Text = i.Text }).ToList(),
        };
        Input.Pad(3);
        AdoptedOn = clock.Today;
        return Page();
    }

    public async Task<IActionResult> OnPostMoreRowsAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("compact_version", id, "edit a draft of the compact");
        if (!await LoadAsync(id)) return NotFound();
        ModelState.Clear();
        Input.Pad(3);
        AdoptedOn = clock.Today;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("compact_version", id, "edit a draft of the compact");
        if (!await LoadAsync(id)) return NotFound();
        AdoptedOn = clock.Today;
        if (!Version.IsDraft) return Refused("Version " + Version.Number + " has been adopted: it cannot be changed. Draft a new version instead.");

        for (var i = 0; i < Input.Items.Count; i++)
        {
            var item = Input.Items[i];
            if (!string.IsNullOrWhiteSpace(item.Text) && !BoardCodes.ItemKinds.ContainsKey(item.Kind))
                ModelState.AddModelError($"Input.Items[{i}].Kind", "Choose behaviour or responsibility.");
        }
        if (!ModelState.IsValid) return Page();

        // Rows with text, ordered by their position numbers (an empty position goes last), then by the order on the form.
        var items = Input.Items
            .Select((item, row) => (item, row))
            .Where(x => !string.IsNullOrWhiteSpace(x.item.Text))
            .OrderBy(x => x.item.Position ?? int.MaxValue).ThenBy(x => x.row)
            .Select((x, i) => new { position = i + 1, kind = x.item.Kind, text = x.item.Text!.Trim() })
            .ToList();

        using var tx = writes.Begin();
        var updated = await tx.ExecuteAsync("""
            UPDATE compact_versions SET vision = @vision, version = version + 1
            WHERE id = @id AND adopted_on IS NULL AND version = @expected
            """, new { vision = Input.Vision.Trim(), id, expected = Input.Version });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "compact_version", id));
            return Page();
        }
        await tx.ExecuteAsync("DELETE FROM compact_items WHERE compact_version_id = @id", new { id });
        foreach (var item in items)
            await tx.ExecuteAsync("INSERT INTO compact_items (compact_version_id, position, kind, text) VALUES (@id, @position, @kind, @text)",
                new { id, item.position, item.kind, item.text });
        await tx.RecordAsync("compact_version", id, "update",
            new { vision = Version.Vision, items = Items.Select(i => new { i.Position, i.Kind, i.Text }) },
            new { vision = Input.Vision.Trim(), items });
        tx.Commit();
        TempData["StatusMessage"] = $"Draft version {Version.Number} saved with {items.Count} item{(items.Count == 1 ? "" : "s")}. The version in force has not changed.";
        return RedirectToPage("Version", new { id });
    }

    public async Task<IActionResult> OnPostAdoptAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("compact_version", id, "adopt a version of the compact");
        if (!await LoadAsync(id)) return NotFound();
        ResetDraftForm();
        if (!Version.IsDraft) return Refused($"Version {Version.Number} was already adopted on {Format.Date(Iso.ParseDate(Version.AdoptedOn!))}.");
        var latest = await BoardQueries.InForceAsync(db.Connection);
        if (AdoptedOn is not { } on)
            ModelState.AddModelError(nameof(AdoptedOn), "Enter the date the board adopted this version.");
        else if (on > clock.Today)
            ModelState.AddModelError(nameof(AdoptedOn), $"A version can only be adopted on or before today ({Format.Date(clock.Today)}).");
        else if (latest is not null && on < Iso.ParseDate(latest.AdoptedOn!))
            ModelState.AddModelError(nameof(AdoptedOn), $"Version {latest.Number}, in force now, was adopted on {Format.Date(Iso.ParseDate(latest.AdoptedOn!))}: adopt this one on or after that date.");
        if (Items.Count == 0) ModelState.AddModelError(string.Empty, "Add at least one item and save the draft before adopting it.");
        if (string.IsNullOrWhiteSpace(Version.Vision)) ModelState.AddModelError(string.Empty, "Write the vision and save the draft before adopting it.");
        if (!ModelState.IsValid) return Page();

        using var tx = writes.Begin();
        var updated = await tx.ExecuteAsync("""
            UPDATE compact_versions SET adopted_on = @on, version = version + 1
            WHERE id = @id AND adopted_on IS NULL AND version = @expected
            """, new { on = Iso.Date(AdoptedOn), id, expected = AdoptVersion });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "compact_version", id));
            return Page();
        }
        await tx.RecordAsync("compact_version", id, "adopt", new { adopted_on = (string?)null, previous_in_force = latest?.Number },
            new { adopted_on = Iso.Date(AdoptedOn), number = Version.Number });
        tx.Commit();
        TempData["StatusMessage"] = $"Version {Version.Number} adopted: it is now the compact in force.";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostDiscardAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("compact_version", id, "discard a draft of the compact");
        if (!await LoadAsync(id)) return NotFound();
        ResetDraftForm();
        if (!Version.IsDraft) return Refused($"Version {Version.Number} has been adopted: it is part of the record and cannot be discarded.");
        using var tx = writes.Begin();
        var deleted = await tx.ExecuteAsync("DELETE FROM compact_versions WHERE id = @id AND adopted_on IS NULL AND version = @expected",
            new { id, expected = AdoptVersion });
        if (deleted != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "compact_version", id));
            return Page();
        }
        await tx.RecordAsync("compact_version", id, "discard", new { Version.Number, Version.Vision, items = Items.Select(i => new { i.Position, i.Kind, i.Text }) }, null);
        tx.Commit();
        TempData["StatusMessage"] = $"Draft version {Version.Number} discarded.";
        return RedirectToPage("Index");
    }

    private IActionResult Refused(string message)
    {
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, message);
        TempData["StatusMessage"] = null;
        return Page();
    }

    private void ResetDraftForm()
    {
        Input = new DraftInput
        {
            Vision = Version.Vision,
            Version = Version.Version,
            Items = Items.Select(i => new ItemInput { Position = (int)i.Position, Kind = i.Kind, Text = i.Text }).ToList(),
        };
        Input.Pad(3);
        // The draft's fields were not posted with this form (the binder then looks for them without their prefix, as
        // "Vision"): only the adoption's own fields are this form's business.
        foreach (var key in ModelState.Keys.Where(k => k is not nameof(AdoptedOn) and not nameof(AdoptVersion)).ToList()) ModelState.Remove(key);
    }

    private async Task<bool> LoadAsync(long id)
    {
        var version = await BoardQueries.CompactVersionAsync(db.Connection, id);
        if (version is null) return false;
        Version = version;
        Items = await BoardQueries.ItemsAsync(db.Connection, id);
        var inForce = await BoardQueries.InForceAsync(db.Connection);
        Status = version.IsDraft ? "(draft)"
            : version.Id == inForce?.Id ? $"(in force, adopted {Format.Date(Iso.ParseDate(version.AdoptedOn!))})"
            : $"(adopted {Format.Date(Iso.ParseDate(version.AdoptedOn!))}, since replaced)";
        return true;
    }
}
