using Kaizen.Domain;

namespace Kaizen.Web.Data;

// The text codes the database stores for the domain's enums, and the words people read for them.
public static class Codes
{
    public static string Of(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => "process_time",
        MeasureKind.ErrorCount => "error_count",
        _ => "error_rate",
    };

    public static MeasureKind Kind(string code) => code switch
    {
        "process_time" => MeasureKind.ProcessTime,
        "error_count" => MeasureKind.ErrorCount,
        "error_rate" => MeasureKind.ErrorRate,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown measure kind"),
    };

    public static string Words(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => "Process time",
        MeasureKind.ErrorCount => "Error count",
        _ => "Error rate",
    };

    public static string Of(WorkshopStatus status) => status switch
    {
        WorkshopStatus.Planned => "planned",
        WorkshopStatus.Completed => "completed",
        WorkshopStatus.Cancelled => "cancelled",
        _ => "stood_down",
    };

    public static WorkshopStatus Status(string code) => code switch
    {
        "planned" => WorkshopStatus.Planned,
        "completed" => WorkshopStatus.Completed,
        "cancelled" => WorkshopStatus.Cancelled,
        "stood_down" => WorkshopStatus.StoodDown,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown workshop status"),
    };

    public static string Words(WorkshopStatus status) => status switch
    {
        WorkshopStatus.Planned => "Planned",
        WorkshopStatus.Completed => "Completed",
        WorkshopStatus.Cancelled => "Cancelled",
        _ => "Stood down",
    };

    public static string Of(TimeUnit unit) => unit.ToString().ToLowerInvariant();

    public static TimeUnit Unit(string? code) => code switch
    {
        "hours" => TimeUnit.Hours,
        "days" => TimeUnit.Days,
        _ => TimeUnit.Minutes,
    };

    public static readonly IReadOnlyDictionary<string, string> TeamRoles = new Dictionary<string, string>
    {
        ["in_process"] = "Works in the process",
        ["adjacent"] = "Works next to the process",
        ["fresh_eyes"] = "Fresh eyes",
        ["patient_carer"] = "Patient or carer",
    };

    public static readonly IReadOnlyDictionary<string, string> ValueStreamStatuses = new Dictionary<string, string>
    {
        ["active"] = "Active", ["paused"] = "Paused", ["retired"] = "Retired",
    };

    public static readonly IReadOnlyDictionary<string, string> ChosenBy = new Dictionary<string, string>
    {
        ["top_down"] = "Top-down, by leadership", ["bottom_up"] = "Bottom-up, from staff",
    };
}
