using Dapper;
using Kaizen.Web.Api;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Account;

// The signed-in person's own page: who Kaizen thinks they are, how often they get reminder emails, and their personal
// access tokens for the API (see Api/AccessTokens.cs).
public class ProfileModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> Frequencies = new Dictionary<string, string>
    {
        ["daily"] = "Every day there is something to see to",
        ["weekly"] = "On Mondays, when there is something to see to",
        ["never"] = "Never",
    };

    public sealed class InputModel
    {
        public string Reminders { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class TokenInputModel
    {
        public string Name { get; set; } = "";
        public DateOnly? ExpiresOn { get; set; }
    }

    [BindProperty] public TokenInputModel Token { get; set; } = new();

    public sealed class TokenListRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Prefix { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string ExpiresAt { get; init; } = "";
        public string? LastUsedAt { get; init; }
        public string? RevokedAt { get; init; }
    }

    public IReadOnlyList<TokenListRow> Tokens { get; private set; } = [];

    // A token just made, shown on this one answer and never again (only its hash is kept). It travels across the
    // redirect in TempData, which is encrypted and read once.
    public string? NewToken { get; private set; }

    public DateOnly LatestExpiry => clock.Today.AddYears(1);

    static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public async Task<IActionResult> OnGetAsync()
    {
        if (me.Id is not { } id) return Forbid();
        Token.ExpiresOn = clock.Today.AddDays(90);
        NewToken = TempData["NewToken"] as string;
        await LoadAsync(id);
        return Page();
    }

    async Task LoadAsync(long id)
    {
        if (Input.Reminders.Length == 0)
            Input.Reminders = await db.Connection.QuerySingleAsync<string>("SELECT reminders FROM users WHERE id = @id", new { id });
        Tokens = (await db.Connection.QueryAsync<TokenListRow>("""
            SELECT id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt, expires_at AS ExpiresAt,
                   last_used_at AS LastUsedAt, revoked_at AS RevokedAt
            FROM personal_access_tokens WHERE user_id = @id ORDER BY id DESC
            """, new { id })).ToList();
    }

    public bool IsExpired(TokenListRow t) => Iso.ParseInstant(t.ExpiresAt) <= clock.UtcNow;

    // The last day a token works: it expires at the end of that day, London time.
    public static string LastDay(string expiresAt) => Format.Date(DateOnly.FromDateTime(
        TimeZoneInfo.ConvertTime(Iso.ParseInstant(expiresAt), London).AddSeconds(-1).DateTime));

    public async Task<IActionResult> OnPostAsync()
    {
        if (me.Id is not { } id) return Forbid();
        if (!Frequencies.ContainsKey(Input.Reminders))
        {
            ModelState.AddModelError("Input.Reminders", "Choose every day, on Mondays, or never.");
            Input.Reminders = "";
            await LoadAsync(id);
            return Page();
        }
        using var tx = writes.Begin();
        var before = await tx.QuerySingleOrDefaultAsync<string>("SELECT reminders FROM users WHERE id = @id", new { id });
        await tx.ExecuteAsync("UPDATE users SET reminders = @Reminders WHERE id = @id", new { Input.Reminders, id });
        await tx.RecordAsync("user", id, "reminders", new { reminders = before }, new { reminders = Input.Reminders });
        tx.Commit();
        TempData["StatusMessage"] = Input.Reminders == "never" ? "You will get no reminder emails." : "Saved: " + Frequencies[Input.Reminders].ToLowerInvariant() + ", you get a reminder email.";
        return Redirect("/Account/Profile");
    }

    public async Task<IActionResult> OnPostCreateTokenAsync()
    {
        if (me.Id is not { } id) return Forbid();
        var name = (Token.Name ?? "").Trim();
        if (name.Length == 0) ModelState.AddModelError("Token.Name", "Give the token a name, such as \"Power BI board report\", so you know it again.");
        else if (name.Length > AccessTokens.MaxNameLength) ModelState.AddModelError("Token.Name", $"The name can be at most {AccessTokens.MaxNameLength} characters ({name.Length} were entered).");
        if (ModelState.GetFieldValidationState("Token.ExpiresOn") != ModelValidationState.Invalid)
        {
            if (Token.ExpiresOn is not { } day) ModelState.AddModelError("Token.ExpiresOn", "Choose the last day the token works, at most a year from today.");
            else if (day < clock.Today) ModelState.AddModelError("Token.ExpiresOn", $"The last day cannot be before today ({Format.Date(clock.Today)}).");
            else if (day > LatestExpiry) ModelState.AddModelError("Token.ExpiresOn", $"A token works for at most a year: choose {Format.Date(LatestExpiry)} or earlier.");
        }
        if (!ModelState.IsValid)
        {
            Input.Reminders = "";
            await LoadAsync(id);
            return Page();
        }

        var token = AccessTokens.NewToken();
        var expiresAt = Iso.Instant(TimeZoneInfo.ConvertTimeToUtc(Token.ExpiresOn!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), London));
        using var tx = writes.Begin();
        var tokenId = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO personal_access_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
            VALUES (@id, @name, @hash, @prefix, @now, @expiresAt) RETURNING id
            """, new { id, name, hash = AccessTokens.Hash(token), prefix = AccessTokens.Shown(token), now = tx.Now, expiresAt });
        // Never the token or its hash in the audit log.
        await tx.RecordAsync("personal_access_token", tokenId, "create", null, new { user_id = id, name, prefix = AccessTokens.Shown(token), expires_at = expiresAt });
        tx.Commit();
        TempData["NewToken"] = token;
        TempData["StatusMessage"] = $"Token \"{name}\" created. Copy it now: Kaizen shows it only this once.";
        return Redirect("/Account/Profile");
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(long tokenId)
    {
        if (me.Id is not { } id) return Forbid();
        using var tx = writes.Begin();
        // Only the person's own tokens: another's id is answered as if it did not exist.
        var name = await tx.QuerySingleOrDefaultAsync<string>(
            "SELECT name FROM personal_access_tokens WHERE id = @tokenId AND user_id = @id AND revoked_at IS NULL", new { tokenId, id });
        if (name is null) return NotFound();
        await tx.ExecuteAsync("UPDATE personal_access_tokens SET revoked_at = @now WHERE id = @tokenId", new { now = tx.Now, tokenId });
        await tx.RecordAsync("personal_access_token", tokenId, "revoke", new { revoked_at = (string?)null }, new { revoked_at = tx.Now, name });
        tx.Commit();
        TempData["StatusMessage"] = $"Token \"{name}\" revoked: it no longer works.";
        return Redirect("/Account/Profile");
    }
}
