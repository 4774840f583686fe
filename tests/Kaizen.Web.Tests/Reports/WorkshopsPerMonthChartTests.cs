using Kaizen.Web.Data;
using Kaizen.Web.Tests.Board;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reports;

// The dashboard's workshops-per-month XmR chart: a count cannot go below zero, so neither does its drawn lower
// limit; its special-cause points are summed up in one line, the list behind a disclosure.
public abstract class WorkshopsPerMonthChartTests : IDisposable
{
    private readonly KaizenApp app;

    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    protected WorkshopsPerMonthChartTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2022, 4, 20, 9, 0, 0, TimeSpan.Zero);

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

    private static System.Text.Json.JsonElement Data(AngleSharp.Dom.IDocument page, string id) =>
        System.Text.Json.JsonDocument.Parse(page.QuerySelector($"#{id}-data")!.TextContent).RootElement;

    [Fact]
    public async Task The_chart_runs_to_this_month_with_the_months_since_the_last_workshop_as_zeros()
    {
        // Workshops in January and March 2021; today is 20/04/2022: sixteen months, the last thirteen of them empty.
        var page = await DashboardWithMonthsAsync([1, 0, 2]);
        var data = Data(page, "chart-workshops-per-month");

        var labels = data.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Equal(16, labels.Count);
        Assert.Equal(("Jan 2021", "Apr 2022"), (labels[0], labels[^1]));
        Assert.Equal([1, 0, 2, .. Enumerable.Repeat(0.0, 13)], data.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Null(page.QuerySelector("#workshops-per-month-all"));
    }

    [Fact]
    public async Task The_chart_shows_the_last_24_months_with_every_month_behind_a_disclosure()
    {
        // From January 2019 to April 2022 (today): 40 months. The chart shows May 2020 to April 2022.
        app.Time.Now = new DateTimeOffset(2022, 4, 20, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        app.Workshop(vs, new DateOnly(2019, 1, 7), status: "completed");
        app.Workshop(vs, new DateOnly(2021, 6, 7), status: "completed");
        var page = await (await cast.Admin()).GetDocumentAsync("/Dashboard");

        var shown = Data(page, "chart-workshops-per-month").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        var all = page.QuerySelector("details#workshops-per-month-all")!;
        var every = Data(page, "chart-workshops-per-month-all").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();

        Assert.Equal((24, "May 2020", "Apr 2022"), (shown.Count, shown[0], shown[^1]));
        Assert.Equal((40, "Jan 2019"), (every.Count, every[0]));
        Assert.StartsWith("Show all 40 months, from Jan 2019", all.QuerySelector("summary")!.TextContent.Trim());
        Assert.NotNull(all.QuerySelector("#chart-workshops-per-month-all"));
    }
}

public sealed class WorkshopsPerMonthChartTestsOnSqlite(SharedKaizenApp shared) : WorkshopsPerMonthChartTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class WorkshopsPerMonthChartTestsOnPostgreSql() : WorkshopsPerMonthChartTests(new KaizenApp(DatabaseEngine.PostgreSql));
