using System.Net;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.BrowserTests;

// Kaizen on a real Kestrel port on loopback, on its own temporary database, for a real browser to visit.
public sealed class LiveApp : KaizenApp
{
    public LiveApp()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public string BaseUrl { get; }
}
