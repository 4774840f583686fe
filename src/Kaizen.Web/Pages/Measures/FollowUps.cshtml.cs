using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Measures;

// The 30, 60 and 90-day values of one measure, entered in the same units as its result.
public class FollowUpsModel(Db db, Writes writes, Clock clock) : PageModel
{
    public sealed class InputModel
    {
        public double? F30 { get; set; }
        public double? F30Den { get; set; }
        public double? F60 { get; set; }
        public double? F60Den { get; set; }
        public double? F90 { get; set; }
        public double? F90Den { get; set; }
        // A reason closes the follow-up as "won't be measured"; empty = open.
        [System.ComponentModel.DataAnnotations.StringLength(1000, ErrorMessage = "Use at most 1,000 characters for the reason.")]
        public string? F30NotMeasured { get; set; }
        [System.ComponentModel.DataAnnotations.StringLength(1000, ErrorMessage = "Use at most 1,000 characters for the reason.")]
        public string? F60NotMeasured { get; set; }
        [System.ComponentModel.DataAnnotations.StringLength(1000, ErrorMessage = "Use at most 1,000 characters for the reason.")]
        public string? F90NotMeasured { get; set; }
        public long Version { get; set; }

        public (double? Value, double? Den) At(int days) => days switch { 30 => (F30, F30Den), 60 => (F60, F60Den), _ => (F90, F90Den) };
        public string? NotMeasuredAt(int days) => (days switch { 30 => F30NotMeasured, 60 => F60NotMeasured, _ => F90NotMeasured }) is { } r && !string.IsNullOrWhiteSpace(r) ? r.Trim() : null;
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public MeasureRow Measure { get; private set; } = new();
    public WorkshopContext Context { get; private set; } = new();
    public DateOnly Today { get; private set; }

    public const int NotMeasuredReasonLength = 500;

    private const string SelectMeasure = "SELECT " + MeasureRow.Columns + " FROM measures m WHERE m.id = @id";

    private async Task<bool> LoadAsync(long id, System.Data.IDbTransaction? tx = null)
    {
        Today = clock.Today;
        var measure = await db.Connection.QuerySingleOrDefaultAsync<MeasureRow>(SelectMeasure, new { id }, tx);
        if (measure is null) return false;
        Measure = measure;
        Context = (await db.Connection.QuerySingleOrDefaultAsync<WorkshopContext>(WorkshopContext.Select, new { workshopId = measure.WorkshopId }, tx))!;
        return true;
    }

    [ChangesTrustRecord(TrustRecord.Measure, "record a follow-up on another trust's workshop")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var kind = Measure.KindValue;
        Input = new InputModel
        {
            F30 = MeasureUnits.Entered(kind, Measure.Unit, Measure.F30), F30Den = Measure.F30Den,
            F60 = MeasureUnits.Entered(kind, Measure.Unit, Measure.F60), F60Den = Measure.F60Den,
            F90 = MeasureUnits.Entered(kind, Measure.Unit, Measure.F90), F90Den = Measure.F90Den,
            F30NotMeasured = Measure.F30NotMeasured, F60NotMeasured = Measure.F60NotMeasured, F90NotMeasured = Measure.F90NotMeasured,
            Version = Measure.Version,
        };
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Measure, "record a follow-up on another trust's workshop")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        if (!await LoadAsync(id, tx.Transaction)) return NotFound();
        var kind = Measure.KindValue;
        var stored = new Dictionary<int, (double? Value, double? Den)>();
        foreach (var days in FollowUps.CheckpointDays)
        {
            var (value, den) = Input.At(days);
            if (kind == MeasureKind.ProcessTime) den = null;
            stored[days] = (MeasureUnits.Stored(kind, Measure.Unit, value), den);
            var reason = Input.NotMeasuredAt(days);
            if (reason is not null && (value is not null || den is not null))
                ModelState.AddModelError($"Input.F{days}NotMeasured", $"Either record the {days}-day value or close the follow-up as won't be measured, not both: clear one of them.");
            else if (reason is { Length: > NotMeasuredReasonLength })
                ModelState.AddModelError($"Input.F{days}NotMeasured", $"Keep the reason to {NotMeasuredReasonLength} characters; it has {reason.Length}.");
            // An empty checkpoint is simply not recorded (or cleared); only what was typed is checked.
            if (value is null && den is null) continue;
            ModelState.AddRuleViolations(
                FollowUpRules.Validate(kind, days, stored[days].Value, den, Context.ReportOut, Today),
                rename: field => field == "Denominator" ? $"F{days}Den" : $"F{days}");
        }
        if (!ModelState.IsValid) return Page();

        string? RecordedAt(int days, double? before) =>
            stored[days].Value is null ? null : (before == stored[days].Value ? Measure.FollowUpRecordedAt(days) ?? tx.Now : tx.Now);
        var after = new
        {
            f30 = stored[30].Value, f30_den = stored[30].Den, f30_recorded_at = RecordedAt(30, Measure.F30),
            f60 = stored[60].Value, f60_den = stored[60].Den, f60_recorded_at = RecordedAt(60, Measure.F60),
            f90 = stored[90].Value, f90_den = stored[90].Den, f90_recorded_at = RecordedAt(90, Measure.F90),
            f30_not_measured = Input.NotMeasuredAt(30), f60_not_measured = Input.NotMeasuredAt(60), f90_not_measured = Input.NotMeasuredAt(90),
        };
        var parameters = new DynamicParameters(after);
        parameters.AddDynamicParams(new { id, expected = Input.Version });
        var updated = await tx.ExecuteAsync("""
            UPDATE measures SET f30 = @f30, f30_den = @f30_den, f30_recorded_at = @f30_recorded_at,
                f60 = @f60, f60_den = @f60_den, f60_recorded_at = @f60_recorded_at,
                f90 = @f90, f90_den = @f90_den, f90_recorded_at = @f90_recorded_at,
                f30_not_measured = @f30_not_measured, f60_not_measured = @f60_not_measured, f90_not_measured = @f90_not_measured,
                version = version + 1
            WHERE id = @id AND version = @expected
            """, parameters);
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "measure", id));
            return Page();
        }
        await tx.RecordAsync("measure", id, "follow-up", new { Measure.F30, Measure.F30Den, Measure.F60, Measure.F60Den, Measure.F90, Measure.F90Den, Measure.F30NotMeasured, Measure.F60NotMeasured, Measure.F90NotMeasured }, after);
        tx.Commit();
        TempData["StatusMessage"] = $"Follow-ups for \"{Measure.Name}\" saved.";
        return Redirect($"/Workshops/Details/{Measure.WorkshopId}");
    }
}
