using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.Web.Tests.Infrastructure;

// A settable clock, so lockouts, due dates and "today" can be tested without waiting.
public sealed class TestTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => Now;
}

// The real app over HTTP, on its own temporary SQLite file.
public class KaizenApp : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery";

    public KaizenApp() : this(DatabaseEngine.Sqlite)
    {
    }

    // On the engine given: SQLite in a temporary file, or a new database on the throwaway PostgreSQL cluster
    // (TestPostgres), dropped with the app.
    public KaizenApp(DatabaseEngine engine)
    {
        Engine = engine;
        DatabasePath = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"), "kaizen.db");
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        if (engine == DatabaseEngine.PostgreSql)
        {
            postgres = TestPostgres.CreateMigrated();
            Settings["Kaizen:Database:Provider"] = "PostgreSql";
            Settings["Kaizen:Database:ConnectionString"] = postgres.ConnectionString;
        }
        // Tests share one address; those about the per-address limit set their own.
        Settings["Kaizen:SignIn:PostsPerMinutePerAddress"] = "100000";
        Settings["Kaizen:Api:RequestsPerMinute"] = "100000";
    }

    private readonly TestPostgresDatabase? postgres;

    public DatabaseEngine Engine { get; }

    // A restart: a new app (new services, nothing kept in memory) on the database file another app left behind.
    // This one deletes the file when it is disposed.
    public KaizenApp(string existingDatabasePath)
    {
        DatabasePath = existingDatabasePath;
        Settings["Kaizen:SignIn:PostsPerMinutePerAddress"] = "100000";
        Settings["Kaizen:Api:RequestsPerMinute"] = "100000";
    }

    public string DatabasePath { get; }

    // Set before disposing an app whose database file a restarted app will open.
    public bool KeepDatabase { get; set; }
    public TestTime Time { get; } = new();
    public Dictionary<string, string?> Settings { get; } = new();

    // Every password check the app makes, so tests can count the work each sign-in path does.
    public CountingPasswords Passwords { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Kaizen:DatabasePath", DatabasePath);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IPasswords>(Passwords);
            services.AddSingleton<IStartupFilter, TestClientAddress>();
        });
    }

    // A connection of the test's own to the app's database, whichever the engine.
    public DbConnection OpenDb()
    {
        _ = Services; // make sure the app has started and migrated
        if (postgres is not null) return postgres.Database.OpenConnection();
        var connection = new SqliteConnection($"Data Source={DatabasePath};Foreign Keys=True");
        connection.Open();
        return connection;
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    // A client whose requests come from the given address (see TestClientAddress).
    public HttpClient Client(string address)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    public long AddTrust(string code, string? name = null)
    {
        using var db = OpenDb();
        return db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES (@name, @code, '2016-01-01') RETURNING id",
            new { name = name ?? code + " Hospitals NHS Trust", code });
    }

    public long AddUser(string email, string role, long? trustId = null, string password = Password, bool disabled = false)
    {
        using var db = OpenDb();
        return db.ExecuteScalar<long>("""
            INSERT INTO users (email, display_name, role, trust_id, password_hash, security_stamp, created_at, disabled)
            VALUES (@email, @name, @role, @trustId, @hash, @stamp, '2026-01-01T00:00:00Z', @disabled) RETURNING id
            """, new { email, name = email.Split('@')[0], role, trustId, hash = UserAccounts.Hash(password), stamp = UserAccounts.NewStamp(), disabled });
    }

    public async Task<HttpClient> SignedInAsync(string email, string password = Password)
    {
        var client = Client();
        var response = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    // The common cast: an administrator, and trusts A and B each with a lead, and a board member.
    public async Task<Cast> CastAsync()
    {
        var trustA = AddTrust("TRA", "Trust A");
        var trustB = AddTrust("TRB", "Trust B");
        AddUser("admin@example.nhs.uk", Roles.Administrator);
        AddUser("lead.a@example.nhs.uk", Roles.Lead, trustA);
        AddUser("lead.b@example.nhs.uk", Roles.Lead, trustB);
        AddUser("board@example.nhs.uk", Roles.Board);
        return new Cast(this, trustA, trustB);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (KeepDatabase) return;
        postgres?.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true); } catch (IOException) { }
    }
}

// The test server has no real network: a request says which address it comes from with a header that only the test
// host reads (this filter is registered by KaizenApp, never by the app).
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            return nextMiddleware(context);
        });
        next(app);
    };
}

// The real hasher, with a record of every check: which hash, for how many calls.
public sealed class CountingPasswords : IPasswords
{
    private readonly ConcurrentQueue<string> checkedHashes = new();

    public string Decoy => Kaizen.Web.Security.Passwords.Default.Decoy;

    public IReadOnlyList<string> Checked => checkedHashes.ToArray();

    public string Hash(string password) => Kaizen.Web.Security.Passwords.Default.Hash(password);

    public PasswordVerificationResult Verify(string hash, string password)
    {
        checkedHashes.Enqueue(hash);
        return Kaizen.Web.Security.Passwords.Default.Verify(hash, password);
    }
}

public sealed record Cast(KaizenApp App, long TrustA, long TrustB)
{
    public Task<HttpClient> Admin() => App.SignedInAsync("admin@example.nhs.uk");
    public Task<HttpClient> LeadA() => App.SignedInAsync("lead.a@example.nhs.uk");
    public Task<HttpClient> LeadB() => App.SignedInAsync("lead.b@example.nhs.uk");
    public Task<HttpClient> Board() => App.SignedInAsync("board@example.nhs.uk");
}

// One app host for a test class (IClassFixture) whose tests need no host of their own: each test takes Fresh(), which
// puts back the database as the host first had it (migrated, empty) and today's clock, so a test sees what a new host
// would give it without starting one and migrating again. A class that changes settings, counts password checks,
// restarts the app or needs the setup page (no users yet, remembered by the host) keeps its own KaizenApp.
public sealed class SharedKaizenApp : KaizenApp
{
    private string? empty;

    public KaizenApp Fresh()
    {
        using var live = (SqliteConnection)OpenDb();
        if (empty is null)
        {
            // The key ring's first key is made at the first page with a form; made now, it is in the copy and every
            // test's cookies are protected by the same key the host holds in memory.
            using (var client = Client()) client.GetAsync("/Setup").GetAwaiter().GetResult();
            empty = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "empty.db");
            using var copy = new SqliteConnection($"Data Source={empty};Pooling=False");
            copy.Open();
            live.BackupDatabase(copy);
        }
        else
        {
            // SQLite's backup writes the pages under the app's open connections: they see the empty database next, and
            // every cache kept under DataVersion's stamp sees a commit.
            using var copy = new SqliteConnection($"Data Source={empty};Pooling=False");
            copy.Open();
            copy.BackupDatabase(live);
        }
        Time.Now = DateTimeOffset.UtcNow;
        return this;
    }
}
