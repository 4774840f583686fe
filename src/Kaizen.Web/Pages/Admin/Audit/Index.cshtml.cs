using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Audit;

public class IndexModel(Db db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row

    {

        public long Id { get; init; }

        public string At { get; init; } = "";

        public string? UserEmail { get; init; }

        public string? ClientAddress { get; init; }

        public string Entity { get; init; } = "";

        public long? EntityId { get; init; }

        public string Action { get; init; } = "";

        public string? BeforeJson { get; init; }

        public string? AfterJson { get; init; }

        public IReadOnlyList<AuditChanges.Change> Changes { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public long? UserId { get; set; }
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<string> Entities { get; private set; } = [];
    public IReadOnlyList<(long Id, string Email)> Users { get; private set; } = [];
    public bool HasMore { get; private set; }

    public async Task OnGetAsync()
    {
        PageNumber = Math.Max(1, PageNumber);
        var c = db.Connection;
        Entities = (await c.QueryAsync<string>("SELECT DISTINCT entity FROM audit_log ORDER BY entity")).ToList();
        Users = (await c.QueryAsync<(long, string)>("SELECT id, email FROM users ORDER BY email")).ToList();
        var rows = (await c.QueryAsync<Row>("""
            SELECT id, at, user_email AS UserEmail, client_address AS ClientAddress, entity, entity_id AS EntityId, action, before_json AS BeforeJson, after_json AS AfterJson
            FROM audit_log
            WHERE (@Entity IS NULL OR entity = @Entity) AND (@UserId IS NULL OR user_id = @UserId)
            ORDER BY id DESC LIMIT @take OFFSET @skip
            """, new { Entity = string.IsNullOrEmpty(Entity) ? null : Entity, UserId, take = PageSize + 1, skip = (PageNumber - 1) * PageSize })).ToList();
        HasMore = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
        // A follow-up or report-out entry names only values; the measure's kind says their unit.
        var measureIds = Rows.Where(r => r.Entity == "measure" && r.EntityId is not null).Select(r => r.EntityId!.Value).Distinct().ToList();
        var measures = measureIds.Count == 0 ? new Dictionary<long, (string, string?)>()
            : (await c.QueryAsync<(long Id, string Kind, string? Unit)>($"SELECT id, kind, time_unit FROM measures WHERE {SqlLists.In(db.Database.Engine, "id", "@measureIds")}", new { measureIds }))
                .ToDictionary(k => k.Id, k => (k.Kind, k.Unit));
        foreach (var r in Rows)
            r.Changes = AuditChanges.Describe(r.BeforeJson, r.AfterJson,
                r.Entity == "measure" && r.EntityId is { } m && measures.TryGetValue(m, out var measure) ? measure : null);
    }
}
