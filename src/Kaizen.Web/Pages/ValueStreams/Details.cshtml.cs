using System.Text.Json;
using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.ValueStreams;

public class DetailsModel(Db db, Clock clock) : PageModel
{
    public sealed record Change(string Field, string? Before, string? After);
    public sealed record Revision(string At, string UserName, string Reason, IReadOnlyList<Change> Changes);
    public sealed record WorkshopRow
    {
        public long Id { get; init; }
        public string Reference { get; init; } = "";
        public string Title { get; init; } = "";
        public string StartDate { get; init; } = "";
        public string ReportOutDate { get; init; } = "";
        public string Status { get; init; } = "";
        public long Measures { get; init; }
    }

    public ValueStreamRow Stream { get; private set; } = new();
    public IReadOnlyList<Revision> Revisions { get; private set; } = [];
    public IReadOnlyList<WorkshopRow> Workshops { get; private set; } = [];
    public Kaizen.Domain.ProgrammeRollUp RollUp { get; private set; } = default!;
    public Reports.ReductionChartModel? Chart { get; private set; }
    // The value stream's outcome measures over time, summed up as everywhere else they are shown (Reports/ValueStreamSpc).
    public IReadOnlyList<Reports.SpcSummary> OutcomeMeasures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<ValueStreamRow>(ValueStreamRow.Select, new { id });
        if (row is null) return NotFound();
        Stream = row;
        var set = await Reports.ReportQueries.LoadAsync(db.Connection, new Reports.ReportFilter { ValueStreamId = id }, clock.Today);
        RollUp = set.RollUp(Kaizen.Domain.Checkpoint.ReportOut);
        // One bar group per workshop, so a workshop that went the other way stands out beside the pooled figure.
        var perWorkshop = set.Workshops
            .Select(w => (w.Reference, Kaizen.Domain.RollUp.ForAll(set.MeasuresByWorkshop[w.Id].Select(m => m.Facts), Kaizen.Domain.Checkpoint.ReportOut)))
            .Where(g => g.Item2.Kinds.Any(k => k.Workshops > 0))
            .ToList();
        if (perWorkshop.Count > 0)
            Chart = new Reports.ReductionChartModel("chart-reduction-by-workshop", Reports.ChartJson.Reductions("Reduction by workshop at report-out (%)", perWorkshop));
        OutcomeMeasures = await Reports.ValueStreamSpc.LoadAsync(db.Connection, valueStreamId: id);
        Revisions = (await db.Connection.QueryAsync<(string At, string UserName, string Reason, string ChangesJson)>("""
                SELECT at, user_name, reason, changes_json FROM value_stream_revisions WHERE value_stream_id = @id ORDER BY at DESC, id DESC
                """, new { id }))
            .Select(r => new Revision(r.At, r.UserName, r.Reason, ReadChanges(r.ChangesJson)))
            .ToList();
        Workshops = (await db.Connection.QueryAsync<WorkshopRow>("""
            SELECT w.id, w.reference, w.title, w.start_date AS StartDate, w.report_out_date AS ReportOutDate, w.status,
                   (SELECT COUNT(*) FROM measures m WHERE m.workshop_id = w.id) AS Measures
            FROM workshops w WHERE w.value_stream_id = @id ORDER BY w.start_date DESC
            """, new { id })).ToList();
        return Page();
    }

    // /ValueStreams/Details/5?handler=Excel: the report workbook for this value stream, as the page shows it (at report-out).
    public async Task<IActionResult> OnGetExcelAsync(long id) =>
        await Export.ReportWorkbooks.ValueStreamAsync(db.Connection, id, clock.Today) ?? NotFound();

    private static IReadOnlyList<Change> ReadChanges(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(c => new Change(FieldName(c.GetProperty("field").GetString()!), Show(c, "before"), Show(c, "after")))
            .ToList();

    // The scope is stored as the description column; people know it as the scope.
    private static string FieldName(string field) => field == "description" ? "scope" : field;

    // Targets are fractions in storage and percentages to people.
    private static string? Show(JsonElement change, string side)
    {
        var value = change.GetProperty(side);
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (change.GetProperty("field").GetString()!.StartsWith("target", StringComparison.Ordinal) && value.ValueKind == JsonValueKind.Number)
            return Infrastructure.Format.Percent(value.GetDouble(), 1);
        if (change.GetProperty("field").GetString() == "status" && value.GetString() is { } s && Codes.ValueStreamStatuses.TryGetValue(s, out var words))
            return words;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString();
    }
}
