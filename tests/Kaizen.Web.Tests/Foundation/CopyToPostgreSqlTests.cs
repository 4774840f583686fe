using System.Globalization;
using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

// Moving to PostgreSQL: a SQLite database built by the app is copied into an empty, migrated PostgreSQL database and
// every table holds the same rows, ids included; new rows get ids after the copied ones.
public sealed class CopyToPostgreSqlTests : IDisposable
{
    private readonly KaizenApp app = new(DatabaseEngine.Sqlite);
    private readonly TestPostgresDatabase postgres = TestPostgres.CreateMigrated();

    public void Dispose()
    {
        app.Dispose();
        postgres.Dispose();
    }

    static List<string> Rows(System.Data.Common.DbConnection db, string table, IReadOnlyList<string> columns) =>
        db.Query($"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\"")
            .Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Every_table_is_copied_with_its_rows_and_ids_and_new_ids_follow_the_copied_ones()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Admin/Trusts/Create", new() { ["Input.Name"] = "Trust C", ["Input.Code"] = "TRC", ["Input.JoinedOn"] = "2020-04-01" })).StatusCode);
        await app.Client().PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead.a@example.nhs.uk", ["Input.Password"] = "wrong" });

        var counts = CopyToPostgreSql.Copy(new Database(app.DatabasePath), postgres.Database);

        using var sqlite = app.OpenDb();
        using var pg = postgres.Database.OpenConnection();
        Assert.Contains(counts, c => c.Table == "trusts" && c.Sqlite == 3 && c.PostgreSql == 3);
        Assert.Contains(counts, c => c.Table == "audit_log" && c.Sqlite > 0);
        foreach (var count in counts)
        {
            var columns = sqlite.Query<string>($"SELECT name FROM pragma_table_info('{count.Table}')").ToList();
            Assert.Equal(Rows(sqlite, count.Table, columns), Rows(pg, count.Table, columns));
        }
        var next = pg.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('Trust D', 'TRD', '2021-01-01') RETURNING id");
        Assert.True(next > sqlite.ExecuteScalar<long>("SELECT MAX(id) FROM trusts"));

        // A second copy into the same database is refused: it is no longer empty.
        Assert.Throws<InvalidOperationException>(() => CopyToPostgreSql.Copy(new Database(app.DatabasePath), postgres.Database));
    }
}
