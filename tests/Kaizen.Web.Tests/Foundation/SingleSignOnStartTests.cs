using System.Net;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

// The start of an organisation sign-in, before any provider answers. The whole sign-in runs against a real provider
// in BrowserTests/SingleSignOnTests.
public abstract class SingleSignOnStartTests(DatabaseEngine engine) : IDisposable
{
    private readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_provider_that_cannot_be_reached_gives_the_failure_page_not_an_error()
    {
        // Nothing listens on port 9 of loopback: the metadata cannot be fetched.
        app.Settings["Kaizen:Sso:Authority"] = "http://127.0.0.1:9/";
        app.Settings["Kaizen:Sso:ClientId"] = "kaizen";
        app.AddUser("ada@example.nhs.uk", Roles.Administrator);
        var client = app.Client();

        var start = await client.GetAsync("/Account/SignInWithOrganisation");

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/Account/OrganisationSignInFailed", start.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync(start.Headers.Location.OriginalString);
        Assert.Equal("Organisation sign-in failed", page.QuerySelector("h1")!.TextContent.Trim());
    }
}

public sealed class SingleSignOnStartTestsOnSqlite() : SingleSignOnStartTests(DatabaseEngine.Sqlite);

public sealed class SingleSignOnStartTestsOnPostgreSql() : SingleSignOnStartTests(DatabaseEngine.PostgreSql);
