using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reports;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.ValueStreams.Measures;

public sealed class RecalculationInput
{
    // The period's start, yyyy-MM-dd, chosen from the measure's own points.
    [Required(ErrorMessage = "Choose the period the new limits begin from.")]
    [Display(Name = "Recalculate limits from")]
    public string? From { get; set; }

    [Required(ErrorMessage = "Say why the limits begin again here (for example the week after a workshop), so the board can see the reasoning beside the chart.")]
    [StringLength(500, ErrorMessage = "Use at most 500 characters for the reason.")]
    [Display(Name = "Reason")]
    public string? Reason { get; set; }
}

public sealed class WithdrawInput
{
    [Required(ErrorMessage = "Choose the recalculation to withdraw.")]
    [Display(Name = "Recalculation")]
    public string? RecalculationId { get; set; }

    [Required(ErrorMessage = "Say why the recalculation is withdrawn: it stays on record with your reason.")]
    [StringLength(500, ErrorMessage = "Use at most 500 characters for the reason.")]
    [Display(Name = "Reason for withdrawing")]
    public string? Reason { get; set; }
}

// The data for /js/charts.js's "spc" chart: points coloured by signal (improving, concerning, special or ""), each
// stretch's limits, the target, the workshops at their report-out and where each recalculation begins.
public sealed record SpcChartData(string Title, string Unit, IReadOnlyList<string> Labels, IReadOnlyList<double> Values,
    IReadOnlyList<string> Signal, IReadOnlyList<string> SignalText, IReadOnlyList<SpcSegmentData> Segments, double? Target,
    IReadOnlyList<SpcMarkerData> Markers, IReadOnlyList<SpcRecalculationData> Recalculations);

public sealed record SpcSegmentData(int First, int Last, double? Mean, double? Upper, double? Lower);

// Index: the point whose period holds the report-out; null when the report-out is outside the chart's periods.
public sealed record SpcMarkerData(string Reference, string Date, int? Index);

public sealed record SpcRecalculationData(int Index, string From, string Reason);

