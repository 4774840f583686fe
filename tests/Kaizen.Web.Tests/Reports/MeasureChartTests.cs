using Kaizen.Web.Data;
using System.Text.Json;
using AngleSharp;
using Kaizen.Domain;
using Kaizen.Web.Reports;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reports;

// _MeasureChart, the per-measure chart the workshop page includes: display units, worse marked, numbers in a table.
public abstract class MeasureChartTests(KaizenApp app) : IDisposable
{
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }


    [Fact]
    public void Process_time_is_shown_in_hours()
    {
        // 600 → 240 minutes, target 300, 30-day 300: 10, 4 and 5 hours.
        var m = MeasureChartModel.From(new MeasureFacts(1, 1, MeasureKind.ProcessTime, new Reading(600, null), 300, new Reading(240, null), Day30: new Reading(300, null)), "Referral");
        Assert.Equal(("hours", 10.0, 5.0, 4.0, 5.0, (double?)null), (m.UnitLabel, m.Baseline, m.Target, m.Result, m.Day30, m.Day60));
        Assert.False(m.WindowScaled);
    }

    [Fact]
    public void An_error_count_over_a_different_window_is_scaled_to_the_baselines()
    {
        // 20 errors over 10 days; 6 over 5 days after = 6 × 10/5 = 12 over 10 days.
        var m = MeasureChartModel.From(new MeasureFacts(2, 1, MeasureKind.ErrorCount, new Reading(20, 10), 10, new Reading(6, 5)), "Booking errors");
        Assert.Equal(("errors per 10 days", 20.0, 10.0, 12.0), (m.UnitLabel, m.Baseline, m.Target, m.Result));
        Assert.True(m.WindowScaled);
    }

    [Fact]
    public void An_error_rate_is_a_percentage()
    {
        // 10/100 → 4/250: 10% → 1.6%; target 0.05 = 5%.
        var m = MeasureChartModel.From(new MeasureFacts(3, 1, MeasureKind.ErrorRate, new Reading(10, 100), 0.05, new Reading(4, 250)), "Letter errors");
        Assert.Equal("% of opportunities", m.UnitLabel);
        Assert.Equal(10.0, m.Baseline!.Value, 9);
        Assert.Equal(5.0, m.Target!.Value, 9);
        Assert.Equal(1.6, m.Result!.Value, 9);
    }

    [Fact]
    public async Task The_partial_renders_a_canvas_its_json_and_a_table_that_marks_worse()
    {
        _ = app.Server;
        // 120 → 180 minutes: 2 hours before, 3 after (worse); 30-day 1.5 hours (better); no target.
        var model = MeasureChartModel.From(new MeasureFacts(42, 7, MeasureKind.ProcessTime, new Reading(120, null), null, new Reading(180, null), Day30: new Reading(90, null)), "Check-in <to> seen");
        var html = await PartialRenderer.RenderAsync(app.Services, "/Pages/Shared/_MeasureChart.cshtml", model);
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));

        Assert.NotNull(page.QuerySelector("canvas#measure-chart-42[role='img']"));
        var json = page.QuerySelector("script#measure-chart-42-data[type='application/json'][data-chart='measure'][data-canvas='measure-chart-42']")!;
        Assert.DoesNotContain("<to>", json.InnerHtml); // escaped inside the script element
        var data = JsonDocument.Parse(json.TextContent).RootElement;
        Assert.Equal("Check-in <to> seen", data.GetProperty("title").GetString());
        Assert.Equal("[2,null,3,1.5,null,null]", data.GetProperty("values").GetRawText());
        Assert.Equal("[false,false,true,false,false,false]", data.GetProperty("worse").GetRawText());

        var rows = page.QuerySelectorAll("#measure-chart-42-table tbody tr").Select(r => r.Children[0].TextContent + ": " + r.Children[1].TextContent.Trim()).ToArray();
        Assert.Equal(["Before (baseline): 2.00", "Target: not set", "After (report-out): 3.00 worse", "30 days: 1.50", "60 days: not recorded", "90 days: not recorded"], rows);
    }
}

public sealed class MeasureChartTestsOnSqlite(SharedKaizenApp shared) : MeasureChartTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class MeasureChartTestsOnPostgreSql() : MeasureChartTests(new KaizenApp(DatabaseEngine.PostgreSql));
