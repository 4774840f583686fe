using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

public class FirstRunTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    [Fact]
    public Task First_run_setup_then_sign_in_reaches_the_home_page() => Steps(async () =>
    {
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Setup");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Set up Kaizen" })).ToBeVisibleAsync();

        await Page.GetByLabel("Your name").FillAsync("Ada Admin");
        await Page.GetByLabel("Email address").FillAsync("ada@example.nhs.uk");
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync("a long enough password");
        await Page.GetByLabel("Confirm password").FillAsync("a long enough password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("first administrator");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/Account/SignIn");

        await SignInAsync("ada@example.nhs.uk", "a long enough password");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/");
        await Expect(Page.Locator("header")).ToContainTextAsync("Ada Admin");
    });

    [Fact]
    public Task The_skip_link_is_the_first_stop_for_the_keyboard() => Steps(async () =>
    {
        await Page.GotoAsync("/Setup");
        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.Locator(":focus")).ToHaveTextAsync("Skip to main content");
        await Page.Keyboard.PressAsync("Enter");
        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.Locator(":focus")).ToHaveAttributeAsync("name", "Input.DisplayName");
    });
}
