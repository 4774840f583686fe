using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    }

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public long? UserId { get; set; }
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<string> Entities { get; private set; } = [];
    public IReadOnlyList<(long Id, string Email)> Users { get; private set; } = [];
    public bool HasMore { get; private set; }

    // The log stores JSON with every quote, apostrophe, < and non-ASCII letter escaped (O'Brien as O\u0027Brien). Shown
    // as typed: Razor encodes the text for HTML, which is the encoding this page needs.
    private static readonly JsonSerializerOptions AsTyped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? Readable(string? json)
    {
        if (json is null) return null;
        try { return JsonNode.Parse(json)?.ToJsonString(AsTyped) ?? json; }
        catch (JsonException) { return json; }
    }

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
    }
}
