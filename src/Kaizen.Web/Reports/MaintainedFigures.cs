using System.Globalization;
using Kaizen.Domain;
using Kaizen.Web.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Reports;

// The roll-ups' figures kept up to date in the write transaction (migration 0020, docs/architecture.md).
//
// Write side: triggers mark every workshop whose measures, status, report-out date or value stream change as stale
// (figures_stale). Refresh, called by every writer before it commits, works each stale workshop's contribution out
// again with the domain's own roll-up (RollUp.For on that workshop's measures, at each checkpoint), replaces its rows
// in workshop_figures and moves the totals in figure_totals by the difference. The sums are exact (Kaizen.Domain.Fixed),
// so totals moved one workshop at a time equal the roll-up from scratch, bit for bit.
//
// Read side: Read reads the totals for whole months of the filter, the few workshops outside them (the edges of a
// date range, planned workshops of this month), and the median from an ordered index; then RollUp.FromSums works the
// figures out exactly as the roll-up from scratch does. What depends on today (which planned workshops are held) is
// decided at read time from the dates.
//
// The SQL is written as both engines take it (@name parameters, ON CONFLICT … DO UPDATE) except INDEXED BY on the
// median and the autocommit check, which are SQLite's; the connection is still SQLite's (docs/postgresql-port.md).
public static class MaintainedFigures
{
    public static readonly Checkpoint[] Checkpoints =
        [Checkpoint.ReportOut, Checkpoint.Day30, Checkpoint.Day60, Checkpoint.Day90, Checkpoint.Latest];

    static readonly MeasureKind[] Kinds = [MeasureKind.ProcessTime, MeasureKind.ErrorCount, MeasureKind.ErrorRate];

    // ---------------------------------------------------------------- write side

