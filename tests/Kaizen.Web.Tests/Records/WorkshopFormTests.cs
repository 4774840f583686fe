using System.Globalization;
using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

public abstract class WorkshopFormTests : IDisposable
{
    private readonly KaizenApp app;

    protected WorkshopFormTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2021, 6, 15, 12, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    private Dictionary<string, string> ValidWorkshop(long vs) => new()
    {
        ["Input.ValueStreamId"] = vs.ToString(CultureInfo.InvariantCulture),
        ["Input.Title"] = "Referral triage in a day",
        ["Input.ScopeFirstStep"] = "Referral received",
        ["Input.ScopeLastStep"] = "Appointment booked",
        ["Input.ProblemStatement"] = "Referrals wait 12 days for triage.",
        ["Input.PlanningStart"] = "2021-04-01",
        ["Input.StartDate"] = "2021-05-10",
        ["Input.LengthDays"] = "5",
        ["Input.TeamLeader"] = "Sam Patel",
        ["Input.Status"] = "planned",
        ["Input.Team[0].Name"] = "Jo Bloggs",
        ["Input.Team[0].Role"] = "patient_carer",
    };

    [Fact]
    public async Task A_valid_workshop_is_saved_with_its_team_and_a_reference()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync("/Workshops/Create", ValidWorkshop(vs));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("2021-05-14", app.Scalar<string>("SELECT report_out_date FROM workshops"));
        Assert.Equal("TRA-2021-01", app.Scalar<string>("SELECT reference FROM workshops"));
        Assert.Equal("patient_carer", app.Scalar<string>("SELECT role FROM workshop_team_members WHERE name = 'Jo Bloggs'"));
        // Empty optional fields stay empty.
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM workshops WHERE facilitator IS NULL AND lessons IS NULL"));
        var details = await lead.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("10/05/2021 to 14/05/2021", details.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_new_workshop_is_created_with_its_measures_in_one_audited_transaction()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var lead = await cast.LeadA();
        var form = ValidWorkshop(vs);
        form["Measures[0].Name"] = "Referral to triage";
        form["Measures[0].Kind"] = "process_time";
        form["Measures[0].Unit"] = "hours";
        form["Measures[0].Baseline"] = "9";
        form["Measures[0].Target"] = "4";
        form["Measures[1].Name"] = "Referrals to the wrong clinic";
        form["Measures[1].Kind"] = "error_rate";
        form["Measures[1].Baseline"] = "40";
        form["Measures[1].BaselineDenominator"] = "400";
        form["Measures[1].Target"] = "5";
        form["Measures[2].Name"] = "";   // a blank row is ignored

        var response = await lead.PostFormAsync("/Workshops/Create", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var workshop = app.Scalar<long>("SELECT id FROM workshops");
        Assert.Equal(2L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE workshop_id = @workshop", new { workshop }));
        Assert.Equal((540.0, 240.0, "hours"), (app.Scalar<double>("SELECT baseline FROM measures WHERE position = 1"),
            app.Scalar<double>("SELECT target FROM measures WHERE position = 1"), app.Scalar<string>("SELECT time_unit FROM measures WHERE position = 1")));
        Assert.Equal(0.05, app.Scalar<double>("SELECT target FROM measures WHERE name = 'Referrals to the wrong clinic'"), 12);
        Assert.Equal(2L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'measure' AND action = 'create'"));
        var details = await lead.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Referral to triage", details.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task The_new_workshop_form_answers_every_problem_of_the_workshop_and_its_measures_at_once_in_the_units_typed()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var lead = await cast.LeadA();
        var form = ValidWorkshop(vs);
        form["Input.LengthDays"] = "6";
        form["Measures[0].Name"] = "Referral to triage";
        form["Measures[0].Kind"] = "process_time";
        form["Measures[0].Unit"] = "hours";
        form["Measures[0].Baseline"] = "9";
        form["Measures[0].Target"] = "12";
        form["Measures[1].Kind"] = "error_count";
        form["Measures[1].Baseline"] = "3,5";

        var response = await lead.PostFormAsync("/Workshops/Create", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("3 to 5 days", page.FieldError("Input.LengthDays"));
        Assert.Equal("The target must be below the baseline (9 hours) because lower is better; 12 hours was entered.", page.FieldError("Measures[0].Target"));
        Assert.Contains("name", page.FieldError("Measures[1].Name"));
        Assert.Contains("a comma only separates thousands", page.FieldError("Measures[1].Baseline"));
        Assert.Equal("3,5", page.FieldValue("Measures[1].Baseline"));
        Assert.Equal("Referral to triage", page.FieldValue("Measures[0].Name"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM workshops"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
    }

    public static TheoryData<string, string, string, string> BrokenRules => new()
    {
        // field changed, value, the field whose message shows, words in the message
        { "Input.LengthDays", "2", "Input.LengthDays", "3 to 5 days" },
        { "Input.LengthDays", "6", "Input.LengthDays", "3 to 5 days" },
        { "Input.PlanningStart", "2021-05-10", "Input.PlanningStart", "before the workshop starts" },
        { "Input.Status", "cancelled", "Input.StatusReason", "reason" },
        { "Input.Status", "stood_down", "Input.StatusReason", "reason" },
        { "Input.Status", "completed", "Input.Status", "at least one of its measures has a result" },
        { "Input.StartDate", "", "Input.StartDate", "first day" },
        { "Input.Title", "", "Input.Title", "title" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Each_workshop_rule_broken_alone_reshows_the_form_with_its_message_and_writes_nothing(string field, string value, string errorField, string words)
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var lead = await cast.LeadA();
        var form = ValidWorkshop(vs);
        form[field] = value;

        var response = await lead.PostFormAsync("/Workshops/Create", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains(words, page.FieldError(errorField), StringComparison.OrdinalIgnoreCase);
        foreach (var kept in new[] { "Input.ProblemStatement", "Input.TeamLeader", "Input.Team[0].Name" })
            Assert.Equal(form[kept], page.FieldValue(kept));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM workshops"));
    }

    [Fact]
    public async Task Completing_a_workshop_whose_report_out_is_still_to_come_is_refused()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var ws = app.Workshop(vs, new DateOnly(2021, 6, 14));
        app.Measure(ws, "process_time", 600, null);
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/Workshops/Edit/{ws}", new() { ["Input.Status"] = "completed" });

        var page = await response.ParseAsync();
        Assert.Contains("from its report-out date (18/06/2021)", page.FieldError("Input.Status"));
        Assert.Equal("planned", app.Scalar<string>("SELECT status FROM workshops"));
    }

    [Fact]
    public async Task A_workshop_with_a_result_can_be_marked_completed()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var ws = app.Workshop(vs, new DateOnly(2021, 5, 10));
        app.Measure(ws, "process_time", 600, 300);
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/Workshops/Edit/{ws}", new() { ["Input.Status"] = "completed", ["Input.Lessons"] = "Triage daily." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("completed", app.Scalar<string>("SELECT status FROM workshops"));
    }

    [Fact]
    public async Task The_second_of_two_saves_gets_the_conflict_message_and_the_first_stands()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var ws = app.Workshop(vs, new DateOnly(2021, 5, 10));
        var lead = await cast.LeadA();
        var admin = await cast.Admin();
        var leadForm = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)(await lead.GetDocumentAsync($"/Workshops/Edit/{ws}")).QuerySelector("main form")!);
        var adminForm = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)(await admin.GetDocumentAsync($"/Workshops/Edit/{ws}")).QuerySelector("main form")!);

        leadForm["Input.Title"] = ["The lead's title"];
        adminForm["Input.Title"] = ["The administrator's title"];
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync($"/Workshops/Edit/{ws}", Http.Encode(leadForm))).StatusCode);
        var second = await admin.PostAsync($"/Workshops/Edit/{ws}", Http.Encode(adminForm));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await second.ParseAsync();
        Assert.Contains("lead.a@example.nhs.uk changed this record", page.GetElementById("form-errors")!.TextContent);
        Assert.Equal("The administrator's title", page.FieldValue("Input.Title"));
        Assert.Equal("The lead's title", app.Scalar<string>("SELECT title FROM workshops"));
    }

    [Fact]
    public async Task The_list_filters_by_trust_and_status_newest_first()
    {
        var cast = await app.CastAsync();
        var vsA = app.ValueStream(cast.TrustA);
        var vsB = app.ValueStream(cast.TrustB);
        app.Workshop(vsA, new DateOnly(2019, 1, 7), title: "Older A");
        app.Workshop(vsA, new DateOnly(2020, 1, 6), title: "Newer A");
        app.Workshop(vsB, new DateOnly(2020, 2, 3), title: "Trust B's", status: "cancelled");
        var board = await cast.Board();

        var all = await board.GetDocumentAsync("/Workshops");
        var onlyA = await board.GetDocumentAsync($"/Workshops?trust={cast.TrustA}");
        var cancelled = await board.GetDocumentAsync("/Workshops?status=cancelled");

        Assert.Equal(["Trust B's", "Newer A", "Older A"], all.QuerySelectorAll("tbody tr td:nth-child(2)").Select(c => c.TextContent.Trim()));
        Assert.Equal(["Newer A", "Older A"], onlyA.QuerySelectorAll("tbody tr td:nth-child(2)").Select(c => c.TextContent.Trim()));
        Assert.Equal(["Trust B's"], cancelled.QuerySelectorAll("tbody tr td:nth-child(2)").Select(c => c.TextContent.Trim()));
    }
}

public sealed class WorkshopFormTestsOnSqlite(SharedKaizenApp shared) : WorkshopFormTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class WorkshopFormTestsOnPostgreSql() : WorkshopFormTests(new KaizenApp(DatabaseEngine.PostgreSql));
