using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Kaizen.BrowserTests;

// axe-core over every page the app routes, signed in as each role: no serious or critical violations. The pages are
// read from the app's endpoints, so a new page is checked without anyone remembering to add it here.
public class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    // A sample record for each route parameter, by the page folder it belongs to. A new parameterised page
    // without a sample fails the test, rather than going unchecked.
    private Dictionary<string, long> Samples { get; } = [];

    private void SeedProgramme()
    {
        App.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var trust = App.AddTrust("SASH", "Surrey and Sussex Healthcare NHS Trust");
        App.AddUser("admin@example.nhs.uk", Web.Security.Roles.Administrator);
        var lead = App.AddUser("lead@example.nhs.uk", Web.Security.Roles.Lead, trust);
        var boardUser = App.AddUser("board@example.nhs.uk", Web.Security.Roles.Board);
        var vs = App.ValueStream(trust, "Outpatients");
        var ws = App.Workshop(vs, new DateOnly(2021, 3, 1), status: "completed");
        var measure = App.Measure(ws, "error_rate", 40, 12, baselineDen: 400, resultDen: 400, target: 0.05);
        App.Measure(ws, "process_time", 600, 700);
        Samples["/Admin/Trusts"] = trust;
        Samples["/Admin/Users"] = lead;
        Samples["/Trusts"] = trust;
        Samples["/ValueStreams"] = vs;
        Samples["/Workshops"] = ws;
        Samples["/Measures"] = measure;
        // A value stream outcome measure with a signal, a workshop on its chart and a recalculation of its limits (its
        // chart, data, edit and list pages).
        var outcome = Web.Tests.ValueStreamCharts.SpcSeed.OutcomeMeasure(App, vs, target: 9);
        Web.Tests.ValueStreamCharts.SpcSeed.Points(App, outcome, new DateOnly(2021, 1, 4), 11, 13, 11, 13, 11, 13, 11, 13, 10, 11, 10, 11, 10, 11, 10);
        Web.Tests.ValueStreamCharts.SpcSeed.Recalculation(App, outcome, "2021-03-01", "The week after the workshop");
        Samples["/ValueStreams/Measures"] = outcome;
        var board = App.Board(trust);
        Samples["/Admin/TrustContext"] = trust;
        Samples["/Board/Compact"] = board.Draft;
        Samples["/Board/Meetings"] = board.Meeting;
        Samples["/Board/Members"] = board.Member;
        // The board user is the member, so their My work has their trust's figures and their open action.
        using var db = App.OpenDb();
        Dapper.SqlMapper.Execute(db, "UPDATE board_members SET user_id = @boardUser WHERE id = @member", new { boardUser, member = board.Member });
    }

    private IReadOnlyList<string> Routes()
    {
        var routes = new List<string>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is null) continue;
            // Optional parameters ({handler?}) are left out: the page's plain GET is what people see.
            var pattern = ("/" + Regex.Replace(endpoint.RoutePattern.RawText ?? "", @"\{[^}]+\?\}", "")).TrimEnd('/');
            if (pattern.Length == 0) pattern = "/";
            if (pattern.EndsWith("/Index", StringComparison.Ordinal) || pattern is "/Error" or "/Status" or "/Setup" or "/Account/SignOut"
                // Only a redirect to the organisation's provider (404 here, where single sign-on is not set up).
                or "/Account/SignInWithOrganisation") continue;
            if (pattern.Contains('{'))
            {
                // The longest prefix: /ValueStreams/Measures/... takes a value stream measure, not a value stream.
                var sample = Samples.Where(s => pattern.StartsWith(s.Key + "/", StringComparison.Ordinal)).OrderByDescending(s => s.Key.Length).Select(s => (long?)s.Value).FirstOrDefault()
                    ?? throw new InvalidOperationException($"No sample record for {pattern}: add one in {nameof(SeedProgramme)}.");
                pattern = Regex.Replace(pattern, @"\{[^}]+\}", sample.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            routes.Add(pattern);
        }
        return routes.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // axe is injected into the page; the app's CSP would rightly refuse it.
        await Context.DisposeAsync();
        Context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl, BypassCSP = true, Locale = "en-GB" });
        Page = await Context.NewPageAsync();
    }

    // The administrator sees every page; the other roles see the same pages with fewer buttons, so their check
    // covers the main pages, where what a role sees differs most. (axe takes about two seconds a page here.)
    // "/" is My work for a lead and for a board member; the profile is where each person chooses their reminder emails.
    private static readonly string[] MainPages = ["/", "/Dashboard", "/Problems", "/Trusts", "/Workshops", "/ValueStreams", "/Board", "/Account/Profile"];

    [Theory]
    [InlineData("admin@example.nhs.uk", true)]
    [InlineData("lead@example.nhs.uk", false)]
    [InlineData("board@example.nhs.uk", false)]
    public Task Every_page_has_no_serious_or_critical_axe_violations(string email, bool everyPage) => Steps(async () =>
    {
        SeedProgramme();
        await SignInAsync(email);
        var failures = new List<string>();
        var all = Routes();
        Assert.True(all.Count >= 15, $"Only {all.Count} routes found");
        var routes = everyPage ? all : all.Where(r => MainPages.Contains(r) || r.StartsWith("/Workshops/Details/", StringComparison.Ordinal) || r.StartsWith("/ValueStreams/Details/", StringComparison.Ordinal)
                || r.StartsWith("/ValueStreams/Measures/Chart/", StringComparison.Ordinal)).ToList();

        // A value stream's outcome measures: the list page (an Index, so not among the routes) and the create form, which
        // both need the value stream.
        var valueStreamPages = new[] { "/ValueStreams/Measures?valueStreamId=" + Samples["/ValueStreams"] };
        foreach (var route in routes.Append("/Account/SignIn").Concat(valueStreamPages))
        {
            var url = route switch
            {
                "/Measures/Create" => "/Measures/Create?workshop=" + Samples["/Workshops"] + "&kind=error_rate",
                "/ValueStreams/Measures/Create" => "/ValueStreams/Measures/Create?valueStreamId=" + Samples["/ValueStreams"],
                _ => route,
            };
            var response = await Page.GotoAsync(url);
            if (response?.Status == 403) continue; // a page this role may not open has nothing to check
            var result = await Page.RunAxe();
            foreach (var v in result.Violations.Where(v => v.Impact is "serious" or "critical"))
                failures.Add($"{route} [{v.Impact}] {v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    });
}
