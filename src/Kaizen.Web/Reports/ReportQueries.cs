using Dapper;
using Kaizen.Web.Data;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Reports;

// The SQL behind every report. The measures come back in ONE query for the whole filter (no round trip per
// workshop); everything else (roll-ups per trust and value stream, months, sustainment, problems) is grouped in memory.
public static class ReportQueries
{
    // Workshops in a report: not cancelled or stood down (they have no results by design), and held: completed, or
    // planned with a report-out date before today (a planned workshop whose day has passed shows as awaiting data).
    const string FactsSql = """
        SELECT w.id AS WorkshopId, w.reference AS Reference, w.title AS Title, w.report_out_date AS ReportOutDate,
               w.status AS Status, vs.id AS ValueStreamId, vs.name AS ValueStreamName,
               t.id AS TrustId, t.name AS TrustName, t.code AS TrustCode,
               m.id AS MeasureId, m.kind AS Kind, m.name AS MeasureName,
               m.baseline AS Baseline, m.baseline_den AS BaselineDen, m.target AS Target,
               m.result AS Result, m.result_den AS ResultDen,
               m.f30 AS F30, m.f30_den AS F30Den, m.f60 AS F60, m.f60_den AS F60Den, m.f90 AS F90, m.f90_den AS F90Den
        FROM workshops w
        JOIN value_streams vs ON vs.id = w.value_stream_id
        JOIN trusts t ON t.id = vs.trust_id
        LEFT JOIN measures m ON m.workshop_id = w.id
        WHERE (w.status = 'completed' OR (w.status = 'planned' AND w.report_out_date < @today))
          AND (@from IS NULL OR w.report_out_date >= @from)
          AND (@to IS NULL OR w.report_out_date <= @to)
          AND (@trust IS NULL OR t.id = @trust)
          AND (@vs IS NULL OR vs.id = @vs)
        ORDER BY w.report_out_date, w.id, m.position, m.id
        """;

    public static async Task<ReportSet> LoadAsync(SqliteConnection c, ReportFilter filter, DateOnly today)
    {
        var rows = await c.QueryAsync<ReportRow>(FactsSql, new
        {
            today = Iso.Date(today),
            from = Iso.Date(filter.From),
            to = Iso.Date(filter.To),
            trust = filter.TrustId,
            vs = filter.ValueStreamId,
        });
        return ReportSet.FromRows(rows, today);
    }

    public static async Task<IReadOnlyList<TrustOption>> TrustsAsync(SqliteConnection c) =>
        (await c.QueryAsync<TrustOption>("SELECT id AS Id, name AS Name, code AS Code, joined_on AS JoinedOn FROM trusts ORDER BY name")).ToList();

    public static async Task<TrustOption?> TrustAsync(SqliteConnection c, long id) =>
        await c.QuerySingleOrDefaultAsync<TrustOption>("SELECT id AS Id, name AS Name, code AS Code, joined_on AS JoinedOn FROM trusts WHERE id = @id", new { id });

    // Every value stream with its targets and its latest and next workshop (via ix_workshops_value_stream).
    public static async Task<IReadOnlyList<ValueStreamOption>> ValueStreamsAsync(SqliteConnection c, DateOnly today, long? trustId = null) =>
        (await c.QueryAsync<ValueStreamOption>("""
            SELECT vs.id AS Id, vs.trust_id AS TrustId, t.name AS TrustName, vs.name AS Name, vs.status AS Status,
                   vs.target_process_time AS TargetProcessTime, vs.target_error_count AS TargetErrorCount,
                   vs.target_error_rate AS TargetErrorRate,
                   (SELECT MAX(w.report_out_date) FROM workshops w
                     WHERE w.value_stream_id = vs.id AND w.status IN ('planned', 'completed') AND w.report_out_date <= @today) AS LastReportOut,
                   (SELECT MIN(w.report_out_date) FROM workshops w
                     WHERE w.value_stream_id = vs.id AND w.status = 'planned' AND w.report_out_date > @today) AS NextReportOut
            FROM value_streams vs JOIN trusts t ON t.id = vs.trust_id
            WHERE (@trustId IS NULL OR vs.trust_id = @trustId)
            ORDER BY t.name, vs.name, vs.id
            """, new { today = Iso.Date(today), trustId })).ToList();

    // Revisions recorded in the current calendar month, London time (revision times are stored as UTC instants).
    public static async Task<IReadOnlyList<RevisionRow>> RevisionsThisMonthAsync(SqliteConnection c, DateOnly today, long? trustId, long? valueStreamId)
    {
        var (start, end) = MonthInstants(today);
        return (await c.QueryAsync<RevisionRow>("""
            SELECT r.id AS Id, r.value_stream_id AS ValueStreamId, vs.name AS ValueStreamName, vs.trust_id AS TrustId,
                   t.name AS TrustName, r.at AS At, r.user_name AS UserName, r.reason AS Reason
            FROM value_stream_revisions r
            JOIN value_streams vs ON vs.id = r.value_stream_id
            JOIN trusts t ON t.id = vs.trust_id
            WHERE r.at >= @start AND r.at < @end
              AND (@trustId IS NULL OR vs.trust_id = @trustId)
              AND (@valueStreamId IS NULL OR vs.id = @valueStreamId)
            ORDER BY r.at DESC, r.id DESC
            """, new { start, end, trustId, valueStreamId })).ToList();
    }

    public static async Task<IReadOnlyList<WorkshopListRow>> TrustWorkshopsAsync(SqliteConnection c, long trustId) =>
        (await c.QueryAsync<WorkshopListRow>("""
            SELECT w.id AS Id, w.reference AS Reference, w.title AS Title, w.report_out_date AS ReportOutDate,
                   w.status AS Status, w.status_reason AS StatusReason, vs.id AS ValueStreamId, vs.name AS ValueStreamName,
                   (SELECT COUNT(*) FROM measures m WHERE m.workshop_id = w.id) AS Measures
            FROM workshops w JOIN value_streams vs ON vs.id = w.value_stream_id
            WHERE vs.trust_id = @trustId
            ORDER BY w.report_out_date DESC, w.id DESC
            """, new { trustId })).ToList();

    // The first instant of this London month and of the next, as stored UTC text, so they compare as strings.
    public static (string Start, string End) MonthInstants(DateOnly today)
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var first = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var start = TimeZoneInfo.ConvertTimeToUtc(first, london);
        var end = TimeZoneInfo.ConvertTimeToUtc(first.AddMonths(1), london);
        return (Iso.Instant(start), Iso.Instant(end));
    }
}
