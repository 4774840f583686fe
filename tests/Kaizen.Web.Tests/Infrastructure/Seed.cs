using Dapper;
using Kaizen.Web.Data;

namespace Kaizen.Web.Tests.Infrastructure;

// Records put straight into the database, so a test can start from the state it is about.
public static class Seed
{
    public static long ValueStream(this KaizenApp app, long trustId, string name = "Outpatients")
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<long>("""
            INSERT INTO value_streams (trust_id, name, chosen_by, status, created_at) VALUES (@trustId, @name, 'top_down', 'active', '2020-01-01T00:00:00Z')
            RETURNING id
            """, new { trustId, name });
    }

    public static long Workshop(this KaizenApp app, long valueStreamId, DateOnly start, int length = 5, string status = "planned", string? reference = null, string title = "Referral triage")
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<long>("""
            INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status, created_at, updated_at, updated_by)
            VALUES (@valueStreamId, @reference, @title, @start, @length, @reportOut, @status, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 'seed')
            RETURNING id
            """, new
            {
                valueStreamId, reference = reference ?? "REF-" + Guid.NewGuid().ToString("N")[..8], title, status,
                start = Iso.Date(start), length, reportOut = Iso.Date(start.AddDays(length - 1)),
            });
    }

    public static long Measure(this KaizenApp app, long workshopId, string kind, double? baseline, double? result,
        double? baselineDen = null, double? resultDen = null, double? target = null, string name = "Wait", string? timeUnit = null)
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<long>("""
            INSERT INTO measures (workshop_id, position, kind, name, time_unit, baseline, baseline_den, target, result, result_den)
            VALUES (@workshopId, 1, @kind, @name, @timeUnit, @baseline, @baselineDen, @target, @result, @resultDen)
            RETURNING id
            """, new { workshopId, kind, name, timeUnit = timeUnit ?? (kind == "process_time" ? "minutes" : null), baseline, baselineDen, target, result, resultDen });
    }

    public sealed record BoardIds(long Member, long Compact, long Draft, long Meeting, long Action, long Rating, long Chief);

    // A board with one member, a compact in force and a draft of the next, and one meeting under the compact.
    public static BoardIds Board(this KaizenApp app, long? trustId = null)
    {
        using var db = app.OpenDb();
        var member = db.ExecuteScalar<long>("""
            INSERT INTO board_members (name, trust_id, organisation, role, active_from) VALUES ('Chris Chief', @trustId, @organisation, 'ceo', '2016-01-01') RETURNING id
            """, new { trustId, organisation = trustId is null ? "NHS Improvement" : null });
        long Version(int number, string? adopted)
        {
            var id = db.ExecuteScalar<long>("INSERT INTO compact_versions (number, vision, created_at) VALUES (@number, 'Improving together', '2020-01-01T00:00:00Z') RETURNING id", new { number });
            db.Execute("INSERT INTO compact_items (compact_version_id, position, kind, text) VALUES (@id, 1, 'behaviour', 'We speak openly'), (@id, 2, 'responsibility', 'We bring our data')", new { id });
            if (adopted is not null) db.Execute("UPDATE compact_versions SET adopted_on = @adopted WHERE id = @id", new { adopted, id });
            return id;
        }
        var compact = Version(1, "2016-03-01");
        var draft = Version(2, null);
        var meeting = db.ExecuteScalar<long>("INSERT INTO board_meetings (meeting_date, compact_version_id, created_at) VALUES ('2021-03-10', @compact, '2021-03-01T00:00:00Z') RETURNING id", new { compact });
        var action = db.ExecuteScalar<long>("""
            INSERT INTO board_actions (meeting_id, text, owner_member_id, due_on, created_at) VALUES (@meeting, 'Share the discharge lessons', @member, '2021-04-30', '2021-03-10T12:00:00Z') RETURNING id
            """, new { meeting, member });
        long rating = 0, chief = 0;
        if (trustId is { } t)
        {
            rating = db.ExecuteScalar<long>("INSERT INTO trust_cqc_ratings (trust_id, rated_on, rating) VALUES (@t, '2019-06-01', 'good') RETURNING id", new { t });
            chief = db.ExecuteScalar<long>("INSERT INTO trust_chief_executives (trust_id, started_on, name) VALUES (@t, '2015-04-01', 'Pat Chief') RETURNING id", new { t });
        }
        return new BoardIds(member, compact, draft, meeting, action, rating, chief);
    }

    public static T Scalar<T>(this KaizenApp app, string sql, object? args = null)
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<T>(sql, args)!;
    }
}
