using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.ValueStreams;

public class IndexModel(Db db) : PageModel
{
    public sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public long TrustId { get; init; }
        public string TrustCode { get; init; } = "";
        public string Status { get; init; } = "";
        public long Workshops { get; init; }
        public string? LastReportOut { get; init; }
        public long Revisions { get; init; }
    }

    [BindProperty(SupportsGet = true)] public long? Trust { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(long Id, string Code)> Trusts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Trusts = (await db.Connection.QueryAsync<(long, string)>("SELECT id, code FROM trusts ORDER BY code")).ToList();
        Rows = (await db.Connection.QueryAsync<Row>("""
            SELECT v.id, v.name, v.trust_id AS TrustId, t.code AS TrustCode, v.status,
                   (SELECT COUNT(*) FROM workshops w WHERE w.value_stream_id = v.id) AS Workshops,
                   (SELECT MAX(w.report_out_date) FROM workshops w WHERE w.value_stream_id = v.id AND w.status <> 'cancelled') AS LastReportOut,
                   (SELECT COUNT(*) FROM value_stream_revisions r WHERE r.value_stream_id = v.id) AS Revisions
            FROM value_streams v JOIN trusts t ON t.id = v.trust_id
            WHERE CAST(@Trust AS bigint) IS NULL OR v.trust_id = @Trust
            ORDER BY t.code, v.name
            """, new { Trust })).ToList();
    }
}
