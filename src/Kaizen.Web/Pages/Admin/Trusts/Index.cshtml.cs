using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Trusts;

public class IndexModel(Db db) : PageModel
{
    public sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Code { get; init; } = "";
        public string JoinedOn { get; init; } = "";
        public long Leads { get; init; }
    }

    public IReadOnlyList<Row> Trusts { get; private set; } = [];

    public async Task OnGetAsync() =>
        Trusts = (await db.Connection.QueryAsync<Row>("""
            SELECT t.id, t.name, t.code, t.joined_on AS JoinedOn,
                   (SELECT COUNT(*) FROM users u WHERE u.trust_id = t.id AND u.role = 'lead') AS Leads
            FROM trusts t ORDER BY t.name
            """)).ToList();
}
