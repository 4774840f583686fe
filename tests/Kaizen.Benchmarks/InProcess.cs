using System.Diagnostics;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.Data.Sqlite;

namespace Kaizen.Benchmarks;

// The programme roll-up in process, beside the floor: the cheapest raw SQLite read of the rows it needs.
public static class InProcess
{
    // The roll-up as the dashboard computes it: the reports' query for the whole programme, then the pooled figures
    // at report-out (ReportQueries.LoadAsync + ReportSet.RollUp), on the connection set up as the app sets it up.
    public static async Task<(Stat Stat, long Held, long Measures, double Check)> RollUpAsync(Database database, DateOnly today, int runs)
    {
        using var c = database.Open();
        long held = 0, measures = 0;
        double check = 0;
        var samples = await TimeAsync(runs, warmUp: 2, async () =>
        {
            var set = await ReportQueries.LoadAsync(c, new ReportFilter(), today);
            var rollUp = set.RollUp(Checkpoint.ReportOut);
            held = set.Workshops.Count;
            measures = set.Measures.Count;
            check = rollUp.ProcessTime.Headline ?? 0;
        });
        var stat = Stat.Of(samples)!;
        stat.ServerCpuMs = LastCpuMs;
        return (stat, held, measures, check);
    }

    public sealed record Maintained(Stat Write, Stat Programme, Stat Worst, string WorstLabel, Stat Range, bool Same);

    // The maintained figures (MaintainedFigures.Read), each read RIGHT AFTER a committed write that changes a figure:
    // one measure's result moved and moved back through the app's refresh in one transaction (so the file is the same
    // after every run). Programme, the first trust and its first value stream, at each of the five checkpoints; and a
    // report-out date range with edges mid-month. Same: the programme's figures at report-out equal the roll-up from
    // the records (LoadAsync + RollUp) bit for bit.
    public static async Task<Maintained> MaintainedAsync(Database database, DateOnly today, int runs)
    {
        using var c = database.Open();
        var measure = c.ExecuteScalar<long>("""
            SELECT m.id FROM measures m JOIN workshops w ON w.id = m.workshop_id
            WHERE w.status = 'completed' AND m.result IS NOT NULL ORDER BY m.id LIMIT 1
            """);
        var trust = c.ExecuteScalar<long>("SELECT MIN(id) FROM trusts");
        var stream = c.ExecuteScalar<long>("SELECT MIN(id) FROM value_streams WHERE trust_id = @trust", new { trust });
        var writes = new List<double>();
        void Write()
        {
            var clock = Stopwatch.StartNew();
            using var tx = c.BeginTransaction();
            c.Execute("UPDATE measures SET result = result + 1 WHERE id = @measure", new { measure }, tx);
            MaintainedFigures.Refresh(c, tx);
            c.Execute("UPDATE measures SET result = result - 1 WHERE id = @measure", new { measure }, tx);
            MaintainedFigures.Refresh(c, tx);
            tx.Commit();
            writes.Add(clock.Elapsed.TotalMilliseconds);
        }

        async Task<Stat> ReadAfterWrite(ReportFilter filter)
        {
            var samples = new List<double>();
            for (var i = 0; i < runs + 1; i++)
            {
                Write();
                var clock = Stopwatch.StartNew();
                _ = MaintainedFigures.Read(c, filter, today) ?? throw new InvalidOperationException("Figures are stale.");
                if (i > 0) samples.Add(clock.Elapsed.TotalMilliseconds);   // the first is a warm-up
            }
            await Task.CompletedTask;
            return Stat.Of(samples)!;
        }

        Stat? programme = null, worst = null;
        var worstLabel = "";
        foreach (var (label, filter) in new[] { ("programme", new ReportFilter()), ("one trust", new ReportFilter { TrustId = trust }), ("one value stream", new ReportFilter { ValueStreamId = stream }) })
            foreach (var checkpoint in MaintainedFigures.Checkpoints)
            {
                var stat = await ReadAfterWrite(filter with { Checkpoint = checkpoint });
                if (label == "programme" && checkpoint == Checkpoint.ReportOut) programme = stat;
                if (worst is null || stat.Median > worst.Median) (worst, worstLabel) = (stat, $"{label} at {ReportFilter.KeyOf(checkpoint)}");
            }
        var range = await ReadAfterWrite(new ReportFilter { From = new DateOnly(2016, 3, 17), To = new DateOnly(2021, 9, 12) });

        var expected = (await ReportQueries.LoadAsync(c, new ReportFilter(), today)).RollUp(Checkpoint.ReportOut);
        var actual = MaintainedFigures.Read(c, new ReportFilter(), today)!;
        var same = expected.Kinds.Zip(actual.Kinds).All(p => (p.First.Workshops, p.First.Headline, p.First.TotalBefore, p.First.TotalAfter, p.First.Mean, p.First.Median,
            p.First.PooledRateBefore, p.First.PooledRateAfter, p.First.Improved, p.First.Same, p.First.Worse)
            == (p.Second.Workshops, p.Second.Headline, p.Second.TotalBefore, p.Second.TotalAfter, p.Second.Mean, p.Second.Median,
            p.Second.PooledRateBefore, p.Second.PooledRateAfter, p.Second.Improved, p.Second.Same, p.Second.Worse));
        return new Maintained(Stat.Of(writes)!, programme!, worst!, worstLabel, range, same);
    }

