using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

// The dashboard and trust charts in a real browser: every canvas drawn by Chart.js from the page's JSON blocks,
// a trust that got worse drawn in red, no console errors and no CSP violations, and the filter form changing both
// the figures and the bookmarkable query string.
public class ReportsTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private const string Worse = "#d5281b";

    // Trust A, Outpatients: W1 (07/03/2025) process time 600 → 240, error count 20 over 10 days → 6 over 5 days,
    //   error rate 10/100 → 4/100; W2 (11/04/2025) process time 120 → 180 (worse).
    // Trust B, Theatres: W3 (14/02/2025) process time 100 → 150 (worse), error rate 20/100 → 10/100.
    // Programme process time: (820 − 570)/820 = 30.5% (30%), 250 min = 4.2 h (4 hrs);
    // trust A: (720 − 420)/720 = 41.7% (42%), 300 min = 5 hrs; trust B: (100 − 150)/100 = −50% (worse).
    // Error count: W1 only, 6 over 5 days scaled to 12 over 10: (20 − 12)/20 = 40%.
    // Error rate: W1 1 − 0.04/0.10 = 0.6, W3 1 − 0.1/0.2 = 0.5: mean 55% (trust A alone 60%).
    private (long TrustA, long TrustB) Seed()
    {
        App.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        using var db = OpenDb();
        var cast = Cast(db);
        // A name that would end a script element if the chart JSON were not escaped.
        var outpatients = ValueStream(db, cast.TrustA, "Outpatients </script><script>alert(1)</script>");
        var theatres = ValueStream(db, cast.TrustB, "Theatres");
        var w1 = Workshop(db, outpatients, "KZ-01", "Outpatient booking", "2025-03-07");
        Measure(db, w1, "process_time", 600, null, 240, null);
        Measure(db, w1, "error_count", 20, 10, 6, 5);
        Measure(db, w1, "error_rate", 10, 100, 4, 100);
        var w2 = Workshop(db, outpatients, "KZ-02", "Clinic check-in", "2025-04-11");
        Measure(db, w2, "process_time", 120, null, 180, null);
        var w3 = Workshop(db, theatres, "KZ-03", "Theatre turnaround", "2025-02-14");
        Measure(db, w3, "process_time", 100, null, 150, null);
        Measure(db, w3, "error_rate", 20, 100, 10, 100);
        return (cast.TrustA, cast.TrustB);
    }

    [Fact]
    public Task Dashboard_and_trust_charts_are_drawn_and_the_filter_changes_the_figures() => Steps(async () =>
    {
        var (trustA, _) = Seed();
        await SignInAsync("board@example.nhs.uk");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/");

        await Page.GotoAsync("/Dashboard");
        await Expect(Page.Locator("#headline")).ToHaveTextAsync(
            "Process time (3 workshops) reduced by 30% = 4 hrs; Total errors (1 workshop) 40%; Error rate (2 workshops) 55%");
        var charts = await DrawnChartsAsync();
        Assert.Equal(["chart-reduction-by-trust", "chart-workshops-per-month"], charts.Select(c => c.Id).ToArray());

        // Trust B's process time got worse: its bar (labelled with its code, TRB, named in the key) is drawn below
        // zero, in red, and the table says "worse".
        await Expect(Page.Locator("#chart-reduction-by-trust-key")).ToContainTextAsync("TRB Trust B");
        var trustB = await Page.EvaluateAsync<JsonElement>("""
            () => {
              const chart = Chart.getChart(document.getElementById('chart-reduction-by-trust'));
              const i = chart.data.labels.indexOf('TRB');
              const bar = chart.getDatasetMeta(0).data[i];
              return { value: chart.data.datasets[0].data[i], colour: bar.options.backgroundColor, belowZero: bar.y > chart.scales.y.getPixelForValue(0) };
            }
            """);
        Assert.Equal(-50, trustB.GetProperty("value").GetDouble());
        Assert.Equal(Worse, trustB.GetProperty("colour").GetString());
        Assert.True(trustB.GetProperty("belowZero").GetBoolean());
        // The value axis starts at the lowest bar rounded down (Trust B's -50%), never where Chart.js would choose.
        Assert.Equal(-50, await Page.EvaluateAsync<double>("() => Chart.getChart(document.getElementById('chart-reduction-by-trust')).scales.y.min"));
        await Page.GetByText("Figures in this chart").ClickAsync();
        await Expect(Page.Locator("#chart-reduction-by-trust-table tr", new() { HasText = "Trust B" })).ToContainTextAsync("-50.0% (n = 1) worse");

        // Workshops per month: February to April 2025, one each, then May and June (this month) with none, with the
        // mean and limits drawn: the chart runs to this month.
        var months = await Page.EvaluateAsync<JsonElement>("""
            () => { const c = Chart.getChart(document.getElementById('chart-workshops-per-month'));
                    return { labels: c.data.labels, values: c.data.datasets[0].data, lines: c.data.datasets.map(d => d.label) }; }
            """);
        Assert.Equal(["Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025"], months.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["Workshops", "Mean", "Upper limit", "Lower limit"], months.GetProperty("lines").EnumerateArray().Select(e => e.GetString()!).ToArray());

        // Choosing a trust and pressing Show changes the figures and the URL, so the view can be bookmarked.
        await Page.GetByLabel("Trust", new() { Exact = true }).SelectOptionAsync(trustA.ToString());
        await Page.GetByLabel("Checkpoint").SelectOptionAsync("latest");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"/Dashboard\?.*trust={trustA}.*checkpoint=latest"));
        await Expect(Page.Locator("#headline")).ToHaveTextAsync(
            "Process time (2 workshops) reduced by 42% = 5 hrs; Total errors (1 workshop) 40%; Error rate (1 workshop) 60%");
        await Expect(Page.Locator("#view-description")).ToContainTextAsync("Trust A");
        charts = await DrawnChartsAsync();
        Assert.Equal(2, charts.Count);

        // The trust page: its headline and its chart by value stream.
        await Page.GotoAsync($"/Trusts/Details/{trustA}");
        await Expect(Page.Locator("#headline")).ToHaveTextAsync(
            "Process time (2 workshops) reduced by 42% = 5 hrs; Total errors (1 workshop) 40%; Error rate (1 workshop) 60%");
        charts = await DrawnChartsAsync();
        Assert.Equal(["chart-reduction-by-value-stream"], charts.Select(c => c.Id).ToArray());
        // No value stream of Trust A got worse: its bars start at zero.
        Assert.Equal(0, await Page.EvaluateAsync<double>("() => Chart.getChart(document.getElementById('chart-reduction-by-value-stream')).scales.y.min"));
        Assert.Equal("Outpatients </script><script>alert(1)</script>",
            await Page.EvaluateAsync<string>("() => Chart.getChart(document.getElementById('chart-reduction-by-value-stream')).data.labels[1]"));

        // The value stream page draws its workshops' reductions; the workshop page draws one chart per measure.
        long vs, ws;
        using (var db = OpenDb())
        {
            vs = db.ExecuteScalar<long>("SELECT id FROM value_streams WHERE trust_id = @trustA", new { trustA });
            ws = db.ExecuteScalar<long>("SELECT id FROM workshops WHERE reference = 'KZ-01'");
        }
        await Page.GotoAsync($"/ValueStreams/Details/{vs}");
        Assert.Equal(["chart-reduction-by-workshop"], (await DrawnChartsAsync()).Select(c => c.Id).ToArray());
        await Page.GotoAsync($"/Workshops/Details/{ws}");
        Assert.Equal(3, (await DrawnChartsAsync()).Count(c => c.Id.StartsWith("measure-chart-", StringComparison.Ordinal)));

        // The problem page and the definitions load cleanly too.
        await Page.GotoAsync("/Problems");
        await Expect(Page.Locator("#got-worse tbody tr")).ToHaveCountAsync(2);
        await Page.GotoAsync("/Definitions");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "How these figures are calculated" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task An_empty_programme_shows_plain_empty_states_and_no_errors() => Steps(async () =>
    {
        using (var db = OpenDb()) Cast(db);
        await SignInAsync("admin@example.nhs.uk");
        await Page.GotoAsync("/Dashboard");
        await Expect(Page.Locator("#no-workshops")).ToHaveTextAsync("No workshops match these filters yet.");
        Assert.Equal(0, await Page.Locator("canvas").CountAsync());
    });

    // _MeasureChart is included by the workshop page (built elsewhere). Without a test-only route, render it through the
    // app's Razor engine, put it into a page that loads charts.js, and draw it as that page would.
    [Fact]
    public Task The_measure_chart_partial_draws_before_target_after_and_follow_ups() => Steps(async () =>
    {
        using (var db = OpenDb()) Cast(db);
        // Error count: 20 errors over 14 days before, target 10; 12 over 7 days after = 24 over 14 days (worse);
        // 30-day 4 over 14 days (better).
        var model = Web.Reports.MeasureChartModel.From(new Domain.MeasureFacts(5, 1, Domain.MeasureKind.ErrorCount,
            new Domain.Reading(20, 14), 10, new Domain.Reading(12, 7), Day30: new Domain.Reading(4, 14)), "Booking errors");
        var html = await RenderPartialAsync("/Pages/Shared/_MeasureChart.cshtml", model);

        await SignInAsync("admin@example.nhs.uk");
        await Page.GotoAsync("/Dashboard");
        await Page.EvaluateAsync("html => { document.querySelector('main').insertAdjacentHTML('beforeend', html); KaizenCharts.drawAll(); }", html);

        var charts = await DrawnChartsAsync();
        Assert.Equal(["measure-chart-5"], charts.Select(c => c.Id).ToArray());
        var bars = await Page.EvaluateAsync<JsonElement>("""
            () => { const c = Chart.getChart(document.getElementById('measure-chart-5'));
                    const meta = c.getDatasetMeta(0);
                    return { labels: c.data.labels, values: c.data.datasets[0].data, colours: meta.data.map(b => b.options.backgroundColor) }; }
            """);
        Assert.Equal("[20,10,24,4,null,null]", bars.GetProperty("values").GetRawText());
        var colours = bars.GetProperty("colours").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(Worse, colours[2]);
        Assert.NotEqual(Worse, colours[3]);
        await Expect(Page.Locator("#measure-chart-5-table")).ToContainTextAsync("24.00 worse");
        await Expect(Page.Locator("figure.measure-chart figcaption")).ToContainTextAsync("errors per 14 days");
    });

    private async Task<string> RenderPartialAsync<TModel>(string viewPath, TModel model)
    {
        using var scope = App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = sp };
        var actionContext = new Microsoft.AspNetCore.Mvc.ActionContext(http, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor());
        var view = sp.GetRequiredService<Microsoft.AspNetCore.Mvc.ViewEngines.ICompositeViewEngine>().GetView(null, viewPath, isMainPage: false).View!;
        using var writer = new StringWriter();
        var viewData = new Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary<TModel>(
            sp.GetRequiredService<Microsoft.AspNetCore.Mvc.ModelBinding.IModelMetadataProvider>(), new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary()) { Model = model };
        var tempData = new Microsoft.AspNetCore.Mvc.ViewFeatures.TempDataDictionary(http, sp.GetRequiredService<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider>());
        await view.RenderAsync(new Microsoft.AspNetCore.Mvc.Rendering.ViewContext(actionContext, view, viewData, tempData, writer, new Microsoft.AspNetCore.Mvc.ViewFeatures.HtmlHelperOptions()));
        return writer.ToString();
    }

    private sealed record DrawnChart(string Id, int Width, int Height);

    // Every canvas on the page: it has a size, a Chart.js chart with data, and painted pixels.
    private async Task<List<DrawnChart>> DrawnChartsAsync()
    {
        var result = await Page.EvaluateAsync<JsonElement>("""
            () => Array.from(document.querySelectorAll('canvas')).map(c => {
              const chart = window.Chart ? Chart.getChart(c) : undefined;
              const pixels = c.width > 0 && c.height > 0 ? c.getContext('2d').getImageData(0, 0, c.width, c.height).data : [];
              let painted = 0;
              for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
              return { id: c.id, width: c.width, height: c.height, chart: !!chart,
                       points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.filter(v => v !== null).length, 0) : 0,
                       painted };
            })
            """);
        var charts = new List<DrawnChart>();
        foreach (var c in result.EnumerateArray())
        {
            var id = c.GetProperty("id").GetString()!;
            Assert.True(c.GetProperty("chart").GetBoolean(), $"{id} has no chart");
            Assert.True(c.GetProperty("width").GetInt32() > 0 && c.GetProperty("height").GetInt32() > 0, $"{id} has no size");
            Assert.True(c.GetProperty("points").GetInt32() > 0, $"{id} has no data");
            Assert.True(c.GetProperty("painted").GetInt32() > 100, $"{id} is blank");
            charts.Add(new DrawnChart(id, c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32()));
        }
        return charts;
    }

    // KaizenApp.OpenDb() (and so CastAsync) reads WebApplicationFactory.Server, which throws under Kestrel; LiveApp has
    // already started and migrated the database, so open its file directly.
    private SqliteConnection OpenDb()
    {
        var connection = new SqliteConnection($"Data Source={App.DatabasePath};Foreign Keys=True");
        connection.Open();
        return connection;
    }

    // The same people as KaizenApp.CastAsync (trusts A and B, an administrator, a board member), in plain SQL.
    private static (long TrustA, long TrustB) Cast(SqliteConnection db)
    {
        long Trust(string code, string name) => db.ExecuteScalar<long>(
            "INSERT INTO trusts (name, code, joined_on) VALUES (@name, @code, '2016-01-01') RETURNING id", new { name, code });
        void User(string email, string role) => db.Execute("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES (@email, @email, @role, @hash, @stamp, '2024-01-01T00:00:00Z')
            """, new { email, role, hash = Web.Security.UserAccounts.Hash(Web.Tests.Infrastructure.KaizenApp.Password), stamp = Web.Security.UserAccounts.NewStamp() });
        var cast = (Trust("TRA", "Trust A"), Trust("TRB", "Trust B"));
        User("admin@example.nhs.uk", Web.Security.Roles.Administrator);
        User("board@example.nhs.uk", Web.Security.Roles.Board);
        return cast;
    }

    private static long ValueStream(SqliteConnection db, long trustId, string name) =>
        db.ExecuteScalar<long>("""
            INSERT INTO value_streams (trust_id, name, chosen_by, status, created_at)
            VALUES (@trustId, @name, 'top_down', 'active', '2024-01-01T00:00:00Z') RETURNING id
            """, new { trustId, name });

    private static long Workshop(SqliteConnection db, long valueStreamId, string reference, string title, string reportOut) =>
        db.ExecuteScalar<long>("""
            INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status, created_at, updated_at, updated_by)
            VALUES (@valueStreamId, @reference, @title, date(@reportOut, '-4 days'), 5, @reportOut, 'completed',
                    '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'test') RETURNING id
            """, new { valueStreamId, reference, title, reportOut });

    private static void Measure(SqliteConnection db, long workshopId, string kind, double baseline, double? baselineDen, double result, double? resultDen) =>
        db.Execute("""
            INSERT INTO measures (workshop_id, position, kind, name, baseline, baseline_den, result, result_den)
            VALUES (@workshopId, (SELECT COUNT(*) + 1 FROM measures WHERE workshop_id = @workshopId), @kind, @kind, @baseline, @baselineDen, @result, @resultDen)
            """, new { workshopId, kind, baseline, baselineDen, result, resultDen });
}
