using System.Data.Common;
using AngleSharp.Dom;
using Dapper;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Board;

// Plain SQL inserts for the board tests: a small programme (value streams, workshops, measures), board members,
// compact versions and meetings. The pages under test are driven over HTTP; only the setting-up is done here.
public static class BoardSeed
{
    public static long ValueStream(DbConnection db, long trustId, string name) =>
        db.ExecuteScalar<long>("""
            INSERT INTO value_streams (trust_id, name, chosen_by, status, created_at)
            VALUES (@trustId, @name, 'top_down', 'active', '2020-01-01T00:00:00Z') RETURNING id
            """, new { trustId, name });

    // A completed five-day workshop ending on reportOut (yyyy-MM-dd).
    public static long Workshop(DbConnection db, long valueStreamId, string reference, string title, string reportOut)
    {
        var start = DateOnly.ParseExact(reportOut, "yyyy-MM-dd").AddDays(-4).ToString("yyyy-MM-dd");
        return db.ExecuteScalar<long>("""
            INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status,
                                   created_at, updated_at, updated_by)
            VALUES (@valueStreamId, @reference, @title, @start, 5, @reportOut, 'completed', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 'seed')
            RETURNING id
            """, new { valueStreamId, reference, title, start, reportOut });
    }

    public static long Measure(DbConnection db, long workshopId, string kind, string name, double baseline, double? result,
        double? baselineDen = null, double? resultDen = null)
    {
        var position = db.ExecuteScalar<long>("SELECT COUNT(*) FROM measures WHERE workshop_id = @workshopId", new { workshopId }) + 1;
        return db.ExecuteScalar<long>("""
            INSERT INTO measures (workshop_id, position, kind, name, time_unit, baseline, baseline_den, result, result_den)
            VALUES (@workshopId, @position, @kind, @name, @unit, @baseline, @baselineDen, @result, @resultDen) RETURNING id
            """, new { workshopId, position, kind, name, unit = kind == "process_time" ? "minutes" : null, baseline, baselineDen, result, resultDen });
    }

    public static long Member(DbConnection db, string name, long? trustId, string? organisation = null, string role = "ceo",
        string activeFrom = "2016-01-01", string? activeTo = null) =>
        db.ExecuteScalar<long>("""
            INSERT INTO board_members (name, trust_id, organisation, role, active_from, active_to)
            VALUES (@name, @trustId, @organisation, @role, @activeFrom, @activeTo) RETURNING id
            """, new { name, trustId, organisation, role, activeFrom, activeTo });

    // A compact version with its items (kind, text), adopted on the given day or left as a draft.
    public static long Compact(DbConnection db, int number, string vision, string? adoptedOn, params (string Kind, string Text)[] items)
    {
        var id = db.ExecuteScalar<long>("INSERT INTO compact_versions (number, vision, created_at) VALUES (@number, @vision, '2020-01-01T00:00:00Z') RETURNING id",
            new { number, vision });
        var position = 0;
        foreach (var (kind, text) in items)
            db.Execute("INSERT INTO compact_items (compact_version_id, position, kind, text) VALUES (@id, @position, @kind, @text)",
                new { id, position = ++position, kind, text });
        if (adoptedOn is not null) db.Execute("UPDATE compact_versions SET adopted_on = @adoptedOn WHERE id = @id", new { adoptedOn, id });
        return id;
    }

    public static long[] ItemIds(DbConnection db, long versionId) =>
        db.Query<long>("SELECT id FROM compact_items WHERE compact_version_id = @versionId ORDER BY position", new { versionId }).ToArray();

    public static long Meeting(DbConnection db, string date, long? compactVersionId) =>
        db.ExecuteScalar<long>("""
            INSERT INTO board_meetings (meeting_date, compact_version_id, created_at) VALUES (@date, @compactVersionId, '2020-01-01T00:00:00Z') RETURNING id
            """, new { date, compactVersionId });

    // Marks a meeting held as MeetingFreeze.MarkHeldAsync does: the meeting month's pack figures, computed as at
    // "today", frozen into frozen_json. Direct, so that tests of what the freeze is compared with do not depend on the
    // page or handler that freezes. asSchema1 stores what a meeting frozen before the lists' ids were kept holds.
    public static async Task FreezeAsync(DbConnection db, long meetingId, DateOnly today, string now, bool asSchema1 = false)
    {
        var date = Kaizen.Web.Data.Iso.ParseDate(db.ExecuteScalar<string>("SELECT meeting_date FROM board_meetings WHERE id = @meetingId", new { meetingId })!);
        var figures = await Kaizen.Web.Board.PackFigures.ComputeAsync(db, Kaizen.Web.Board.Month.Of(date), today);
        var json = figures.Freeze(now).ToJson();
        if (asSchema1)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            node["schema"] = 1;
            node.Remove("got_worse");
            node.Remove("overdue");
            node.Remove("not_sustained");
            json = node.ToJsonString();
        }
        db.Execute("UPDATE board_meetings SET held_at = @now, held_by = 'test', frozen_json = @json WHERE id = @meetingId", new { now, json, meetingId });
    }

    public static void FollowUp(DbConnection db, long measureId, int days, double value, string recordedAt) =>
        db.Execute($"UPDATE measures SET f{days} = @value, f{days}_recorded_at = @recordedAt WHERE id = @measureId", new { value, recordedAt, measureId });

    public static void Revision(DbConnection db, long valueStreamId, string at, string reason) =>
        db.Execute("""
            INSERT INTO value_stream_revisions (value_stream_id, at, user_name, reason, changes_json)
            VALUES (@valueStreamId, @at, 'Pat Lead', @reason, '{}')
            """, new { valueStreamId, at, reason });

    // Posts to a page handler with the antiforgery token from any form on the page (the header's sign-out form carries
    // one), as a hand-made request would: for checking that someone without the form is still refused.
    public static async Task<HttpResponseMessage> PostWithTokenAsync(this HttpClient client, string pageUrl, string action, Dictionary<string, string> fields)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        var token = document.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {pageUrl}");
        var values = fields.ToDictionary(kv => kv.Key, kv => new List<string> { kv.Value });
        values["__RequestVerificationToken"] = [token];
        return await client.PostAsync(action, Http.Encode(values));
    }

    public static string Text(this IDocument document, string selector) =>
        document.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}");
}
