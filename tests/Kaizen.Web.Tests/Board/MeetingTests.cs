using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Board.BoardSeed;

namespace Kaizen.Web.Tests.Board;

// Meetings: attendance, reflections on the compact in force at the meeting, and actions that carry over.
public abstract class MeetingTests : IAsyncLifetime
{
    protected readonly KaizenApp app;
    protected Cast cast = default!;
    protected long v1, v2, ceoA, ceoB, regulator;

    protected MeetingTests(KaizenApp app) => this.app = app;

    public async Task InitializeAsync()
    {
        app.Time.Now = new DateTimeOffset(2021, 3, 20, 10, 0, 0, TimeSpan.Zero);
        cast = await app.CastAsync();
        using var db = app.OpenDb();
        v1 = Compact(db, 1, "Improving together", "2020-06-01", ("behaviour", "We listen before we judge"), ("responsibility", "We bring our data honestly"));
        v2 = Compact(db, 2, "Improving together, trust by trust", "2021-02-20", ("behaviour", "We listen before we judge"), ("responsibility", "We remove barriers"));
        ceoA = Member(db, "Alice Chief", cast.TrustA);
        ceoB = Member(db, "Bob Chief", cast.TrustB, activeFrom: "2021-03-01");
        regulator = Member(db, "Rita Regulator", null, "NHS Improvement", "regulator");
    }

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public Task DisposeAsync()
    {
        if (app is not SharedKaizenApp) app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_new_meeting_takes_the_compact_in_force_on_its_date_and_warns_about_a_second_meeting_in_a_month()
    {
        var admin = await cast.Admin();
        var first = await admin.PostFormAsync("/Board/Meetings/Create", new() { ["Input.MeetingDate"] = "2021-02-11" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await admin.PostFormAsync("/Board/Meetings/Create", new() { ["Input.MeetingDate"] = "2021-02-25" });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var warned = await second.ParseAsync();
        Assert.Contains("already a meeting in February 2021: 11/02/2021", warned.Text("#same-month-warning"));
        Assert.NotNull(warned.FieldError("Input.ConfirmSameMonth"));

        var confirmed = await admin.PostFormAsync("/Board/Meetings/Create", new() { ["Input.MeetingDate"] = "2021-02-25", ["Input.ConfirmSameMonth"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        using var db = app.OpenDb();
        Assert.Equal([(long)v1, v2], db.Query<long>("SELECT compact_version_id FROM board_meetings ORDER BY meeting_date").ToArray());
    }

    [Fact]
    public async Task Reflections_are_only_for_items_of_the_version_in_force_at_the_meeting()
    {
        long meeting;
        using (var db = app.OpenDb()) meeting = Meeting(db, "2021-03-11", v2);
        var board = await cast.Board();
        var url = $"/Board/Meetings/{meeting}";
        var page = await board.GetDocumentAsync(url);
        long[] v1Items, v2Items;
        using (var db = app.OpenDb()) (v1Items, v2Items) = (ItemIds(db, v1), ItemIds(db, v2));
        // The form offers the items of version 2 only, and the members on the board that day.
        Assert.Equal(v2Items.Select(i => i.ToString()).ToArray(), page.QuerySelectorAll("#reflections tr[data-item]").Select(r => r.GetAttribute("data-item")).ToArray());
        Assert.Equal(3, page.QuerySelectorAll("input[name='Input.Attended']").Length);

        var saved = await board.PostFormAsync(url, new()
        {
            ["Input.Reflections[0].Rating"] = "living",
            ["Input.Reflections[0].Note"] = "Better every month",
            ["Input.Reflections[1].Rating"] = "not_yet",
            ["Input.Attended"] = ceoA.ToString(),
            ["Input.Notes"] = "A good day",
        }, "#meeting-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // A post naming an item of version 1 (not in force at this meeting) is refused, and nothing changes.
        var refused = await board.PostFormAsync(url, new()
        {
            ["Input.Reflections[0].ItemId"] = v1Items[1].ToString(),
            ["Input.Reflections[0].Rating"] = "partly",
        }, "#meeting-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("only be on the items of compact version 2", (await refused.ParseAsync()).Text("#form-errors"));

        using var check = app.OpenDb();
        var rows = check.Query<(long Item, string Rating)>("SELECT compact_item_id, rating FROM meeting_reflections WHERE meeting_id = @meeting ORDER BY compact_item_id", new { meeting }).ToList();
        Assert.Equal([(v2Items[0], "living"), (v2Items[1], "not_yet")], rows);
        Assert.Equal("A good day", check.ExecuteScalar<string>("SELECT notes FROM board_meetings WHERE id = @meeting", new { meeting }));
        Assert.Equal([ceoA], check.Query<long>("SELECT member_id FROM meeting_attendance WHERE meeting_id = @meeting", new { meeting }).ToArray());
        // And the database itself refuses such a row.
        Assert.ThrowsAny<System.Data.Common.DbException>(() => check.Execute(
            "INSERT INTO meeting_reflections (meeting_id, compact_item_id, rating) VALUES (@meeting, @item, 'partly')", new { meeting, item = v1Items[1] }));
    }


    [Fact]
    public async Task A_lead_reads_a_meeting_but_cannot_write_reflections_and_the_attempt_is_audited()
    {
        long meeting;
        using (var db = app.OpenDb()) meeting = Meeting(db, "2021-03-11", v2);
        var lead = await cast.LeadA();
        var url = $"/Board/Meetings/{meeting}";
        var page = await lead.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector("#meeting-form"));
        Assert.Contains("We remove barriers", page.Text("#reflections"));

        long item;
        using (var db = app.OpenDb()) item = ItemIds(db, v2)[0];
        var response = await lead.PostWithTokenAsync(url, url, new()
        {
            ["Input.Version"] = "1",
            ["Input.Reflections[0].ItemId"] = item.ToString(),
            ["Input.Reflections[0].Rating"] = "living",
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var held = await lead.PostWithTokenAsync(url, url + "/Hold", new());
        Assert.Equal(HttpStatusCode.Forbidden, held.StatusCode);

        using var db2 = app.OpenDb();
        Assert.Equal(0L, db2.ExecuteScalar<long>("SELECT COUNT(*) FROM meeting_reflections"));
        Assert.Null(db2.ExecuteScalar<string?>("SELECT held_at FROM board_meetings WHERE id = @meeting", new { meeting }));
        var denied = db2.Query<(string Email, string After)>(
            "SELECT user_email, after_json FROM audit_log WHERE entity = 'board_meeting' AND entity_id = @meeting AND action = 'denied' ORDER BY id", new { meeting }).ToList();
        Assert.Equal(2, denied.Count);
        Assert.All(denied, d => Assert.Equal("lead.a@example.nhs.uk", d.Email));
        Assert.Contains("reflections", denied[0].After);
    }


    [Fact]
    public async Task Administrators_manage_members_and_the_organisation_is_a_trust_or_a_named_body_not_both()
    {
        var admin = await cast.Admin();
        var both = await admin.PostFormAsync("/Board/Members/Create", new()
        {
            ["Input.Name"] = "Carol Chief", ["Input.TrustId"] = cast.TrustA.ToString(), ["Input.Organisation"] = "CQC",
            ["Input.Role"] = "ceo", ["Input.ActiveFrom"] = "2021-01-01",
        });
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Contains("not both", (await both.ParseAsync()).FieldError("Input.Organisation"));

        var ok = await admin.PostFormAsync("/Board/Members/Create", new()
        {
            ["Input.Name"] = "Carol Chief", ["Input.TrustId"] = cast.TrustA.ToString(), ["Input.Organisation"] = "",
            ["Input.Role"] = "ceo", ["Input.ActiveFrom"] = "2021-01-01",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var list = await admin.GetDocumentAsync("/Board/Members");
        Assert.Contains("Carol Chief", list.Text("#members"));

        var board = await cast.Board();
        var readOnly = await board.GetDocumentAsync("/Board/Members");
        Assert.Contains("Rita Regulator", readOnly.Text("#members"));
        Assert.Equal(HttpStatusCode.Forbidden, (await board.GetAsync("/Board/Members/Create")).StatusCode);
    }

    [Fact]
    public async Task Every_board_page_renders_for_each_role_and_only_writers_see_the_forms()
    {
        long meeting;
        using (var db = app.OpenDb())
        {
            meeting = Meeting(db, "2021-03-11", v2);
            Compact(db, 3, "A draft", null, ("behaviour", "Draft item"));
        }
        var pages = new[] { "/Board", "/Board/Members", "/Board/Compact", $"/Board/Compact/Version/{v1}", $"/Board/Compact/Version/{v2}",
            "/Board/Meetings", $"/Board/Meetings/{meeting}", "/Board/Pack", "/Board/Pack?month=2021-03", "/Board/Pack?month=nonsense",
            $"/Trusts/Details/{cast.TrustA}" };
        var admin = await cast.Admin();
        foreach (var (client, writer) in new[] { (admin, true), (await cast.Board(), true), (await cast.LeadA(), false) })
        {
            foreach (var url in pages)
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            }
            var page = await client.GetDocumentAsync($"/Board/Meetings/{meeting}");
            Assert.Equal(writer, page.QuerySelector("#meeting-form") is not null);
            // Marking held (which freezes the figures) is the administrator's alone.
            Assert.Equal(client == admin, page.QuerySelector("#hold-link") is not null);
        }
        var lead = await cast.LeadA();
        Assert.Contains("was not understood", (await lead.GetDocumentAsync("/Board/Pack?month=nonsense")).Text("main"));
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/Board/Meetings/Create")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/Admin/TrustContext")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync("/Board/Meetings/999")).StatusCode);
    }

    [Fact]
    public async Task Each_member_has_their_own_rating_and_note_on_each_item_and_saving_one_leaves_the_others()
    {
        long meeting;
        using (var db = app.OpenDb()) meeting = Meeting(db, "2021-03-11", v2);
        var board = await cast.Board();
        var url = $"/Board/Meetings/{meeting}";

        // Alice's reflections (the form holds the first member's until another is chosen), then Rita's.
        Assert.Equal(HttpStatusCode.Redirect, (await board.PostFormAsync(url + $"?member={ceoA}", new()
        {
            ["Input.Reflections[0].Rating"] = "living", ["Input.Reflections[0].Note"] = "We listened at the Frimley review",
            ["Input.Reflections[1].Rating"] = "partly",
        }, "#meeting-form")).StatusCode);
        var ritas = await board.GetDocumentAsync(url + $"?member={regulator}");
        Assert.Contains("These are the reflections of Rita Regulator", ritas.Text("#reflecting"));
        Assert.Equal("", ritas.QuerySelector("select[name='Input.Reflections[0].Rating']")!.GetAttribute("value") ?? "");
        Assert.Equal(HttpStatusCode.Redirect, (await board.PostFormAsync(url + $"?member={regulator}", new()
        {
            ["Input.Reflections[0].Rating"] = "not_yet", ["Input.Reflections[0].Note"] = "Two trusts still argue over the data",
        }, "#meeting-form")).StatusCode);

        using (var db = app.OpenDb())
        {
            var rows = db.Query<(long Member, long Item, string Rating, string? Note)>(
                "SELECT member_id, compact_item_id, rating, note FROM meeting_reflections WHERE meeting_id = @meeting ORDER BY member_id, compact_item_id", new { meeting }).ToList();
            var items = ItemIds(db, v2);
            Assert.Equal([(ceoA, items[0], "living", "We listened at the Frimley review"), (ceoA, items[1], "partly", null),
                (regulator, items[0], "not_yet", "Two trusts still argue over the data")], rows);
        }

        // Everyone's reflections, with their authors, for anyone who reads the meeting; and in the pack, with the notes.
        var lead = await cast.LeadA();
        var read = await lead.GetDocumentAsync(url);
        var first = read.QuerySelector("#reflections tr[data-item]")!.TextContent;
        Assert.Contains("Alice Chief: Living it — We listened at the Frimley review", first);
        Assert.Contains("Rita Regulator: Not yet — Two trusts still argue over the data", first);
        var pack = await lead.GetDocumentAsync("/Board/Pack?month=2021-03");
        Assert.Equal("L N", System.Text.RegularExpressions.Regex.Replace(pack.QuerySelector("#reflection-trend tbody tr td")!.TextContent.Trim(), @"\s+", " "));
        Assert.Contains("Rita Regulator, 11/03/2021, on “We listen before we judge” (not yet): Two trusts still argue over the data", pack.Text("#reflection-notes"));

        // A member who is not on the board is refused beside the field, and nothing changes.
        var refused = await board.PostWithTokenAsync(url, url, new()
        {
            ["Input.Version"] = "3", ["Input.MemberId"] = "99999",
            ["Input.Reflections[0].ItemId"] = app.Scalar<long>("SELECT id FROM compact_items WHERE compact_version_id = @v2 AND position = 1", new { v2 }).ToString(),
            ["Input.Reflections[0].Rating"] = "living",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("one of the members on the board", (await refused.ParseAsync()).FieldError("Input.MemberId"));
        Assert.Equal(3L, app.Scalar<long>("SELECT COUNT(*) FROM meeting_reflections"));
    }

    [Fact]
    public async Task An_action_stays_on_every_later_meeting_until_it_is_marked_done()
    {
        long m1, m2, m3;
        using (var db = app.OpenDb())
        {
            m1 = Meeting(db, "2021-01-14", v1);
            m2 = Meeting(db, "2021-02-11", v1);
            m3 = Meeting(db, "2021-03-11", v2);
        }
        var board = await cast.Board();
        var added = await board.PostFormAsync($"/Board/Meetings/{m1}", new()
        {
            ["NewAction.Text"] = "Share the outpatients lessons with every trust",
            ["NewAction.OwnerId"] = ceoA.ToString(),
            ["NewAction.DueOn"] = "2021-02-28",
        }, "#add-action");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        long action;
        using (var db = app.OpenDb()) action = db.ExecuteScalar<long>("SELECT id FROM board_actions");

        foreach (var later in new[] { m2, m3 })
        {
            var page = await board.GetDocumentAsync($"/Board/Meetings/{later}");
            var row = page.QuerySelector($"#actions-table tr[data-action='{action}']");
            Assert.NotNull(row);
            Assert.Equal("yes", row!.GetAttribute("data-carried"));
            Assert.Contains("Carried over from 14/01/2021", row.TextContent);
            Assert.Equal("Open", row.QuerySelector("[data-status]")!.TextContent.Trim());
        }

        // Marked done at the March meeting (on 20/03/2021): a meeting after that no longer carries it.
        var done = await board.PostFormAsync($"/Board/Meetings/{m3}", new(), $"#actions-table tr[data-action='{action}'] form");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        long m4;
        using (var db = app.OpenDb())
        {
            Assert.Equal(("done", "2021-03-20"), db.QuerySingle<(string, string)>("SELECT status, done_on FROM board_actions WHERE id = @action", new { action }));
            m4 = Meeting(db, "2021-04-15", v2);
        }
        var april = await board.GetDocumentAsync($"/Board/Meetings/{m4}");
        Assert.Null(april.QuerySelector($"#actions-table tr[data-action='{action}']"));
        // The record of the meetings before it is unchanged: it was open then.
        var february = await board.GetDocumentAsync($"/Board/Meetings/{m2}");
        Assert.NotNull(february.QuerySelector($"#actions-table tr[data-action='{action}']"));
        var march = await board.GetDocumentAsync($"/Board/Meetings/{m3}");
        Assert.Equal("Done 20/03/2021", march.Text($"#actions-table tr[data-action='{action}'] [data-status]"));

        // The February pack lists it as open, with its age on the last day of February.
        var pack = await board.GetDocumentAsync("/Board/Pack?month=2021-02");
        Assert.Equal("45", pack.Text($"#open-actions tr[data-action='{action}'] [data-figure='age']"));
        var aprilPack = await board.GetDocumentAsync("/Board/Pack?month=2021-04");
        Assert.Null(aprilPack.QuerySelector($"#open-actions tr[data-action='{action}']"));
    }
}

public sealed class MeetingTestsOnSqlite(SharedKaizenApp shared) : MeetingTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class MeetingTestsOnPostgreSql() : MeetingTests(new KaizenApp(DatabaseEngine.PostgreSql));
