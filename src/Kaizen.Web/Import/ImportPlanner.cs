using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using System.Data.Common;

namespace Kaizen.Web.Import;

// A workshop as it is in the database, with its measures and team: what a workbook's rows are compared with, and
// what the export in the import layout writes, so the two always cover the same fields.
// Property-init records: SQLite's NULLs and REALs map whatever the first row holds.
public sealed record ExistingWorkshop
{
    public const string From = "workshops w JOIN value_streams v ON v.id = w.value_stream_id JOIN trusts t ON t.id = v.trust_id";

    public const string Columns = """
        w.id, w.reference, v.trust_id AS TrustId, t.code AS TrustCode, w.value_stream_id AS ValueStreamId,
        v.name AS ValueStream, w.title, w.problem_statement AS ProblemStatement, w.planning_start AS PlanningStart,
        w.start_date AS StartDate, w.length_days AS LengthDays, w.report_out_date AS ReportOutDate,
        w.executive_sponsor AS ExecutiveSponsor, w.process_owner AS ProcessOwner, w.team_leader AS TeamLeader,
        w.facilitator, w.status, w.status_reason AS StatusReason, w.scope_first_step AS ScopeFirstStep,
        w.scope_last_step AS ScopeLastStep, w.report_out_summary AS ReportOutSummary, w.lessons, w.version
        """;

    public long Id { get; init; }
    public string Reference { get; init; } = "";
    public long TrustId { get; init; }
    public string TrustCode { get; init; } = "";
    public long ValueStreamId { get; init; }
    public string ValueStream { get; init; } = "";
    public string Title { get; init; } = "";
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
    public string? ScopeFirstStep { get; init; }
    public string? ScopeLastStep { get; init; }
    public string? ReportOutSummary { get; init; }
    public string? Lessons { get; init; }
    public long Version { get; init; }
    public List<MeasureRow> Measures { get; init; } = [];
    public List<TeamMember> Team { get; init; } = [];
}

public sealed record TeamMemberRow
{
    public const string Columns = "tm.workshop_id AS WorkshopId, tm.name, tm.role";

    public long WorkshopId { get; init; }
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
}

// What the database holds that the check needs, each loaded once.
public sealed class ImportLookups
{
    public sealed record Trust(long Id, string Code);
    public sealed record ValueStream(long Id, long TrustId, string Name);

    public required Dictionary<string, Trust> TrustsByCode { get; init; }
    public required Dictionary<long, List<ValueStream>> ValueStreamsByTrust { get; init; }
    public required Dictionary<string, ExistingWorkshop> Existing { get; init; }
    // Outcome measures by value stream and normalised name, with their points: for the Value stream data sheet.
    public Dictionary<(long, string), ExistingOutcomeMeasure> OutcomeMeasures { get; init; } = [];

