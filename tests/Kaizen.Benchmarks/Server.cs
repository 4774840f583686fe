using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Kaizen.Benchmarks;

// A real Kestrel process: `dotnet Kaizen.Web.dll --urls http://127.0.0.1:<port>` on the benchmark's database file.
public sealed partial class Server : IAsyncDisposable
{
    readonly Process process;
    readonly HttpClient client;
    readonly CookieContainer cookies = new();
    System.Text.StringBuilder log = new();

    Server(Process process, string baseUrl, TimeSpan startUp)
    {
        this.process = process;
        BaseUrl = baseUrl;
        StartUp = startUp;
        client = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
    }

    public string BaseUrl { get; }
    public TimeSpan StartUp { get; }
    public double StartUpCpuMs { get; private init; }
    public int Pid => process.Id;
    public HttpClient Client => client;

    // Started and waited for: StartUp is the time from starting the process to the first 200 from /healthz.
    public static async Task<Server> StartAsync(string webDll, string databasePath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        // The content root is the project folder when the dll is its build output (as with `dotnet run`: wwwroot is
        // there), else the dll's folder (a published app).
        var folder = Path.GetDirectoryName(webDll)!;
        var project = Path.GetFullPath(Path.Combine(folder, "..", "..", ".."));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.Exists(Path.Combine(project, "wwwroot")) ? project : folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(webDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["Kaizen__DatabasePath"] = databasePath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) if (log.Length < 200_000) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) if (log.Length < 200_000) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The server exited with code {process.ExitCode} before answering /healthz:\n{log}");
            try
            {
                using var response = await probe.GetAsync(url + "/healthz");
                if (response.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The server did not answer /healthz within 120 s:\n{log}");
            }
            await Task.Delay(5);
        }
        return new Server(process, url, clock.Elapsed) { StartUpCpuMs = Machine.CpuMs(process.Id) ?? 0, log = log };
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Signs in through the form, as a browser does; the auth cookie stays in this client.
    public async Task SignInAsync(string email, string password)
    {
        var page = await client.GetStringAsync("/Account/SignIn");
        var token = Token(page) ?? throw new InvalidOperationException("No antiforgery token on /Account/SignIn");
        using var response = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect || AuthCookie is null)
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
    }

    // Every cookie the signed-in client holds (the sign-in cookie and the antiforgery cookie), as a browser sends them.
    public string CookieHeader => string.Join("; ", cookies.GetCookies(new Uri(BaseUrl)).Select(c => $"{c.Name}={c.Value}"));

    public string? AuthCookie => cookies.GetCookies(new Uri(BaseUrl)).FirstOrDefault(c => c.Name == "kaizen.auth") is { } c ? $"{c.Name}={c.Value}" : null;

    // The value of the first hidden __RequestVerificationToken input on the page.
    public static string? Token(string html, string? formAction = null)
    {
        var from = formAction is null ? 0 : html.IndexOf($"action=\"{formAction}\"", StringComparison.OrdinalIgnoreCase);
        if (from < 0) return null;
        foreach (Match input in InputTag().Matches(html, from))
            if (input.Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal) && ValueAttribute().Match(input.Value) is { Success: true } v)
                return WebUtility.HtmlDecode(v.Groups[1].Value);
        return null;
    }

    // The value of a named hidden input inside the form posting to formAction.
    public static string? FormValue(string html, string formAction, string name)
    {
        var from = html.IndexOf($"action=\"{formAction}\"", StringComparison.OrdinalIgnoreCase);
        if (from < 0) return null;
        var end = html.IndexOf("</form>", from, StringComparison.OrdinalIgnoreCase);
        var form = html[from..(end < 0 ? html.Length : end)];
        foreach (Match input in InputTag().Matches(form))
            if (input.Value.Contains($"name=\"{name}\"", StringComparison.Ordinal) && ValueAttribute().Match(input.Value) is { Success: true } v)
                return WebUtility.HtmlDecode(v.Groups[1].Value);
        return null;
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    public sealed record Timed(HttpStatusCode Status, string? ContentType, long Bytes, double Milliseconds);

    public async Task<Timed> GetAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
        return new Timed(response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes, clock.Elapsed.TotalMilliseconds);
    }

    // Repeated GETs after warm-up; stops early (with at least `minimum` samples) once the time budget is spent.
    public async Task<Stat> TimeAsync(string path, int warmUp, int count, TimeSpan budget, int minimum = 5, Action? beforeEach = null)
    {
        for (var i = 0; i < warmUp; i++) Expect200(path, await GetAsync(path));
        var samples = new List<double>();
        var cpu = CpuMs();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            beforeEach?.Invoke();
            var timed = await GetAsync(path);
            Expect200(path, timed);
            samples.Add(timed.Milliseconds);
            if (samples.Count >= minimum && clock.Elapsed > budget) break;
        }
        var stat = Stat.Of(samples)!;
        stat.ServerCpuMs = (CpuMs() - cpu) / samples.Count;
        return stat;
    }

    static void Expect200(string path, Timed timed)
    {
        if (timed.Status != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)timed.Status}");
    }

    public double? PeakMb() => Machine.PeakMb(process.Id);

    // What the server has logged so far (its first 20,000 characters), one line per message.
    public string Log()
    {
        lock (log) return log.ToString();
    }

    public double CpuMs() => Machine.CpuMs(process.Id) ?? 0;

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
