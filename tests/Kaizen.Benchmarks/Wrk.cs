using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaizen.Benchmarks;

// Throughput from a second process on loopback: wrk with 2 threads and 64 connections, its output parsed.
public static partial class Wrk
{
    public static string? Find() =>
        new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists);

    public static async Task<WrkTarget> RunAsync(string wrk, string url, string path, int seconds, int connections, string? cookie, Server? server = null)
    {
        var cpu = server?.CpuMs();
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s", "--latency" }) start.ArgumentList.Add(a);
        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Cookie: " + cookie);
        }
        start.ArgumentList.Add(url + path);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {error}\n{output}");

        double Number(Regex r) => r.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output);
        var requests = (long)Number(Requests());
        return new WrkTarget
        {
            ServerCpuMsPerRequest = server is not null && requests > 0 ? (server.CpuMs() - cpu!.Value) / requests : null,
            Path = path,
            RequestsPerSecond = Number(RequestsPerSecond()),
            Requests = (long)Number(Requests()),
            LatencyP50 = Percentile("50%", output),
            LatencyP99 = Percentile("99%", output),
            Non2xx3xx = (long)Number(Non2xx()),
            SocketErrors = socket.Success ? Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture)) : 0,
        };
    }

    static string Percentile(string label, string output) =>
        Regex.Match(output, @"^\s*" + Regex.Escape(label) + @"\s+(\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