    // Works out again the figures of every workshop marked stale in this transaction, and unmarks them. Returns how
    // many workshops it refreshed. Must run inside the writer's transaction, just before it commits.
    public static int Refresh(DbConnection c, DbTransaction tx)
    {
        if (Scalar(c, tx, "SELECT EXISTS (SELECT 1 FROM figures_stale)") == 0) return 0;

        var deltas = new Dictionary<BucketKey, FigureSums>();
        // CROSS JOIN below keeps SQLite's join order: the few stale workshops first, then their rows by key. Left to
        // choose, it scanned every measure (or every figure row) in index order to avoid a sort: about a second per
        // write at 100,000 workshops.

        // The stale workshops' old contributions come out of the totals.
        using (var command = Command(c, tx, """
            SELECT f.checkpoint, f.kind, f.trust_id, f.value_stream_id, f.report_out_date, f.status, f.direction,
                   f.window_scaled, f.before_sum, f.before_per, f.after_sum, f.after_per, f.reduction_fixed
            FROM figures_stale s CROSS JOIN workshop_figures f ON f.workshop_id = s.workshop_id
            """))
        using (var r = command.ExecuteReader())
            while (r.Read())
            {
                var sums = ReadContribution(r, 6);
                var place = new Place(r.GetInt64(2), r.GetInt64(3), r.GetString(4), r.GetString(5) == "planned");
                Move(deltas, place, (int)r.GetInt64(0), (int)r.GetInt64(1), sums, -1);
            }
        Execute(c, tx, "DELETE FROM workshop_figures WHERE workshop_id IN (SELECT workshop_id FROM figures_stale)");

        // Their new contributions, from their measures, go in.
        var workshops = new Dictionary<long, (Place Place, string Status)>();
        using (var command = Command(c, tx, """
            SELECT w.id, vs.trust_id, w.value_stream_id, w.report_out_date, w.status
            FROM figures_stale s CROSS JOIN workshops w ON w.id = s.workshop_id CROSS JOIN value_streams vs ON vs.id = w.value_stream_id
            WHERE w.status IN ('planned', 'completed')
            """))
        using (var r = command.ExecuteReader())
            while (r.Read())
            {
                var status = r.GetString(4);
                workshops[r.GetInt64(0)] = (new Place(r.GetInt64(1), r.GetInt64(2), r.GetString(3), status == "planned"), status);
            }

        using var insert = Command(c, tx, """
            INSERT INTO workshop_figures (workshop_id, checkpoint, kind, trust_id, value_stream_id, report_out_date, status,
                direction, window_scaled, before_sum, before_per, after_sum, after_per, reduction_fixed, reduction)
            VALUES (@w, @cp, @k, @t, @vs, @d, @s, @dir, @ws, @b, @bp, @a, @ap, @rf, @r)
            """);
        var p = new Dictionary<string, DbParameter>();
        foreach (var name in new[] { "@w", "@cp", "@k", "@t", "@vs", "@d", "@s", "@dir", "@ws", "@b", "@bp", "@a", "@ap", "@rf", "@r" })
            p[name] = insert.AddParameter(name, null);
        // SQLite compiles the statement once for every row; Npgsql would fix the parameters' types from their first
        // values (all null here), so on PostgreSQL each row is sent with its own.
        if (c is SqliteConnection) insert.Prepare();

        foreach (var (workshopId, measures) in MeasuresOf(c, tx, workshops.Keys).ToList())
        {
            var (place, status) = workshops[workshopId];
            foreach (var checkpoint in Checkpoints)
                foreach (var kind in Kinds)
                {
                    var rollUp = Kaizen.Domain.RollUp.For(measures, kind, checkpoint);
                    if (rollUp.Workshops == 0) continue;
                    var sums = rollUp.Contributions[0];
                    var reduction = rollUp.PerWorkshop[0].Reduction;
                    Move(deltas, place, (int)checkpoint, (int)kind, sums, 1);
                    p["@w"].Value = workshopId;
                    p["@cp"].Value = (int)checkpoint;
                    p["@k"].Value = (int)kind;
                    p["@t"].Value = place.TrustId;
                    p["@vs"].Value = place.ValueStreamId;
                    p["@d"].Value = place.ReportOut;
                    p["@s"].Value = status;
                    p["@dir"].Value = sums.Improved == 1 ? 0 : sums.Same == 1 ? 1 : 2;
                    p["@ws"].Value = sums.WindowScaled;
                    p["@b"].Value = Fixed.Text(sums.Before);
                    p["@bp"].Value = Fixed.Text(sums.BeforePer);
                    p["@a"].Value = Fixed.Text(sums.After);
                    p["@ap"].Value = Fixed.Text(sums.AfterPer);
                    p["@rf"].Value = Fixed.Text(sums.Reductions);
                    p["@r"].Value = (object?)reduction ?? DBNull.Value;
                    insert.ExecuteNonQuery();
                }
        }

        ApplyDeltas(c, tx, deltas);
        var refreshed = (int)Scalar(c, tx, "SELECT count(*) FROM figures_stale");
        Execute(c, tx, "DELETE FROM figures_stale");
        return refreshed;
    }

    // At start: works out the figures of any workshop still marked stale (every workshop, after migration 0020).
    public static int CatchUp(Database database)
    {
        using var c = database.OpenConnection();
        using var tx = c.BeginTransaction();
        var refreshed = Refresh(c, tx);
        tx.Commit();
        return refreshed;
    }

    // Where a workshop's contribution is added up: its trust, value stream, report-out date and whether it is planned.
    readonly record struct Place(long TrustId, long ValueStreamId, string ReportOut, bool Planned)
    {
        public string Month => ReportOut[..7];
    }

    readonly record struct BucketKey(int Scope, long ScopeId, int Checkpoint, int Kind, string Month, bool Planned);

    static void Move(Dictionary<BucketKey, FigureSums> deltas, Place place, int checkpoint, int kind, in FigureSums sums, int sign)
    {
        // The programme and each trust. Not each value stream: with a few dozen workshops each, a value stream's
        // months would hold about one workshop apiece, so it is read from workshop_figures directly (as fast, and at
        // national scale a million fewer rows to keep).
        foreach (var (scope, id) in new[] { (0, 0L), (1, place.TrustId) })
        {
            var key = new BucketKey(scope, id, checkpoint, kind, place.Month, place.Planned);
            var delta = deltas.GetValueOrDefault(key);
            if (sign > 0) delta.Add(sums); else delta.Subtract(sums);
            deltas[key] = delta;
        }
    }

