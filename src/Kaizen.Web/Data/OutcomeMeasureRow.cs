using System.Data.Common;
using Dapper;
using Kaizen.Domain;

namespace Kaizen.Web.Data;

// A value stream's outcome measure as stored (migration 0018), with the value stream and trust it belongs to: one row
// type for its pages and for the SPC summary (Reports/ValueStreamSpc.cs).
// Property-based so Dapper can map SQLite's NULLs and REALs whatever the first row holds.
public sealed record OutcomeMeasureRow
{
    public long Id { get; init; }
    public long ValueStreamId { get; init; }
    public string ValueStreamName { get; init; } = "";
    public long TrustId { get; init; }
    public string TrustCode { get; init; } = "";
    public string TrustName { get; init; } = "";
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public string Better { get; init; } = "";
    public double? Target { get; init; }
    public string? OperationalDefinition { get; init; }
    public string Frequency { get; init; } = "";
    public bool FloorAtZero { get; init; }
    public int? BaselinePoints { get; init; }
    public long Version { get; init; }

    public MeasureFrequency Period => ValueStreamMeasures.ReadFrequency(Frequency) ?? MeasureFrequency.Month;

    public const string Select = """
        SELECT m.id, m.value_stream_id AS ValueStreamId, v.name AS ValueStreamName, v.trust_id AS TrustId, t.code AS TrustCode, t.name AS TrustName,
               m.name, m.unit, m.better, m.target, m.operational_definition AS OperationalDefinition, m.frequency,
               m.floor_at_zero AS FloorAtZero, m.baseline_points AS BaselinePoints, m.version
        FROM value_stream_measures m
        JOIN value_streams v ON v.id = m.value_stream_id
        JOIN trusts t ON t.id = v.trust_id
        WHERE m.id = @id
        """;

    public static Task<OutcomeMeasureRow?> LoadAsync(DbConnection connection, long id, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<OutcomeMeasureRow>(Select, new { id }, transaction);
}
