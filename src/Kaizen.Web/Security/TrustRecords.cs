using System.Globalization;
using System.Reflection;
using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Kaizen.Web.Security;

// The records a trust owns, by the name the audit log gives them.
public enum TrustRecord { Trust, ValueStream, Workshop, Measure, ValueStreamMeasure }

// "May this person change this trust's record": the one place it is decided. A handler that opens or writes a
// trust's record says which record and where its id is; TrustRecordFilter finds the record's trust before the
// handler runs and answers 403 to anyone but an administrator or that trust's improvement lead. A refused write
// (any method but GET) is recorded in the audit log; a refused GET only opened a form, so it is not.
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChangesTrustRecordAttribute(TrustRecord record, string attempted) : Attribute
{
    // The record whose trust decides: the one changed, or for a new record the one it is added to.
    public TrustRecord Record => record;

    // What the refused write would have done, in the audit log's words; {0} is the record's id.
    public string Attempted => attempted;

    // Where the record's id is: a handler argument ("id") or a bound property, dotted ("Input.ValueStreamId").
    public string From { get; init; } = "id";

    // The audit log's entity for a refusal; for a new record (Record is then its parent) it has no id yet.
    public string? Creates { get; init; }

    public string Entity => Creates ?? Name(record);

    public static string Name(TrustRecord record) => record switch
    {
        TrustRecord.Trust => "trust",
        TrustRecord.ValueStream => "value_stream",
        TrustRecord.Workshop => "workshop",
        TrustRecord.Measure => "measure",
        _ => "value_stream_measure",
    };

    // The id as bound, or null when there is none (the handler then says what is missing, or answers 404).
    public long? IdIn(PageHandlerExecutingContext context)
    {
        var path = From.Split('.');
        object? value = context.HandlerArguments.TryGetValue(path[0], out var argument) ? argument
            : context.HandlerInstance.GetType().GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance)?.GetValue(context.HandlerInstance);
        foreach (var name in path.Skip(1))
            value = value?.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(value);
        return value switch
        {
            long id => id,
            int id => id,
            string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
            _ => null,
        };
    }
}

public sealed class TrustRecordFilter(Db db, CurrentUser me, Writes writes) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod?.MethodInfo.GetCustomAttribute<ChangesTrustRecordAttribute>() is { } rule
            && rule.IdIn(context) is { } id
            && await TrustOfAsync(rule.Record, id) is { } trustId
            && !me.CanEditTrust(trustId))
        {
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method))
                writes.Denied(rule.Entity, rule.Creates is null ? id : null, string.Format(CultureInfo.InvariantCulture, rule.Attempted, id));
            context.Result = new ForbidResult();
            return;
        }
        await next();
    }

    // A record that is not there has no trust: the handler answers 404. A trust's id is taken as it is, so a lead
    // naming a trust that does not exist is refused like any other trust not theirs.
    private async Task<long?> TrustOfAsync(TrustRecord record, long id) => record switch
    {
        TrustRecord.Trust => id,
        TrustRecord.ValueStream => await db.Connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT trust_id FROM value_streams WHERE id = @id", new { id }),
        TrustRecord.Workshop => await db.Connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT v.trust_id FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id WHERE w.id = @id", new { id }),
        TrustRecord.Measure => await db.Connection.QuerySingleOrDefaultAsync<long?>("""
            SELECT v.trust_id FROM measures m JOIN workshops w ON w.id = m.workshop_id
            JOIN value_streams v ON v.id = w.value_stream_id WHERE m.id = @id
            """, new { id }),
        _ => await db.Connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT v.trust_id FROM value_stream_measures m JOIN value_streams v ON v.id = m.value_stream_id WHERE m.id = @id", new { id }),
    };
}
