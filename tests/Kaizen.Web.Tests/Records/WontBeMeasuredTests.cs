using System.Net;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Records;

// A follow-up closed as "won't be measured" leaves the overdue list, is listed among the problems with its reason and
// counts as not sustained.
public abstract class WontBeMeasuredTests : IDisposable
{
    protected readonly KaizenApp app;

    protected WontBeMeasuredTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2021, 6, 30, 12, 0, 0, TimeSpan.Zero);

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    [Fact]
    public async Task A_follow_up_cannot_have_both_a_value_and_a_reason()
    {
        var cast = await app.CastAsync();
        var workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 4, 12), status: "completed");
        var measure = app.Measure(workshop, "process_time", 600, 300);
        var lead = await cast.LeadA();

        var page = await (await lead.PostFormAsync($"/Measures/FollowUps/{measure}", new()
        {
            ["Input.F30"] = "310", ["Input.F30NotMeasured"] = "Not needed",
        })).ParseAsync();

        Assert.Contains("not both", page.FieldError("Input.F30NotMeasured"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM measures WHERE f30 IS NULL AND f30_not_measured IS NULL"));
    }

    [Fact]
    public async Task At_its_checkpoint_a_closed_follow_up_is_not_counted_as_awaiting_data()
    {
        var cast = await app.CastAsync();
        var workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 4, 12), status: "completed");
        var measure = app.Measure(workshop, "process_time", 600, 300, name: "Referral to triage");
        var lead = await cast.LeadA();
        var awaitingBefore = await lead.GetDocumentAsync("/Dashboard?checkpoint=30");
        Assert.Equal("1", awaitingBefore.QuerySelector("tr[data-kind='process_time'] [data-figure='awaiting']")?.TextContent.Trim());

        await lead.PostFormAsync($"/Measures/FollowUps/{measure}", new() { ["Input.F30NotMeasured"] = "The clinic closed in May" });

        var dashboard = await lead.GetDocumentAsync("/Dashboard?checkpoint=30");
        Assert.Equal("0", dashboard.QuerySelector("tr[data-kind='process_time'] [data-figure='awaiting']")?.TextContent.Trim());
        Assert.Contains("closed as “won't be measured”", dashboard.QuerySelector("[data-figure='wont-be-measured']")?.TextContent);
        var problems = await lead.GetDocumentAsync("/Problems?checkpoint=30");
        Assert.DoesNotContain("Referral to triage", problems.GetElementById("awaiting")!.TextContent);
        Assert.Contains("Referral to triage", problems.GetElementById("not-measured")!.TextContent);
        Assert.Contains("not awaiting data", (await lead.GetDocumentAsync("/Definitions")).GetElementById("awaiting")!.NextElementSibling!.TextContent);
    }

    [Fact]
    public async Task A_follow_up_closed_with_a_reason_leaves_the_overdue_list_and_is_listed_with_its_reason()
    {
        var cast = await app.CastAsync();
        // Report-out 16/04/2021: the 30-day follow-up fell due on 16/05/2021 and is overdue; the 60-day is due 15/06.
        var workshop = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 4, 12), status: "completed");
        var measure = app.Measure(workshop, "process_time", 600, 300, name: "Referral to triage");
        var lead = await cast.LeadA();

        var before = await lead.GetDocumentAsync("/Problems");
        Assert.NotNull(before.QuerySelector($"#overdue tr[data-workshop='{workshop}'][data-days='30']"));

        var response = await lead.PostFormAsync($"/Measures/FollowUps/{measure}", new()
        {
            ["Input.F30NotMeasured"] = "The clinic closed for refurbishment in May", ["Input.F60"] = "320",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("The clinic closed for refurbishment in May", app.Scalar<string>("SELECT f30_not_measured FROM measures"));
        var after = await lead.GetDocumentAsync("/Problems");
        Assert.Null(after.QuerySelector($"#overdue tr[data-workshop='{workshop}']"));
        var row = after.QuerySelector($"#not-measured tr[data-measure='{measure}'][data-days='30']");
        Assert.NotNull(row);
        Assert.Contains("The clinic closed for refurbishment in May", row!.TextContent);
        Assert.Contains("Referral to triage", row.TextContent);
        // Not sustained for want of evidence: it is in the "won't be measured" list, not among the failed values.
        Assert.Null(after.QuerySelector($"#not-sustained tr[data-measure='{measure}'][data-days='30']"));

        var details = await lead.GetDocumentAsync($"/Workshops/Details/{workshop}");
        Assert.Contains("Won't be measured", details.QuerySelector("tbody tr")!.TextContent);
        Assert.Contains("Not sustained", details.QuerySelector("tbody tr")!.TextContent);
        Assert.Contains("won't be measured", (await lead.GetDocumentAsync("/Definitions")).GetElementById("sustainment")!.NextElementSibling!.TextContent);
    }
}

public sealed class WontBeMeasuredTestsOnSqlite(SharedKaizenApp shared) : WontBeMeasuredTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class WontBeMeasuredTestsOnPostgreSql() : WontBeMeasuredTests(new KaizenApp(DatabaseEngine.PostgreSql));
