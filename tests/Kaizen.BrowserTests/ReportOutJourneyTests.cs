using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

// The journey: a 5-day workshop with two measures, its report-out results and one round of follow-ups,
// counted in clicks (it took 13). Then the same pages on a phone, 390 px wide.
public class ReportOutJourneyTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private int clicks;

    private ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    private async Task Click(AriaRole role, string name)
    {
        clicks++;
        await Page.GetByRole(role, new() { Name = name, Exact = true }).ClickAsync();
    }

    private async Task<long> SignedInLeadWithValueStreamAsync()
    {
        App.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var trust = App.AddTrust("SASH", "Surrey and Sussex Healthcare NHS Trust");
        App.AddUser("lead@sash.nhs.uk", Web.Security.Roles.Lead, trust);
        var valueStream = App.ValueStream(trust, "Outpatient referrals");
        await SignInAsync("lead@sash.nhs.uk");
        return valueStream;
    }

    [Fact]
    public Task A_workshop_with_two_measures_its_results_and_a_round_of_follow_ups_takes_at_most_7_clicks() => Steps(async () =>
    {
        var valueStream = await SignedInLeadWithValueStreamAsync();
        await Page.GotoAsync($"/ValueStreams/Details/{valueStream}");

        await Click(AriaRole.Link, "Plan a workshop");
        await Field("Title").FillAsync("Triage referrals on the day they arrive");
        await Field("Start date").FillAsync("2021-04-12");
        await Field("Length (days)").FillAsync("5");
        await Click(AriaRole.Button, "Create workshop");
        await Expect(Page.Locator("main")).ToContainTextAsync("12/04/2021 to 16/04/2021");

        await Click(AriaRole.Link, "Record the report-out");
        await Field("New measure 1: name").FillAsync("Referral to triage");
        await Field("New measure 1: time unit").SelectOptionAsync(new SelectOptionValue { Label = "Hours" });
        await Field("New measure 1: baseline").FillAsync("72");
        await Field("New measure 1: target").FillAsync("24");
        await Field("New measure 1: result").FillAsync("8");
        await Field("New measure 2: name").FillAsync("Referrals to the wrong clinic");
        await Field("New measure 2: kind").SelectOptionAsync(new SelectOptionValue { Label = "Error rate" });
        await Field("New measure 2: baseline").FillAsync("40");
        await Field("New measure 2: baseline window (days) or opportunities").FillAsync("400");
        await Field("New measure 2: target").FillAsync("5");
        await Field("New measure 2: result").FillAsync("12");
        await Field("New measure 2: result window (days) or opportunities").FillAsync("400");
        await Field("Report-out summary").FillAsync("Triage the same day");
        await Click(AriaRole.Button, "Save the report-out");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Report-out");

        await Click(AriaRole.Link, "30-day follow-ups");
        await Field("30-day value (hours)").FillAsync("10");
        await Field("30-day value (errors)").FillAsync("14");
        await Field("Opportunities").FillAsync("400");
        await Click(AriaRole.Button, "Save the 30-day follow-ups");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("30-day follow-ups");

        var rows = Page.Locator("section[aria-labelledby=measures-heading] table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("10 hours");
        await Expect(Page.Locator("main")).ToContainTextAsync("Completed");
        Output.WriteLine($"{clicks} clicks");
        Assert.InRange(clicks, 1, 7);
        Assert.Equal(2L, App.Scalar<long>("SELECT COUNT(*) FROM measures WHERE result IS NOT NULL AND f30 IS NOT NULL"));
    });

    [Fact]
    public Task At_390_px_the_workshop_and_entry_pages_do_not_scroll_sideways_and_every_action_is_visible() => Steps(async () =>
    {
        var valueStream = await SignedInLeadWithValueStreamAsync();
        var workshop = App.Workshop(valueStream, new DateOnly(2021, 4, 12), status: "completed");
        App.Measure(workshop, "process_time", 4320, 480, target: 1440, name: "Referral to triage", timeUnit: "hours");
        App.Measure(workshop, "error_rate", 40, 12, baselineDen: 400, resultDen: 400, target: 0.05, name: "Referrals to the wrong clinic");
        await Page.SetViewportSizeAsync(390, 844);

        foreach (var url in new[] { $"/Workshops/Details/{workshop}", $"/Workshops/ReportOut/{workshop}", $"/Workshops/CheckpointFollowUps/{workshop}?days=30" })
        {
            await Page.GotoAsync(url);
            var width = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{url} is {width} px wide at 390 px");
            var actions = Page.Locator("main a[href], main button");
            var count = await actions.CountAsync();
            Assert.True(count > 0, $"{url} has no actions");
            for (var i = 0; i < count; i++)
            {
                var action = actions.Nth(i);
                if (await action.EvaluateAsync<bool>("e => !!e.closest('.visually-hidden, .skip-link')")) continue;
                await action.ScrollIntoViewIfNeededAsync();
                await Expect(action).ToBeVisibleAsync();
                var box = await action.BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 390.5,
                    $"{url}: \"{(await action.InnerTextAsync()).Trim()}\" is off-screen ({box?.X}, width {box?.Width})");
            }
        }
    });
}
