using System.Net;
using Kaizen.Web.Data.Demo;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Demo;

public class DemoSetupTests : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task First_run_setup_can_load_the_demonstration_and_shows_the_demo_passwords_once()
    {
        var client = app.Client();

        var response = await client.PostFormAsync("/Setup", new()
        {
            ["Input.DisplayName"] = "Ada Admin", ["Input.Email"] = "ada@example.nhs.uk",
            ["Input.Password"] = "a long enough password", ["Input.ConfirmPassword"] = "a long enough password", ["Input.LoadDemo"] = "true",
        });

        Assert.Equal("/Demo/Users", response.Headers.Location?.OriginalString);
        var shown = await client.GetDocumentAsync("/Demo/Users");
        var rows = shown.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(3, rows.Count);
        var lead = rows.Single(r => r[1] == "demo.lead@kaizen.example");
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync(lead[1], lead[2])).GetAsync("/")).StatusCode);
        // Shown once: the next visit no longer has them.
        Assert.Empty((await client.GetDocumentAsync("/Demo/Users")).QuerySelectorAll("tbody tr"));
        Assert.Contains("Demonstration data", (await client.GetDocumentAsync("/Workshops")).QuerySelector(".demo-banner")!.TextContent);
        Assert.Equal(DemoProgramme.ExpectedWorkshops, app.Scalar<long>("SELECT COUNT(*) FROM workshops"));
    }

    [Fact]
    public async Task Without_the_demonstration_there_is_no_banner_and_no_demo_user()
    {
        app.AddUser("admin@example.nhs.uk", Kaizen.Web.Security.Roles.Administrator);
        var admin = await app.SignedInAsync("admin@example.nhs.uk");

        Assert.Null((await admin.GetDocumentAsync("/Workshops")).QuerySelector(".demo-banner"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM users WHERE email LIKE 'demo.%'"));
    }
}