    public static async Task<ImportLookups> LoadAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> references)
    {
        var trusts = (await connection.QueryAsync<Trust>("SELECT id, code FROM trusts", transaction: transaction)).ToList();
        var streams = (await connection.QueryAsync<ValueStream>("SELECT id, trust_id AS TrustId, name FROM value_streams ORDER BY name", transaction: transaction)).ToList();
        var refs = AuditLog.ToJson(references.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        var referenceIn = TextLists.InIgnoringCase(connection, "w.reference", "@refs");
        var existing = (await connection.QueryAsync<ExistingWorkshop>($"""
            SELECT {ExistingWorkshop.Columns}
            FROM {ExistingWorkshop.From}
            WHERE {referenceIn}
            """, new { refs }, transaction)).ToDictionary(w => w.Reference, StringComparer.OrdinalIgnoreCase);
        if (existing.Count > 0)
        {
            var byId = existing.Values.ToDictionary(w => w.Id);
            var measures = await connection.QueryAsync<MeasureRow>($"""
                SELECT m.id, m.workshop_id AS WorkshopId, m.position, m.kind, m.name, m.definition, m.time_unit AS TimeUnit,
                       m.baseline, m.baseline_den AS BaselineDen, m.target, m.result, m.result_den AS ResultDen,
                       m.f30, m.f30_den AS F30Den, m.f30_recorded_at AS F30RecordedAt,
                       m.f60, m.f60_den AS F60Den, m.f60_recorded_at AS F60RecordedAt,
                       m.f90, m.f90_den AS F90Den, m.f90_recorded_at AS F90RecordedAt,
                       m.f30_not_measured AS F30NotMeasured, m.f60_not_measured AS F60NotMeasured, m.f90_not_measured AS F90NotMeasured, m.version
                FROM measures m
                WHERE m.workshop_id IN (SELECT w.id FROM workshops w WHERE {referenceIn})
                ORDER BY m.workshop_id, m.position, m.id
                """, new { refs }, transaction);
            foreach (var m in measures) byId[m.WorkshopId].Measures.Add(m);
            var team = await connection.QueryAsync<TeamMemberRow>($"""
                SELECT {TeamMemberRow.Columns}
                FROM workshop_team_members tm
                WHERE tm.workshop_id IN (SELECT w.id FROM workshops w WHERE {referenceIn})
                ORDER BY tm.workshop_id, tm.position, tm.id
                """, new { refs }, transaction);
            foreach (var t in team) byId[t.WorkshopId].Team.Add(new TeamMember(t.Name, t.Role));
        }
        return new ImportLookups
        {
            TrustsByCode = trusts.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase),
            ValueStreamsByTrust = streams.GroupBy(s => s.TrustId).ToDictionary(g => g.Key, g => g.ToList()),
            Existing = existing,
            OutcomeMeasures = await ExistingOutcomeMeasure.LoadAsync(connection, transaction),
        };
    }
}

public enum PlannedAction { Create, Update, Unchanged }

public sealed class PlannedWorkshop
{
    public required WorkshopIn In { get; init; }
    public required long TrustId { get; init; }
    public required string TrustCode { get; init; }
    public required long ValueStreamId { get; init; }
    public required string ValueStreamName { get; init; }
    public ExistingWorkshop? Existing { get; init; }
    // Optional columns the workbook left out: the workshop keeps what Kaizen holds for them.
    public IReadOnlySet<Col> Kept { get; init; } = new HashSet<Col>();
    public PlannedAction Action { get; set; }
    public List<string> Changes { get; } = [];
}

// What confirming would do: every workshop to create, update or leave as it is. Only usable with no problems.
public sealed class ImportPlan
{
    public ImportProblemList Problems { get; } = new();
    public List<PlannedWorkshop> Workshops { get; } = [];
    public int MeasureCount => Workshops.Sum(w => w.In.Measures.Count);
    public IEnumerable<PlannedWorkshop> Creates => Workshops.Where(w => w.Action == PlannedAction.Create);
    public IEnumerable<PlannedWorkshop> Updates => Workshops.Where(w => w.Action == PlannedAction.Update);
    public IEnumerable<PlannedWorkshop> Unchanged => Workshops.Where(w => w.Action == PlannedAction.Unchanged);
    // The Value stream data sheet's measures, and whether confirming would change any of them or their points.
    public List<PlannedMeasureData> MeasureData { get; } = [];
    public bool HasDataChanges => MeasureData.Any(m => m.Changes);
    public bool HasChanges => Creates.Any() || Updates.Any() || HasDataChanges;
}

