using System.Data.Common;
using Kaizen.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Kaizen.Web.Reports;

// Figures computed from the database, kept only while the database is unchanged: a report is served from here only if
// no transaction has committed since it was computed. Nothing is ever served stale, whoever wrote and however, and on
// any web node: the version is asked of the database on every request, not remembered by the process.
//
// How a change is seen:
// - SQLite: DataVersion's watcher (PRAGMA data_version on a connection that never writes).
// - PostgreSQL: the server's current snapshot (pg_current_snapshot(): the oldest transaction still running, the next
//   transaction id, and those running in between). Two equal snapshots see exactly the same committed transactions,
//   so nothing has committed in between, from any node; any commit that wrote (it had a transaction id) changes it.
//   Writes to other databases of the same server change it too: a needless miss, never a stale hit.
// An entry is keyed by the database, the version seen BEFORE computing, the report, its filter and today's date; a
// write during the computation moves the version on, so that entry is never used.
//
// Not cached: a connection inside a transaction that has written (it sees its own uncommitted writes), and a SQLite
// database that is not a file on disk (an in-memory database has no other connections to see).
// Why it is kept at all (issue 17): docs/architecture.md, "Process-wide state".
public static class ReportCache
{
    // Bounds: entries, and workshops + measures held across them (a national-scale dashboard is about 350,000).
    const int MaxEntries = 16;
    const long MaxWeight = 800_000;

    static readonly object Gate = new();
    static readonly Dictionary<Key, Entry> Entries = new();
    // The stamp each file's entries were last pruned at, so a request at an unchanged version does not scan them.
    static readonly Dictionary<string, string> Pruned = new(StringComparer.Ordinal);
    static long tick;

    sealed record Key(string Source, string Version, string Report, string Filter, DateOnly Today);

    sealed class Entry(Lazy<Task<object>> value)
    {
        public Lazy<Task<object>> Value { get; } = value;
        public long Weight { get; set; }
        public long LastUsed { get; set; }
    }

    // The report for this key, computed by build unless an entry computed at the current version exists. Concurrent
    // requests for the same missing report wait for one computation. weigh says how much the value holds.
    public static async Task<T> GetOrBuildAsync<T>(DbConnection connection, string report, string filter, DateOnly today,
        Func<Task<T>> build, Func<T, long> weigh) where T : class =>
        await VersionAsync(connection) is { } version
            ? await GetOrBuildAsync(version, report, filter, today, build, weigh)
            : await build();

    // The same for a request whose connection is not open yet (so not in a transaction): on SQLite a hit opens no
    // connection; build opens one if it needs it.
    public static async Task<T> GetOrBuildAsync<T>(Database database, string report, string filter, DateOnly today,
        Func<Task<T>> build, Func<T, long> weigh) where T : class
    {
        if (database.Engine == DatabaseEngine.Sqlite)
            return DataVersion.Current(database.FilePath, database.ConnectionString) is { } stamp
                ? await GetOrBuildAsync((database.FilePath, $"{stamp.Generation}.{stamp.Epoch}"), report, filter, today, build, weigh)
                : await build();
        (string, string)? at;
        await using (var c = await database.OpenConnectionAsync()) at = await VersionAsync(c);
        return at is { } version ? await GetOrBuildAsync(version, report, filter, today, build, weigh) : await build();
    }

    // Which database and at which version, or null when this connection's reads cannot be cached.
    static async Task<(string Source, string Version)?> VersionAsync(DbConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return null;
        switch (connection)
        {
            case SqliteConnection sqlite:
                if (sqlite.DataSource.Length == 0 || raw.sqlite3_get_autocommit(sqlite.Handle) == 0) return null;
                return DataVersion.Current(sqlite.DataSource, sqlite.ConnectionString) is { } stamp
                    ? (sqlite.DataSource, $"{stamp.Generation}.{stamp.Epoch}")
                    : null;
            case NpgsqlConnection postgres:
                // A transaction that has written has an id of its own; one that has not sees only committed data.
                await using (var command = postgres.CreateCommand())
                {
                    command.CommandText = "SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NOT NULL";
                    await using var reader = await command.ExecuteReaderAsync();
                    await reader.ReadAsync();
                    if (reader.GetBoolean(1)) return null;
                    return ("postgresql:" + postgres.Host + ":" + postgres.Port + "/" + postgres.Database, reader.GetString(0));
                }
            default:
                return null;
        }
    }

    static async Task<T> GetOrBuildAsync<T>((string Source, string Version) at, string report, string filter, DateOnly today,
        Func<Task<T>> build, Func<T, long> weigh) where T : class
    {
        var (source, version) = at;
        Entry entry;
        var key = new Key(source, version, report, filter, today);
        lock (Gate)
        {
            // Whatever was computed at another version of this database will never be asked for again.
            if (!Pruned.TryGetValue(source, out var pruned) || pruned != version)
            {
                foreach (var old in Entries.Keys.Where(k => k.Source == source && k.Version != version).ToList())
                    Entries.Remove(old);
                if (Pruned.Count >= 64) Pruned.Clear();
                Pruned[source] = version;
            }
            if (!Entries.TryGetValue(key, out entry!))
            {
                entry = new Entry(new Lazy<Task<object>>(() => Task.Run(async () => (object)await build())));
                Entries[key] = entry;
            }
            entry.LastUsed = ++tick;
        }

        T value;
        try
        {
            value = (T)await entry.Value.Value;
        }
        catch
        {
            lock (Gate)
                if (Entries.TryGetValue(key, out var failed) && failed == entry) Entries.Remove(key);
            throw;
        }

        if (entry.Weight == 0)
            lock (Gate)
            {
                if (entry.Weight == 0) entry.Weight = Math.Max(1, weigh(value));
                Trim(key);
            }
        return value;
    }

    // Where a SQLite file's committed state stands: two equal stamps mean nothing committed to it in between, by any
    // connection. Unlike a report, it may be asked for inside a transaction, since the stamp comes from the watcher's
    // own connection. Null for a database that is not a file on disk, and on PostgreSQL, where a write transaction
    // holds no lock that would keep the state unchanged until it commits (so the import checks again instead).
    public static DataStamp? Stamp(DbConnection connection)
    {
        var file = connection is SqliteConnection { State: System.Data.ConnectionState.Open } sqlite ? sqlite.DataSource : "";
        return DataVersion.Current(file, connection.ConnectionString) is { } stamp
            ? new DataStamp(file, stamp.Generation, stamp.Epoch)
            : null;
    }

    // Forgets everything (for tests that need a cold start).
    public static void Clear()
    {
        lock (Gate)
        {
            Entries.Clear();
            Pruned.Clear();
        }
        DataVersion.Clear();
    }

    // Least recently used first, never the entry just served.
    static void Trim(Key keep)
    {
        while (Entries.Count > MaxEntries || Entries.Values.Sum(e => e.Weight) > MaxWeight)
        {
            var victim = Entries.Where(e => !e.Key.Equals(keep)).MinBy(e => e.Value.LastUsed);
            if (victim.Key is null) return;
            Entries.Remove(victim.Key);
        }
    }
}

public readonly record struct DataStamp(string File, long Generation, long Version);
