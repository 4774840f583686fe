using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Dapper;
using Kaizen.Web.Tests.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.ValueStreamCharts;

// /ValueStreams/Measures/Chart/{id}: a value stream measure's XmR chart with its workshops and recalculations, and the
// form that records a recalculation of the limits (issue 20).
public abstract class MeasureChartPageTests : IDisposable
{
    private readonly KaizenApp app;

    protected MeasureChartPageTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2019, 6, 3, 9, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    // Eight baseline weeks 11, 13, …: mean 12, moving ranges 2, limits 12 ± 2.66 × 2 = 17.32 and 6.68. Then seven weeks
    // of 10 and 11 below the mean: a run of 7, from the week of 04/03/2019 (the 9th week after 07/01/2019).
    static readonly double[] Series = [11, 13, 11, 13, 11, 13, 11, 13, 10, 11, 10, 11, 10, 11, 10];
    static readonly DateOnly FirstWeek = new(2019, 1, 7);

    private async Task<(Cast Cast, long Vs, long Measure)> ChartAsync(int? baseline = 8)
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA, "Emergency department");
        // Report-out Friday 22/02/2019, in the week of 18/02/2019 (the 7th point): 2 weeks before the run begins.
        app.HeldWorkshop(vs, "SASH-2019-04", new DateOnly(2019, 2, 22));
        app.HeldWorkshop(vs, "SASH-2019-09", new DateOnly(2019, 9, 20), status: "planned"); // not held yet: no marker
        var measure = app.OutcomeMeasure(vs, "Time to triage", "minutes", "lower", target: 15, baselinePoints: baseline);
        app.Points(measure, FirstWeek, Series);
        return (cast, vs, measure);
    }

    private static JsonElement Data(IDocument page) =>
        JsonDocument.Parse(page.QuerySelector("#chart-measure-data")!.TextContent).RootElement;

    [Fact]
    public async Task The_chart_data_holds_the_points_mean_limits_and_held_workshops_at_their_report_out()
    {
        var (cast, _, measure) = await ChartAsync();

        var page = await (await cast.LeadB()).GetDocumentAsync($"/ValueStreams/Measures/Chart/{measure}");
        var data = Data(page);

        Assert.Equal(Series, data.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("week of 07/01/2019", data.GetProperty("labels")[0].GetString());
        var segment = Assert.Single(data.GetProperty("segments").EnumerateArray());
        Assert.Equal(12, segment.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(17.32, segment.GetProperty("upper").GetDouble(), 9);
        Assert.Equal(6.68, segment.GetProperty("lower").GetDouble(), 9);
        var marker = Assert.Single(data.GetProperty("markers").EnumerateArray());
        Assert.Equal(("SASH-2019-04", "22/02/2019", 6), (marker.GetProperty("reference").GetString(), marker.GetProperty("date").GetString(), marker.GetProperty("index").GetInt32()));
        // Lower is better: the run below the mean is an improvement, drawn so.
        Assert.Equal(Enumerable.Repeat("", 8).Concat(Enumerable.Repeat("improving", 7)), data.GetProperty("signal").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(15, data.GetProperty("target").GetDouble());
    }

    [Fact]
    public async Task The_table_beside_the_chart_gives_every_point_and_the_signal_in_words()
    {
        var (cast, _, measure) = await ChartAsync();

        var page = await (await cast.Board()).GetDocumentAsync($"/ValueStreams/Measures/Chart/{measure}");

        var rows = page.QuerySelectorAll("#spc-points tbody tr");
        Assert.Equal(15, rows.Length);
        Assert.Equal(["week of 04/03/2019", "10 minutes", "3", "run of 7 on one side of the mean"], rows[8].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal("—", rows[0].Children[2].TextContent.Trim());
        Assert.Contains("A run of 7 below the mean began 2 weeks after SASH-2019-04 (week of 04/03/2019): an improvement.", page.Text("#spc-signals"));
        Assert.Equal(["week of 07/01/2019 to week of 15/04/2019", "the baseline, week of 07/01/2019 to week of 25/02/2019", "12", "6.68", "17.32"],
            page.QuerySelectorAll("#spc-limits tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        // Limits 6.68 to 17.32 straddle the target of 15 with lower better: hit and miss; the latest point is special cause.
        Assert.Equal("Improving", page.QuerySelectorAll("#spc-icons .spc-label")[0].TextContent);
        Assert.Equal("Hit and miss", page.QuerySelectorAll("#spc-icons .spc-label")[1].TextContent);
        Assert.Equal("Assurance: Target hit and miss", page.QuerySelectorAll("#spc-icons svg")[1].GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_lower_limit_is_floored_at_zero_only_for_a_measure_that_cannot_go_below_it()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        // 1, 9, 1, 9: mean 5, moving ranges 8, limits 5 ± 21.28: 26.28 and −16.28.
        var counted = app.OutcomeMeasure(vs, "Falls", "falls", floorAtZero: true);
        var balance = app.OutcomeMeasure(vs, "Budget variance", "£k", "neither", floorAtZero: false);
        app.Points(counted, FirstWeek, 1, 9, 1, 9);
        app.Points(balance, FirstWeek, 1, 9, 1, 9);
        var client = await cast.LeadA();

        var floored = Data(await client.GetDocumentAsync($"/ValueStreams/Measures/Chart/{counted}")).GetProperty("segments")[0];
        var free = Data(await client.GetDocumentAsync($"/ValueStreams/Measures/Chart/{balance}")).GetProperty("segments")[0];

        Assert.Equal(0, floored.GetProperty("lower").GetDouble());
        Assert.Equal(-16.28, free.GetProperty("lower").GetDouble(), 9);
    }

    [Fact]
    public async Task A_recalculation_is_saved_with_who_when_and_why_and_shown_where_it_begins()
    {
        var (cast, _, measure) = await ChartAsync(baseline: null);
        var lead = await cast.LeadA();
        var url = $"/ValueStreams/Measures/Chart/{measure}";

        var response = await lead.PostFormAsync(url, new() { ["Recalculate.From"] = "2019-03-04", ["Recalculate.Reason"] = "The week after SASH-2019-04 changed triage" }, "#recalculate");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var db = app.OpenDb();
        var saved = db.QuerySingle<(string From, string Reason, string UserName, string At)>(
            "SELECT from_period, reason, user_name, at FROM value_stream_measure_recalculations WHERE measure_id = @measure", new { measure });
        Assert.Equal(("2019-03-04", "The week after SASH-2019-04 changed triage", "lead.a", "2019-06-03T09:00:00Z"), saved);
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure_recalculation' AND action = 'create'"));

        var page = await lead.GetDocumentAsync(url);
        var data = Data(page);
        var recalculation = Assert.Single(data.GetProperty("recalculations").EnumerateArray());
        Assert.Equal((8, "The week after SASH-2019-04 changed triage"), (recalculation.GetProperty("index").GetInt32(), recalculation.GetProperty("reason").GetString()));
        // Two stretches: weeks 1 to 8 (mean 12) and 9 to 15 (mean 73/7).
        var means = data.GetProperty("segments").EnumerateArray().Select(x => x.GetProperty("mean").GetDouble()).ToList();
        Assert.Equal(2, means.Count);
        Assert.Equal(12, means[0], 9);
        Assert.Equal(73.0 / 7, means[1], 9);
        Assert.Contains("Reason: The week after SASH-2019-04 changed triage", page.Text("#spc-recalculations"));
    }

    [Fact]
    public async Task A_recalculation_without_a_reason_is_refused_beside_the_field()
    {
        var (cast, _, measure) = await ChartAsync();
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/ValueStreams/Measures/Chart/{measure}", new() { ["Recalculate.From"] = "2019-03-04", ["Recalculate.Reason"] = "  " }, "#recalculate");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.FieldError("Recalculate.Reason"));
        Assert.Equal("2019-03-04", page.FieldValue("Recalculate.From"));
        Assert.Equal(0, app.Scalar<long>("SELECT COUNT(*) FROM value_stream_measure_recalculations"));
    }

    [Fact]
    public async Task A_recalculation_from_a_period_not_on_the_chart_is_refused()
    {
        var (cast, _, measure) = await ChartAsync();
        var lead = await cast.LeadA();

        var response = await lead.PostWithTokenAsync($"/ValueStreams/Measures/Chart/{measure}", $"/ValueStreams/Measures/Chart/{measure}?handler=Recalculate",
            new() { ["Recalculate.From"] = "2019-03-05", ["Recalculate.Reason"] = "Not a Monday" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.ParseAsync()).FieldError("Recalculate.From"));
        Assert.Equal(0, app.Scalar<long>("SELECT COUNT(*) FROM value_stream_measure_recalculations"));
    }

    [Fact]
    public async Task Another_trusts_lead_may_read_the_chart_but_not_recalculate_its_limits()
    {
        var (cast, _, measure) = await ChartAsync();
        var leadB = await cast.LeadB();
        var url = $"/ValueStreams/Measures/Chart/{measure}";

        var page = await leadB.GetDocumentAsync(url);
        var response = await leadB.PostWithTokenAsync(url, url + "?handler=Recalculate",
            new() { ["Recalculate.From"] = "2019-03-04", ["Recalculate.Reason"] = "Not mine to change" });

        Assert.Null(page.QuerySelector("form#recalculate"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, app.Scalar<long>("SELECT COUNT(*) FROM value_stream_measure_recalculations"));
        Assert.Equal(1, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure' AND action = 'denied'"));
    }

    [Fact]
    public async Task Withdrawing_a_recalculation_keeps_it_on_record_and_the_limits_run_on_unbroken()
    {
        var (cast, _, measure) = await ChartAsync(baseline: null);
        var recalculation = app.Recalculation(measure, "2019-03-04", "After SASH-2019-04");
        var lead = await cast.LeadA();
        var url = $"/ValueStreams/Measures/Chart/{measure}";

        var response = await lead.PostFormAsync(url, new() { ["Withdraw.RecalculationId"] = recalculation.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Withdraw.Reason"] = "The change did not last" }, "#withdraw");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var db = app.OpenDb();
        var row = db.QuerySingle<(string Reason, string? WithdrawnBy, string? WithdrawnReason)>(
            "SELECT reason, withdrawn_by, withdrawn_reason FROM value_stream_measure_recalculations WHERE id = @recalculation", new { recalculation });
        Assert.Equal(("After SASH-2019-04", "lead.a", "The change did not last"), row);
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure_recalculation' AND action = 'withdraw'"));
        var page = await lead.GetDocumentAsync(url);
        Assert.Empty(Data(page).GetProperty("recalculations").EnumerateArray());
        Assert.Single(Data(page).GetProperty("segments").EnumerateArray());
        Assert.Contains("(withdrawn)", page.Text("#spc-recalculations"));
        Assert.Contains("The change did not last", page.Text("#spc-recalculations"));
    }

    [Fact]
    public async Task Another_trusts_lead_cannot_withdraw_a_recalculation()
    {
        var (cast, _, measure) = await ChartAsync();
        var recalculation = app.Recalculation(measure, "2019-03-04", "After SASH-2019-04");
        var url = $"/ValueStreams/Measures/Chart/{measure}";

        var response = await (await cast.LeadB()).PostWithTokenAsync(url, url + "?handler=Withdraw",
            new() { ["Withdraw.RecalculationId"] = recalculation.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Withdraw.Reason"] = "Not mine" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(app.Scalar<string?>("SELECT withdrawn_at FROM value_stream_measure_recalculations WHERE id = @recalculation", new { recalculation }));
    }

    [Fact]
    public async Task An_unknown_measure_is_not_found()
    {
        var cast = await app.CastAsync();

        var response = await (await cast.Admin()).GetAsync("/ValueStreams/Measures/Chart/999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class MeasureChartPageTestsOnSqlite(SharedKaizenApp shared) : MeasureChartPageTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class MeasureChartPageTestsOnPostgreSql() : MeasureChartPageTests(new KaizenApp(DatabaseEngine.PostgreSql));
