using System.Globalization;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Workshops;

public class CreateModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    [BindProperty] public WorkshopInput Input { get; set; } = new();

    // The new workshop's measures (name, kind, unit, baseline, target), entered on the same form; blank rows are ignored.
    [BindProperty] public List<NewMeasureInput> Measures { get; set; } = [];

    public const int StartingMeasureRows = 2;

    // Rows as posted (blank ones kept, so the page shows again as it was), at least the starting rows and at most a
    // workshop's limit of measures.
    private void PadMeasures(int more = 0)
    {
        var rows = Math.Min(Kaizen.Web.Pages.Measures.CreateModel.MaxMeasures, Math.Max(StartingMeasureRows, Measures.Count + more));
        Measures = Measures.Take(rows).Select(m => m ?? new NewMeasureInput()).ToList();
        while (Measures.Count < rows) Measures.Add(new NewMeasureInput());
    }

    public IReadOnlyList<SelectListItem> ValueStreams { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? valueStream)
    {
        ValueStreams = await WorkshopInput.ValueStreamChoicesAsync(db.Connection, me);
        if (ValueStreams.Count == 0 && !me.IsAdministrator && me.TrustId is null) return Forbid();
        Input.ValueStreamId = valueStream;
        Input.PadTeam(4);
        PadMeasures();
        return Page();
    }

    public async Task<IActionResult> OnPostMoreRowsAsync()
    {
        ValueStreams = await WorkshopInput.ValueStreamChoicesAsync(db.Connection, me);
        if (ValueStreams.Count == 0 && !me.IsAdministrator && me.TrustId is null) return Forbid();
        ModelState.Clear();
        Input.PadTeam(3);
        PadMeasures(more: 1);
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.ValueStream, "create a workshop on value stream {0}", From = "Input.ValueStreamId", Creates = "workshop")]
    public async Task<IActionResult> OnPostAsync()
    {
        ValueStreams = await WorkshopInput.ValueStreamChoicesAsync(db.Connection, me);
        using var tx = writes.Begin();
        var vs = await tx.QuerySingleOrDefaultAsync<(long TrustId, string Code)>(
            "SELECT v.trust_id, t.code FROM value_streams v JOIN trusts t ON t.id = v.trust_id WHERE v.id = @vsId", new { vsId = Input.ValueStreamId ?? 0 });
        // Every problem in one answer: a missing value stream does not hide the dates' and the length's.
        if (vs.Code is null)
            ModelState.AddModelError("Input.ValueStreamId", "Choose the value stream this workshop improves.");
        Input.Check(ModelState, clock.Today, measuresWithResult: 0);
        PadMeasures();
        // A new workshop's measures have no result yet (it is recorded at the report-out): anything posted there is ignored.
        foreach (var m in Measures) { m.Result = null; m.ResultDenominator = null; }
        var measures = NewMeasureInput.Check(Measures, "Measures", ModelState, Input.ReportOutDate() ?? clock.Today, clock.Today);
        if (!ModelState.IsValid) return Page();

        var reference = await NextReferenceAsync(tx, vs.Code!, Input.StartDate!.Value.Year);
        var columns = WorkshopWrites.Columns(Input);
        var parameters = new DynamicParameters(columns);
        parameters.AddDynamicParams(new { value_stream_id = Input.ValueStreamId, reference, now = tx.Now, by = tx.UserName });
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO workshops (value_stream_id, reference, title, scope_first_step, scope_last_step, problem_statement,
                planning_start, start_date, length_days, report_out_date, executive_sponsor, process_owner, team_leader,
                facilitator, status, status_reason, report_out_summary, lessons, created_at, updated_at, updated_by)
            VALUES (@value_stream_id, @reference, @title, @scope_first_step, @scope_last_step, @problem_statement,
                @planning_start, @start_date, @length_days, @report_out_date, @executive_sponsor, @process_owner, @team_leader,
                @facilitator, @status, @status_reason, @report_out_summary, @lessons, @now, @now, @by)
            RETURNING id
            """, parameters);
        await WorkshopWrites.ReplaceTeamAsync(tx, id, Input);
        await tx.RecordAsync("workshop", id, "create", null, new { reference, value_stream_id = Input.ValueStreamId, columns });
        await NewMeasureInput.InsertAsync(tx, id, 0, measures);
        tx.Commit();
        TempData["StatusMessage"] = measures.Count == 0
            ? $"Workshop {reference} created. Add its measures next."
            : $"Workshop {reference} created with {(measures.Count == 1 ? "1 measure" : $"{measures.Count} measures")}.";
        return RedirectToPage("Details", new { id });
    }

    // References read like SASH-2019-07: the trust, the year, and the workshop's number in that year.
    private static async Task<string> NextReferenceAsync(AuditedTransaction tx, string trustCode, int year)
    {
        var prefix = $"{trustCode}-{year.ToString(CultureInfo.InvariantCulture)}-";
        var taken = (await tx.QueryAsync<string>("SELECT reference FROM workshops WHERE lower(reference) LIKE lower(@pattern)", new { pattern = prefix + "%" })).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var n = taken.Count + 1;
        while (taken.Contains(prefix + n.ToString("00", CultureInfo.InvariantCulture))) n++;
        return prefix + n.ToString("00", CultureInfo.InvariantCulture);
    }
}
