using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Hardening;

// Kaizen as a trust's IT department runs it (docs/deploy.md): the published app, started from another working
// directory, behind Debian's nginx with TLS on loopback, configured by docs/deploy/kaizen.nginx.conf as written
// (only paths, ports and the host name replaced). A client on 127.0.0.2 talks to nginx; nginx talks to Kaizen
// from 127.0.0.1.
public sealed class ReverseProxyTests(ITestOutputHelper output) : IDisposable
{
    private const string HostName = "kaizen.test";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kaizen-tests", "proxy-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> processes = [];
    private readonly List<string> appLog = [];

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "kaizen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("kaizen.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process Start(string file, IEnumerable<string> args, string workingDirectory, Dictionary<string, string>? environment = null, List<string>? log = null)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? []) start.Environment[key] = value;
        var process = Process.Start(start)!;
        processes.Add(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (appLog) (log ?? appLog).Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (appLog) (log ?? appLog).Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunToEndAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}:\n{await stdout}\n{await stderr}");
    }

    private static async Task WaitForAsync(Func<Task<bool>> ready, string what, Process process)
    {
        for (var i = 0; i < 600 && !process.HasExited; i++)
        {
            try { if (await ready()) return; } catch (HttpRequestException) { } catch (SocketException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException(what + (process.HasExited ? $" exited with code {process.ExitCode}" : " did not start within 60 s"));
    }

    // A client that resolves kaizen.test to nginx on 127.0.0.1, connects from 127.0.0.2, and trusts only the test's certificate.
    private static HttpClient Client(int port, X509Certificate2 certificate, CookieContainer cookies) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies,
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.Thumbprint },
        })
        { BaseAddress = new Uri($"https://{HostName}:{port}") };

    [Fact]
    public async Task Behind_nginx_the_client_address_scheme_and_host_are_right_and_a_foreign_host_is_refused()
    {
        Directory.CreateDirectory(folder);
        var root = RepositoryRoot();

        // The app as published, run from a working directory that is not its folder.
        var published = Path.Combine(folder, "app");
        await RunToEndAsync("dotnet", "publish", Path.Combine(root, "src", "Kaizen.Web"), "-c", "Release", "--no-build", "--nologo", "-o", published);

        // Its database, with an administrator.
        var databasePath = Path.Combine(folder, "data", "kaizen.db");
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        var database = new Database(databasePath);
        database.EnsureCreated();
        MigrationRunner.Apply(database, Path.Combine(published, "migrations"));
        const string password = "correct horse battery staple nginx";
        using (var db = database.Open())
            db.Execute("""
                INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
                VALUES ('admin@example.nhs.uk', 'Admin', 'administrator', @hash, 'stamp', '2024-01-01T00:00:00Z')
                """, new { hash = UserAccounts.Hash(password) });

        var appPort = FreePort();
        var kaizen = Start("dotnet", [Path.Combine(published, "Kaizen.Web.dll"), "--urls", $"http://127.0.0.1:{appPort}"], workingDirectory: "/",
            new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Kaizen__DatabasePath"] = databasePath,
                ["AllowedHosts"] = HostName,
                ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
                // The per-request lines ("Request starting ..."), off by default, to check that each carries its request id.
                ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            });

        // A self-signed certificate for kaizen.test, and nginx with the documented site.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={HostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(HostName);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        var proxyPort = FreePort();
        var site = (await File.ReadAllTextAsync(Path.Combine(root, "docs", "deploy", "kaizen.nginx.conf")))
            .Replace("kaizen.example.nhs.uk", HostName, StringComparison.Ordinal)
            .Replace("/etc/ssl/kaizen/fullchain.pem", Path.Combine(folder, "cert.pem"), StringComparison.Ordinal)
            .Replace("/etc/ssl/kaizen/privkey.pem", Path.Combine(folder, "key.pem"), StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{proxyPort} ssl http2;", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{FreePort()};", StringComparison.Ordinal)
            .Replace("http://127.0.0.1:5000", $"http://127.0.0.1:{appPort}", StringComparison.Ordinal);
        foreach (var temp in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" }) Directory.CreateDirectory(Path.Combine(folder, "nginx", temp));
        var nginxConf = Path.Combine(folder, "nginx", "nginx.conf");
        await File.WriteAllTextAsync(nginxConf, $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            worker_processes 1;
            pid {{folder}}/nginx/nginx.pid;
            error_log {{folder}}/nginx/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/nginx/body;
                proxy_temp_path {{folder}}/nginx/proxy;
                fastcgi_temp_path {{folder}}/nginx/fastcgi;
                uwsgi_temp_path {{folder}}/nginx/uwsgi;
                scgi_temp_path {{folder}}/nginx/scgi;
                types { text/html html; text/css css; application/javascript js; }
            {{site}}
            }
            """);
        var nginxLog = new List<string>();
        var nginx = Start("/usr/sbin/nginx", ["-c", nginxConf, "-p", Path.Combine(folder, "nginx"), "-g", "daemon off;"], folder, log: nginxLog);

        var cookies = new CookieContainer();
        using var client = Client(proxyPort, certificate, cookies);
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}"), DefaultRequestHeaders = { Host = HostName } };
        try
        {
            await WaitForAsync(async () => (await direct.GetAsync("/healthz")).IsSuccessStatusCode, "Kaizen", kaizen);
            await WaitForAsync(async () => (await client.GetAsync("/healthz")).IsSuccessStatusCode, "nginx", nginx);
        }
        finally
        {
            lock (appLog) output.WriteLine(string.Join("\n", appLog.Concat(nginxLog)));
        }

        // Static files are served: the app found its web root though started from /.
        var css = await client.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        // Sign in and make a change through nginx.
        var signIn = await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "admin@example.nhs.uk", ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authCookie = cookies.GetAllCookies().Single(c => c.Name == "kaizen.auth");
        Assert.True(authCookie.Secure, "The sign-in cookie must be Secure behind TLS");
        Assert.All(signIn.Headers.GetValues("Set-Cookie"), header => Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase));
        var create = await client.PostFormAsync("/Admin/Trusts/Create", new() { ["Input.Name"] = "Proxy Hospitals NHS Trust", ["Input.Code"] = "PRX", ["Input.JoinedOn"] = "2021-04-01" });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);

        using (var db = database.Open())
            Assert.Equal("127.0.0.2", db.ExecuteScalar<string>("SELECT client_address FROM audit_log WHERE entity = 'trust' AND action = 'create'"));

        // A Host that is not Kaizen's is refused, through nginx and directly.
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/Account/SignIn");
        foreign.Headers.Host = "evil.example";
        var refused = await client.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var foreignDirect = new HttpRequestMessage(HttpMethod.Get, "/Dashboard");
        foreignDirect.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await direct.SendAsync(foreignDirect)).StatusCode);

        // The log: one JSON object per line, request lines carry the request id, and no password.
        await Task.Delay(200);
        string[] lines;
        lock (appLog) lines = [.. appLog];
        output.WriteLine(string.Join("\n", lines.Take(20)));
        Assert.NotEmpty(lines);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var requestLines = entries.Where(e => e.GetProperty("Category").GetString() == "Microsoft.AspNetCore.Hosting.Diagnostics").ToList();
        Assert.True(requestLines.Count >= 10, $"{requestLines.Count} request lines");
        Assert.All(requestLines, e => Assert.Contains(e.GetProperty("Scopes").EnumerateArray(),
            scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("RequestId", out var id) && id.GetString()!.Length > 0));
        Assert.DoesNotContain(lines, line => line.Contains(password, StringComparison.Ordinal));
    }
}
