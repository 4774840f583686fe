using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

// The top bar on a 1366 px laptop (the NHS's commonest screen) is one line, every label on one line; on a phone it
// folds into a menu button that opens it.
public class TopBarTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    [Theory]
    [InlineData(Web.Security.Roles.Administrator)]
    [InlineData(Web.Security.Roles.Lead)]
    public Task At_1366_px_the_top_bar_is_one_line_and_on_a_phone_it_folds(string role) => Steps(async () =>
    {
        var trust = App.AddTrust("SASH", "Surrey and Sussex Healthcare NHS Trust");
        var user = App.AddUser("someone@sash.nhs.uk", role, role == Web.Security.Roles.Lead ? trust : null);
        App.Scalar<long>("UPDATE users SET display_name = 'Alexandra Montgomery-Smythe' WHERE id = @user RETURNING id", new { user });
        await Page.SetViewportSizeAsync(1366, 768);
        await SignInAsync("someone@sash.nhs.uk");
        await Page.GotoAsync("/Dashboard");

        // For each item: its vertical centre, and how many lines its label takes (its content height over its line height).
        var items = await Page.EvaluateAsync<double[][]>("""
            () => [...document.querySelectorAll('#main-nav .nav-link, #main-nav form button, #main-nav .signed-in-name')].map(e => {
                const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
                const lines = (e.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / parseFloat(cs.lineHeight);
                return [r.top + r.height / 2, lines];
            })
            """);
        Assert.True(items.Length >= 9, $"only {items.Length} items in the top bar");
        Assert.True(items.Max(i => i[0]) - items.Min(i => i[0]) < 8,
            $"the top bar wraps at 1366 px: centres {string.Join(", ", items.Select(i => $"{i[0]:0}"))}");
        Assert.True(items.All(i => i[1] < 1.5), $"a label in the top bar runs onto two lines: {string.Join(", ", items.Select(i => $"{i[1]:0.0}"))}");
        Assert.True(await Page.EvaluateAsync<bool>("() => { const n = document.querySelector('#main-nav'); return n.scrollWidth <= n.clientWidth; }"),
            "the top bar is wider than the screen");

        await Page.SetViewportSizeAsync(390, 844);
        await Expect(Page.Locator("#main-nav")).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true })).ToBeVisibleAsync();
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
    });
}
