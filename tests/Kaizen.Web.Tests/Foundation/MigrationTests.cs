using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Foundation;

public class MigrationTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"));
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "migrations");

    public MigrationTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Every_migration_applies_to_an_empty_database_and_is_journaled()
    {
        var database = new Database(Path.Combine(folder, "empty.db"));
        database.EnsureCreated();

        var applied = MigrationRunner.Apply(database, Shipped);

        var files = Directory.GetFiles(Shipped, "*.sql").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, applied);
        using var connection = database.Open();
        var journal = connection.Query<(string Name, string Checksum, string AppliedAt)>("SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name").ToList();
        Assert.Equal(files, journal.Select(j => j.Name));
        Assert.All(journal, j => Assert.Equal(64, j.Checksum.Length));
        Assert.Equal("ok", connection.ExecuteScalar<string>("PRAGMA integrity_check"));
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
        // Applying again is a no-op.
        Assert.Empty(MigrationRunner.Apply(database, Shipped));
    }

    [Fact]
    public void A_changed_applied_migration_is_refused_with_its_name()
    {
        var migrations = CopyOfShippedMigrations();
        var database = new Database(Path.Combine(folder, "changed.db"));
        database.EnsureCreated();
        MigrationRunner.Apply(database, migrations);

        File.AppendAllText(Path.Combine(migrations, "0001_initial.sql"), "\n-- an innocent-looking edit\n");

        var error = Assert.Throws<MigrationException>(() => MigrationRunner.Apply(database, migrations));
        Assert.Contains("0001_initial.sql", error.Message);
        Assert.Contains("changed", error.Message);
    }

    [Fact]
    public async Task A_changed_applied_migration_stops_the_app_starting()
    {
        var migrations = CopyOfShippedMigrations();
        using (var first = new KaizenApp())
        {
            first.Settings["Kaizen:MigrationsPath"] = migrations;
            (await first.Client().GetAsync("/healthz")).EnsureSuccessStatusCode();
            File.AppendAllText(Path.Combine(migrations, "0001_initial.sql"), "\n-- edited after landing\n");

            using var second = new KaizenApp();
            second.Settings["Kaizen:MigrationsPath"] = migrations;
            second.Settings["Kaizen:DatabasePath"] = first.DatabasePath;
            var error = Assert.ThrowsAny<Exception>(() => second.Client());
            Assert.Contains("0001_initial.sql", (error as MigrationException ?? error.InnerException as MigrationException ?? throw error).Message);
        }
    }

    [Fact]
    public void A_failing_migration_leaves_nothing_behind()
    {
        var migrations = CopyOfShippedMigrations();
        File.WriteAllText(Path.Combine(migrations, "9999_broken.sql"), "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);");
        var database = new Database(Path.Combine(folder, "broken.db"));
        database.EnsureCreated();

        var error = Assert.Throws<MigrationException>(() => MigrationRunner.Apply(database, migrations));

        Assert.Contains("9999_broken.sql", error.Message);
        using var connection = database.Open();
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"));
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations WHERE name = '9999_broken.sql'"));
    }

    private string CopyOfShippedMigrations()
    {
        var target = Path.Combine(folder, "migrations");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Shipped, "*.sql"))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
