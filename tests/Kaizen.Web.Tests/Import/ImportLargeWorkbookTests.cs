using System.Diagnostics;
using System.Net;
using Dapper;
using Kaizen.Web.Import;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// 10,000 rows: about 2,900 workshops of 3 or 4 measures, all three kinds. Times are printed, not asserted:
// the machine is shared with other builds.
public abstract class ImportLargeWorkbookTests(DatabaseEngine engine, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rows = 10_000;
    private ImportKit kit = null!;

    public async Task InitializeAsync() => kit = await StartAsync(engine);

    public Task DisposeAsync()
    {
        kit.Dispose();
        return Task.CompletedTask;
    }

    private static (byte[] Bytes, int Workshops) Build(double resultShift)
    {
        var rows = new List<object?[]>(Rows);
        int workshop = 0;
        while (rows.Count < Rows)
        {
            workshop++;
            var reference = $"TRA-{2016 + workshop % 9}-{workshop:D5}";
            var start = new DateOnly(2016, 1, 4).AddDays(workshop % 3000);
            var stream = workshop % 2 == 0 ? "Outpatients" : "Discharge";
            var measures = workshop % 2 == 0 ? 4 : 3;
            for (int m = 1; m <= measures && rows.Count < Rows; m++)
            {
                (Col, object?)[] common =
                [
                    (Col.Reference, reference), (Col.ValueStream, stream), (Col.Title, $"Workshop {workshop}"), (Col.StartDate, start),
                    (Col.LengthDays, 3 + workshop % 3), (Col.PlanningStart, start.AddDays(-42)), (Col.Measure, $"Measure {m}"),
                ];
                rows.Add((m % 3) switch
                {
                    1 => Row([.. common, (Col.Baseline, 10.0 + m), (Col.Target, 5.0), (Col.Result, 4.0 + resultShift)]),
                    2 => Row([.. common, (Col.Kind, "Error count"), (Col.Unit, null), (Col.Baseline, 40.0 + m), (Col.BaselineDen, 14.0),
                        (Col.Target, 20.0), (Col.Result, 15.0 + resultShift), (Col.ResultDen, 14.0), (Col.Day30, 16.0), (Col.Day30Den, 14.0)]),
                    _ => Row([.. common, (Col.Kind, "Error rate"), (Col.Unit, null), (Col.Baseline, 30.0), (Col.BaselineDen, 300.0),
                        (Col.Target, 5.0), (Col.Result, 10.0 + resultShift), (Col.ResultDen, 250.0)]),
                });
            }
        }
        return (Workbook([.. rows]), workshop);
    }

    private static TimeSpan Cpu => Process.GetCurrentProcess().TotalProcessorTime;

    // Times the two requests as a browser sees them (sent until the whole response is back); parsing the HTML in
    // the test is left out. CPU is this process's, app and test together, which the load of other builds on the
    // machine does not inflate as much as it does wall-clock time.
    private async Task<(TimeSpan Check, TimeSpan Write, TimeSpan Cpu, string Status)> ImportTimedAsync(HttpClient client, byte[] bytes)
    {
        var page = await client.GetDocumentAsync("/Import");
        var antiforgery = page.QuerySelector("form[enctype='multipart/form-data'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var cpu = Cpu;
        var clock = Stopwatch.StartNew();
        var uploaded = await PostFileAsync(client, antiforgery, bytes, "workshops.xlsx");
        await uploaded.Content.LoadIntoBufferAsync();
        var check = clock.Elapsed;
        var checkCpu = Cpu - cpu;
        var preview = await uploaded.ParseAsync();
        Assert.Empty(Problems(preview));
        cpu = Cpu;
        clock.Restart();
        var response = await ConfirmAsync(client, preview);
        var write = clock.Elapsed;
        var writeCpu = Cpu - cpu;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var status = (await client.GetDocumentAsync("/Import")).QuerySelector("[role=status]")!.TextContent.Trim();
        return (check, write, checkCpu + writeCpu, status);
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    [Fact]
    public async Task Ten_thousand_rows_import_and_import_again_as_updates()
    {
        var (bytes, workshops) = Build(resultShift: 0);
        var lead = await kit.Cast.LeadA();

        var (check, write, cpu, status) = await ImportTimedAsync(lead, bytes);

        Assert.Equal($"Imported {workshops:N0} workshops: {workshops:N0} created, 0 updated.", status);
        var counts = kit.Counts();
        Assert.Equal((workshops, Rows), ((int)counts.Workshops, (int)counts.Measures));
        Assert.Equal(workshops + 1, counts.Audit);
        output.WriteLine($"{Rows:N0} rows, {workshops:N0} workshops, {bytes.Length / 1024.0:N0} KB: upload and check {check.TotalSeconds:N2} s, " +
                         $"confirm (check again and write) {write.TotalSeconds:N2} s, total {(check + write).TotalSeconds:N2} s (CPU {cpu.TotalSeconds:N2} s; load average {Load()} on {Environment.ProcessorCount} cores)");

        // Every result changes: every workshop is updated in place, every measure keeps its id.
        var (bytes2, _) = Build(resultShift: 0.5);
        using (var db = kit.App.OpenDb()) Assert.Equal(Rows, db.ExecuteScalar<long>("SELECT COUNT(*) FROM measures WHERE version = 1"));
        var (check2, write2, cpu2, status2) = await ImportTimedAsync(lead, bytes2);

        Assert.Equal($"Imported {workshops:N0} workshops: 0 created, {workshops:N0} updated.", status2);
        var after = kit.Counts();
        Assert.Equal((counts.Workshops, counts.Measures), (after.Workshops, after.Measures));
        using (var db = kit.App.OpenDb())
        {
            Assert.Equal(workshops, db.ExecuteScalar<long>("SELECT COUNT(*) FROM workshops WHERE version = 2"));
            Assert.Equal(Rows, db.ExecuteScalar<long>("SELECT COUNT(*) FROM measures WHERE version = 2"));
            Assert.Equal(4.5 * 60, db.ExecuteScalar<double>("SELECT result FROM measures WHERE name = 'Measure 1' AND workshop_id = (SELECT MIN(id) FROM workshops)"));
        }
        output.WriteLine($"Again with every result changed: upload and check {check2.TotalSeconds:N2} s, " +
                         $"confirm (check again and update) {write2.TotalSeconds:N2} s, total {(check2 + write2).TotalSeconds:N2} s (CPU {cpu2.TotalSeconds:N2} s; load average {Load()})");
    }
}

public sealed class ImportLargeWorkbookTestsOnSqlite(ITestOutputHelper output) : ImportLargeWorkbookTests(DatabaseEngine.Sqlite, output);

public sealed class ImportLargeWorkbookTestsOnPostgreSql(ITestOutputHelper output) : ImportLargeWorkbookTests(DatabaseEngine.PostgreSql, output);