    // The floor: the same rows (measures of held workshops) and the columns a report-out roll-up reads (workshop,
    // kind, baseline and result with their denominators), through a bare SqliteDataReader with no mapping, no
    // ordering and no objects: the cheapest read of these rows through the driver the app uses. (Below the driver,
    // raw SQLitePCL calls are cheaper still: RawFloorAsync reports that too.)
    public const string FloorSql = """
        SELECT m.workshop_id, m.kind, m.baseline, m.baseline_den, m.result, m.result_den
        FROM workshops w
        JOIN measures m ON m.workshop_id = w.id
        WHERE (w.status = 'completed' OR (w.status = 'planned' AND w.report_out_date < $today))
        """;

    public static async Task<(Stat Stat, long Rows)> FloorAsync(Database database, DateOnly today, int runs)
    {
        using var c = database.Open();
        long rows = 0;
        var samples = await TimeAsync(runs, warmUp: 2, () =>
        {
            using var command = c.CreateCommand();
            command.CommandText = FloorSql;
            command.Parameters.AddWithValue("$today", Iso.Date(today));
            using var reader = command.ExecuteReader();
            long n = 0;
            double sum = 0;
            while (reader.Read())
            {
                n += reader.GetInt64(0);
                _ = reader.GetString(1);
                if (!reader.IsDBNull(2)) sum += reader.GetDouble(2);
                if (!reader.IsDBNull(3)) sum += reader.GetDouble(3);
                if (!reader.IsDBNull(4)) sum += reader.GetDouble(4);
                if (!reader.IsDBNull(5)) sum += reader.GetDouble(5);
                rows++;
            }
            GC.KeepAlive(sum + n);
            return Task.CompletedTask;
        });
        var stat = Stat.Of(samples)!;
        stat.ServerCpuMs = LastCpuMs;
        return (stat, rows / (runs + 2));
    }

    // The same query and values through SQLitePCL's raw calls (prepare, step, column_type, column_double), beneath
    // Microsoft.Data.Sqlite's reader and its per-value checks: what SQLite itself costs to hand these rows to .NET.
    public static async Task<Stat> RawFloorAsync(Database database, DateOnly today, int runs)
    {
        using var c = database.Open();
        var samples = await TimeAsync(runs, warmUp: 2, () =>
        {
            SQLitePCL.raw.sqlite3_prepare_v2(c.Handle, FloorSql, out var statement);
            using (statement)
            {
                SQLitePCL.raw.sqlite3_bind_text(statement, SQLitePCL.raw.sqlite3_bind_parameter_index(statement, "$today"), Iso.Date(today));
                long n = 0;
                double sum = 0;
                while (SQLitePCL.raw.sqlite3_step(statement) == SQLitePCL.raw.SQLITE_ROW)
                {
                    n += SQLitePCL.raw.sqlite3_column_int64(statement, 0);
                    n += SQLitePCL.raw.sqlite3_column_bytes(statement, 1);
                    for (var i = 2; i < 6; i++)
                        if (SQLitePCL.raw.sqlite3_column_type(statement, i) != SQLitePCL.raw.SQLITE_NULL)
                            sum += SQLitePCL.raw.sqlite3_column_double(statement, i);
                }
                GC.KeepAlive(sum + n);
            }
            return Task.CompletedTask;
        });
        var stat = Stat.Of(samples)!;
        stat.ServerCpuMs = LastCpuMs;
        return stat;
    }

    // CPU per run of the last TimeAsync, in this process (all threads, the GC's included).
    public static double LastCpuMs { get; private set; }

    public static async Task<List<double>> TimeAsync(int runs, int warmUp, Func<Task> work)
    {
        for (var i = 0; i < warmUp; i++) await work();
        var samples = new List<double>(runs);
        LastCpuMs = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await work();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        LastCpuMs = (Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - LastCpuMs) / runs;
        return samples;
    }

    public static (long Workshops, long Measures) Counts(Database database)
    {
        using var c = database.Open();
        return (c.ExecuteScalar<long>("SELECT COUNT(*) FROM workshops"), c.ExecuteScalar<long>("SELECT COUNT(*) FROM measures"));
    }

    // A committed write from another process that changes nothing a report shows (the first trust's edit counter),
    // so a server that caches figures must compute them again. (A write of identical values would not do: SQLite
    // writes no page for it, and the database's version does not move.)
    public static void Touch(Database database)
    {
        using var c = database.Open();
        c.Execute("UPDATE trusts SET version = version + 1 WHERE id = (SELECT MIN(id) FROM trusts)");
    }

    public static string Explain(Database database, string sql, object parameters)
    {
        using var c = database.Open();
        return string.Join("\n", c.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)
            .Select(r => r.Detail));
    }

    public static void ClearPools() => SqliteConnection.ClearAllPools();
}
