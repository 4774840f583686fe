using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Pages.Measures;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Workshops;

// The report-out in one pass: every measure's result, the workshop's status, summary and lessons, checked together
// (every problem at once, each beside its field) and saved in one audited transaction. Each row carries the version
// it was read at, so a change made meanwhile by someone else is reported rather than overwritten.
public class ReportOutModel(Db db, Writes writes, Clock clock) : PageModel
{
    public sealed class ResultInput
    {
        public long Id { get; set; }
        public double? Result { get; set; }
        public double? ResultDenominator { get; set; }
        public long Version { get; set; }
    }

    public sealed class InputModel
    {
        public string Status { get; set; } = "completed";
        public string? ReportOutSummary { get; set; }
        public string? Lessons { get; set; }
        public long Version { get; set; }
        public List<ResultInput> Results { get; set; } = [];
        public List<NewMeasureInput> NewMeasures { get; set; } = [];
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public WorkshopRow Workshop { get; private set; } = new();
    public IReadOnlyList<MeasureRow> Measures { get; private set; } = [];

    public static IReadOnlyDictionary<string, string> Kinds => NewMeasureInput.Kinds;

    // Blank rows for new measures, up to the workshop's limit.
    public int NewRows => Math.Max(0, Math.Min(2, Kaizen.Web.Pages.Measures.CreateModel.MaxMeasures - Measures.Count));

    public static readonly IReadOnlyDictionary<string, string> Statuses = new Dictionary<string, string>
    {
        ["completed"] = "Completed: the report-out was held", ["planned"] = "Still planned",
    };

    private async Task<bool> LoadAsync(long id, System.Data.IDbTransaction? tx = null)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<WorkshopRow>(WorkshopRow.Select, new { id }, tx);
        if (row is null) return false;
        Workshop = row;
        Measures = await MeasureRow.OfWorkshopAsync(db.Connection, id, tx);
        return true;
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "record the report-out of another trust's workshop")]
    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = new InputModel
        {
            Status = Workshop.Status == "planned" ? "completed" : Workshop.Status,
            ReportOutSummary = Workshop.ReportOutSummary, Lessons = Workshop.Lessons, Version = Workshop.Version,
            Results = Measures.Select(m => new ResultInput
            {
                Id = m.Id, Result = MeasureUnits.Entered(m.KindValue, m.Unit, m.Result), ResultDenominator = m.ResultDen, Version = m.Version,
            }).ToList(),
        };
        Input.NewMeasures = Enumerable.Range(0, NewRows).Select(_ => new NewMeasureInput()).ToList();
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "record the report-out of another trust's workshop")]
    public async Task<IActionResult> OnPostAsync(long id)
    {
        using var tx = writes.Begin();
        if (!await LoadAsync(id, tx.Transaction)) return NotFound();
        var today = clock.Today;
        var reportOut = Iso.ParseDate(Workshop.ReportOutDate);

        // Only this workshop's measures, each once, in the page's order; anything else posted is ignored.
        var posted = Input.Results.Where(r => r is not null).GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        Input.Results = Measures.Select(m => posted.GetValueOrDefault(m.Id) ?? new ResultInput { Id = m.Id, Version = m.Version }).ToList();

        var stored = new List<(MeasureRow Measure, ResultInput Input, double? Result, double? Den)>();
        for (var i = 0; i < Measures.Count; i++)
        {
            var m = Measures[i];
            var r = Input.Results[i];
            var kind = m.KindValue;
            var result = MeasureUnits.Stored(kind, m.Unit, r.Result);
            var den = kind == MeasureKind.ProcessTime ? null : r.ResultDenominator;
            stored.Add((m, r, result, den));
            // The measure's other fields are as stored: only the result's problems are this page's to show.
            var draft = new MeasureDraft(kind, m.Baseline, m.BaselineDen, m.Target, result, den);
            ModelState.AddRuleViolations(MeasureRules.Validate(draft, reportOut, today).Where(v => v.Field is "Result" or "ResultDenominator"),
                prefix: $"Input.Results[{i}].");
        }

        // Exactly the page's blank rows, whatever was posted, so the page can be shown again as it was.
        Input.NewMeasures = Input.NewMeasures.Take(NewRows).Select(n => n ?? new NewMeasureInput()).ToList();
        while (Input.NewMeasures.Count < NewRows) Input.NewMeasures.Add(new NewMeasureInput());
        // New measures: each non-blank row checked whole, like the measure form (the values in the units typed).
        var added = NewMeasureInput.Check(Input.NewMeasures, "Input.NewMeasures", ModelState, reportOut, today);

        if (!Statuses.ContainsKey(Input.Status))
            ModelState.AddModelError("Input.Status", "Choose completed or still planned.");
        else
        {
            var draft = new WorkshopDraft(Iso.ParseDateOrNull(Workshop.PlanningStart), Iso.ParseDate(Workshop.StartDate), (int)Workshop.LengthDays,
                Codes.Status(Input.Status), Workshop.StatusReason, stored.Count(s => s.Result is not null) + added.Count(a => a.Measure.Result is not null));
            ModelState.AddRuleViolations(WorkshopRules.Validate(draft, today).Where(v => v.Field == "Status"));
        }
        if (!ModelState.IsValid) return Page();

        foreach (var (m, r, result, den) in stored)
        {
            if (result == m.Result && den == m.ResultDen) continue;
            var after = new { result, result_den = den };
            if (await tx.ExecuteAsync("UPDATE measures SET result = @result, result_den = @den, version = version + 1 WHERE id = @id AND version = @expected",
                    new { result, den, id = m.Id, expected = r.Version }) != 1)
                return Conflict(await Conflicts.MessageAsync(tx.Connection, "measure", m.Id));
            await tx.RecordAsync("measure", m.Id, "report-out", new { m.Result, m.ResultDen }, after);
        }

        await NewMeasureInput.InsertAsync(tx, id, Measures.Count == 0 ? 0 : Measures.Max(m => m.Position), added);

        var summary = string.IsNullOrWhiteSpace(Input.ReportOutSummary) ? null : Input.ReportOutSummary.Trim();
        var lessons = string.IsNullOrWhiteSpace(Input.Lessons) ? null : Input.Lessons.Trim();
        if (await tx.ExecuteAsync("""
                UPDATE workshops SET status = @status, report_out_summary = @summary, lessons = @lessons,
                    updated_at = @now, updated_by = @by, version = version + 1
                WHERE id = @id AND version = @expected
                """, new { status = Input.Status, summary, lessons, now = tx.Now, by = tx.UserName, id, expected = Input.Version }) != 1)
            return Conflict(await Conflicts.MessageAsync(tx.Connection, "workshop", id));
        await tx.RecordAsync("workshop", id, "report-out",
            new { Workshop.Status, Workshop.ReportOutSummary, Workshop.Lessons },
            new { status = Input.Status, report_out_summary = summary, lessons });
        tx.Commit();
        TempData["StatusMessage"] = $"Report-out of {Workshop.Reference} saved.";
        return RedirectToPage("Details", new { id });
    }

    // The transaction is not committed, so nothing of this submit is kept; the page shows why.
    private IActionResult Conflict(string message)
    {
        ModelState.AddModelError(string.Empty, message);
        return Page();
    }
}
