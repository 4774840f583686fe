using System.Diagnostics;
using Dapper;
using Kaizen.Web.Export;
using Kaizen.Web.Reports;
using Kaizen.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Export;

// A big programme: the programme workbook is written row by row, so its memory stays modest however many workshops
// there are. 2,000 workshops by default (about 5,000 measures); set KAIZEN_EXPORT_WORKSHOPS=100000 to measure the
// full-size case by hand (it takes minutes on a 2-core machine).
public sealed class ReportWorkbookSizeTests(ITestOutputHelper output) : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    static int WorkshopCount =>
        int.TryParse(Environment.GetEnvironmentVariable("KAIZEN_EXPORT_WORKSHOPS"), out var n) && n > 0 ? n : 2_000;

    [Fact]
    public async Task A_big_programme_workbook_is_written_in_one_pass_with_every_measure_on_the_workshops_sheet()
    {
        int workshops = WorkshopCount;
        app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        var today = new DateOnly(2025, 6, 15);
        var cast = await app.CastAsync();
        int measures = Seed(workshops, cast);

        var path = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "big.xlsx");
        using var db = app.OpenDb();

        // What the dashboard itself holds for this programme (the report set and its lists), for comparison.
        var (_, dashboardTime, dashboardPeak) = await MeasureAsync(() => DashboardView.BuildAsync(db, new ReportFilter(), today));
        var (_, elapsed, peak) = await MeasureAsync(async () =>
        {
            await using var stream = File.Create(path);
            await ReportWorkbooks.WriteAsync(stream, db, new ReportFilter(), today);
            return 0;
        });
        var size = new FileInfo(path).Length;
        // Again, warm (the first run includes compiling the code), as a running server would.
        var (_, warm, _) = await MeasureAsync(async () =>
        {
            await using var stream = File.Create(path);
            await ReportWorkbooks.WriteAsync(stream, db, new ReportFilter(), today);
            return 0;
        });

        var clock = Stopwatch.StartNew();
        int workshopRows = 0, followUpRows = 0;
        using (var stream = File.OpenRead(path))
        using (var reader = XlsxReader.Open(stream))
        {
            workshopRows = reader.ReadRows("Workshops").Count() - 1;
            followUpRows = reader.ReadRows("Follow-ups").Count() - 1;
        }
        var readTime = clock.Elapsed;

        Assert.Equal(measures, workshopRows);
        Assert.Equal(measures * 3, followUpRows);
        output.WriteLine($"{workshops:N0} workshops, {measures:N0} measures: wrote {size / 1024.0 / 1024:N1} MB in {elapsed.TotalSeconds:N1} s ({warm.TotalSeconds:N1} s warm), " +
            $"managed heap peaked {peak / 1024.0 / 1024:N0} MB above the start; the dashboard's view alone took {dashboardTime.TotalSeconds:N1} s " +
            $"and peaked {dashboardPeak / 1024.0 / 1024:N0} MB; read back in {readTime.TotalSeconds:N1} s");
    }

    // Wall time and the managed heap's peak above its size at the start (sampled every 20 ms).
    static async Task<(T Result, TimeSpan Elapsed, long Peak)> MeasureAsync<T>(Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(true), peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });
        var clock = Stopwatch.StartNew();
        var result = await work();
        var elapsed = clock.Elapsed;
        sampling.Cancel();
        await sampler;
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        return (result, elapsed, peak - before);
    }

    // Five trusts, three value streams each; workshops every day or so with 2 or 3 measures (time, count, sometimes rate).
    int Seed(int workshops, Cast cast)
    {
        using var db = app.OpenDb();
        using var tx = db.BeginTransaction();
        var trusts = new List<long> { cast.TrustA, cast.TrustB };
        for (var t = 3; t <= 5; t++)
            trusts.Add(db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES (@n, @c, '2016-01-01') RETURNING id",
                new { n = $"Trust {t}", c = $"TR{t}" }, tx));
        var streams = trusts.SelectMany(t => Enumerable.Range(1, 3).Select(i => db.ExecuteScalar<long>("""
            INSERT INTO value_streams (trust_id, name, chosen_by, status, target_process_time, created_at)
            VALUES (@t, @name, 'top_down', 'active', 0.5, '2016-01-01T00:00:00Z') RETURNING id
            """, new { t, name = $"Stream {t}-{i}" }, tx))).ToList();

        var random = new Random(7);
        int measures = 0;
        int days = Math.Min(workshops / 3 + 1, 3_650);   // at most ten years of report-outs
        var first = new DateOnly(2025, 6, 1).AddDays(-days);
        for (var w = 0; w < workshops; w++)
        {
            var reportOut = first.AddDays((int)((long)w * days / workshops));
            var id = db.ExecuteScalar<long>("""
                INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status,
                                       created_at, updated_at, updated_by)
                VALUES (@vs, @reference, @title, @start, 5, @reportOut, 'completed', '2016-01-01T00:00:00Z', '2016-01-01T00:00:00Z', 'test')
                RETURNING id
                """, new
            {
                vs = streams[w % streams.Count], reference = $"BIG-{w:000000}", title = $"Workshop {w} on the admissions pathway",
                start = reportOut.AddDays(-4).ToString("yyyy-MM-dd"), reportOut = reportOut.ToString("yyyy-MM-dd"),
            }, tx);
            double pt = 60 + random.Next(600), ec = 10 + random.Next(40);
            db.Execute("""
                INSERT INTO measures (workshop_id, position, kind, name, time_unit, baseline, target, result, f30, f60)
                VALUES (@id, 1, 'process_time', 'Door to decision', 'minutes', @pt, @target, @a, @f30, @f60);
                INSERT INTO measures (workshop_id, position, kind, name, baseline, baseline_den, result, result_den, f30, f30_den)
                VALUES (@id, 2, 'error_count', 'Missing notes', @ec, 14, @b, 7, @f30c, 14);
                """, new { id, pt, target = pt / 2, a = pt * 0.6, f30 = pt * 0.55, f60 = w % 2 == 0 ? pt * 0.7 : (double?)null, ec, b = ec / 3, f30c = ec / 2 }, tx);
            measures += 2;
            if (w % 2 == 0)
            {
                db.Execute("""
                    INSERT INTO measures (workshop_id, position, kind, name, baseline, baseline_den, result, result_den)
                    VALUES (@id, 3, 'error_rate', 'Coding errors', 20, 200, @r, 200)
                    """, new { id, r = random.Next(20) }, tx);
                measures++;
            }
        }
        tx.Commit();
        return measures;
    }
}
