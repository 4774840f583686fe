using Dapper;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.ValueStreamCharts;

// Value stream outcome measures and their points put straight into the tables (the data entry pages are another
// room's): the chart, the pages and the pack are tested on what the database holds.
public static class SpcSeed
{
    public static long OutcomeMeasure(this KaizenApp app, long valueStreamId, string name = "Time to triage", string unit = "days",
        string better = "lower", double? target = null, string frequency = "week", bool floorAtZero = true, int? baselinePoints = null)
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<long>("""
            INSERT INTO value_stream_measures (value_stream_id, name, unit, better, target, frequency, floor_at_zero, baseline_points, created_at)
            VALUES (@valueStreamId, @name, @unit, @better, @target, @frequency, @floor, @baselinePoints, '2019-01-01T00:00:00Z') RETURNING id
            """, new { valueStreamId, name, unit, better, target, frequency, floor = floorAtZero ? 1 : 0, baselinePoints });
    }

    // One point per period from the first: weeks from a Monday, or months from the 1st.
    public static void Points(this KaizenApp app, long measureId, DateOnly first, params double[] values)
    {
        using var db = app.OpenDb();
        var monthly = db.ExecuteScalar<string>("SELECT frequency FROM value_stream_measures WHERE id = @measureId", new { measureId }) == "month";
        for (var i = 0; i < values.Length; i++)
            db.Execute("INSERT INTO value_stream_measure_points (measure_id, period_start, value) VALUES (@measureId, @period, @value)",
                new { measureId, period = Kaizen.Web.Data.Iso.Date(monthly ? first.AddMonths(i) : first.AddDays(7 * i)), value = values[i] });
    }

    public static long Recalculation(this KaizenApp app, long measureId, string fromPeriod, string reason)
    {
        using var db = app.OpenDb();
        return db.ExecuteScalar<long>("""
            INSERT INTO value_stream_measure_recalculations (measure_id, from_period, reason, at, user_name)
            VALUES (@measureId, @fromPeriod, @reason, '2019-04-01T09:00:00Z', 'seed') RETURNING id
            """, new { measureId, fromPeriod, reason });
    }

    // A completed five-day workshop ending on its report-out.
    public static long HeldWorkshop(this KaizenApp app, long valueStreamId, string reference, DateOnly reportOut, string status = "completed") =>
        app.Workshop(valueStreamId, reportOut.AddDays(-4), status: status, reference: reference);
}
