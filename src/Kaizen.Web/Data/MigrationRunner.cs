using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Transactions;

namespace Kaizen.Web.Data;

// inner: the database's own error, so a read-only database or a full disk is still recognised as one (StorageFaults).
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);

// Applies the engine's migrations (db/migrations/*.sql for SQLite, db/migrations/postgresql/*.sql for PostgreSQL) in
// ordinal order through DbUp, each in its own transaction with its journal row. A file that was applied and has since
// changed stops start-up: the database no longer matches the code's history. DbUp's own journal keeps only names, so
// the journal here is Kaizen's schema_migrations table (name, checksum, applied_at), the one the hand-written runner
// kept before DbUp: a database that runner migrated carries on with no script run twice.
public static class MigrationRunner
{
    // Any number; several web nodes starting together on one PostgreSQL take turns under this advisory lock.
    const long PostgreSqlLock = 0x4B61697A656E;   // "Kaizen"

    // The folder of the engine's scripts: SQLite's are the given folder, PostgreSQL's its postgresql subfolder.
    public static string ScriptsFolder(Database database, string migrationsDirectory) =>
        database.Engine == DatabaseEngine.PostgreSql ? Path.Combine(migrationsDirectory, "postgresql") : migrationsDirectory;

    public static IReadOnlyList<string> Apply(Database database, string migrationsDirectory)
    {
        var folder = ScriptsFolder(database, migrationsDirectory);
        if (!Directory.Exists(folder))
            throw new MigrationException($"The migrations folder '{folder}' does not exist.");

        // Read as bytes and hashed as bytes, exactly as the hand-written runner did, so its recorded checksums still match.
        var scripts = Directory.GetFiles(folder, "*.sql")
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .Select(file => File.ReadAllBytes(file) is var bytes
                ? new Script(Path.GetFileName(file), System.Text.Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)))
                : null!)
            .ToList();

        using var turn = database.Engine == DatabaseEngine.PostgreSql ? TakeTurn(database) : null;

        var builder = database.Engine == DatabaseEngine.PostgreSql
            ? PostgresqlExtensions.PostgresqlDatabase(new DbUp.Postgresql.PostgresqlConnectionManager(database.DataSource!), null)
            : DeployChanges.To.SqliteDatabase(database.ConnectionString);
        var engine = builder
            .WithScripts(scripts.Select(s => new SqlScript(s.Name, s.Contents)))
            .JournalTo((connections, _) => new ChecksumJournal(connections, scripts.ToDictionary(s => s.Name, s => s.Checksum, StringComparer.Ordinal), database.Describe))
            .WithTransactionPerScript()
            // Scripts are plain SQL: nothing in them is a DbUp variable ($name$ is PL/pgSQL's dollar quoting).
            .WithVariablesDisabled()
            .LogToNowhere()
            .Build();

        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            if (result.Error is MigrationException refused) throw refused;
            var name = result.ErrorScript?.Name ?? "(the journal)";
            throw new MigrationException($"Migration {name} failed and was rolled back: {result.Error?.Message}", result.Error);
        }
        return result.Scripts.Select(s => s.Name).ToList();
    }

    // A session advisory lock on its own connection, held while DbUp runs and released when disposed.
    static IDisposable TakeTurn(Database database)
    {
        var connection = database.OpenConnection();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT pg_advisory_lock({PostgreSqlLock})";
            command.ExecuteNonQuery();
        }
        return new Turn(connection);
    }

    sealed class Turn(IDbConnection connection) : IDisposable
    {
        public void Dispose()
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT pg_advisory_unlock({PostgreSqlLock})";
                command.ExecuteNonQuery();
            }
            connection.Dispose();
        }
    }

    sealed record Script(string Name, string Contents, string Checksum);

    // DbUp's journal with a checksum: schema_migrations (name, checksum, applied_at), the same on both engines. Reading
    // the applied list refuses to go on when an applied script's file no longer hashes to what was recorded.
    sealed class ChecksumJournal(Func<IConnectionManager> connections, IReadOnlyDictionary<string, string> checksums, string databaseName) : IJournal
    {
        const string CreateTable = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name        TEXT PRIMARY KEY,
                checksum    TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            )
            """;

        public void EnsureTableExistsAndIsLatestVersion(Func<IDbCommand> commands)
        {
            using var command = commands();
            command.CommandText = CreateTable;
            command.ExecuteNonQuery();
        }

        public string[] GetExecutedScripts() => connections().ExecuteCommandsWithManagedConnection(commands =>
        {
            EnsureTableExistsAndIsLatestVersion(commands);
            var applied = new List<string>();
            using var command = commands();
            command.CommandText = "SELECT name, checksum FROM schema_migrations ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (name, recorded) = (reader.GetString(0), reader.GetString(1));
                if (checksums.TryGetValue(name, out var now) && now != recorded)
                    throw new MigrationException(
                        $"Migration {name} has changed since it was applied to {databaseName} " +
                        $"(recorded checksum {recorded[..Math.Min(12, recorded.Length)]}…, file now {now[..12]}…). " +
                        "Applied migrations must never be edited: restore the file and add a new migration instead.");
                applied.Add(name);
            }
            return applied.ToArray();
        });

        public void StoreExecutedScript(SqlScript script, Func<IDbCommand> commands)
        {
            using var command = commands();
            command.CommandText = "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@name, @checksum, @at)";
            Add(command, "name", script.Name);
            Add(command, "checksum", checksums[script.Name]);
            Add(command, "at", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }

        static void Add(IDbCommand command, string name, string value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
