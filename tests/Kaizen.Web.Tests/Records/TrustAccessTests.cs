using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

public abstract class TrustAccessTests : IDisposable
{
    private readonly KaizenApp app;

    protected TrustAccessTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2021, 6, 15, 12, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    [Fact]
    public async Task A_lead_of_trust_A_gets_403_writing_trust_Bs_records_and_each_attempt_is_logged()
    {
        var cast = await app.CastAsync();
        var vsB = app.ValueStream(cast.TrustB);
        var wsB = app.Workshop(vsB, new DateOnly(2021, 5, 10));
        var measureB = app.Measure(wsB, "process_time", 600, 300);
        // Lead A fetches forms as lead B would see them (lead B has access), then posts them as lead A.
        var leadB = await cast.LeadB();
        var leadA = await cast.LeadA();
        var attempts = new (string Page, Dictionary<string, string> Fields)[]
        {
            ($"/ValueStreams/Edit/{vsB}", new() { ["Input.Name"] = "Hijacked", ["Input.Reason"] = "because" }),
            ($"/Workshops/Edit/{wsB}", new() { ["Input.Title"] = "Hijacked" }),
            ($"/Workshops/Create?valueStream={vsB}", new() { ["Input.Title"] = "Planted", ["Input.StartDate"] = "2021-05-03", ["Input.LengthDays"] = "5" }),
            ($"/Measures/Create?workshop={wsB}&kind=process_time", new() { ["Input.Name"] = "Planted", ["Input.Baseline"] = "10" }),
            ($"/Measures/Edit/{measureB}", new() { ["Input.Name"] = "Hijacked" }),
            ($"/Measures/FollowUps/{measureB}", new() { ["Input.F30"] = "1" }),
            ($"/Measures/Delete/{measureB}", new()),
        };

        foreach (var (page, fields) in attempts)
        {
            var form = await leadB.GetDocumentAsync(page);
            var values = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)form.QuerySelector("main form[method=post]")!);
            foreach (var (key, value) in fields) values[key] = [value];
            // Lead A's own antiforgery token, so only the trust check can refuse it.
            var token = (await leadA.GetDocumentAsync("/Workshops")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            values["__RequestVerificationToken"] = [token];
            var action = form.QuerySelector("main form[method=post]")!.GetAttribute("action") ?? page;

            var response = await leadA.PostAsync(string.IsNullOrEmpty(action) ? page : action, Http.Encode(values));

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{page} answered {(int)response.StatusCode}");
        }

        Assert.Equal(attempts.Length, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND user_email = 'lead.a@example.nhs.uk'"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM value_streams WHERE name = 'Hijacked'"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM workshops WHERE title IN ('Hijacked', 'Planted')"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE name = 'Wait' AND f30 IS NULL"));
    }

    [Fact]
    public async Task A_lead_cannot_open_another_trusts_edit_form_but_can_read_its_workshop()
    {
        var cast = await app.CastAsync();
        var wsB = app.Workshop(app.ValueStream(cast.TrustB), new DateOnly(2021, 5, 10));
        var leadA = await cast.LeadA();

        Assert.Equal(HttpStatusCode.Forbidden, (await leadA.GetAsync($"/Workshops/Edit/{wsB}")).StatusCode);
        var details = await leadA.GetDocumentAsync($"/Workshops/Details/{wsB}");
        Assert.Null(details.QuerySelector($"a[href='/Workshops/Edit/{wsB}']"));
    }

    [Fact]
    public async Task A_board_member_reads_but_cannot_create_a_workshop()
    {
        var cast = await app.CastAsync();
        var vsA = app.ValueStream(cast.TrustA);
        var board = await cast.Board();
        var token = (await board.GetDocumentAsync("/Workshops")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await board.PostAsync("/Workshops/Create", Http.Encode(new()
        {
            ["__RequestVerificationToken"] = [token], ["Input.ValueStreamId"] = [vsA.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["Input.Title"] = ["Board's"], ["Input.StartDate"] = ["2021-05-03"], ["Input.LengthDays"] = ["5"], ["Input.Status"] = ["planned"],
        }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM workshops"));
    }
}

public sealed class TrustAccessTestsOnSqlite(SharedKaizenApp shared) : TrustAccessTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class TrustAccessTestsOnPostgreSql() : TrustAccessTests(new KaizenApp(DatabaseEngine.PostgreSql));
