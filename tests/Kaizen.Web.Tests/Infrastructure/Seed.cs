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

    public static T Scalar<T>(this KaizenApp app, string sql, object? args = null)
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<T>(sql, args)!;
    }
}