// Checks what needs the database (trust codes, value streams, who may import what, references already used) and
// works out, for each workshop, whether confirming creates it, updates it (and what changes) or leaves it as it is.
public static class ImportPlanner
{
    // canEditTrust is CurrentUser.CanEditTrust; ownTrustId is an improvement lead's trust (null for an administrator).
    public static ImportPlan Plan(ParsedImport parsed, ImportLookups lookups, Func<long, bool> canEditTrust, long? ownTrustId)
    {
        var plan = new ImportPlan();
        plan.Problems.AddAll(parsed.Problems);
        var ownCode = lookups.TrustsByCode.Values.FirstOrDefault(t => t.Id == ownTrustId)?.Code;
        var kept = ImportColumns.All.Where(c => c.Optional && !parsed.Has(c.Id)).Select(c => c.Id).ToHashSet();

        foreach (var w in parsed.Workshops)
        {
            ImportProblem Problem(Col column, string reason) => parsed.Problem(w.FirstRow, column, reason);
            if (w.TrustCode is null) continue;   // already reported
            if (!lookups.TrustsByCode.TryGetValue(w.TrustCode, out var trust))
            {
                plan.Problems.Add(Problem(Col.TrustCode, ownCode is not null
                    ? $"No trust has the code \"{w.TrustCode}\". Your trust's code is {ownCode}."
                    : $"No trust has the code \"{w.TrustCode}\". The trust codes are: {string.Join(", ", lookups.TrustsByCode.Values.Select(t => t.Code).Order(StringComparer.OrdinalIgnoreCase))}."));
                continue;
            }
            if (!canEditTrust(trust.Id))
            {
                plan.Problems.Add(Problem(Col.TrustCode, ownCode is null
                    ? $"You cannot import workshops for {trust.Code}."
                    : $"You can import only {ownCode}'s workshops; this workshop ({w.Reference}) is for {trust.Code}. Remove its rows, or ask {trust.Code}'s improvement lead or an administrator to import it."));
                continue;
            }

            lookups.Existing.TryGetValue(w.Reference, out var existing);
            if (existing is not null && existing.TrustId != trust.Id)
            {
                plan.Problems.Add(Problem(Col.Reference,
                    $"The reference {w.Reference} already belongs to a workshop of {existing.TrustCode} (\"{existing.Title}\"). " +
                    $"References are unique across the programme: give this workshop a different reference."));
                continue;
            }

            if (w.ValueStream is null) continue;
            var streams = lookups.ValueStreamsByTrust.GetValueOrDefault(trust.Id) ?? [];
            var key = ImportColumns.Normalise(w.ValueStream);
            var matches = streams.Where(s => ImportColumns.Normalise(s.Name) == key).ToList();
            if (matches.Count != 1)
            {
                plan.Problems.Add(Problem(Col.ValueStream, matches.Count > 1
                    ? $"{trust.Code} has {matches.Count} value streams called \"{w.ValueStream}\", so Kaizen cannot tell which one is meant. Rename one of them in Kaizen first."
                    : streams.Count == 0
                        ? $"No value stream called \"{w.ValueStream}\" in {trust.Code}: {trust.Code} has no value streams yet. Add it under Value streams first."
                        : $"No value stream called \"{w.ValueStream}\" in {trust.Code}; the trust's value streams are: {string.Join(", ", streams.Select(s => s.Name))}."));
                continue;
            }

            // The preview and the write need every cell good; with problems anywhere, only the problems are shown.
            if (parsed.Problems.Count > 0) continue;
            var planned = new PlannedWorkshop
            {
                In = w, TrustId = trust.Id, TrustCode = trust.Code, ValueStreamId = matches[0].Id, ValueStreamName = matches[0].Name, Existing = existing,
                Kept = kept,
            };
            if (existing is null) planned.Action = PlannedAction.Create;
            else
            {
                planned.Changes.AddRange(Changes(planned, existing));
                planned.Action = planned.Changes.Count > 0 ? PlannedAction.Update : PlannedAction.Unchanged;
            }
            plan.Workshops.Add(planned);
        }

        ValueStreamDataPlanner.Plan(parsed, lookups, canEditTrust, ownCode, plan);
        return plan;
    }

    // The workshop as the import would store it, in the database's own terms.
    internal static WorkshopValues Values(PlannedWorkshop p)
    {
        var w = p.In;
        string? Pick(Col column, string? given, Func<ExistingWorkshop, string?> stored) =>
            p.Kept.Contains(column) ? (p.Existing is { } e ? stored(e) : null) : given;
        return new WorkshopValues(p.ValueStreamId, w.Title!, w.ProblemStatement, Iso.Date(w.PlanningStart), Iso.Date(w.StartDate!.Value),
            w.LengthDays!.Value, Iso.Date(w.ReportOut!.Value), w.ExecutiveSponsor, w.ProcessOwner, w.TeamLeader, w.Facilitator,
            Codes.Of(w.Status!.Value), w.StatusReason,
            Pick(Col.ScopeFirstStep, w.ScopeFirstStep, e => e.ScopeFirstStep), Pick(Col.ScopeLastStep, w.ScopeLastStep, e => e.ScopeLastStep),
            Pick(Col.ReportOutSummary, w.ReportOutSummary, e => e.ReportOutSummary), Pick(Col.Lessons, w.Lessons, e => e.Lessons));
    }

