using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Security;

// The sign-in cookie is decrypted and its ticket deserialised on every request (key derivation, AES and HMAC), about a
// tenth of the dashboard's server time. The same cookie text always decrypts to the same ticket, so a ticket is kept
// under its exact cookie text for a few minutes and a copy handed out (the handler changes a ticket's properties when
// it renews the cookie).
//
// Nothing is weakened: what a kept ticket says is what decrypting the same text says; the handler still checks its
// expiry on every request, and OnValidatePrincipal still checks the user (disabled, stamp, role) on every request. A
// ticket is kept only with the key ring it was decrypted under: when the framework's key ring changes (a key revoked or
// added) nothing kept before is used again, just as decrypting would then be done with the new ring.
public sealed class KeptTickets(ISecureDataFormat<AuthenticationTicket> inner, IKeyRingProvider keyRings) : ISecureDataFormat<AuthenticationTicket>
{
    static readonly long Lifetime = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
    const int MaxEntries = 2048;

    readonly ConcurrentDictionary<(string Text, string? Purpose), (AuthenticationTicket Ticket, IKeyRing Ring, long Until)> kept = new();

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText)) return inner.Unprotect(protectedText, purpose);

        var ring = keyRings.GetCurrentKeyRing();
        var now = Environment.TickCount64;
        if (kept.TryGetValue((protectedText, purpose), out var entry) && entry.Until > now && ReferenceEquals(entry.Ring, ring))
            return entry.Ticket.Clone();

        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is not null)
        {
            if (kept.Count >= MaxEntries) kept.Clear();
            kept[(protectedText, purpose)] = (ticket.Clone(), ring, now + Lifetime);
        }
        return ticket;
    }
}

// Wraps the ticket format the cookie handler sets up for itself (so registered after AddCookie).
public sealed class KeepCookieTickets(IKeyRingProvider keyRings) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (options.TicketDataFormat is not KeptTickets)
            options.TicketDataFormat = new KeptTickets(options.TicketDataFormat, keyRings);
    }
}
