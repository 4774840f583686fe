using System.Globalization;
using System.Security.Claims;

namespace Kaizen.Web.Security;

// The signed-in user as the rest of the app needs them; claims are refreshed from the database on every request.
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;

    public long? Id => long.TryParse(Principal.FindFirstValue(KaizenClaims.UserId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public string Email => Principal.FindFirstValue(ClaimTypes.Email) ?? "";

    public string Name => Principal.FindFirstValue(ClaimTypes.Name) ?? "";

    public string Role => Principal.FindFirstValue(ClaimTypes.Role) ?? "";

    public long? TrustId => long.TryParse(Principal.FindFirstValue(KaizenClaims.TrustId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    // The client's address (after UseForwardedHeaders, the one a known proxy forwarded), for the audit log.
    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;

    public bool IsAdministrator => Role == Roles.Administrator;

    public bool CanEditTrust(long trustId) => IsAdministrator || (Role == Roles.Lead && TrustId == trustId);

    public bool CanWriteBoard => IsAdministrator || Role == Roles.Board;
}
