using Kaizen.Domain;

namespace Kaizen.Domain.Tests;

// Special causes in words, dated from the workshop before them (issue 20).
public class XmrSignalsTests
{
    static IReadOnlyList<DateOnly> Weeks(DateOnly monday, int n) => Enumerable.Range(0, n).Select(i => monday.AddDays(7 * i)).ToList();
    static IReadOnlyList<DateOnly> Months(DateOnly first, int n) => Enumerable.Range(0, n).Select(i => first.AddMonths(i)).ToList();

    // Eight baseline weeks 11, 13, … : mean 12, moving ranges all 2, limits 12 ± 2.66 × 2 = 17.32 and 6.68; the two-sigma
    // zone below the mean starts at 12 − ⅔ × 5.32 = 8.453. Then seven weeks of 10 and 11: all below the mean, inside the
    // limits, none in the zone and no trend, so only the run of 7 is flagged (points 9 to 15).
    static readonly double[] RunBelow = [11, 13, 11, 13, 11, 13, 11, 13, 10, 11, 10, 11, 10, 11, 10];

    [Fact]
    public void A_run_after_a_workshop_is_dated_from_the_nearest_earlier_report_out()
    {
        var chart = Xmr.Compute(RunBelow, new XmrOptions(Baseline: 8));
        // Week 9 begins Monday 04/03/2019 (07/01/2019 + 8 × 7 days).
        var periods = Weeks(new DateOnly(2019, 1, 7), RunBelow.Length);
        XmrMarker[] markers =
        [
            new("SASH-2019-01", new DateOnly(2019, 1, 11)),
            // Friday 22/02/2019 is in the week of Monday 18/02/2019: 14 days, 2 weeks, before 04/03/2019.
            new("SASH-2019-04", new DateOnly(2019, 2, 22)),
            new("SASH-2019-07", new DateOnly(2019, 3, 20)),
        ];

        var signal = Assert.Single(XmrSignals.Describe(chart, periods, MeasureFrequency.Week, markers, Better.Lower));

        Assert.Equal((SpecialCause.Shift, 8, 14, -1), (signal.Rule, signal.First, signal.Last, signal.Side));
        Assert.Equal("SASH-2019-04", signal.Marker!.Reference);
        Assert.Equal("a run of 7 below the mean began 2 weeks after SASH-2019-04 (week of 04/03/2019): an improvement", signal.Words);
    }

    [Fact]
    public void The_same_run_is_a_concern_when_higher_is_better_and_plain_when_neither()
    {
        var chart = Xmr.Compute(RunBelow, new XmrOptions(Baseline: 8));
        var periods = Weeks(new DateOnly(2019, 1, 7), RunBelow.Length);

        var concern = Assert.Single(XmrSignals.Describe(chart, periods, MeasureFrequency.Week, [], Better.Higher));
        var plain = Assert.Single(XmrSignals.Describe(chart, periods, MeasureFrequency.Week, [], Better.Neither));

        Assert.Equal("a run of 7 below the mean began in the week of 04/03/2019: a concern", concern.Words);
        Assert.Equal("a run of 7 below the mean began in the week of 04/03/2019", plain.Words);
    }

    [Fact]
    public void A_report_out_in_the_signals_own_week_counts_as_that_week()
    {
        var chart = Xmr.Compute(RunBelow, new XmrOptions(Baseline: 8));
        var periods = Weeks(new DateOnly(2019, 1, 7), RunBelow.Length);

        // Friday 08/03/2019 is in the week of 04/03/2019.
        var signal = Assert.Single(XmrSignals.Describe(chart, periods, MeasureFrequency.Week, [new("SASH-2019-05", new DateOnly(2019, 3, 8))]));

        Assert.Equal("a run of 7 below the mean began in the week of SASH-2019-05's report-out (week of 04/03/2019)", signal.Words);
    }

    [Fact]
    public void A_single_point_outside_the_limits_on_a_monthly_series_is_counted_in_months()
    {
        // Baseline Jan to Aug 2020: 12, 10, … mean 11, moving ranges 2, limits 11 ± 5.32 = 16.32 and 5.68.
        // September 2020 is 20: above the upper limit. The workshop reported out in June 2020: 3 months before.
        double[] values = [12, 10, 12, 10, 12, 10, 12, 10, 20];
        var chart = Xmr.Compute(values, new XmrOptions(Baseline: 8));
        var periods = Months(new DateOnly(2020, 1, 1), values.Length);

        var signals = XmrSignals.Describe(chart, periods, MeasureFrequency.Month, [new("W-1", new DateOnly(2020, 6, 30))], Better.Higher);

        var outside = Assert.Single(signals, s => s.Rule == SpecialCause.OutsideLimits);
        Assert.Equal("a point above the upper limit came 3 months after W-1 (September 2020): an improvement", outside.Words);
        Assert.Equal("a point above the upper limit came in September 2020", XmrSignals.Describe(chart, periods, MeasureFrequency.Month, [])
            .Single(s => s.Rule == SpecialCause.OutsideLimits).Words);
    }

    [Fact]
    public void A_trend_that_turns_is_two_signals_sharing_the_turning_point()
    {
        // 1 to 7 and back to 1: six steps up (points 1 to 7), six down (points 7 to 13).
        double[] values = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1];
        var chart = Xmr.Compute(values);
        var periods = Weeks(new DateOnly(2024, 1, 1), values.Length);

        var trends = XmrSignals.Describe(chart, periods, MeasureFrequency.Week, []).Where(s => s.Rule == SpecialCause.Trend).ToList();

        Assert.Equal([(0, 6, 1), (6, 12, -1)], trends.Select(t => (t.First, t.Last, t.Side)));
        Assert.Equal("a rising trend of 7 began in the week of 01/01/2024", trends[0].Words);
        Assert.Equal("a falling trend of 7 began in the week of 12/02/2024", trends[1].Words);
    }

    [Fact]
    public void A_point_is_described_by_every_signal_it_is_part_of()
    {
        var chart = Xmr.Compute(RunBelow, new XmrOptions(Baseline: 8));
        var signals = XmrSignals.Describe(chart, Weeks(new DateOnly(2019, 1, 7), RunBelow.Length), MeasureFrequency.Week, []);

        Assert.Equal("", XmrSignals.ForPoint(signals, 7));
        Assert.StartsWith("a run of 7 below the mean", XmrSignals.ForPoint(signals, 10));
    }
}
