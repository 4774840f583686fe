using System.Net;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

// Kaizen:LocalPasswords=false with single sign-on set up. The organisation sign-in itself runs against a real
// provider in BrowserTests/SingleSignOnTests; here, only what the settings do to the password sign-in.
public abstract class LocalPasswordsTests(DatabaseEngine engine) : IDisposable
{
    // Nothing listens there: these tests never reach the provider.
    protected const string Authority = "http://127.0.0.1:9/";

    protected readonly List<KaizenApp> apps = [];

    public void Dispose()
    {
        foreach (var app in apps) app.Dispose();
    }

    protected KaizenApp App(bool localPasswords, bool sso = true)
    {
        var app = new KaizenApp(engine);
        if (!localPasswords) app.Settings["Kaizen:LocalPasswords"] = "false";
        if (sso)
        {
            app.Settings["Kaizen:Sso:Authority"] = Authority;
            app.Settings["Kaizen:Sso:ClientId"] = "kaizen";
            app.Settings["Kaizen:Sso:ButtonLabel"] = "Sign in with NHSmail";
        }
        apps.Add(app);
        return app;
    }

    // An anonymous antiforgery token (from first-run setup, while there is no user) and the right password, posted
    // straight to the sign-in page as a script would, since the page shows no form.
    protected static async Task<HttpResponseMessage> PostPasswordAsync(KaizenApp app, HttpClient client)
    {
        var setup = await client.GetDocumentAsync("/Setup");
        var token = setup.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        app.AddUser("ada@example.nhs.uk", Roles.Administrator);
        return await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Email"] = "ada@example.nhs.uk", ["Input.Password"] = KaizenApp.Password,
        }));
    }

    [Fact]
    public async Task With_local_passwords_off_the_sign_in_page_shows_only_the_organisation_button()
    {
        var app = App(localPasswords: false);
        app.AddUser("ada@example.nhs.uk", Roles.Administrator);

        var page = await app.Client().GetDocumentAsync("/Account/SignIn?ReturnUrl=%2FWorkshops");

        Assert.Null(page.QuerySelector("input[name='Input.Password']"));
        Assert.Null(page.QuerySelector("main form"));
        var button = page.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == "Sign in with NHSmail");
        Assert.Equal("/Account/SignInWithOrganisation?returnUrl=%2FWorkshops", button.GetAttribute("href"));
    }

    [Fact]
    public async Task With_local_passwords_on_the_page_shows_both_the_password_form_and_the_organisation_button()
    {
        var app = App(localPasswords: true);
        app.AddUser("ada@example.nhs.uk", Roles.Administrator);

        var page = await app.Client().GetDocumentAsync("/Account/SignIn");

        Assert.NotNull(page.QuerySelector("main form input[name='Input.Password']"));
        Assert.Contains(page.QuerySelectorAll("main a"), a => a.TextContent.Trim() == "Sign in with NHSmail");
    }

    [Fact]
    public async Task Without_single_sign_on_there_is_no_organisation_button_and_its_address_is_not_found()
    {
        var app = App(localPasswords: true, sso: false);
        app.AddUser("ada@example.nhs.uk", Roles.Administrator);
        var client = app.Client();

        var page = await client.GetDocumentAsync("/Account/SignIn");
        var challenge = await client.GetAsync("/Account/SignInWithOrganisation");

        Assert.DoesNotContain(page.QuerySelectorAll("main a"), a => a.GetAttribute("href")!.Contains("SignInWithOrganisation"));
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }

    [Fact]
    public async Task With_local_passwords_off_the_right_password_posted_without_the_form_is_refused()
    {
        var off = App(localPasswords: false);
        var on = App(localPasswords: true);
        var offClient = off.Client();
        var onClient = on.Client();

        var refused = await PostPasswordAsync(off, offClient);
        var accepted = await PostPasswordAsync(on, onClient);

        // The same post signs in where passwords are on, so the refusal is the setting's doing.
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.True(refused.StatusCode == HttpStatusCode.NotFound, refused.StatusCode + " " + refused.Headers.Location);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("kaizen.auth=", StringComparison.Ordinal));
        var home = await offClient.GetAsync("/");
        Assert.Contains("/Account/SignIn", home.Headers.Location!.OriginalString);
    }


    [Fact]
    public async Task With_local_passwords_off_a_new_user_is_told_to_sign_in_with_their_organisation_account_and_gets_no_password_link()
    {
        var app = App(localPasswords: false);
        var admin = app.Client();
        await admin.PostFormAsync("/Setup", new()
        {
            ["Input.DisplayName"] = "Ada Admin", ["Input.Email"] = "ada@example.nhs.uk",
            ["Input.Password"] = "a long enough password", ["Input.ConfirmPassword"] = "a long enough password",
        });

        var created = await admin.PostFormAsync("/Admin/Users/Create", new() { ["Input.DisplayName"] = "Nia Board", ["Input.Email"] = "nia@example.nhs.uk", ["Input.Role"] = "board" });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var users = await admin.GetDocumentAsync("/Admin/Users");
        Assert.Contains("Tell Nia Board to sign in at http://localhost/Account/SignIn with their organisation account (nia@example.nhs.uk).", users.Body!.TextContent);
        Assert.Null(users.GetElementById("password-link"));
        using var db = app.OpenDb();
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM password_links"));
        var id = db.ExecuteScalar<long>("SELECT id FROM users WHERE email = 'nia@example.nhs.uk'");
        Assert.Null((await admin.GetDocumentAsync($"/Admin/Users/Edit/{id}")).QuerySelector("form[action*='SendLink']"));
    }

    [Fact]
    public void Local_passwords_off_without_single_sign_on_refuses_to_start()
    {
        var app = App(localPasswords: false, sso: false);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("nobody could sign in", error.ToString());
    }
}

public sealed class LocalPasswordsTestsOnSqlite() : LocalPasswordsTests(DatabaseEngine.Sqlite)
{
    // On SQLite only until the dashboard, the pack and the figures run on PostgreSQL (issue 17): each reaches one of
    // them (the home page, /Board, the pack, marking a meeting held). Move them back to the base class then.
    [Fact]
    public async Task With_local_passwords_off_first_run_setup_still_creates_the_first_administrator()
    {
        var app = App(localPasswords: false);
        var client = app.Client();
        var setup = await client.GetDocumentAsync("/Setup");

        var response = await client.PostFormAsync("/Setup", new()
        {
            ["Input.DisplayName"] = "Ada Admin", ["Input.Email"] = "ada@example.nhs.uk",
            ["Input.Password"] = "a long enough password", ["Input.ConfirmPassword"] = "a long enough password",
        });

        Assert.Contains("Use the address of your organisation account", setup.GetElementById("Input_Email-hint")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Ada Admin", (await client.GetDocumentAsync("/")).QuerySelector("header")!.TextContent);
        using var db = app.OpenDb();
        Assert.Equal("administrator", db.ExecuteScalar<string>("SELECT role FROM users WHERE email = 'ada@example.nhs.uk'"));
    }
}

public sealed class LocalPasswordsTestsOnPostgreSql() : LocalPasswordsTests(DatabaseEngine.PostgreSql);
