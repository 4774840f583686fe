using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Users;

public class IndexModel(Db db, Clock clock, Microsoft.Extensions.Options.IOptions<Kaizen.Web.Security.SignInOptions> signIn) : PageModel
{
    public sealed record Row
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Role { get; init; } = "";
        public string? TrustCode { get; init; }
        public long Disabled { get; init; }
        // Places (addresses or known browsers) whose sign-in to this account is paused for now, and until when.
        public long LockedSources { get; init; }
        // Added, and has not yet chosen a password with their link.
        public long Invited { get; init; }
        public string? LockedUntil { get; init; }
    }

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public async Task OnGetAsync() =>
        Users = (await db.Connection.QueryAsync<Row>("""
            SELECT u.id, u.email, u.display_name AS DisplayName, u.role, t.code AS TrustCode, u.disabled, CASE WHEN u.password_hash = '' THEN 1 ELSE 0 END AS Invited,
                   COUNT(g.user_id) AS LockedSources, MAX(g.until) AS LockedUntil
            FROM users u
            LEFT JOIN trusts t ON t.id = u.trust_id
            LEFT JOIN sign_in_guard g ON g.user_id = u.id AND g.source <> 'addresses' AND g.failed >= @max AND g.until > @now
            GROUP BY u.id, t.code
            ORDER BY u.display_name
            """, new { max = signIn.Value.MaxFailures, now = clock.NowText })).ToList();
}
