using System.Net;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

public abstract class SignInTests(DatabaseEngine engine) : IDisposable
{
    protected readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_new_database_sends_every_visitor_to_first_run_setup()
    {
        var client = app.Client();

        var home = await client.GetAsync("/");
        var workshops = await client.GetAsync("/Admin/Users");

        Assert.Equal("/Setup", home.Headers.Location?.OriginalString);
        Assert.Equal("/Setup", workshops.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Setup")).StatusCode);
    }


    [Fact]
    public async Task Setup_is_refused_once_a_user_exists()
    {
        var client = app.Client();
        var setupPage = await client.GetDocumentAsync("/Setup");
        var token = setupPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        app.AddUser("first@example.nhs.uk", Roles.Administrator);

        var get = await client.GetAsync("/Setup");
        var post = await client.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.DisplayName"] = "Mallory", ["Input.Email"] = "mallory@example.com",
            ["Input.Password"] = "a long enough password", ["Input.ConfirmPassword"] = "a long enough password",
        }));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        using var db = app.OpenDb();
        Assert.Equal(0L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM users WHERE email = 'mallory@example.com'"));
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_the_sixth_try_is_locked_out()
    {
        app.AddUser("lead@example.nhs.uk", Roles.Board);
        var client = app.Client();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = "not it at all" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var page = await wrong.ParseAsync();
            var message = page.GetElementById("form-errors")!.TextContent;
            Assert.Contains("did not sign you in", message);
        }

        // The sixth try, even with the right password, is refused while the lock lasts.
        var sixth = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        Assert.Contains("did not sign you in", (await sixth.ParseAsync()).GetElementById("form-errors")!.TextContent);

        // After 15 minutes the right password works again.
        app.Time.Now += TimeSpan.FromMinutes(16);
        var later = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }


    [Fact]
    public async Task A_disabled_users_session_ends_on_their_next_request()
    {
        var id = app.AddUser("board@example.nhs.uk", Roles.Board);
        var client = await app.SignedInAsync("board@example.nhs.uk");
        using (var db = app.OpenDb()) db.Execute("UPDATE users SET disabled = 1 WHERE id = @id", new { id });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_changed_role_takes_effect_without_signing_in_again()
    {
        app.AddTrust("TRA");
        var id = app.AddUser("someone@example.nhs.uk", Roles.Board);
        var client = await app.SignedInAsync("someone@example.nhs.uk");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Users")).StatusCode);

        using (var db = app.OpenDb()) db.Execute("UPDATE users SET role = 'administrator' WHERE id = @id", new { id });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin/Users")).StatusCode);
    }

    // The test client's cookie handler writes the Cookie header onto each request it sends; read it from there.
    protected static async Task<string> CookieHeaderAsync(HttpClient client)
    {
        var response = await client.GetAsync("/");
        var sent = response.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : "";
        Assert.Contains("kaizen.auth", sent);
        return sent;
    }
}

public sealed class SignInTestsOnSqlite() : SignInTests(DatabaseEngine.Sqlite)
{
    // On SQLite only until the dashboard, the pack and the figures run on PostgreSQL (issue 17): each reaches one of
    // them (the home page, /Board, the pack, marking a meeting held). Move them back to the base class then.
    [Fact]
    public async Task Signing_out_makes_the_old_cookie_worthless()
    {
        app.AddUser("board@example.nhs.uk", Roles.Board);
        var client = await app.SignedInAsync("board@example.nhs.uk");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var stolen = await CookieHeaderAsync(client);

        var signOut = await client.PostFormAsync("/", new(), "form[action='/Account/SignOut']");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        // The sign-in page the browser lands on says so.
        var landing = await client.GetDocumentAsync(signOut.Headers.Location!.ToString());
        Assert.Contains("You have signed out.", landing.Body!.TextContent);

        var replay = app.Client();
        replay.DefaultRequestHeaders.Add("Cookie", stolen);
        var response = await replay.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/SignIn", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task First_run_setup_creates_the_administrator_and_signs_them_in()
    {
        var client = app.Client();

        var response = await client.PostFormAsync("/Setup", new()
        {
            ["Input.DisplayName"] = "Ada Admin", ["Input.Email"] = "ada@example.nhs.uk",
            ["Input.Password"] = "a long enough password", ["Input.ConfirmPassword"] = "a long enough password",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await client.GetDocumentAsync("/");
        Assert.Contains("Ada Admin", home.QuerySelector("header")!.TextContent);
        using var db = app.OpenDb();
        Assert.Equal("administrator", db.ExecuteScalar<string>("SELECT role FROM users WHERE email = 'ada@example.nhs.uk'"));
    }


    // A restart on the same SQLite file (KaizenApp(path)); on PostgreSQL the lockout lives in the same tables, and
    // TwoNodeTests shows a second process reading them.
    [Fact]
    public async Task A_lockout_holds_across_a_restart_and_ends_after_15_minutes()
    {
        var started = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var first = new KaizenApp { KeepDatabase = true };
        first.Time.Now = started;
        first.AddUser("lead@example.nhs.uk", Roles.Lead, first.AddTrust("TRA"));
        var client = first.Client();
        HttpResponseMessage wrong = null!;
        for (var attempt = 1; attempt <= 5; attempt++)
            wrong = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = "not it at all" });
        Assert.Contains("did not sign you in", (await wrong.ParseAsync()).GetElementById("form-errors")!.TextContent);
        // Stopping the app drops everything it held in memory; only the database file carries over.
        first.Dispose();

        using var restarted = new KaizenApp(first.DatabasePath);
        restarted.Time.Now = started + TimeSpan.FromMinutes(1);
        var afterRestart = restarted.Client();
        var refused = await afterRestart.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("did not sign you in", (await refused.ParseAsync()).GetElementById("form-errors")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await afterRestart.GetAsync("/")).StatusCode);

        restarted.Time.Now = started + TimeSpan.FromMinutes(16);
        var later = await afterRestart.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await afterRestart.GetAsync("/")).StatusCode);
    }
}

public sealed class SignInTestsOnPostgreSql() : SignInTests(DatabaseEngine.PostgreSql);
