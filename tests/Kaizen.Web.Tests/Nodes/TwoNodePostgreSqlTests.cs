using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Import;
using Kaizen.Web.Tests.Import;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Reports.ReportSeed;

namespace Kaizen.Web.Tests.Nodes;

// Two Kaizen processes on one PostgreSQL database, as two web nodes behind a load balancer (issue 18's journey). Each
// node has its own home folder, so nothing on one node's disk helps the other, and its own memory: whatever a node
// keeps (the report cache) must not serve a figure the other node's commit has changed.
public sealed class TwoNodePostgreSqlTests : IDisposable
{
    private readonly WebNodes nodes = new();
    private readonly TestPostgresDatabase postgres = TestPostgres.CreateMigrated();

    public void Dispose()
    {
        nodes.Dispose();
        postgres.Dispose();
    }

    private Task<Uri> StartNodeAsync(string name) => nodes.StartAsync(name, new Dictionary<string, string>
    {
        ["Kaizen__DatabasePath"] = Path.Combine(nodes.Folder, name, "unused.db"),
        ["Kaizen__Database__Provider"] = "PostgreSql",
        ["Kaizen__Database__ConnectionString"] = postgres.ConnectionString,
    });

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

    [Fact]
    public async Task A_whole_journey_alternates_between_the_nodes_and_each_sees_the_others_writes_at_once()
    {
        long measure;
        using (var db = postgres.Database.OpenConnection())
        {
            var trust = db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('Trust A', 'TRA', '2016-01-01') RETURNING id");
            db.Execute("""
                INSERT INTO users (email, display_name, role, trust_id, password_hash, security_stamp, created_at)
                VALUES ('lead@example.nhs.uk', 'Lee Lead', 'lead', @trust, @hash, 'stamp', '2024-01-01T00:00:00Z')
                """, new { trust, hash = UserAccounts.Hash(KaizenApp.Password) });
            var stream = ValueStream(db, trust, "Outpatients");
            measure = Measure(db, Workshop(db, stream, "TRA-2023-01", "Outpatient booking", "2023-03-07"), "process_time", "Booking",
                baseline: 600, result: 240);   // 60% lower
        }
        var (a, b) = (await StartNodeAsync("a"), await StartNodeAsync("b"));
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = a };
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = b };
        async Task<string> Dashboard(HttpClient node) => ImportKit.Squash((await node.GetDocumentAsync("/Dashboard")).QuerySelector("#headline")!.ParentElement!.TextContent);

        // Sign in on A; A's dashboard is computed (and kept) before anything changes.
        Assert.Equal(HttpStatusCode.Redirect, (await onA.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password })).StatusCode);
        var signedIn = cookies.GetCookies(a)["kaizen.auth"]!.Value;
        var before = await Dashboard(onA);
        Assert.Contains("60", before);
        Assert.Equal(before, await Dashboard(onA));

        // The workshop's result edited on B, with the form A rendered: A's next dashboard has the new figure.
        var edit = (await onA.GetDocumentAsync($"/Measures/Edit/{measure}")).QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Single(f => f.QuerySelector("[name='Input.Result']") is not null);
        var values = Http.FormValues(edit);
        values["Input.Result"] = ["480"];   // 20% lower
        Assert.Equal(HttpStatusCode.Redirect, (await onB.PostAsync($"/Measures/Edit/{measure}", Http.Encode(values))).StatusCode);
        var afterEdit = await Dashboard(onA);
        Assert.Contains("20", afterEdit);
        Assert.DoesNotContain("60", afterEdit);

        // A workbook uploaded on A waits in the database; confirmed on B with the preview A showed; A's dashboard counts it.
        var preview = await ImportKit.UploadPageAsync(onA, ImportKit.Workbook(ImportKit.Row((Col.Reference, "TRA-2024-01"))));
        Assert.Empty(ImportKit.Problems(preview));
        var confirmed = await ImportKit.ConfirmAsync(onB, preview);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("1 created", (await onB.GetDocumentAsync(confirmed.Headers.Location!.OriginalString)).QuerySelector("[role=status]")!.TextContent);
        Assert.Contains("2 workshops", await Dashboard(onA));

        // Signed out on B; the old cookie is refused on A.
        var signOutForm = (await onA.GetDocumentAsync("/Dashboard")).QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Single(f => f.GetAttribute("action") == "/Account/SignOut");
        Assert.Equal(HttpStatusCode.Redirect, (await onB.PostAsync("/Account/SignOut", Http.Encode(Http.FormValues(signOutForm)))).StatusCode);
        using var copied = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = a };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Dashboard");
        request.Headers.Add("Cookie", "kaizen.auth=" + signedIn);
        var refused = await copied.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/SignIn", refused.Headers.Location!.OriginalString);
    }
}
