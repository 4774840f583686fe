using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

// The report-out in one pass, and a checkpoint's follow-ups for all measures at once.
public abstract class ReportOutTests : IDisposable
{
    private readonly KaizenApp app;
    private Cast cast = default!;
    private long workshop, time, rate;

    protected ReportOutTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2021, 6, 30, 12, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    // Report-out 16/04/2021: the 30- and 60-day follow-ups are due (16/05, 15/06), the 90-day one is not (15/07).
    private async Task<HttpClient> LeadWithTwoMeasuresAsync()
    {
        cast = await app.CastAsync();
        workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 4, 12));
        time = app.Measure(workshop, "process_time", 600, null, target: 300, name: "Referral to triage");
        rate = app.Measure(workshop, "error_rate", 40, null, baselineDen: 400, name: "Wrong dose");
        return await cast.LeadA();
    }

    [Fact]
    public async Task Results_status_summary_and_lessons_are_saved_together_and_audited()
    {
        var lead = await LeadWithTwoMeasuresAsync();

        var response = await lead.PostFormAsync($"/Workshops/ReportOut/{workshop}", new()
        {
            ["Input.Results[0].Result"] = "240", ["Input.Results[1].Result"] = "12", ["Input.Results[1].ResultDenominator"] = "400",
            ["Input.Status"] = "completed", ["Input.ReportOutSummary"] = "Triage in four hours", ["Input.Lessons"] = "Start with the inbox",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(240.0, app.Scalar<double>("SELECT result FROM measures WHERE id = @time", new { time }));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE id = @rate AND result = 12 AND result_den = 400", new { rate }));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM workshops WHERE status = 'completed' AND report_out_summary = 'Triage in four hours' AND lessons = 'Start with the inbox'"));
        Assert.Equal(3L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'report-out'"));
    }

    [Fact]
    public async Task Every_problem_is_shown_at_once_beside_its_field_and_nothing_is_saved()
    {
        var lead = await LeadWithTwoMeasuresAsync();

        var page = await (await lead.PostFormAsync($"/Workshops/ReportOut/{workshop}", new()
        {
            ["Input.Results[0].Result"] = "-5", ["Input.Results[1].Result"] = "500", ["Input.Results[1].ResultDenominator"] = "400",
            ["Input.Status"] = "completed", ["Input.ReportOutSummary"] = "Kept on the page",
        })).ParseAsync();

        Assert.Contains("negative", page.FieldError("Input.Results[0].Result"));
        Assert.False(string.IsNullOrEmpty(page.FieldError("Input.Results[1].ResultDenominator")));
        Assert.Equal("Kept on the page", page.QuerySelector("textarea[name='Input.ReportOutSummary']")!.TextContent.Trim());
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE result IS NOT NULL"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM workshops WHERE status = 'planned' AND report_out_summary IS NULL"));
    }

    [Fact]
    public async Task Completed_without_any_result_is_refused_beside_the_status()
    {
        var lead = await LeadWithTwoMeasuresAsync();

        var page = await (await lead.PostFormAsync($"/Workshops/ReportOut/{workshop}", new() { ["Input.Status"] = "completed" })).ParseAsync();

        Assert.Contains("at least one of its measures has a result", page.FieldError("Input.Status"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM workshops WHERE status = 'planned'"));
    }

    [Fact]
    public async Task A_measure_changed_meanwhile_stops_the_whole_report_out_with_a_conflict()
    {
        var lead = await LeadWithTwoMeasuresAsync();
        var form = await lead.GetDocumentAsync($"/Workshops/ReportOut/{workshop}");
        using (var db = app.OpenDb())
            Dapper.SqlMapper.Execute(db, "UPDATE measures SET result = 250, version = version + 1 WHERE id = @time", new { time });

        var values = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)form.QuerySelector("main form[method=post]")!);
        values["Input.Results[0].Result"] = ["240"];
        values["Input.Results[1].Result"] = ["12"];
        values["Input.Results[1].ResultDenominator"] = ["400"];
        var response = await lead.PostAsync($"/Workshops/ReportOut/{workshop}", Http.Encode(values));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("changed this record", (await response.ParseAsync()).GetElementById("form-errors")!.TextContent);
        Assert.Equal(250.0, app.Scalar<double>("SELECT result FROM measures WHERE id = @time", new { time }));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE id = @rate AND result IS NULL", new { rate }));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM workshops WHERE status = 'planned'"));
    }

    [Fact]
    public async Task A_checkpoints_follow_ups_are_entered_for_every_measure_at_once()
    {
        var lead = await LeadWithTwoMeasuresAsync();

        var response = await lead.PostFormAsync($"/Workshops/CheckpointFollowUps/{workshop}?days=60", new()
        {
            ["Input.Rows[0].Value"] = "280", ["Input.Rows[1].NotMeasured"] = "The ward closed",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(280.0, app.Scalar<double>("SELECT f60 FROM measures WHERE id = @time", new { time }));
        Assert.Equal("The ward closed", app.Scalar<string>("SELECT f60_not_measured FROM measures WHERE id = @rate", new { rate }));
    }

    [Fact]
    public async Task A_checkpoint_not_yet_due_is_refused_for_each_measure_with_its_date()
    {
        var lead = await LeadWithTwoMeasuresAsync();

        var page = await (await lead.PostFormAsync($"/Workshops/CheckpointFollowUps/{workshop}?days=90", new()
        {
            ["Input.Rows[0].Value"] = "280", ["Input.Rows[1].Value"] = "10", ["Input.Rows[1].Denominator"] = "400",
        })).ParseAsync();

        Assert.Equal("The 90-day follow-up is due on 15/07/2021; its value can be recorded from then.", page.FieldError("Input.Rows[0].Value"));
        Assert.Equal("The 90-day follow-up is due on 15/07/2021; its value can be recorded from then.", page.FieldError("Input.Rows[1].Value"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE f90 IS NOT NULL"));
    }

    [Fact]
    public async Task A_workshop_without_measures_gets_them_with_their_results_on_the_report_out_page()
    {
        cast = await app.CastAsync();
        workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 4, 12));
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/Workshops/ReportOut/{workshop}", new()
        {
            ["Input.NewMeasures[0].Name"] = "Referral to triage", ["Input.NewMeasures[0].Kind"] = "process_time", ["Input.NewMeasures[0].Unit"] = "hours",
            ["Input.NewMeasures[0].Baseline"] = "72", ["Input.NewMeasures[0].Target"] = "24", ["Input.NewMeasures[0].Result"] = "8",
            ["Input.NewMeasures[1].Name"] = "Wrong clinic", ["Input.NewMeasures[1].Kind"] = "error_rate",
            ["Input.NewMeasures[1].Baseline"] = "40", ["Input.NewMeasures[1].BaselineDenominator"] = "400", ["Input.NewMeasures[1].Target"] = "5",
            ["Input.NewMeasures[1].Result"] = "12", ["Input.NewMeasures[1].ResultDenominator"] = "400",
            ["Input.Status"] = "completed",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE name = 'Referral to triage' AND time_unit = 'hours' AND baseline = 4320 AND target = 1440 AND result = 480 AND position = 1"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE name = 'Wrong clinic' AND kind = 'error_rate' AND target = 0.05 AND result_den = 400 AND position = 2"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM workshops WHERE status = 'completed'"));
        Assert.Equal(2L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'measure' AND action = 'create'"));
    }

    [Fact]
    public async Task A_new_measures_problems_are_shown_beside_its_fields_with_the_others()
    {
        cast = await app.CastAsync();
        workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 4, 12));
        var lead = await cast.LeadA();

        var page = await (await lead.PostFormAsync($"/Workshops/ReportOut/{workshop}", new()
        {
            ["Input.NewMeasures[0].Kind"] = "process_time", ["Input.NewMeasures[0].Baseline"] = "10", ["Input.NewMeasures[0].Target"] = "20",
            ["Input.Status"] = "completed",
        })).ParseAsync();

        Assert.Equal("Give the new measure a name.", page.FieldError("Input.NewMeasures[0].Name"));
        Assert.Contains("below the baseline", page.FieldError("Input.NewMeasures[0].Target"));
        Assert.Contains("at least one of its measures has a result", page.FieldError("Input.Status"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
    }
}

public sealed class ReportOutTestsOnSqlite(SharedKaizenApp shared) : ReportOutTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class ReportOutTestsOnPostgreSql() : ReportOutTests(new KaizenApp(DatabaseEngine.PostgreSql));
