using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Foundation;

// The migration rules on both engines (issue 18): every script applied once, in order, each in its own transaction,
// and start-up refused when an applied script has changed. The SQLite-only details (WAL, foreign keys, the app refusing
// to start) are in MigrationTests.
public abstract class MigrationEngineTests : IDisposable
{
    protected readonly string Folder = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"));
    protected static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "migrations");
    private readonly List<IDisposable> cleanup = [];

    protected MigrationEngineTests() => Directory.CreateDirectory(Folder);

    // A new, empty database on the engine under test.
    protected abstract Database NewDatabase();

    protected T Later<T>(T disposable) where T : IDisposable
    {
        cleanup.Add(disposable);
        return disposable;
    }

    protected abstract bool TableExists(DbConnection connection, string name);

    public void Dispose()
    {
        foreach (var d in cleanup) d.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private List<string> ScriptsOf(Database database, string migrations) =>
        Directory.GetFiles(MigrationRunner.ScriptsFolder(database, migrations), "*.sql")
            .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Every_migration_applies_once_in_order_and_is_journaled_with_its_checksum()
    {
        var database = NewDatabase();
        var files = ScriptsOf(database, Shipped);

        var applied = MigrationRunner.Apply(database, Shipped);

        Assert.Contains("0019_shared_node_state.sql", files);
        Assert.Equal(files, applied);
        using var connection = database.OpenConnection();
        var journal = connection.Query<(string Name, string Checksum)>("SELECT name, checksum FROM schema_migrations ORDER BY name").ToList();
        Assert.Equal(files, journal.Select(j => j.Name));
        Assert.All(journal, j => Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(MigrationRunner.ScriptsFolder(database, Shipped), j.Name)))), j.Checksum));
        Assert.True(TableExists(connection, "import_uploads"));
        Assert.True(TableExists(connection, "data_protection_keys"));
        // Applying again runs nothing.
        Assert.Empty(MigrationRunner.Apply(database, Shipped));
    }

    [Fact]
    public void A_script_added_later_runs_once_after_the_ones_before_it()
    {
        var migrations = CopyOfShippedMigrations();
        var database = NewDatabase();
        MigrationRunner.Apply(database, migrations);
        var folder = MigrationRunner.ScriptsFolder(database, migrations);
        // 9999 reads the table 9998 makes: they only apply in name order.
        File.WriteAllText(Path.Combine(folder, "9999_second.sql"), "INSERT INTO later_steps (step) SELECT 'second' FROM later_steps WHERE step = 'first';");
        File.WriteAllText(Path.Combine(folder, "9998_first.sql"), "CREATE TABLE later_steps (step TEXT NOT NULL); INSERT INTO later_steps (step) VALUES ('first');");

        Assert.Equal(["9998_first.sql", "9999_second.sql"], MigrationRunner.Apply(database, migrations));
        Assert.Empty(MigrationRunner.Apply(database, migrations));

        using var connection = database.OpenConnection();
        Assert.Equal(["first", "second"], connection.Query<string>("SELECT step FROM later_steps ORDER BY step"));
    }

    [Fact]
    public void A_changed_applied_migration_is_refused_with_its_name()
    {
        var migrations = CopyOfShippedMigrations();
        var database = NewDatabase();
        MigrationRunner.Apply(database, migrations);

        File.AppendAllText(Path.Combine(MigrationRunner.ScriptsFolder(database, migrations), "0002_board.sql"), "\n-- an innocent-looking edit\n");

        var error = Assert.Throws<MigrationException>(() => MigrationRunner.Apply(database, migrations));
        Assert.Contains("0002_board.sql", error.Message);
        Assert.Contains("changed", error.Message);
    }

    [Fact]
    public void A_failing_migration_leaves_nothing_of_itself_and_keeps_the_ones_before_it()
    {
        var migrations = CopyOfShippedMigrations();
        var database = NewDatabase();
        var folder = MigrationRunner.ScriptsFolder(database, migrations);
        File.WriteAllText(Path.Combine(folder, "9999_broken.sql"), "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);");

        var error = Assert.Throws<MigrationException>(() => MigrationRunner.Apply(database, migrations));

        Assert.Contains("9999_broken.sql", error.Message);
        using var connection = database.OpenConnection();
        Assert.False(TableExists(connection, "half_done"));
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations WHERE name = '9999_broken.sql'"));
        // Each script had its own transaction: the ones before the broken one stay applied.
        Assert.Equal(ScriptsOf(database, Shipped), connection.Query<string>("SELECT name FROM schema_migrations ORDER BY name"));
        Assert.True(TableExists(connection, "import_uploads"));
    }

    [Fact]
    public void Both_engines_have_the_same_migrations()
    {
        var sqlite = Directory.GetFiles(Shipped, "*.sql").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);
        var postgres = Directory.GetFiles(Path.Combine(Shipped, "postgresql"), "*.sql").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);
        Assert.Equal(sqlite, postgres);
    }

    protected string CopyOfShippedMigrations()
    {
        var target = Path.Combine(Folder, "migrations");
        foreach (var source in new[] { Shipped, Path.Combine(Shipped, "postgresql") })
        {
            var into = source == Shipped ? target : Path.Combine(target, "postgresql");
            Directory.CreateDirectory(into);
            foreach (var file in Directory.GetFiles(source, "*.sql"))
                File.Copy(file, Path.Combine(into, Path.GetFileName(file)));
        }
        return target;
    }
}

