using System.Data.Common;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using System.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Kaizen.Web.Reports;

// The SQL behind every report. The measures come back in ONE query for the whole filter (no round trip per
// workshop); everything else (roll-ups per trust and value stream, months, sustainment, problems) is grouped in memory.
// The same SQL on both engines, but for the presence mask (below).
public static class ReportQueries
{
    // Workshops in a report: not cancelled or stood down (they have no results by design), and held: completed, or
    // planned with a report-out date before today (a planned workshop whose day has passed shows as awaiting data).
    // Read from the covering index ix_workshops_report (0003_indexes.sql), already in report-out order.
    const string WorkshopFilter = """
        (w.status = 'completed' OR (w.status = 'planned' AND w.report_out_date < @today))
          AND (@from IS NULL OR w.report_out_date >= @from)
          AND (@to IS NULL OR w.report_out_date <= @to)
          AND (@trust IS NULL OR vs.trust_id = @trust)
          AND (@vs IS NULL OR vs.id = @vs)
        """;

    const string WorkshopsSql = $"""
        SELECT w.id, w.reference, w.title, w.report_out_date, w.status, w.value_stream_id
        FROM workshops w
        JOIN value_streams vs ON vs.id = w.value_stream_id
        WHERE {WorkshopFilter}
        ORDER BY w.report_out_date, w.id
        """;

    // The measures, grouped by workshop in position order, from the covering index ix_measures_report. The kind comes
    // as a number and a bit mask says which readings are present (| and << bind equally on both engines: hence the
    // brackets), so that the reader asks the database for each value once. PostgreSQL's IS NOT NULL is a boolean, which
    // it shifts only as an integer: see MeasuresFor.
    const string MeasuresSql = """
        SELECT m.workshop_id, m.id, CASE m.kind WHEN 'process_time' THEN 0 WHEN 'error_count' THEN 1 WHEN 'error_rate' THEN 2 END,
               m.name,
               (m.baseline IS NOT NULL) | ((m.baseline_den IS NOT NULL) << 1) | ((m.target IS NOT NULL) << 2)
                 | ((m.result IS NOT NULL) << 3) | ((m.result_den IS NOT NULL) << 4)
                 | ((m.f30 IS NOT NULL) << 5) | ((m.f30_den IS NOT NULL) << 6) | ((m.f60 IS NOT NULL) << 7)
                 | ((m.f60_den IS NOT NULL) << 8) | ((m.f90 IS NOT NULL) << 9) | ((m.f90_den IS NOT NULL) << 10),
               m.baseline, m.baseline_den, m.target, m.result, m.result_den,
               m.f30, m.f30_den, m.f60, m.f60_den, m.f90, m.f90_den, m.kind
        FROM measures m
        """;

    // With no filter, every measure is read straight off the index and those of workshops not held are dropped in
    // memory: cheaper than looking each workshop up. With a filter, only the matching workshops' measures are read.
    const string FilteredMeasures = $"""
         WHERE m.workshop_id IN (SELECT w.id FROM workshops w JOIN value_streams vs ON vs.id = w.value_stream_id WHERE {WorkshopFilter})
        """;

    const string MeasureOrder = " ORDER BY m.workshop_id, m.position, m.id";

    // Each flag made an integer and the mask and the kind a bigint (read as Int64 on both engines).
    static readonly string PostgreSqlMeasuresSql = MeasuresSql
        .Replace("(m.baseline IS NOT NULL) |", "((m.baseline IS NOT NULL) |", StringComparison.Ordinal)
        .Replace("<< 10),", "<< 10))::bigint,", StringComparison.Ordinal)
        .Replace(" IS NOT NULL)", " IS NOT NULL)::int", StringComparison.Ordinal)
        .Replace(" END,", " END::bigint,", StringComparison.Ordinal);

    static string MeasuresFor(DbConnection c) => c is NpgsqlConnection ? PostgreSqlMeasuresSql : MeasuresSql;

