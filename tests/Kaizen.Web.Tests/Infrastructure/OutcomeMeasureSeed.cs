using Dapper;

namespace Kaizen.Web.Tests.Infrastructure;

// A value stream's outcome measure and its points (migration 0018) put straight into the database.
public static class OutcomeMeasureSeed
{
    public static long AddOutcomeMeasure(this KaizenApp app, long valueStreamId, string name = "Days to first appointment",
        string frequency = "week", string better = "lower", string unit = "days", bool floorAtZero = true)
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<long>("""
            INSERT INTO value_stream_measures (value_stream_id, name, unit, better, frequency, floor_at_zero, created_at)
            VALUES (@valueStreamId, @name, @unit, @better, @frequency, @floorAtZero, '2020-01-01T00:00:00Z') RETURNING id
            """, new { valueStreamId, name, unit, better, frequency, floorAtZero });
    }

    public static void AddOutcomePoint(this KaizenApp app, long measureId, string periodStart, double value)
    {
        using var db = app.OpenDb();
        db.Execute("INSERT INTO value_stream_measure_points (measure_id, period_start, value) VALUES (@measureId, @periodStart, @value)",
            new { measureId, periodStart, value });
    }
}
