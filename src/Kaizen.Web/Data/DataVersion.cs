using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kaizen.Web.Data;

// Whether a database file has changed, for caches that must never serve anything stale (ReportCache, the signed-in
// user's row). Each file has watchers: connections of their own that never write and only ask SQLite's
// PRAGMA data_version, which changes whenever ANY other connection commits to the file: the app's own requests, the
// import, the demo loader, another process, the sqlite3 shell. So no writer has to remember to invalidate anything.
//
// A stamp names the file's watchers (new ones after the file is replaced or they are evicted) and an epoch: a counter
// shared by the file's watchers that goes up whenever one of them sees its data_version move. Each watcher first asks
// before its group hands out any stamp; after that its queries are in order, so the first one after a commit sees the
// move and raises the epoch before anyone hears its answer: a stamp read after a commit always differs from one read
// before it. A cache reads the stamp BEFORE reading the data and keeps the data under that stamp; a commit in between
// raises the epoch, so that entry is never used. Epochs only go up, so an old stamp never comes back.
//
// Every request asks (twice for the dashboard), so a file has a few watchers and a request takes whichever is free:
// one watcher behind one lock made requests queue and spin on it.
public static class DataVersion
{
    const int MaxFiles = 8;
    const int WatchersPerFile = 4;

    static readonly object Gate = new();
    static readonly Dictionary<string, Watchers> Files = new(StringComparer.Ordinal);
    static volatile Watchers? recent;
    static long generations;

    public readonly record struct Stamp(long Generation, long Epoch);

    // Asks through SQLite's own API with one statement prepared once: through ADO.NET each question allocated a reader
    // and ran its retry machinery, several times the cost of the step itself.
    sealed class Watcher : IDisposable
    {
        readonly SqliteConnection connection;
        readonly sqlite3_stmt statement;
        long seen;
        bool disposed;

        public Watcher(string connectionString)
        {
            connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            connection.Open();
            if (raw.sqlite3_prepare_v2(connection.Handle, "PRAGMA data_version", out statement) != raw.SQLITE_OK)
                throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), raw.sqlite3_errcode(connection.Handle));
            seen = Ask() ?? throw new SqliteException("PRAGMA data_version gave no answer", raw.SQLITE_ERROR);
        }

        // Null when SQLite cannot answer now (busy): the caller then treats the file as not watchable this time.
        long? Ask()
        {
            try
            {
                return raw.sqlite3_step(statement) == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : null;
            }
            finally
            {
                raw.sqlite3_reset(statement);
            }
        }

        // Called holding this watcher's lock. Null once disposed (evicted between being looked up and asked).
        public long? Epoch(ref long epoch)
        {
            if (disposed || Ask() is not { } version) return null;
            if (version != seen)
            {
                seen = version;
                Interlocked.Increment(ref epoch);
            }
            return Interlocked.Read(ref epoch);
        }

        public void Dispose()
        {
            lock (this)
            {
                if (disposed) return;
                disposed = true;
                statement.Dispose();
                connection.Dispose();
            }
        }
    }

    sealed class Watchers(string file, string connectionString, DateTime born, long generation) : IDisposable
    {
        readonly Watcher[] pool = Enumerable.Range(0, WatchersPerFile).Select(_ => new Watcher(connectionString)).ToArray();
        long epoch;

        public string File { get; } = file;
        public DateTime Born { get; } = born;
        public long Generation { get; } = generation;
        public long LastUsed;

        public Stamp? Current()
        {
            LastUsed = Environment.TickCount64;
            // Any free watcher will do; wait for one only when all are busy.
            var first = Environment.CurrentManagedThreadId;
            for (var i = 0; i < pool.Length; i++)
            {
                var watcher = pool[(first + i) % pool.Length];
                if (!Monitor.TryEnter(watcher)) continue;
                try { return Stamp(watcher.Epoch(ref epoch)); }
                finally { Monitor.Exit(watcher); }
            }
            var busy = pool[first % pool.Length];
            lock (busy) return Stamp(busy.Epoch(ref epoch));
        }

        Stamp? Stamp(long? at) => at is { } e ? new Stamp(Generation, e) : null;

        // Has every watcher look once, so that each has seen the latest commit (tests: a watcher that has not yet
        // looked since a commit raises the epoch when it first does, a harmless cache miss but not a stable stamp).
        public void Settle()
        {
            foreach (var watcher in pool)
                lock (watcher) watcher.Epoch(ref epoch);
        }

        public void Dispose()
        {
            foreach (var watcher in pool) watcher.Dispose();
        }
    }

    internal static void Settle(string file, string connectionString)
    {
        _ = Current(file, connectionString);
        lock (Gate) if (Files.TryGetValue(file, out var watchers)) watchers.Settle();
    }

    // The file's current stamp, or null when it cannot be watched (not a file on disk, e.g. in memory).
    public static Stamp? Current(string file, string connectionString)
    {
        if (file.Length == 0) return null;
        // One stat: a missing file reports the epoch of file times.
        var born = File.GetCreationTimeUtc(file);
        if (born == DateTime.FromFileTimeUtc(0)) return null;
        var watchers = recent;
        if (watchers is null || watchers.Born != born || !string.Equals(watchers.File, file, StringComparison.Ordinal))
            lock (Gate) recent = watchers = WatchersFor(file, connectionString, born);
        return watchers.Current();
    }

    // Forgets every watcher (for tests that need a cold start).
    public static void Clear()
    {
        lock (Gate)
        {
            foreach (var w in Files.Values) w.Dispose();
            Files.Clear();
            recent = null;
        }
    }

    static Watchers WatchersFor(string file, string connectionString, DateTime born)
    {
        // A file deleted and created again at the same path is another database: start again with new watchers.
        if (Files.TryGetValue(file, out var watchers) && watchers.Born != born)
        {
            Files.Remove(file);
            watchers.Dispose();
            watchers = null;
        }
        if (watchers is null)
        {
            if (Files.Count >= MaxFiles)
            {
                var oldest = Files.MinBy(w => w.Value.LastUsed);
                Files.Remove(oldest.Key);
                oldest.Value.Dispose();
            }
            watchers = new Watchers(file, connectionString, born, ++generations);
            Files[file] = watchers;
        }
        return watchers;
    }
}