    // Workshops in report-out order (then id); measures by workshop in that order, then position, then id. A caller
    // inside a transaction passes it (marking a meeting held computes its figures inside its write): on PostgreSQL a
    // connection does not say whether it is in one.
    public static Task<ReportSet> LoadAsync(DbConnection c, ReportFilter filter, DateOnly today, DbTransaction? transaction = null)
    {
        try
        {
            return Task.FromResult(Load(c, transaction, filter, today));
        }
        catch (Exception e)
        {
            return Task.FromException<ReportSet>(e);
        }
    }

    // The reads see one snapshot: the caller's transaction, or a read transaction of their own (deferred on SQLite, so
    // it takes no lock; repeatable read on PostgreSQL, so that its statements agree). On SQLite a caller's open
    // transaction is found even when not passed: Microsoft.Data.Sqlite enlists every command in it.
    static DbTransaction? BeginRead(DbConnection c, DbTransaction? transaction) => (c, transaction) switch
    {
        (_, not null) => null,
        (SqliteConnection sqlite, _) => raw.sqlite3_get_autocommit(sqlite.Handle) == 0 ? null : sqlite.BeginTransaction(deferred: true),
        _ => c.BeginTransaction(IsolationLevel.RepeatableRead),
    };

    // A bare data reader rather than Dapper: at national scale (100,000 workshops, 250,000 measures) mapping every
    // column of every row into objects cost seconds.
    static ReportSet Load(DbConnection c, DbTransaction? transaction, ReportFilter filter, DateOnly today)
    {
        using var own = BeginRead(c, transaction);
        var tx = transaction ?? own;
        var streams = new Dictionary<long, (string Name, long TrustId, string TrustName, string TrustCode)>();
        using (var command = Command(c, tx, "SELECT vs.id, vs.name, t.id, t.name, t.code FROM value_streams vs JOIN trusts t ON t.id = vs.trust_id", null, today))
        using (var r = command.ExecuteReader())
            while (r.Read())
                streams[r.GetInt64(0)] = (r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4));

        // Sized up front from the tables' row counts (cheap): at national scale, growing these lists and the dictionary
        // step by step re-allocated large arrays, each of which makes the garbage collector scan the whole heap.
        var workshopRows = (int)Scalar(c, tx, "SELECT count(*) FROM workshops");
        var measureRows = (int)Scalar(c, tx, "SELECT count(*) FROM measures");
        var workshops = new List<WorkshopInfo>(workshopRows);
        var ordinal = new Dictionary<long, int>(workshopRows);
        using (var command = Command(c, tx, WorkshopsSql, filter, today))
        using (var r = command.ExecuteReader())
            while (r.Read())
            {
                var id = r.GetInt64(0);
                var vs = r.GetInt64(5);
                var stream = streams[vs];
                ordinal[id] = workshops.Count;
                workshops.Add(new WorkshopInfo(id, r.GetString(1), r.GetString(2), Iso.ParseDate(r.GetString(3)),
                    ReportSet.ParseStatus(r.GetString(4)), vs, stream.Name, stream.TrustId, stream.TrustName, stream.TrustCode));
            }

