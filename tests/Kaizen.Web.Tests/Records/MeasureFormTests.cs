using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

public abstract class MeasureFormTests : IDisposable
{
    private readonly KaizenApp app;
    private Cast cast = default!;
    private long workshop;

    protected MeasureFormTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2021, 6, 15, 12, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    private async Task<HttpClient> LeadWithWorkshopAsync(DateOnly? start = null)
    {
        cast = await app.CastAsync();
        workshop = app.Workshop(app.ValueStream(cast.TrustA), start ?? new DateOnly(2021, 5, 10));
        return await cast.LeadA();
    }

    [Fact]
    public async Task A_process_time_in_hours_is_stored_in_minutes()
    {
        var lead = await LeadWithWorkshopAsync();

        var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind=process_time", new()
        {
            ["Input.Name"] = "Referral to triage", ["Input.Unit"] = "hours", ["Input.Baseline"] = "2,500.5", ["Input.Target"] = "24", ["Input.Result"] = "12",
            ["Input.Definition"] = "From the referral's arrival in the inbox to the triage decision",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(150030.0, app.Scalar<double>("SELECT baseline FROM measures"));
        Assert.Equal(1440.0, app.Scalar<double>("SELECT target FROM measures"));
        Assert.Equal(720.0, app.Scalar<double>("SELECT result FROM measures"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE baseline_den IS NULL AND result_den IS NULL AND time_unit = 'hours'"));
        var details = await lead.GetDocumentAsync($"/Workshops/Details/{workshop}");
        Assert.Contains("2,500.5 hours", details.QuerySelector("table")!.TextContent);
        // The operational definition is shown beside the figures, not only in the edit form.
        Assert.Equal("Defined as: From the referral's arrival in the inbox to the triage decision",
            details.QuerySelector("tbody th .measure-definition")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_error_rate_target_in_percent_is_stored_as_the_fraction_typed_and_an_empty_result_stays_empty()
    {
        var lead = await LeadWithWorkshopAsync();

        var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind=error_rate", new()
        {
            ["Input.Name"] = "Wrong dose", ["Input.Baseline"] = "30", ["Input.BaselineDenominator"] = "400", ["Input.Target"] = "2.8",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // Exactly 0.028, as the importer stores the same typed 2.8 (2.8 / 100 would be 0.027999999999999997).
        Assert.Equal(0.028, app.Scalar<double>("SELECT target FROM measures"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE result IS NULL AND result_den IS NULL"));
    }

    public static TheoryData<string, Dictionary<string, string>, string, string> BrokenRules => new()
    {
        { "process_time", new() { ["Input.Baseline"] = "-3" }, "Input.Baseline", "cannot be negative" },
        { "process_time", new() { ["Input.Baseline"] = "0" }, "Input.Baseline", "above zero" },
        { "process_time", new() { ["Input.Baseline"] = "" }, "Input.Baseline", "baseline is required" },
        { "process_time", new() { ["Input.Target"] = "700" }, "Input.Target", "below the baseline" },
        { "process_time", new() { ["Input.Result"] = "-1" }, "Input.Result", "cannot be negative" },
        { "error_count", new() { ["Input.BaselineDenominator"] = "0" }, "Input.BaselineDenominator", "" },
        { "error_rate", new() { ["Input.Result"] = "500", ["Input.ResultDenominator"] = "400" }, "Input.ResultDenominator", "" },
        { "error_rate", new() { ["Input.BaselineDenominator"] = "0" }, "Input.BaselineDenominator", "" },
        { "error_rate", new() { ["Input.Target"] = "20" }, "Input.Target", "below the baseline" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Each_measure_rule_broken_alone_reshows_the_form_with_its_message_and_writes_nothing(
        string kind, Dictionary<string, string> change, string errorField, string words)
    {
        var lead = await LeadWithWorkshopAsync();
        var form = kind switch
        {
            "process_time" => new Dictionary<string, string> { ["Input.Name"] = "Triage", ["Input.Unit"] = "minutes", ["Input.Baseline"] = "600", ["Input.Target"] = "300", ["Input.Result"] = "250" },
            "error_count" => new() { ["Input.Name"] = "Lost notes", ["Input.Baseline"] = "12", ["Input.BaselineDenominator"] = "30", ["Input.Target"] = "6", ["Input.Result"] = "3", ["Input.ResultDenominator"] = "30" },
            _ => new() { ["Input.Name"] = "Wrong dose", ["Input.Baseline"] = "40", ["Input.BaselineDenominator"] = "400", ["Input.Target"] = "5", ["Input.Result"] = "10", ["Input.ResultDenominator"] = "400" },
        };
        foreach (var (key, value) in change) form[key] = value;

        var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind={kind}", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        var message = page.FieldError(errorField);
        Assert.False(string.IsNullOrEmpty(message), $"Expected a message beside {errorField}");
        Assert.Contains(words, message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(form["Input.Name"], page.FieldValue("Input.Name"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
    }

    [Fact]
    public async Task A_result_before_the_report_out_date_is_refused()
    {
        var lead = await LeadWithWorkshopAsync(new DateOnly(2021, 6, 14));

        var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind=process_time", new()
        {
            ["Input.Name"] = "Triage", ["Input.Baseline"] = "600", ["Input.Result"] = "300",
        });

        Assert.Contains("from the report-out date (18/06/2021)", (await response.ParseAsync()).FieldError("Input.Result"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
    }

    [Fact]
    public async Task A_workshop_takes_at_most_six_measures()
    {
        var lead = await LeadWithWorkshopAsync();
        for (var i = 0; i < 6; i++) app.Measure(workshop, "process_time", 100, 50, name: $"M{i}");

        var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind=process_time", new() { ["Input.Name"] = "Seventh", ["Input.Baseline"] = "10" });

        Assert.Contains("at most 6 measures", (await response.ParseAsync()).GetElementById("form-errors")!.TextContent);
        Assert.Equal(6L, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
    }

    [Fact]
    public async Task A_30_day_follow_up_is_recorded_and_shown_as_recorded()
    {
        var lead = await LeadWithWorkshopAsync(new DateOnly(2021, 4, 12));
        var measure = app.Measure(workshop, "error_rate", 40, 10, baselineDen: 400, resultDen: 400);

        var response = await lead.PostFormAsync($"/Measures/FollowUps/{measure}", new() { ["Input.F30"] = "12", ["Input.F30Den"] = "400" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(12.0, app.Scalar<double>("SELECT f30 FROM measures"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE f30_recorded_at IS NOT NULL AND f60 IS NULL AND f90 IS NULL"));
        var details = await lead.GetDocumentAsync($"/Workshops/Details/{workshop}");
        var row = details.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("Recorded", row);
        // Report-out 16/04/2021: the 60-day follow-up fell due on 15/06/2021, which is today.
        Assert.Contains("Due today", row);
    }

    [Theory]
    [InlineData("F30", "12", "F30Den", "", "Input.F30Den")]
    [InlineData("F30", "500", "F30Den", "400", "Input.F30Den")]
    [InlineData("F60", "-2", "F60Den", "400", "Input.F60")]
    public async Task A_bad_follow_up_is_refused_beside_its_field(string valueField, string value, string denField, string den, string errorField)
    {
        var lead = await LeadWithWorkshopAsync(new DateOnly(2021, 3, 1));
        var measure = app.Measure(workshop, "error_rate", 40, 10, baselineDen: 400, resultDen: 400);

        var response = await lead.PostFormAsync($"/Measures/FollowUps/{measure}", new() { ["Input." + valueField] = value, ["Input." + denField] = den });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.ParseAsync()).FieldError(errorField)));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE f30 IS NULL AND f60 IS NULL"));
    }

    [Fact]
    public async Task A_follow_up_before_its_due_date_is_refused_with_the_date_and_accepted_from_that_day()
    {
        // Report-out 14/05/2021: the 30-day follow-up is due on 13/06/2021, the 60-day one on 13/07/2021.
        var lead = await LeadWithWorkshopAsync(new DateOnly(2021, 5, 10));
        var measure = app.Measure(workshop, "process_time", 600, 300);
        app.Time.Now = new DateTimeOffset(2021, 6, 12, 23, 0, 0, TimeSpan.Zero);   // 13/06 00:00 in London: due today
        lead = await cast.LeadA();   // a month on, the earlier sign-in has expired

        var refused = await (await lead.PostFormAsync($"/Measures/FollowUps/{measure}", new() { ["Input.F30"] = "300", ["Input.F60"] = "310" })).ParseAsync();

        Assert.Null(refused.FieldError("Input.F30"));
        Assert.Equal("The 60-day follow-up is due on 13/07/2021; its value can be recorded from then.", refused.FieldError("Input.F60"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE f30 IS NULL AND f60 IS NULL"));

        app.Time.Now = new DateTimeOffset(2021, 7, 13, 9, 0, 0, TimeSpan.Zero);
        lead = await cast.LeadA();
        var accepted = await lead.PostFormAsync($"/Measures/FollowUps/{measure}", new() { ["Input.F30"] = "300", ["Input.F60"] = "310" });

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(310.0, app.Scalar<double>("SELECT f60 FROM measures"));
    }
}

public sealed class MeasureFormTestsOnSqlite(SharedKaizenApp shared) : MeasureFormTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class MeasureFormTestsOnPostgreSql() : MeasureFormTests(new KaizenApp(DatabaseEngine.PostgreSql));
