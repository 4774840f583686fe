using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Dom;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Import;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Import;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Hardening;

// Kaizen as a real child process, killed with SIGKILL while an import is being written: after a restart the
// database is intact and holds all of that import or none of it. On SQLite the process owns the file; on PostgreSQL
// the server outlives the process, which must leave no half-written transaction behind.
public abstract class CrashTests(DatabaseEngine engine, ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"));
    private string DatabasePath => Path.Combine(folder, "kaizen.db");
    private readonly TestPostgresDatabase? postgres = engine == DatabaseEngine.PostgreSql ? TestPostgres.CreateMigrated() : null;
    private Process? server;

    public void Dispose()
    {
        if (server is { HasExited: false }) server.Kill(entireProcessTree: true);
        server?.Dispose();
        SqliteConnection.ClearAllPools();
        postgres?.Dispose();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    // The test's own connection to the database the process uses.
    private DbConnection OpenDb()
    {
        if (postgres is not null) return postgres.Database.OpenConnection();
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        return connection;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<string> StartServerAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Kaizen.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Kaizen__DatabasePath"] = DatabasePath;
        if (postgres is not null)
        {
            start.Environment["Kaizen__Database__Provider"] = "PostgreSql";
            start.Environment["Kaizen__Database__ConnectionString"] = postgres.ConnectionString;
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        server = Process.Start(start)!;
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var url = $"http://127.0.0.1:{port}";
        using var probe = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try { if ((await probe.GetAsync(url + "/healthz")).IsSuccessStatusCode) return url; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("Kaizen did not answer /healthz within 30 s");
    }

    private void Seed()
    {
        Directory.CreateDirectory(folder);
        if (postgres is null)
        {
            var database = new Database(DatabasePath);
            database.EnsureCreated();
            MigrationRunner.Apply(database, Path.Combine(AppContext.BaseDirectory, "migrations"));
        }
        using var db = OpenDb();
        var trust = db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('Trust A', 'TRA', '2016-01-01') RETURNING id");
        db.Execute("""
            INSERT INTO users (email, display_name, role, trust_id, password_hash, security_stamp, created_at)
            VALUES ('lead@example.nhs.uk', 'Lead', 'lead', @trust, @hash, 'stamp', '2024-01-01T00:00:00Z')
            """, new { trust, hash = UserAccounts.Hash(KaizenApp.Password) });
        db.Execute("INSERT INTO value_streams (trust_id, name, chosen_by, status, created_at) VALUES (@trust, 'Outpatients', 'top_down', 'active', 'x')", new { trust });
    }

    private static byte[] LargeWorkbook(int workshops)
    {
        var rows = new List<object?[]>();
        for (var w = 1; w <= workshops; w++)
        for (var m = 1; m <= 3; m++)
        {
            var start = new DateOnly(2018, 1, 1).AddDays(w % 1500);
            rows.Add(ImportKit.Row((Col.Reference, $"TRA-CRASH-{w:D5}"), (Col.Title, $"Workshop {w}"), (Col.Measure, $"Measure {m}"),
                (Col.StartDate, start), (Col.PlanningStart, start.AddDays(-42))));
        }
        return ImportKit.Workbook([.. rows]);
    }

    [Fact]
    public async Task A_kill_during_an_import_leaves_an_intact_database_with_all_or_none_of_it()
    {
        const int workshops = 3_000;
        Seed();
        var url = await StartServerAsync();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(3) };
        var signIn = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var preview = await ImportKit.UploadPageAsync(client, LargeWorkbook(workshops));
        var problems = ImportKit.Problems(preview);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5)));
        // No connection of the test's own is open on the SQLite file while it is killed and recovered.
        using var watch = postgres is null ? null : OpenDb();
        var writtenBefore = Written(watch);

        // Confirm, and kill the server the moment the write transaction has written 256 KB.
        var confirm = ImportKit.ConfirmAsync(client, preview);
        var clock = Stopwatch.StartNew();
        var killedMidWrite = false;
        while (!confirm.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (Written(watch) > writtenBefore + 256 * 1024)
            {
                server!.Kill(entireProcessTree: true);
                killedMidWrite = true;
                break;
            }
            await Task.Delay(2);
        }
        if (!killedMidWrite) server!.Kill(entireProcessTree: true);
        await server!.WaitForExitAsync();
        try { await confirm; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
        output.WriteLine(killedMidWrite ? $"Killed mid-write after {clock.ElapsedMilliseconds} ms" : "The import finished before the kill");

        await StartServerAsync();
        SqliteConnection.ClearAllPools();
        using var db = OpenDb();
        AssertIntact(db);
        var stored = db.ExecuteScalar<long>("SELECT COUNT(*) FROM workshops WHERE reference LIKE 'TRA-CRASH-%'");
        var measures = db.ExecuteScalar<long>("SELECT COUNT(*) FROM measures");
        Assert.True((stored, measures) == (0, 0) || (stored, measures) == (workshops, workshops * 3L),
            $"A partial import survived the crash: {stored} workshops, {measures} measures");
        Assert.True(killedMidWrite, "The kill did not land during the write, so the test proved nothing this time");
        output.WriteLine(stored == 0 ? "None of the import was kept" : "The import had committed just before the kill: all of it was kept");
    }

    // How much the import's transaction has written so far, as another connection can see it: SQLite's write-ahead
    // log grows as the transaction spills its pages into it; PostgreSQL writes uncommitted rows into the tables' own
    // files, which grow (pg_relation_size reads the files' sizes, whoever's rows they hold).
    private long Written(DbConnection? watch) => watch is null
        ? File.Exists(DatabasePath + "-wal") ? new FileInfo(DatabasePath + "-wal").Length : 0
        : watch.ExecuteScalar<long>("SELECT pg_relation_size('workshops') + pg_relation_size('measures') + pg_relation_size('audit_log')");

    // SQLite checks its own file. On PostgreSQL, amcheck checks that every B-tree index is sound and holds every row
    // of its table.
    private void AssertIntact(DbConnection db)
    {
        if (postgres is null)
        {
            Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check"));
            return;
        }
        db.Execute("CREATE EXTENSION IF NOT EXISTS amcheck");
        var checkedIndexes = db.Query<string>("""
            SELECT c.relname FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.amname = 'btree' AND n.nspname = current_schema() AND i.indisvalid
            """).ToList();
        foreach (var index in checkedIndexes)
            db.Execute("SELECT bt_index_check(@index::regclass, true)", new { index });
        Assert.NotEmpty(checkedIndexes);
    }
}

public sealed class CrashTestsOnSqlite(ITestOutputHelper output) : CrashTests(DatabaseEngine.Sqlite, output);

public sealed class CrashTestsOnPostgreSql(ITestOutputHelper output) : CrashTests(DatabaseEngine.PostgreSql, output);
