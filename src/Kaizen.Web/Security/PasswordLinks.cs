using System.Security.Cryptography;
using System.Text;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Mail;
using System.Data.Common;

namespace Kaizen.Web.Security;

// One-time links to choose a password. The token travels only in the link; the database keeps its SHA-256 hash, so a
// copy of the database (a backup) opens no account.
public sealed class PasswordLinks(Clock clock, IConfiguration configuration)
{
    public const string Invitation = "invitation";
    public const string Reset = "reset";

    // An invitation (or a link an administrator sends) may wait in an inbox over a week of leave; a reset someone
    // asked for themselves is used at once, so it lives an hour.
    public static TimeSpan LifetimeOf(string purpose) => purpose == Invitation ? TimeSpan.FromDays(7) : TimeSpan.FromHours(1);

    public sealed record Issued(string Token, DateTimeOffset ExpiresAt);

    public sealed record Link
    {
        public long Id { get; init; }
        public long UserId { get; init; }
        public string Purpose { get; init; } = "";
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<Issued> IssueAsync(DbConnection connection, DbTransaction? transaction, long userId, string purpose)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNow;
        var expires = now + LifetimeOf(purpose);
        await connection.ExecuteAsync("""
            INSERT INTO password_links (user_id, purpose, token_hash, created_at, expires_at)
            VALUES (@userId, @purpose, @hash, @now, @expires)
            """, new { userId, purpose, hash = HashOf(token), now = Iso.Instant(now), expires = Iso.Instant(expires) }, transaction);
        return new(token, expires);
    }

    private const string Valid = "l.used_at IS NULL AND l.expires_at > @now AND u.disabled = 0";

    // The link if it can still be used: not used, not expired, and its user not disabled.
    public Task<Link?> FindAsync(DbConnection connection, string? token) => string.IsNullOrEmpty(token)
        ? Task.FromResult<Link?>(null)
        : connection.QuerySingleOrDefaultAsync<Link>($"""
            SELECT l.id, l.user_id AS UserId, l.purpose, u.email, u.display_name AS DisplayName
            FROM password_links l JOIN users u ON u.id = l.user_id
            WHERE l.token_hash = @hash AND {Valid}
            """, new { hash = HashOf(token), now = clock.NowText });

    // Marks the link used in the same statement that checks it, so two posts of one link cannot both use it; the
    // user's other open links stop working too (the newest password wins, and an old link lying in a mailbox is dead).
    public async Task<Link?> UseAsync(DbConnection connection, DbTransaction transaction, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var now = clock.NowText;
        var id = await connection.QuerySingleOrDefaultAsync<long?>("""
            UPDATE password_links SET used_at = @now
            WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now
              AND user_id IN (SELECT id FROM users WHERE disabled = 0)
            RETURNING id
            """, new { hash = HashOf(token), now }, transaction);
        if (id is null) return null;
        var link = await connection.QuerySingleAsync<Link>("""
            SELECT l.id, l.user_id AS UserId, l.purpose, u.email, u.display_name AS DisplayName
            FROM password_links l JOIN users u ON u.id = l.user_id WHERE l.id = @id
            """, new { id }, transaction);
        await connection.ExecuteAsync("UPDATE password_links SET used_at = @now WHERE user_id = @userId AND used_at IS NULL",
            new { now, userId = link.UserId }, transaction);
        return link;
    }

    // Whether a reset was already sent to this user in the last few minutes: a stranger typing someone's address
    // again and again sends them one email, not a flood.
    public Task<bool> RecentlyResetAsync(DbConnection connection, long userId) =>
        connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM password_links WHERE user_id = @userId AND purpose = 'reset' AND created_at > @since)",
            new { userId, since = Iso.Instant(clock.UtcNow - TimeSpan.FromMinutes(5)) });

    // Links start with Kaizen:PublicUrl when set (required with email: see MailSetup), else with the address the
    // administrator's own request came to.
    public string UrlFor(string token, HttpRequest request)
    {
        var root = configuration["Kaizen:PublicUrl"] is { Length: > 0 } publicUrl
            ? publicUrl.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}/Account/ChoosePassword?token={token}";
    }

    // Where people sign in: Kaizen:PublicUrl when set, else the address the administrator's own request came to.
    public string SignInUrlFor(HttpRequest request)
    {
        var root = configuration["Kaizen:PublicUrl"] is { Length: > 0 } publicUrl
            ? publicUrl.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}/Account/SignIn";
    }

    // With local passwords off there is no password to choose: the invitation says where to sign in, and with what.
    public static OutgoingMail OrganisationInvitationMail(string to, string name, string role, string invitedBy, string signInUrl, string button) => new(to,
        "You are invited to Kaizen",
        $"""
        Hello {name},

        {invitedBy} has given you access to Kaizen, the improvement programme's record, as {Roles.Describe(role).ToLowerInvariant()}.

        Sign in at {signInUrl} with "{button}", using your organisation account {to}. There is no separate Kaizen password.

        If you were not expecting this, you can ignore this email.
        """);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static OutgoingMail InvitationMail(string to, string name, string role, string invitedBy, string url, DateTimeOffset expires) => new(to,
        "You are invited to Kaizen",
        $"""
        Hello {name},

        {invitedBy} has given you access to Kaizen, the improvement programme's record, as {Roles.Describe(role).ToLowerInvariant()}.

        Choose your password with this link. It works once, until {Format.Instant(Iso.Instant(expires))} (UK time):

        {url}

        If you were not expecting this, you can ignore this email.
        """);

    public static OutgoingMail ResetMail(string to, string name, string url, DateTimeOffset expires) => new(to,
        "Choose a new Kaizen password",
        $"""
        Hello {name},

        Someone, we hope you, asked for a link to choose a new Kaizen password. It works once, until {Format.Instant(Iso.Instant(expires))} (UK time):

        {url}

        If it was not you, ignore this email: your password has not changed.
        """);
}
