namespace Kaizen.Web.Pages.Workshops;

public sealed record WorkshopRow
{
    public long Id { get; init; }
    public long ValueStreamId { get; init; }
    public string ValueStreamName { get; init; } = "";
    public long TrustId { get; init; }
    public string TrustCode { get; init; } = "";
    public string Reference { get; init; } = "";
    public string Title { get; init; } = "";
    public string? ScopeFirstStep { get; init; }
    public string? ScopeLastStep { get; init; }
    public string? ProblemStatement { get; init; }
    public string? PlanningStart { get; init; }
    public string StartDate { get; init; } = "";
    public long LengthDays { get; init; }
    public string ReportOutDate { get; init; } = "";
    public string? ExecutiveSponsor { get; init; }
    public string? ProcessOwner { get; init; }
    public string? TeamLeader { get; init; }
    public string? Facilitator { get; init; }
    public string Status { get; init; } = "";
    public string? StatusReason { get; init; }
    public string? ReportOutSummary { get; init; }
    public string? Lessons { get; init; }
    public string UpdatedAt { get; init; } = "";
    public string UpdatedBy { get; init; } = "";
    public long Version { get; init; }

    public const string Select = """
        SELECT w.id, w.value_stream_id AS ValueStreamId, v.name AS ValueStreamName, v.trust_id AS TrustId, t.code AS TrustCode,
               w.reference, w.title, w.scope_first_step AS ScopeFirstStep, w.scope_last_step AS ScopeLastStep,
               w.problem_statement AS ProblemStatement, w.planning_start AS PlanningStart, w.start_date AS StartDate,
               w.length_days AS LengthDays, w.report_out_date AS ReportOutDate, w.executive_sponsor AS ExecutiveSponsor,
               w.process_owner AS ProcessOwner, w.team_leader AS TeamLeader, w.facilitator, w.status,
               w.status_reason AS StatusReason, w.report_out_summary AS ReportOutSummary, w.lessons,
               w.updated_at AS UpdatedAt, w.updated_by AS UpdatedBy, w.version
        FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id JOIN trusts t ON t.id = v.trust_id
        WHERE w.id = @id
        """;

    public const string SelectTeam = "SELECT name, role FROM workshop_team_members WHERE workshop_id = @id ORDER BY position";

    public const string CountResults = "SELECT COUNT(*) FROM measures WHERE workshop_id = @id AND result IS NOT NULL";
}
