using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Dapper;
using Kaizen.Web.Tests.Infrastructure;
using Kaizen.Web.Tests.ValueStreamCharts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Hardening;

// Every form the app shows, every field, every hostile value: the answer is the form again with a message, or a
// correct save — never a server error, never the script echoed unencoded, never a half-written record.
public class HostileInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    public static readonly string[] HostileValues =
    [
        "", "   ", new string('x', 10_000), "-1", "0", "NaN", "Infinity", "-Infinity", "31/02/2021", "0001-01-01", "9999-12-31",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE workshops; --", "Robert'); --",
        "\u202Eevil\u202C text", "🙂👍🏽 ward", "2,500.75", "3,5", "1e308", "٣",
    ];

    // Forms that end the session or answer with a file are exercised by their own tests.
    private static readonly string[] Skip = ["/Account/SignOut", "/Account/SignIn", "/Admin/Backup", "/Setup"];

    private readonly Dictionary<string, string> samples = [];

    private async Task<HttpClient> SeedAsync()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var ws = app.Workshop(vs, new DateOnly(2021, 3, 1));
        var measure = app.Measure(ws, "error_rate", 40, 12, baselineDen: 400, resultDen: 400);
        var user = app.Scalar<long>("SELECT id FROM users WHERE email = 'lead.a@example.nhs.uk'");
        samples["/Admin/Trusts"] = cast.TrustA.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/Admin/Users"] = user.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/Trusts"] = samples["/Admin/Trusts"];
        samples["/ValueStreams"] = vs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/Workshops"] = ws.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/Measures"] = measure.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/Measures/Create"] = $"?workshop={ws}&kind=error_rate";
        // A value stream outcome measure with points enough for its chart's recalculation form.
        var outcome = app.OutcomeMeasure(vs, frequency: "month");
        app.Points(outcome, new DateOnly(2020, 1, 1), 4, 6, 5, 7, 5, 6);
        samples["/ValueStreams/Measures"] = outcome.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var board = app.Board(cast.TrustA);
        samples["/Admin/TrustContext"] = samples["/Admin/Trusts"];
        samples["/Board/Compact"] = board.Draft.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/Board/Meetings"] = board.Meeting.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/Board/Members"] = board.Member.ToString(System.Globalization.CultureInfo.InvariantCulture);
        samples["/ValueStreams/Measures/Create"] = $"?valueStreamId={vs}";
        return await cast.Admin();
    }

    private IEnumerable<string> FormPages()
    {
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is null) continue;
            var pattern = ("/" + Regex.Replace(endpoint.RoutePattern.RawText ?? "", @"\{[^}]+\?\}", "")).TrimEnd('/');
            if (pattern.Length == 0 || pattern.EndsWith("/Index", StringComparison.Ordinal) || Skip.Contains(pattern)) continue;
            if (samples.TryGetValue(pattern, out var query)) pattern += query;
            else if (pattern.Contains('{'))
            {
                // The longest prefix: /ValueStreams/Measures/Chart/{id} takes a measure's id, not a value stream's.
                var id = samples.Where(s => pattern.StartsWith(s.Key + "/", StringComparison.Ordinal)).OrderByDescending(s => s.Key.Length).First().Value;
                pattern = Regex.Replace(pattern, @"\{[^}]+\}", id);
            }
            yield return pattern;
        }
    }

    private static readonly string[] Tables = ["trusts", "users", "value_streams", "value_stream_revisions", "workshops", "workshop_team_members", "measures",
        "value_stream_measures", "value_stream_measure_points", "value_stream_measure_recalculations"];

    private static readonly string SnapshotSql = "SELECT " + string.Join(" || '|' || ", Tables.Select(t => $"(SELECT COUNT(*) FROM {t})"));

    private string Snapshot()
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<string>(SnapshotSql)!;
    }

    [Fact]
    public async Task Every_field_of_every_form_survives_hostile_values()
    {
        var admin = await SeedAsync();
        var problems = new List<string>();
        var forms = 0;
        var posts = 0;

        foreach (var page in FormPages().Distinct())
        {
            var document = await admin.GetAsync(page) is { IsSuccessStatusCode: true } ok ? await ok.ParseAsync() : null;
            var form = document?.QuerySelectorAll("main form").OfType<IHtmlFormElement>()
                .FirstOrDefault(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase) && f.Enctype != "multipart/form-data");
            if (form is null) continue;
            forms++;
            var hidden = form.QuerySelectorAll("input[type=hidden]").Select(i => i.GetAttribute("name")).ToHashSet();
            var fields = Http.FormValues(form).Keys
                .Where(k => k != "__RequestVerificationToken" && !k.EndsWith("Version", StringComparison.Ordinal) && !k.Contains("Password", StringComparison.Ordinal))
                .ToList();
            var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page : form.GetAttribute("action")!;
            var baseline = Http.FormValues(form);
            var pageDone = false;
            foreach (var field in fields.TakeWhile(_ => !pageDone))
            foreach (var value in HostileValues)
            {
                var before = Snapshot();
                var values = baseline.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
                values[field] = [value];
                var response = await admin.PostAsync(action, Http.Encode(values));
                posts++;
                // A save moves the record's version on: take the form afresh so later posts are not mere conflicts.
                // (Some saves take the form away, such as drafting the compact's next version; then the page is done.)
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    var fresh = await admin.GetAsync(page) is { IsSuccessStatusCode: true } again
                        ? (await again.ParseAsync()).QuerySelectorAll("main form").OfType<IHtmlFormElement>()
                            .FirstOrDefault(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase) && f.GetAttribute("action") == form.GetAttribute("action"))
                        : null;
                    if (fresh is null) { pageDone = true; break; }
                    baseline = Http.FormValues(fresh);
                }
                var body = await response.Content.ReadAsStringAsync();
                var where = $"{page} {field}={Show(value)}";
                if ((int)response.StatusCode >= 500) problems.Add($"{where} → {(int)response.StatusCode}");
                else if (response.StatusCode == HttpStatusCode.OK)
                {
                    if (Snapshot() != before) problems.Add($"{where} → re-shown form but the database changed");
                    if (body.Contains("<script>alert(1)</script>", StringComparison.Ordinal) || body.Contains("<img src=x onerror", StringComparison.Ordinal))
                        problems.Add($"{where} → hostile markup echoed unencoded");
                    // Kaizen speaks in its own words: none of the framework's default validation messages.
                    if (FrameworkWords.Match(System.Net.WebUtility.HtmlDecode(body)) is { Success: true } words)
                        problems.Add($"{where} → framework message \"{words.Value}\"");
                }
                // A tampered hidden id names no record: not found is the right answer.
                else if (response.StatusCode == HttpStatusCode.NotFound && hidden.Contains(field)) { }
                else if (response.StatusCode != HttpStatusCode.Redirect) problems.Add($"{where} → {(int)response.StatusCode}");
            }
        }

        output.WriteLine($"{forms} forms, {posts} posts");
        Assert.True(forms >= 8, $"Only {forms} forms found");
        using var db = app.OpenDb();
        Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check"));
        Assert.Empty(db.Query("PRAGMA foreign_key_check"));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    // The sweep posts each page's first form; a measure chart's second form (withdrawing a recalculation) is swept here:
    // every hostile value is refused beside its field with the recalculation still in force, or (a reason that is
    // merely odd text) withdraws it, which is then recorded afresh for the next value.
    [Fact]
    public async Task The_withdraw_form_on_a_measure_chart_survives_hostile_values()
    {
        var admin = await SeedAsync();
        var measure = long.Parse(samples["/ValueStreams/Measures"], System.Globalization.CultureInfo.InvariantCulture);
        var page = $"/ValueStreams/Measures/Chart/{measure}";
        var problems = new List<string>();
        foreach (var field in new[] { "Withdraw.RecalculationId", "Withdraw.Reason" })
        foreach (var value in HostileValues)
        {
            var recalculation = app.Recalculation(measure, "2020-03-01", "After the workshop");
            var values = new Dictionary<string, string> { ["Withdraw.RecalculationId"] = recalculation.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Withdraw.Reason"] = "Did not last" };
            values[field] = value;
            var response = await admin.PostFormAsync(page, values, "#withdraw");
            var body = await response.Content.ReadAsStringAsync();
            var withdrawn = app.Scalar<string?>("SELECT withdrawn_at FROM value_stream_measure_recalculations WHERE id = @recalculation", new { recalculation }) is not null;
            var where = $"{field}={Show(value)}";
            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (withdrawn) problems.Add($"{where} → re-shown form but the recalculation was withdrawn");
                if (body.Contains("<script>alert(1)</script>", StringComparison.Ordinal) || body.Contains("<img src=x onerror", StringComparison.Ordinal))
                    problems.Add($"{where} → hostile markup echoed unencoded");
                if (FrameworkWords.Match(System.Net.WebUtility.HtmlDecode(body)) is { Success: true } words) problems.Add($"{where} → framework message \"{words.Value}\"");
            }
            else if (response.StatusCode == HttpStatusCode.Redirect)
            {
                if (!withdrawn) problems.Add($"{where} → saved but nothing withdrawn");
            }
            else problems.Add($"{where} → {(int)response.StatusCode}");
            // Withdraw what is left in force, so the next value's form offers only its own recalculation.
            using var db = app.OpenDb();
            db.Execute("UPDATE value_stream_measure_recalculations SET withdrawn_at = '2021-06-15T09:00:00Z', withdrawn_by = 'test', withdrawn_reason = 'test' WHERE withdrawn_at IS NULL");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // The sweep above posts each page's first form; the Data page's second, the paste from Excel, gets each hostile
    // value as the whole paste, as a date cell and as a value cell. A refused paste changes nothing; only a paste that
    // reads cleanly is saved.
    [Fact]
    public async Task The_paste_from_Excel_survives_hostile_values_in_every_cell()
    {
        var admin = await SeedAsync();
        var page = "/ValueStreams/Measures/Data/" + samples["/ValueStreams/Measures"];
        var document = await admin.GetDocumentAsync(page);
        var form = document.QuerySelector("form[action*=Paste]") as IHtmlFormElement ?? throw new InvalidOperationException("No paste form");
        var baseline = Http.FormValues(form);
        var problems = new List<string>();
        foreach (var value in HostileValues)
        foreach (var text in new[] { value, $"{value}\t5", $"01/03/2021\t{value}", $"Date\tValue\n{value}\t{value}" })
        {
            var before = PointsSnapshot();
            var values = baseline.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
            values["Paste.Text"] = [text];
            var response = await admin.PostAsync(form.GetAttribute("action")!, Http.Encode(values));
            var body = await response.Content.ReadAsStringAsync();
            var where = $"paste {Show(text.Replace("\t", "→", StringComparison.Ordinal))}";
            if ((int)response.StatusCode >= 500) problems.Add($"{where} → {(int)response.StatusCode}");
            else if (response.StatusCode == HttpStatusCode.OK)
            {
                if (PointsSnapshot() != before) problems.Add($"{where} → refused but the points changed");
                if (body.Contains("<script>alert(1)</script>", StringComparison.Ordinal) || body.Contains("<img src=x onerror", StringComparison.Ordinal))
                    problems.Add($"{where} → hostile markup echoed unencoded");
            }
            else if (response.StatusCode != HttpStatusCode.Redirect) problems.Add($"{where} → {(int)response.StatusCode}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    private string PointsSnapshot()
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<string>("SELECT COUNT(*) || '|' || IFNULL(SUM(value), 0) || '|' || IFNULL(MAX(period_start), '') FROM value_stream_measure_points")!;
    }

    private static readonly Regex FrameworkWords = new(
        @"is not valid for|The value '[^']*' is (not valid|invalid)|The [\w ]+ field is required|field \w+ must be a number|The field [\w ]+ must|is invalid\.|A value for the '[^']*' parameter", RegexOptions.CultureInvariant);

    private static string Show(string value) => value.Length > 30 ? value[..10] + $"…({value.Length} chars)" : value;
}
