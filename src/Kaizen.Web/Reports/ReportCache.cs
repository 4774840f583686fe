using System.Data.Common;
using Kaizen.Web.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kaizen.Web.Reports;

// Figures computed from the database, kept only while the database is unchanged: a report is served from here only if
// no transaction has committed since it was computed. Nothing is ever served stale, whoever wrote and however.
//
// How a change is seen: DataVersion's watcher (PRAGMA data_version on a connection that never writes). An entry is
// keyed by the file, the stamp seen BEFORE computing, the report, its filter and today's date; a write during the
// computation moves the version on, so that entry is never used.
//
// Not cached: a connection inside a transaction (it may see its own uncommitted writes), and anything that is not a
// database file on disk (an in-memory database has no other connections to see).
public static class ReportCache
{
    // Bounds: entries, and workshops + measures held across them (a national-scale dashboard is about 350,000).
    const int MaxEntries = 16;
    const long MaxWeight = 800_000;

    static readonly object Gate = new();
    static readonly Dictionary<Key, Entry> Entries = new();
    // The stamp each file's entries were last pruned at, so a request at an unchanged version does not scan them.
    static readonly Dictionary<string, DataVersion.Stamp> Pruned = new(StringComparer.Ordinal);
    static long tick;

    sealed record Key(string File, DataVersion.Stamp Stamp, string Report, string Filter, DateOnly Today);

    sealed class Entry(Lazy<Task<object>> value)
    {
        public Lazy<Task<object>> Value { get; } = value;
        public long Weight { get; set; }
        public long LastUsed { get; set; }
    }

    // The report for this key, computed by build unless an entry computed at the current version exists. Concurrent
    // requests for the same missing report wait for one computation. weigh says how much the value holds.
    public static Task<T> GetOrBuildAsync<T>(DbConnection connection, string report, string filter, DateOnly today,
        Func<Task<T>> build, Func<T, long> weigh) where T : class =>
        Cacheable(connection)
            ? GetOrBuildAsync(connection.DataSource, connection.ConnectionString, report, filter, today, build, weigh)
            : build();

    // The same for a request whose connection is not open yet (so not in a transaction): a hit opens no connection;
    // build opens one if it needs it.
    public static async Task<T> GetOrBuildAsync<T>(string file, string connectionString, string report, string filter, DateOnly today,
        Func<Task<T>> build, Func<T, long> weigh) where T : class
    {
        if (DataVersion.Current(file, connectionString) is not { } stamp) return await build();

        Entry entry;
        var key = new Key(file, stamp, report, filter, today);
        lock (Gate)
        {
            // Whatever was computed at another version of this file will never be asked for again.
            if (!Pruned.TryGetValue(file, out var pruned) || pruned != stamp)
            {
                foreach (var old in Entries.Keys.Where(k => k.File == file && k.Stamp != stamp).ToList())
                    Entries.Remove(old);
                if (Pruned.Count >= 64) Pruned.Clear();
                Pruned[file] = stamp;
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

    // Where the file's committed state stands: two equal stamps mean nothing committed to it in between, by any
    // connection. Unlike a report, it may be asked for inside a transaction, since the stamp comes from the watcher's
    // own connection. Null for a database that is not a file on disk.
    public static DataStamp? Stamp(DbConnection connection)
    {
        var file = connection.State == System.Data.ConnectionState.Open ? connection.DataSource : "";
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

    static bool Cacheable(DbConnection connection) =>
        connection is SqliteConnection sqlite && sqlite.State == System.Data.ConnectionState.Open && sqlite.DataSource.Length > 0
        && raw.sqlite3_get_autocommit(sqlite.Handle) != 0;

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