    static void ApplyDeltas(DbConnection c, DbTransaction tx, Dictionary<BucketKey, FigureSums> deltas)
    {
        using var select = Command(c, tx, """
            SELECT workshops, improved, same, worse, window_scaled, before_sum, before_per, after_sum, after_per, reductions
            FROM figure_totals WHERE scope = @s AND scope_id = @id AND checkpoint = @cp AND kind = @k AND month = @m AND planned = @p
            """);
        using var upsert = Command(c, tx, """
            INSERT INTO figure_totals (scope, scope_id, checkpoint, kind, month, planned, workshops, improved, same,
                worse, window_scaled, before_sum, before_per, after_sum, after_per, reductions)
            VALUES (@s, @id, @cp, @k, @m, @p, @n, @imp, @same, @worse, @ws, @b, @bp, @a, @ap, @rs)
            ON CONFLICT (scope, scope_id, checkpoint, kind, month, planned) DO UPDATE SET
                workshops = excluded.workshops, improved = excluded.improved, same = excluded.same, worse = excluded.worse,
                window_scaled = excluded.window_scaled, before_sum = excluded.before_sum, before_per = excluded.before_per,
                after_sum = excluded.after_sum, after_per = excluded.after_per, reductions = excluded.reductions
            """);
        using var delete = Command(c, tx, """
            DELETE FROM figure_totals WHERE scope = @s AND scope_id = @id AND checkpoint = @cp AND kind = @k AND month = @m AND planned = @p
            """);
        foreach (var (key, delta) in deltas)
        {
            if (delta.IsEmpty) continue;
            foreach (var command in new[] { select, upsert, delete })
            {
                command.Parameters.Clear();
                command.AddParameter("@s", key.Scope);
                command.AddParameter("@id", key.ScopeId);
                command.AddParameter("@cp", key.Checkpoint);
                command.AddParameter("@k", key.Kind);
                command.AddParameter("@m", key.Month);
                command.AddParameter("@p", key.Planned ? 1 : 0);
            }
            var total = new FigureSums();
            using (var r = select.ExecuteReader())
                if (r.Read()) total = ReadTotals(r, 0);
            total.Add(delta);
            if (total.Workshops == 0)
            {
                // Nothing counted here any more. (Exact sums: everything else has come back to zero too.)
                delete.ExecuteNonQuery();
                continue;
            }
            upsert.AddParameter("@n", total.Workshops);
            upsert.AddParameter("@imp", total.Improved);
            upsert.AddParameter("@same", total.Same);
            upsert.AddParameter("@worse", total.Worse);
            upsert.AddParameter("@ws", total.WindowScaled);
            upsert.AddParameter("@b", Fixed.Text(total.Before));
            upsert.AddParameter("@bp", Fixed.Text(total.BeforePer));
            upsert.AddParameter("@a", Fixed.Text(total.After));
            upsert.AddParameter("@ap", Fixed.Text(total.AfterPer));
            upsert.AddParameter("@rs", Fixed.Text(total.Reductions));
            upsert.ExecuteNonQuery();
        }
    }

