using System.Globalization;
using System.Net;
using System.Reflection;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Hardening;

// Every GET handler of every page (the Excel downloads too), every query parameter it reads, every hostile value:
// the answer is the page (200, or 400 with a message saying what was wrong), never a server error.
public class HostileQueryTests(SharedKaizenApp shared, ITestOutputHelper output) : IClassFixture<SharedKaizenApp>
{
    private readonly KaizenApp app = shared.Fresh();

    private static readonly string[] HostileValues =
    [
        "", "-1", "0", "0001-01-01", "9999-12-31", "31/02/2021", "1e308", "99999999999999999999", "٣", "NaN",
        "<script>alert(1)</script>", new string('x', 5_000), "2021-13-45", "report-out\0",
    ];

    // The report filter every report page and its download read (Reports/ReportFilter.cs).
    private static readonly string[] FilterKeys = ["from", "to", "trust", "vs", "checkpoint"];

    private sealed record GetHandler(string Page, string Route, string? Name, IReadOnlyList<string> Parameters);

    private async Task<IReadOnlyList<GetHandler>> GetHandlersAsync()
    {
        var result = new List<GetHandler>();
        foreach (var page in await AppPages.AllAsync(app))
        {
            // Query values the page binds on GET: [BindProperty(SupportsGet = true)] properties and handler parameters.
            var bound = page.Compiled.ModelTypeInfo!.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Property: p, Attribute: p.GetCustomAttribute<BindPropertyAttribute>()))
                .Where(p => p.Attribute is { SupportsGet: true })
                .Select(p => p.Attribute!.Name ?? p.Property.Name);
            var gets = page.Handlers.Where(h => h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var handler in gets.Count == 0 ? [null] : gets.Cast<HandlerMethodDescriptor?>())
            {
                var parameters = bound.Concat(handler?.Parameters.Select(p => p.Name).Where(n => n != "id") ?? [])
                    .Concat(FilterKeys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                result.Add(new GetHandler(page.ViewPath, page.Route, handler?.Name, parameters));
            }
        }
        return result;
    }

    [Fact]
    public async Task Every_query_parameter_of_every_page_and_download_survives_hostile_values()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var ws = app.Workshop(vs, new DateOnly(2021, 3, 1));
        var measure = app.Measure(ws, "process_time", 600, 300);
        var board = app.Board(cast.TrustA);
        var ids = new Dictionary<string, long>
        {
            ["/Admin/Trusts"] = cast.TrustA, ["/Admin/Users"] = app.Scalar<long>("SELECT id FROM users WHERE email = 'lead.a@example.nhs.uk'"),
            ["/Trusts"] = cast.TrustA, ["/ValueStreams"] = vs, ["/Workshops"] = ws, ["/Measures"] = measure,
            ["/Admin/TrustContext"] = cast.TrustA, ["/Board/Compact"] = board.Draft, ["/Board/Meetings"] = board.Meeting,
            ["/Board/Members"] = board.Member,
        };
        var admin = await cast.Admin();
        var problems = new List<string>();
        var requests = 0;

        foreach (var handler in await GetHandlersAsync())
        {
            if (handler.Page is "/Account/SignOut" or "/Setup/Index") continue;
            var path = handler.Route.Replace("{handler?}", "", StringComparison.Ordinal).TrimEnd('/');
            if (path.Contains("{id", StringComparison.Ordinal))
            {
                var id = ids.First(kv => handler.Page.StartsWith(kv.Key + "/", StringComparison.Ordinal)).Value;
                path = System.Text.RegularExpressions.Regex.Replace(path, @"\{id[^}]*\}", id.ToString(CultureInfo.InvariantCulture));
            }
            // With no parameters at all, a page is served as it is: nothing to refuse.
            var plain = await admin.GetAsync(path + (handler.Name is null ? "" : $"?handler={handler.Name}"));
            if (plain.StatusCode is HttpStatusCode.BadRequest || (int)plain.StatusCode >= 500)
                problems.Add($"{path} {handler.Name} with no parameters → {(int)plain.StatusCode}");
            foreach (var parameter in handler.Parameters)
            foreach (var value in HostileValues)
            {
                var query = (handler.Name is null ? "?" : $"?handler={handler.Name}&") + $"{parameter}={Uri.EscapeDataString(value)}";
                var response = await admin.GetAsync(path + query);
                requests++;
                var where = $"{path}{(handler.Name is null ? "" : "?handler=" + handler.Name)} {parameter}={(value.Length > 20 ? value[..10] + "…" : value)}";
                var status = (int)response.StatusCode;
                if (status >= 500) { problems.Add($"{where} → {status}"); continue; }
                if (response.StatusCode == HttpStatusCode.BadRequest)
                {
                    // A refusal is the page itself, with the reason in words.
                    var document = await response.ParseAsync();
                    if (document.QuerySelector("main [role=alert], main .notes, main .validation-summary-errors, main .field-error") is null)
                        problems.Add($"{where} → 400 without a message");
                }
                else if (status is not (200 or 302 or 404)) problems.Add($"{where} → {status}");
                var body = await response.Content.ReadAsStringAsync();
                if (body.Contains("<script>alert(1)</script>", StringComparison.Ordinal)) problems.Add($"{where} → script echoed unencoded");
            }
        }

        output.WriteLine($"{requests} requests");
        Assert.True(requests > 500, $"Only {requests} requests");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(60)));
    }

    // The API's lists read the same filter and their paging values: every hostile value in every one is answered 200
    // or 400 with a reason (JSON), never a server error.
    [Fact]
    public async Task Every_query_parameter_of_every_api_list_survives_hostile_values()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        app.Measure(app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 3, 1), status: "completed"), "process_time", 600, 300);
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            await Kaizen.Web.Tests.Api.ApiKit.CreateTokenAsync(await cast.Admin(), "sweep"));
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!).Where(r => r.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);
        var problems = new List<string>();
        foreach (var route in routes)
            foreach (var key in FilterKeys.Append("limit").Append("offset"))
                foreach (var value in HostileValues)
                    foreach (var suffix in new[] { "", ".csv" })
                    {
                        var response = await client.GetAsync($"{route}{suffix}?{key}={Uri.EscapeDataString(value)}");
                        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
                            problems.Add($"{route}{suffix}?{key}={value[..Math.Min(value.Length, 20)]}: {(int)response.StatusCode}");
                        else if (response.StatusCode == HttpStatusCode.BadRequest && !(await response.Content.ReadAsStringAsync()).Contains("\"detail\"", StringComparison.Ordinal))
                            problems.Add($"{route}{suffix}?{key}: 400 without a reason");
                    }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
