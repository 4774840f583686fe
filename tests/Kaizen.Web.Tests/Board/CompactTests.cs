using System.Data.Common;
using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Kaizen.Web.Tests.Board.BoardSeed;

namespace Kaizen.Web.Tests.Board;

public abstract class CompactTests : IDisposable
{
    private readonly KaizenApp app;

    protected CompactTests(KaizenApp app) => this.app = app;

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    static long InForceNumber(DbConnection db) =>
        db.ExecuteScalar<long>("SELECT number FROM compact_versions WHERE adopted_on IS NOT NULL ORDER BY adopted_on DESC, number DESC LIMIT 1");

    [Fact]
    public async Task Drafting_copies_the_version_in_force_and_does_not_change_it_adopting_does()
    {
        app.Time.Now = new DateTimeOffset(2021, 3, 20, 10, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        using (var db = app.OpenDb())
            Compact(db, 1, "Improving together", "2020-06-01", ("behaviour", "We listen before we judge"), ("responsibility", "We bring our data honestly"));
        var admin = await cast.Admin();

        // Draft a new version: a copy of version 1.
        var drafted = await admin.PostFormAsync("/Board/Compact", new(), "form[action*='handler=Draft']");
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var draftUrl = drafted.Headers.Location!.OriginalString;
        using (var db = app.OpenDb())
        {
            Assert.Equal(2L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM compact_versions"));
            Assert.Equal(["We listen before we judge", "We bring our data honestly"],
                db.Query<string>("SELECT text FROM compact_items i JOIN compact_versions v ON v.id = i.compact_version_id WHERE v.number = 2 ORDER BY position").ToArray());
            Assert.Equal(1L, InForceNumber(db));
        }

        // Edit the draft: change the vision, reorder (position numbers), remove one item and add one.
        var saved = await admin.PostFormAsync(draftUrl, new()
        {
            ["Input.Vision"] = "Improving together, trust by trust",
            ["Input.Items[0].Position"] = "2",
            ["Input.Items[1].Text"] = "",
            ["Input.Items[2].Position"] = "1",
            ["Input.Items[2].Kind"] = "responsibility",
            ["Input.Items[2].Text"] = "We remove barriers for our staff",
        }, "#draft-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var compact = await admin.GetDocumentAsync("/Board/Compact");
        Assert.Contains("In force: version 1", compact.Text("#in-force-heading"));
        Assert.Contains("Improving together", compact.Text("#in-force [data-vision]"));
        Assert.DoesNotContain("trust by trust", compact.Text("#in-force"));
        Assert.Contains("We bring our data honestly", compact.Text("#in-force"));
        using (var db = app.OpenDb())
        {
            Assert.Equal(1L, InForceNumber(db));
            Assert.Equal(["We remove barriers for our staff", "We listen before we judge"],
                db.Query<string>("SELECT text FROM compact_items i JOIN compact_versions v ON v.id = i.compact_version_id WHERE v.number = 2 ORDER BY position").ToArray());
        }

        // Adopt it: now version 2 is in force; version 1 stays readable.
        var adopted = await admin.PostFormAsync(draftUrl, new() { ["AdoptedOn"] = "2021-03-18" }, "#adopt-form");
        Assert.Equal(HttpStatusCode.Redirect, adopted.StatusCode);
        compact = await admin.GetDocumentAsync("/Board/Compact");
        Assert.Contains("In force: version 2, adopted on 18/03/2021", compact.Text("#in-force-heading"));
        Assert.Contains("trust by trust", compact.Text("#in-force [data-vision]"));
        Assert.Contains("since replaced", compact.Text("tr[data-version='1'] [data-status]"));
        using (var db = app.OpenDb())
        {
            Assert.Equal(2L, InForceNumber(db));
            var v1 = db.ExecuteScalar<long>("SELECT id FROM compact_versions WHERE number = 1");
            var old = await admin.GetDocumentAsync($"/Board/Compact/Version/{v1}");
            Assert.Contains("We bring our data honestly", old.Text("main"));
            Assert.Null(old.QuerySelector("#draft-form"));
            Assert.Equal(2L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'compact_version' AND action IN ('draft', 'adopt')"));
        }
    }

    [Fact]
    public async Task An_adopted_version_cannot_be_changed_even_in_the_database()
    {
        await app.CastAsync();
        using var db = app.OpenDb();
        var v1 = Compact(db, 1, "Vision", "2020-06-01", ("behaviour", "One"));
        var e = Assert.ThrowsAny<System.Data.Common.DbException>(() => db.Execute("UPDATE compact_versions SET vision = 'rewritten' WHERE id = @v1", new { v1 }));
        Assert.Contains("adopted compact version cannot be changed", e.Message);
        Assert.ThrowsAny<System.Data.Common.DbException>(() => db.Execute("UPDATE compact_items SET text = 'rewritten' WHERE compact_version_id = @v1", new { v1 }));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => db.Execute("INSERT INTO compact_items (compact_version_id, position, kind, text) VALUES (@v1, 2, 'behaviour', 'Two')", new { v1 }));
    }

    [Fact]
    public async Task A_board_member_reads_the_compact_but_cannot_draft_and_the_attempt_is_audited()
    {
        var cast = await app.CastAsync();
        using (var db = app.OpenDb()) Compact(db, 1, "Vision", "2020-06-01", ("behaviour", "One"));
        var board = await cast.Board();
        var page = await board.GetDocumentAsync("/Board/Compact");
        Assert.Contains("One", page.Text("#in-force"));
        Assert.Null(page.QuerySelector("form[action*='handler=Draft']"));

        var response = await board.PostWithTokenAsync("/Board/Compact", "/Board/Compact?handler=Draft", new());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var check = app.OpenDb();
        Assert.Equal(1L, check.ExecuteScalar<long>("SELECT COUNT(*) FROM compact_versions"));
        Assert.Equal(1L, check.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'compact_version' AND action = 'denied'"));
    }
}

public sealed class CompactTestsOnSqlite(SharedKaizenApp shared) : CompactTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class CompactTestsOnPostgreSql() : CompactTests(new KaizenApp(DatabaseEngine.PostgreSql));
