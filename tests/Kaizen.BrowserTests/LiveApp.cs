using System.Net;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.BrowserTests;

// Kaizen on a real Kestrel port on loopback, on its own temporary database, for a real browser to visit.
public sealed class LiveApp : KaizenApp
{
    // Settings (Kaizen:Sso:... for the single sign-on tests) apply from the start, as appsettings would.
    public LiveApp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) Settings[key] = value;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public string BaseUrl { get; }
}
