using Microsoft.Data.Sqlite;
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
            Assert.Null(MaintainedFigures.Read((SqliteConnection)c, new ReportFilter(), today));
        }

        using var restarted = new KaizenApp(path);
        restarted.Time.Now = new DateTimeOffset(2024, 6, 14, 11, 0, 0, TimeSpan.Zero);
        using var db = restarted.OpenDb();
        var now = restarted.Services.GetRequiredService<Clock>().Today;
        Assert.Equal(0L, db.ExecuteScalar<long>("SELECT count(*) FROM figures_stale"));
        var maintained = MaintainedFigures.Read((SqliteConnection)db, new ReportFilter(), now)!;
        var fromRecords = (await ReportQueries.LoadAsync(db, new ReportFilter(), now)).RollUp(Checkpoint.ReportOut);
        Assert.Equal(1, maintained.ProcessTime.Workshops);
        Assert.Equal(0.75, maintained.ProcessTime.Headline);            // (120 − 30) ÷ 120
        Assert.Equal(fromRecords.ProcessTime.Headline, maintained.ProcessTime.Headline);
        Assert.Equal(fromRecords.ErrorCount.TotalAfter, maintained.ErrorCount.TotalAfter);   // 5 in 7 days = 10 over 14
        Assert.Equal(10.0, maintained.ErrorCount.TotalAfter);
        Assert.True(maintained.ErrorCount.AnyWindowScaled);
    }
}

// Migration 0020 on PostgreSQL: its PL/pgSQL triggers mark a workshop stale on every change that can move its figures,
// as SQLite's do, so a writer on either engine only has to refresh what is marked.
public sealed class MaintainedFiguresPostgreSqlTests(MigratedPostgres postgres) : IClassFixture<MigratedPostgres>
{
    [Fact]
    public void Every_change_that_can_move_a_workshops_figures_marks_it_stale_on_postgresql()
    {
        using var c = postgres.Database.OpenConnection();
        var trust = c.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('PG Trust', 'PGT', '2020-01-01') RETURNING id");
        var other = c.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('PG Other', 'PGO', '2020-01-01') RETURNING id");
        var stream = c.ExecuteScalar<long>("""
            INSERT INTO value_streams (trust_id, name, chosen_by, status, created_at)
            VALUES (@trust, 'Flow', 'top_down', 'active', '2020-01-01T00:00:00Z') RETURNING id
            """, new { trust });
        var workshop = c.ExecuteScalar<long>("""
            INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status, created_at, updated_at, updated_by)
            VALUES (@stream, 'PG-1', 'A workshop', '2024-03-04', 5, '2024-03-08', 'completed', '2024-03-01T00:00:00Z', '2024-03-01T00:00:00Z', 'test')
            RETURNING id
            """, new { stream });
        long[] Stale() => c.Query<long>("SELECT workshop_id FROM figures_stale ORDER BY workshop_id").ToArray();
        void Refreshed() => c.Execute("DELETE FROM figures_stale");

        Assert.Equal([workshop], Stale());
        Refreshed();
        var measure = c.ExecuteScalar<long>("""
            INSERT INTO measures (workshop_id, position, kind, name, baseline, result) VALUES (@workshop, 1, 'process_time', 'Wait', 120, 30) RETURNING id
            """, new { workshop });
        Assert.Equal([workshop], Stale());
        Refreshed();
        c.Execute("UPDATE measures SET name = 'Renamed' WHERE id = @measure", new { measure });
        Assert.Empty(Stale());   // a name moves no figure
        c.Execute("UPDATE measures SET f30 = 40 WHERE id = @measure", new { measure });
        Assert.Equal([workshop], Stale());
        Refreshed();
        c.Execute("UPDATE workshops SET report_out_date = '2024-04-05' WHERE id = @workshop", new { workshop });
        Assert.Equal([workshop], Stale());
        Refreshed();
        c.Execute("UPDATE value_streams SET trust_id = @other WHERE id = @stream", new { other, stream });
        Assert.Equal([workshop], Stale());
        Refreshed();
        c.Execute("DELETE FROM measures WHERE id = @measure", new { measure });
        Assert.Equal([workshop], Stale());
        Refreshed();
        c.Execute("DELETE FROM workshops WHERE id = @workshop", new { workshop });
        Assert.Equal([workshop], Stale());
    }
}
