namespace Kaizen.Web.Security;

// No inline script anywhere: chart data travels in <script type="application/json"> blocks read by static files.
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The API reference page (Scalar, /scalar/v1) starts itself with one inline module script, and its components add
    // their own style elements. That page alone gets this policy: its script is allowed by a nonce made for the one
    // answer, styles may be inline; everything else stays on Kaizen's own origin (no CDN, fonts or calls elsewhere).
    // The page shows the OpenAPI document only, no records, and has no forms.
    public const string NonceKey = "kaizen:csp-nonce";

    public static string ApiReferencePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task Invoke(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items[NonceKey] is string nonce ? ApiReferencePolicy(nonce) : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
