using System.Diagnostics;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Data.Demo;
using Microsoft.Data.Sqlite;

namespace Kaizen.TestData;

public sealed record BulkResult(int Trusts, int ValueStreams, int Workshops, int Measures, int FollowUps, int TeamMembers, TimeSpan Elapsed);

// Synthetic data at national scale, for benchmarks: T trusts (codes T0001…), about 7 value streams each, and N
// workshops over 2014–2024 with 1–4 measures, follow-ups, about 10% got worse, about 5% missing a result, and
// follow-ups left overdue. It writes straight through the real schema with prepared commands in one transaction
// (Dapper per row would spend most of the time building parameters) and records nothing in the audit log: the data
// is synthetic. The same seed on an empty database gives the same rows, ids included.
public static class BulkGenerator
{
    static readonly DateOnly From = new(2014, 1, 6), To = new(2024, 12, 16);
    static readonly DateOnly Snapshot = new(2024, 12, 31);
    static readonly DateOnly CovidFrom = new(2020, 3, 16), CovidTo = new(2020, 5, 31);
    const string Writer = "bulk generator";

    public static BulkResult Generate(Database database, int trusts, int workshops, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trusts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(workshops);
        var clock = Stopwatch.StartNew();
        var rng = new Random(seed);
        var types = DemoCatalogue.Types.Values.ToArray();

        using var connection = database.Open();
        // Durability is pointless for data that can be generated again; WAL stays as the file has it. A large page
        // cache keeps the indexes that grow out of order (reference, value stream and date) from spilling mid-transaction.
        connection.Execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -131072");
        try
        {
            using var tx = connection.BeginTransaction();
            long NextId(string table) => connection.ExecuteScalar<long>($"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}", transaction: tx);
            var trustId = NextId("trusts");
            var streamId = NextId("value_streams");
            var workshopId = NextId("workshops");

            using var insertTrust = Prepare(connection, tx,
                "INSERT INTO trusts (id, name, code, joined_on, is_demo) VALUES ($id, $name, $code, $joined, 1)",
                "id", "name", "code", "joined");
            using var insertStream = Prepare(connection, tx, """
                INSERT INTO value_streams (id, trust_id, name, description, executive_sponsor, owner, chosen_by, status,
                    target_process_time, target_error_count, target_error_rate, created_at)
                VALUES ($id, $trust, $name, $description, $sponsor, $owner, $chosenBy, $status, $tpt, $tec, $ter, $createdAt)
                """, "id", "trust", "name", "description", "sponsor", "owner", "chosenBy", "status", "tpt", "tec", "ter", "createdAt");
            using var insertWorkshop = Prepare(connection, tx, """
                INSERT INTO workshops (id, value_stream_id, reference, title, scope_first_step, scope_last_step, problem_statement,
                    planning_start, start_date, length_days, report_out_date, executive_sponsor, process_owner, team_leader,
                    facilitator, status, status_reason, report_out_summary, lessons, created_at, updated_at, updated_by)
                VALUES ($id, $stream, $reference, $title, $first, $last, $problem, $planning, $start, $length, $reportOut,
                    $sponsor, $owner, $leader, $facilitator, $status, $reason, $summary, $lessons, $createdAt, $updatedAt, $updatedBy)
                """, "id", "stream", "reference", "title", "first", "last", "problem", "planning", "start", "length", "reportOut",
                "sponsor", "owner", "leader", "facilitator", "status", "reason", "summary", "lessons", "createdAt", "updatedAt", "updatedBy");
            using var insertMember = Prepare(connection, tx,
                "INSERT INTO workshop_team_members (workshop_id, position, name, role) VALUES ($workshop, $position, $name, $role)",
                "workshop", "position", "name", "role");
            using var insertMeasure = Prepare(connection, tx, """
                INSERT INTO measures (workshop_id, position, kind, name, definition, time_unit, baseline, baseline_den, target,
                    result, result_den, f30, f30_den, f30_recorded_at, f60, f60_den, f60_recorded_at, f90, f90_den, f90_recorded_at)
                VALUES ($workshop, $position, $kind, $name, $definition, $unit, $b, $bd, $target, $r, $rd,
                    $f30, $f30d, $f30at, $f60, $f60d, $f60at, $f90, $f90d, $f90at)
                """, "workshop", "position", "kind", "name", "definition", "unit", "b", "bd", "target", "r", "rd",
                "f30", "f30d", "f30at", "f60", "f60d", "f60at", "f90", "f90d", "f90at");

            var streams = new List<(long Id, StreamType Type, string Sponsor, string Owner, double?[] Targets, string Code)>();
            for (var t = 0; t < trusts; t++)
            {
                var code = $"T{t + 1:0000}";
                var joined = From.AddDays(-rng.Next(365));
                Run(insertTrust, trustId, $"Synthetic Trust {t + 1:0000} NHS Trust", code, Iso.Date(joined));
                var chosenBy = rng.Next(5) < 3 ? "top_down" : "bottom_up";
                var picked = types.ToArray();
                rng.Shuffle(picked);
                foreach (var type in picked.Take(5 + rng.Next(5)))
                {
                    double?[] targets = [Target(rng), Target(rng), Target(rng)];
                    var status = rng.NextDouble() switch { < 0.9 => "active", < 0.96 => "paused", _ => "retired" };
                    var sponsor = $"{Name(rng)}, {type.SponsorRole}";
                    var owner = $"{Name(rng)}, {type.OwnerTitle}";
                    Run(insertStream, streamId, trustId, type.Name, type.Description, sponsor, owner, chosenBy, status,
                        targets[0], targets[1], targets[2], DemoPlan.Instant(joined.AddDays(30), 9));
                    streams.Add((streamId++, type, sponsor, owner, targets, code));
                }
                trustId++;
            }

            var days = To.DayNumber - From.DayNumber;
            int measures = 0, followUps = 0, members = 0;
            for (var i = 0; i < workshops; i++)
            {
                var s = streams[rng.Next(streams.Count)];
                var start = From.AddDays(rng.Next(days));
                start = start.AddDays(-(((int)start.DayOfWeek + 6) % 7));
                var length = 3 + rng.Next(3);
                var reportOut = WorkshopRules.ReportOutDate(start, length);
                var planning = start.AddDays(-(28 + rng.Next(29)));
                var topic = s.Type.Topics[rng.Next(s.Type.Topics.Length)];
                var (status, reason) = reportOut > Snapshot.AddDays(-60) ? ("planned", null)
                    : start >= CovidFrom && start <= CovidTo && rng.NextDouble() < 0.6 ? ("stood_down", DemoCatalogue.CovidReason)
                    : rng.NextDouble() < 0.03 ? ("cancelled", DemoCatalogue.CancelReasons[rng.Next(DemoCatalogue.CancelReasons.Length)])
                    : ("completed", (string?)null);
                var completed = status == "completed";
                var scenario = !completed ? Scenario.Normal : rng.NextDouble() switch
                {
                    < 0.10 => Scenario.Worse,
                    < 0.15 => Scenario.MissingResult,
                    < 0.20 => Scenario.NotSustained,
                    _ => Scenario.Normal,
                };
                var count = 1 + rng.Next(4);
                if (scenario == Scenario.MissingResult) count = Math.Max(count, 2);

                var templates = s.Type.Measures.ToArray();
                rng.Shuffle(templates);
                var reduction = DemoPlan.U(rng, 0.40, 0.90);
                // Follow-ups are taken for the whole workshop at once, or missed (and then overdue).
                var taken = new bool[3];
                for (var c = 0; c < 3; c++)
                    taken[c] = completed && reportOut.AddDays(FollowUps.CheckpointDays[c]) <= Snapshot && rng.NextDouble() < 0.85;
                string? lastRecorded = null;
                var built = new PlanMeasure[count];
                for (var p = 0; p < count; p++)
                {
                    var template = templates[p];
                    var withResult = completed && !(scenario == Scenario.MissingResult && p == count - 1);
                    var r = scenario == Scenario.Worse ? -DemoPlan.U(rng, 0.05, 0.4) : Math.Clamp(reduction + DemoPlan.U(rng, -0.1, 0.1), 0.25, 0.95);
                    var v = MeasureValues.Make(rng, template, s.Targets[(int)template.Kind], r, withResult, scenario);
                    for (var c = 0; c < 3 && withResult; c++)
                    {
                        if (!taken[c]) continue;
                        var at = DemoPlan.Instant(Min(reportOut.AddDays(FollowUps.CheckpointDays[c] + rng.Next(10)), Snapshot), 10);
                        v.SetFollowUp(rng, c, scenario, at);
                        lastRecorded = at;
                        followUps++;
                    }
                    built[p] = v.Measure;
                }

                var lessons = completed ? DemoCatalogue.Lessons[rng.Next(DemoCatalogue.Lessons.Length)] : null;
                Run(insertWorkshop, workshopId, s.Id, $"B-{s.Code}-{i + 1:000000}", topic.Title, topic.FirstStep, topic.LastStep,
                    topic.Problem, Iso.Date(planning), Iso.Date(start), length, Iso.Date(reportOut), s.Sponsor, s.Owner, Name(rng),
                    Name(rng), status, reason, completed ? "Synthetic workshop for benchmarks." : null, lessons,
                    DemoPlan.Instant(planning, 9), lastRecorded ?? DemoPlan.Instant(completed ? reportOut : planning, 17), Writer);

                for (var p = 0; p < count; p++)
                {
                    var m = built[p];
                    Run(insertMeasure, workshopId, p + 1, m.Kind, m.Name, m.Definition, m.TimeUnit, m.Baseline, m.BaselineDen, m.Target,
                        m.Result, m.ResultDen, m.FollowUp[0], m.FollowUpDen[0], m.FollowUpAt[0], m.FollowUp[1], m.FollowUpDen[1],
                        m.FollowUpAt[1], m.FollowUp[2], m.FollowUpDen[2], m.FollowUpAt[2]);
                }
                measures += count;

                var team = 3 + rng.Next(4);
                for (var p = 0; p < team; p++)
                    Run(insertMember, workshopId, p + 1, Name(rng), p switch { 0 or 1 => "in_process", 2 => "fresh_eyes", _ => Roles[rng.Next(Roles.Length)] });
                members += team;
                workshopId++;
            }

            Kaizen.Web.Reports.MaintainedFigures.Refresh(connection, tx);   // the generated workshops' figures, in the same commit
            tx.Commit();
            return new BulkResult(trusts, streams.Count, workshops, measures, followUps, members, clock.Elapsed);
        }
        finally
        {
            // The connection goes back to the pool: leave it as Database.Open would.
            connection.Execute("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000");
        }
    }

    static readonly string[] Roles = ["in_process", "adjacent", "fresh_eyes", "patient_carer"];

    static double? Target(Random rng) => rng.NextDouble() < 0.75 ? Math.Round(DemoPlan.U(rng, 0.3, 0.7), 2) : null;

    static string Name(Random rng) =>
        DemoCatalogue.FirstNames[rng.Next(DemoCatalogue.FirstNames.Length)] + " " + DemoCatalogue.Surnames[rng.Next(DemoCatalogue.Surnames.Length)];

    static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter("$" + name, null));
        command.Prepare();
        return command;
    }

    // Values in the order the parameters were declared.
    static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
