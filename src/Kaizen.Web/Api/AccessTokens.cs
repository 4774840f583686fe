using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Api;

// Personal access tokens: made on /Account/Profile, sent as "Authorization: Bearer kz_...", good for the API only.
public static class AccessTokens
{
    public const string Scheme = "kaizen-token";
    public const string TokenIdClaim = "kaizen:token_id";
    public const string Prefix = "kz_";
    public const int MaxNameLength = 100;
    public static readonly TimeSpan LongestLife = TimeSpan.FromDays(366);

    // 32 random bytes (256 bits) from the system's cryptographic generator. A plain SHA-256 is enough to store it:
    // a slow password hash exists to stop guesses of a low-entropy secret, and 2^256 random tokens cannot be guessed,
    // so the hash only has to be one-way. It also lets a request find its token by an indexed lookup.
    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    // What the profile page shows of a token after it was made: enough to tell two apart, nothing that works.
    public static string Shown(string token) => token[..(Prefix.Length + 6)] + "…";

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // The bearer token of a request, or null: "Authorization: Bearer <token>" (any case for the word).
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[bearer.Length..].Trim();
        return token.Length is > 0 and <= 200 ? token : null;
    }
}

public sealed class TokenRow
{
    public long Id { get; init; }
    public long UserId { get; init; }
    public string ExpiresAt { get; init; } = "";
    public string? LastUsedAt { get; init; }
    public string? RevokedAt { get; init; }
}

// Authenticates /api requests by their bearer token. Checked against the database on every request (no cache), so a
// revoked token, an expired one or one whose owner was disabled stops at once. The principal carries the owner's
// claims made by UserAccounts.PrincipalFor, the same as a signed-in cookie's, so CurrentUser and every policy decide
// for a token exactly as they do for its owner.
public sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    Database database, Clock clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AccessTokens.Read(Request) is not { } token) return AuthenticateResult.NoResult();
        await using var c = await database.OpenConnectionAsync();
        var row = await c.QuerySingleOrDefaultAsync<TokenRow>("""
            SELECT id AS Id, user_id AS UserId, expires_at AS ExpiresAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
            FROM personal_access_tokens WHERE token_hash = @hash
            """, new { hash = AccessTokens.Hash(token) });
        var now = clock.UtcNow;
        if (row is null || row.RevokedAt is not null || Iso.ParseInstant(row.ExpiresAt) <= now)
            return AuthenticateResult.Fail("The token is not known, has been revoked or has expired.");
        var user = await c.QuerySingleOrDefaultAsync<UserRow>(UserAccounts.SelectUser + " WHERE id = @id", new { id = row.UserId });
        if (user is null || user.Disabled) return AuthenticateResult.Fail("The token's owner cannot use Kaizen.");

        // Last used, to the minute: a write on every request would change the database on every API call, and with it
        // the stamp that keeps the dashboard's figures cached. The WHERE writes nothing within the same minute.
        await c.ExecuteAsync("UPDATE personal_access_tokens SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @minuteAgo)",
            new { now = Iso.Instant(now), minuteAgo = Iso.Instant(now.AddMinutes(-1)), id = row.Id });

        var owner = UserAccounts.PrincipalFor(user);
        var identity = new ClaimsIdentity(owner.Claims.Append(new Claim(AccessTokens.TokenIdClaim, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            AccessTokens.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AccessTokens.Scheme));
    }

    // 401 with a short JSON reason (never the sign-in page: an API client cannot follow it).
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Response.WriteAsJsonAsync(new
        {
            title = "Unauthorized",
            status = 401,
            detail = "The API needs a personal access token: create one on your profile page and send it as \"Authorization: Bearer <token>\". " +
                "A token that was revoked, has expired or whose owner was disabled is refused.",
        }, options: null, contentType: "application/problem+json");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new { title = "Forbidden", status = 403, detail = "Your account may not read this." },
            options: null, contentType: "application/problem+json");
    }
}
