using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Demo;

public sealed class WorkshopRow
{
    public long Id { get; init; }
    public long ValueStreamId { get; init; }
    public string Reference { get; init; } = "";
    public string? PlanningStart { get; init; }
    public string StartDate { get; init; } = "";
    public long LengthDays { get; init; }
    public string ReportOutDate { get; init; } = "";
    public string Status { get; init; } = "";
    public string? StatusReason { get; init; }
    public string? ReportOutSummary { get; init; }

    public DateOnly Start => Iso.ParseDate(StartDate);
    public DateOnly ReportOut => Iso.ParseDate(ReportOutDate);
}

public sealed class MeasureRow
{
    public long Id { get; init; }
    public long WorkshopId { get; init; }
    public string Kind { get; init; } = "";
    public string? TimeUnit { get; init; }
    public double? Baseline { get; init; }
    public double? BaselineDen { get; init; }
    public double? Target { get; init; }
    public double? Result { get; init; }
    public double? ResultDen { get; init; }
    public double? F30 { get; init; }
    public double? F30Den { get; init; }
    public string? F30At { get; init; }
    public double? F60 { get; init; }
    public double? F60Den { get; init; }
    public string? F60At { get; init; }
    public double? F90 { get; init; }
    public double? F90Den { get; init; }
    public string? F90At { get; init; }

    public MeasureKind DomainKind => Kind switch
    {
        "process_time" => MeasureKind.ProcessTime,
        "error_count" => MeasureKind.ErrorCount,
        "error_rate" => MeasureKind.ErrorRate,
        _ => throw new InvalidOperationException(Kind),
    };

    public IEnumerable<(int Days, double? Value, double? Den, string? At)> FollowUps =>
        [(30, F30, F30Den, F30At), (60, F60, F60Den, F60At), (90, F90, F90Den, F90At)];

    public MeasureFacts Facts => new(Id, WorkshopId, DomainKind, Read(Baseline, BaselineDen), Target, Read(Result, ResultDen),
        Read(F30, F30Den), Read(F60, F60Den), Read(F90, F90Den));

    static Reading? Read(double? value, double? den) => value is { } v ? new Reading(v, den) : null;
}

public static class DemoRows
{
    public static List<WorkshopRow> Workshops(DbConnection db) => db.Query<WorkshopRow>("""
        SELECT id, value_stream_id AS ValueStreamId, reference, planning_start AS PlanningStart, start_date AS StartDate,
               length_days AS LengthDays, report_out_date AS ReportOutDate, status, status_reason AS StatusReason,
               report_out_summary AS ReportOutSummary
        FROM workshops ORDER BY id
        """).ToList();

    public static List<MeasureRow> Measures(DbConnection db) => db.Query<MeasureRow>("""
        SELECT id, workshop_id AS WorkshopId, kind, time_unit AS TimeUnit, baseline, baseline_den AS BaselineDen, target,
               result, result_den AS ResultDen, f30, f30_den AS F30Den, f30_recorded_at AS F30At, f60, f60_den AS F60Den,
               f60_recorded_at AS F60At, f90, f90_den AS F90Den, f90_recorded_at AS F90At
        FROM measures ORDER BY id
        """).ToList();

    public static long Count(DbConnection db, string sql) => db.ExecuteScalar<long>(sql);

    // Every row of the given tables, in id order, with every column: equal hashes mean equal contents.
    public static string Checksum(DbConnection db, params string[] tables)
    {
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                text.Append('\n');
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
