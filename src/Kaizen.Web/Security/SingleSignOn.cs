using System.Data.Common;
using System.Net;
using System.Security.Claims;
using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Kaizen.Web.Security;

// The "Kaizen" settings that decide how people sign in. Read once at start-up: the OpenID Connect scheme exists only
// when an authority is set.
public sealed class SignInMethods
{
    // false: the password form is hidden and its post refused; people sign in with their organisation account.
    // First-run setup still creates the first administrator (with a password it then never needs).
    public bool LocalPasswords { get; set; } = true;

    public SsoOptions Sso { get; set; } = new();
}

public sealed class SsoOptions
{
    // The provider's issuer, e.g. https://login.microsoftonline.com/{tenant-id}/v2.0. Empty: no single sign-on.
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    // The ID token claim that carries the person's email address: "email", or "preferred_username" / "upn" for
    // Microsoft Entra ID, where the email claim is not verified.
    public string EmailClaim { get; set; } = "email";

    public string ButtonLabel { get; set; } = "Sign in with your organisation account";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}

public static class SingleSignOn
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string RefusedEmailKey = "OrganisationEmail";

    public static WebApplicationBuilder AddKaizenSingleSignOn(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Kaizen").Get<SignInMethods>() ?? new SignInMethods();
        var sso = options.Sso;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<OrganisationSignIn>();

        if (!options.LocalPasswords)
        {
            // Refused at start-up rather than discovered by the first person locked out.
            if (!sso.IsConfigured)
                throw new InvalidOperationException("Kaizen:LocalPasswords is false but single sign-on is not set up (Kaizen:Sso:Authority is empty): nobody could sign in.");
            builder.Services.Configure<MvcOptions>(mvc => mvc.Filters.Add(new RefuseLocalPasswords()));
        }
        if (!sso.IsConfigured) return builder;

        if (string.IsNullOrWhiteSpace(sso.ClientId))
            throw new InvalidOperationException("Kaizen:Sso:Authority is set but Kaizen:Sso:ClientId is empty.");
        var authority = new Uri(sso.Authority!, UriKind.Absolute);

        builder.Services.AddAuthentication().AddOpenIdConnect(Scheme, oidc =>
        {
            oidc.Authority = sso.Authority;
            oidc.ClientId = sso.ClientId;
            oidc.ClientSecret = sso.ClientSecret;
            // Authorization code flow with PKCE: the tokens come from the provider over the back channel, never
            // through the browser. Issuer, audience, lifetime and signature are checked by the handler's defaults
            // against the provider's published metadata and keys; nothing here relaxes them.
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.UsePkce = true;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            oidc.Scope.Add("email");
            // Claims keep the names the provider gave them, so EmailClaim names a claim as the provider documents it.
            oidc.MapInboundClaims = false;
            // Only the signed ID token speaks for the person; the user-info endpoint's answer is not signed.
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.SaveTokens = false;
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            // Metadata over plain HTTP only from this machine itself (the browser tests' provider runs on loopback).
            oidc.RequireHttpsMetadata = !IsLoopback(authority);
            oidc.Events.OnTokenValidated = context =>
                context.HttpContext.RequestServices.GetRequiredService<OrganisationSignIn>().TokenValidatedAsync(context, sso);
            oidc.Events.OnRemoteFailure = context =>
                context.HttpContext.RequestServices.GetRequiredService<OrganisationSignIn>().RemoteFailure(context);
        });
        return builder;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));

    // With local passwords off the form is not shown; a post made without it is refused, not checked. A global filter
    // that looks for the page keeps the sign-in page's own code as it is (a page application model convention for
    // /Account/SignIn, tried first, never ran here: LocalPasswordsTests caught it).
    private sealed class RefuseLocalPasswords : IAsyncPageFilter, IOrderedFilter
    {
        // Before the page's own filters.
        public int Order => int.MinValue;

        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (context.ActionDescriptor.ViewEnginePath == "/Account/SignIn" && !HttpMethods.IsGet(context.HttpContext.Request.Method)
                && !HttpMethods.IsHead(context.HttpContext.Request.Method))
            {
                context.Result = new NotFoundResult();
                return Task.CompletedTask;
            }
            return next();
        }
    }
}

