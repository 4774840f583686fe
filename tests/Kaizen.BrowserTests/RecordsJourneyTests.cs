using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

public class RecordsJourneyTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    private Task Press(AriaRole role, string name) => Page.GetByRole(role, new() { Name = name, Exact = true }).PressAsync("Enter");

    [Fact]
    public Task A_lead_logs_a_value_stream_a_workshop_three_measures_and_a_follow_up_with_the_keyboard() => Steps(async () =>
    {
        App.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var trust = App.AddTrust("SASH", "Surrey and Sussex Healthcare NHS Trust");
        App.AddUser("lead@sash.nhs.uk", Web.Security.Roles.Lead, trust);
        await SignInAsync("lead@sash.nhs.uk");

        await Press(AriaRole.Link, "Value streams");
        await Press(AriaRole.Link, "New value stream");
        await Field("Name").FillAsync("Outpatient referral to first appointment");
        await Field("Scope (what the value stream covers)").FillAsync("From referral received to first appointment booked");
        await Field("Target reduction in process time (%)").FillAsync("50");
        await Press(AriaRole.Button, "Create value stream");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("created");

        await Press(AriaRole.Link, "Plan a workshop");
        await Field("Title").FillAsync("Triage referrals on the day they arrive");
        await Field("Planning start").FillAsync("2021-03-01");
        await Field("Start date").FillAsync("2021-04-12");
        await Field("Length (days)").FillAsync("5");
        await Field("Team member 1 name").FillAsync("Priya Shah");
        await Field("Team member 1 role").SelectOptionAsync(new SelectOptionValue { Label = "Works in the process" });
        await Press(AriaRole.Button, "Create workshop");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Add its measures next");
        await Expect(Page.Locator("main")).ToContainTextAsync("12/04/2021 to 16/04/2021");

        await Press(AriaRole.Link, "Add process time measure");
        await Field("Name").FillAsync("Referral to triage");
        await Field("Unit for the values below").SelectOptionAsync(new SelectOptionValue { Label = "Hours" });
        await Field("Baseline time").FillAsync("72");
        await Field("Target time").FillAsync("24");
        await Field("Result time").FillAsync("8");
        await Press(AriaRole.Button, "Add measure");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("added");

        await Press(AriaRole.Link, "Add error count measure");
        await Field("Name").FillAsync("Referrals returned incomplete");
        await Field("Baseline errors").FillAsync("30");
        await Field("Baseline window (days)").FillAsync("20");
        await Field("Errors after").FillAsync("9");
        await Field("After window (days)").FillAsync("10");
        await Press(AriaRole.Button, "Add measure");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("added");

        await Press(AriaRole.Link, "Add error rate measure");
        await Field("Name").FillAsync("Referrals to the wrong clinic");
        await Field("Baseline errors").FillAsync("40");
        await Field("Baseline opportunities").FillAsync("400");
        await Field("Target error rate (%)").FillAsync("5");
        await Field("Errors after").FillAsync("12");
        await Field("Opportunities after").FillAsync("400");
        await Press(AriaRole.Button, "Add measure");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("added");

        var rows = Page.Locator("section[aria-labelledby=measures-heading] table tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(1)).ToContainTextAsync("after-count scaled to the baseline window");

        await Press(AriaRole.Link, "Follow-ups for Referral to triage");
        await Field("30-day value (hours)").FillAsync("10");
        await Press(AriaRole.Button, "Save follow-ups");
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Follow-ups");
        await Expect(rows.Nth(0)).ToContainTextAsync("Recorded");
        await Expect(rows.Nth(0)).ToContainTextAsync("10 hours");
    });

    [Fact]
    public Task A_refused_form_keeps_the_input_and_puts_the_message_beside_the_field() => Steps(async () =>
    {
        App.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var trust = App.AddTrust("LTHT");
        App.AddUser("lead@ltht.nhs.uk", Web.Security.Roles.Lead, trust);
        var vs = App.ValueStream(trust, "Discharge");
        await SignInAsync("lead@ltht.nhs.uk");

        await Page.GotoAsync($"/Workshops/Create?valueStream={vs}");
        await Field("Title").FillAsync("Discharge before noon");
        await Field("Start date").FillAsync("2021-04-12");
        await Field("Length (days)").FillAsync("2");
        await Press(AriaRole.Button, "Create workshop");

        var length = Field("Length (days)");
        await Expect(length).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.Locator("#Input_LengthDays-error")).ToContainTextAsync("3 to 5 days");
        await Expect(Field("Title")).ToHaveValueAsync("Discharge before noon");
    });
}
