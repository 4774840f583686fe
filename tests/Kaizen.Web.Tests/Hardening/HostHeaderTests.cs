using System.Net;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Hardening;

// A Host header Kaizen does not serve is refused (AllowedHosts), and even where a deployment allows any host, the
// sign-in redirect is relative: the Host a client sent is never echoed into Location.
public class HostHeaderTests
{
    [Fact]
    public async Task A_host_that_is_not_allowed_is_refused()
    {
        using var app = new KaizenApp();
        await app.CastAsync();
        var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Dashboard");
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Dashboard")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_redirect_never_names_the_host_the_client_sent()
    {
        using var app = new KaizenApp();
        app.Settings["AllowedHosts"] = "*";
        await app.CastAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Dashboard?from=2021-01-01");
        request.Headers.Host = "evil.example";

        var response = await app.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/SignIn?ReturnUrl=%2FDashboard%3Ffrom%3D2021-01-01", response.Headers.Location!.OriginalString);
    }
}
