using System.Net;
using System.Text.Json;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Hosting;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kaizen.Web.Tests.Hardening;

// PostgreSQL's counterparts of StorageFaultTests: a server that will not write (a replica, or a database set
// read-only by its administrator) and one that cannot be reached give the same 503 page as SQLite's read-only file.
public sealed class PostgreSqlFaultTests : IDisposable
{
    private readonly KaizenApp app = new(DatabaseEngine.PostgreSql);

    public void Dispose() => app.Dispose();

    private void SetReadOnly(bool readOnly)
    {
        using (var db = app.OpenDb())
            db.Execute($"ALTER DATABASE \"{db.Database}\" {(readOnly ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only")}");
        // The setting holds for new sessions: the app's pooled connections are opened afresh, as after a failover.
        app.Services.GetRequiredService<Database>().DataSource!.Clear();
    }

    [Fact]
    public async Task A_database_that_will_not_write_gives_the_503_page_and_readyz_says_so_and_it_recovers()
    {
        await app.CastAsync();
        var client = app.Client();
        SetReadOnly(true);

        var response = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "admin@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Kaizen cannot save at the moment", page.QuerySelector("main h1")?.TextContent);
        Assert.Contains("cannot write to its database", page.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
        var ready = await client.GetAsync("/readyz");
        var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, json.ToString());
        Assert.Contains("cannot write to its database", json.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());

        SetReadOnly(false);
        var again = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "admin@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    // A server that refuses the connection (nothing listens on the port) is "cannot reach", not a bare 500.
    [Fact]
    public void A_server_that_cannot_be_reached_is_classified_as_unreachable()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString) { Port = 1, Timeout = 2, Pooling = false };
        using var connection = new NpgsqlConnection(builder.ToString());
        var error = Assert.ThrowsAny<NpgsqlException>(() => connection.Open());

        Assert.Equal(StorageFaults.Kind.Unreachable, StorageFaults.Classify(new InvalidOperationException("wrapped", error)));
        Assert.Equal(StorageFaults.Kind.ReadOnly, StorageFaults.Classify(new PostgresException("read-only", "ERROR", "ERROR", PostgresErrorCodes.ReadOnlySqlTransaction)));
        Assert.Equal(StorageFaults.Kind.DiskFull, StorageFaults.Classify(new PostgresException("full", "ERROR", "ERROR", PostgresErrorCodes.DiskFull)));
        Assert.Equal(StorageFaults.Kind.None, StorageFaults.Classify(new PostgresException("unique", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
    }
}
