using System.Net;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Hosting;

// What a trust's IT department needs to run Kaizen behind its reverse proxy, with ASP.NET Core's own parts:
// the host filter (AllowedHosts), forwarded headers from known proxies, the health checks, and the JSON console log
// (appsettings.json). Every setting is in docs/deploy.md.
public static class ServerSetup
{
    // A published app (its folder holds wwwroot) runs from any working directory: its content root is its own
    // folder, as UseSystemd/UseWindowsService do for services. `dotnet run` keeps the project folder. An explicit
    // --contentRoot or ASPNETCORE_CONTENTROOT still wins.
    public static string? ContentRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 })
            return null;
        return Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null;
    }

    public static void AddKaizenServer(this WebApplicationBuilder builder)
    {
        // Behind nginx: the client's address and scheme come from X-Forwarded-For/-Proto, trusted only from the
        // proxies named in Kaizen:Proxy:KnownProxies (loopback by default, the framework's own default).
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = builder.Configuration.GetSection("Kaizen:Proxy:KnownProxies").Get<string[]>() ?? [];
            foreach (var proxy in proxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            var networks = builder.Configuration.GetSection("Kaizen:Proxy:KnownNetworks").Get<string[]>() ?? [];
            foreach (var network in networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseWritable>("database", tags: ["ready"])
            .AddCheck<DiskRoom>("disk", tags: ["ready"])
            .AddCheck<MigrationsApplied>("migrations", tags: ["ready"]);
    }

    public static void MapKaizenHealth(this WebApplication app)
    {
        // Alive: the process answers. Ready: the database can be read and written, the disk has room, the schema is current.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteJson,
        }).AllowAnonymous();
    }

    static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }

    // A fresh, unpooled connection: a pooled one may have been opened while the file was read-only.
    sealed class DatabaseWritable(Database database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (database.Engine == DatabaseEngine.PostgreSql) return await PostgreSqlWritableAsync(cancellationToken);
            try
            {
                await using var connection = new SqliteConnection(database.ConnectionString + ";Pooling=False");
                await connection.OpenAsync(cancellationToken);
                // A row written and rolled back: SQLite grants even BEGIN IMMEDIATE on a read-only file, and refuses
                // only the write itself. Nothing is kept. (One statement per command: a multi-statement command stops
                // reporting errors after the first statement that returns rows.)
                foreach (var sql in new[]
                {
                    "PRAGMA busy_timeout = 1000", "SELECT COUNT(*) FROM schema_migrations", "BEGIN IMMEDIATE",
                    "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('readyz probe', '', '')", "ROLLBACK",
                })
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                return HealthCheckResult.Healthy("The database can be read and written.");
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 5)
            {
                // SQLITE_BUSY: a long write (an import) holds the lock, which proves the database can be written.
                return HealthCheckResult.Healthy("The database is busy with a write.");
            }
            catch (SqliteException e)
            {
                return HealthCheckResult.Unhealthy(StorageFaults.Classify(e) is var kind and not StorageFaults.Kind.None
                    ? StorageFaults.Describe(kind) : $"The database cannot be used: {e.Message}");
            }
        }

        // A row written and rolled back, as on SQLite; a server that cannot be reached or is read-only (a replica) says so.
        async Task<HealthCheckResult> PostgreSqlWritableAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('readyz probe', '', '')";
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
                return HealthCheckResult.Healthy("The database can be read and written.");
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or System.Net.Sockets.SocketException)
            {
                return HealthCheckResult.Unhealthy(StorageFaults.Classify(e) is var kind and not StorageFaults.Kind.None
                    ? StorageFaults.Describe(kind) : $"The database cannot be used: {e.Message}");
            }
        }
    }

    sealed class DiskRoom(Database database, IOptions<KaizenOptions> options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            // A PostgreSQL server watches its own disk (and its operators do): nothing beside this node holds data.
            if (database.Engine == DatabaseEngine.PostgreSql)
                return Task.FromResult(HealthCheckResult.Healthy("The database is on a PostgreSQL server."));
            var free = new DriveInfo(Path.GetDirectoryName(database.FilePath)!).AvailableFreeSpace;
            var needed = options.Value.MinimumFreeDiskMegabytes * 1024L * 1024;
            return Task.FromResult(free >= needed
                ? HealthCheckResult.Healthy($"{free / (1024 * 1024)} MB free beside the database.")
                : HealthCheckResult.Unhealthy($"Only {free / (1024 * 1024)} MB free beside the database (at least {options.Value.MinimumFreeDiskMegabytes} MB needed)."));
        }
    }

    sealed class MigrationsApplied(Database database, IOptions<KaizenOptions> options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var folder = options.Value.MigrationsPath ?? Path.Combine(AppContext.BaseDirectory, "migrations");
                var files = Directory.GetFiles(MigrationRunner.ScriptsFolder(database, folder), "*.sql").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
                using var connection = database.Engine == DatabaseEngine.PostgreSql
                    ? database.OpenConnection()
                    : new SqliteConnection(database.ConnectionString + ";Mode=ReadOnly;Pooling=False");
                if (connection.State != System.Data.ConnectionState.Open) connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT name FROM schema_migrations";
                using var reader = command.ExecuteReader();
                while (reader.Read()) files.Remove(reader.GetString(0));
                return Task.FromResult(files.Count == 0
                    ? HealthCheckResult.Healthy("Every migration is applied.")
                    : HealthCheckResult.Unhealthy($"Not applied: {string.Join(", ", files.Order())}."));
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"The migrations could not be checked: {e.Message}"));
            }
        }
    }
}
