using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Hardening;

public abstract class ConcurrencyTests(DatabaseEngine engine, ITestOutputHelper output) : IDisposable
{
    private readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    private sealed record Ack(long Workshop, long VersionRead, string Title);

    [Fact]
    public async Task Twenty_clients_editing_overlapping_workshops_for_30_seconds_lose_no_acknowledged_save()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var workshops = Enumerable.Range(0, 4).Select(i => app.Workshop(vs, new DateOnly(2021, 1, 4).AddDays(7 * i))).ToArray();
        // Signed in one after another: the sign-in guard reserves a try per account and address before checking the
        // password, so more than five sign-ins of one account from one address at the same instant wait their turn.
        var clients = new List<HttpClient>();
        for (var i = 0; i < 20; i++) clients.Add(await (i % 2 == 0 ? cast.Admin() : cast.LeadA()));
        var acks = new ConcurrentBag<Ack>();
        var conflicts = 0;
        var failures = new ConcurrentBag<string>();
        var until = DateTime.UtcNow.AddSeconds(30);

        await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            var random = new Random(c);
            for (var n = 0; DateTime.UtcNow < until; n++)
            {
                var ws = workshops[random.Next(workshops.Length)];
                var form = (IHtmlFormElement)(await client.GetDocumentAsync($"/Workshops/Edit/{ws}")).QuerySelector("main form")!;
                var values = Http.FormValues(form);
                var versionRead = long.Parse(values["Input.Version"][0], CultureInfo.InvariantCulture);
                var title = $"client {c} save {n}";
                values["Input.Title"] = [title];
                var response = await client.PostAsync($"/Workshops/Edit/{ws}", Http.Encode(values));
                if (response.StatusCode == HttpStatusCode.Redirect) acks.Add(new Ack(ws, versionRead, title));
                else if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("changed this record", StringComparison.Ordinal))
                    Interlocked.Increment(ref conflicts);
                else failures.Add($"client {c}: {(int)response.StatusCode}");
            }
        })));

        output.WriteLine($"{acks.Count} saves acknowledged, {conflicts} refused as conflicts");
        Assert.Empty(failures);
        Assert.True(acks.Count > 20, $"only {acks.Count} saves landed");
        Assert.True(conflicts > 0, "the test never produced a conflict, so it proved nothing");
        using var db = app.OpenDb();
        foreach (var ws in workshops)
        {
            var mine = acks.Where(a => a.Workshop == ws).OrderBy(a => a.VersionRead).ToList();
            var (title, version) = db.QuerySingle<(string, long)>("SELECT title, version FROM workshops WHERE id = @ws", new { ws });
            // Every acknowledged save moved the version on by one from the version it had read: a chain with no
            // gaps or forks, ending at the stored row. Two acks from one version would be a lost update.
            Assert.Equal(mine.Count, mine.Select(a => a.VersionRead).Distinct().Count());
            Assert.Equal(1 + mine.Count, version);
            if (mine.Count > 0)
            {
                Assert.Equal(Enumerable.Range(1, mine.Count).Select(v => (long)v), mine.Select(a => a.VersionRead));
                Assert.Equal(mine[^1].Title, title);
            }
            Assert.Equal(mine.Count, db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'workshop' AND entity_id = @ws AND action = 'update'", new { ws }));
        }
    }
}

public sealed class ConcurrencyTestsOnSqlite(ITestOutputHelper output) : ConcurrencyTests(DatabaseEngine.Sqlite, output);

public sealed class ConcurrencyTestsOnPostgreSql(ITestOutputHelper output) : ConcurrencyTests(DatabaseEngine.PostgreSql, output);
