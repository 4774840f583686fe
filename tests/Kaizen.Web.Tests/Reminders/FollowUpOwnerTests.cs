using System.Net;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reminders;

// Each workshop's follow-ups have an owner: by default the trust's improvement lead, changeable on the workshop.
public abstract class FollowUpOwnerTests : IDisposable
{
    private readonly KaizenApp app;

    protected FollowUpOwnerTests(KaizenApp app) => this.app = app;

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    private (Cast Cast, long Workshop, long SecondLead) Setup()
    {
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var cast = app.CastAsync().GetAwaiter().GetResult();
        // A second lead of trust A, created after lead.a: lead.a stays the default.
        var second = app.AddUser("second.a@example.nhs.uk", Roles.Lead, cast.TrustA);
        using (var db = app.OpenDb())
            db.Execute("UPDATE users SET created_at = '2027-01-01T00:00:00Z' WHERE id = @second", new { second });
        var ws = app.Workshop(app.ValueStream(cast.TrustA), new DateOnly(2021, 3, 1), reference: "A-1");
        return (cast, ws, second);
    }

    private long? StoredOwner(long workshop) => app.Scalar<long?>("SELECT follow_up_owner_id FROM workshops WHERE id = @workshop", new { workshop });

    [Fact]
    public async Task A_workshop_is_owned_by_its_trusts_earliest_improvement_lead_until_someone_changes_it()
    {
        var (cast, ws, _) = Setup();
        var page = await (await cast.Board()).GetDocumentAsync($"/Workshops/Details/{ws}");
        Assert.Contains("Follow-ups owned by lead.a (the trust's improvement lead)", page.GetElementById("follow-up-owner")!.TextContent);
        // A board member sees the owner but has no form to change it.
        Assert.Null(page.QuerySelector("form[action^='/Workshops/FollowUpOwner']"));
    }

    [Fact]
    public async Task The_trusts_lead_gives_the_follow_ups_to_another_lead_and_the_change_is_audited()
    {
        var (cast, ws, second) = Setup();
        var lead = await cast.LeadA();
        var response = await lead.PostFormAsync($"/Workshops/Details/{ws}", new() { ["Owner"] = second.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "form[action^='/Workshops/FollowUpOwner']");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(second, StoredOwner(ws));
        var page = await lead.GetDocumentAsync($"/Workshops/Details/{ws}");
        Assert.Contains("now owned by second.a", page.Body!.TextContent);
        Assert.Contains("Follow-ups owned by second.a.", page.GetElementById("follow-up-owner")!.TextContent);
        Assert.Equal(1, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'workshop' AND entity_id = @ws AND action = 'follow_up_owner' AND after_json LIKE '%' || @second || '%'", new { ws, second }));

        // Back to the default.
        await lead.PostFormAsync($"/Workshops/FollowUpOwner/{ws}", new() { ["Owner"] = "" });
        Assert.Null(StoredOwner(ws));
    }

    [Fact]
    public async Task The_follow_ups_cannot_be_given_to_a_user_who_is_not_a_lead_of_the_trust()
    {
        var (cast, ws, _) = Setup();
        var leadB = app.Scalar<long>("SELECT id FROM users WHERE email = 'lead.b@example.nhs.uk'");
        var response = await (await cast.LeadA()).PostFormAsync($"/Workshops/FollowUpOwner/{ws}", new() { ["Owner"] = leadB.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose one of the trust's improvement leads", (await response.ParseAsync()).GetElementById("Owner-error")!.TextContent);
        Assert.Null(StoredOwner(ws));
    }

    [Fact]
    public async Task Another_trusts_lead_cannot_change_the_owner()
    {
        var (cast, ws, second) = Setup();
        var leadB = await cast.LeadB();
        // Lead B takes the form from a workshop of their own trust and posts it at trust A's workshop.
        var wsB = app.Workshop(app.ValueStream(cast.TrustB), new DateOnly(2021, 3, 1), reference: "B-1");
        var form = await leadB.GetDocumentAsync($"/Workshops/FollowUpOwner/{wsB}");
        var fields = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)form.QuerySelector("main form")!);
        fields["Owner"] = [second.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var response = await leadB.PostAsync($"/Workshops/FollowUpOwner/{ws}", Http.Encode(fields));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(StoredOwner(ws));
    }

    [Fact]
    public async Task A_measure_can_have_its_own_owner_who_then_gets_its_follow_ups_in_my_work_and_the_digest()
    {
        var (cast, ws, second) = Setup();
        var triage = app.Measure(ws, "process_time", 600, 300, name: "Wait for triage");
        var clinic = app.Measure(ws, "process_time", 600, 300, name: "Wait for clinic");
        var lead = await cast.LeadA();
        string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await lead.PostFormAsync($"/Workshops/Details/{ws}", new() { [$"MeasureOwners[{clinic}]"] = Id(second) },
            "form[action^='/Workshops/FollowUpOwner']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(second, app.Scalar<long?>("SELECT follow_up_owner_id FROM measures WHERE id = @clinic", new { clinic }));
        Assert.Null(app.Scalar<long?>("SELECT follow_up_owner_id FROM measures WHERE id = @triage", new { triage }));
        Assert.Null(StoredOwner(ws));   // the workshop keeps the trust's lead as its default
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'measure' AND entity_id = @clinic AND action = 'follow_up_owner'", new { clinic }));

        // My work: each lead sees only the follow-ups they own.
        var secondsWork = (await (await app.SignedInAsync("second.a@example.nhs.uk")).GetDocumentAsync("/")).GetElementById("follow-ups-heading")!.ParentElement!.TextContent;
        Assert.Contains("Wait for clinic", secondsWork);
        Assert.DoesNotContain("Wait for triage", secondsWork);
        var leadsWork = (await lead.GetDocumentAsync("/")).GetElementById("follow-ups-heading")!.ParentElement!.TextContent;
        Assert.Contains("Wait for triage", leadsWork);
        Assert.DoesNotContain("Wait for clinic", leadsWork);

        // The digest is made from the same list: the measure's follow-ups go to its own owner.
        using (var db = app.OpenDb())
        {
            var all = await Kaizen.Web.Reminders.FollowUpOwners.OpenFollowUpsAsync(db, null, new DateOnly(2021, 6, 15));
            Assert.All(all.Where(f => f.MeasureId == clinic), f => Assert.Equal(second, f.OwnerId));
            Assert.All(all.Where(f => f.MeasureId == triage), f => Assert.NotEqual(second, f.OwnerId));
            Assert.Equal(3, all.Count(f => f.MeasureId == clinic));
        }

        // Only a lead of the trust: another trust's lead is refused beside the measure's field, and nothing changes.
        var leadB = app.Scalar<long>("SELECT id FROM users WHERE email = 'lead.b@example.nhs.uk'");
        var refused = await lead.PostFormAsync($"/Workshops/FollowUpOwner/{ws}", new() { ["Owner"] = "", [$"MeasureOwners[{triage}]"] = Id(leadB) });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Wait for triage", (await refused.ParseAsync()).GetElementById($"MeasureOwners_{triage}-error")!.TextContent);
        Assert.Null(app.Scalar<long?>("SELECT follow_up_owner_id FROM measures WHERE id = @triage", new { triage }));
    }
}

public sealed class FollowUpOwnerTestsOnSqlite(SharedKaizenApp shared) : FollowUpOwnerTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class FollowUpOwnerTestsOnPostgreSql() : FollowUpOwnerTests(new KaizenApp(DatabaseEngine.PostgreSql));
