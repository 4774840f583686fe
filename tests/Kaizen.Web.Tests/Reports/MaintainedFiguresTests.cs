using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.Web.Tests.Reports;

public class MaintainedFiguresTests
{
    [Fact]
    public async Task Records_written_outside_the_app_are_never_served_stale_and_are_caught_up_when_the_app_starts()
    {
        string path;
        long workshop;
        using (var first = new KaizenApp { KeepDatabase = true })
        {
            first.Time.Now = new DateTimeOffset(2024, 6, 14, 11, 0, 0, TimeSpan.Zero);
            path = first.DatabasePath;
            var trust = first.AddTrust("TRA");
            // Straight into the database, as the sqlite3 shell or an older app would: no writer refreshes the figures.
            workshop = first.Workshop(first.ValueStream(trust), new DateOnly(2024, 3, 4), status: "completed");
            first.Measure(workshop, "process_time", 120, 30);
            first.Measure(workshop, "error_count", 20, 5, baselineDen: 14, resultDen: 7);

            using var c = first.OpenDb();
            var today = first.Services.GetRequiredService<Clock>().Today;
            Assert.Equal(1L, c.ExecuteScalar<long>("SELECT count(*) FROM figures_stale"));
            // Marked stale, so the maintained figures refuse rather than answer without this workshop.
            Assert.Null(MaintainedFigures.Read(c, new ReportFilter(), today));
        }

        using var restarted = new KaizenApp(path);
        restarted.Time.Now = new DateTimeOffset(2024, 6, 14, 11, 0, 0, TimeSpan.Zero);
        using var db = restarted.OpenDb();
        var now = restarted.Services.GetRequiredService<Clock>().Today;
        Assert.Equal(0L, db.ExecuteScalar<long>("SELECT count(*) FROM figures_stale"));
        var maintained = MaintainedFigures.Read(db, new ReportFilter(), now)!;
        var fromRecords = (await ReportQueries.LoadAsync(db, new ReportFilter(), now)).RollUp(Checkpoint.ReportOut);
        Assert.Equal(1, maintained.ProcessTime.Workshops);
        Assert.Equal(0.75, maintained.ProcessTime.Headline);            // (120 − 30) ÷ 120
        Assert.Equal(fromRecords.ProcessTime.Headline, maintained.ProcessTime.Headline);
        Assert.Equal(fromRecords.ErrorCount.TotalAfter, maintained.ErrorCount.TotalAfter);   // 5 in 7 days = 10 over 14
        Assert.Equal(10.0, maintained.ErrorCount.TotalAfter);
        Assert.True(maintained.ErrorCount.AnyWindowScaled);
    }
}