    internal static IReadOnlyList<TeamMember> Team(PlannedWorkshop p) =>
        p.Kept.Contains(Col.TeamMembers) ? p.Existing?.Team ?? [] : p.In.Team;

    // kept: the optional measure columns the workbook left out (Operational definition, won't be measured), for which
    // a stored measure keeps its own.
    internal static MeasureValues Values(MeasureIn m, int position, MeasureRow? was, IReadOnlySet<Col> kept)
    {
        string? Pick(Col column, string? given, string? stored) => kept.Contains(column) ? stored : given;
        return new(
            position, Codes.Of(m.Kind), m.Name, Pick(Col.Definition, m.Definition, was?.Definition), m.Unit is { } u ? Codes.Of(u) : null,
            AsStored(m.Baseline, was?.Baseline), AsStored(m.BaselineDen, was?.BaselineDen), AsStored(m.Target, was?.Target),
            AsStored(m.Result, was?.Result), AsStored(m.ResultDen, was?.ResultDen), AsStored(m.Day30, was?.F30), AsStored(m.Day30Den, was?.F30Den),
            AsStored(m.Day60, was?.F60), AsStored(m.Day60Den, was?.F60Den), AsStored(m.Day90, was?.F90), AsStored(m.Day90Den, was?.F90Den),
            Pick(Col.Day30NotMeasured, m.Day30NotMeasured, was?.F30NotMeasured),
            Pick(Col.Day60NotMeasured, m.Day60NotMeasured, was?.F60NotMeasured),
            Pick(Col.Day90NotMeasured, m.Day90NotMeasured, was?.F90NotMeasured));
    }

    // A number that agrees with the stored one to 12 significant figures is the stored one, so a workbook exported
    // and imported unchanged changes nothing: hours to minutes and percentages to rates are worked in binary, and a
    // few stored values (0.028 made by 2.8 / 100 is 0.027999999999999997) cannot be reached exactly from any number
    // a cell can hold. Excel shows at most 15 figures, so no one can see, let alone mean, a smaller difference.
    private static double? AsStored(double? given, double? stored) =>
        given is { } g && stored is { } s && Math.Abs(g - s) <= 1e-12 * Math.Max(Math.Abs(g), Math.Abs(s)) ? s : given;

    internal static WorkshopValues Values(ExistingWorkshop e) => new(
        e.ValueStreamId, e.Title, e.ProblemStatement, e.PlanningStart, e.StartDate, (int)e.LengthDays, e.ReportOutDate,
        e.ExecutiveSponsor, e.ProcessOwner, e.TeamLeader, e.Facilitator, e.Status, e.StatusReason,
        e.ScopeFirstStep, e.ScopeLastStep, e.ReportOutSummary, e.Lessons);

    internal static MeasureValues Values(MeasureRow m) => new(
        (int)m.Position, m.Kind, m.Name, m.Definition, m.TimeUnit, m.Baseline, m.BaselineDen, m.Target, m.Result, m.ResultDen,
        m.F30, m.F30Den, m.F60, m.F60Den, m.F90, m.F90Den, m.F30NotMeasured, m.F60NotMeasured, m.F90NotMeasured);

    private static readonly (string Label, Func<WorkshopValues, object?> Get)[] WorkshopFields =
    [
        ("Value stream", v => v.ValueStreamId), ("Title", v => v.Title), ("Problem statement", v => v.ProblemStatement),
        ("Planning start", v => v.PlanningStart), ("Start date", v => v.StartDate), ("Length (days)", v => v.LengthDays),
        ("Executive sponsor", v => v.ExecutiveSponsor), ("Process owner", v => v.ProcessOwner), ("Team leader", v => v.TeamLeader),
        ("Facilitator", v => v.Facilitator), ("Status", v => v.Status), ("Status reason", v => v.StatusReason),
        ("First step in scope", v => v.ScopeFirstStep), ("Last step in scope", v => v.ScopeLastStep),
        ("Report-out summary", v => v.ReportOutSummary), ("Lessons", v => v.Lessons),
    ];

