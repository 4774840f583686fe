using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Security;

// Every page's layout has the sign-out form, so every page asked the antiforgery system for a request token: it
// decrypted the antiforgery cookie, hashed the user's claims and encrypted a new token each time, about a tenth of the
// dashboard's CPU. What the token proves depends only on that cookie, the user's claims and the additional data
// provider's string (empty: the app has none of its own): any token made for the same three is exactly as valid as
// another. So the token made for a (cookie, claims, additional data) key is handed out again for a while, GETs only.
//
// Nothing is weakened: POSTs are validated by the framework as before; the cookie value is part of the key, so a token
// is only ever returned to a request that already holds that cookie; a changed role, stamp or name changes the claims
// and so the key; a missing or invalid cookie goes to the framework, which issues a new cookie (and that response is
// not kept). The responses still get the framework's no-cache headers.
public sealed class ReusedAntiforgeryTokens(IAntiforgery inner, AntiforgeryOptions options, IAntiforgeryAdditionalDataProvider? additionalData)
    : IAntiforgery
{
    static readonly long Lifetime = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;
    const int MaxEntries = 4096;

    readonly ConcurrentDictionary<string, (AntiforgeryTokenSet Tokens, long Until)> made = new(StringComparer.Ordinal);

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        var key = (HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method))
            && options.Cookie.Name is { } name && httpContext.Request.Cookies[name] is { Length: > 0 } cookie
            ? Key(cookie, httpContext.User, additionalData?.GetAdditionalData(httpContext))
            : null;
        if (key is null) return inner.GetAndStoreTokens(httpContext);

        var now = Environment.TickCount64;
        if (made.TryGetValue(key, out var kept) && kept.Until > now)
        {
            // What the framework does when it reuses the cookie: a page holding a token must never be cached.
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.Headers.CacheControl = "no-cache, no-store";
                httpContext.Response.Headers.Pragma = "no-cache";
            }
            return kept.Tokens;
        }

        var tokens = inner.GetAndStoreTokens(httpContext);
        // A set with a cookie token means the request's cookie was not usable and a new one was issued: not kept.
        if (tokens.CookieToken is null && tokens.RequestToken is not null)
        {
            if (made.Count >= MaxEntries) made.Clear();
            made[key] = (tokens, now + Lifetime);
        }
        return tokens;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    // The cookie, the additional data and everything about the user that a request token can be bound to (the framework
    // binds it to a hash of the claims, or to the name), each part length-prefixed so that no two keys run together.
    static string Key(string cookie, ClaimsPrincipal user, string? additional)
    {
        var key = new StringBuilder(512);
        Part(key, cookie);
        Part(key, additional);
        foreach (var identity in user.Identities)
        {
            key.Append(identity.IsAuthenticated ? 'A' : 'U');
            Part(key, identity.AuthenticationType);
            Part(key, identity.Name);
            foreach (var claim in identity.Claims)
            {
                Part(key, claim.Type);
                Part(key, claim.Value);
                Part(key, claim.Issuer);
            }
            key.Append(';');
        }
        return key.ToString();
    }

    static void Part(StringBuilder key, string? value) =>
        key.Append((value?.Length ?? -1).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
}
