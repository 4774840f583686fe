using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

// What each request no longer recomputes (the signed-in user's row, the sign-out form's antiforgery token, the TempData
// cookie's deletion) must still change at once when it should: never stale, never weaker.
public sealed class RequestCacheTests : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    private static async Task<string> SignOutTokenAsync(HttpClient client) =>
        (await client.GetDocumentAsync("/")).QuerySelector("form[action='/Account/SignOut'] input[name='__RequestVerificationToken']")!
            .GetAttribute("value")!;

    private static Task<HttpResponseMessage> SignOutAsync(HttpClient client, string token) =>
        client.PostAsync("/Account/SignOut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

    [Fact]
    public async Task A_session_whose_user_was_kept_still_ends_on_the_next_request_after_a_write_from_another_connection()
    {
        var id = app.AddUser("board@example.nhs.uk", Roles.Board);
        var client = await app.SignedInAsync("board@example.nhs.uk");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        using (var db = app.OpenDb()) db.Execute("UPDATE users SET disabled = 1 WHERE id = @id", new { id });

        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_changed_name_shows_on_the_next_page_while_the_row_is_otherwise_kept()
    {
        var id = app.AddUser("lead@example.nhs.uk", Roles.Board);
        var client = await app.SignedInAsync("lead@example.nhs.uk");
        Assert.Contains("lead", (await client.GetDocumentAsync("/")).QuerySelector("header")!.TextContent);

        using (var db = app.OpenDb()) db.Execute("UPDATE users SET display_name = 'Renamed Person' WHERE id = @id", new { id });

        Assert.Contains("Renamed Person", (await client.GetDocumentAsync("/")).QuerySelector("header")!.TextContent);
    }

    [Fact]
    public async Task The_sign_out_token_is_the_same_for_the_same_browser_and_user_and_is_accepted()
    {
        app.AddUser("board@example.nhs.uk", Roles.Board);
        var client = await app.SignedInAsync("board@example.nhs.uk");

        var first = await SignOutTokenAsync(client);
        Assert.Equal(first, await SignOutTokenAsync(client));

        var response = await SignOutAsync(client, first);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Another_users_token_is_refused()
    {
        app.AddUser("one@example.nhs.uk", Roles.Board);
        app.AddUser("two@example.nhs.uk", Roles.Board);
        var one = await app.SignedInAsync("one@example.nhs.uk");
        var two = await app.SignedInAsync("two@example.nhs.uk");

        var token = await SignOutTokenAsync(one);
        Assert.NotEqual(token, await SignOutTokenAsync(two));

        Assert.Equal(HttpStatusCode.BadRequest, (await SignOutAsync(two, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_changed_role_gets_a_new_token_that_is_accepted()
    {
        var id = app.AddUser("board@example.nhs.uk", Roles.Board);
        var client = await app.SignedInAsync("board@example.nhs.uk");
        var before = await SignOutTokenAsync(client);

        using (var db = app.OpenDb()) db.Execute("UPDATE users SET role = 'administrator' WHERE id = @id", new { id });

        var after = await SignOutTokenAsync(client);
        Assert.NotEqual(before, after);
        Assert.Equal(HttpStatusCode.Redirect, (await SignOutAsync(client, after)).StatusCode);
    }

    [Fact]
    public async Task A_page_does_not_delete_a_TempData_cookie_the_browser_does_not_have_but_a_message_is_still_shown_once()
    {
        app.AddUser("admin@example.nhs.uk", Roles.Administrator);
        var admin = await app.SignedInAsync("admin@example.nhs.uk");

        var page = await admin.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.TryGetValues("Set-Cookie", out var cookies), string.Join("\n", cookies ?? []));
        Assert.True(page.Headers.CacheControl is { NoCache: true, NoStore: true });

        var created = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "New Board", ["Input.Email"] = "new.board@example.nhs.uk", ["Input.Role"] = "board",
            ["Input.TrustId"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("pass this link to New Board yourself", (await admin.GetDocumentAsync("/Admin/Users")).Body!.TextContent);
        Assert.DoesNotContain("pass this link to New Board yourself", (await admin.GetDocumentAsync("/Admin/Users")).Body!.TextContent);
    }

    [Fact]
    public async Task The_demo_banner_appears_on_the_next_page_after_another_process_loads_the_demonstration()
    {
        app.AddUser("admin@example.nhs.uk", Roles.Administrator);
        var admin = await app.SignedInAsync("admin@example.nhs.uk");
        Assert.Null((await admin.GetDocumentAsync("/Workshops")).QuerySelector(".demo-banner"));
        Assert.Null((await admin.GetDocumentAsync("/Workshops")).QuerySelector(".demo-banner"));

        Kaizen.Web.Data.Demo.DemoProgramme.Load(new Database(app.DatabasePath), new DateOnly(2025, 6, 15), "2025-06-15T10:00:00Z");

        Assert.NotNull((await admin.GetDocumentAsync("/Workshops")).QuerySelector(".demo-banner"));
    }

    [Fact]
    public void A_stamp_stays_while_nothing_is_written_and_moves_after_any_commit_whichever_watcher_is_asked()
    {
        using var db = app.OpenDb();
        var database = new Database(app.DatabasePath);
        DataVersion.Stamp? Read() => DataVersion.Current(database.FilePath, database.ConnectionString);

        var first = Read();
        Assert.NotNull(first);
        // From many threads at once, so that every watcher of the file answers.
        var unchanged = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8).Select(_ => Read()).Distinct().ToList();
        Assert.Equal([first], unchanged);

        app.AddTrust("TRX");
        var moved = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8).Select(_ => Read()).ToList();
        Assert.DoesNotContain(first, moved);

        Assert.Null(DataVersion.Current(Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "missing.db"), database.ConnectionString));
    }
}