public sealed class SqliteMigrationTests : MigrationEngineTests
{
    protected override Database NewDatabase()
    {
        var database = new Database(Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".db"));
        database.EnsureCreated();
        return database;
    }

    protected override bool TableExists(DbConnection connection, string name) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name", new { name }) == 1;

    // A database the hand-written runner (before DbUp) migrated: its journal rows, checksums of the files' bytes, are
    // the ones DbUp's journal reads, so nothing it applied runs again and only the newer scripts do.
    [Fact]
    public void A_database_the_hand_written_runner_migrated_carries_on_with_only_the_newer_scripts()
    {
        var database = NewDatabase();
        var before = Directory.GetFiles(Shipped, "*.sql").Order(StringComparer.Ordinal)
            .Where(f => string.CompareOrdinal(Path.GetFileName(f), "0019") < 0).ToList();
        using (var connection = database.Open())
        {
            connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
            foreach (var file in before)
            {
                using var transaction = connection.BeginTransaction();
                connection.Execute(File.ReadAllText(file), transaction: transaction);
                connection.Execute("INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@name, @checksum, '2026-11-01T09:00:00Z')",
                    new { name = Path.GetFileName(file), checksum = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))) }, transaction);
                transaction.Commit();
            }
            connection.Execute("INSERT INTO trusts (name, code, joined_on) VALUES ('Kept Trust', 'KEPT', '2016-01-01')");
        }

        var applied = MigrationRunner.Apply(database, Shipped);

        Assert.Equal(Directory.GetFiles(Shipped, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Where(f => string.CompareOrdinal(f, "0019") >= 0), applied);
        using var after = database.Open();
        Assert.Equal("Kept Trust", after.ExecuteScalar<string>("SELECT name FROM trusts WHERE code = 'KEPT'"));
    }
}

public sealed class PostgreSqlMigrationTests : MigrationEngineTests
{
    protected override Database NewDatabase() => Later(TestPostgres.CreateEmpty()).Database;

    protected override bool TableExists(DbConnection connection, string name) =>
        connection.ExecuteScalar<bool>("SELECT to_regclass(@name) IS NOT NULL", new { name });

    // Several web nodes start together on one new database: they take turns (an advisory lock), so every script runs
    // once and neither node fails on the other's tables.
    [Fact]
    public async Task Nodes_starting_together_apply_each_script_once()
    {
        var empty = Later(TestPostgres.CreateEmpty());
        using var other = Database.PostgreSql(empty.ConnectionString);

        var results = await Task.WhenAll(
            Task.Run(() => MigrationRunner.Apply(empty.Database, Shipped)),
            Task.Run(() => MigrationRunner.Apply(other, Shipped)));

        var files = Directory.GetFiles(Path.Combine(Shipped, "postgresql"), "*.sql").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);
        Assert.Equal(files, results.SelectMany(r => r).Order(StringComparer.Ordinal));
        using var connection = empty.Database.OpenConnection();
        Assert.Equal(files, connection.Query<string>("SELECT name FROM schema_migrations ORDER BY name"));
    }

    // Text that ignores letter case stays unique on PostgreSQL as with SQLite's COLLATE NOCASE.
    [Fact]
    public void A_trust_code_differing_only_in_letter_case_is_refused()
    {
        var database = NewDatabase();
        MigrationRunner.Apply(database, Shipped);
        using var connection = database.OpenConnection();
        connection.Execute("INSERT INTO trusts (name, code, joined_on) VALUES ('A', 'RTH', '2016-01-01')");

        var error = Assert.ThrowsAny<DbException>(() => connection.Execute("INSERT INTO trusts (name, code, joined_on) VALUES ('B', 'rth', '2016-01-01')"));
        Assert.Contains("ux_trusts_code", error.Message);
    }
}
