using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Users;

public class IndexModel(Db db) : PageModel
{
    public sealed record Row
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Role { get; init; } = "";
        public string? TrustCode { get; init; }
        public long Disabled { get; init; }
        public string? LockedUntil { get; init; }
    }

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public async Task OnGetAsync() =>
        Users = (await db.Connection.QueryAsync<Row>("""
            SELECT u.id, u.email, u.display_name AS DisplayName, u.role, t.code AS TrustCode, u.disabled, u.locked_until AS LockedUntil
            FROM users u LEFT JOIN trusts t ON t.id = u.trust_id
            ORDER BY u.display_name
            """)).ToList();
}
