using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Data;

public sealed class MigrationException(string message) : Exception(message);

// Applies db/migrations/*.sql in ordinal order, each in its own transaction with its journal row.
// A file that was applied and has since changed stops start-up: the database no longer matches the code's history.
public static class MigrationRunner
{
    public static IReadOnlyList<string> Apply(Database database, string migrationsDirectory)
    {
        if (!Directory.Exists(migrationsDirectory))
            throw new MigrationException($"The migrations folder '{migrationsDirectory}' does not exist.");

        var files = Directory.GetFiles(migrationsDirectory, "*.sql")
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();

        using var connection = database.Open();
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name        TEXT PRIMARY KEY,
                checksum    TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            )
            """);
        var applied = connection.Query<(string Name, string Checksum)>("SELECT name, checksum FROM schema_migrations")
            .ToDictionary(r => r.Name, r => r.Checksum, StringComparer.Ordinal);

        var newlyApplied = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var bytes = File.ReadAllBytes(file);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (applied.TryGetValue(name, out var recorded))
            {
                if (recorded != checksum)
                    throw new MigrationException(
                        $"Migration {name} has changed since it was applied to {database.FilePath} " +
                        $"(recorded checksum {recorded[..12]}…, file now {checksum[..12]}…). " +
                        "Applied migrations must never be edited: restore the file and add a new migration instead.");
                continue;
            }

            using var transaction = connection.BeginTransaction();
            try
            {
                using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = System.Text.Encoding.UTF8.GetString(bytes);
                    command.ExecuteNonQuery();
                }
                connection.Execute(
                    "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (@name, @checksum, @at)",
                    new { name, checksum, at = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
                    transaction);
                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                throw new MigrationException($"Migration {name} failed and was rolled back: {ex.Message}");
            }
            newlyApplied.Add(name);
        }
        return newlyApplied;
    }
}
