using Kaizen.Web.Tests.Infrastructure;
using Kaizen.Web.Tests.ValueStreamCharts;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

// A value stream measure's XmR chart in a real browser (issue 20): drawn by Chart.js from the page's JSON under the
// CSP, with its workshop at its report-out, a recalculation recorded through the form and drawn where it begins, the
// Making Data Count icons, and the figures in the table beside it.
public class ValueStreamChartTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    // Fifteen weeks from 07/01/2019: 11, 13, … for eight weeks, then 10, 11, … for seven. Over all fifteen the mean is
    // 169/15 = 11.27, so the last seven (all below it) are a run: lower is better, an improvement. Recalculated from
    // the week of 04/03/2019: weeks 1–8 mean 12, moving ranges 2, limits 12 ± 5.32 = 6.68 to 17.32; weeks 9–15 mean
    // 73/7 = 10.43, moving ranges 1, limits 10.43 ± 2.66 = 7.77 to 13.09, no signal. The target of 15 is then above the
    // upper limit: consistently met.
    private long Seed()
    {
        App.Time.Now = new DateTimeOffset(2019, 6, 3, 9, 0, 0, TimeSpan.Zero);
        var trust = App.AddTrust("SASH", "Surrey and Sussex Healthcare NHS Trust");
        App.AddUser("lead@example.nhs.uk", Web.Security.Roles.Lead, trust);
        var vs = App.ValueStream(trust, "Emergency department");
        App.HeldWorkshop(vs, "SASH-2019-04", new DateOnly(2019, 2, 22));
        var measure = App.OutcomeMeasure(vs, "Time to triage", "minutes", "lower", target: 15);
        App.Points(measure, new DateOnly(2019, 1, 7), 11, 13, 11, 13, 11, 13, 11, 13, 10, 11, 10, 11, 10, 11, 10);
        return measure;
    }

    private async Task<string[]> RowAsync(string selector) =>
        (await Page.Locator(selector).Locator("th, td").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();

    private async Task<string[]> IconLabelsAsync() =>
        (await Page.Locator("#spc-icons svg[role=img]").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('aria-label'))"));

    [Fact]
    public Task A_value_stream_chart_shows_its_workshop_a_recalculation_and_the_icons_with_the_figures_beside_it() => Steps(async () =>
    {
        var measure = Seed();
        await SignInAsync("lead@example.nhs.uk");
        await Page.GotoAsync($"/ValueStreams/Measures/Chart/{measure}");

        // Before any recalculation: one stretch, the run below the mean an improvement, dated from the workshop.
        await Expect(Page.Locator("#spc-signals")).ToContainTextAsync("A run of 7 below the mean began 2 weeks after SASH-2019-04 (week of 04/03/2019): an improvement.");
        Assert.Equal(["Variation: Special cause variation: improving (low)", "Assurance: Target hit and miss"], await IconLabelsAsync());
        await Expect(Page.Locator("#spc-icons .spc-label")).ToHaveTextAsync(["Improving", "Hit and miss"]);

        await Page.GetByLabel("Recalculate limits from").SelectOptionAsync(new SelectOptionValue { Label = "week of 04/03/2019" });
        await Page.GetByLabel("Reason", new() { Exact = true }).FillAsync("The week after SASH-2019-04 changed triage");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Recalculate limits" }).ClickAsync();
        await Expect(Page.Locator(".alert-success, [role=status]").First).ToContainTextAsync("Limits recalculated from the week of 04/03/2019");

        // The chart, drawn: the points, two stretches of limits, and a line at the workshop and at the recalculation.
        var drawn = (await Page.EvaluateAsync<System.Text.Json.JsonElement?>("""
            () => { const c = Chart.getChart(document.getElementById('chart-measure'));
                    return { points: c.data.datasets[0].data.length, datasets: c.data.datasets.map(d => d.label),
                             lines: c.options.plugins.kaizenVerticalLines.lines.map(l => l.index + ' ' + l.label) }; }
            """))!.Value;
        string[] Strings(string name) => drawn.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(15, drawn.GetProperty("points").GetInt32());
        Assert.Equal(2, Strings("datasets").Count(d => d == "Upper limit"));
        Assert.Contains("Target", Strings("datasets"));
        Assert.Equal(["6 SASH-2019-04", "8 Recalculated: The week after SASH-2019-04 changed triage"], Strings("lines"));

        // The figures beside it: the first week of the new stretch starts its moving ranges afresh.
        Assert.Equal(["week of 04/03/2019", "10 minutes", "—", ""], await RowAsync("#spc-points tbody tr:nth-child(9)"));
        Assert.Equal(["week of 07/01/2019 to week of 25/02/2019", "every point in the stretch", "12", "6.68", "17.32"], await RowAsync("#spc-limits tbody tr:nth-child(1)"));
        Assert.Equal(["week of 04/03/2019 to week of 15/04/2019", "every point in the stretch", "10.43", "7.77", "13.09"], await RowAsync("#spc-limits tbody tr:nth-child(2)"));
        await Expect(Page.Locator("#spc-recalculations")).ToContainTextAsync("Reason: The week after SASH-2019-04 changed triage");
        await Expect(Page.Locator("#spc-signals")).ToHaveTextAsync("No special-cause variation: every point varies as the process usually does.");
        Assert.Equal(["Variation: Common cause variation", "Assurance: Target consistently met"], await IconLabelsAsync());
        await Expect(Page.Locator("#spc-icons .spc-label")).ToHaveTextAsync(["Common cause", "Target met"]);
    });
}
