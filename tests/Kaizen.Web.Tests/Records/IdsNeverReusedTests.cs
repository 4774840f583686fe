using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

// SQLite hands the largest rowid + 1 to a new row unless the table is AUTOINCREMENT (0010_ids_never_reused.sql): a
// deleted measure's id went to the next one, and the audit log's "measure N" named two measures.
public abstract class IdsNeverReusedTests(DatabaseEngine engine) : IDisposable
{
    private readonly KaizenApp app = new(engine) { Time = { Now = new DateTimeOffset(2021, 6, 15, 12, 0, 0, TimeSpan.Zero) } };

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_deleted_measures_id_is_never_given_to_the_next_one_and_the_audit_log_names_one_measure_per_id()
    {
        var cast = await app.CastAsync();
        var workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 5, 10));
        var lead = await cast.LeadA();
        async Task<long> CreateAsync(string name)
        {
            var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind=process_time", new()
            {
                ["Input.Name"] = name, ["Input.Unit"] = "minutes", ["Input.Baseline"] = "100",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return app.Scalar<long>("SELECT id FROM measures WHERE name = @name", new { name });
        }

        var first = await CreateAsync("Referral to triage");
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync($"/Measures/Delete/{first}", new())).StatusCode);
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
        var second = await CreateAsync("Triage to first appointment");

        Assert.NotEqual(first, second);
        Assert.Equal(0L, app.Scalar<long>("""
            SELECT COUNT(*) FROM (SELECT entity_id FROM audit_log WHERE entity = 'measure' AND action = 'create'
                                  GROUP BY entity_id HAVING COUNT(*) > 1) AS repeated
            """));
        Assert.Equal(2L, app.Scalar<long>("SELECT COUNT(DISTINCT entity_id) FROM audit_log WHERE entity = 'measure'"));
    }
}

public sealed class IdsNeverReusedTestsOnSqlite() : IdsNeverReusedTests(DatabaseEngine.Sqlite);

public sealed class IdsNeverReusedTestsOnPostgreSql() : IdsNeverReusedTests(DatabaseEngine.PostgreSql);
