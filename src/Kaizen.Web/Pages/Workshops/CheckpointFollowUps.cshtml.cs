using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Pages.Measures;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Workshops;

// One checkpoint's follow-ups (30, 60 or 90 days) for all of a workshop's measures at once: a value, or a reason it
// won't be measured. Checked together, saved in one audited transaction, each measure at the version it was read.
public class CheckpointFollowUpsModel(Db db, Writes writes, Clock clock) : PageModel
{
    public sealed class RowInput
    {
        public long Id { get; set; }
        public double? Value { get; set; }
        public double? Denominator { get; set; }
        [System.ComponentModel.DataAnnotations.StringLength(1000, ErrorMessage = "Use at most 1,000 characters for the reason.")]
        public string? NotMeasured { get; set; }
        public long Version { get; set; }
    }

    public sealed class InputModel
    {
        public List<RowInput> Rows { get; set; } = [];
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 30;

    public WorkshopRow Workshop { get; private set; } = new();
    public IReadOnlyList<MeasureRow> Measures { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public DateOnly Due => FollowUps.DueDate(Iso.ParseDate(Workshop.ReportOutDate), Days);

    private async Task<bool> LoadAsync(long id, System.Data.IDbTransaction? tx = null)
    {
        Today = clock.Today;
        var row = await db.Connection.QuerySingleOrDefaultAsync<WorkshopRow>(WorkshopRow.Select, new { id }, tx);
        if (row is null) return false;
        Workshop = row;
        Measures = await MeasureRow.OfWorkshopAsync(db.Connection, id, tx);
        return true;
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "record follow-ups of another trust's workshop")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!FollowUps.CheckpointDays.Contains(Days)) return NotFound();
        if (!await LoadAsync(id)) return NotFound();
        Input.Rows = Measures.Select(m => new RowInput
        {
            Id = m.Id, Value = MeasureUnits.Entered(m.KindValue, m.Unit, m.FollowUp(Days).Value), Denominator = m.FollowUp(Days).Den,
            NotMeasured = m.NotMeasuredReason(Days), Version = m.Version,
        }).ToList();
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "record follow-ups of another trust's workshop")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!FollowUps.CheckpointDays.Contains(Days)) return NotFound();
        using var tx = writes.Begin();
        if (!await LoadAsync(id, tx.Transaction)) return NotFound();
        var reportOut = Iso.ParseDate(Workshop.ReportOutDate);

        var posted = Input.Rows.Where(r => r is not null).GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        Input.Rows = Measures.Select(m => posted.GetValueOrDefault(m.Id) ?? new RowInput { Id = m.Id, Version = m.Version }).ToList();

        var changes = new List<(MeasureRow Measure, RowInput Input, double? Value, double? Den, string? Reason)>();
        for (var i = 0; i < Measures.Count; i++)
        {
            var m = Measures[i];
            var r = Input.Rows[i];
            var kind = m.KindValue;
            var value = MeasureUnits.Stored(kind, m.Unit, r.Value);
            var den = kind == MeasureKind.ProcessTime ? null : r.Denominator;
            var reason = string.IsNullOrWhiteSpace(r.NotMeasured) ? null : r.NotMeasured.Trim();
            changes.Add((m, r, value, den, reason));
            if (reason is not null && (value is not null || den is not null))
                ModelState.AddModelError($"Input.Rows[{i}].NotMeasured", $"Either record the {Days}-day value or close the follow-up as won't be measured, not both: clear one of them.");
            else if (reason is { Length: > FollowUpsModel.NotMeasuredReasonLength })
                ModelState.AddModelError($"Input.Rows[{i}].NotMeasured", $"Keep the reason to {FollowUpsModel.NotMeasuredReasonLength} characters; it has {reason.Length}.");
            if (value is null && den is null) continue;   // left empty: not recorded (or cleared)
            ModelState.AddRuleViolations(FollowUpRules.Validate(kind, Days, value, den, reportOut, Today),
                prefix: $"Input.Rows[{i}].", rename: f => f == "CheckpointDays" ? "Value" : f);
        }
        if (!ModelState.IsValid) return Page();

        var d = Days;   // 30, 60 or 90, checked above: safe to name the columns with it
        var changed = 0;
        foreach (var (m, r, value, den, reason) in changes)
        {
            var (beforeValue, beforeDen) = m.FollowUp(d);
            var beforeReason = m.NotMeasuredReason(d);
            if (value == beforeValue && den == beforeDen && reason == beforeReason) continue;
            var recordedAt = value is null ? null : value == beforeValue ? m.FollowUpRecordedAt(d) ?? tx.Now : tx.Now;
            if (await tx.ExecuteAsync($"""
                    UPDATE measures SET f{d} = @value, f{d}_den = @den, f{d}_recorded_at = @recordedAt, f{d}_not_measured = @reason,
                        version = version + 1
                    WHERE id = @id AND version = @expected
                    """, new { value, den, recordedAt, reason, id = m.Id, expected = r.Version }) != 1)
            {
                ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "measure", m.Id));
                return Page();
            }
            await tx.RecordAsync("measure", m.Id, "follow-up",
                new { days = d, value = beforeValue, den = beforeDen, not_measured = beforeReason },
                new { days = d, value, den, not_measured = reason });
            changed++;
        }
        if (changed == 0)
        {
            TempData["StatusMessage"] = $"Nothing to save: the {d}-day follow-ups of {Workshop.Reference} are as they were.";
            return RedirectToPage("Details", new { id });
        }
        tx.Commit();
        TempData["StatusMessage"] = $"{d}-day follow-ups of {Workshop.Reference} saved.";
        return RedirectToPage("Details", new { id });
    }
}
