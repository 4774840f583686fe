using Kaizen.Web.Data;
using System.Data.Common;

namespace Kaizen.Web.Import;

public sealed record ImportOutcome(int Created, int Updated, int Unchanged, int Measures, ValueStreamDataWriter.Written? Data = null)
{
    public int Total => Created + Updated + Unchanged;

    public bool DataWritten => Data is { } d && d.MeasuresCreated + d.MeasuresUpdated + d.PointsAdded + d.PointsReplaced > 0;

    public string Message => (Created + Updated == 0
        ? DataWritten ? (Unchanged == 0 ? "" : $"All {Workshops(Unchanged)} in the workbook already matched Kaizen.") : $"Nothing to import: all {Workshops(Unchanged)} in the workbook already match Kaizen."
        : $"Imported {Workshops(Created + Updated)}: {Created:N0} created, {Updated:N0} updated" +
          (Unchanged == 0 ? "." : $"; {Workshops(Unchanged)} already matched Kaizen and {(Unchanged == 1 ? "was left as it was" : "were left as they were")}.")) +
        (DataWritten ? (Created + Updated + Unchanged > 0 ? " " : "") + DataMessage : "");

    // "Value stream data: 1 measure created, 104 points added, 2 replaced."
    private string DataMessage =>
        $"Value stream data: {Count(Data!.MeasuresCreated, "measure")} created, {Data.MeasuresUpdated:N0} updated, {Count(Data.PointsAdded, "point")} added, {Data.PointsReplaced:N0} replaced.";

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n:N0} {what}s";

    private static string Workshops(int n) => n == 1 ? "1 workshop" : $"{n:N0} workshops";
}

// Raised when a workshop changed between the check and the write; the transaction is rolled back.
public sealed class ImportConflictException(string message) : Exception(message);

