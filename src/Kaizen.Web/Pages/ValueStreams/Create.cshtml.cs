using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.ValueStreams;

public class CreateModel(Db db, Writes writes, CurrentUser me) : PageModel
{
    [BindProperty] public ValueStreamInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Trusts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? trust)
    {
        Trusts = await ValueStreamInput.TrustChoicesAsync(db.Connection, me);
        if (Trusts.Count == 0) return Forbid();
        Input.TrustId = trust ?? me.TrustId;
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Trust, "create a value stream for trust {0}", From = "Input.TrustId", Creates = "value_stream")]
    public async Task<IActionResult> OnPostAsync()
    {
        Trusts = await ValueStreamInput.TrustChoicesAsync(db.Connection, me);
        if (Input.TrustId is not { } trustId)
        {
            ModelState.AddModelError("Input.TrustId", "Choose the trust this value stream belongs to.");
            return Page();
        }
        Input.Check(ModelState);
        if (!ModelState.IsValid) return Page();

        using var tx = writes.Begin();
        var row = new
        {
            trust_id = trustId,
            name = Input.Name.Trim(),
            description = Input.Description?.Trim(),
            executive_sponsor = Input.ExecutiveSponsor?.Trim(),
            owner = Input.Owner?.Trim(),
            chosen_by = Input.ChosenBy,
            status = Input.Status,
            target_process_time = ValueStreamInput.Fraction(Input.TargetProcessTime),
            target_error_count = ValueStreamInput.Fraction(Input.TargetErrorCount),
            target_error_rate = ValueStreamInput.Fraction(Input.TargetErrorRate),
        };
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO value_streams (trust_id, name, description, executive_sponsor, owner, chosen_by, status,
                                       target_process_time, target_error_count, target_error_rate, created_at)
            VALUES (@trust_id, @name, @description, @executive_sponsor, @owner, @chosen_by, @status,
                    @target_process_time, @target_error_count, @target_error_rate, @now)
            RETURNING id
            """, new DynamicParameters(row).Also(p => p.Add("now", tx.Now)));
        await tx.RecordAsync("value_stream", id, "create", null, row);
        tx.Commit();
        TempData["StatusMessage"] = $"Value stream {row.name} created.";
        return RedirectToPage("Details", new { id });
    }
}
