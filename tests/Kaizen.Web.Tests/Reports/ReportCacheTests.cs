using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kaizen.Web.Tests.Reports.ReportSeed;

namespace Kaizen.Web.Tests.Reports;

// The dashboard is kept between requests while the database is unchanged, and never served stale: any committed write,
// through the app or straight into the file from another connection, makes the next request compute it again.
public sealed class ReportCacheTests : IAsyncLifetime
{
    private readonly KaizenApp app = new();
    private Cast cast = default!;
    private long measure;

    public async Task InitializeAsync()
    {
        app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        cast = await app.CastAsync();
        using var db = app.OpenDb();
        var vs = ValueStream(db, cast.TrustA, "Outpatients");
        var w = Workshop(db, vs, "KZ-01", "Outpatient booking", "2025-03-07");
        measure = Measure(db, w, "process_time", "Booking", baseline: 600, result: 240);   // 60% lower
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> HeadlineAsync(HttpClient client) =>
        (await client.GetDocumentAsync("/Dashboard")).QuerySelector("#headline")!.TextContent;

    [Fact]
    public async Task A_write_from_any_connection_is_on_the_next_dashboard()
    {
        var board = await cast.Board();
        var first = await HeadlineAsync(board);
        Assert.Contains("60", first);
        Assert.Equal(first, await HeadlineAsync(board));

        // Straight into the file from another connection, as the import, the demo loader or another process would.
        using (var db = app.OpenDb()) db.Execute("UPDATE measures SET result = 480 WHERE id = @measure", new { measure });   // 20% lower
        var second = await HeadlineAsync(board);
        Assert.Contains("20", second);
        Assert.DoesNotContain("60", second);

        // A new workshop appears at once too.
        using (var db = app.OpenDb())
        {
            var vs = ValueStream(db, cast.TrustB, "Theatres");
            Measure(db, Workshop(db, vs, "KZ-02", "Theatre lists", "2025-04-11"), "process_time", "Turnaround", baseline: 400, result: 400);
        }
        var third = (await board.GetDocumentAsync("/Dashboard")).QuerySelector("#headline")!.ParentElement!.TextContent;
        Assert.Contains("2 workshops", third);
    }

    [Fact]
    public async Task The_same_view_is_served_while_nothing_changes_and_a_new_one_after_a_change_or_a_new_day()
    {
        _ = await cast.Board();
        using var scope = app.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<Db>().Connection;
        var today = new DateOnly(2025, 6, 15);
        var filter = new ReportFilter();
        // Every watcher has seen the sign-in's writes: from here on nothing changes.
        DataVersion.Settle(connection.DataSource, connection.ConnectionString);

        var first = await DashboardView.BuildAsync(connection, filter, today);
        Assert.Same(first, await DashboardView.BuildAsync(connection, filter, today));
        Assert.NotSame(first, await DashboardView.BuildAsync(connection, filter with { TrustId = cast.TrustA }, today));
        Assert.NotSame(first, await DashboardView.BuildAsync(connection, filter, today.AddDays(1)));

        // A write on the request's own connection is seen as well: only the cache's watcher never writes.
        connection.Execute("UPDATE measures SET result = 300 WHERE id = @measure", new { measure });
        var after = await DashboardView.BuildAsync(connection, filter, today);
        Assert.NotSame(first, after);
        Assert.Equal(0.5, after.RollUp.ProcessTime.Headline!.Value, 6);
    }
}

// On PostgreSQL the key is the server's snapshot: the view is kept while no transaction commits, whichever connection
// or node it comes from, and computed again after one; a connection inside a transaction that has written is not
// served from (or stored in) the cache, since it sees its own uncommitted writes.
public sealed class ReportCachePostgreSqlTests : IAsyncLifetime
{
    private readonly KaizenApp app = new(DatabaseEngine.PostgreSql);
    private Cast cast = default!;
    private long measure;

    public async Task InitializeAsync()
    {
        app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        cast = await app.CastAsync();
        using var db = app.OpenDb();
        var vs = ValueStream(db, cast.TrustA, "Outpatients");
        measure = Measure(db, Workshop(db, vs, "KZ-01", "Outpatient booking", "2025-03-07"), "process_time", "Booking", baseline: 600, result: 240);
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_same_view_is_served_until_any_connection_commits_and_never_inside_a_write()
    {
        _ = await cast.Board();
        using var scope = app.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<Db>().Connection;
        var today = new DateOnly(2025, 6, 15);
        var filter = new ReportFilter();

        var first = await DashboardView.BuildAsync(connection, filter, today);
        Assert.Same(first, await DashboardView.BuildAsync(connection, filter, today));

        // Committed from another connection (another node would use its own).
        using (var other = app.OpenDb()) other.Execute("UPDATE measures SET result = 480 WHERE id = @measure", new { measure });
        var afterCommit = await DashboardView.BuildAsync(connection, filter, today);
        Assert.NotSame(first, afterCommit);
        Assert.Equal(0.2, afterCommit.RollUp.ProcessTime.Headline!.Value, 6);
        Assert.Same(afterCommit, await DashboardView.BuildAsync(connection, filter, today));

        // Inside a transaction that has written, the connection sees its own uncommitted writes: computed every time,
        // never kept.
        var built = 0;
        Task<object> Build() { built++; return Task.FromResult(new object()); }
        using (var tx = connection.BeginTransaction())
        {
            connection.Execute("UPDATE measures SET result = 300 WHERE id = @measure", new { measure }, tx);
            await ReportCache.GetOrBuildAsync(connection, "probe", "", today, Build, _ => 1);
            await ReportCache.GetOrBuildAsync(connection, "probe", "", today, Build, _ => 1);
            Assert.Equal(2, built);
            tx.Rollback();
        }
        // Rolled back: not seen (an abort moves the snapshot on too, so this is computed again: a miss, not stale).
        Assert.Equal(0.2, (await DashboardView.BuildAsync(connection, filter, today)).RollUp.ProcessTime.Headline!.Value, 6);
    }
}