    // The measures of the given workshops, grouped by workshop in position order (the order the reports read them).
    static IEnumerable<(long WorkshopId, List<MeasureFacts> Measures)> MeasuresOf(DbConnection c, DbTransaction tx, IEnumerable<long> workshopIds)
    {
        var wanted = workshopIds as ICollection<long> ?? workshopIds.ToList();
        var seen = new HashSet<long>();
        using (var command = Command(c, tx, """
            SELECT m.workshop_id, m.id, m.kind, m.baseline, m.baseline_den, m.target, m.result, m.result_den,
                   m.f30, m.f30_den, m.f60, m.f60_den, m.f90, m.f90_den,
                   CASE WHEN m.f30_not_measured IS NULL THEN 0 ELSE 1 END, CASE WHEN m.f60_not_measured IS NULL THEN 0 ELSE 1 END,
                   CASE WHEN m.f90_not_measured IS NULL THEN 0 ELSE 1 END
            FROM figures_stale s CROSS JOIN measures m ON m.workshop_id = s.workshop_id
            ORDER BY m.workshop_id, m.position, m.id
            """))
        using (var r = command.ExecuteReader())
        {
            List<MeasureFacts>? current = null;
            var currentId = long.MinValue;
            while (r.Read())
            {
                var workshopId = r.GetInt64(0);
                if (workshopId != currentId)
                {
                    if (current is not null && wanted.Contains(currentId)) { seen.Add(currentId); yield return (currentId, current); }
                    current = [];
                    currentId = workshopId;
                }
                double? V(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
                Reading? R(int i) => r.IsDBNull(i) ? null : new Reading(r.GetDouble(i), V(i + 1));
                var notMeasured = (r.GetInt64(14) != 0 ? NotMeasured.Day30 : 0) | (r.GetInt64(15) != 0 ? NotMeasured.Day60 : 0)
                    | (r.GetInt64(16) != 0 ? NotMeasured.Day90 : 0);
                current!.Add(new MeasureFacts(r.GetInt64(1), workshopId, ReportSet.ParseKind(r.GetString(2)), R(3), V(5), R(6), R(8), R(10), R(12), notMeasured));
            }
            if (current is not null && wanted.Contains(currentId)) yield return (currentId, current);
        }
    }

    // ---------------------------------------------------------------- read side

    // The roll-up of every kind at the filter's checkpoint for the filter's trust, value stream and report-out dates,
    // from the maintained figures. Lists (per workshop, awaiting data) are not part of it: they are read where shown.
    // Null when some workshop's figures are stale (a change made outside the app's writers): the caller then computes
    // from the records, so a stale figure is never served.
    public static ProgrammeRollUp? Read(SqliteConnection c, ReportFilter filter, DateOnly today)
    {
        var checkpoint = filter.Checkpoint;
        // One snapshot: a read transaction of its own, or the caller's when one is open (commands enlist in it).
        using var tx = SQLitePCL.raw.sqlite3_get_autocommit(c.Handle) == 0 ? null : c.BeginTransaction(deferred: true);
        var current = tx;
        if (Scalar(c, current, "SELECT EXISTS (SELECT 1 FROM figures_stale)") != 0) return null;

        var sums = new FigureSums[3];
        if (Scope(c, current, filter) is not var (scope, scopeId, column))
            return Result(checkpoint, sums, [null, null, null]);

        var todayText = Iso.Date(today);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var from = filter.From;
        var to = filter.To;
        if (from is { } f && to is { } t && f > t) return Result(checkpoint, sums, [null, null, null]);

        // Whole months inside the date range are read from the totals: completed workshops' in any month, planned
        // ones' only in months before this one (all their report-out dates have passed). The rest from the workshops.
        var firstWhole = from is { } f1 ? (f1.Day == 1 ? f1 : new DateOnly(f1.Year, f1.Month, 1).AddMonths(1)) : DateOnly.MinValue;
        var afterWhole = to is { } t1 ? (t1.AddDays(1).Day == 1 ? t1.AddDays(1) : new DateOnly(t1.Year, t1.Month, 1)) : DateOnly.MaxValue;
        var covered = firstWhole < afterWhole && scope != 2;   // no totals are kept per value stream
        var coverStart = covered ? Iso.Date(firstWhole) : "";
        var coverEnd = covered ? (afterWhole == DateOnly.MaxValue ? "9999-99" : Iso.Date(afterWhole)) : "";
        var plannedEnd = covered ? string.CompareOrdinal(Iso.Date(thisMonth), coverEnd) < 0 ? Iso.Date(thisMonth) : coverEnd : "";

        if (covered)
        {
            using var command = Command(c, current, """
                SELECT kind, workshops, improved, same, worse, window_scaled, before_sum, before_per, after_sum, after_per, reductions
                FROM figure_totals
                WHERE scope = @scope AND scope_id = @id AND checkpoint = @cp
                  AND month >= substr(@start, 1, 7) AND month < substr(@end, 1, 7)
                  AND (planned = 0 OR month < substr(@plannedEnd, 1, 7))
                """);
            command.AddParameter("@scope", scope);
            command.AddParameter("@id", scopeId);
            command.AddParameter("@cp", (int)checkpoint);
            command.AddParameter("@start", coverStart);
            command.AddParameter("@end", coverEnd);
            command.AddParameter("@plannedEnd", plannedEnd);
            using var r = command.ExecuteReader();
            while (r.Read())
                sums[r.GetInt64(0)].Add(ReadTotals(r, 1));
        }

        // The workshops outside the covered months: before them, after them, and this month's planned ones.
        var scopeWhere = column is null ? "" : $"{column} = @id AND ";
        var held = "(status = 'completed' OR report_out_date < @today)";
        // Both bounds always bound (open ends as dates before and after any), so the date indexes can seek on both.
        var range = "report_out_date >= @from AND report_out_date <= @to";
        var outside = covered
            ? $"""
              SELECT kind, direction, window_scaled, before_sum, before_per, after_sum, after_per, reduction_fixed FROM workshop_figures
              WHERE {scopeWhere}checkpoint = @cp AND kind IN (0, 1, 2) AND report_out_date < @start AND {held} AND {range}
              UNION ALL
              SELECT kind, direction, window_scaled, before_sum, before_per, after_sum, after_per, reduction_fixed FROM workshop_figures
              WHERE {scopeWhere}checkpoint = @cp AND kind IN (0, 1, 2) AND report_out_date >= @end AND {held} AND {range}
              UNION ALL
              SELECT kind, direction, window_scaled, before_sum, before_per, after_sum, after_per, reduction_fixed FROM workshop_figures
              WHERE {scopeWhere}checkpoint = @cp AND kind IN (0, 1, 2) AND report_out_date >= @plannedEnd AND report_out_date < @end AND status = 'planned' AND {held} AND {range}
              """
            : $"""
              SELECT kind, direction, window_scaled, before_sum, before_per, after_sum, after_per, reduction_fixed FROM workshop_figures
              WHERE {scopeWhere}checkpoint = @cp AND kind IN (0, 1, 2) AND {held} AND {range}
              """;
        using (var command = Command(c, current, outside))
        {
            command.AddParameter("@id", scopeId);
            command.AddParameter("@cp", (int)checkpoint);
            command.AddParameter("@start", coverStart);
            command.AddParameter("@end", coverEnd);
            command.AddParameter("@plannedEnd", plannedEnd);
            command.AddParameter("@today", todayText);
            command.AddParameter("@from", Iso.Date(from) ?? "0000-00-00");
            command.AddParameter("@to", Iso.Date(to) ?? "9999-99-99");
            using var r = command.ExecuteReader();
            while (r.Read())
                sums[r.GetInt64(0)].Add(ReadContribution(r, 1));
        }

        // The index walked in order of reduction, so that the OFFSET skips index entries rather than sorting rows.
        var medianIndex = scope switch { 0 => "ix_workshop_figures_median", 1 => "ix_workshop_figures_trust_median", _ => "ix_workshop_figures_vs_median" };
        // The median: the middle one or two of the workshops' reductions, in order, from the index.
        var medians = new double?[3];
        for (var k = 0; k < 3; k++)
        {
            var n = sums[k].Workshops;
            if (n == 0) continue;
            using var command = Command(c, current, $"""
                SELECT reduction FROM workshop_figures INDEXED BY {medianIndex}
                WHERE {scopeWhere}checkpoint = @cp AND kind = @k AND {held} AND {range}
                ORDER BY reduction LIMIT @take OFFSET @skip
                """);
            command.AddParameter("@id", scopeId);
            command.AddParameter("@cp", (int)checkpoint);
            command.AddParameter("@k", k);
            command.AddParameter("@today", todayText);
            command.AddParameter("@from", Iso.Date(from) ?? "0000-00-00");
            command.AddParameter("@to", Iso.Date(to) ?? "9999-99-99");
            command.AddParameter("@take", n % 2 == 1 ? 1 : 2);
            command.AddParameter("@skip", n % 2 == 1 ? n / 2 : n / 2 - 1);
            var middle = new List<double>(2);
            using (var r = command.ExecuteReader())
                while (r.Read()) middle.Add(r.GetDouble(0));
            medians[k] = Kaizen.Domain.RollUp.MedianOfSorted(middle.ToArray());
        }
        tx?.Commit();
        return Result(checkpoint, sums, medians);
    }

    static ProgrammeRollUp Result(Checkpoint checkpoint, FigureSums[] sums, double?[] medians) => new(
        checkpoint,
        Kaizen.Domain.RollUp.FromSums(MeasureKind.ProcessTime, checkpoint, sums[0], medians[0]),
        Kaizen.Domain.RollUp.FromSums(MeasureKind.ErrorCount, checkpoint, sums[1], medians[1]),
        Kaizen.Domain.RollUp.FromSums(MeasureKind.ErrorRate, checkpoint, sums[2], medians[2]));

    // Which totals a filter reads: a value stream's (if it belongs to the filter's trust, when both are given), a
    // trust's, or the programme's. Null when the filter can match nothing.
    static (int Scope, long Id, string? Column)? Scope(DbConnection c, DbTransaction? tx, ReportFilter filter)
    {
        if (filter.ValueStreamId is { } vs)
        {
            if (filter.TrustId is { } trust)
            {
                using var command = Command(c, tx, "SELECT EXISTS (SELECT 1 FROM value_streams WHERE id = @vs AND trust_id = @trust)");
                command.AddParameter("@vs", vs);
                command.AddParameter("@trust", trust);
                if ((long)command.ExecuteScalar()! == 0) return null;
            }
            return (2, vs, "value_stream_id");
        }
        return filter.TrustId is { } t ? (1, t, "trust_id") : (0, 0, null);
    }

    // direction, window_scaled, before, before_per, after, after_per, reduction (fixed) from column `at` on.
    static FigureSums ReadContribution(DbDataReader r, int at)
    {
        var direction = r.GetInt64(at);
        return new FigureSums
        {
            Workshops = 1,
            Improved = direction == 0 ? 1 : 0,
            Same = direction == 1 ? 1 : 0,
            Worse = direction == 2 ? 1 : 0,
            WindowScaled = (int)r.GetInt64(at + 1),
            Before = Fixed.Parse(r.GetString(at + 2)),
            BeforePer = Fixed.Parse(r.GetString(at + 3)),
            After = Fixed.Parse(r.GetString(at + 4)),
            AfterPer = Fixed.Parse(r.GetString(at + 5)),
            Reductions = Fixed.Parse(r.GetString(at + 6)),
        };
    }

    // workshops, improved, same, worse, window_scaled, before, before_per, after, after_per, reductions from `at` on.
    static FigureSums ReadTotals(DbDataReader r, int at) => new()
    {
        Workshops = (int)r.GetInt64(at),
        Improved = (int)r.GetInt64(at + 1),
        Same = (int)r.GetInt64(at + 2),
        Worse = (int)r.GetInt64(at + 3),
        WindowScaled = (int)r.GetInt64(at + 4),
        Before = Fixed.Parse(r.GetString(at + 5)),
        BeforePer = Fixed.Parse(r.GetString(at + 6)),
        After = Fixed.Parse(r.GetString(at + 7)),
        AfterPer = Fixed.Parse(r.GetString(at + 8)),
        Reductions = Fixed.Parse(r.GetString(at + 9)),
    };

    static DbCommand Command(DbConnection c, DbTransaction? tx, string sql)
    {
        // "CROSS JOIN … ON" is how SQLite is told the join order; PostgreSQL orders joins by its own statistics and
        // accepts only "JOIN … ON".
        if (c is not SqliteConnection) sql = sql.Replace("CROSS JOIN", "JOIN", StringComparison.Ordinal);
        var command = c.CreateCommand();
        if (tx is not null) command.Transaction = tx;   // otherwise CreateCommand has enlisted it in the open one, if any
        command.CommandText = sql;
        return command;
    }

    static long Scalar(DbConnection c, DbTransaction? tx, string sql)
    {
        using var command = Command(c, tx, sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    static void Execute(DbConnection c, DbTransaction? tx, string sql)
    {
        using var command = Command(c, tx, sql);
        command.ExecuteNonQuery();
    }
}
