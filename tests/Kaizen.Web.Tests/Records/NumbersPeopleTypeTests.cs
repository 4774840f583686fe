using System.Globalization;
using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

// The numbers people type are the numbers Kaizen keeps: a comma that is not a thousands separator is refused beside
// its field (it was read as a thousands separator: "3,5" hours became 35), every problem comes back in one answer,
// in Kaizen's words and in the unit the person typed.
public abstract class NumbersPeopleTypeTests : IDisposable
{
    private readonly KaizenApp app;

    protected NumbersPeopleTypeTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2021, 6, 15, 12, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    [Fact]
    public async Task A_decimal_comma_is_refused_beside_its_field_and_nothing_is_saved()
    {
        var cast = await app.CastAsync();
        var workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 5, 10));
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind=process_time", new()
        {
            ["Input.Name"] = "Referral to triage", ["Input.Unit"] = "hours", ["Input.Baseline"] = "3,5", ["Input.Target"] = "1,25", ["Input.Result"] = "2",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("\"3,5\" is not a number Kaizen can read: a comma only separates thousands, in groups of three (1,250.5). If you meant 3.5, type it with a full stop.",
            page.FieldError("Input.Baseline"));
        Assert.StartsWith("\"1,25\" is not a number Kaizen can read", page.FieldError("Input.Target"), StringComparison.Ordinal);
        Assert.Equal("3,5", page.FieldValue("Input.Baseline"));
        Assert.Equal(0, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
    }

    [Fact]
    public async Task A_process_time_rule_speaks_the_unit_typed()
    {
        var cast = await app.CastAsync();
        var workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 5, 10));
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync($"/Measures/Create?workshop={workshop}&kind=process_time", new()
        {
            ["Input.Name"] = "Referral to triage", ["Input.Unit"] = "hours", ["Input.Baseline"] = "9", ["Input.Target"] = "12",
        });

        Assert.Equal("The target must be below the baseline (9 hours) because lower is better; 12 hours was entered.",
            (await response.ParseAsync()).FieldError("Input.Target"));
    }

    [Fact]
    public async Task The_workshop_form_reports_every_problem_in_one_answer_in_Kaizens_words()
    {
        var cast = await app.CastAsync();
        app.ValueStream(cast.TrustA);
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync("/Workshops/Create", new()
        {
            ["Input.ValueStreamId"] = "", ["Input.Title"] = "Referral triage", ["Input.PlanningStart"] = "31/09/2026",
            ["Input.StartDate"] = "2026-10-12", ["Input.LengthDays"] = "9", ["Input.Status"] = "planned",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Choose the value stream this workshop improves.", page.FieldError("Input.ValueStreamId"));
        Assert.Equal("\"31/09/2026\" is not a real date: September 2026 has 30 days. Enter the date as dd/mm/yyyy, for example 14/03/2024.",
            page.FieldError("Input.PlanningStart"));
        Assert.Equal("A workshop lasts 3 to 5 days; 9 was entered.", page.FieldError("Input.LengthDays"));
        Assert.DoesNotContain("is not valid for", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, app.Scalar<long>("SELECT COUNT(*) FROM workshops"));
    }

    [Fact]
    public async Task The_import_reads_a_typed_number_by_the_same_rule()
    {
        var cast = await app.CastAsync();
        app.ValueStream(cast.TrustA, "Outpatients");
        var lead = await cast.LeadA();
        var workbook = Import.ImportKit.Workbook(Import.ImportKit.Row((Kaizen.Web.Import.Col.Baseline, "3,5")));

        var preview = await Import.ImportKit.UploadPageAsync(lead, workbook);

        Assert.Contains(Import.ImportKit.Problems(preview), p => p.Reason.StartsWith("\"3,5\" is not a number Kaizen can read", StringComparison.Ordinal));
        Assert.Equal(0, app.Scalar<long>("SELECT COUNT(*) FROM measures"));
    }
}

public sealed class NumbersPeopleTypeTestsOnSqlite(SharedKaizenApp shared) : NumbersPeopleTypeTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class NumbersPeopleTypeTestsOnPostgreSql() : NumbersPeopleTypeTests(new KaizenApp(DatabaseEngine.PostgreSql));
