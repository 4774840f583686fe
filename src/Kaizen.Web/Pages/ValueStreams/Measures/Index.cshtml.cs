using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.ValueStreams.Measures;

// /ValueStreams/Measures?valueStreamId=5: the value stream's outcome measures, each with its latest point and the
// ways to its data, its chart and its settings.
public class IndexModel(Db db, CurrentUser me) : PageModel
{
    public sealed record MeasureLine
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Unit { get; init; } = "";
        public string Frequency { get; init; } = "";
        public long Points { get; init; }
        public string? LatestPeriod { get; init; }
        public double? LatestValue { get; init; }
    }

    public ValueStreamHead Stream { get; private set; } = default!;
    public IReadOnlyList<MeasureLine> Measures { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(long valueStreamId)
    {
        if (await ValueStreamHead.LoadAsync(db.Connection, valueStreamId) is not { } stream) return NotFound();
        Stream = stream;
        CanWrite = me.CanEditTrust(stream.TrustId);
        Measures = (await db.Connection.QueryAsync<MeasureLine>("""
            SELECT m.id, m.name, m.unit, m.frequency,
                   (SELECT COUNT(*) FROM value_stream_measure_points p WHERE p.measure_id = m.id) AS Points,
                   l.period_start AS LatestPeriod, l.value AS LatestValue
            FROM value_stream_measures m
            LEFT JOIN value_stream_measure_points l ON l.measure_id = m.id
                 AND l.period_start = (SELECT MAX(period_start) FROM value_stream_measure_points WHERE measure_id = m.id)
            WHERE m.value_stream_id = @valueStreamId
            ORDER BY lower(m.name)
            """, new { valueStreamId })).ToList();
        return Page();
    }
}
