using System.Net;
using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Security;

// Settings under Kaizen:SignIn.
public sealed class SignInOptions
{
    // Failed tries allowed to one source (a known device, or an address) for one account before that source is locked.
    public int MaxFailures { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    // Failed tries allowed to all addresses together (not known devices) for one account in one lock period: bounds an
    // attacker with many addresses, while the account's own known devices can still sign in.
    public int MaxFailuresFromAllAddresses { get; set; } = 50;

    // Sign-in and forgotten-password posts from one address (or one known device) per minute, whatever the account.
    public int PostsPerMinutePerAddress { get; set; } = 20;

    public TimeSpan LockoutLength => TimeSpan.FromMinutes(LockoutMinutes);
}

// Where a sign-in comes from: the client's address, and the known-device cookie if the browser carries a valid one.
public sealed record SignInSource(string Address, KnownDevice? Device)
{
    public static SignInSource Of(HttpContext context, KnownDevices devices) =>
        new(AddressOf(context), devices.Read(context));

    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : "unknown";

    // The counter a try at this account is charged to: the browser's own when it has signed in to this account before.
    public string KeyFor(long userId) => Device is { } d && d.UserId == userId ? "device:" + d.Id : "address:" + Address;
}

// Reserves a try before the password is checked, in one statement, so that however many tries arrive at once no
// more than the limit are ever checked; a success gives the reservation back.
public sealed class SignInGuard(IOptions<SignInOptions> options)
{
    private const string AllAddresses = "addresses";
    private SignInOptions Options => options.Value;

    // The count restarts once its period has ended; reaching the limit starts the lock. No row comes back when the
    // source is locked, and then nothing was reserved. The existing row's columns are named with the table: PostgreSQL
    // finds a bare "until" ambiguous beside the excluded row's.
    private const string Reserve = """
        INSERT INTO sign_in_guard (user_id, source, failed, until) VALUES (@userId, @source, 1, @until)
        ON CONFLICT (user_id, source) DO UPDATE SET
            failed = CASE WHEN sign_in_guard.until <= @now THEN 1 ELSE sign_in_guard.failed + 1 END,
            until  = CASE WHEN sign_in_guard.until <= @now OR sign_in_guard.failed + 1 >= @max THEN @until ELSE sign_in_guard.until END
        WHERE sign_in_guard.until <= @now OR sign_in_guard.failed < @max
        RETURNING failed
        """;

    public bool TryReserve(DbConnection connection, long userId, string source, DateTimeOffset now)
    {
        var at = Iso.Instant(now);
        var until = Iso.Instant(now + Options.LockoutLength);
        // Counts that have run out are dropped, so the rows an attacker's addresses leave behind do not pile up.
        connection.Execute("DELETE FROM sign_in_guard WHERE user_id = @userId AND until <= @at", new { userId, at });
        if (connection.QuerySingleOrDefault<long?>(Reserve, new { userId, source, now = at, until, max = Options.MaxFailures }) is null)
            return false;
        if (!source.StartsWith("address:", StringComparison.Ordinal)) return true;
        return connection.QuerySingleOrDefault<long?>(Reserve,
            new { userId, source = AllAddresses, now = at, until, max = Options.MaxFailuresFromAllAddresses }) is not null;
    }

    // The right password: this source's count starts again, and the try is given back to the all-addresses count.
    public void Succeeded(DbConnection connection, long userId, string source)
    {
        connection.Execute("DELETE FROM sign_in_guard WHERE user_id = @userId AND source = @source", new { userId, source });
        if (source.StartsWith("address:", StringComparison.Ordinal))
            connection.Execute("UPDATE sign_in_guard SET failed = CASE WHEN failed > 0 THEN failed - 1 ELSE 0 END WHERE user_id = @userId AND source = @source",
                new { userId, source = AllAddresses });
    }

    // Whoever proved they own the account (a password link) starts with nothing held against them anywhere.
    public static void Forget(DbConnection connection, long userId, DbTransaction? transaction = null) =>
        connection.Execute("DELETE FROM sign_in_guard WHERE user_id = @userId", new { userId }, transaction);
}

// Failed sign-ins are recorded as a count per account (all unknown emails together as account 0) and lock period,
// added to in place: however many tries an anonymous client makes, the record grows by at most one row per account
// and period. Kept out of the audit log, whose rows are never changed.
public static class SignInFailures
{
    public static void Record(DbConnection connection, long? userId, string address, bool refusedUnchecked, DateTimeOffset now, TimeSpan period)
    {
        var slot = period.Ticks * (now.UtcTicks / period.Ticks);
        connection.Execute("""
            INSERT INTO sign_in_failures (user_id, period, failures, refused, first_at, last_at, last_address)
            VALUES (@userId, @period, 1, @refused, @at, @at, @address)
            ON CONFLICT (user_id, period) DO UPDATE SET
                failures = sign_in_failures.failures + 1, refused = sign_in_failures.refused + excluded.refused,
                last_at = excluded.last_at, last_address = excluded.last_address
            """, new
            {
                userId = userId ?? 0, period = Iso.Instant(new DateTimeOffset(slot, TimeSpan.Zero)), refused = refusedUnchecked ? 1 : 0,
                at = Iso.Instant(now), address,
            });
    }
}

public sealed record KnownDevice(long UserId, string Id);

// A browser that has signed in to an account carries a cookie saying so (protected: it cannot be made up). Tries at
// that account from that browser are counted on their own, so nobody else can lock its owner out: an attacker does
// not have the cookie, and failures from anywhere else never touch its count.
public sealed class KnownDevices(IDataProtectionProvider protection)
{
    public const string CookieName = "kaizen.device";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);
    private readonly IDataProtector protector = protection.CreateProtector("Kaizen.SignIn.KnownDevice");

    public KnownDevice? Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value)) return null;
        try
        {
            var parts = protector.Unprotect(value).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var userId)
                ? new KnownDevice(userId, parts[1])
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Remember(HttpContext context, long userId)
    {
        var id = Read(context) is { } known && known.UserId == userId ? known.Id : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(CookieName, protector.Protect(FormattableString.Invariant($"{userId}:{id}")), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            MaxAge = Lifetime,
            Path = "/",
        });
    }
}
