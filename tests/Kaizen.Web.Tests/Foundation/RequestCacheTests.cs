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
