using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kaizen.Web.Tests.Nodes;

// Kaizen processes started as web nodes behind one load balancer would be: each on its own loopback port with its own
// home folder, so nothing one node keeps on its local disk helps another. Killed with their folder when disposed.
public sealed class WebNodes : IDisposable
{
    private readonly List<Process> nodes = [];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"));

    // Starts a node with these settings (environment variables, e.g. Kaizen__DatabasePath) and waits for /healthz.
    public async Task<Uri> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var home = Path.Combine(Folder, name);
        Directory.CreateDirectory(home);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Kaizen.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;   // the framework's default key folder is ~/.aspnet/DataProtection-Keys
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var node = Process.Start(start)!;
        nodes.Add(node);
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        var url = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try { if ((await probe.GetAsync(new Uri(url, "/healthz"))).IsSuccessStatusCode) return url; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"Node {name} did not answer /healthz within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
            node.Dispose();
        }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
