using System.Text.RegularExpressions;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

// Organisation sign-in end to end: Chromium, Kaizen on one loopback port and a real OpenID Connect provider
// (TestProvider, OpenIddict) on another, with the authorization code flow, PKCE and the provider's signed ID token.
public class SingleSignOnTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private TestProvider provider = default!;

    protected override async Task<LiveApp> StartAppAsync()
    {
        provider = await TestProvider.StartAsync();
        var app = new LiveApp(new Dictionary<string, string?>
        {
            ["Kaizen:Sso:Authority"] = provider.Authority,
            ["Kaizen:Sso:ClientId"] = TestProvider.ClientId,
            ["Kaizen:Sso:ClientSecret"] = TestProvider.ClientSecret,
            ["Kaizen:Sso:ButtonLabel"] = "Sign in with NHSmail",
        });
        provider.RedirectUri = app.BaseUrl + "/signin-oidc";
        return app;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // A sign-in crosses two servers, and Kaizen fetches the provider's metadata and keys on the first: on the
        // shared 2-core machine that has taken more than the suite's 10 s.
        Context.SetDefaultTimeout(30_000);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await provider.DisposeAsync();
    }

    private async Task SignInWithOrganisationAsync(string email, string from = "/Account/SignIn")
    {
        await Page.GotoAsync(from);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with NHSmail" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Test organisation sign-in" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Page.GetByLabel("Organisation account").FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in to the test organisation" }).ClickAsync();
    }

    private static readonly PageAssertionsToHaveURLOptions Slow = new() { Timeout = 30_000 };

    private async Task ExpectSignedOutAsync()
    {
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/SignIn\\?ReturnUrl=%2F$"));
    }

    private long DeniedRows(string email) =>
        App.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND user_email = @email AND after_json LIKE '%organisation sign-in%'", new { email });

    [Fact]
    public Task A_Kaizen_user_signs_in_with_their_organisation_account_and_keeps_the_role_Kaizen_gave_them() => Steps(async () =>
    {
        var trust = App.AddTrust("TRA", "Trust A");
        App.AddUser("lead.a@example.nhs.uk", Roles.Lead, trust);

        // Another case than Kaizen holds: the email is matched without regard to case. Started from a page that
        // needs a signed-in user, which is where the person lands.
        await SignInWithOrganisationAsync("Lead.A@Example.nhs.uk", from: "/Workshops");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Workshops", Slow);
        await Expect(Page.Locator("header")).ToContainTextAsync("lead.a");
        await Expect(Page.Locator("header")).ToContainTextAsync("(Improvement lead)");
        Assert.Equal(["Lead.A@Example.nhs.uk"], provider.SignIns);
        // The provider's token says "administrator"; Kaizen's role for this person is lead, and that is what counts.
        // (Asked with the browser's cookies but outside the page, so the expected 403 is not a console error.)
        var users = await Context.APIRequest.GetAsync("/Admin/Users", new() { MaxRedirects = 0 });
        Assert.Equal(403, users.Status);
    });

    [Fact]
    public Task An_organisation_account_that_is_not_a_Kaizen_user_is_told_to_ask_the_administrator_and_the_attempt_is_logged() => Steps(async () =>
    {
        App.AddUser("admin@example.nhs.uk", Roles.Administrator);

        await SignInWithOrganisationAsync("stranger@example.nhs.uk");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/NotAKaizenUser", Slow);
        await Expect(Page.Locator("main")).ToContainTextAsync(
            "Your organisation account (stranger@example.nhs.uk) is not a Kaizen user yet: ask your Kaizen administrator.");
        Assert.Equal(1, DeniedRows("stranger@example.nhs.uk"));
        await ExpectSignedOutAsync();

        // A second try is refused the same way; the audit log records the refusal once an hour, not once a try.
        await SignInWithOrganisationAsync("stranger@example.nhs.uk");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/NotAKaizenUser", Slow);
        Assert.Equal(1, DeniedRows("stranger@example.nhs.uk"));
    });

    [Fact]
    public Task An_email_the_provider_says_is_unverified_is_not_trusted() => Steps(async () =>
    {
        App.AddUser("admin@example.nhs.uk", Roles.Administrator);
        provider.EmailVerified = false;

        await SignInWithOrganisationAsync("admin@example.nhs.uk");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/NotAKaizenUser", Slow);
        Assert.Equal(1, DeniedRows("admin@example.nhs.uk"));
        await ExpectSignedOutAsync();
    });

    [Fact]
    public Task A_disabled_Kaizen_user_is_turned_away() => Steps(async () =>
    {
        App.AddUser("admin@example.nhs.uk", Roles.Administrator);
        App.AddUser("gone@example.nhs.uk", Roles.Board, disabled: true);

        await SignInWithOrganisationAsync("gone@example.nhs.uk");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/NotAKaizenUser", Slow);
        await Expect(Page.Locator("main")).ToContainTextAsync("Your organisation account (gone@example.nhs.uk) is not a Kaizen user yet");
        Assert.Equal(1, DeniedRows("gone@example.nhs.uk"));
        await ExpectSignedOutAsync();
    });

    [Fact]
    public Task A_token_signed_with_a_key_the_provider_does_not_publish_is_refused_with_a_clear_page() => Steps(async () =>
    {
        App.AddUser("admin@example.nhs.uk", Roles.Administrator);
        provider.PublishAnotherKey = true;

        await SignInWithOrganisationAsync("admin@example.nhs.uk");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/OrganisationSignInFailed", Slow);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Organisation sign-in failed" })).ToBeVisibleAsync();
        Assert.Equal(["admin@example.nhs.uk"], provider.SignIns);
        await ExpectSignedOutAsync();
    });

    [Fact]
    public Task A_token_whose_issuer_is_not_the_published_issuer_is_refused_with_a_clear_page() => Steps(async () =>
    {
        App.AddUser("admin@example.nhs.uk", Roles.Administrator);
        provider.ClaimedIssuer = "https://login.example.org/another-tenant/v2.0";

        await SignInWithOrganisationAsync("admin@example.nhs.uk");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/OrganisationSignInFailed", Slow);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Organisation sign-in failed" })).ToBeVisibleAsync();
        await ExpectSignedOutAsync();
    });

    [Fact]
    public Task Signing_out_after_an_organisation_sign_in_ends_the_Kaizen_session() => Steps(async () =>
    {
        App.AddUser("admin@example.nhs.uk", Roles.Administrator);
        await SignInWithOrganisationAsync("admin@example.nhs.uk");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/", Slow);
        var cookie = (await Context.CookiesAsync()).Single(c => c.Name == "kaizen.auth");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/SignIn");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("You have signed out.");
        await ExpectSignedOutAsync();
        // The cookie from the organisation sign-in, replayed, is worthless too.
        await Context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        await ExpectSignedOutAsync();
    });
}
