using System.Net;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

// Guessing at a password: bounded however many tries arrive at once, and throttled per address without letting
// anyone lock out a person who signs in from somewhere else.
public abstract class SignInGuardTests(DatabaseEngine engine) : IDisposable
{
    protected const string Admin = "admin@example.nhs.uk";
    protected readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    protected string StoredHash(string email)
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<string>("SELECT password_hash FROM users WHERE email = @email", new { email })!;
    }

    // The sign-in form as a browser would post it (with this client's antiforgery token), ready to send.
    protected static async Task<FormUrlEncodedContent> SignInFormAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetDocumentAsync("/Account/SignIn");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        });
    }

    protected static async Task<HttpResponseMessage> TryAsync(HttpClient client, string email, string password) =>
        await client.PostAsync("/Account/SignIn", await SignInFormAsync(client, email, password));

    [Fact]
    public async Task Thirty_tries_posted_at_once_check_at_most_five_against_the_accounts_password()
    {
        app.AddUser(Admin, Roles.Administrator);
        var hash = StoredHash(Admin);
        var clients = Enumerable.Range(0, 30).Select(_ => app.Client("127.0.0.1")).ToList();
        var forms = new List<FormUrlEncodedContent>();
        for (var i = 0; i < clients.Count; i++)
            forms.Add(await SignInFormAsync(clients[i], Admin, i == 17 ? KaizenApp.Password : $"wrong guess {i}"));

        var start = new TaskCompletionSource();
        var posts = clients.Select(async (client, i) => { await start.Task; return await client.PostAsync("/Account/SignIn", forms[i]); }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, r.StatusCode.ToString()));
        var evaluated = app.Passwords.Checked.Count(h => h == hash);
        Assert.InRange(evaluated, 1, 5);
        // Every try still cost one check: the others were checked against the decoy.
        Assert.Equal(30, app.Passwords.Checked.Count);
    }

    [Fact]
    public async Task Failures_from_one_address_do_not_stop_the_right_password_from_another()
    {
        app.AddUser(Admin, Roles.Administrator);
        var attacker = app.Client("127.0.0.2");
        for (var i = 0; i < 12; i++)
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(attacker, Admin, $"guess {i}")).StatusCode);
        // The attacker's address is locked now, even for the right password.
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(app.Client("127.0.0.2"), Admin, KaizenApp.Password)).StatusCode);

        var response = await TryAsync(app.Client("127.0.0.1"), Admin, KaizenApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }


    [Fact]
    public async Task Many_addresses_together_get_a_bounded_number_of_guesses_and_the_owners_browser_still_signs_in()
    {
        app.Settings["Kaizen:SignIn:MaxFailuresFromAllAddresses"] = "8";
        app.AddUser(Admin, Roles.Administrator);
        var hash = StoredHash(Admin);
        var own = app.Client("10.0.0.1");
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(own, Admin, KaizenApp.Password)).StatusCode);

        // Four addresses, three guesses each: under the per-address limit, over the all-addresses one.
        for (var address = 2; address <= 5; address++)
        {
            var attacker = app.Client($"10.0.0.{address}");
            for (var i = 0; i < 3; i++) await TryAsync(attacker, Admin, $"guess {address}.{i}");
        }

        Assert.InRange(app.Passwords.Checked.Count(h => h == hash), 1, 1 + 8);
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(app.Client("10.0.0.9"), Admin, KaizenApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(own, Admin, KaizenApp.Password)).StatusCode);
    }

    [Fact]
    public async Task Too_many_posts_from_one_address_are_refused_while_another_address_signs_in()
    {
        app.Settings["Kaizen:SignIn:PostsPerMinutePerAddress"] = "3";
        app.AddUser(Admin, Roles.Administrator);
        app.AddUser("lead@example.nhs.uk", Roles.Board);
        var flood = app.Client("127.0.0.2");

        // Seven posts within the same minute or two: whatever the window, at least one is over the limit.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 7; i++)
            answers.Add(await TryAsync(flood, i % 2 == 0 ? Admin : "lead@example.nhs.uk", $"guess {i}"));

        var refused = answers.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused);
        Assert.Contains("Too many tries", (await refused.ParseAsync()).Body!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(app.Client("127.0.0.1"), Admin, KaizenApp.Password)).StatusCode);
    }
}

public sealed class SignInGuardTestsOnSqlite() : SignInGuardTests(DatabaseEngine.Sqlite)
{
    // On SQLite only until the dashboard, the pack and the figures run on PostgreSQL (issue 17): each reaches one of
    // them (the home page, /Board, the pack, marking a meeting held). Move them back to the base class then.
    [Fact]
    public async Task An_administrator_whose_own_address_is_locked_still_signs_in_from_the_browser_they_used_before()
    {
        app.AddUser(Admin, Roles.Administrator);
        var own = app.Client("10.0.0.1");
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(own, Admin, KaizenApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await own.PostFormAsync("/", new(), "form[action='/Account/SignOut']")).StatusCode);

        // Someone behind the same hospital address guesses until the address is locked for this account.
        var colleague = app.Client("10.0.0.1");
        for (var i = 0; i < 8; i++) await TryAsync(colleague, Admin, $"guess {i}");
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(app.Client("10.0.0.1"), Admin, KaizenApp.Password)).StatusCode);

        var response = await TryAsync(own, Admin, KaizenApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}

public sealed class SignInGuardTestsOnPostgreSql() : SignInGuardTests(DatabaseEngine.PostgreSql);