        // The few follow-ups closed as "won't be measured", from their partial index (0009), by measure.
        var closed = new Dictionary<long, NotMeasuredReasons>();
        using (var command = Command(c, tx, """
            SELECT id, f30_not_measured, f60_not_measured, f90_not_measured FROM measures
            WHERE f30_not_measured IS NOT NULL OR f60_not_measured IS NOT NULL OR f90_not_measured IS NOT NULL
            """, null, today))
        using (var r = command.ExecuteReader())
            while (r.Read())
                closed[r.GetInt64(0)] = new NotMeasuredReasons(r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3));

        // Measures arrive grouped by workshop id; each workshop's run is remembered, then the runs are laid out in the
        // workshops' order.
        var filtered = filter.From is not null || filter.To is not null || filter.TrustId is not null || filter.ValueStreamId is not null;
        var read = new List<MeasureInfo>(measureRows);
        // Measure names repeat across workshops ("Referral to first assessment"): one string each, not one per measure.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = new int[workshops.Count];
        var count = new int[workshops.Count];
        using (var command = Command(c, tx, MeasuresFor(c) + (filtered ? FilteredMeasures : "") + MeasureOrder, filtered ? filter : null, today))
        using (var r = command.ExecuteReader())
        {
            var lastWorkshop = long.MinValue;
            var index = -1;
            while (r.Read())
            {
                var workshopId = r.GetInt64(0);
                if (workshopId != lastWorkshop)
                {
                    lastWorkshop = workshopId;
                    index = ordinal.GetValueOrDefault(workshopId, -1);
                    if (index >= 0) first[index] = read.Count;
                }
                if (index < 0) continue;   // a workshop that is not held
                var kind = r.IsDBNull(2) ? ReportSet.ParseKind(r.GetString(16)) : (MeasureKind)r.GetInt64(2);
                var present = r.GetInt64(4);
                double? Value(int bit) => (present & (1L << bit)) != 0 ? r.GetDouble(5 + bit) : null;
                Reading? ReadingAt(int bit) => (present & (1L << bit)) != 0 ? new Reading(r.GetDouble(5 + bit), Value(bit + 1)) : null;
                var facts = new MeasureFacts(r.GetInt64(1), workshopId, kind, ReadingAt(0), Value(2), ReadingAt(3), ReadingAt(5), ReadingAt(7), ReadingAt(9));
                var name = r.GetString(3);
                if (!names.TryAdd(name, name)) name = names[name];
                var reasons = closed.Count == 0 ? null : closed.GetValueOrDefault(facts.MeasureId);
                if (reasons is not null) facts = facts with { NotMeasured = reasons.Flags };
                read.Add(new MeasureInfo(facts, name, workshops[index], reasons));
                count[index]++;
            }
        }
        own?.Commit();

        var measures = new List<MeasureInfo>(read.Count);
        for (var i = 0; i < workshops.Count; i++)
            for (var j = 0; j < count[i]; j++)
                measures.Add(read[first[i] + j]);
        return new ReportSet(workshops, measures, today);
    }

    static long Scalar(DbConnection c, DbTransaction? tx, string sql)
    {
        using var command = Command(c, tx, sql, null, default);
        return Convert.ToInt64(command.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, ReportFilter? filter, DateOnly today)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        if (tx is not null) command.Transaction = tx;
        if (filter is not null)
        {
            command.AddParameter("@today", Iso.Date(today), DbType.String);
            command.AddParameter("@from", Iso.Date(filter.From), DbType.String);
            command.AddParameter("@to", Iso.Date(filter.To), DbType.String);
            command.AddParameter("@trust", filter.TrustId, DbType.Int64);
            command.AddParameter("@vs", filter.ValueStreamId, DbType.Int64);
        }
        return command;
    }

    public static async Task<IReadOnlyList<TrustOption>> TrustsAsync(DbConnection c) =>
        (await c.QueryAsync<TrustOption>("SELECT id AS Id, name AS Name, code AS Code, joined_on AS JoinedOn FROM trusts ORDER BY name")).ToList();

    public static async Task<TrustOption?> TrustAsync(DbConnection c, long id) =>
        await c.QuerySingleOrDefaultAsync<TrustOption>("SELECT id AS Id, name AS Name, code AS Code, joined_on AS JoinedOn FROM trusts WHERE id = @id", new { id });

    // Every value stream with its targets and its latest and next workshop (via ix_workshops_value_stream).
    public static async Task<IReadOnlyList<ValueStreamOption>> ValueStreamsAsync(DbConnection c, DateOnly today, long? trustId = null) =>
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
    public static async Task<IReadOnlyList<RevisionRow>> RevisionsThisMonthAsync(DbConnection c, DateOnly today, long? trustId, long? valueStreamId)
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

    public static async Task<IReadOnlyList<WorkshopListRow>> TrustWorkshopsAsync(DbConnection c, long trustId) =>
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
