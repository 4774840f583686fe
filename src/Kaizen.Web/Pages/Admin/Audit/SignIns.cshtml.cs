using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Audit;

// Failed sign-ins, one line per account and lock period (see SignInFailures), newest first.
public class SignInsModel(Db db) : PageModel
{
    public sealed record Row
    {
        public string Period { get; init; } = "";
        public string? Email { get; init; }
        public long Failures { get; init; }
        public long Refused { get; init; }
        public string LastAt { get; init; } = "";
        public string? LastAddress { get; init; }
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() =>
        Rows = (await db.Connection.QueryAsync<Row>("""
            SELECT f.period, u.email, f.failures, f.refused, f.last_at AS LastAt, f.last_address AS LastAddress
            FROM sign_in_failures f LEFT JOIN users u ON u.id = f.user_id
            ORDER BY f.period DESC, f.failures DESC
            LIMIT 500
            """)).ToList();
}
