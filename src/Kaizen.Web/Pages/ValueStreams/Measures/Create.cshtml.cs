using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.ValueStreams.Measures;

// /ValueStreams/Measures/Create?valueStreamId=5: a new outcome measure for the value stream. Whoever may edit the
// value stream's trust may add one (as ValueStreams/Edit decides).
public class CreateModel(Db db, Writes writes, CurrentUser me) : PageModel
{
    [BindProperty] public OutcomeMeasureInput Input { get; set; } = new();

    public ValueStreamHead Stream { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(long valueStreamId)
    {
        if (await ValueStreamHead.LoadAsync(db.Connection, valueStreamId) is not { } stream) return NotFound();
        if (!me.CanEditTrust(stream.TrustId)) return Forbid();
        Stream = stream;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long valueStreamId)
    {
        if (await ValueStreamHead.LoadAsync(db.Connection, valueStreamId) is not { } stream) return NotFound();
        if (!me.CanEditTrust(stream.TrustId))
            return writes.Refuse("value_stream_measure", null, $"add an outcome measure to value stream {valueStreamId} of another trust");
        Stream = stream;
        Input.Check(ModelState);
        if (!ModelState.IsValid) return Page();

        using var tx = writes.Begin();
        if (await OutcomeMeasureInput.NameTakenAsync(tx.Connection, tx.Transaction, stream.Id, Input.Name!, null))
        {
            ModelState.AddModelError("Input.Name", $"{stream.Name} already has a measure called \"{Input.Name!.Trim()}\": choose another name, or open that one.");
            return Page();
        }
        var row = Input.Values();
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO value_stream_measures (value_stream_id, name, unit, better, target, operational_definition, frequency,
                                               floor_at_zero, baseline_points, created_at)
            VALUES (@valueStreamId, @name, @unit, @better, @target, @operational_definition, @frequency,
                    @floor_at_zero, @baseline_points, @now)
            RETURNING id
            """, new DynamicParameters(row).Also(p => { p.Add("valueStreamId", stream.Id); p.Add("now", tx.Now); }));
        await tx.RecordAsync("value_stream_measure", id, "create", null, new { value_stream_id = stream.Id, measure = row });
        tx.Commit();
        TempData["StatusMessage"] = $"Outcome measure {Input.Name!.Trim()} added to {stream.Name}. Enter its points below.";
        return RedirectToPage("Data", new { id });
    }
}
