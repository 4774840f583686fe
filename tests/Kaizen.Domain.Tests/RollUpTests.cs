using Kaizen.Domain;
using static Kaizen.Domain.Tests.Facts;

namespace Kaizen.Domain.Tests;

public class RollUpTests
{
    const int Precision = 9;

    [Fact]
    public void Pooled_and_mean_differ_on_a_skewed_set()
    {
        // One big workshop and two small ones (minutes):
        //   W1 1000 -> 100: 900/1000 = 0.9
        //   W2   10 ->   9:   1/10   = 0.1
        //   W3   10 ->   9:   1/10   = 0.1
        // pooled = (1020 − 118) / 1020 = 902/1020 = 0.884313725...
        // mean   = (0.9 + 0.1 + 0.1) / 3 = 0.366666...; median = 0.1
        // hours removed = 902 / 60 = 15.0333...
        var r = RollUp.For([Time(1, 1, 1000, 100), Time(2, 2, 10, 9), Time(3, 3, 10, 9)],
            MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(3, r.Workshops);
        Assert.Equal(0.884313725, r.Headline!.Value, Precision);
        Assert.Equal(0.366666667, r.Mean!.Value, Precision);
        Assert.Equal(0.1, r.Median!.Value, Precision);
        Assert.Equal(1020, r.TotalBefore);
        Assert.Equal(118, r.TotalAfter);
        Assert.Equal(15.033333333, r.AmountRemoved!.Value, Precision);
        Assert.Equal(3, r.Improved);
    }

    [Fact]
    public void A_workshop_that_got_worse_has_a_negative_reduction_and_counts_as_worse()
    {
        // W1 100 -> 50:  +0.5   improved
        // W2 100 -> 120: −0.2   worse (20 minutes longer)
        // W3 200 -> 199: +0.005 the same (within ±1%)
        // pooled = (400 − 369) / 400 = 0.0775; mean = (0.5 − 0.2 + 0.005) / 3 = 0.101666...; median = 0.005
        var r = RollUp.For([Time(1, 1, 100, 50), Time(2, 2, 100, 120), Time(3, 3, 200, 199)],
            MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(-0.2, r.PerWorkshop.Single(w => w.WorkshopId == 2).Reduction, Precision);
        Assert.Equal((1, 1, 1), (r.Improved, r.Same, r.Worse));
        Assert.Equal(3, r.Workshops);
        Assert.Equal(0.0775, r.Headline!.Value, Precision);
        Assert.Equal(0.101666667, r.Mean!.Value, Precision);
        Assert.Equal(0.005, r.Median!.Value, Precision);
    }

    [Theory]
    [InlineData(100, 99, Direction.Same)]      // +1.0% is within the band
    [InlineData(100, 101, Direction.Same)]     // −1.0% is within the band
    [InlineData(1000, 989, Direction.Improved)] // +1.1%
    [InlineData(1000, 1011, Direction.Worse)]   // −1.1%
    public void Within_one_percent_either_way_counts_as_the_same(double before, double after, Direction expected)
    {
        var r = RollUp.For([Time(1, 1, before, after)], MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(expected, RollUp.DirectionOf(r.PerWorkshop.Single().Reduction));
        Assert.Equal(expected == Direction.Improved ? 1 : 0, r.Improved);
        Assert.Equal(expected == Direction.Same ? 1 : 0, r.Same);
        Assert.Equal(expected == Direction.Worse ? 1 : 0, r.Worse);
    }

    [Fact]
    public void Measures_awaiting_data_are_listed_with_what_they_need_and_excluded_from_n()
    {
        var r = RollUp.For(
            [
                Time(1, 1, 100, 60),    // counted: 40/100
                Time(2, 2, 100, null),  // no result
                Time(3, 3, null, 50),   // no baseline
                Time(4, 4, null, null), // neither
                Time(5, 1, 50, null),   // W1 has another, counted measure: W1 stays in n
            ],
            MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(1, r.Workshops);
        Assert.Equal(0.4, r.Headline!.Value, Precision);
        Assert.Equal(
            [
                new AwaitingMeasure(5, 1, "result at report-out"),
                new AwaitingMeasure(2, 2, "result at report-out"),
                new AwaitingMeasure(3, 3, "baseline"),
                new AwaitingMeasure(4, 4, "baseline and result at report-out"),
            ],
            r.Awaiting);
    }

    [Fact]
    public void A_follow_up_closed_as_wont_be_measured_is_not_awaiting_data_at_that_checkpoint()
    {
        // Measure 2's 30-day follow-up was closed: no value will come, so it is not "awaiting" at 30 days, but it still
        // awaits its 60-day follow-up (not closed). Measure 3 has a 30-day value recorded before it was closed: counted.
        var closed = Time(2, 2, 100, 50) with { NotMeasured = NotMeasured.Day30 };
        var recordedThenClosed = Time(3, 3, 100, 50, day30: 80) with { NotMeasured = NotMeasured.Day30 };
        var measures = new[] { Time(1, 1, 100, 60, day30: 70), closed, recordedThenClosed };

        var day30 = RollUp.For(measures, MeasureKind.ProcessTime, Checkpoint.Day30);
        var day60 = RollUp.For(measures, MeasureKind.ProcessTime, Checkpoint.Day60);

        Assert.Empty(day30.Awaiting);
        Assert.Equal([2L], day30.WontBeMeasured.Select(m => m.MeasureId));
        Assert.Equal(2, day30.Workshops);
        Assert.Equal(0.25, day30.Headline!.Value, Precision); // (200 − 150) / 200
        Assert.Contains(new AwaitingMeasure(2, 2, "60-day follow-up"), day60.Awaiting);
        Assert.Empty(day60.WontBeMeasured);
    }

    [Fact]
    public void At_a_follow_up_checkpoint_the_follow_up_is_compared_and_measures_without_it_await_it()
    {
        // At 30 days only measure 1 has a value: (100 − 70) / 100 = 0.3.
        var r = RollUp.For([Time(1, 1, 100, 60, day30: 70), Time(2, 2, 100, 50)], MeasureKind.ProcessTime, Checkpoint.Day30);

        Assert.Equal(1, r.Workshops);
        Assert.Equal(0.3, r.Headline!.Value, Precision);
        Assert.Equal([new AwaitingMeasure(2, 2, "30-day follow-up")], r.Awaiting);
    }

    [Fact]
    public void A_workshop_pools_its_own_measures_of_a_kind()
    {
        // W1 has two process-time measures: (100 + 300) -> (90 + 110): (400 − 200) / 400 = 0.5,
        // not the mean of 0.1 and 0.633... . n counts the workshop once.
        var r = RollUp.For([Time(1, 1, 100, 90), Time(2, 1, 300, 110)], MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(1, r.Workshops);
        Assert.Equal(new WorkshopReduction(1, 400, 200, 0.5), r.PerWorkshop.Single());
    }

    [Fact]
    public void Error_count_is_scaled_to_the_baseline_window_before_pooling_and_flagged()
    {
        // W1: 20 errors in 10 days before; 6 errors in 5 days after -> 6 × 10 / 5 = 12 per 10 days. Reduction 8/20 = 0.4
        // W2: 10 errors in 10 days before; 5 in 10 days after. Reduction 0.5
        // pooled = (30 − 17) / 30 = 0.4333...; errors avoided = 13. (Unscaled it would be (30 − 11) / 30.)
        var r = RollUp.For([Count(1, 1, R(20, 10), R(6, 5)), Count(2, 2, R(10, 10), R(5, 10))],
            MeasureKind.ErrorCount, Checkpoint.ReportOut);

        Assert.Equal(0.433333333, r.Headline!.Value, Precision);
        Assert.Equal(13, r.AmountRemoved!.Value, Precision);
        Assert.Equal(12, r.PerWorkshop.Single(w => w.WorkshopId == 1).After, Precision);
        Assert.Equal(0.45, r.Mean!.Value, Precision);
        Assert.True(r.AnyWindowScaled);
    }

    [Fact]
    public void Error_count_with_matching_windows_is_not_flagged_as_scaled()
    {
        var r = RollUp.For([Count(2, 2, R(10, 10), R(5, 10))], MeasureKind.ErrorCount, Checkpoint.ReportOut);

        Assert.False(r.AnyWindowScaled);
        Assert.Equal(0.5, r.Headline!.Value, Precision);
    }

    [Fact]
    public void Error_rate_pools_errors_and_opportunities_within_a_workshop_and_averages_workshops()
    {
        // W1, two measures: 10/100 -> 5/100 and 2/400 -> 2/400.
        //   pooled before = 12/500 = 0.024, after = 7/500 = 0.014, reduction = 1 − 0.014/0.024 = 5/12 = 0.41666...
        //   (averaging the measures instead would give (0.5 + 0) / 2 = 0.25)
        // W2: 20/100 -> 10/100, reduction = 1 − 0.1/0.2 = 0.5
        // headline = mean = (5/12 + 1/2) / 2 = 11/24 = 0.458333...
        // pooled rate across all = 32/600 = 0.05333... before, 17/600 = 0.028333... after
        var r = RollUp.For(
            [Rate(1, 1, R(10, 100), R(5, 100)), Rate(2, 1, R(2, 400), R(2, 400)), Rate(3, 2, R(20, 100), R(10, 100))],
            MeasureKind.ErrorRate, Checkpoint.ReportOut);

        Assert.Equal(2, r.Workshops);
        var w1 = r.PerWorkshop.Single(w => w.WorkshopId == 1);
        Assert.Equal(0.024, w1.Before, Precision);
        Assert.Equal(0.014, w1.After, Precision);
        Assert.Equal(0.416666667, w1.Reduction, Precision);
        Assert.Equal(0.458333333, r.Headline!.Value, Precision);
        Assert.Equal(0.458333333, r.Median!.Value, Precision);
        Assert.Equal(0.053333333, r.PooledRateBefore!.Value, Precision);
        Assert.Equal(0.028333333, r.PooledRateAfter!.Value, Precision);
        Assert.Null(r.AmountRemoved);
        Assert.Null(r.TotalBefore);
    }

    [Fact]
    public void Error_rate_workshop_with_no_baseline_errors_cannot_be_counted_and_is_listed()
    {
        // W1 had 0 errors in 100 before: no rate to reduce. W2: 1 − 0.05/0.1 = 0.5.
        var r = RollUp.For([Rate(1, 1, R(0, 100), R(0, 100)), Rate(2, 2, R(10, 100), R(5, 100))],
            MeasureKind.ErrorRate, Checkpoint.ReportOut);

        Assert.Equal(1, r.Workshops);
        Assert.Equal(0.5, r.Headline!.Value, Precision);
        Assert.Equal([new AwaitingMeasure(1, 1, "a baseline error rate above zero")], r.Awaiting);
        Assert.Equal(0.1, r.PooledRateBefore!.Value, Precision); // W1 is left out of the pooled rates too
    }

    [Fact]
    public void An_empty_set_has_no_headline_rather_than_zero()
    {
        var r = RollUp.For([], MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(0, r.Workshops);
        Assert.Null(r.Headline);
        Assert.Null(r.Mean);
        Assert.Null(r.Median);
        Assert.Null(r.AmountRemoved);
        Assert.Null(r.TotalBefore);
        Assert.Empty(r.PerWorkshop);
        Assert.Equal((0, 0, 0), (r.Improved, r.Same, r.Worse));
    }

    [Fact]
    public void A_process_time_workshop_with_a_zero_baseline_is_listed_not_divided_by()
    {
        var r = RollUp.For([Time(1, 1, 0, 0)], MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(0, r.Workshops);
        Assert.Null(r.Headline);
        Assert.Equal([new AwaitingMeasure(1, 1, "a baseline above zero")], r.Awaiting);
    }

    [Fact]
    public void Programme_roll_up_keeps_the_kinds_apart()
    {
        // Time: 100 -> 50 = 0.5. Count: 10 -> 8 = 0.2. Rate: 10/100 -> 1/100 = 0.9. One workshop each.
        var p = RollUp.ForAll(
            [Time(1, 1, 100, 50), Count(2, 2, R(10, 7), R(8, 7)), Rate(3, 3, R(10, 100), R(1, 100))],
            Checkpoint.ReportOut);

        Assert.Equal(0.5, p.ProcessTime.Headline!.Value, Precision);
        Assert.Equal(0.2, p.ErrorCount.Headline!.Value, Precision);
        Assert.Equal(0.9, p.ErrorRate.Headline!.Value, Precision);
        Assert.Equal([1, 1, 1], p.Kinds.Select(k => k.Workshops));
        Assert.Same(p.ErrorCount, p[MeasureKind.ErrorCount]);
    }
}

public class RollUpOrderTests
{
    [Fact]
    public void A_workshops_measures_pool_together_even_when_other_workshops_measures_come_between_them()
    {
        // W1's two measures arrive apart, with W2's between: W1 pools 100 + 50 = 150 -> 60 + 30 = 90, i.e. 0.4;
        // W2 is 10 -> 20, i.e. -1.0 (worse). Had W1's measures been treated as two workshops, n would be 3.
        var r = RollUp.For([Time(1, 1, 100, 60), Time(2, 2, 10, 20), Time(3, 1, 50, 30)],
            MeasureKind.ProcessTime, Checkpoint.ReportOut);

        Assert.Equal(2, r.Workshops);
        Assert.Equal([(1L, 150.0, 90.0, 0.4), (2L, 10.0, 20.0, -1.0)],
            r.PerWorkshop.Select(w => (w.WorkshopId, w.Before, w.After, Math.Round(w.Reduction, 9))));
        Assert.Equal(1, r.Improved);
        Assert.Equal(1, r.Worse);
    }

    [Fact]
    public void The_roll_up_is_bit_for_bit_the_same_whatever_order_the_measures_come_in()
    {
        // Floating-point sums depend on their order; the roll-up adds up in workshop order, then input order within a
        // workshop, so a dashboard and a pack reading the same measures in different orders print the same figures.
        var random = new Random(7);
        var measures = Enumerable.Range(1, 400).Select(i => (i % 3) switch
        {
            0 => Time(i, i % 37, random.Next(1, 5000) / 7.0, random.Next(0, 5000) / 3.0),
            1 => Count(i, i % 37, R(random.Next(1, 90), random.Next(1, 60)), R(random.Next(0, 90), random.Next(1, 60))),
            _ => Rate(i, i % 37, R(random.Next(1, 90), random.Next(90, 400)), R(random.Next(0, 90), random.Next(90, 400))),
        }).ToList();
        // Shuffled, but each workshop's measures keep their relative order.
        var shuffled = measures.GroupBy(m => m.WorkshopId).OrderBy(_ => random.Next()).SelectMany(g => g).ToList();

        var a = RollUp.ForAll(measures, Checkpoint.ReportOut);
        var b = RollUp.ForAll(shuffled, Checkpoint.ReportOut);

        foreach (var kind in Enum.GetValues<MeasureKind>())
        {
            Assert.Equal(a[kind].Headline, b[kind].Headline);
            Assert.Equal(a[kind].Mean, b[kind].Mean);
            Assert.Equal(a[kind].Median, b[kind].Median);
            Assert.Equal(a[kind].TotalBefore, b[kind].TotalBefore);
            Assert.Equal(a[kind].PooledRateAfter, b[kind].PooledRateAfter);
            Assert.Equal(a[kind].PerWorkshop, b[kind].PerWorkshop);
            Assert.Equal(a[kind].Awaiting, b[kind].Awaiting);
        }
    }
    [Theory]
    [InlineData(Checkpoint.ReportOut)]
    [InlineData(Checkpoint.Day30)]
    [InlineData(Checkpoint.Latest)]
    public void A_groups_roll_up_taken_from_the_whole_is_bit_for_bit_its_roll_up_from_its_measures(Checkpoint checkpoint)
    {
        // By trust and by value stream the reports group the programme's roll-up (RollUp.GroupBy) instead of rolling
        // each group's measures up again: the figures and lists must be the same as from the group's measures.
        var random = new Random(11);
        var measures = Enumerable.Range(1, 600).Select(i =>
        {
            var workshop = i % 97;
            Reading? Maybe(Reading r) => random.Next(6) == 0 ? null : r;
            var m = (i % 3) switch
            {
                0 => Time(i, workshop, random.Next(8) == 0 ? 0 : random.Next(1, 5000) / 7.0, random.Next(0, 5000) / 3.0, day30: random.Next(3) == 0 ? null : random.Next(0, 5000) / 3.0),
                1 => Count(i, workshop, Maybe(R(random.Next(0, 90), random.Next(1, 60))), R(random.Next(0, 90), random.Next(1, 60)), day30: Maybe(R(random.Next(0, 90), 30))),
                _ => Rate(i, workshop, R(random.Next(0, 90), random.Next(90, 400)), Maybe(R(random.Next(0, 90), random.Next(90, 400))), day30: Maybe(R(random.Next(0, 90), 400))),
            };
            return random.Next(10) == 0 ? m with { NotMeasured = NotMeasured.Day30 } : m;
        }).ToList();
        long? GroupOf(long workshop) => workshop % 5 == 4 ? null : workshop % 5;

        var whole = RollUp.ForAll(measures, checkpoint);
        var groups = RollUp.GroupBy(whole, GroupOf);

        foreach (var key in new long[] { 0, 1, 2, 3 })
        {
            var expected = RollUp.ForAll(measures.Where(m => GroupOf(m.WorkshopId) == key), checkpoint);
            var actual = groups.TryGetValue(key, out var g) ? g : RollUp.Empty(checkpoint);
            foreach (var kind in Enum.GetValues<MeasureKind>())
            {
                var (e, a) = (expected[kind], actual[kind]);
                Assert.Equal((e.Workshops, e.Headline, e.TotalBefore, e.TotalAfter, e.AmountRemoved, e.Mean, e.Median),
                    (a.Workshops, a.Headline, a.TotalBefore, a.TotalAfter, a.AmountRemoved, a.Mean, a.Median));
                Assert.Equal((e.PooledRateBefore, e.PooledRateAfter, e.Improved, e.Same, e.Worse, e.AnyWindowScaled, e.Sums),
                    (a.PooledRateBefore, a.PooledRateAfter, a.Improved, a.Same, a.Worse, a.AnyWindowScaled, a.Sums));
                Assert.Equal(e.PerWorkshop, a.PerWorkshop);
                Assert.Equal(e.Awaiting, a.Awaiting);
                Assert.Equal(e.WontBeMeasured, a.WontBeMeasured);
            }
        }
        Assert.DoesNotContain(4L, groups.Keys);
    }
}
