using System.Globalization;
using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

public abstract class ValueStreamTests : IDisposable
{
    protected readonly KaizenApp app;

    protected ValueStreamTests(KaizenApp app) => this.app = app;

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    protected static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_lead_creates_a_value_stream_for_their_trust()
    {
        var cast = await app.CastAsync();
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync("/ValueStreams/Create", new()
        {
            ["Input.TrustId"] = Id(cast.TrustA), ["Input.Name"] = "Emergency department to ward", ["Input.Description"] = "Decision to admit → arrival on ward",
            ["Input.ChosenBy"] = "top_down", ["Input.Status"] = "active", ["Input.TargetProcessTime"] = "50", ["Input.TargetErrorCount"] = "",
            ["Input.TargetErrorRate"] = "12.3",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0.5, app.Scalar<double>("SELECT target_process_time FROM value_streams WHERE name = 'Emergency department to ward'"));
        // The percentage as typed: 12.3 / 100 in binary is 0.12300000000000001.
        Assert.Equal(0.123, app.Scalar<double>("SELECT target_error_rate FROM value_streams WHERE name = 'Emergency department to ward'"));
        // An empty optional field stays empty, never 0.
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM value_streams WHERE name = 'Emergency department to ward' AND target_error_count IS NULL"));
    }

    [Theory]
    [InlineData("120", "120%")]
    [InlineData("0", "0%")]
    [InlineData("-5", "-5%")]
    public async Task A_target_outside_1_to_99_percent_is_refused_beside_the_field(string target, string expected)
    {
        var cast = await app.CastAsync();
        var lead = await cast.LeadA();

        var response = await lead.PostFormAsync("/ValueStreams/Create", new()
        {
            ["Input.TrustId"] = Id(cast.TrustA), ["Input.Name"] = "Discharge", ["Input.ChosenBy"] = "top_down", ["Input.Status"] = "active",
            ["Input.TargetErrorRate"] = target,
        });

        var page = await response.ParseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, page.FieldError("Input.TargetErrorRate"));
        Assert.Equal("Discharge", page.FieldValue("Input.Name"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM value_streams"));
    }

    [Fact]
    public async Task Changing_only_the_sponsor_is_not_a_revision()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var admin = await cast.Admin();

        var saved = await admin.PostFormAsync($"/ValueStreams/Edit/{vs}", new() { ["Input.ExecutiveSponsor"] = "Dr Rao" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM value_stream_revisions"));
        Assert.Equal("Dr Rao", app.Scalar<string>("SELECT executive_sponsor FROM value_streams WHERE id = @vs", new { vs }));
    }

    protected static string Normalise(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public async Task A_revision_without_a_reason_is_refused_and_with_one_the_history_shows_before_and_after()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA, "Outpatients");
        var lead = await cast.LeadA();

        var refused = await lead.PostFormAsync($"/ValueStreams/Edit/{vs}", new() { ["Input.Name"] = "Outpatient referral to first appointment", ["Input.Reason"] = "" });
        var refusedPage = await refused.ParseAsync();
        Assert.Contains("say why", refusedPage.FieldError("Input.Reason"));
        Assert.Equal("Outpatient referral to first appointment", refusedPage.FieldValue("Input.Name"));
        Assert.Equal("Outpatients", app.Scalar<string>("SELECT name FROM value_streams WHERE id = @vs", new { vs }));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM value_stream_revisions"));

        var saved = await lead.PostFormAsync($"/ValueStreams/Edit/{vs}", new()
        {
            ["Input.Name"] = "Outpatient referral to first appointment", ["Input.TargetProcessTime"] = "40",
            ["Input.Reason"] = "The first scope was too broad to improve in one go.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var details = await lead.GetDocumentAsync($"/ValueStreams/Details/{vs}");
        var history = details.QuerySelector("section[aria-labelledby=revisions-heading]")!.TextContent;
        Assert.Contains("The first scope was too broad", history);
        Assert.Contains("name: Outpatients → Outpatient referral to first appointment", Normalise(history));
        Assert.Contains("target process time: (empty) → 40.0%", Normalise(history));
    }
}

public sealed class ValueStreamTestsOnSqlite(SharedKaizenApp shared) : ValueStreamTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class ValueStreamTestsOnPostgreSql() : ValueStreamTests(new KaizenApp(DatabaseEngine.PostgreSql));
