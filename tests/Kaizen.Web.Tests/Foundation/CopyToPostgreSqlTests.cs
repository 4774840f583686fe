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

        var counts = CopyToPostgreSql.Copy(new Database(app.DatabasePath), postgres.Database, Today).Tables;

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
        Assert.Throws<InvalidOperationException>(() => CopyToPostgreSql.Copy(new Database(app.DatabasePath), postgres.Database, Today));
    }

    static readonly DateOnly Today = new(2022, 6, 15);

    [Fact]
    public void The_demonstration_programme_copies_with_the_same_dashboard_figures_at_every_checkpoint_and_the_same_frozen_meeting()
    {
        using (app.Client()) { }   // the host migrates the SQLite database
        var demo = Kaizen.Web.Data.Demo.DemoProgramme.Load(new Database(app.DatabasePath), Today, "2022-06-15T09:00:00Z");
        Assert.False(demo.AlreadyLoaded);

        var copied = CopyToPostgreSql.Copy(new Database(app.DatabasePath), postgres.Database, Today);

        Assert.Equal(Enum.GetValues<Kaizen.Domain.Checkpoint>().Length, copied.CheckpointsCompared);
        Assert.Equal(1, copied.MeetingsCompared);
        using var pg = postgres.Database.OpenConnection();
        Assert.Equal(app.Scalar<long>("SELECT COUNT(*) FROM measures"), pg.ExecuteScalar<long>("SELECT COUNT(*) FROM measures"));
    }

    [Fact]
    public void A_copy_whose_figures_would_differ_is_refused_and_nothing_is_kept()
    {
        using (app.Client()) { }
        Kaizen.Web.Data.Demo.DemoProgramme.Load(new Database(app.DatabasePath), Today, "2022-06-15T09:00:00Z");
        using (var sqlite = app.OpenDb()) sqlite.Execute("UPDATE measures SET result = result + 0.4 WHERE id = (SELECT MIN(id) FROM measures WHERE kind = 'process_time' AND result IS NOT NULL)");
        // A target whose results column keeps whole numbers only: every row arrives, but not every value.
        // (The trigger that names the column goes first: PostgreSQL will not change the type of a column a trigger names.)
        using (var pg = postgres.Database.OpenConnection())
            pg.Execute("DROP TRIGGER figures_measure_update ON measures; ALTER TABLE measures ALTER COLUMN result TYPE numeric(12, 0)");

        var refused = Assert.Throws<InvalidOperationException>(() => CopyToPostgreSql.Copy(new Database(app.DatabasePath), postgres.Database, Today));

        Assert.Contains("dashboard's figures", refused.Message);
        using var check = postgres.Database.OpenConnection();
        Assert.Equal(0, check.ExecuteScalar<long>("SELECT COUNT(*) FROM measures"));
    }
}
