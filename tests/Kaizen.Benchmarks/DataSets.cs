using Kaizen.Web.Reports;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Kaizen.TestData;
using Kaizen.Web.Data;
using Kaizen.Web.Data.Demo;
using Kaizen.Web.Security;
using Microsoft.Data.Sqlite;

namespace Kaizen.Benchmarks;

// The databases the benchmarks run on. 120 is the demonstration programme (DemoProgramme.Load); any other size is
// BulkGenerator's synthetic national-scale data, one trust per 500 workshops. Generated files are cached by size,
// seed and a hash of the generator's sources and the migrations, and every run works on a fresh copy of the cache.
public sealed class DataSets(string root, string cacheFolder, string workFolder, int seed)
{
    public const int DemoSize = 120;
    public const string UserEmail = "bench@kaizen.example";
    public const string UserPassword = "bench-password-not-secret-1";

    public string MigrationsFolder => Path.Combine(root, "db", "migrations");

    public static int TrustsFor(int workshops) => Math.Max(1, workshops / 500);

    public sealed record Prepared(string Path, bool FromCache, double GenerateSeconds);

    public Prepared Prepare(int size, DateOnly today, string nowIso)
    {
        Directory.CreateDirectory(cacheFolder);
        Directory.CreateDirectory(workFolder);
        var cached = Path.Combine(cacheFolder, $"kaizen-{(size == DemoSize ? "demo" : size.ToString())}-seed{seed}-{SourceHash()}.db");
        var fromCache = File.Exists(cached);
        // Files of this size and seed from older generators or schemas will not be used again.
        foreach (var stale in Directory.GetFiles(cacheFolder, Path.GetFileName(cached)[..(Path.GetFileName(cached).LastIndexOf('-') + 1)] + "*.db"))
            if (stale != cached) File.Delete(stale);
        double seconds = 0;
        if (!fromCache)
        {
            var building = cached + ".building";
            DeleteDatabase(building);
            var clock = Stopwatch.StartNew();
            var database = new Database(building);
            database.EnsureCreated();
            MigrationRunner.Apply(database, MigrationsFolder);
            if (size == DemoSize) DemoProgramme.Load(database, today, nowIso);
            else BulkGenerator.Generate(database, TrustsFor(size), size, seed);
            Checkpoint(database);
            seconds = clock.Elapsed.TotalSeconds;
            File.Move(building, cached, overwrite: true);
            DeleteDatabase(building);
        }

        var work = Path.Combine(workFolder, $"kaizen-{size}.db");
        DeleteDatabase(work);
        File.Copy(cached, work);
        var copy = new Database(work);
        copy.EnsureCreated();
        MigrationRunner.Apply(copy, MigrationsFolder);
        MaintainedFigures.CatchUp(copy);   // as the app does at start: figures of any workshop not kept yet
        AddBenchUser(copy, nowIso);
        Checkpoint(copy);
        return new Prepared(work, fromCache, seconds);
    }

    // An administrator for the HTTP measurements, written straight into the users table.
    static void AddBenchUser(Database database, string nowIso)
    {
        using var c = database.Open();
        c.Execute("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES (@email, 'Benchmark Administrator', 'administrator', @hash, @stamp, @now)
            """, new { email = UserEmail, hash = UserAccounts.Hash(UserPassword), stamp = UserAccounts.NewStamp(), now = nowIso });
    }

    // Everything into the main file, so the file can be copied on its own.
    static void Checkpoint(Database database)
    {
        using (var c = database.Open()) c.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        SqliteConnection.ClearAllPools();
    }

    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }

    // Changes to the generators or the schema make a new cache entry.
    string SourceHash()
    {
        var files = Directory.GetFiles(Path.Combine(root, "src", "Kaizen.Web", "Data", "Demo"), "*.cs")
            .Concat(Directory.GetFiles(MigrationsFolder, "*.sql"))
            .OrderBy(f => f, StringComparer.Ordinal);
        using var sha = SHA256.Create();
        foreach (var file in files)
        {
            var name = Encoding.UTF8.GetBytes(Path.GetFileName(file));
            sha.TransformBlock(name, 0, name.Length, null, 0);
            var bytes = File.ReadAllBytes(file);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(sha.Hash!)[..10];
    }
}
