using System.Net;
using System.Text.Json;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

public abstract class AdminTests : IDisposable
{
    private readonly KaizenApp app;

    protected AdminTests(KaizenApp app) => this.app = app;

    // A PostgreSQL test has an app of its own; the SQLite tests share their class's.
    public void Dispose()
    {
        if (app is not SharedKaizenApp) app.Dispose();
    }

    [Fact]
    public async Task An_edit_appears_in_the_audit_log_with_before_and_after()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        var response = await admin.PostFormAsync($"/Admin/Trusts/Edit/{cast.TrustA}", new() { ["Input.Name"] = "Trust A renamed" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        using var db = app.OpenDb();
        var entry = db.QuerySingle<(string Email, string Action, string Before, string After)>(
            "SELECT user_email, action, before_json, after_json FROM audit_log WHERE entity = 'trust' AND entity_id = @id", new { id = cast.TrustA });
        Assert.Equal("admin@example.nhs.uk", entry.Email);
        Assert.Equal("update", entry.Action);
        Assert.Equal("Trust A", JsonDocument.Parse(entry.Before).RootElement.GetProperty("name").GetString());
        Assert.Equal("Trust A renamed", JsonDocument.Parse(entry.After).RootElement.GetProperty("name").GetString());

        var log = await admin.GetDocumentAsync("/Admin/Audit?entity=trust");
        Assert.Contains("Trust A renamed", log.QuerySelector("table")!.TextContent);
    }

    [Fact]
    public async Task The_audit_log_shows_values_as_they_were_typed()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        await admin.PostFormAsync($"/Admin/Trusts/Edit/{cast.TrustA}", new() { ["Input.Name"] = "St John's & Zoë <Trust>" });

        // Not St John\u0027s, as the stored JSON has it: a field, its value before and its value after.
        var log = await admin.GetDocumentAsync("/Admin/Audit?entity=trust");
        var change = log.QuerySelectorAll(".audit-changes tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Name");
        Assert.Equal(["Trust A", "St John's & Zoë <Trust>"], change.QuerySelectorAll("td").Select(td => td.TextContent).ToArray());
    }

    [Fact]
    public async Task Adding_a_user_lets_them_sign_in_with_their_role()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        var response = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "New Lead", ["Input.Email"] = "new.lead@example.nhs.uk", ["Input.Role"] = "lead",
            ["Input.TrustId"] = cast.TrustB.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // No email here: the administrator passes the invitation link on, and the new lead chooses a password with it.
        var link = new Uri((await admin.GetDocumentAsync("/Admin/Users")).GetElementById("password-link")!.GetAttribute("value")!).PathAndQuery;
        await app.Client().PostFormAsync(link, new() { ["Input.Password"] = "another long password", ["Input.ConfirmPassword"] = "another long password" });
        var lead = await app.SignedInAsync("new.lead@example.nhs.uk", "another long password");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/Admin/Users")).StatusCode);
    }

    [Fact]
    public async Task A_lead_without_a_trust_is_refused_with_the_reason_beside_the_field()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        var response = await admin.PostFormAsync("/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "No Trust", ["Input.Email"] = "no.trust@example.nhs.uk", ["Input.Role"] = "lead",
            ["Input.TrustId"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("belongs to one trust", page.FieldError("Input.TrustId"));
        Assert.Equal("no.trust@example.nhs.uk", page.FieldValue("Input.Email"));
        using var db = app.OpenDb();
        Assert.Equal(0L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM users WHERE email = 'no.trust@example.nhs.uk'"));
    }

    [Fact]
    public async Task A_duplicate_trust_code_is_refused_and_the_input_kept()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();

        var response = await admin.PostFormAsync("/Admin/Trusts/Create", new()
        {
            ["Input.Name"] = "Another", ["Input.Code"] = "tra", ["Input.JoinedOn"] = "2019-04-01",
        });

        var page = await response.ParseAsync();
        Assert.Contains("already uses the code TRA", page.FieldError("Input.Code"));
        Assert.Equal("Another", page.FieldValue("Input.Name"));
    }

    [Fact]
    public async Task A_second_save_over_a_newer_one_is_refused_and_keeps_the_input()
    {
        var cast = await app.CastAsync();
        var first = await cast.Admin();
        var second = await cast.Admin();
        var firstForm = await first.GetDocumentAsync($"/Admin/Trusts/Edit/{cast.TrustA}");
        var secondForm = await second.GetDocumentAsync($"/Admin/Trusts/Edit/{cast.TrustA}");

        var firstValues = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)firstForm.QuerySelector("main form")!);
        firstValues["Input.Name"] = ["First's name"];
        var secondValues = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)secondForm.QuerySelector("main form")!);
        secondValues["Input.Name"] = ["Second's name"];
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostAsync($"/Admin/Trusts/Edit/{cast.TrustA}", Http.Encode(firstValues))).StatusCode);
        var refused = await second.PostAsync($"/Admin/Trusts/Edit/{cast.TrustA}", Http.Encode(secondValues));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Contains("admin@example.nhs.uk changed this record", page.GetElementById("form-errors")!.TextContent);
        Assert.Equal("Second's name", page.FieldValue("Input.Name"));
        using var db = app.OpenDb();
        Assert.Equal("First's name", db.ExecuteScalar<string>("SELECT name FROM trusts WHERE id = @id", new { id = cast.TrustA }));
    }
}

public sealed class AdminTestsOnSqlite(SharedKaizenApp shared) : AdminTests(shared.Fresh()), IClassFixture<SharedKaizenApp>;

public sealed class AdminTestsOnPostgreSql() : AdminTests(new KaizenApp(DatabaseEngine.PostgreSql));
