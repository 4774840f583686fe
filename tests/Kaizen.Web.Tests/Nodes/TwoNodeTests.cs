using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Nodes;

// Two Kaizen processes on one database, as two web nodes behind a load balancer (issue 18). Each has its own home
// folder, so whatever a node keeps on its local disk the other cannot see, as on two machines: a cookie or an
// antiforgery token one node issued is good on the other only because the key ring is in the database.
public class TwoNodeTests : IDisposable
{
    private readonly WebNodes nodes = new();
    private string DatabasePath => Path.Combine(nodes.Folder, "kaizen.db");

    public void Dispose()
    {
        nodes.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private Task<Uri> StartNodeAsync(string name) =>
        nodes.StartAsync(name, new Dictionary<string, string> { ["Kaizen__DatabasePath"] = DatabasePath });

    private void Seed()
    {
        Directory.CreateDirectory(nodes.Folder);
        var database = new Database(DatabasePath);
        database.EnsureCreated();
        MigrationRunner.Apply(database, Path.Combine(AppContext.BaseDirectory, "migrations"));
        using var db = database.Open();
        var trust = db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('Trust A', 'TRA', '2016-01-01') RETURNING id");
        db.Execute("""
            INSERT INTO users (email, display_name, role, trust_id, password_hash, security_stamp, created_at)
            VALUES ('lead@example.nhs.uk', 'Lead', 'lead', @trust, @hash, 'stamp', '2024-01-01T00:00:00Z')
            """, new { trust, hash = UserAccounts.Hash(KaizenApp.Password) });
    }

    [Fact]
    public async Task A_cookie_and_an_antiforgery_token_from_one_node_are_good_on_the_other()
    {
        Seed();
        var (a, b) = (await StartNodeAsync("a"), await StartNodeAsync("b"));
        // One browser: cookies are kept by host, whichever node's port answers (as behind one load balancer's name).
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = a };
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = b };

        var signIn = await onA.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var signedIn = cookies.GetCookies(a)["kaizen.auth"]!.Value;

        // B reads the sign-in cookie A issued.
        var home = await onB.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Sign out", (await home.ParseAsync()).Body!.TextContent);

        // A form A rendered (its antiforgery token and cookie) is accepted when posted to B: sign out there.
        var page = await onA.GetDocumentAsync("/");
        var signOutForm = page.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => f.GetAttribute("action") == "/Account/SignOut");
        var signOut = await onB.PostAsync("/Account/SignOut", Http.Encode(Http.FormValues(signOutForm)));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.EndsWith("/Account/SignIn", signOut.Headers.Location!.OriginalString);

        // Signed out on B, the old cookie is refused on A too.
        using var copied = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = a };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", "kaizen.auth=" + signedIn);
        var refused = await copied.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/SignIn", refused.Headers.Location!.OriginalString);
    }
}
