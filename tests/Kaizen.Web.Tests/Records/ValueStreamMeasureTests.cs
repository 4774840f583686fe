using System.Globalization;
using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

// A value stream's outcome measures and their points, entered by form and pasted from Excel (issue 20).
public abstract class ValueStreamMeasureTests : IDisposable
{
    private readonly KaizenApp app;

    // Wednesday 12/06/2024.
    protected ValueStreamMeasureTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2024, 6, 12, 10, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private (string Period, double Value)[] Points(long measure)
    {
        using var db = app.OpenDb();
        return db.Query<(string, double)>("SELECT period_start, value FROM value_stream_measure_points WHERE measure_id = @measure ORDER BY period_start",
            new { measure }).ToArray();
    }

    [Fact]
    public async Task A_lead_adds_an_outcome_measure_to_their_value_stream_and_lands_on_its_data()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA, "Outpatients");
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/ValueStreams/Measures/Create?valueStreamId={vs}", new()
        {
            ["Input.Name"] = "Days from referral to first appointment", ["Input.Unit"] = "days", ["Input.Better"] = "lower",
            ["Input.Target"] = "1,250.5", ["Input.Frequency"] = "month", ["Input.OperationalDefinition"] = "Working days, from receipt.",
            ["Input.BaselinePoints"] = "12",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var db = app.OpenDb();
        var stored = db.QuerySingle<(long Id, string Name, string Unit, string Better, double Target, string Frequency, long Floor, long Baseline)>(
            "SELECT id, name, unit, better, target, frequency, floor_at_zero, baseline_points FROM value_stream_measures WHERE value_stream_id = @vs", new { vs });
        Assert.Equal(("Days from referral to first appointment", "days", "lower", 1250.5, "month", 1L, 12L),
            (stored.Name, stored.Unit, stored.Better, stored.Target, stored.Frequency, stored.Floor, stored.Baseline));
        Assert.Equal($"/ValueStreams/Measures/Data/{stored.Id}", response.Headers.Location!.ToString());
        Assert.Equal(1L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure' AND action = 'create' AND entity_id = @id", new { id = stored.Id }));

        var list = await lead.GetDocumentAsync($"/ValueStreams/Measures?valueStreamId={vs}");
        Assert.Contains("Days from referral to first appointment", list.QuerySelector("#outcome-measures")!.TextContent);
        Assert.NotNull(list.QuerySelector($"a[href='/ValueStreams/Measures/Chart/{stored.Id}']"));
    }

    [Fact]
    public async Task Every_problem_with_a_new_measure_is_shown_beside_its_field_and_nothing_is_saved()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        app.AddOutcomeMeasure(vs, "Waiting days");
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/ValueStreams/Measures/Create?valueStreamId={vs}", new()
        {
            ["Input.Name"] = " waiting DAYS ", ["Input.Unit"] = "", ["Input.Target"] = "3,5", ["Input.BaselinePoints"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("Enter what one point counts", page.FieldError("Input.Unit"));
        Assert.Contains("If you meant 3.5", page.FieldError("Input.Target"));
        Assert.Contains("at least 2 points", page.FieldError("Input.BaselinePoints"));
        Assert.Equal(" waiting DAYS ", page.FieldValue("Input.Name"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM value_stream_measures"));

        // With the rest put right, the name is still another measure's (matched ignoring case and spaces).
        var again = await (await lead.PostFormAsync($"/ValueStreams/Measures/Create?valueStreamId={vs}", new()
        {
            ["Input.Name"] = " waiting DAYS ", ["Input.Unit"] = "days",
        })).ParseAsync();
        Assert.Contains("already has a measure called", again.FieldError("Input.Name"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM value_stream_measures"));
    }

    [Fact]
    public async Task A_point_is_dated_to_its_periods_start_and_a_second_one_for_the_period_replaces_it()
    {
        var cast = await app.CastAsync();
        var measure = app.AddOutcomeMeasure(app.ValueStream(cast.TrustA), frequency: "week");
        var lead = await cast.LeadA();

        // Wednesday 06/03/2024 is in the week beginning Monday 04/03/2024.
        var first = await lead.PostFormAsync($"/ValueStreams/Measures/Data/{measure}", new() { ["Point.Period"] = "06/03/2024", ["Point.Value"] = "21" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var page = await lead.GetDocumentAsync(first.Headers.Location!.ToString());
        Assert.Equal("06/03/2024 is in the week beginning 04/03/2024: 21 days saved.", page.QuerySelector("[role=status]")!.TextContent.Trim());

        await lead.PostFormAsync($"/ValueStreams/Measures/Data/{measure}", new() { ["Point.Period"] = "10/03/2024", ["Point.Value"] = "19.5" });
        page = await lead.GetDocumentAsync($"/ValueStreams/Measures/Data/{measure}");
        Assert.Equal("10/03/2024 is in the week beginning 04/03/2024: its value was 21 and is now 19.5 days.", page.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal([("2024-03-04", 19.5)], Points(measure));
        Assert.Equal(["04/03/2024", "19.5"], page.QuerySelectorAll("#points tbody tr td").Take(2).Select(td => td.TextContent.Trim()));
        Assert.Equal(["add_point", "replace_point"], app.OpenDb().Query<string>("SELECT action FROM audit_log WHERE entity = 'value_stream_measure' ORDER BY id"));
    }

    [Fact]
    public async Task A_point_for_a_period_not_yet_begun_or_below_zero_is_refused_beside_its_field()
    {
        var cast = await app.CastAsync();
        var measure = app.AddOutcomeMeasure(app.ValueStream(cast.TrustA), frequency: "month");
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/ValueStreams/Measures/Data/{measure}", new() { ["Point.Period"] = "01/07/2024", ["Point.Value"] = "-4" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("July 2024, which has not begun yet", page.FieldError("Point.Period"));
        Assert.Equal("-4 is below zero, and this measure cannot go below zero.", page.FieldError("Point.Value"));
        Assert.Equal("01/07/2024", page.FieldValue("Point.Period"));
        Assert.Empty(Points(measure));
    }

    [Fact]
    public async Task A_good_paste_saves_every_line_and_says_how_many_were_added_and_replaced()
    {
        var cast = await app.CastAsync();
        var measure = app.AddOutcomeMeasure(app.ValueStream(cast.TrustA), frequency: "week");
        app.AddOutcomePoint(measure, "2024-03-11", 30);
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/ValueStreams/Measures/Data/{measure}?handler=Paste",
            new() { ["Paste.Text"] = "Week commencing\tDays\r\n04/03/2024\t21\r\n11/03/2024\t20\r\n20/03/2024\t1,250.5\r\n" },
            formSelector: "form[action*=Paste]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([("2024-03-04", 21), ("2024-03-11", 20), ("2024-03-18", 1250.5)], Points(measure));
        var page = await lead.GetDocumentAsync($"/ValueStreams/Measures/Data/{measure}");
        Assert.Equal("Pasted 3 lines: 2 points added, 1 point replaced.", page.QuerySelector("[role=status]")!.TextContent.Trim());
        // Newest first.
        Assert.Equal(["18/03/2024", "11/03/2024", "04/03/2024"], page.QuerySelectorAll("#points tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure' AND action = 'paste_points'"));
    }

    [Fact]
    public async Task A_paste_with_one_bad_line_saves_nothing_lists_every_bad_line_and_keeps_the_paste()
    {
        var cast = await app.CastAsync();
        var measure = app.AddOutcomeMeasure(app.ValueStream(cast.TrustA), frequency: "week");
        var lead = await cast.LeadA();
        var text = "04/03/2024\t21\n11/03/2024\t3,5\n18/03/2024\t19\n31/02/2024\t18";

        var response = await lead.PostFormAsync($"/ValueStreams/Measures/Data/{measure}?handler=Paste", new() { ["Paste.Text"] = text },
            formSelector: "form[action*=Paste]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("2 lines need correcting (listed below); nothing was saved.", page.FieldError("Paste.Text"));
        var problems = page.QuerySelectorAll("#paste-problems li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Line 2: \"3,5\" is not a number", problems[0]);
        Assert.StartsWith("Line 4: \"31/02/2024\" is not a real date", problems[1]);
        Assert.Equal(text, page.FieldValue("Paste.Text"));
        Assert.Empty(Points(measure));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure'"));
    }

    [Fact]
    public async Task A_point_is_deleted_and_the_deletion_audited()
    {
        var cast = await app.CastAsync();
        var measure = app.AddOutcomeMeasure(app.ValueStream(cast.TrustA), frequency: "month");
        app.AddOutcomePoint(measure, "2024-02-01", 7);
        app.AddOutcomePoint(measure, "2024-03-01", 8);
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/ValueStreams/Measures/Data/{measure}?handler=Delete", new() { ["period"] = "2024-02-01" },
            formSelector: "form[action*=Delete]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([("2024-03-01", 8)], Points(measure));
        var page = await lead.GetDocumentAsync($"/ValueStreams/Measures/Data/{measure}");
        Assert.Equal("The point for February 2024 (7 days) was deleted.", page.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure' AND action = 'delete_point'"));
        // The administrator reads the deletion in the audit log, with the value it had.
        var log = await (await cast.Admin()).GetDocumentAsync("/Admin/Audit?entity=value_stream_measure");
        Assert.Contains("delete_point", log.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_lead_of_another_trust_reads_the_points_but_cannot_change_them_and_the_attempt_is_recorded()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var measure = app.AddOutcomeMeasure(vs, frequency: "week");
        app.AddOutcomePoint(measure, "2024-03-04", 21);
        var leadB = await cast.LeadB();

        var page = await leadB.GetDocumentAsync($"/ValueStreams/Measures/Data/{measure}");
        Assert.Empty(page.QuerySelectorAll("main form"));
        Assert.Equal("21", page.QuerySelectorAll("#points tbody td")[1].TextContent.Trim());

        var leadBToken = (await leadB.GetDocumentAsync("/Account/Profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var (handler, fields) in new (string, Dictionary<string, List<string>>)[]
        {
            ("", new() { ["Point.Period"] = ["11/03/2024"], ["Point.Value"] = ["1"] }),
            ("?handler=Paste", new() { ["Paste.Text"] = ["11/03/2024\t1"] }),
            ("?handler=Delete", new() { ["period"] = ["2024-03-04"] }),
        })
        {
            fields["__RequestVerificationToken"] = [leadBToken];
            var response = await leadB.PostAsync($"/ValueStreams/Measures/Data/{measure}{handler}", Http.Encode(fields));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await leadB.GetAsync($"/ValueStreams/Measures/Create?valueStreamId={vs}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leadB.GetAsync($"/ValueStreams/Measures/Edit/{measure}")).StatusCode);
        Assert.Equal([("2024-03-04", 21)], Points(measure));
        Assert.Equal(3L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure' AND action = 'denied'"));
    }

    [Fact]
    public async Task An_edit_over_someone_elses_save_is_refused_and_keeps_the_input()
    {
        var cast = await app.CastAsync();
        var measure = app.AddOutcomeMeasure(app.ValueStream(cast.TrustA), "Waiting days");
        var lead = await cast.LeadA();
        var admin = await cast.Admin();
        var leadForm = (await lead.GetDocumentAsync($"/ValueStreams/Measures/Edit/{measure}"))
            .QuerySelectorAll("main form").OfType<AngleSharp.Html.Dom.IHtmlFormElement>().First();
        var leadValues = Http.FormValues(leadForm);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/ValueStreams/Measures/Edit/{measure}", new() { ["Input.Unit"] = "working days" })).StatusCode);
        leadValues["Input.Name"] = ["Days waiting for a first appointment"];
        var response = await lead.PostAsync($"/ValueStreams/Measures/Edit/{measure}", Http.Encode(leadValues));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("admin@example.nhs.uk changed this record", page.QuerySelector("#form-errors")!.TextContent);
        Assert.Equal("Days waiting for a first appointment", page.FieldValue("Input.Name"));
        Assert.Equal(("Waiting days", "working days", 2L), app.OpenDb().QuerySingle<(string, string, long)>("SELECT name, unit, version FROM value_stream_measures"));
    }

    [Fact]
    public async Task A_measures_frequency_cannot_change_under_its_points()
    {
        var cast = await app.CastAsync();
        var measure = app.AddOutcomeMeasure(app.ValueStream(cast.TrustA), frequency: "week");
        app.AddOutcomePoint(measure, "2024-03-04", 21);
        var lead = await cast.LeadA();

        var page = await (await lead.PostFormAsync($"/ValueStreams/Measures/Edit/{measure}", new() { ["Input.Frequency"] = "month" })).ParseAsync();

        Assert.Contains("1 point dated to weeks", page.FieldError("Input.Frequency"));
        Assert.Equal("week", app.Scalar<string>("SELECT frequency FROM value_stream_measures"));
    }

    [Fact]
    public async Task Unticking_cannot_go_below_zero_is_saved_as_a_browser_posts_it()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var lead = await cast.LeadA();
        var form = (await lead.GetDocumentAsync($"/ValueStreams/Measures/Create?valueStreamId={vs}"))
            .QuerySelectorAll("main form").OfType<AngleSharp.Html.Dom.IHtmlFormElement>().First();
        // A browser sends nothing for an unticked box: the form must carry its own "false", or the default (true) wins.
        ((AngleSharp.Html.Dom.IHtmlInputElement)form.QuerySelector("input[type=checkbox][name='Input.FloorAtZero']")!).IsChecked = false;
        var values = Http.FormValues(form);
        values["Input.Name"] = ["Temperature change"];
        values["Input.Unit"] = ["degrees"];
        values["Input.Better"] = ["neither"];

        var response = await lead.PostAsync($"/ValueStreams/Measures/Create?valueStreamId={vs}", Http.Encode(values));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0L, app.Scalar<long>("SELECT floor_at_zero FROM value_stream_measures"));
    }
}

public sealed class ValueStreamMeasureTestsOnSqlite(SharedKaizenApp shared) : ValueStreamMeasureTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class ValueStreamMeasureTestsOnPostgreSql() : ValueStreamMeasureTests(new KaizenApp(DatabaseEngine.PostgreSql));
