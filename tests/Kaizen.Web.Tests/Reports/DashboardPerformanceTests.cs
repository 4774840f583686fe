using System.Diagnostics;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Kaizen.Web.Tests.Reports.ReportSeed;

namespace Kaizen.Web.Tests.Reports;

// A programme of realistic size: 5 trusts, 15 value streams, 120 workshops over three years, 3 or 4 measures each
// (with follow-ups, some worse, some awaiting). The dashboard must render server-side in well under 50 ms.
[Collection(PerformanceCollection.Name)]
public sealed class DashboardPerformanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_dashboard_for_120_workshops_renders_quickly()
    {
        app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        using (var db = app.OpenDb())
        using (var tx = db.BeginTransaction())
        {
            var trusts = new List<long> { cast.TrustA, cast.TrustB };
            for (var t = 3; t <= 5; t++)
                trusts.Add(db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES (@n, @c, '2016-01-01') RETURNING id",
                    new { n = $"Trust {t}", c = $"TR{t}" }, tx));
            var streams = trusts.SelectMany(t => Enumerable.Range(1, 3).Select(i => (Trust: t, I: i))).ToList();
            var vsIds = new List<long>();
            foreach (var (trust, i) in streams)
                vsIds.Add(db.ExecuteScalar<long>("""
                    INSERT INTO value_streams (trust_id, name, chosen_by, status, target_process_time, created_at)
                    VALUES (@trust, @name, 'top_down', 'active', 0.5, '2022-01-01T00:00:00Z') RETURNING id
                    """, new { trust, name = $"Stream {trust}-{i}" }, tx));
            var random = new Random(42);
            for (var w = 0; w < 120; w++)
            {
                var reportOut = new DateOnly(2022, 7, 1).AddDays(w * 9);
                var status = w % 40 == 39 ? "cancelled" : reportOut > new DateOnly(2025, 6, 1) ? "planned" : "completed";
                var id = db.ExecuteScalar<long>("""
                    INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status, status_reason,
                                           created_at, updated_at, updated_by)
                    VALUES (@vs, @reference, @title, @start, 5, @reportOut, @status, @reason, '2022-01-01T00:00:00Z', '2022-01-01T00:00:00Z', 'test')
                    RETURNING id
                    """, new
                {
                    vs = vsIds[w % vsIds.Count], reference = $"P-{w:000}", title = $"Workshop {w}", start = reportOut.AddDays(-4).ToString("yyyy-MM-dd"),
                    reportOut = reportOut.ToString("yyyy-MM-dd"), status, reason = status == "cancelled" ? "Test" : null,
                }, tx);
                var done = status == "completed";
                double B(double max) => Math.Round(10 + random.NextDouble() * max);
                double? A(double b) => done ? Math.Round(b * (0.2 + random.NextDouble() * 1.0)) : null;
                var pt = B(600);
                var ec = B(40);
                var er = B(40);
                db.Execute("""
                    INSERT INTO measures (workshop_id, position, kind, name, baseline, result, f30, f60, f90) VALUES (@id, 1, 'process_time', 'Time', @pt, @a, @f30, @f60, @f90);
                    INSERT INTO measures (workshop_id, position, kind, name, baseline, baseline_den, result, result_den) VALUES (@id, 2, 'error_count', 'Errors', @ec, 14, @b, 7);
                    INSERT INTO measures (workshop_id, position, kind, name, baseline, baseline_den, result, result_den) VALUES (@id, 3, 'error_rate', 'Rate', @er, 200, @c, 200);
                    """, new { id, pt, a = A(pt), f30 = A(pt), f60 = w % 2 == 0 ? A(pt) : null, f90 = w % 3 == 0 ? A(pt) : null, ec, b = A(ec / 2), er, c = A(er) }, tx);
                if (w % 2 == 0)
                    db.Execute("INSERT INTO measures (workshop_id, position, kind, name, baseline, baseline_den, result, result_den) VALUES (@id, 4, 'error_rate', 'Rate 2', 5, 100, @r, 100)",
                        new { id, r = done ? (double?)3 : null }, tx);
            }
            tx.Commit();
        }
        var board = await cast.Board();

        // Warm up: the first requests compile the views and JIT the code (tiered JIT recompiles hot methods later).
        var first = await board.GetDocumentAsync("/Dashboard");
        Assert.StartsWith("Process time (", first.QuerySelector("#headline")!.TextContent);
        for (var i = 0; i < 40; i++) (await board.GetAsync("/Dashboard")).EnsureSuccessStatusCode();

        // Wall time per request in process (no network), and the process's CPU time per request. On a shared machine
        // the wall time includes waiting for a core; CPU time does not, so it is the fairer measure of the work done.
        const int runs = 30;
        var process = Process.GetCurrentProcess();
        var times = new List<double>();
        var requestCpu = await CpuPerRunAsync(process, runs, async () =>
        {
            var sw = Stopwatch.StartNew();
            var response = await board.GetAsync("/Dashboard");
            await response.Content.ReadAsStringAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        });
        times.Sort();

        // The one measures query, and the figures computed from it, on their own.
        using var scope = app.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<Db>().Connection;
        var today = new DateOnly(2025, 6, 15);
        var filter = new ReportFilter();
        var set = await ReportQueries.LoadAsync(connection, filter, today);
        var queryCpu = await CpuPerRunAsync(process, runs, () => ReportQueries.LoadAsync(connection, filter, today));
        var buildCpu = await CpuPerRunAsync(process, runs, () => DashboardView.BuildAsync(connection, filter, today));

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        output.WriteLine($"GET /Dashboard, {set.Workshops.Count} workshops held, {set.Measures.Count} measures: wall fastest {times[0]:0.0} ms, " +
                         $"median {times[runs / 2]:0.0} ms, slowest {times[^1]:0.0} ms; CPU per request {requestCpu:0.0} ms " +
                         $"(measures query {queryCpu:0.0} ms, all queries + figures {buildCpu:0.0} ms); load average {load} on {Environment.ProcessorCount} cores");

        // A guard against a per-workshop round trip or a quadratic loop creeping in (they cost seconds, not milliseconds),
        // loose enough not to fail on a busy shared machine. The target (well under 50 ms) is checked by reading the line above.
        Assert.True(times[0] < 200, $"Fastest dashboard render {times[0]:0.0} ms");
        Assert.True(requestCpu < 150, $"Dashboard CPU {requestCpu:0.0} ms per request");
    }

    private static async Task<double> CpuPerRunAsync(Process process, int runs, Func<Task> work)
    {
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < runs; i++) await work();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / runs;
    }
}

// Timings mean nothing while other tests share the cores, so this runs on its own.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PerformanceCollection
{
    public const string Name = "reports performance";
}