// A value stream measure's XmR chart with its workshops and recalculations, the numbers beside it, and the form that
// records a recalculation of the limits (PRODUCT.md §4; issue 20). Whoever may edit the value stream's trust may
// recalculate or withdraw; everyone signed in may read.
public class ChartModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    public sealed record WorkshopMarker(long Id, string Reference, string Title, DateOnly ReportOut, int? Index);
    public sealed record PointRow(SpcPoint Point, string Label, double? MovingRange, string Rules, string Signal, string Words);

    [BindProperty] public RecalculationInput Recalculate { get; set; } = new();
    [BindProperty] public WithdrawInput Withdraw { get; set; } = new();

    public SpcSummary Summary { get; private set; } = default!;
    public SpcMeasure Measure => Summary.Measure;
    public IReadOnlyList<WorkshopMarker> Workshops { get; private set; } = [];
    public IReadOnlyList<XmrSignal> Signals { get; private set; } = [];
    public IReadOnlyList<PointRow> Rows { get; private set; } = [];
    public SpcChartData Data { get; private set; } = default!;
    public bool CanWrite { get; private set; }

    public IEnumerable<SelectListItem> FromChoices => Summary.Points.Skip(1)
        .Select(p => new SelectListItem(ValueStreamSpc.PeriodLabel(p.Start, Measure.Period), Iso.Date(p.Start)));

    public IEnumerable<SelectListItem> WithdrawChoices => Summary.Recalculations.Where(r => !r.IsWithdrawn)
        .Select(r => new SelectListItem($"From {ValueStreamSpc.PeriodLabel(r.From, Measure.Period)}: {r.Reason}", r.Id.ToString(CultureInfo.InvariantCulture)));

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRecalculateAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanWrite) return writes.Refuse("value_stream_measure", id, "recalculate the limits of another trust's value stream measure");
        this.ValidateOnly(nameof(Recalculate));
        var from = Recalculate.From is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        if (Recalculate.From is not null && (from is not { } f || !Summary.Points.Skip(1).Any(p => p.Start == f)))
            ModelState.AddModelError("Recalculate.From", "Choose one of this measure's periods after its first: new limits begin at a point on the chart.");
        else if (from is { } g && Summary.Recalculations.Any(r => !r.IsWithdrawn && r.From == g))
            ModelState.AddModelError("Recalculate.From", $"The limits are already recalculated from the {ValueStreamSpc.PeriodLabel(g, Measure.Period)}: withdraw that one first to give another reason.");
        if (Recalculate.Reason is not null && string.IsNullOrWhiteSpace(Recalculate.Reason))
            ModelState.AddModelError("Recalculate.Reason", "Say why the limits begin again here.");
        if (!ModelState.IsValid) return Page();

        using var tx = writes.Begin();
        var row = new { measure_id = id, from_period = Iso.Date(from!.Value), reason = Recalculate.Reason!.Trim(), at = tx.Now, user_id = me.Id, user_name = tx.UserName };
        var newId = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO value_stream_measure_recalculations (measure_id, from_period, reason, at, user_id, user_name)
            VALUES (@measure_id, @from_period, @reason, @at, @user_id, @user_name) RETURNING id
            """, row);
        await tx.RecordAsync("value_stream_measure_recalculation", newId, "create", null, row);
        tx.Commit();
        TempData["StatusMessage"] = $"Limits recalculated from the {ValueStreamSpc.PeriodLabel(from.Value, Measure.Period)}; the recalculation and its reason are shown on the chart.";
        return RedirectToPage("Chart", new { id });
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanWrite) return writes.Refuse("value_stream_measure", id, "withdraw a recalculation of another trust's value stream measure");
        this.ValidateOnly(nameof(Withdraw));
        var target = long.TryParse(Withdraw.RecalculationId, NumberStyles.None, CultureInfo.InvariantCulture, out var rid)
            ? Summary.Recalculations.FirstOrDefault(r => r.Id == rid && !r.IsWithdrawn) : null;
        if (Withdraw.RecalculationId is not null && target is null)
            ModelState.AddModelError("Withdraw.RecalculationId", "Choose one of this chart's recalculations that is still in force.");
        if (Withdraw.Reason is not null && string.IsNullOrWhiteSpace(Withdraw.Reason))
            ModelState.AddModelError("Withdraw.Reason", "Say why the recalculation is withdrawn.");
        if (!ModelState.IsValid) return Page();

        using var tx = writes.Begin();
        var after = new { withdrawn_at = tx.Now, withdrawn_by = tx.UserName, withdrawn_reason = Withdraw.Reason!.Trim() };
        // Only a recalculation of this measure still in force: a second withdrawal of the same one changes nothing.
        var changed = await tx.ExecuteAsync("""
            UPDATE value_stream_measure_recalculations
            SET withdrawn_at = @withdrawn_at, withdrawn_by = @withdrawn_by, withdrawn_reason = @withdrawn_reason
            WHERE id = @rid AND measure_id = @id AND withdrawn_at IS NULL
            """, new { after.withdrawn_at, after.withdrawn_by, after.withdrawn_reason, rid = target!.Id, id });
        if (changed != 1)
        {
            ModelState.AddModelError("Withdraw.RecalculationId", "That recalculation has just been withdrawn by someone else.");
            return Page();
        }
        await tx.RecordAsync("value_stream_measure_recalculation", target.Id, "withdraw", target, after);
        tx.Commit();
        TempData["StatusMessage"] = $"Recalculation from the {ValueStreamSpc.PeriodLabel(target.From, Measure.Period)} withdrawn; it stays on record with your reason.";
        return RedirectToPage("Chart", new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        var found = await ValueStreamSpc.LoadAsync(db.Connection, measureId: id);
        if (found.Count == 0) return false;
        Summary = found[0];
        CanWrite = me.CanEditTrust(Measure.TrustId);
        var points = Summary.Points;
        var period = Measure.Period;
        DateOnly End(DateOnly start) => ValueStreamMeasures.PeriodEnd(period, start);
        int? IndexOf(DateOnly date)
        {
            for (var i = points.Count - 1; i >= 0; i--)
                if (points[i].Start <= date) return date < End(points[i].Start) ? i : null;
            return null;
        }

        // Held workshops only (completed, or planned with the report-out day past), as the reports count them.
        Workshops = (await db.Connection.QueryAsync<(long Id, string Reference, string Title, string ReportOut)>("""
                SELECT id, reference, title, report_out_date FROM workshops
                WHERE value_stream_id = @vs AND (status = 'completed' OR (status = 'planned' AND report_out_date < @today))
                ORDER BY report_out_date, id
                """, new { vs = Measure.ValueStreamId, today = Iso.Date(clock.Today) }))
            .Select(w => new WorkshopMarker(w.Id, w.Reference, w.Title, Iso.ParseDate(w.ReportOut), IndexOf(Iso.ParseDate(w.ReportOut))))
            .ToList();

        var chart = Summary.Chart;
        Signals = XmrSignals.Describe(chart, points.Select(p => p.Start).ToList(), period,
            Workshops.Select(w => new XmrMarker(w.Reference, w.ReportOut)).ToList(), Measure.Better);
        string SignalOf(int i)
        {
            var own = Signals.Where(s => s.First <= i && i <= s.Last).ToList();
            if (own.Count == 0) return "";
            return own.Any(s => s.Improvement == false) ? "concerning" : own.Any(s => s.Improvement == true) ? "improving" : "special";
        }
        Rows = chart.Points.Select((p, i) => new PointRow(points[i], p.Label, p.MovingRange, ChartJson.Describe(p.Flags), SignalOf(i),
            XmrSignals.ForPoint(Signals, i))).ToList();

        var active = Summary.Recalculations.Where(r => !r.IsWithdrawn).ToList();
        Data = new SpcChartData(
            $"{Measure.Name} ({Measure.Unit}), {ValueStreamSpc.PeriodLabel(points.FirstOrDefault()?.Start ?? clock.Today, period)} onwards",
            Measure.Unit,
            chart.Points.Select(p => p.Label).ToList(),
            chart.Points.Select(p => p.Value).ToList(),
            Rows.Select(r => r.Signal).ToList(),
            Rows.Select(r => r.Words.Length > 0 ? r.Words : r.Rules).ToList(),
            chart.Segments.Select(s => new SpcSegmentData(s.First, s.Last, s.Mean, s.Upper, s.Lower)).ToList(),
            Measure.Target,
            Workshops.Select(w => new SpcMarkerData(w.Reference, Format.Date(w.ReportOut), w.Index)).ToList(),
            active.Select(r => (r, Index: points.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Start >= r.From, (default!, -1)).Item2))
                .Where(x => x.Index > 0)
                .Select(x => new SpcRecalculationData(x.Index, ValueStreamSpc.PeriodLabel(points[x.Index].Start, period), x.r.Reason)).ToList());
        return true;
    }
}
