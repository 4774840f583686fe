using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.ValueStreams.Measures;

// /ValueStreams/Measures/Edit/5: a measure's name, unit, direction, target and definition. Saved only over the
// version that was opened: someone else's save in between is reported, not overwritten.
public class EditModel(Db db, Writes writes, CurrentUser me) : PageModel
{
    [BindProperty] public OutcomeMeasureInput Input { get; set; } = new();

    public OutcomeMeasureRow Current { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await OutcomeMeasureRow.LoadAsync(db.Connection, id) is not { } row) return NotFound();
        if (!me.CanEditTrust(row.TrustId)) return Forbid();
        Current = row;
        Input = OutcomeMeasureInput.From(row);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        if (await OutcomeMeasureRow.LoadAsync(tx.Connection, id, tx.Transaction) is not { } before) return NotFound();
        if (!me.CanEditTrust(before.TrustId)) return writes.Refuse("value_stream_measure", id, "edit an outcome measure of another trust");
        Current = before;
        Input.Check(ModelState);
        if (!ModelState.IsValid) return Page();

        // Points are dated to their period's start: a weekly series cannot become monthly under them.
        var points = await tx.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM value_stream_measure_points WHERE measure_id = @id", new { id });
        if (Input.Frequency != before.Frequency && points > 0)
            ModelState.AddModelError("Input.Frequency",
                $"This measure has {Format.Count((int)points, "point")} dated to {(before.Period == MeasureFrequency.Week ? "weeks" : "months")}: its frequency cannot change under them. Add a new measure for the other frequency.");
        if (Input.FloorAtZero && !before.FloorAtZero &&
            await tx.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM value_stream_measure_points WHERE measure_id = @id AND value < 0", new { id }) is var negative and > 0)
            ModelState.AddModelError("Input.FloorAtZero", $"{Format.Count((int)negative, "point is", "points are")} below zero: correct {(negative == 1 ? "it" : "them")} on the data page first.");
        if (ModelState.IsValid && await OutcomeMeasureInput.NameTakenAsync(tx.Connection, tx.Transaction, before.ValueStreamId, Input.Name!, id))
            ModelState.AddModelError("Input.Name", $"{before.ValueStreamName} already has a measure called \"{Input.Name!.Trim()}\": choose another name.");
        if (!ModelState.IsValid) return Page();

        var after = Input.Values();
        var updated = await tx.ExecuteAsync("""
            UPDATE value_stream_measures
            SET name = @name, unit = @unit, better = @better, target = @target, operational_definition = @operational_definition,
                frequency = @frequency, floor_at_zero = @floor_at_zero, baseline_points = @baseline_points, version = version + 1
            WHERE id = @id AND version = @expected
            """, new DynamicParameters(after).Also(p => { p.Add("id", id); p.Add("expected", Input.Version); }));
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "value_stream_measure", id));
            return Page();
        }
        await tx.RecordAsync("value_stream_measure", id, "update", OutcomeMeasureInput.From(before).Values(), after);
        tx.Commit();
        TempData["StatusMessage"] = $"Outcome measure {Input.Name!.Trim()} saved.";
        return RedirectToPage("Data", new { id });
    }
}
