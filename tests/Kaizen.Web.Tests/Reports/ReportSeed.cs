using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Reports;

// Plain SQL inserts for report tests: value streams, workshops (report-out = start + 4, five days), measures, revisions.
public static class ReportSeed
{
    public static long ValueStream(DbConnection db, long trustId, string name, string status = "active",
        double? targetProcessTime = null, double? targetErrorCount = null, double? targetErrorRate = null) =>
        db.ExecuteScalar<long>("""
            INSERT INTO value_streams (trust_id, name, chosen_by, status, target_process_time, target_error_count, target_error_rate, created_at)
            VALUES (@trustId, @name, 'top_down', @status, @targetProcessTime, @targetErrorCount, @targetErrorRate, '2024-01-01T00:00:00Z')
            RETURNING id
            """, new { trustId, name, status, targetProcessTime, targetErrorCount, targetErrorRate });

    public static long Workshop(DbConnection db, long valueStreamId, string reference, string title, string reportOut,
        string status = "completed", string? reason = null)
    {
        var start = DateOnly.ParseExact(reportOut, "yyyy-MM-dd").AddDays(-4).ToString("yyyy-MM-dd");
        return db.ExecuteScalar<long>("""
            INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status, status_reason,
                                   created_at, updated_at, updated_by)
            VALUES (@valueStreamId, @reference, @title, @start, 5, @reportOut, @status, @reason,
                    '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'test')
            RETURNING id
            """, new { valueStreamId, reference, title, start, reportOut, status, reason });
    }

    public static long Measure(DbConnection db, long workshopId, string kind, string name,
        double? baseline, double? baselineDen = null, double? target = null, double? result = null, double? resultDen = null,
        double? f30 = null, double? f30Den = null, double? f60 = null, double? f60Den = null, double? f90 = null, double? f90Den = null)
    {
        var position = db.ExecuteScalar<long>("SELECT COUNT(*) FROM measures WHERE workshop_id = @workshopId", new { workshopId }) + 1;
        return db.ExecuteScalar<long>("""
            INSERT INTO measures (workshop_id, position, kind, name, time_unit, baseline, baseline_den, target, result, result_den,
                                  f30, f30_den, f60, f60_den, f90, f90_den)
            VALUES (@workshopId, @position, @kind, @name, @timeUnit, @baseline, @baselineDen, @target, @result, @resultDen,
                    @f30, @f30Den, @f60, @f60Den, @f90, @f90Den)
            RETURNING id
            """, new
        {
            workshopId, position, kind, name, timeUnit = kind == "process_time" ? "minutes" : null,
            baseline, baselineDen, target, result, resultDen, f30, f30Den, f60, f60Den, f90, f90Den,
        });
    }

    public static void Revision(DbConnection db, long valueStreamId, string at, string reason) =>
        db.Execute("""
            INSERT INTO value_stream_revisions (value_stream_id, at, user_name, reason, changes_json)
            VALUES (@valueStreamId, @at, 'Lead A', @reason, '{}')
            """, new { valueStreamId, at, reason });
}
