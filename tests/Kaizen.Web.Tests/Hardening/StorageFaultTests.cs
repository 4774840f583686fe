using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dapper;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Hardening;

// The machine fails under Kaizen: a database file that cannot be written (made immutable with chattr, which holds
// even for root), a disk that fills up (a small tmpfs). Each time: a 503 page that says what happened and that
// nothing was saved, /readyz says so with its check, the data stays intact, and Kaizen recovers by itself.
public class StorageFaultTests : IDisposable
{
    private readonly List<Action> cleanUp = [];

    public void Dispose()
    {
        foreach (var action in Enumerable.Reverse(cleanUp)) try { action(); } catch (Exception) { }
    }

    private static void Run(string command, params string[] args)
    {
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? command : "sudo", root ? args : ["-n", command, .. args])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/readyz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task Started_on_a_database_file_that_cannot_be_written_sign_in_says_so_with_a_503_and_recovers_when_it_can()
    {
        string path;
        using (var seed = new KaizenApp { KeepDatabase = true })
        {
            await seed.CastAsync();
            path = seed.DatabasePath;
        }
        // As a restarted process would: no connection from the seeding app is left. (SQLite hands a new connection an
        // idle read-write descriptor of the same file if this process still has one, which would hide the fault.)
        SqliteConnection.ClearAllPools();
        Kaizen.Web.Data.DataVersion.Clear();
        Run("chattr", "+i", path);
        var app = new KaizenApp(path);
        cleanUp.Add(app.Dispose);
        cleanUp.Add(() => Run("chattr", "-i", path)); // first: the app deletes its folder when disposed
        var client = app.Client();
        var response = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "admin@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Kaizen cannot save at the moment", page.QuerySelector("main h1")?.TextContent);
        Assert.Contains("cannot write to its database", page.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", page.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
        var (status, json) = await ReadyAsync(client);
        Assert.True(status == HttpStatusCode.ServiceUnavailable, json.ToString());
        Assert.Equal("Unhealthy", json.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        Run("chattr", "-i", path);
        var again = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "admin@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(client)).Status);
    }

    [Fact]
    public async Task A_full_disk_gives_a_503_that_says_nothing_was_saved_and_saving_works_again_once_there_is_room()
    {
        var mount = Path.Combine(Path.GetTempPath(), "kaizen-tests", "full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", mount);
        cleanUp.Add(() => { SqliteConnection.ClearAllPools(); Run("umount", "-l", mount); Directory.Delete(mount); });
        var app = new KaizenApp(Path.Combine(mount, "kaizen.db"));
        cleanUp.Add(app.Dispose);
        app.Settings["Kaizen:MinimumFreeDiskMegabytes"] = "1";
        var cast = await app.CastAsync();
        var admin = await cast.Admin();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(admin)).Status);

        // Fill the disk to the last byte.
        var filler = Path.Combine(mount, "filler");
        await using (var stream = File.Create(filler))
        {
            var block = new byte[64 * 1024];
            try { while (true) { stream.Write(block); stream.Flush(); } }
            catch (IOException) { }
        }
        var trustsBefore = app.Scalar<long>("SELECT COUNT(*) FROM trusts");
        var fields = new Dictionary<string, string> { ["Input.Name"] = "Full Disk Hospitals NHS Trust", ["Input.Code"] = "FDH", ["Input.JoinedOn"] = "2021-04-01" };

        var refused = await admin.PostFormAsync("/Admin/Trusts/Create", fields);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var alert = (await refused.ParseAsync()).QuerySelector("main [role=alert]")!.TextContent;
        Assert.Contains("disk is full", alert, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", alert, StringComparison.Ordinal);
        var (status, json) = await ReadyAsync(admin);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", json.GetProperty("checks").GetProperty("disk").GetProperty("status").GetString());

        File.Delete(filler);
        var saved = await admin.PostFormAsync("/Admin/Trusts/Create", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(trustsBefore + 1, app.Scalar<long>("SELECT COUNT(*) FROM trusts"));
        using var db = app.OpenDb();
        Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check"));
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(admin)).Status);
    }
}
