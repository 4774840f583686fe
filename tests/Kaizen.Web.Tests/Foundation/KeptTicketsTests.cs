using System.Security.Claims;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;

namespace Kaizen.Web.Tests.Foundation;

// The sign-in cookie's ticket is decrypted once per cookie text and key ring, and every request gets its own copy.
public sealed class KeptTicketsTests
{
    private sealed class Counting : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotected;
        public string Protect(AuthenticationTicket data) => throw new NotSupportedException();
        public string Protect(AuthenticationTicket data, string? purpose) => throw new NotSupportedException();
        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);
        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotected++;
            if (protectedText != "good") return null;
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "Ada")], "Cookies");
            return new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UnixEpoch }, "Cookies");
        }
    }

    private sealed class Ring : IKeyRing
    {
        public IAuthenticatedEncryptor? DefaultAuthenticatedEncryptor => null;
        public Guid DefaultKeyId => Guid.Empty;
        public IAuthenticatedEncryptor? GetAuthenticatedEncryptorByKeyId(Guid keyId, out bool isRevoked) => throw new NotSupportedException();
    }

    private sealed class Rings : IKeyRingProvider
    {
        public IKeyRing Current = new Ring();
        public IKeyRing GetCurrentKeyRing() => Current;
    }

    [Fact]
    public void The_same_text_is_decrypted_once_and_each_caller_gets_a_copy_of_its_own()
    {
        var inner = new Counting();
        var tickets = new KeptTickets(inner, new Rings());

        var first = tickets.Unprotect("good")!;
        first.Properties.ExpiresUtc = DateTimeOffset.MaxValue;   // as the handler does when it renews the cookie
        var second = tickets.Unprotect("good")!;

        Assert.Equal(1, inner.Unprotected);
        Assert.NotSame(first, second);
        Assert.Equal(DateTimeOffset.UnixEpoch, second.Properties.ExpiresUtc);
        Assert.Equal("Ada", second.Principal.Identity!.Name);
    }

    [Fact]
    public void Text_that_does_not_decrypt_is_not_kept_and_a_new_key_ring_decrypts_again()
    {
        var inner = new Counting();
        var rings = new Rings();
        var tickets = new KeptTickets(inner, rings);

        Assert.Null(tickets.Unprotect("forged"));
        Assert.Null(tickets.Unprotect("forged"));
        Assert.Equal(2, inner.Unprotected);

        tickets.Unprotect("good");
        rings.Current = new Ring();
        tickets.Unprotect("good");
        Assert.Equal(4, inner.Unprotected);
    }
}
