using Kaizen.Web.Tests.Board;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reports;

// The dashboard's workshops-per-month XmR chart: a count cannot go below zero, so neither does its drawn lower
// limit; its special-cause points are summed up in one line, the list behind a disclosure.
public sealed class WorkshopsPerMonthChartTests : IDisposable
{
    private readonly KaizenApp app = new();

    public WorkshopsPerMonthChartTests() => app.Time.Now = new DateTimeOffset(2022, 4, 20, 9, 0, 0, TimeSpan.Zero);

    public void Dispose() => app.Dispose();

    private async Task<AngleSharp.Dom.IDocument> DashboardWithMonthsAsync(int[] perMonth)
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        for (var m = 0; m < perMonth.Length; m++)
            for (var n = 0; n < perMonth[m]; n++)
                app.Workshop(vs, new DateOnly(2021, 1, 4).AddMonths(m).AddDays(n), status: "completed");
        return await (await cast.Admin()).GetDocumentAsync("/Dashboard");
    }

    private static AngleSharp.Dom.IElement Figure(AngleSharp.Dom.IDocument page) =>
        page.QuerySelector("#chart-workshops-per-month")!.Closest("figure")!;

    [Fact]
    public async Task The_lower_limit_of_a_count_is_drawn_from_zero()
    {
        // January to August 2021: 1, 0, 2, 0, 1, 3, 0, 1. mean 1; moving ranges 1, 2, 2, 1, 2, 3, 1 -> 12/7
        // limits 1 ± 2.66 × 12/7 = 1 ± 4.56: 5.56 and −3.56, drawn from 0.
        var page = await DashboardWithMonthsAsync([1, 0, 2, 0, 1, 3, 0, 1]);
        var caption = Figure(page).QuerySelector("figcaption")!.TextContent;

        Assert.Contains("process limits 0.00 to", caption);
        Assert.DoesNotContain("limits -", caption);
    }

    [Fact]
    public async Task Many_special_cause_points_are_one_line_with_the_list_behind_a_disclosure()
    {
        // One workshop, seven empty months, then seven months of 5: mean 36/15 = 2.4, so a run of eight below the mean
        // and one of seven above it.
        var page = await DashboardWithMonthsAsync([1, 0, 0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5, 5]);
        var line = Figure(page).QuerySelector(".xmr-special")!.TextContent;
        var listed = Figure(page).QuerySelectorAll(".xmr-special-list li");

        Assert.Matches(@"^Special cause at \d+ points, from \S+ \d{4} to \S+ \d{4}\.$", System.Text.RegularExpressions.Regex.Replace(line.Trim(), @"\s+", " "));
        Assert.True(listed.Length >= 14, $"{listed.Length} points listed");
    }
}