    private static readonly (string Label, Func<MeasureValues, object?> Get)[] MeasureFields =
    [
        ("order", v => v.Position), ("Operational definition", v => v.Definition), ("Kind", v => v.Kind), ("Unit", v => v.TimeUnit),
        ("Baseline", v => v.Baseline), ("Baseline window or opportunities", v => v.BaselineDen), ("Target", v => v.Target),
        ("Result", v => v.Result), ("Result window or opportunities", v => v.ResultDen),
        ("30-day", v => v.F30), ("30-day window or opportunities", v => v.F30Den),
        ("60-day", v => v.F60), ("60-day window or opportunities", v => v.F60Den),
        ("90-day", v => v.F90), ("90-day window or opportunities", v => v.F90Den),
        ("30-day won't be measured", v => v.F30NotMeasured), ("60-day won't be measured", v => v.F60NotMeasured),
        ("90-day won't be measured", v => v.F90NotMeasured),
    ];

    // In words, for the preview: which workshop cells change, and which measures are added, changed or removed.
    private static IEnumerable<string> Changes(PlannedWorkshop planned, ExistingWorkshop existing)
    {
        var before = Values(existing);
        var after = Values(planned);
        foreach (var (label, get) in WorkshopFields)
            if (!Equals(get(before), get(after))) yield return label;
        if (!Team(planned).SequenceEqual(existing.Team)) yield return "Team members";

        var (pairs, removed) = Match(planned.In.Measures, existing.Measures, planned.Kept);
        foreach (var (m, was, values) in pairs)
        {
            if (was is null) { yield return $"measure \"{m.Name}\" added"; continue; }
            var wasValues = Values(was);
            var changed = MeasureFields.Where(f => !Equals(f.Get(wasValues), f.Get(values))).Select(f => f.Label).ToList();
            if (was.Name != m.Name) changed.Insert(0, "name");
            if (changed.Count > 0) yield return $"measure \"{m.Name}\" ({string.Join(", ", changed)})";
        }
        foreach (var gone in removed) yield return $"measure \"{gone.Name}\" removed";
    }

    // Pairs each of the file's measures (in file order, numbered from 1) with the workshop's stored measure of the
    // same name, ignoring case and spacing, if there is one; the stored measures left over are to be removed. A
    // stored name that appears twice (the forms allow it) matches once; its twin is left over.
    internal static (List<(MeasureIn In, MeasureRow? Was, MeasureValues Values)> Pairs, List<MeasureRow> Removed) Match(
        IReadOnlyList<MeasureIn> measures, IReadOnlyList<MeasureRow> existing, IReadOnlySet<Col> kept)
    {
        var byName = new Dictionary<string, MeasureRow>(StringComparer.OrdinalIgnoreCase);
        var removed = new List<MeasureRow>();
        foreach (var e in existing)
            if (!byName.TryAdd(ImportColumns.Normalise(e.Name), e)) removed.Add(e);
        var pairs = new List<(MeasureIn, MeasureRow?, MeasureValues)>(measures.Count);
        for (int i = 0; i < measures.Count; i++)
        {
            byName.Remove(ImportColumns.Normalise(measures[i].Name), out var was);
            pairs.Add((measures[i], was, Values(measures[i], i + 1, was, kept)));
        }
        removed.AddRange(byName.Values);
        return (pairs, removed);
    }
}

// The stored form of a workshop's imported fields, and of a measure: compared for the preview and written to the audit.
internal sealed record WorkshopValues(
    long ValueStreamId, string Title, string? ProblemStatement, string? PlanningStart, string StartDate, int LengthDays,
    string ReportOutDate, string? ExecutiveSponsor, string? ProcessOwner, string? TeamLeader, string? Facilitator,
    string Status, string? StatusReason, string? ScopeFirstStep, string? ScopeLastStep, string? ReportOutSummary, string? Lessons);

internal sealed record MeasureValues(
    int Position, string Kind, string Name, string? Definition, string? TimeUnit, double? Baseline, double? BaselineDen, double? Target,
    double? Result, double? ResultDen, double? F30, double? F30Den, double? F60, double? F60Den, double? F90, double? F90Den,
    string? F30NotMeasured, string? F60NotMeasured, string? F90NotMeasured);
