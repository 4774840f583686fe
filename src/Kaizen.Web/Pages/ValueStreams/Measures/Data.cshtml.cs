using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.ValueStreams.Measures;

// /ValueStreams/Measures/Data/5: a measure's points, newest first, with a form for one point, a delete beside each,
// and two columns pasted from Excel. Everyone signed in may read them; whoever may edit the value stream's trust may
// change them. A paste is checked line by line and saved all or nothing.
public class DataModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    public sealed class PointInput
    {
        [Display(Name = "Date (any day in the period)")]
        public DateOnly? Period { get; set; }

        [Display(Name = "Value")]
        public double? Value { get; set; }
    }

    public sealed class PasteInput
    {
        // Ten years of weeks at a generous 40 characters a line; longer is not one measure's history.
        [StringLength(40_000, ErrorMessage = "Paste at most 40,000 characters at a time (about 1,000 lines).")]
        [Display(Name = "Two columns from Excel: dates (dd/mm/yyyy) and values")]
        public string? Text { get; set; }
    }

    public sealed record PointRow(string PeriodStart, double Value);

    [BindProperty] public PointInput Point { get; set; } = new();
    [BindProperty] public PasteInput Paste { get; set; } = new();

    public OutcomeMeasureRow Measure { get; private set; } = new();
    public IReadOnlyList<PointRow> Points { get; private set; } = [];
    public IReadOnlyList<PasteProblem> PasteProblems { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        return Page();
    }

    // One point: added, or the period's value replaced.
    public async Task<IActionResult> OnPostAsync(long id)
    {
        this.ValidateOnly(nameof(Point));
        using var tx = writes.Begin();
        if (await OutcomeMeasureRow.LoadAsync(tx.Connection, id, tx.Transaction) is not { } measure) return NotFound();
        if (!me.CanEditTrust(measure.TrustId)) return writes.Refuse("value_stream_measure", id, "enter a point for an outcome measure of another trust");
        if (ModelState.IsValid)
            ModelState.AddRuleViolations(ValueStreamMeasures.CheckPoint(measure.Period, measure.FloorAtZero, Point.Period, Point.Value, clock.Today), "Point.");
        if (!ModelState.IsValid)
        {
            tx.Dispose();
            await LoadAsync(id);
            return Page();
        }

        var start = ValueStreamMeasures.PeriodStart(measure.Period, Point.Period!.Value);
        var period = Iso.Date(start);
        var before = await tx.QuerySingleOrDefaultAsync<double?>(
            "SELECT value FROM value_stream_measure_points WHERE measure_id = @id AND period_start = @period", new { id, period });
        await tx.ExecuteAsync("""
            INSERT INTO value_stream_measure_points (measure_id, period_start, value) VALUES (@id, @period, @value)
            ON CONFLICT (measure_id, period_start) DO UPDATE SET value = excluded.value
            """, new { id, period, value = Point.Value!.Value });
        await tx.RecordAsync("value_stream_measure", id, before is null ? "add_point" : "replace_point",
            before is null ? null : new { period_start = period, value = before }, new { period_start = period, value = Point.Value });
        tx.Commit();
        var lands = ValueStreamMeasures.Lands(measure.Period, Point.Period.Value);
        TempData["StatusMessage"] = before is { } old
            ? $"{lands}: its value was {Show(old)} and is now {Show(Point.Value.Value)} {measure.Unit}."
            : $"{lands}: {Show(Point.Value.Value)} {measure.Unit} saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, string? period)
    {
        using var tx = writes.Begin();
        if (await OutcomeMeasureRow.LoadAsync(tx.Connection, id, tx.Transaction) is not { } measure) return NotFound();
        if (!me.CanEditTrust(measure.TrustId)) return writes.Refuse("value_stream_measure", id, "delete a point of an outcome measure of another trust");
        var before = await tx.QuerySingleOrDefaultAsync<double?>(
            "SELECT value FROM value_stream_measure_points WHERE measure_id = @id AND period_start = @period", new { id, period });
        if (before is null || !DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            TempData["StatusMessage"] = "That point was already deleted: nothing was changed.";
            return RedirectToPage(new { id });
        }
        await tx.ExecuteAsync("DELETE FROM value_stream_measure_points WHERE measure_id = @id AND period_start = @period", new { id, period });
        await tx.RecordAsync("value_stream_measure", id, "delete_point", new { period_start = period, value = before }, null);
        tx.Commit();
        var name = ValueStreamMeasures.PeriodName(measure.Period, start);
        TempData["StatusMessage"] = $"The point for {name} ({Show(before.Value)} {measure.Unit}) was deleted.";
        return RedirectToPage(new { id });
    }

    // Every line is checked before any is saved: one wrong line and nothing is saved, with the paste kept on the form.
    public async Task<IActionResult> OnPostPasteAsync(long id)
    {
        this.ValidateOnly(nameof(Paste));
        using var tx = writes.Begin();
        if (await OutcomeMeasureRow.LoadAsync(tx.Connection, id, tx.Transaction) is not { } measure) return NotFound();
        if (!me.CanEditTrust(measure.TrustId)) return writes.Refuse("value_stream_measure", id, "paste points for an outcome measure of another trust");
        PasteResult? read = null;
        if (ModelState.IsValid)
        {
            read = ValueStreamMeasures.ReadPaste(Paste.Text, measure.Period, measure.FloorAtZero, clock.Today);
            if (!read.Ok)
            {
                PasteProblems = read.Problems;
                ModelState.AddModelError("Paste.Text", read.Problems.Count == 1 && read.Problems[0].Line == 0
                    ? read.Problems[0].Message
                    : $"{Format.Count(read.Problems.Count, "line needs", "lines need")} correcting (listed below); nothing was saved.");
            }
        }
        if (!ModelState.IsValid)
        {
            tx.Dispose();
            await LoadAsync(id);
            return Page();
        }

        var existing = (await tx.QueryAsync<PointRow>(
                "SELECT period_start AS PeriodStart, value FROM value_stream_measure_points WHERE measure_id = @id", new { id }))
            .ToDictionary(p => p.PeriodStart, p => p.Value);
        int added = 0, replaced = 0, unchanged = 0;
        var replacedList = new List<object>();
        foreach (var p in read!.Points)
        {
            var period = Iso.Date(p.PeriodStart);
            if (existing.TryGetValue(period, out var old))
            {
                if (old == p.Value) { unchanged++; continue; }
                replaced++;
                replacedList.Add(new { period_start = period, before = old, after = p.Value });
            }
            else added++;
            await tx.ExecuteAsync("""
                INSERT INTO value_stream_measure_points (measure_id, period_start, value) VALUES (@id, @period, @value)
                ON CONFLICT (measure_id, period_start) DO UPDATE SET value = excluded.value
                """, new { id, period, value = p.Value });
        }
        await tx.RecordAsync("value_stream_measure", id, "paste_points", null, new
        {
            added, replaced = replacedList, unchanged,
            points = read.Points.Select(p => new { period_start = Iso.Date(p.PeriodStart), value = p.Value }),
        });
        tx.Commit();
        var said = new List<string>();
        if (added > 0) said.Add(Format.Count(added, "point") + " added");
        if (replaced > 0) said.Add(Format.Count(replaced, "point") + " replaced");
        if (unchanged > 0) said.Add(Format.Count(unchanged, "point") + " already held that value");
        TempData["StatusMessage"] = $"Pasted {Format.Count(read.Points.Count, "line")}: {string.Join(", ", said)}.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        if (await OutcomeMeasureRow.LoadAsync(db.Connection, id) is not { } measure) return NotFound();
        Measure = measure;
        CanWrite = me.CanEditTrust(measure.TrustId);
        Points = (await db.Connection.QueryAsync<PointRow>("""
            SELECT period_start AS PeriodStart, value FROM value_stream_measure_points
            WHERE measure_id = @id ORDER BY period_start DESC
            """, new { id })).ToList();
        return null;
    }

    // Values as they were typed: thousands separated, up to four decimals.
    public static string Show(double value) => value.ToString("#,0.####", Format.UK);

    public string PeriodHeading => Measure.Period == MeasureFrequency.Week ? "Week beginning" : "Month";

    public string PeriodText(string periodStart) => Iso.ParseDate(periodStart) is var d && Measure.Period == MeasureFrequency.Month
        ? d.ToString("MMMM yyyy", Format.UK)
        : Format.Date(d);
}
