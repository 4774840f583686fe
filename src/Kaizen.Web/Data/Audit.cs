using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Kaizen.Web.Security;
using System.Data.Common;

namespace Kaizen.Web.Data;

// Every write goes through here: a transaction that cannot commit until it has said what it changed.
public sealed class Writes(Db db, CurrentUser user, Clock clock) : IDisposable
{
    private AuditedTransaction? open;

    // At the request's end: a transaction a handler left open is rolled back, never left for the pooled connection.
    public void Dispose() => open?.Dispose();

    public AuditedTransaction Begin() => open = new(db.Connection, user, clock);

    // A refused attempt is recorded on its own: whatever the refused write had begun is rolled back first.
    public void Denied(string entity, long? entityId, string attempted)
    {
        open?.Abandon();
        using var tx = Begin();
        tx.Record(entity, entityId, "denied", null, new { attempted });
        tx.Commit();
    }
}

public sealed class AuditedTransaction : IDisposable
{
    private readonly CurrentUser user;
    private readonly Clock clock;
    private bool recorded;

    internal AuditedTransaction(DbConnection connection, CurrentUser user, Clock clock)
    {
        Connection = connection;
        Transaction = connection.BeginTransaction();
        this.user = user;
        this.clock = clock;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }
    public string Now => clock.NowText;
    public string UserName => user.IsSignedIn ? user.Name : "system";

    public Task<int> ExecuteAsync(string sql, object? param = null) => Connection.ExecuteAsync(sql, param, Transaction);

    public Task<T> ExecuteScalarAsync<T>(string sql, object? param = null) => Connection.ExecuteScalarAsync<T>(sql, param, Transaction)!;

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null) => Connection.QuerySingleOrDefaultAsync<T>(sql, param, Transaction);

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) => Connection.QueryAsync<T>(sql, param, Transaction);

    public void Record(string entity, long? entityId, string action, object? before, object? after) =>
        RecordAsync(entity, entityId, action, before, after).GetAwaiter().GetResult();

    public async Task RecordAsync(string entity, long? entityId, string action, object? before, object? after)
    {
        await AuditLog.InsertAsync(Connection, Transaction, clock.NowText, user.Id, user.IsSignedIn ? user.Email : null,
            entity, entityId, action, before, after, user.ClientAddress);
        recorded = true;
    }

    public void Commit()
    {
        if (!recorded)
            throw new InvalidOperationException("A write must record what it changed in the audit log before it commits.");
        // The figures of every workshop this write changed (marked by migration 0020's triggers), in the same commit.
        Reports.MaintainedFigures.Refresh(Connection, Transaction);
        Transaction.Commit();
    }

    internal void Abandon()
    {
        if (Transaction.Connection is not null) Transaction.Rollback();
    }

    public void Dispose() => Transaction.Dispose();
}

public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string ToJson(object value) => JsonSerializer.Serialize(value, Json);

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, string at, long? userId, string? email,
        string entity, long? entityId, string action, object? before, object? after, string? clientAddress = null) =>
        connection.ExecuteAsync("""
            INSERT INTO audit_log (at, user_id, user_email, entity, entity_id, action, before_json, after_json, client_address)
            VALUES (@at, @userId, @email, @entity, @entityId, @action, @before, @after, @clientAddress)
            """,
            new
            {
                at, userId, email, entity, entityId, action, clientAddress,
                before = before is null ? null : ToJson(before),
                after = after is null ? null : ToJson(after),
            },
            transaction);
}
