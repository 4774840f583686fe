using Microsoft.AspNetCore.Authentication;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Kaizen.Web.Security;

// Property-based, not positional: Dapper maps SQLite's INTEGER to bool only through setters.
public sealed record UserRow
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public long? TrustId { get; init; }
    public string PasswordHash { get; init; } = "";
    public bool Disabled { get; init; }
    public long FailedSignIns { get; init; }
    public string? LockedUntil { get; init; }
    public string SecurityStamp { get; init; } = "";
}

public enum SignInOutcome { Succeeded, Refused }

// Why a sign-in was refused: recorded for administrators, never shown to the person trying (one message for all).
public enum RefusedBecause { None, WrongPassword, UnknownAccount, Locked, Disabled }

public sealed record SignInResult(SignInOutcome Outcome, UserRow? User, RefusedBecause Reason = RefusedBecause.None);

// Passwords, the sign-in guard and the claims a signed-in user carries.
public sealed class UserAccounts(Database database, Clock clock, IPasswords passwords, SignInGuard guard, Microsoft.Extensions.Options.IOptions<SignInOptions> options)
{
    public static string Hash(string password) => Passwords.Default.Hash(password);

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    internal const string SelectUser = """
        SELECT id, email, display_name AS DisplayName, role, trust_id AS TrustId, password_hash AS PasswordHash,
               disabled, failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil, security_stamp AS SecurityStamp
        FROM users
        """;

    // Every refusal costs one password check and gives the same answer, whatever the account's state, so neither the
    // answer nor the time it takes tells which emails have accounts, or which are locked or disabled.
    public SignInResult SignIn(string email, string password, SignInSource from)
    {
        using var connection = database.OpenConnection();
        var now = clock.UtcNow;
        // Jo.Bloggs@nhs.net and jo.bloggs@nhs.net are one user: lower() on both engines, matching ux_users_email.
        var user = connection.QuerySingleOrDefault<UserRow>(SelectUser + " WHERE lower(email) = lower(@email)", new { email = email.Trim() });
        if (user is null) return Refuse(null, RefusedBecause.UnknownAccount);
        if (user.Disabled) return Refuse(user, RefusedBecause.Disabled);

        // The try is counted before the password is checked: of any number arriving at once, no more than the limit
        // get as far as the check.
        var source = from.KeyFor(user.Id);
        if (!guard.TryReserve(connection, user.Id, source, now)) return Refuse(user, RefusedBecause.Locked);

        // An invited user who has not chosen a password yet has no hash: the decoy costs the same and never matches.
        var verdict = passwords.Verify(user.PasswordHash.Length > 0 ? user.PasswordHash : passwords.Decoy, password);
        if (verdict == PasswordVerificationResult.Failed || user.PasswordHash.Length == 0)
        {
            SignInFailures.Record(connection, user.Id, from.Address, false, now, options.Value.LockoutLength);
            return new(SignInOutcome.Refused, user, RefusedBecause.WrongPassword);
        }

        guard.Succeeded(connection, user.Id, source);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            connection.Execute("UPDATE users SET password_hash = @hash WHERE id = @id", new { hash = passwords.Hash(password), id = user.Id });
        return new(SignInOutcome.Succeeded, user);

        SignInResult Refuse(UserRow? who, RefusedBecause reason)
        {
            passwords.Verify(passwords.Decoy, password);
            SignInFailures.Record(connection, who?.Id, from.Address, reason != RefusedBecause.UnknownAccount, now, options.Value.LockoutLength);
            return new(SignInOutcome.Refused, who, reason);
        }
    }

    public static ClaimsPrincipal PrincipalFor(UserRow user)
    {
        var claims = new List<Claim>
        {
            new(KaizenClaims.UserId, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Role, user.Role),
            new(KaizenClaims.Stamp, user.SecurityStamp),
        };
        if (user.TrustId is { } trustId)
            claims.Add(new(KaizenClaims.TrustId, trustId.ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    // Runs on every request: a disabled user, a rotated stamp (sign-out, password reset) or a deleted user ends the
    // session at once, and a changed role or trust takes effect without signing in again.
    public async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var idText = context.Principal?.FindFirstValue(KaizenClaims.UserId);
        var stamp = context.Principal?.FindFirstValue(KaizenClaims.Stamp);
        UserRow? user = null;
        if (long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            user = await CurrentRowAsync(id);
        if (user is null || user.Disabled || user.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ReplacePrincipal(PrincipalFor(user));
    }

    // The user's row as the database has it now (without the password hash). Kept between requests only under DataVersion's stamp of the file, read
    // before the row: any commit to the file since (a disable, a new role, a rotated stamp, from this process or
    // another) changes the stamp, so the next request reads the row again. Nothing is served stale.
    private readonly ConcurrentDictionary<long, (DataVersion.Stamp Stamp, UserRow User)> rows = new();
    private const int MaxRows = 10_000;

    private async Task<UserRow?> CurrentRowAsync(long id)
    {
        // PostgreSQL has no data_version to watch, and another node may change the row: read it on every request there.
        var stamp = database.Engine == DatabaseEngine.Sqlite ? DataVersion.Current(database.FilePath, database.ConnectionString) : null;
        if (stamp is { } now && rows.TryGetValue(id, out var kept) && kept.Stamp == now) return kept.User;

        UserRow? user;
        await using (var connection = await database.OpenConnectionAsync())
            user = await connection.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE id = @id", new { id });
        if (stamp is { } seen && user is not null)
        {
            if (rows.Count >= MaxRows) rows.Clear();
            rows[id] = (seen, user with { PasswordHash = "" });
        }
        else rows.TryRemove(id, out _);
        return user;
    }

    public void RotateStamp(long userId)
    {
        using var connection = database.OpenConnection();
        connection.Execute("UPDATE users SET security_stamp = @stamp WHERE id = @userId", new { stamp = NewStamp(), userId });
    }
}
