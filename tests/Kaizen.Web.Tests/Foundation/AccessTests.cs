using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.Web.Tests.Foundation;

public abstract class AccessTests(DatabaseEngine engine) : IDisposable
{
    private readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    // Every routable page, read from the app's own endpoint data, with route values filled in.
    public static IReadOnlyList<(string Route, bool Anonymous)> PageRoutes(KaizenApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => ("/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText ?? "", @"\{[^}]+\}", "1"),
                          e.Metadata.GetMetadata<IAllowAnonymous>() is not null))
            .Distinct()
            .ToList();

    [Fact]
    public async Task Every_page_route_sends_an_anonymous_visitor_to_sign_in()
    {
        await app.CastAsync();
        var routes = PageRoutes(app);
        Assert.True(routes.Count >= 10, $"Expected the app's pages to be enumerated, found {routes.Count}.");
        var client = app.Client();

        var open = new List<string>();
        foreach (var (route, anonymous) in routes.Where(r => !r.Anonymous))
        {
            var response = await client.GetAsync(route);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Split('?')[0] != "/Account/SignIn")
                open.Add($"{route} → {(int)response.StatusCode} {response.Headers.Location}");
        }

        Assert.Empty(open);
        // Only the pages that must be open are open.
        Assert.Equal(["/Account/ChoosePassword", "/Account/ForgotPassword", "/Account/NotAKaizenUser", "/Account/OrganisationSignInFailed",
                "/Account/SignIn", "/Account/SignInWithOrganisation", "/Error", "/Setup", "/Setup/Index", "/Status"],
            routes.Where(r => r.Anonymous).Select(r => r.Route).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        var response = await admin.PostAsync("/Admin/Trusts/Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "Sneaky Trust", ["Input.Code"] = "SNKY", ["Input.JoinedOn"] = "2020-01-01",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var db = app.OpenDb();
        Assert.Equal(0L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM trusts WHERE code = 'SNKY'"));
    }

    [Fact]
    public async Task An_improvement_lead_gets_403_on_every_administrator_page()
    {
        var cast = await app.CastAsync();
        var lead = await cast.LeadA();
        var adminRoutes = PageRoutes(app).Where(r => r.Route.StartsWith("/Admin/", StringComparison.Ordinal)).Select(r => r.Route).ToList();
        Assert.NotEmpty(adminRoutes);

        foreach (var route in adminRoutes)
        {
            var response = await lead.GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} answered {(int)response.StatusCode}");
            Assert.Contains("You do not have access", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Security_headers_are_on_every_page_response()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        foreach (var response in new[] { await admin.GetAsync("/"), await app.Client().GetAsync("/Account/SignIn"), await admin.GetAsync("/no-such-page") })
        {
            var csp = string.Join("", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task The_auth_cookie_is_http_only_and_same_site_lax()
    {
        app.AddUser("board@example.nhs.uk", Kaizen.Web.Security.Roles.Board);
        var response = await app.Client().PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "board@example.nhs.uk", ["Input.Password"] = KaizenApp.Password });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kaizen.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_answers_without_signing_in()
    {
        var response = await app.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_page_gets_a_friendly_404()
    {
        var cast = await app.CastAsync();
        var response = await (await cast.Admin()).GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}

public sealed class AccessTestsOnSqlite() : AccessTests(DatabaseEngine.Sqlite);

public sealed class AccessTestsOnPostgreSql() : AccessTests(DatabaseEngine.PostgreSql);
