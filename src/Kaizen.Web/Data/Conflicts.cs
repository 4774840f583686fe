using Dapper;
using Kaizen.Web.Infrastructure;
using System.Data.Common;

namespace Kaizen.Web.Data;

// The message for a save refused because someone else saved first: who, and when, from the audit log.
public static class Conflicts
{
    public static async Task<string> MessageAsync(DbConnection connection, string entity, long id)
    {
        var last = await connection.QuerySingleOrDefaultAsync<(string? Email, string At)>("""
            SELECT a.user_email, a.at FROM audit_log a
            WHERE a.entity = @entity AND a.entity_id = @id AND a.action <> 'denied'
            ORDER BY a.id DESC LIMIT 1
            """, new { entity, id });
        var who = last.Email is null ? "Someone else" : last.Email;
        var when = last.At is null ? "" : $" at {Format.Instant(last.At)}";
        return $"{who} changed this record{when}, after you opened it, so your changes were not saved. " +
               "Your input is still on the form: open the record again in a new tab to see their version, then save yours again if it is still right.";
    }
}
