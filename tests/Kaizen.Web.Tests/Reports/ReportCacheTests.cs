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
