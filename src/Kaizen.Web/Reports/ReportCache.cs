using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kaizen.Web.Reports;

// Figures computed from the database, kept only while the database is unchanged: a report is served from here only if
// no transaction has committed since it was computed. Nothing is ever served stale, whoever wrote and however.
//
// How a change is seen: each database file has a watcher, a connection of its own that never writes and only asks
// SQLite's PRAGMA data_version, which changes whenever ANY other connection commits to the file: the app's own
// requests, the import, the demo loader, the bulk generator, another process, the sqlite3 shell. So no writer has to
// remember to invalidate anything. An entry is keyed by the watcher, the version it saw BEFORE computing, the report,
// its filter and today's date; a write during the computation moves the version on, so that entry is never used.
//
// Not cached: a connection inside a transaction (it may see its own uncommitted writes), and anything that is not a
// database file on disk (an in-memory database has no other connections to see).
public static class ReportCache
{
    // Bounds: entries, and workshops + measures held across them (a national-scale dashboard is about 350,000).
    const int MaxEntries = 16;
    const long MaxWeight = 800_000;
    const int MaxWatchers = 8;

    static readonly object Gate = new();
    static readonly Dictionary<string, Watcher> Watchers = new(StringComparer.Ordinal);
    static readonly Dictionary<Key, Entry> Entries = new();
    static long tick, generations;

    sealed record Key(string File, long Generation, long Version, string Report, string Filter, DateOnly Today);

    sealed class Entry(Lazy<Task<object>> value)
    {
        public Lazy<Task<object>> Value { get; } = value;
        public long Weight { get; set; }
        public long LastUsed { get; set; }
    }

    sealed class Watcher : IDisposable
    {
        readonly SqliteConnection connection;
        readonly SqliteCommand command;

        public Watcher(string connectionString, string file, long generation)
        {
            connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            connection.Open();
            command = connection.CreateCommand();
            command.CommandText = "PRAGMA data_version";
            Born = File.GetCreationTimeUtc(file);
            Generation = generation;
        }

        public long Generation { get; }
        public DateTime Born { get; }
        public long LastUsed { get; set; }

        public long Version()
        {
            lock (command) return (long)command.ExecuteScalar()!;
        }

        public void Dispose()
        {
            lock (command)
            {
                command.Dispose();
                connection.Dispose();
            }
        }
    }

    // The report for this key, computed by build unless an entry computed at the current version exists. Concurrent
    // requests for the same missing report wait for one computation. weigh says how much the value holds.
    public static async Task<T> GetOrBuildAsync<T>(SqliteConnection connection, string report, string filter, DateOnly today,
        Func<Task<T>> build, Func<T, long> weigh) where T : class
    {
        if (!Cacheable(connection, out var file)) return await build();

        Entry entry;
        Key key;
        lock (Gate)
        {
            var watcher = WatcherFor(file, connection.ConnectionString);
            key = new Key(file, watcher.Generation, watcher.Version(), report, filter, today);
            // Whatever was computed at another version of this file will never be asked for again.
            foreach (var old in Entries.Keys.Where(k => k.File == file && (k.Generation != key.Generation || k.Version != key.Version)).ToList())
                Entries.Remove(old);
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
    public static DataStamp? Stamp(SqliteConnection connection)
    {
        var file = connection.State == System.Data.ConnectionState.Open ? connection.DataSource : "";
        if (file.Length == 0 || !File.Exists(file)) return null;
        lock (Gate)
        {
            var watcher = WatcherFor(file, connection.ConnectionString);
            return new DataStamp(file, watcher.Generation, watcher.Version());
        }
    }

    // Forgets everything (for tests that need a cold start).
    public static void Clear()
    {
        lock (Gate)
        {
            Entries.Clear();
            foreach (var w in Watchers.Values) w.Dispose();
            Watchers.Clear();
        }
    }

    static bool Cacheable(SqliteConnection connection, out string file)
    {
        file = connection.State == System.Data.ConnectionState.Open ? connection.DataSource : "";
        return file.Length > 0 && File.Exists(file) && raw.sqlite3_get_autocommit(connection.Handle) != 0;
    }

    static Watcher WatcherFor(string file, string connectionString)
    {
        // A file deleted and created again at the same path is another database: start again with a new watcher.
        if (Watchers.TryGetValue(file, out var watcher) && watcher.Born != File.GetCreationTimeUtc(file))
        {
            Watchers.Remove(file);
            watcher.Dispose();
            watcher = null;
        }
        if (watcher is null)
        {
            if (Watchers.Count >= MaxWatchers)
            {
                var oldest = Watchers.MinBy(w => w.Value.LastUsed);
                Watchers.Remove(oldest.Key);
                oldest.Value.Dispose();
            }
            watcher = new Watcher(connectionString, file, ++generations);
            Watchers[file] = watcher;
        }
        watcher.LastUsed = ++tick;
        return watcher;
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
