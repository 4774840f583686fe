using Kaizen.Web.Data;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Dom;
using nietras.SeparatedValues;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Reports.ReportSeed;

namespace Kaizen.Web.Tests.Api;

// The API's figures against the dashboard's, its CSV against its JSON, and every answer against the OpenAPI document.
// Today is Sunday 15 June 2025.
//   Trust A: Outpatients: W1 (report-out 07/03/2025) process time 600 → 240 (30-day 300), error rate 10/100 → 4/100;
//                         W2 (11/04/2025) process time 120 → 180 (got worse)
//   Trust B: Theatres:    W5 (14/02/2025) process time 1440 → 960, error count 30 over 14 days → 15 over 14 days
//   One board meeting (20/04/2025) marked held, with April 2025's figures frozen.
public abstract class ApiFiguresTests(KaizenApp app) : IAsyncLifetime
{
    private Cast cast = default!;
    private HttpClient board = default!;
    private HttpClient api = default!;
    private long vs1, vs3, w1, w2, w5;

    public async Task InitializeAsync()
    {
        app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        cast = await app.CastAsync();
        using (var db = app.OpenDb())
        {
            vs1 = ValueStream(db, cast.TrustA, "Outpatients", targetProcessTime: 0.5);
            vs3 = ValueStream(db, cast.TrustB, "Theatres");
            w1 = Workshop(db, vs1, "KZ-01", "Outpatient booking", "2025-03-07");
            Measure(db, w1, "process_time", "Booking wait", 600, target: 300, result: 240, f30: 300);
            Measure(db, w1, "error_rate", "Booking errors", 10, 100, result: 4, resultDen: 100);
            w2 = Workshop(db, vs1, "KZ-02", "Clinic letters, \"urgent\" ones", "2025-04-11");
            Measure(db, w2, "process_time", "Letter turnaround", 120, result: 180);
            w5 = Workshop(db, vs3, "KZ-05", "Theatre turnaround", "2025-02-14");
            Measure(db, w5, "process_time", "Turnaround", 1440, result: 960);
            Measure(db, w5, "error_count", "Cancelled lists", 30, 14, result: 15, resultDen: 14);
        }
        var ids = app.Board(cast.TrustA);
        using (var db = app.OpenDb())
        {
            var figures = await PackFigures.ComputeAsync(db, Month.Of(new DateOnly(2025, 4, 20)), new DateOnly(2025, 6, 15));
            db.Execute("UPDATE board_meetings SET meeting_date = '2025-04-20', held_at = '2025-04-20T15:00:00Z', held_by = 'admin', frozen_json = @json WHERE id = @id",
                new { json = figures.Freeze("2025-04-20T15:00:00Z").ToJson(), id = ids.Meeting });
        }
        board = await cast.Board();
        api = app.WithToken(await board.CreateTokenAsync("Power BI"));
    }

