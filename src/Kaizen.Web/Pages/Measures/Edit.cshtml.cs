using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Measures;

public class EditModel(Db db, Writes writes, Clock clock) : PageModel
{
    [BindProperty] public MeasureInput Input { get; set; } = new();

    public MeasureRow Measure { get; private set; } = new();
    public WorkshopContext Context { get; private set; } = new();

    private const string SelectMeasure = "SELECT " + MeasureRow.Columns + " FROM measures m WHERE m.id = @id";

    private async Task<bool> LoadAsync(long id, System.Data.IDbTransaction? tx = null)
    {
        var measure = await db.Connection.QuerySingleOrDefaultAsync<MeasureRow>(SelectMeasure, new { id }, tx);
        if (measure is null) return false;
        Measure = measure;
        Context = (await db.Connection.QuerySingleOrDefaultAsync<WorkshopContext>(WorkshopContext.Select, new { workshopId = measure.WorkshopId }, tx))!;
        return true;
    }

    [ChangesTrustRecord(TrustRecord.Measure, "edit a measure of another trust's workshop")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input.Load(Measure);
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Measure, "edit a measure of another trust's workshop")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        if (!await LoadAsync(id, tx.Transaction)) return NotFound();
        Input.Check(Measure.KindValue, ModelState, Context.ReportOut, clock.Today);
        if (Context.Status == "completed" && Input.Result is null && Measure.Result is not null &&
            await tx.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM measures WHERE workshop_id = @WorkshopId AND result IS NOT NULL AND id <> @id", new { Measure.WorkshopId, id }) == 0)
            ModelState.AddModelError("Input.Result", "This completed workshop needs at least one measure with a result, and this is its only one: keep the result, or mark the workshop planned first.");
        if (!ModelState.IsValid) return Page();

        var columns = Input.Columns(Measure.KindValue);
        var parameters = new DynamicParameters(columns);
        parameters.AddDynamicParams(new { id, expected = Input.Version });
        var updated = await tx.ExecuteAsync("""
            UPDATE measures SET name = @name, definition = @definition, time_unit = @time_unit, baseline = @baseline,
                baseline_den = @baseline_den, target = @target, result = @result, result_den = @result_den, version = version + 1
            WHERE id = @id AND version = @expected
            """, parameters);
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "measure", id));
            return Page();
        }
        await tx.RecordAsync("measure", id, "update", Measure, columns);
        tx.Commit();
        TempData["StatusMessage"] = $"Measure \"{Input.Name.Trim()}\" saved.";
        return Redirect($"/Workshops/Details/{Measure.WorkshopId}");
    }
}
