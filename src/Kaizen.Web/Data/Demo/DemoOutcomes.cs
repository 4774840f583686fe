using Dapper;
using Kaizen.Domain;
using System.Data.Common;

namespace Kaizen.Web.Data.Demo;

// What a value stream's outcome measure shows after one of its workshops (issue 20).
internal enum OutcomeStory { SustainedShift, Faded, NoSignal }

internal sealed record OutcomeSeries(
    OutcomeStory Story, PlanStream Stream, PlanWorkshop Workshop, string Name, string Unit, string Better, string Frequency,
    double? Target, string Definition, IReadOnlyList<(DateOnly Period, double Value)> Points);

// Outcome measures over time for three value streams, each around one of its completed workshops: one where the
// workshop's change held (a sustained shift below the old level), one where the gain faded back, and one with no
// signal at all. Built from a fixed seed, so every load holds the same series.
internal static class DemoOutcomes
{
    // The noise's seed. Any seed gives the shift and the fade; most (not all: the two-of-three rule fires by chance now
    // and then) give a no-signal series with no special cause at all, and DemoOutcomeTests checks this one does.
    public const int Seed = 20;

    static readonly Lazy<IReadOnlyList<OutcomeSeries>> Built = new(() => Build(DemoPlan.Current, Seed));
    public static IReadOnlyList<OutcomeSeries> Current => Built.Value;

    // Workshops early enough for a year and more of data before them and after, within the programme.
    static readonly DateOnly From = new(2017, 9, 1), To = new(2019, 6, 30);

    internal static IReadOnlyList<OutcomeSeries> Build(Plan plan, int seed)
    {
        var rng = new Random(seed);
        PlanWorkshop Pick(string trust) => plan.Workshops
            .Where(w => w.Stream.Trust.Def.Code == trust && w.Status == "completed" && w.Stream.Status == "active" && w.ReportOut >= From && w.ReportOut <= To)
            .OrderBy(w => w.ReportOut).ThenBy(w => w.Reference, StringComparer.Ordinal)
            .First();

        // SASH first: the demo lead's own trust holds the story that worked.
        var shift = Pick("SASH");
        var fade = Pick("LTHT");
        var flat = Pick("UHCW");
        return
        [
            new(OutcomeStory.SustainedShift, shift.Stream, shift, "Hours from decision to admit to arrival on a ward", "hours", "lower", "week", 7,
                "Median hours from the decision to admit to the patient's arrival on a ward, for patients admitted in the week (Monday to Sunday), from the patient administration system's timestamps.",
                Weekly(shift.ReportOut, week => week < 0 ? 9 : 6.5, sd: 0.6, decimals: 1, rng)),
            new(OutcomeStory.Faded, fade.Stream, fade, "Letters with an error at the final check", "letters", "lower", "week", 10,
                "Clinic letters found with at least one error at the final check before sending, in the week (Monday to Sunday), counted from the check sheet.",
                // Down from 18 a week to 10 after the workshop, then drifting back over half a year as the old ways return.
                Weekly(fade.ReportOut, week => week < 0 ? 18 : 10 + 8 * Math.Min(1, week / 26.0), sd: 1.8, decimals: 0, rng)),
            new(OutcomeStory.NoSignal, flat.Stream, flat, "Vacancies filled within 10 weeks", "% of vacancies", "higher", "month", 90,
                "Of the posts whose new starter began in the month, the percentage filled within 10 weeks of the vacancy being approved.",
                Monthly(flat.ReportOut, 86, sd: 1.5, rng)),
        ];
    }

    // 70 weeks before the report-out's week and 70 after: over two and a half years of points. week is 0 for the first
    // week after the report-out.
    static List<(DateOnly, double)> Weekly(DateOnly reportOut, Func<int, double> level, double sd, int decimals, Random rng)
    {
        var first = ValueStreamMeasures.PeriodStart(MeasureFrequency.Week, reportOut).AddDays(7);
        var points = new List<(DateOnly, double)>();
        for (var week = -70; week < 70; week++)
        {
            var period = first.AddDays(7 * week);
            if (period > DemoPlan.Snapshot) break;
            points.Add((period, Math.Max(0, Math.Round(level(week) + sd * Normal(rng), decimals))));
        }
        return points;
    }

    // 18 months before the report-out's month and 18 after: three years, with no change in level.
    static List<(DateOnly, double)> Monthly(DateOnly reportOut, double level, double sd, Random rng)
    {
        var first = ValueStreamMeasures.PeriodStart(MeasureFrequency.Month, reportOut).AddMonths(-18);
        return Enumerable.Range(0, 36).Select(i => (first.AddMonths(i), Math.Round(level + sd * Normal(rng), 1))).ToList();
    }

    // Box–Muller: a standard normal from two uniforms.
    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static int Load(DbConnection connection, DbTransaction tx, IReadOnlyDictionary<PlanStream, long> streamIds)
    {
        foreach (var s in Current)
        {
            var id = connection.ExecuteScalar<long>("""
                INSERT INTO value_stream_measures (value_stream_id, name, unit, better, target, operational_definition, frequency,
                                                   floor_at_zero, created_at)
                VALUES (@streamId, @Name, @Unit, @Better, @Target, @Definition, @Frequency, 1, @createdAt)
                RETURNING id
                """, new { streamId = streamIds[s.Stream], s.Name, s.Unit, s.Better, s.Target, s.Definition, s.Frequency, createdAt = DemoPlan.Instant(s.Points[0].Period, 9) }, tx);
            connection.Execute("INSERT INTO value_stream_measure_points (measure_id, period_start, value) VALUES (@id, @period, @value)",
                s.Points.Select(p => new { id, period = Iso.Date(p.Period), value = p.Value }), tx);
        }
        return Current.Count;
    }
}
