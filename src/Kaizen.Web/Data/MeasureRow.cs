using Dapper;
using Kaizen.Domain;
using System.Data.Common;

namespace Kaizen.Web.Data;

public sealed record MeasureRow
{
    public long Id { get; init; }
    public long WorkshopId { get; init; }
    public long Position { get; init; }
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Definition { get; init; }
    public string? TimeUnit { get; init; }
    public double? Baseline { get; init; }
    public double? BaselineDen { get; init; }
    public double? Target { get; init; }
    public double? Result { get; init; }
    public double? ResultDen { get; init; }
    public double? F30 { get; init; }
    public double? F30Den { get; init; }
    public string? F30RecordedAt { get; init; }
    public double? F60 { get; init; }
    public double? F60Den { get; init; }
    public string? F60RecordedAt { get; init; }
    public double? F90 { get; init; }
    public double? F90Den { get; init; }
    public string? F90RecordedAt { get; init; }
    public string? F30NotMeasured { get; init; }
    public string? F60NotMeasured { get; init; }
    public string? F90NotMeasured { get; init; }
    public long Version { get; init; }

    // A workshop's measures in the order its page lists them (the details, report-out and checkpoint pages).
    public static async Task<IReadOnlyList<MeasureRow>> OfWorkshopAsync(DbConnection connection, long workshopId, System.Data.IDbTransaction? transaction = null) =>
        (await connection.QueryAsync<MeasureRow>("SELECT " + Columns + " FROM measures m WHERE m.workshop_id = @workshopId ORDER BY m.position, m.id",
            new { workshopId }, transaction)).ToList();

    public const string Columns = """
        m.id, m.workshop_id AS WorkshopId, m.position, m.kind, m.name, m.definition, m.time_unit AS TimeUnit,
        m.baseline, m.baseline_den AS BaselineDen, m.target, m.result, m.result_den AS ResultDen,
        m.f30, m.f30_den AS F30Den, m.f30_recorded_at AS F30RecordedAt, m.f60, m.f60_den AS F60Den, m.f60_recorded_at AS F60RecordedAt,
        m.f90, m.f90_den AS F90Den, m.f90_recorded_at AS F90RecordedAt,
        m.f30_not_measured AS F30NotMeasured, m.f60_not_measured AS F60NotMeasured, m.f90_not_measured AS F90NotMeasured, m.version
        """;

    public MeasureKind KindValue => Codes.Kind(Kind);
    public TimeUnit Unit => Codes.Unit(TimeUnit);

    public (double? Value, double? Den) FollowUp(int days) => days switch
    {
        30 => (F30, F30Den),
        60 => (F60, F60Den),
        _ => (F90, F90Den),
    };

    public string? FollowUpRecordedAt(int days) => days switch { 30 => F30RecordedAt, 60 => F60RecordedAt, _ => F90RecordedAt };

    // Why the follow-up was closed as "won't be measured"; null when it was not.
    public string? NotMeasuredReason(int days) => days switch { 30 => F30NotMeasured, 60 => F60NotMeasured, _ => F90NotMeasured };

    public NotMeasured NotMeasuredFlags =>
        (F30NotMeasured is null ? 0 : NotMeasured.Day30) | (F60NotMeasured is null ? 0 : NotMeasured.Day60) | (F90NotMeasured is null ? 0 : NotMeasured.Day90);

    public MeasureFacts ToFacts() => new(Id, WorkshopId, KindValue,
        Read(Baseline, BaselineDen), Target, Read(Result, ResultDen), Read(F30, F30Den), Read(F60, F60Den), Read(F90, F90Den), NotMeasuredFlags);

    private static Reading? Read(double? value, double? den) => value is { } v ? new Reading(v, den) : null;
}
