using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Kaizen.BrowserTests;

// Each test gets a fresh app and a fresh browser context. Console errors, page errors, dialogs and CSP violations
// are collected and fail the test; a failing test leaves a screenshot under the test output's screenshots folder.
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    protected LiveApp App { get; private set; } = default!;
    protected IBrowserContext Context { get; set; } = default!;
    protected IPage Page { get; set; } = default!;
    protected List<string> Problems { get; } = [];
    protected ITestOutputHelper Output => output;

    public virtual async Task InitializeAsync()
    {
        App = await StartAppAsync();
        Context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl, Locale = "en-GB", TimezoneId = "Europe/London" });
        Context.SetDefaultTimeout(10_000);
        Page = await Context.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") Problems.Add($"console {message.Type}: {message.Text}");
        };
        Page.PageError += (_, error) => Problems.Add("page error: " + error);
        // The app never opens a dialog: one would mean injected script ran.
        Page.Dialog += (_, dialog) =>
        {
            Problems.Add($"{dialog.Type} dialog opened on {Page.Url}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        // Chromium logs most violations to the console as well; the event is the direct record, with the directive,
        // the document and a sample of what was refused.
        await Context.ExposeFunctionAsync<string>("kaizenCspViolation", report => Problems.Add("CSP violation: " + report));
        await Context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              window.kaizenCspViolation(`${e.violatedDirective} refused ${e.blockedURI || 'inline'} on ${e.documentURI} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`), true);
            """);
    }

    // A test class that needs settings or a server beside Kaizen starts them here.
    protected virtual Task<LiveApp> StartAppAsync() => Task.FromResult(new LiveApp());

    public virtual async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        App.Dispose();
    }

    // Runs the steps; on failure saves a screenshot named after the test, then rethrows.
    protected async Task Steps(Func<Task> steps, [CallerMemberName] string name = "")
    {
        try
        {
            await steps();
            Assert.True(Problems.Count == 0, "The browser reported problems:\n" + string.Join("\n", Problems));
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, name + ".png");
            try
            {
                await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
                output.WriteLine("Screenshot: " + file);
            }
            catch (PlaywrightException e) { output.WriteLine("No screenshot: " + e.Message); }
            throw;
        }
    }

    protected async Task SignInAsync(string email, string password = Web.Tests.Infrastructure.KaizenApp.Password)
    {
        await Page.GotoAsync("/Account/SignIn");
        await Page.GetByLabel("Email address").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
