namespace Kaizen.Web.Pages.ValueStreams;

// Property-based so Dapper can map SQLite's NULLs and REALs whatever the first row holds.
public sealed record ValueStreamRow
{
    public long Id { get; init; }
    public long TrustId { get; init; }
    public string TrustName { get; init; } = "";
    public string TrustCode { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string? ExecutiveSponsor { get; init; }
    public string? Owner { get; init; }
    public string ChosenBy { get; init; } = "";
    public string Status { get; init; } = "";
    public double? TargetProcessTime { get; init; }
    public double? TargetErrorCount { get; init; }
    public double? TargetErrorRate { get; init; }
    public long Version { get; init; }

    public const string Select = """
        SELECT v.id, v.trust_id AS TrustId, t.name AS TrustName, t.code AS TrustCode, v.name, v.description,
               v.executive_sponsor AS ExecutiveSponsor, v.owner, v.chosen_by AS ChosenBy, v.status,
               v.target_process_time AS TargetProcessTime, v.target_error_count AS TargetErrorCount,
               v.target_error_rate AS TargetErrorRate, v.version
        FROM value_streams v JOIN trusts t ON t.id = v.trust_id
        WHERE v.id = @id
        """;

    // The fields whose change is a revision: name, scope, targets and status.
    public IEnumerable<(string Field, object? Value)> Revisable()
    {
        yield return ("name", Name);
        yield return ("scope", Description);
        yield return ("status", Status);
        yield return ("target_process_time", TargetProcessTime);
        yield return ("target_error_count", TargetErrorCount);
        yield return ("target_error_rate", TargetErrorRate);
    }
}
