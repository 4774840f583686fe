using Microsoft.AspNetCore.Identity;

namespace Kaizen.Web.Security;

// Hashing and checking passwords, behind an interface so the sign-in paths can be shown (by counting calls) to do
// the same work whatever the account's state.
public interface IPasswords
{
    string Hash(string password);

    PasswordVerificationResult Verify(string hash, string password);

    // A hash of a password nobody knows, with the same cost as a real one: checked when there is no real hash to
    // check (an unknown email, a locked or disabled account), so every refusal costs the same.
    string Decoy { get; }
}

public sealed class Passwords : IPasswords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object HasherUser = new();

    public static readonly Passwords Default = new();

    public string Decoy { get; } = Hasher.HashPassword(HasherUser, Guid.NewGuid().ToString());

    public string Hash(string password) => Hasher.HashPassword(HasherUser, password);

    public PasswordVerificationResult Verify(string hash, string password) => Hasher.VerifyHashedPassword(HasherUser, hash, password);
}