// Writes a checked plan inside the caller's audited transaction: workshops created or updated (version bumped),
// their measures replaced by the file's, matched by name so a kept measure keeps its id and the dates its follow-ups
// were recorded (and its operational definition, when the workbook has no such column); the team is replaced when
// the workbook's differs. One audit row per workshop written, with before and after, and one for the import as a whole.
public static class ImportWriter
{
    public static async Task<ImportOutcome> WriteAsync(AuditedTransaction tx, ImportPlan plan, string fileName)
    {
        var now = tx.Now;
        var by = tx.UserName;
        using var insertWorkshop = new Statement(tx, """
            INSERT INTO workshops (value_stream_id, reference, title, problem_statement, planning_start, start_date, length_days,
                                   report_out_date, executive_sponsor, process_owner, team_leader, facilitator, status, status_reason,
                                   scope_first_step, scope_last_step, report_out_summary, lessons, created_at, updated_at, updated_by)
            VALUES (@value_stream_id, @reference, @title, @problem_statement, @planning_start, @start_date, @length_days,
                    @report_out_date, @executive_sponsor, @process_owner, @team_leader, @facilitator, @status, @status_reason,
                    @scope_first_step, @scope_last_step, @report_out_summary, @lessons, @now, @now, @by)
            RETURNING id
            """);
        using var updateWorkshop = new Statement(tx, """
            UPDATE workshops
            SET value_stream_id = @value_stream_id, title = @title, problem_statement = @problem_statement,
                planning_start = @planning_start, start_date = @start_date, length_days = @length_days,
                report_out_date = @report_out_date, executive_sponsor = @executive_sponsor, process_owner = @process_owner,
                team_leader = @team_leader, facilitator = @facilitator, status = @status, status_reason = @status_reason,
                scope_first_step = @scope_first_step, scope_last_step = @scope_last_step, report_out_summary = @report_out_summary,
                lessons = @lessons, updated_at = @now, updated_by = @by, version = version + 1
            WHERE id = @id AND version = @version
            """);
        using var insertMeasure = new Statement(tx, """
            INSERT INTO measures (workshop_id, position, kind, name, definition, time_unit, baseline, baseline_den, target, result, result_den,
                                  f30, f30_den, f30_recorded_at, f60, f60_den, f60_recorded_at, f90, f90_den, f90_recorded_at,
                                  f30_not_measured, f60_not_measured, f90_not_measured)
            VALUES (@workshop_id, @position, @kind, @name, @definition, @time_unit, @baseline, @baseline_den, @target, @result, @result_den,
                    @f30, @f30_den, @f30_at, @f60, @f60_den, @f60_at, @f90, @f90_den, @f90_at,
                    @f30_not_measured, @f60_not_measured, @f90_not_measured)
            """);
        using var updateMeasure = new Statement(tx, """
            UPDATE measures
            SET position = @position, kind = @kind, name = @name, definition = @definition, time_unit = @time_unit, baseline = @baseline,
                baseline_den = @baseline_den, target = @target, result = @result, result_den = @result_den,
                f30 = @f30, f30_den = @f30_den, f30_recorded_at = @f30_at, f60 = @f60, f60_den = @f60_den, f60_recorded_at = @f60_at,
                f90 = @f90, f90_den = @f90_den, f90_recorded_at = @f90_at,
                f30_not_measured = @f30_not_measured, f60_not_measured = @f60_not_measured, f90_not_measured = @f90_not_measured, version = version + 1
            WHERE id = @id
            """);
        using var deleteMeasure = new Statement(tx, "DELETE FROM measures WHERE id = @id");
        using var deleteTeam = new Statement(tx, "DELETE FROM workshop_team_members WHERE workshop_id = @workshop_id");
        using var insertMember = new Statement(tx, """
            INSERT INTO workshop_team_members (workshop_id, position, name, role) VALUES (@workshop_id, @position, @name, @role)
            """);
        void InsertTeam(long workshopId, IReadOnlyList<TeamMember> team)
        {
            for (int i = 0; i < team.Count; i++)
                insertMember.Set("workshop_id", workshopId).Set("position", i + 1).Set("name", team[i].Name).Set("role", team[i].Role).Execute();
        }

        var created = new List<string>();
        var updated = new List<string>();
        foreach (var p in plan.Workshops)
        {
            if (p.Action == PlannedAction.Unchanged) continue;
            var values = ImportPlanner.Values(p);
            var team = ImportPlanner.Team(p);
            BindWorkshop(values, p.Action == PlannedAction.Create ? insertWorkshop : updateWorkshop).Set("now", now).Set("by", by);

            if (p.Existing is not { } existing)
            {
                var id = insertWorkshop.Set("reference", p.In.Reference).Scalar();
                InsertTeam(id, team);
                var measures = new List<MeasureValues>();
                int position = 0;
                foreach (var m in p.In.Measures)
                {
                    var mv = ImportPlanner.Values(m, ++position, null, kept: new HashSet<Col>());
                    BindMeasure(insertMeasure, mv, null, now).Set("workshop_id", id).Execute();
                    measures.Add(mv);
                }
                await tx.RecordAsync("workshop", id, "create", null,
                    new { source = "import", file = fileName, reference = p.In.Reference, workshop = values, team, measures });
                created.Add(p.In.Reference);
            }
            else
            {
                if (updateWorkshop.Set("id", existing.Id).Set("version", existing.Version).Execute() != 1)
                    throw new ImportConflictException(
                        $"Workshop {existing.Reference} was changed by someone else while the workbook was being imported, so nothing was imported. Upload the workbook again to check it against the latest data.");

                if (!team.SequenceEqual(existing.Team))
                {
                    deleteTeam.Set("workshop_id", existing.Id).Execute();
                    InsertTeam(existing.Id, team);
                }
                var (pairs, removed) = ImportPlanner.Match(p.In.Measures, existing.Measures, p.Kept);
                foreach (var gone in removed) deleteMeasure.Set("id", gone.Id).Execute();
                foreach (var (_, was, mv) in pairs)
                {
                    if (was is null) BindMeasure(insertMeasure, mv, null, now).Set("workshop_id", existing.Id).Execute();
                    else if (!Equals(ImportPlanner.Values(was), mv)) BindMeasure(updateMeasure, mv, was, now).Set("id", was.Id).Execute();
                }
                var measures = pairs.Select(x => x.Values).ToList();

                await tx.RecordAsync("workshop", existing.Id, "update",
                    new { workshop = ImportPlanner.Values(existing), team = existing.Team, measures = existing.Measures.Select(ImportPlanner.Values).ToList() },
                    new { source = "import", file = fileName, reference = existing.Reference, changes = p.Changes, workshop = values, team, measures });
                updated.Add(p.In.Reference);
            }
        }

        var data = await ValueStreamDataWriter.WriteAsync(tx, plan, fileName);
        var outcome = new ImportOutcome(created.Count, updated.Count, plan.Unchanged.Count(), plan.MeasureCount, data);
        await tx.RecordAsync("import", null, "import", null, new
        {
            file = fileName, created, updated, unchanged = plan.Unchanged.Select(w => w.In.Reference).ToList(), measures = outcome.Measures,
            value_stream_data = data,
        });
        return outcome;
    }

