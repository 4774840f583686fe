using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Measures;

public class DeleteModel(Db db, Writes writes) : PageModel
{
    [BindProperty] public long Version { get; set; }

    public MeasureRow Measure { get; private set; } = new();
    public WorkshopContext Context { get; private set; } = new();

    private const string SelectMeasure = "SELECT " + MeasureRow.Columns + " FROM measures m WHERE m.id = @id";

    [ChangesTrustRecord(TrustRecord.Measure, "remove a measure of another trust's workshop")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        var measure = await db.Connection.QuerySingleOrDefaultAsync<MeasureRow>(SelectMeasure, new { id });
        if (measure is null) return NotFound();
        Measure = measure;
        Context = (await db.Connection.QuerySingleOrDefaultAsync<WorkshopContext>(WorkshopContext.Select, new { workshopId = measure.WorkshopId }))!;
        Version = measure.Version;
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Measure, "remove a measure of another trust's workshop")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        var measure = await tx.QuerySingleOrDefaultAsync<MeasureRow>(SelectMeasure, new { id });
        if (measure is null) return NotFound();
        Measure = measure;
        Context = (await tx.QuerySingleOrDefaultAsync<WorkshopContext>(WorkshopContext.Select, new { workshopId = measure.WorkshopId }))!;
        if (Context.Status == "completed" && measure.Result is not null &&
            await tx.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM measures WHERE workshop_id = @WorkshopId AND result IS NOT NULL AND id <> @id", new { measure.WorkshopId, id }) == 0)
        {
            ModelState.AddModelError(string.Empty, "This is the only measure with a result on a completed workshop, so it cannot be removed. Mark the workshop planned first, or add another measure with a result.");
            return Page();
        }
        if (await tx.ExecuteAsync("DELETE FROM measures WHERE id = @id AND version = @Version", new { id, Version }) != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "measure", id));
            return Page();
        }
        await tx.RecordAsync("measure", id, "delete", measure, null);
        tx.Commit();
        TempData["StatusMessage"] = $"Measure \"{measure.Name}\" removed.";
        return Redirect($"/Workshops/Details/{measure.WorkshopId}");
    }
}
