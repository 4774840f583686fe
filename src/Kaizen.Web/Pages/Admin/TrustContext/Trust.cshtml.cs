using System.ComponentModel.DataAnnotations;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.TrustContext;

public sealed class RatingInput
{
    [Required(ErrorMessage = "Enter the date of the CQC rating.")]
    [Display(Name = "Rated on")]
    public DateOnly? RatedOn { get; set; }

    [Required(ErrorMessage = "Choose the rating: outstanding, good, requires improvement or inadequate.")]
    [Display(Name = "Rating")]
    public string? Rating { get; set; }
}

public sealed class ChiefInput
{
    [Required(ErrorMessage = "Enter the date the chief executive started.")]
    [Display(Name = "Started on")]
    public DateOnly? StartedOn { get; set; }

    [Required(ErrorMessage = "Enter the chief executive's name.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters for the name.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }
}

// Administrators (the /Admin folder) record a trust's CQC ratings and chief executives over time.
public class TrustModel(Db db, Writes writes, Clock clock) : PageModel
{
    [BindProperty] public RatingInput Rating { get; set; } = new();
    [BindProperty] public ChiefInput Chief { get; set; } = new();

    public TrustOption Trust { get; private set; } = new();
    public TrustContextView Context { get; private set; } = default!;
    public IReadOnlyList<CqcRatingRow> Ratings { get; private set; } = [];
    public IReadOnlyList<ChiefExecutiveRow> Chiefs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddRatingAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Keep(nameof(Rating));
        if (Rating.Rating is { } code && !BoardCodes.CqcRatings.ContainsKey(code))
            ModelState.AddModelError("Rating.Rating", "Choose outstanding, good, requires improvement or inadequate.");
        if (Rating.RatedOn is { } d && d > clock.Today)
            ModelState.AddModelError("Rating.RatedOn", $"A rating is recorded once it has been given: use a date on or before today ({Format.Date(clock.Today)}).");
        if (Rating.RatedOn is { } on && Ratings.Any(r => r.RatedOn == Iso.Date(on)))
            ModelState.AddModelError("Rating.RatedOn", $"A rating on {Format.Date(on)} is already recorded: remove it first to correct it.");
        if (!ModelState.IsValid) return Page();
        using var tx = writes.Begin();
        var row = new { trust_id = id, rated_on = Iso.Date(Rating.RatedOn!.Value), rating = Rating.Rating! };
        var entryId = await tx.ExecuteScalarAsync<long>("INSERT INTO trust_cqc_ratings (trust_id, rated_on, rating) VALUES (@trust_id, @rated_on, @rating) RETURNING id", row);
        await tx.RecordAsync("trust_cqc_rating", entryId, "create", null, row);
        tx.Commit();
        TempData["StatusMessage"] = $"CQC rating of {Format.Date(Rating.RatedOn)} recorded for {Trust.Name}.";
        return RedirectToPage("Trust", new { id });
    }

    public async Task<IActionResult> OnPostAddChiefAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Keep(nameof(Chief));
        if (Chief.StartedOn is { } d && d > clock.Today)
            ModelState.AddModelError("Chief.StartedOn", $"Record a chief executive once they have started: use a date on or before today ({Format.Date(clock.Today)}).");
        if (Chief.StartedOn is { } on && Chiefs.Any(c => c.StartedOn == Iso.Date(on)))
            ModelState.AddModelError("Chief.StartedOn", $"A chief executive starting on {Format.Date(on)} is already recorded: remove them first to correct it.");
        if (!ModelState.IsValid) return Page();
        using var tx = writes.Begin();
        var row = new { trust_id = id, started_on = Iso.Date(Chief.StartedOn!.Value), name = Chief.Name!.Trim() };
        var entryId = await tx.ExecuteScalarAsync<long>("INSERT INTO trust_chief_executives (trust_id, started_on, name) VALUES (@trust_id, @started_on, @name) RETURNING id", row);
        await tx.RecordAsync("trust_chief_executive", entryId, "create", null, row);
        tx.Commit();
        TempData["StatusMessage"] = $"{row.name}, chief executive from {Format.Date(Chief.StartedOn)}, recorded for {Trust.Name}.";
        return RedirectToPage("Trust", new { id });
    }

    public Task<IActionResult> OnPostDeleteRatingAsync(long id, long entryId) =>
        DeleteAsync(id, entryId, "trust_cqc_rating", "trust_cqc_ratings", Ratings => Ratings.Ratings.FirstOrDefault(r => r.Id == entryId));

    public Task<IActionResult> OnPostDeleteChiefAsync(long id, long entryId) =>
        DeleteAsync(id, entryId, "trust_chief_executive", "trust_chief_executives", page => page.Chiefs.FirstOrDefault(c => c.Id == entryId));

    private async Task<IActionResult> DeleteAsync(long id, long entryId, string entity, string table, Func<TrustModel, object?> find)
    {
        if (!await LoadAsync(id)) return NotFound();
        var before = find(this);
        if (before is null) return NotFound();
        using var tx = writes.Begin();
        await tx.ExecuteAsync($"DELETE FROM {table} WHERE id = @entryId AND trust_id = @id", new { entryId, id });
        await tx.RecordAsync(entity, entryId, "delete", before, null);
        tx.Commit();
        TempData["StatusMessage"] = "Entry removed.";
        return RedirectToPage("Trust", new { id });
    }

    private void Keep(string prefix) => this.ValidateOnly(prefix);

    private async Task<bool> LoadAsync(long id)
    {
        var trust = await ReportQueries.TrustAsync(db.Connection, id);
        if (trust is null) return false;
        Trust = trust;
        Context = await TrustContextView.LoadAsync(db.Connection, id, clock.Today);
        Ratings = (await Dapper.SqlMapper.QueryAsync<CqcRatingRow>(db.Connection, """
            SELECT id AS Id, trust_id AS TrustId, rated_on AS RatedOn, rating AS Rating FROM trust_cqc_ratings
            WHERE trust_id = @id ORDER BY rated_on DESC
            """, new { id })).ToList();
        Chiefs = (await Dapper.SqlMapper.QueryAsync<ChiefExecutiveRow>(db.Connection, """
            SELECT id AS Id, trust_id AS TrustId, started_on AS StartedOn, name AS Name FROM trust_chief_executives
            WHERE trust_id = @id ORDER BY started_on DESC
            """, new { id })).ToList();
        return true;
    }
}