    private static Statement BindWorkshop(WorkshopValues v, Statement s) => s
        .Set("value_stream_id", v.ValueStreamId).Set("title", v.Title).Set("problem_statement", v.ProblemStatement)
        .Set("planning_start", v.PlanningStart).Set("start_date", v.StartDate).Set("length_days", v.LengthDays)
        .Set("report_out_date", v.ReportOutDate).Set("executive_sponsor", v.ExecutiveSponsor).Set("process_owner", v.ProcessOwner)
        .Set("team_leader", v.TeamLeader).Set("facilitator", v.Facilitator).Set("status", v.Status).Set("status_reason", v.StatusReason)
        .Set("scope_first_step", v.ScopeFirstStep).Set("scope_last_step", v.ScopeLastStep)
        .Set("report_out_summary", v.ReportOutSummary).Set("lessons", v.Lessons);

    // A follow-up keeps the time it was first recorded while its value stays the same; a new or changed value is
    // recorded now; a cleared one has no time.
    private static Statement BindMeasure(Statement s, MeasureValues v, MeasureRow? was, string now) => s
        .Set("position", v.Position).Set("kind", v.Kind).Set("name", v.Name).Set("definition", v.Definition).Set("time_unit", v.TimeUnit)
        .Set("baseline", v.Baseline).Set("baseline_den", v.BaselineDen).Set("target", v.Target)
        .Set("result", v.Result).Set("result_den", v.ResultDen)
        .Set("f30", v.F30).Set("f30_den", v.F30Den).Set("f30_at", RecordedAt(v.F30, v.F30Den, was?.F30, was?.F30Den, was?.F30RecordedAt, now))
        .Set("f60", v.F60).Set("f60_den", v.F60Den).Set("f60_at", RecordedAt(v.F60, v.F60Den, was?.F60, was?.F60Den, was?.F60RecordedAt, now))
        .Set("f90", v.F90).Set("f90_den", v.F90Den).Set("f90_at", RecordedAt(v.F90, v.F90Den, was?.F90, was?.F90Den, was?.F90RecordedAt, now))
        .Set("f30_not_measured", v.F30NotMeasured).Set("f60_not_measured", v.F60NotMeasured).Set("f90_not_measured", v.F90NotMeasured);

    private static string? RecordedAt(double? value, double? den, double? oldValue, double? oldDen, string? oldAt, string now) =>
        value is null ? null : value == oldValue && den == oldDen && oldAt is not null ? oldAt : now;

    // One prepared command per statement, reused for every row: SQLite prepares it once.
    private sealed class Statement(AuditedTransaction tx, string sql) : IDisposable
    {
        private readonly DbCommand command = Create(tx, sql);
        private readonly Dictionary<string, DbParameter> parameters = [];

        private static DbCommand Create(AuditedTransaction tx, string sql)
        {
            var command = tx.Connection.CreateCommand();
            command.Transaction = tx.Transaction;
            command.CommandText = sql;
            return command;
        }

        public Statement Set(string name, object? value)
        {
            if (!parameters.TryGetValue(name, out var parameter))
            {
                parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                command.Parameters.Add(parameters[name] = parameter);
            }
            parameter.Value = value ?? DBNull.Value;
            return this;
        }

        public int Execute() => command.ExecuteNonQuery();

        public long Scalar() => (long)command.ExecuteScalar()!;

        public void Dispose() => command.Dispose();
    }
}
