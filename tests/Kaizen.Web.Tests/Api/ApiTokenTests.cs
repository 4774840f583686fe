using System.Net;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Api;

// A personal access token's life: made on the profile page and shown once, used, expired by the clock, revoked, and
// stopped with its owner's account.
public class ApiTokenTests : IDisposable
{
    private readonly KaizenApp app = new();

    public ApiTokenTests() => app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_and_opens_the_api_with_its_last_use_recorded()
    {
        var cast = await app.CastAsync();
        var lead = await cast.LeadA();

        var token = await lead.CreateTokenAsync("Board report", new DateOnly(2025, 9, 30));

        Assert.StartsWith("kz_", token);
        Assert.True(token.Length >= 40, token);
        // Shown once: the next visit lists it by name and prefix, without the token.
        var again = await lead.GetDocumentAsync("/Account/Profile");
        Assert.Null(again.QuerySelector("#new-token"));
        Assert.DoesNotContain(token, again.DocumentElement.OuterHtml);
        Assert.Contains("Board report", again.QuerySelector("#token-list")!.TextContent);
        Assert.Contains("30/09/2025", again.QuerySelector("#token-list")!.TextContent);
        // Stored as its SHA-256, never in clear, and its making is in the audit log (without the token).
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM personal_access_tokens WHERE token_hash = @token OR prefix = @token", new { token }));
        Assert.Equal(Kaizen.Web.Api.AccessTokens.Hash(token), app.Scalar<string>("SELECT token_hash FROM personal_access_tokens"));
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'personal_access_token' AND action = 'create' AND user_email = 'lead.a@example.nhs.uk'"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%' || @token || '%'", new { token }));
        Assert.Null(app.Scalar<string?>("SELECT last_used_at FROM personal_access_tokens"));

        var response = await app.WithToken(token).GetAsync("/api/v1/rollup");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-06-15T11:00:00Z", app.Scalar<string>("SELECT last_used_at FROM personal_access_tokens"));
        Assert.Contains("15/06/2025", (await lead.GetDocumentAsync("/Account/Profile")).QuerySelector("#token-list")!.TextContent);
    }

    [Fact]
    public async Task A_token_works_through_its_last_day_and_not_after()
    {
        var cast = await app.CastAsync();
        var token = await (await cast.Board()).CreateTokenAsync("Excel", new DateOnly(2025, 6, 30));
        var client = app.WithToken(token);

        app.Time.Now = new DateTimeOffset(2025, 6, 30, 22, 59, 0, TimeSpan.Zero); // 23:59 in London (BST)
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rollup")).StatusCode);

        app.Time.Now = new DateTimeOffset(2025, 6, 30, 23, 0, 0, TimeSpan.Zero); // midnight in London
        var expired = await client.GetAsync("/api/v1/rollup");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("Bearer", expired.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_token_cannot_last_more_than_a_year_or_go_without_a_name()
    {
        var cast = await app.CastAsync();
        var lead = await cast.LeadA();

        var tooLong = await lead.PostFormAsync("/Account/Profile", new() { ["Token.Name"] = "", ["Token.ExpiresOn"] = "2026-06-16" },
            "form[action*='handler=CreateToken']");

        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        var page = await tooLong.ParseAsync();
        Assert.Equal("A token works for at most a year: choose 15/06/2026 or earlier.", page.FieldError("Token.ExpiresOn"));
        Assert.StartsWith("Give the token a name", page.FieldError("Token.Name"));
        Assert.Equal(0L, app.Scalar<long>("SELECT COUNT(*) FROM personal_access_tokens"));
        // A year to the day is allowed.
        Assert.StartsWith("kz_", await lead.CreateTokenAsync("A year", new DateOnly(2026, 6, 15)));
    }

    [Fact]
    public async Task A_revoked_token_stops_at_once_and_only_its_owner_can_revoke_it()
    {
        var cast = await app.CastAsync();
        var lead = await cast.LeadA();
        var token = await lead.CreateTokenAsync("Power BI");
        var client = app.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/workshops")).StatusCode);
        var id = app.Scalar<long>("SELECT id FROM personal_access_tokens");

        // Another person cannot revoke it (their request names an id that is not theirs).
        var other = await cast.LeadB();
        var antiforgery = (await other.GetDocumentAsync("/Account/Profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await other.PostAsync($"/Account/Profile?handler=RevokeToken&tokenId={id}", Http.Encode(new() { ["__RequestVerificationToken"] = [antiforgery] }));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/workshops")).StatusCode);

        var revoked = await lead.PostFormAsync("/Account/Profile", new(), $"form[action*='handler=RevokeToken'][action*='tokenId={id}']");

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/workshops")).StatusCode);
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'personal_access_token' AND action = 'revoke' AND entity_id = @id", new { id }));
        Assert.Contains("revoked", (await lead.GetDocumentAsync("/Account/Profile")).QuerySelector("#token-list")!.TextContent);
    }

    [Fact]
    public async Task A_disabled_users_tokens_stop_at_once_and_work_again_when_enabled()
    {
        var cast = await app.CastAsync();
        var token = await (await cast.LeadA()).CreateTokenAsync("Power BI");
        var client = app.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rollup")).StatusCode);

        app.Scalar<long>("UPDATE users SET disabled = 1 WHERE email = 'lead.a@example.nhs.uk' RETURNING id");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/rollup")).StatusCode);

        app.Scalar<long>("UPDATE users SET disabled = 0 WHERE email = 'lead.a@example.nhs.uk' RETURNING id");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rollup")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_cookie_only_and_made_up_token_requests_are_refused_on_every_api_path()
    {
        var cast = await app.CastAsync();
        var signedIn = await cast.Admin();
        var doc = await OpenApiDocument.LoadAsync(signedIn);
        var anonymous = app.Client();
        var madeUp = app.WithToken("kz_" + new string('A', 43));

        Assert.NotEmpty(doc.Paths);
        foreach (var path in doc.Paths)
            foreach (var (who, client) in new[] { ("anonymous", anonymous), ("cookie", signedIn), ("made-up token", madeUp) })
            {
                var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path} as {who}: {(int)response.StatusCode}");
                Assert.Empty(await doc.ProblemsWithAsync(response));
            }
    }

    [Fact]
    public async Task A_token_opens_the_api_only_not_the_pages_and_cannot_write()
    {
        var cast = await app.CastAsync();
        var token = await (await cast.Admin()).CreateTokenAsync("Power BI");
        var client = app.WithToken(token);

        var page = await client.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/SignIn", page.Headers.Location!.ToString());
        var post = await client.PostAsync("/api/v1/workshops", new StringContent("{}"));
        // No write answers on /api at all (the framework's "method not allowed" is refused before it, as any unknown request).
        Assert.False(post.IsSuccessStatusCode, $"{(int)post.StatusCode}");
    }

    [Fact]
    public async Task Requests_beyond_the_limit_are_refused_per_token_and_another_token_still_works()
    {
        app.Settings["Kaizen:Api:RequestsPerMinute"] = "3";
        var cast = await app.CastAsync();
        var first = app.WithToken(await (await cast.LeadA()).CreateTokenAsync("One"));
        var second = app.WithToken(await (await cast.LeadB()).CreateTokenAsync("Two"));

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/rollup")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync("/api/v1/rollup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/rollup")).StatusCode);
    }
}
