using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Kaizen.BrowserTests;

// A real OpenID Connect provider (OpenIddict) on a loopback port, standing in for Microsoft Entra ID or NHSmail. Its
// sign-in page asks only for the organisation account's email (it trusts whoever types it: the provider's own
// checks are not what Kaizen tests). It runs without a database (OpenIddict's degraded mode), so it checks the one
// client's id, secret and redirect URI itself; codes are self-contained and encrypted.
//
// Two switches make it misbehave as an attacker or a misconfiguration would: PublishAnotherKey makes its key set
// advertise a different RSA key under the same key id (its tokens then carry a signature no published key verifies),
// and ClaimedIssuer makes its discovery document name another issuer than the one in its tokens.
public sealed class TestProvider : IAsyncDisposable
{
    public const string ClientId = "kaizen";
    public const string ClientSecret = "a test secret shared with Kaizen";
    private const string KeyId = "test-provider-key";

    private readonly WebApplication app;
    private readonly RsaSecurityKey signingKey = new(RSA.Create(2048)) { KeyId = KeyId };
    private readonly string anotherKeySet;

    public string Authority { get; private set; } = "";

    // The one redirect URI accepted: Kaizen's /signin-oidc, set once Kaizen's port is known.
    public string? RedirectUri { get; set; }

    public bool PublishAnotherKey { get; set; }

    // Set: the ID token carries email_verified with this value.
    public bool? EmailVerified { get; set; }
    public string? ClaimedIssuer { get; set; }

    // The emails signed in here, in order: proves a test really went through the provider.
    public List<string> SignIns { get; } = [];

    private TestProvider()
    {
        using (var other = RSA.Create(2048))
        {
            var key = other.ExportParameters(false);
            anotherKeySet = JsonSerializer.Serialize(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) },
                },
            });
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddAuthentication();
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetConfigurationEndpointUris(".well-known/openid-configuration")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks")
                .SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.Email, Scopes.Profile);
            options.AddSigningKey(signingKey);
            options.AddEphemeralEncryptionKey();
            options.DisableAccessTokenEncryption();
            options.EnableDegradedMode();
            options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();

            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client_id.");
                else if (context.RedirectUri is null || context.RedirectUri != RedirectUri)
                    context.Reject(Errors.InvalidRequest, "That redirect_uri is not registered for this client.");
                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.Request.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "Wrong client_id or client_secret.");
                return default;
            }));
        });

        app = builder.Build();
        app.Use(MisbehaveAsync);
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize);
    }

    public static async Task<TestProvider> StartAsync()
    {
        var provider = new TestProvider();
        await provider.app.StartAsync();
        var address = provider.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Authority = address.TrimEnd('/') + "/";
        return provider;
    }

    private IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var email = context.Request.HasFormContentType ? context.Request.Form["login_email"].ToString().Trim() : "";
        if (email.Length == 0) return Results.Content(SignInPage(request), "text/html; charset=utf-8");

        lock (SignIns) SignIns.Add(email);
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, "subject-" + email.ToLowerInvariant()));
        identity.AddClaim(new Claim(Claims.Email, email));
        if (EmailVerified is { } verified) identity.AddClaim(new Claim(Claims.EmailVerified, verified ? "true" : "false", ClaimValueTypes.Boolean));
        identity.AddClaim(new Claim(Claims.Name, "Organisation name of " + email));
        // The organisation's own idea of a role, which Kaizen must not take.
        identity.AddClaim(new Claim(Claims.Role, "administrator"));
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // The request's parameters travel in hidden fields, so the post comes back to the authorization endpoint whole.
    private static string SignInPage(OpenIddictRequest request)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder("""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test organisation</title><link rel="icon" href="data:,"></head>
            <body><h1>Test organisation sign-in</h1><form method="post" action="/connect/authorize">
            """);
        foreach (var (name, value) in request.GetParameters())
            page.Append($"""<input type="hidden" name="{html.Encode(name)}" value="{html.Encode((string?)value ?? "")}">""");
        page.Append("""
            <label for="login_email">Organisation account</label> <input id="login_email" name="login_email" type="email">
            <button type="submit">Sign in to the test organisation</button></form></body></html>
            """);
        return page.ToString();
    }

    private async Task MisbehaveAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (PublishAnotherKey && path == "/.well-known/jwks")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(anotherKeySet);
            return;
        }
        if (ClaimedIssuer is { } issuer && path == "/.well-known/openid-configuration")
        {
            var body = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            await next(context);
            context.Response.Body = body;
            var document = JsonNode.Parse(buffer.ToArray())!;
            document["issuer"] = issuer;
            context.Response.ContentLength = null;
            await context.Response.WriteAsync(document.ToJsonString());
            return;
        }
        await next(context);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        signingKey.Rsa?.Dispose();
    }
}