    public Task DisposeAsync()
    {
        if (app is not SharedKaizenApp) app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_api_answer_is_declared_in_the_openapi_document_with_its_schema()
    {
        var doc = await OpenApiDocument.LoadAsync(board);
        var paths = doc.Paths.ToList();
        Assert.Equal(["/api/v1/board/figures", "/api/v1/board/figures/trusts", "/api/v1/board/meetings", "/api/v1/measures", "/api/v1/problems",
            "/api/v1/rollup", "/api/v1/rollup/trusts", "/api/v1/rollup/value-streams", "/api/v1/workshops"], paths.Order(StringComparer.Ordinal).ToList());
        // A tool holding a token reads the same document; nobody else does.
        Assert.Equal(doc.Root.GetRawText(), (await (await api.GetAsync("/openapi/v1.json")).JsonAsync()).GetRawText());
        Assert.NotEqual(HttpStatusCode.OK, (await app.Client().GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal("bearer", doc.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());

        var problems = new List<string>();
        var answers = 0;
        foreach (var path in paths)
        {
            var json = await api.GetAsync(path + "?limit=2");
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            var csv = await api.GetAsync(path + ".csv");
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var accept = new HttpRequestMessage(HttpMethod.Get, path);
            accept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            var csvByAccept = await api.SendAsync(accept);
            Assert.Equal(await csv.Content.ReadAsStringAsync(), await csvByAccept.Content.ReadAsStringAsync());
            var conditional = new HttpRequestMessage(HttpMethod.Get, path + "?limit=2");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", json.Headers.ETag!.ToString());
            var notModified = await api.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            var refused = await api.GetAsync(path + "?limit=0&from=31/02/2025");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            foreach (var response in new[] { json, csv, csvByAccept, notModified, refused })
            {
                problems.AddRange(await doc.ProblemsWithAsync(response));
                answers++;
            }
            // Every declared property of a row is in the JSON: nothing is left out when it is null.
            var items = (await json.JsonAsync()).GetProperty("items");
            Assert.True(items.GetArrayLength() > 0, path + " has no rows to check");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(45, answers);
    }

    [Fact]
    public async Task The_csv_read_back_holds_the_same_rows_as_the_json_for_every_list()
    {
        var doc = await OpenApiDocument.LoadAsync(board);
        foreach (var path in doc.Paths)
        {
            var json = (await (await api.GetAsync(path + "?limit=1000&checkpoint=30")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
            var csv = Read(await api.GetStringAsync(path + ".csv?checkpoint=30"));

            Assert.Equal(json.Count, csv.Rows.Count);
            Assert.Equal(json[0].EnumerateObject().Select(p => p.Name), csv.Header);
            for (var i = 0; i < json.Count; i++)
                foreach (var property in json[i].EnumerateObject())
                    Assert.True(Same(property.Value, csv.Rows[i][property.Name]),
                        $"{path} row {i} {property.Name}: JSON {property.Value.GetRawText()}, CSV \"{csv.Rows[i][property.Name]}\"");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("?checkpoint=30")]
    [InlineData("?from=2025-03-01")]
    public async Task The_api_gives_the_dashboards_figures_in_json_and_csv(string query)
    {
        var dashboard = await board.GetDocumentAsync("/Dashboard" + query);
        var programme = dashboard.QuerySelector("#rollup-programme")!;
        var byTrust = dashboard.QuerySelector("#rollup-by-trust")!;
        var byVs = dashboard.QuerySelector("#rollup-by-value-stream")!;
        var sep = query.Length == 0 ? "?" : "&";

        var rollUp = Items(await api.GetAsync("/api/v1/rollup" + query));
        var rollUpCsv = Read(await api.GetStringAsync("/api/v1/rollup.csv" + query)).Rows;
        Assert.Equal(3, rollUp.Count);
        for (var i = 0; i < rollUp.Count; i++)
        {
            var kind = rollUp[i].GetProperty("kind").GetString()!;
            Assert.Equal(kind, rollUpCsv[i]["kind"]);
            Assert.Equal(Cell(programme, $"tr[data-kind='{kind}'] [data-figure='headline']"), Percent(rollUp[i], "headline"));
            Assert.Equal(Cell(programme, $"tr[data-kind='{kind}'] [data-figure='headline']"), Percent(rollUpCsv[i]["headline"]));
            foreach (var figure in new[] { "n:workshops", "improved:improved", "worse:worse", "awaiting:awaiting" })
            {
                var (cell, field) = (figure.Split(':')[0], figure.Split(':')[1]);
                Assert.Equal(Cell(programme, $"tr[data-kind='{kind}'] [data-figure='{cell}']"), rollUp[i].GetProperty(field).GetInt32().ToString(CultureInfo.InvariantCulture));
                Assert.Equal(Cell(programme, $"tr[data-kind='{kind}'] [data-figure='{cell}']"), rollUpCsv[i][field]);
            }
        }

        var trusts = Items(await api.GetAsync("/api/v1/rollup/trusts" + query));
        Assert.Equal(6, trusts.Count);
        foreach (var row in trusts)
            Assert.Equal(Cell(byTrust, $"tr[data-group='{row.GetProperty("trust_id").GetInt64()}'] [data-kind='{row.GetProperty("kind").GetString()}'][data-figure='headline']"),
                Percent(row, "headline"));

        var streams = Items(await api.GetAsync("/api/v1/rollup/value-streams" + query + sep + "limit=1000"));
        Assert.NotEmpty(streams);
        foreach (var row in streams)
            Assert.Equal(Cell(byVs, $"tr[data-group='{row.GetProperty("value_stream_id").GetInt64()}'] [data-kind='{row.GetProperty("kind").GetString()}'][data-figure='headline']"),
                Percent(row, "headline"));

        // The problem counts beside the dashboard's.
        var problems = Items(await api.GetAsync("/api/v1/problems" + query + sep + "limit=1000"));
        foreach (var list in new[] { "got-worse", "not-sustained", "overdue", "awaiting", "quiet" })
            Assert.Equal(Cell(dashboard.DocumentElement, $"[data-problem='{list}'] .count"),
                problems.Count(p => p.GetProperty("list").GetString() == list).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_figures_hand_checked_come_out_of_the_api()
    {
        // Process time pooled: (600 + 120 + 1440) − (240 + 180 + 960) = 780 of 2160 = 0.3611…; n = 3, one worse.
        var processTime = Items(await api.GetAsync("/api/v1/rollup")).Single(r => r.GetProperty("kind").GetString() == "process_time");
        Assert.Equal(780.0 / 2160, processTime.GetProperty("headline").GetDouble(), 9);
        Assert.Equal(3, processTime.GetProperty("workshops").GetInt32());
        Assert.Equal(1, processTime.GetProperty("worse").GetInt32());
        Assert.Equal(13.0, processTime.GetProperty("amount_removed").GetDouble(), 9);

        var workshops = Items(await api.GetAsync("/api/v1/workshops"));
        Assert.Equal(["KZ-05", "KZ-01", "KZ-02"], workshops.Select(w => w.GetProperty("reference").GetString()));
        Assert.Equal("2025-02-14", workshops[0].GetProperty("report_out").GetString());

        var measure = Items(await api.GetAsync("/api/v1/measures")).Single(m => m.GetProperty("name").GetString() == "Booking wait");
        Assert.Equal(300, measure.GetProperty("day30").GetDouble());
        Assert.Equal("2025-04-06", measure.GetProperty("day30_due").GetString());

        var frozen = Items(await api.GetAsync("/api/v1/board/figures"));
        Assert.Equal(6, frozen.Count);
        var april = frozen.Single(f => f.GetProperty("period").GetString() == "this_month" && f.GetProperty("kind").GetString() == "process_time");
        Assert.Equal("2025-04", april.GetProperty("month").GetString());
        Assert.Equal(1, april.GetProperty("n").GetInt32());
        Assert.Equal(-0.5, april.GetProperty("headline").GetDouble(), 9);
        var meetings = Items(await api.GetAsync("/api/v1/board/meetings"));
        Assert.Equal("2025-04-20", meetings.Single().GetProperty("meeting_date").GetString());
    }

    [Fact]
    public async Task A_refused_filter_is_a_400_in_the_dashboards_words()
    {
        var response = await api.GetAsync("/api/v1/rollup?checkpoint=45");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The checkpoint \"45\" was not understood", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_lists_pages_follow_their_next_links_to_every_row_once()
    {
        var seen = new List<string>();
        string? next = "/api/v1/workshops?limit=1";
        var pages = 0;
        while (next is not null)
        {
            var page = await (await api.GetAsync(next)).JsonAsync();
            Assert.Equal(3, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("reference").GetString()!));
            next = page.GetProperty("next").GetString();
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(["KZ-05", "KZ-01", "KZ-02"], seen);

        var csv = await api.GetAsync("/api/v1/workshops.csv?limit=2&trust=" + cast.TrustA);
        Assert.Equal("2", csv.Headers.GetValues("X-Total-Count").Single());
        Assert.False(csv.Headers.Contains("Link"));
        var first = await api.GetAsync("/api/v1/workshops.csv?limit=1");
        Assert.Equal($"</api/v1/workshops.csv?limit=1&offset=1>; rel=\"next\"", first.Headers.GetValues("Link").Single());

        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/workshops?limit=1001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/workshops?offset=-1")).StatusCode);
    }

    [Fact]
    public async Task An_unchanged_list_answers_304_and_a_changed_one_answers_again()
    {
        var first = await api.GetAsync("/api/v1/rollup.csv");
        var etag = first.Headers.ETag!.ToString();

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rollup.csv");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var notModified = await api.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("", await notModified.Content.ReadAsStringAsync());

        using (var db = app.OpenDb()) Measure(db, w2, "error_rate", "Letter errors", 5, 100, result: 1, resultDen: 100);
        var changed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rollup.csv");
        changed.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var answer = await api.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotEqual(etag, answer.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task A_leads_token_reads_what_the_lead_reads_and_no_more()
    {
        // Every role reads every trust's figures (docs/definitions.md §4); a lead's token reads the same as the lead's pages.
        var leadA = await cast.LeadA();
        var token = app.WithToken(await leadA.CreateTokenAsync("Lead A"));
        var trustB = Items(await token.GetAsync($"/api/v1/workshops?trust={cast.TrustB}"));
        Assert.Equal(["KZ-05"], trustB.Select(w => w.GetProperty("reference").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await leadA.GetAsync($"/Workshops/Details/{w5}")).StatusCode);
        // What the lead may not do with their cookie, the token cannot do either: it opens no page at all.
        Assert.Equal(HttpStatusCode.Forbidden, (await leadA.GetAsync($"/Workshops/Edit/{w5}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await token.GetAsync($"/Workshops/Edit/{w5}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await token.GetAsync("/Admin/Audit")).StatusCode);
    }

    [Fact]
    public async Task The_help_page_explains_the_csv_url_for_excel_and_power_bi_and_the_reference_page_is_served()
    {
        var help = await board.GetDocumentAsync("/Api");
        var text = help.QuerySelector("main")!.TextContent;
        foreach (var words in new[] { "From Web", "Power BI", "Advanced", "Authorization", "Bearer", "/api/v1/rollup.csv" })
            Assert.Contains(words, text);
        Assert.NotNull(help.QuerySelector("a[href='/openapi/v1.json']"));

        var reference = await board.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var html = await reference.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html);
        // Nothing from another site: every script the page loads is Kaizen's own.
        var page = await reference.ParseAsync();
        Assert.All(page.QuerySelectorAll("script[src]"), s => Assert.False(s.GetAttribute("src")!.Contains("//", StringComparison.Ordinal), s.GetAttribute("src")));
        var policy = reference.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("http", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        // Its one inline script runs by the nonce made for this answer, and no other inline script would.
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("unsafe-inline", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.All(page.QuerySelectorAll("script:not([src])"), s => Assert.Equal(nonce, s.GetAttribute("nonce")));
        Assert.NotEqual(nonce, System.Text.RegularExpressions.Regex.Match((await board.GetAsync("/scalar/v1")).Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value);
        // The rest of the site keeps the strict policy.
        Assert.Equal(Kaizen.Web.Security.SecurityHeadersMiddleware.ContentSecurityPolicy,
            (await board.GetAsync("/Api")).Headers.GetValues("Content-Security-Policy").Single());
    }

    static List<JsonElement> Items(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.JsonAsync().GetAwaiter().GetResult().GetProperty("items").EnumerateArray().ToList();
    }

    // The dashboard writes a missing figure as "no data" in the programme table and "—" in the group tables.
    static string Cell(IElement scope, string selector) =>
        (scope.QuerySelector(selector) ?? throw new Xunit.Sdk.XunitException($"Nothing matches {selector}")).TextContent.Trim() is var text && text == "—" ? "no data" : text;

    // As the dashboard prints a reduction: one decimal, or "no data" when there is no figure (n = 0).
    static string Percent(JsonElement row, string property) =>
        row.GetProperty(property).ValueKind == JsonValueKind.Null ? "no data" : Format.Percent(row.GetProperty(property).GetDouble(), 1);

    static string Percent(string csv) => csv.Length == 0 ? "no data" : Format.Percent(double.Parse(csv, CultureInfo.InvariantCulture), 1);

    // The CSV as a spreadsheet would read it, by another library than the writer.
    static (List<string> Header, List<Dictionary<string, string>> Rows) Read(string text)
    {
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true }).FromText(text);
        var header = reader.Header.ColNames.ToList();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>();
            foreach (var h in header) values[h] = row[h].ToString();
            rows.Add(values);
        }
        return (header, rows);
    }

    static bool Same(JsonElement json, string csv) => json.ValueKind switch
    {
        JsonValueKind.Null => csv.Length == 0,
        JsonValueKind.Number => double.TryParse(csv, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == json.GetDouble(),
        JsonValueKind.True => csv == "true",
        JsonValueKind.False => csv == "false",
        _ => json.GetString() == csv,
    };
}

public sealed class ApiFiguresTestsOnSqlite(SharedKaizenApp shared) : ApiFiguresTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class ApiFiguresTestsOnPostgreSql() : ApiFiguresTests(new KaizenApp(DatabaseEngine.PostgreSql));
