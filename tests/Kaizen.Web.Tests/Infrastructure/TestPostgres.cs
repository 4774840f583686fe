using Kaizen.Web.Data;
using Npgsql;

namespace Kaizen.Web.Tests.Infrastructure;

// The throwaway PostgreSQL cluster scripts/test starts (scripts/pg-test-cluster), named by KAIZEN_TEST_POSTGRES. The
// PostgreSQL tests never skip: without the cluster they fail and say how to start it.
public static class TestPostgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("KAIZEN_TEST_POSTGRES") is { Length: > 0 } s ? s
            : throw new InvalidOperationException(
                "KAIZEN_TEST_POSTGRES is not set, so the PostgreSQL tests have no server. Run them through ./scripts/test, " +
                "which starts a throwaway cluster, or start one yourself: eval \"$(scripts/pg-test-cluster start)\" " +
                "(and scripts/pg-test-cluster stop afterwards).");

    // A new, empty database on the cluster, dropped when disposed.
    public static TestPostgresDatabase CreateEmpty() => new(template: null);

    // A new database with every migration applied, dropped when disposed: a copy of a template migrated once per
    // test run, since applying the migrations to each test's database would cost the suite minutes.
    public static TestPostgresDatabase CreateMigrated()
    {
        lock (Gate)
        {
            if (template is null)
            {
                var fresh = new TestPostgresDatabase(template: null);
                MigrationRunner.Apply(fresh.Database, Path.Combine(AppContext.BaseDirectory, "migrations"));
                fresh.Database.Dispose();
                NpgsqlConnection.ClearAllPools();
                template = fresh.Name;
            }
            // CREATE DATABASE … TEMPLATE refuses while another session is copying the same template: one at a time.
            return new TestPostgresDatabase(template);
        }
    }

    private static readonly object Gate = new();
    private static string? template;
}

public sealed class TestPostgresDatabase : IDisposable
{
    internal TestPostgresDatabase(string? template)
    {
        Name = "kaizen_test_" + Guid.NewGuid().ToString("N");
        using (var server = new NpgsqlConnection(TestPostgres.ServerConnectionString))
        {
            server.Open();
            using var command = server.CreateCommand();
            command.CommandText = template is null ? $"CREATE DATABASE {Name}" : $"CREATE DATABASE {Name} TEMPLATE {template}";
            command.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString) { Database = Name }.ToString();
        Database = Database.PostgreSql(ConnectionString);
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public Database Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        NpgsqlConnection.ClearAllPools();
        using var server = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        server.Open();
        using var command = server.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}

// A fresh PostgreSQL database per test class, every migration applied: IClassFixture<MigratedPostgres>.
public sealed class MigratedPostgres : IDisposable
{
    private readonly TestPostgresDatabase database = TestPostgres.CreateEmpty();

    public MigratedPostgres() => MigrationRunner.Apply(database.Database, Path.Combine(AppContext.BaseDirectory, "migrations"));

    public Database Database => database.Database;
    public string ConnectionString => database.ConnectionString;

    public void Dispose() => database.Dispose();
}