// What happens once the provider has vouched for a person: they become the Kaizen user with that email, with the role
// and trust an administrator gave them, or they are turned away.
public sealed class OrganisationSignIn(Database database, Clock clock, ITempDataDictionaryFactory tempData, ILogger<OrganisationSignIn> log)
{
    public async Task TokenValidatedAsync(TokenValidatedContext context, SsoOptions sso)
    {
        var token = context.Principal!;
        var email = token.FindFirstValue(sso.EmailClaim)?.Trim();
        // A provider that says outright that the address is unverified is not trusted with it.
        var unverified = token.FindFirstValue("email_verified") is { } verified && !string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase);

        UserRow? user = null;
        if (!string.IsNullOrEmpty(email) && !unverified)
        {
            await using var connection = await database.OpenConnectionAsync();
            // Jo.Bloggs@nhs.net and jo.bloggs@nhs.net are one user: lower() on both engines, matching ux_users_email.
            user = await connection.QuerySingleOrDefaultAsync<UserRow>("""
                SELECT id, email, display_name AS DisplayName, role, trust_id AS TrustId, disabled, security_stamp AS SecurityStamp
                FROM users WHERE lower(email) = lower(@email)
                """, new { email });
        }

        if (user is { Disabled: false })
        {
            // Kaizen's own claims, not the provider's: the role and trust are the ones an administrator gave.
            context.Principal = UserAccounts.PrincipalFor(user);
            return;
        }

        var reason = string.IsNullOrEmpty(email) ? $"the token has no {sso.EmailClaim} claim"
            : unverified ? "the provider says the email address is not verified"
            : user is null ? "no Kaizen user has this email address"
            : "the Kaizen user is disabled";
        var subject = token.FindFirstValue("sub");
        var issuer = token.FindFirstValue("iss");
        log.LogWarning("Organisation sign-in refused for {Email} (subject {Subject} from {Issuer}): {Reason}", email, subject, issuer, reason);
        await AuditAsync(email, user?.Id, reason, subject, issuer);

        var data = tempData.GetTempData(context.HttpContext);
        data[SingleSignOn.RefusedEmailKey] = email ?? "";
        data.Save();
        context.Response.Redirect("/Account/NotAKaizenUser");
        context.HandleResponse();
    }

    // Only people the provider has signed in get this far, so the rows are few; the same refusal is still written
    // once an hour, not once a try (the application log has every try).
    private async Task AuditAsync(string? email, long? userId, string reason, string? subject, string? issuer)
    {
        var after = AuditLog.ToJson(new { attempted = "organisation sign-in", email, reason, subject, issuer });
        await using var connection = await database.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var since = Iso.Instant(clock.UtcNow - TimeSpan.FromHours(1));
        var recent = await connection.ExecuteScalarAsync<long>("""
            SELECT EXISTS (SELECT 1 FROM audit_log WHERE entity = 'user' AND action = 'denied' AND at >= @since AND after_json = @after)
            """, new { since, after }, tx);
        if (recent == 1) return;
        await connection.ExecuteAsync("""
            INSERT INTO audit_log (at, user_id, user_email, entity, entity_id, action, before_json, after_json)
            VALUES (@at, NULL, @email, 'user', @userId, 'denied', NULL, @after)
            """, new { at = clock.NowText, email, userId, after }, tx);
        await tx.CommitAsync();
    }

    // A refused or broken answer from the provider (a bad signature, another issuer, an expired or replayed
    // response, the person cancelling): a plain page instead of an exception. Not audited: anyone can post rubbish to
    // the callback, and the audit log is not theirs to fill.
    public Task RemoteFailure(RemoteFailureContext context)
    {
        log.LogWarning(context.Failure, "Organisation sign-in failed: {Message}", context.Failure?.Message);
        context.Response.Redirect("/Account/OrganisationSignInFailed");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
