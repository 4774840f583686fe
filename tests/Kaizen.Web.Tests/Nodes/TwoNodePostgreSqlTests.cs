using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Dom;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Nodes;

// Two Kaizen processes on one PostgreSQL database, as two web nodes behind a load balancer (issue 18's journey, the
// parts that run on PostgreSQL today: signing in, the administration pages and signing out). Each node has its own
// home folder, so nothing on one node's disk helps the other.
// TODO (issue 17): edit a workshop on B and see the figure on A's dashboard; upload an import on A and confirm it on B.
public sealed class TwoNodePostgreSqlTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"));
    private readonly TestPostgresDatabase postgres = TestPostgres.CreateMigrated();
    private readonly List<Process> nodes = [];

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
            node.Dispose();
        }
        postgres.Dispose();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<Uri> StartNodeAsync(string name)
    {
        var home = Path.Combine(folder, name);
        Directory.CreateDirectory(home);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Kaizen.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        start.Environment["Kaizen__DatabasePath"] = Path.Combine(home, "unused.db");
        start.Environment["Kaizen__Database__Provider"] = "PostgreSql";
        start.Environment["Kaizen__Database__ConnectionString"] = postgres.ConnectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var node = Process.Start(start)!;
        nodes.Add(node);
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        var url = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try { if ((await probe.GetAsync(new Uri(url, "/healthz"))).IsSuccessStatusCode) return url; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"Node {name} did not answer /healthz within 30 s");
    }

    private long Seed()
    {
        using var db = postgres.Database.OpenConnection();
        db.Execute("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES ('admin@example.nhs.uk', 'Ada Admin', 'administrator', @hash, 'stamp', '2024-01-01T00:00:00Z')
            """, new { hash = UserAccounts.Hash(KaizenApp.Password) });
        return db.ExecuteScalar<long>("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES ('nia@example.nhs.uk', 'Nia Board', 'board', @hash, 'stamp', '2024-01-01T00:00:00Z') RETURNING id
            """, new { hash = UserAccounts.Hash(KaizenApp.Password) });
    }

    [Fact]
    public async Task Signed_in_on_A_a_user_edited_on_B_shows_on_A_and_signing_out_on_B_ends_the_session_on_A()
    {
        var nia = Seed();
        var (a, b) = (await StartNodeAsync("a"), await StartNodeAsync("b"));
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = a };
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = b };

        // Sign in on A; the email's letter case does not matter on PostgreSQL either.
        var signIn = await onA.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "Admin@Example.NHS.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var signedIn = cookies.GetCookies(a)["kaizen.auth"]!.Value;

        // The edit form A rendered, posted to B: B accepts A's cookie and antiforgery token and saves.
        var edit = await onA.GetDocumentAsync($"/Admin/Users/Edit/{nia}");
        var form = edit.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => f.QuerySelector("[name='Input.DisplayName']") is not null);
        var values = Http.FormValues(form);
        values["Input.DisplayName"] = ["Nia Renamed"];
        var saved = await onB.PostAsync($"/Admin/Users/Edit/{nia}", Http.Encode(values));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // A shows the new name at once.
        var list = await onA.GetDocumentAsync("/Admin/Users");
        Assert.Contains("Nia Renamed", list.Body!.TextContent);

        // Signed out on B with a form A rendered, the old cookie is refused on A.
        var signOutForm = list.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => f.GetAttribute("action") == "/Account/SignOut");
        Assert.Equal(HttpStatusCode.Redirect, (await onB.PostAsync("/Account/SignOut", Http.Encode(Http.FormValues(signOutForm)))).StatusCode);
        using var copied = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = a };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Admin/Users");
        request.Headers.Add("Cookie", "kaizen.auth=" + signedIn);
        var refused = await copied.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/SignIn", refused.Headers.Location!.OriginalString);
    }
}
