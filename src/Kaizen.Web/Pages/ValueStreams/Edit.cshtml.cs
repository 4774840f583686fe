using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.ValueStreams;

public class EditModel(Db db, Writes writes, CurrentUser me) : PageModel
{
    [BindProperty] public ValueStreamInput Input { get; set; } = new();

    public ValueStreamRow Current { get; private set; } = new();

    [ChangesTrustRecord(TrustRecord.ValueStream, "edit a value stream of another trust")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<ValueStreamRow>(ValueStreamRow.Select, new { id });
        if (row is null) return NotFound();
        Current = row;
        Input = new ValueStreamInput
        {
            TrustId = row.TrustId, Name = row.Name, Description = row.Description, ExecutiveSponsor = row.ExecutiveSponsor,
            Owner = row.Owner, ChosenBy = row.ChosenBy, Status = row.Status,
            TargetProcessTime = ValueStreamInput.Percent(row.TargetProcessTime),
            TargetErrorCount = ValueStreamInput.Percent(row.TargetErrorCount),
            TargetErrorRate = ValueStreamInput.Percent(row.TargetErrorRate),
            Version = row.Version,
        };
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.ValueStream, "edit a value stream of another trust")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        var before = await tx.QuerySingleOrDefaultAsync<ValueStreamRow>(ValueStreamRow.Select, new { id });
        if (before is null) return NotFound();
        Current = before;
        Input.Check(ModelState);
        if (!ModelState.IsValid) return Page();

        var after = before with
        {
            Name = Input.Name.Trim(),
            Description = Blank(Input.Description),
            ExecutiveSponsor = Blank(Input.ExecutiveSponsor),
            Owner = Blank(Input.Owner),
            ChosenBy = Input.ChosenBy,
            Status = Input.Status,
            TargetProcessTime = ValueStreamInput.Fraction(Input.TargetProcessTime),
            TargetErrorCount = ValueStreamInput.Fraction(Input.TargetErrorCount),
            TargetErrorRate = ValueStreamInput.Fraction(Input.TargetErrorRate),
            Version = Input.Version + 1,
        };
        var changes = before.Revisable().Zip(after.Revisable())
            .Where(p => !Equals(p.First.Value, p.Second.Value))
            .Select(p => new { field = p.First.Field, before = p.First.Value, after = p.Second.Value })
            .ToList();
        if (changes.Count > 0 && string.IsNullOrWhiteSpace(Input.Reason))
        {
            ModelState.AddModelError("Input.Reason",
                $"Changing the {string.Join(", ", changes.Select(c => c.field.Replace('_', ' ')))} is a revision: say why, so the board can see the reasoning beside the change.");
            return Page();
        }

        var updated = await tx.ExecuteAsync("""
            UPDATE value_streams
            SET name = @Name, description = @Description, executive_sponsor = @ExecutiveSponsor, owner = @Owner,
                chosen_by = @ChosenBy, status = @Status, target_process_time = @TargetProcessTime,
                target_error_count = @TargetErrorCount, target_error_rate = @TargetErrorRate, version = version + 1
            WHERE id = @Id AND version = @expected
            """, new
            {
                after.Name, after.Description, after.ExecutiveSponsor, after.Owner, after.ChosenBy, after.Status,
                after.TargetProcessTime, after.TargetErrorCount, after.TargetErrorRate, after.Id, expected = Input.Version,
            });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "value_stream", id));
            return Page();
        }
        if (changes.Count > 0)
        {
            await tx.ExecuteAsync("""
                INSERT INTO value_stream_revisions (value_stream_id, at, user_id, user_name, reason, changes_json)
                VALUES (@id, @at, @userId, @userName, @reason, @changes)
                """, new { id, at = tx.Now, userId = me.Id, userName = tx.UserName, reason = Input.Reason!.Trim(), changes = AuditLog.ToJson(changes) });
        }
        await tx.RecordAsync("value_stream", id, "update", before, new { after, reason = Input.Reason?.Trim() });
        tx.Commit();
        TempData["StatusMessage"] = changes.Count > 0 ? "Value stream revised; the revision is in its history." : "Value stream saved.";
        return RedirectToPage("Details", new { id });
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
