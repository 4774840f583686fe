using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Kaizen.Web.Tests.Infrastructure;
using Kaizen.Web.Tests.ValueStreamCharts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Hardening;

// Every page handler (GET and POST, named handlers too), read from the app's own page metadata, tried by each role
// against trust A's records. The table below is the access policy written down: a page or handler without an
// entry fails the test, so nobody adds one without deciding who may use it.
public class AccessMatrixTests(ITestOutputHelper output)
{
    public enum Role { Anonymous, Admin, LeadA, LeadB, Board }

    // S = sent to sign-in, O = served (200, or a redirect elsewhere after a save), F = 403, N = 404.
    // Columns: anonymous, administrator, lead of trust A, lead of trust B, board member.
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["GET /Index"] = "S O O O O",
        ["GET /Error"] = "O O O O O",
        ["POST /Error"] = "O O O O O",
        ["GET /Status"] = "O O O O O",
        ["POST /Status"] = "O O O O O",
        ["GET /Setup/Index"] = "N N N N N",
        ["POST /Setup/Index"] = "N N N N N",
        ["GET /Account/SignIn"] = "O O O O O",
        ["POST /Account/SignIn"] = "O O O O O",
        ["GET /Account/ForgotPassword"] = "O O O O O",
        ["POST /Account/ForgotPassword"] = "O O O O O",
        ["GET /Account/ChoosePassword"] = "O O O O O",
        ["POST /Account/ChoosePassword"] = "O O O O O",
        ["GET /Account/SignOut"] = "S O O O O",
        ["POST /Account/SignOut"] = "S O O O O",
        // Organisation sign-in: not set up in this app, so its start answers 404; the pages it lands on are open.
        ["GET /Account/SignInWithOrganisation"] = "N N N N N",
        ["GET /Account/NotAKaizenUser"] = "O O O O O",
        ["GET /Account/OrganisationSignInFailed"] = "O O O O O",
        ["GET /Account/Profile"] = "S O O O O",
        ["POST /Account/Profile"] = "S O O O O",
        ["POST /Account/Profile?handler=CreateToken"] = "S O O O O",
        // With no token named (or another person's), there is nothing of theirs to revoke.
        ["POST /Account/Profile?handler=RevokeToken"] = "S N N N N",
        ["GET /Api/Index"] = "S O O O O",
        ["GET /Demo/Users"] = "S O O O O",
        ["GET /Dashboard/Index"] = "S O O O O",
        ["GET /Problems/Index"] = "S O O O O",
        ["GET /Definitions/Index"] = "S O O O O",
        ["GET /Trusts/Index"] = "S O O O O",
        ["GET /Trusts/Details"] = "S O O O O",
        ["GET /Admin/Audit/Index"] = "S O F F F",
        ["GET /Admin/Audit/SignIns"] = "S O F F F",
        ["GET /Admin/Backup/Index"] = "S O F F F",
        ["POST /Admin/Backup/Index"] = "S O F F F",
        ["GET /Admin/Trusts/Index"] = "S O F F F",
        ["GET /Admin/Trusts/Create"] = "S O F F F",
        ["POST /Admin/Trusts/Create"] = "S O F F F",
        ["GET /Admin/Trusts/Edit"] = "S O F F F",
        ["POST /Admin/Trusts/Edit"] = "S O F F F",
        ["GET /Admin/Users/Index"] = "S O F F F",
        ["GET /Admin/Users/Create"] = "S O F F F",
        ["POST /Admin/Users/Create"] = "S O F F F",
        ["GET /Admin/Users/Edit"] = "S O F F F",
        ["POST /Admin/Users/Edit"] = "S O F F F",
        ["POST /Admin/Users/Edit?handler=SendLink"] = "S O F F F",
        ["GET /ValueStreams/Index"] = "S O O O O",
        ["GET /ValueStreams/Details"] = "S O O O O",
        ["GET /ValueStreams/Create"] = "S O O O F",
        ["POST /ValueStreams/Create"] = "S O O F F",
        ["GET /ValueStreams/Edit"] = "S O O F F",
        ["POST /ValueStreams/Edit"] = "S O O F F",
        // A value stream's outcome measures (issue 20): read by everyone signed in, written by whoever may edit its trust.
        ["GET /ValueStreams/Measures/Index"] = "S O O O O",
        ["GET /ValueStreams/Measures/Data"] = "S O O O O",
        ["POST /ValueStreams/Measures/Data"] = "S O O F F",
        ["POST /ValueStreams/Measures/Data?handler=Paste"] = "S O O F F",
        ["POST /ValueStreams/Measures/Data?handler=Delete"] = "S O O F F",
        ["GET /ValueStreams/Measures/Create"] = "S O O F F",
        ["POST /ValueStreams/Measures/Create"] = "S O O F F",
        ["GET /ValueStreams/Measures/Edit"] = "S O O F F",
        ["POST /ValueStreams/Measures/Edit"] = "S O O F F",
        ["GET /Workshops/Index"] = "S O O O O",
        ["GET /Workshops/Details"] = "S O O O O",
        ["GET /Workshops/Create"] = "S O O O F",
        ["POST /Workshops/Create"] = "S O O F F",
        ["POST /Workshops/Create?handler=MoreRows"] = "S O O O F",
        ["GET /Workshops/Edit"] = "S O O F F",
        ["POST /Workshops/Edit"] = "S O O F F",
        ["POST /Workshops/Edit?handler=MoreRows"] = "S O O F F",
        ["GET /Workshops/FollowUpOwner"] = "S O O F F",
        ["POST /Workshops/FollowUpOwner"] = "S O O F F",
        ["GET /Workshops/ReportOut"] = "S O O F F",
        ["POST /Workshops/ReportOut"] = "S O O F F",
        ["GET /Workshops/CheckpointFollowUps"] = "S O O F F",
        ["POST /Workshops/CheckpointFollowUps"] = "S O O F F",
        ["GET /Measures/Create"] = "S O O F F",
        ["POST /Measures/Create"] = "S O O F F",
        ["GET /Measures/Edit"] = "S O O F F",
        ["POST /Measures/Edit"] = "S O O F F",
        ["GET /Measures/FollowUps"] = "S O O F F",
        ["POST /Measures/FollowUps"] = "S O O F F",
        ["GET /Measures/Delete"] = "S O O F F",
        ["POST /Measures/Delete"] = "S O O F F",
        ["GET /Import/Index"] = "S O O O F",
        ["GET /Import/Index?handler=Template"] = "S O O O F",
        ["GET /Import/Index?handler=Workshops"] = "S O O O F",
        ["POST /Import/Index?handler=Upload"] = "S O O O F",
        ["POST /Import/Index?handler=Confirm"] = "S O O O F",
        ["POST /Import/Index?handler=Cancel"] = "S O O O F",
        ["GET /Admin/TrustContext/Index"] = "S O F F F",
        ["GET /Admin/TrustContext/Trust"] = "S O F F F",
        ["POST /Admin/TrustContext/Trust?handler=AddRating"] = "S O F F F",
        ["POST /Admin/TrustContext/Trust?handler=AddChief"] = "S O F F F",
        ["POST /Admin/TrustContext/Trust?handler=DeleteRating"] = "S O F F F",
        ["POST /Admin/TrustContext/Trust?handler=DeleteChief"] = "S O F F F",
        ["GET /Board/Index"] = "S O O O O",
        ["GET /Board/Pack/Index"] = "S O O O O",
        ["GET /Board/Pack/Index?handler=Excel"] = "S O O O O",
        ["GET /Dashboard/Index?handler=Excel"] = "S O O O O",
        ["GET /Problems/Index?handler=Excel"] = "S O O O O",
        ["GET /Trusts/Details?handler=Excel"] = "S O O O O",
        ["GET /ValueStreams/Details?handler=Excel"] = "S O O O O",
        // A value stream measure's chart: everyone signed in reads it; its limits are recalculated (or a recalculation
        // withdrawn) by whoever may edit the value stream's trust.
        ["GET /ValueStreams/Measures/Chart"] = "S O O O O",
        ["POST /ValueStreams/Measures/Chart?handler=Recalculate"] = "S O O F F",
        ["POST /ValueStreams/Measures/Chart?handler=Withdraw"] = "S O O F F",
        ["GET /Board/Compact/Index"] = "S O O O O",
        ["POST /Board/Compact/Index?handler=Draft"] = "S O F F F",
        ["GET /Board/Compact/Version"] = "S O O O O",
        ["POST /Board/Compact/Version"] = "S O F F F",
        ["POST /Board/Compact/Version?handler=MoreRows"] = "S O F F F",
        ["POST /Board/Compact/Version?handler=Adopt"] = "S O F F F",
        ["POST /Board/Compact/Version?handler=Discard"] = "S O F F F",
        ["GET /Board/Members/Index"] = "S O O O O",
        ["GET /Board/Members/Create"] = "S O F F F",
        ["POST /Board/Members/Create"] = "S O F F F",
        ["GET /Board/Members/Edit"] = "S O F F F",
        ["POST /Board/Members/Edit"] = "S O F F F",
        ["GET /Board/Meetings/Index"] = "S O O O O",
        ["GET /Board/Meetings/Create"] = "S O F F F",
        ["POST /Board/Meetings/Create"] = "S O F F F",
        ["GET /Board/Meetings/Meeting"] = "S O O O O",
        ["POST /Board/Meetings/Meeting"] = "S O F F O",
        ["POST /Board/Meetings/Meeting?handler=AddAction"] = "S O F F O",
        ["POST /Board/Meetings/Meeting?handler=Done"] = "S O F F O",
        ["POST /Board/Meetings/Meeting?handler=Reopen"] = "S O F F O",
        ["POST /Board/Meetings/Meeting?handler=Date"] = "S O F F F",
        // Freezing a month's figures for good is a meeting's administration (docs/definitions.md §4), not a board member's.
        ["GET /Board/Meetings/Hold"] = "S O F F F",
        ["POST /Board/Meetings/Hold"] = "S O F F F",
    };

    // The API (/api/v1, minimal endpoints rather than pages): read from the app's endpoints, tried by every role with
    // their cookie alone and with their own token. Only a token opens it, and every role's token reads every list.
    [Fact]
    public async Task Every_api_endpoint_refuses_anonymous_and_cookie_only_requests_and_serves_each_roles_token()
    {
        using var app = new KaizenApp();
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 3, 1), status: "completed");
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .Select(e => (Route: e.RoutePattern.RawText!, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        Assert.Equal(9, routes.Count);
        Assert.All(routes, r => Assert.Equal(["GET"], r.Methods));

        var wrong = new List<string>();
        foreach (var (who, signIn) in new (string, Func<Task<HttpClient>>)[] { ("admin", cast.Admin), ("lead A", cast.LeadA), ("lead B", cast.LeadB), ("board", cast.Board) })
        {
            var cookie = await signIn();
            var token = app.Client();
            token.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await Kaizen.Web.Tests.Api.ApiKit.CreateTokenAsync(cookie, "matrix"));
            foreach (var (route, _) in routes)
            {
                foreach (var (how, client, expected) in new[] { ("anonymous", app.Client(), HttpStatusCode.Unauthorized), ("cookie", cookie, HttpStatusCode.Unauthorized), ("token", token, HttpStatusCode.OK) })
                {
                    var status = (await client.GetAsync(route)).StatusCode;
                    if (status != expected) wrong.Add($"{route} as {who} ({how}): expected {(int)expected}, got {(int)status}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private sealed record Handler(string Key, string Method, string ViewPath, string Route, string? Name);

    private static async Task<IReadOnlyList<Handler>> HandlersAsync(KaizenApp app)
    {
        var handlers = new List<Handler>();
        foreach (var page in await AppPages.AllAsync(app))
        {
            var methods = page.Compiled.HandlerMethods.Count == 0
                ? [("GET", (string?)null)]
                : page.Handlers.Select(h => (h.HttpMethod.ToUpperInvariant(), h.Name)).Distinct().ToList();
            foreach (var (method, name) in methods)
            {
                var key = $"{method} {page.ViewPath}" + (name is null ? "" : "?handler=" + name);
                handlers.Add(new Handler(key, method, page.ViewPath, page.Route, name));
            }
        }
        return handlers;
    }

    [Fact]
    public async Task Every_handler_has_an_entry_in_the_access_table()
    {
        using var app = new KaizenApp();
        var handlers = await HandlersAsync(app);

        var missing = handlers.Select(h => h.Key).Where(k => !Expected.ContainsKey(k)).ToList();
        var stale = Expected.Keys.Where(k => handlers.All(h => h.Key != k)).ToList();

        Assert.True(missing.Count == 0, "Handlers with no access entry: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Entries for handlers that no longer exist: " + string.Join(", ", stale));
    }

    [Theory]
    [InlineData(Role.Anonymous)]
    [InlineData(Role.Admin)]
    [InlineData(Role.LeadA)]
    [InlineData(Role.LeadB)]
    [InlineData(Role.Board)]
    public async Task Each_role_gets_the_expected_answer_from_every_handler_on_trust_As_records(Role role)
    {
        using var app = new KaizenApp();
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vsA = app.ValueStream(cast.TrustA, "A's value stream");
        app.ValueStream(cast.TrustB, "B's value stream");
        var wsA = app.Workshop(vsA, new DateOnly(2021, 3, 1));
        var measureA = app.Measure(wsA, "process_time", 600, 300);
        var outcomeA = app.OutcomeMeasure(vsA);
        app.Points(outcomeA, new DateOnly(2021, 1, 4), 5, 7, 6, 8);
        var leadA = app.Scalar<long>("SELECT id FROM users WHERE email = 'lead.a@example.nhs.uk'");
        var board = app.Board(cast.TrustA);
        var ids = new Dictionary<string, long>
        {
            ["/Admin/Trusts"] = cast.TrustA, ["/Admin/Users"] = leadA, ["/Trusts"] = cast.TrustA,
            ["/ValueStreams"] = vsA, ["/Workshops"] = wsA, ["/Measures"] = measureA, ["/ValueStreams/Measures"] = outcomeA,
            ["/Admin/TrustContext"] = cast.TrustA, ["/Board/Compact"] = board.Draft, ["/Board/Meetings"] = board.Meeting, ["/Board/Members"] = board.Member,
        };
        var handlerQueries = new Dictionary<string, string>
        {
            ["POST /Board/Meetings/Meeting?handler=Done"] = $"actionId={board.Action}&actionVersion=1",
            ["POST /Board/Meetings/Meeting?handler=Reopen"] = $"actionId={board.Action}&actionVersion=2",
            ["POST /Admin/TrustContext/Trust?handler=DeleteRating"] = $"entryId={board.Rating}",
            ["POST /Admin/TrustContext/Trust?handler=DeleteChief"] = $"entryId={board.Chief}",
            ["POST /ValueStreams/Measures/Data?handler=Delete"] = "period=2021-03-01",
        };
        var queries = new Dictionary<string, string>
        {
            ["/Measures/Create"] = $"workshop={wsA}&kind=process_time",
            ["/Workshops/Create"] = $"valueStream={vsA}",
            ["/ValueStreams/Measures/Create"] = $"valueStreamId={vsA}",
            ["/ValueStreams/Measures/Index"] = $"valueStreamId={vsA}",
        };
        // Writes aimed at trust A: a create names trust A's records.
        var overrides = new Dictionary<string, Dictionary<string, string>>
        {
            ["/ValueStreams/Create"] = new() { ["Input.TrustId"] = cast.TrustA.ToString(CultureInfo.InvariantCulture), ["Input.Name"] = "Matrix" },
            ["/Workshops/Create"] = new() { ["Input.ValueStreamId"] = vsA.ToString(CultureInfo.InvariantCulture), ["Input.Title"] = "Matrix", ["Input.StartDate"] = "2021-05-03" },
        };
        var admin = await cast.Admin();
        var client = role switch
        {
            Role.Admin => admin,
            Role.LeadA => await cast.LeadA(),
            Role.LeadB => await cast.LeadB(),
            Role.Board => await cast.Board(),
            _ => app.Client(),
        };
        var token = (await client.GetDocumentAsync("/Account/SignIn")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var column = (int)role;

        var handlers = (await HandlersAsync(app))
            // Reads first, then writes, and last the writes that end or change the session or remove the record.
            .OrderBy(h => h.Method == "GET" ? 0 : h.ViewPath == "/Account/SignOut" ? 3
                : h.ViewPath == "/Measures/Delete" || h.Name is "Discard" or "Adopt" || h.ViewPath == "/Board/Meetings/Hold" ? 2 : 1)
            .ToList();
        var wrong = new List<string>();
        foreach (var h in handlers)
        {
            if (!Expected.TryGetValue(h.Key, out var row)) continue; // reported by the entry test
            var expected = row.Split(' ')[column][0];
            // The longest prefix: /ValueStreams/Measures/... takes a value stream measure's id, not a value stream's.
            var prefix = ids.Keys.Where(k => h.ViewPath.StartsWith(k + "/", StringComparison.Ordinal)).OrderByDescending(k => k.Length).FirstOrDefault();
            var path = Regex.Replace(h.Route, @"\{handler\?\}", "");
            path = Regex.Replace(path, @"\{[^}]+\}", prefix is null ? "1" : ids[prefix].ToString(CultureInfo.InvariantCulture)).TrimEnd('/');
            if (path.Length == 0) path = "/";
            var query = new List<string>();
            if (queries.TryGetValue(h.ViewPath, out var q)) query.Add(q);
            if (h.Name is not null) query.Add("handler=" + h.Name);
            if (handlerQueries.TryGetValue(h.Key, out var hq)) query.Add(hq);
            var url = path + (query.Count > 0 ? "?" + string.Join("&", query) : "");

            HttpResponseMessage response;
            if (h.Method == "GET") response = await client.GetAsync(url);
            else
            {
                // The administrator's view of the form, posted with this role's own antiforgery token.
                var formPage = path + (queries.TryGetValue(h.ViewPath, out var fq) ? "?" + fq : "");
                var adminPage = await admin.GetAsync(formPage);
                var fields = new Dictionary<string, List<string>>();
                if (adminPage.IsSuccessStatusCode &&
                    (await adminPage.ParseAsync()).QuerySelectorAll("main form").OfType<IHtmlFormElement>().FirstOrDefault(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)) is { } form)
                    fields = Http.FormValues(form);
                if (overrides.TryGetValue(h.ViewPath, out var extra))
                    foreach (var (k, v) in extra) fields[k] = [v];
                fields["__RequestVerificationToken"] = [token];
                response = await client.PostAsync(url, Http.Encode(fields));
            }

            var actual = Outcome(response);
            if (actual != expected) wrong.Add($"{h.Key} as {role}: expected {expected}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
        }

        output.WriteLine($"{handlers.Count} handlers tried as {role}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static char Outcome(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Redirect when response.Headers.Location?.ToString().Contains("/Account/SignIn", StringComparison.Ordinal) == true
            && response.RequestMessage?.Method == HttpMethod.Get => 'S',
        HttpStatusCode.Redirect when response.Headers.Location?.ToString().Contains("/Account/SignIn?ReturnUrl", StringComparison.Ordinal) == true => 'S',
        HttpStatusCode.Forbidden => 'F',
        HttpStatusCode.NotFound => 'N',
        HttpStatusCode.OK or HttpStatusCode.Redirect => 'O',
        _ => '?',
    };
}
