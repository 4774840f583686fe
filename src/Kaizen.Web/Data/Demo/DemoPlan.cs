using System.Globalization;
using System.Text.Json;
using Kaizen.Domain;

namespace Kaizen.Web.Data.Demo;

// What a deliberately chosen workshop is there to show. Normal workshops improve and hold their gains.
internal enum Scenario { Normal, Worse, Same, NotSustained, MissingResult, OverdueFollowUps }

internal sealed class PlanTrust(TrustDef def)
{
    public TrustDef Def { get; } = def;
    public List<PlanStream> Streams { get; } = [];
}

internal sealed class PlanStream
{
    public required PlanTrust Trust { get; init; }
    public required StreamType Type { get; init; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public required string Sponsor { get; init; }
    public required string Owner { get; init; }
    public required string CreatedAt { get; init; }
    public string Status { get; set; } = "active";
    public double? TargetProcessTime { get; set; }
    public double? TargetErrorCount { get; set; }
    public double? TargetErrorRate { get; set; }
    public List<PlanRevision> Revisions { get; } = [];
    public DateOnly? ClosedFrom { get; set; }
    public int WorkshopCount { get; set; }

    public double? TargetFor(MeasureKind kind) => kind switch
    {
        MeasureKind.ProcessTime => TargetProcessTime,
        MeasureKind.ErrorCount => TargetErrorCount,
        _ => TargetErrorRate,
    };
}

internal sealed record PlanRevision(string At, string UserName, string Reason, string ChangesJson);

internal sealed record PlanMember(string Name, string Role);

internal sealed class PlanMeasure
{
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string Definition { get; init; }
    public string? TimeUnit { get; init; }
    public double? Baseline { get; set; }
    public double? BaselineDen { get; set; }
    public double? Target { get; set; }
    public double? Result { get; set; }
    public double? ResultDen { get; set; }
    public double?[] FollowUp { get; } = new double?[3];
    public double?[] FollowUpDen { get; } = new double?[3];
    public string?[] FollowUpAt { get; } = new string?[3];
}

internal sealed class PlanWorkshop
{
    public required PlanStream Stream { get; init; }
    public required string Reference { get; set; }
    public required Topic Topic { get; init; }
    public required string Title { get; init; }
    public required DateOnly PlanningStart { get; init; }
    public required DateOnly Start { get; init; }
    public required int LengthDays { get; init; }
    public DateOnly ReportOut => WorkshopRules.ReportOutDate(Start, LengthDays);
    public required string Sponsor { get; init; }
    public required string ProcessOwner { get; init; }
    public required string TeamLeader { get; init; }
    public required string Facilitator { get; init; }
    public required string Status { get; set; }
    public string? StatusReason { get; set; }
    public string? Summary { get; set; }
    public string? Lessons { get; set; }
    public string UpdatedAt { get; set; } = "";
    public Scenario Scenario { get; set; }
    public bool CovidMissedFollowUp { get; set; }
    public List<PlanMember> Members { get; } = [];
    public List<PlanMeasure> Measures { get; } = [];
}

internal sealed record Plan(IReadOnlyList<PlanTrust> Trusts, IReadOnlyList<PlanStream> Streams, IReadOnlyList<PlanWorkshop> Workshops)
{
    public int Measures => Workshops.Sum(w => w.Measures.Count);
    public int FollowUps => Workshops.Sum(w => w.Measures.Sum(m => m.FollowUp.Count(f => f is not null)));
    public int TeamMembers => Workshops.Sum(w => w.Members.Count);
    public int Revisions => Streams.Sum(s => s.Revisions.Count);
}

// Builds the whole demonstration programme in memory from the catalogue and a fixed seed: the same plan every time.
internal static class DemoPlan
{
    // Picked from the first 400 seeds because its headline lands nearest the published evaluation with the
    // spec's targets (process time ~60%, errors ~65%, error rate ~60%); any seed gives valid data.
    public const int Seed = 398;

    // The data is as it stood when the partnership ended: nothing is recorded after this date.
    public static readonly DateOnly Snapshot = new(2021, 12, 31);

    // Regular workshops run in these two periods; the gap between them is the first COVID-19 wave.
    static readonly DateOnly PreStart = new(2016, 4, 4), PreEnd = new(2020, 2, 24);
    static readonly DateOnly PostStart = new(2020, 7, 6), PostEnd = new(2021, 10, 25);

    // Follow-ups that fell due during the first wave were never taken.
    static readonly DateOnly CovidFrom = new(2020, 3, 16), CovidTo = new(2020, 6, 30);

    // Workshops reporting out from here on had only their 30-day follow-up recorded by the end of 2021.
    internal static readonly DateOnly LateFrom = new(2021, 9, 1);

    // Which workshops carry each deliberate feature: a position in the trust's chronological list of completed
    // workshops. Gains not lasting is commoner at SATH and BHRUT, the two trusts with unstable leadership.
    static readonly (string Trust, int Position, Scenario Scenario)[] Scenarios =
    [
        ("SASH", 9, Scenario.Worse), ("LTHT", 15, Scenario.Worse), ("UHCW", 5, Scenario.Worse), ("SATH", 6, Scenario.Worse), ("BHRUT", 10, Scenario.Worse),
        ("SASH", 3, Scenario.Same), ("LTHT", 20, Scenario.Same),
        ("SASH", 14, Scenario.NotSustained), ("LTHT", 4, Scenario.NotSustained), ("LTHT", 12, Scenario.NotSustained),
        ("UHCW", 19, Scenario.NotSustained), ("SATH", 2, Scenario.NotSustained), ("SATH", 7, Scenario.NotSustained),
        ("BHRUT", 3, Scenario.NotSustained), ("BHRUT", 9, Scenario.NotSustained),
        ("SASH", 11, Scenario.MissingResult), ("LTHT", 22, Scenario.MissingResult), ("UHCW", 14, Scenario.MissingResult), ("SATH", 9, Scenario.MissingResult),
        ("LTHT", 8, Scenario.OverdueFollowUps), ("BHRUT", 5, Scenario.OverdueFollowUps),
    ];

    static readonly Lazy<Plan> Built = new(() => Build(Seed));
    public static Plan Current => Built.Value;

    static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    internal static Plan Build(int seed)
    {
        var rng = new Random(seed);
        var trusts = new List<PlanTrust>();
        var workshops = new List<PlanWorkshop>();

        foreach (var (def, trustIndex) in DemoCatalogue.Trusts.Select((d, i) => (d, i)))
        {
            var trust = new PlanTrust(def);
            trusts.Add(trust);
            var used = new HashSet<string>(def.Facilitators) { def.Lead };
            var execs = DemoCatalogue.ExecutiveRoles.ToDictionary(role => role, _ => NewName(rng, used));

            foreach (var (sd, streamIndex) in def.Streams.Select((s, i) => (s, i)))
            {
                var type = DemoCatalogue.Types[sd.Type];
                var stream = new PlanStream
                {
                    Trust = trust,
                    Type = type,
                    Name = sd.Name ?? type.Name,
                    Description = type.Description,
                    Sponsor = $"{execs[type.SponsorRole]}, {type.SponsorRole}",
                    Owner = $"{NewName(rng, used)}, {type.OwnerTitle}",
                    CreatedAt = Instant(DemoCatalogue.Joined.AddDays(14 + 7 * streamIndex), 9),
                    TargetProcessTime = sd.TargetProcessTime,
                    TargetErrorCount = sd.TargetErrorCount,
                    TargetErrorRate = sd.TargetErrorRate,
                };
                foreach (var revision in sd.Revisions ?? []) Revise(stream, revision, def.Lead);
                trust.Streams.Add(stream);
            }

            workshops.AddRange(ScheduleTrust(rng, trust, trustIndex, used));
        }

        // A position that cannot show its feature (a gain not sustained needs its 60- and 90-day follow-ups taken)
        // passes it to the trust's next workshop that can.
        foreach (var (code, position, scenario) in Scenarios)
        {
            var completed = workshops.Where(w => w.Status == "completed" && w.Stream.Trust.Def.Code == code).OrderBy(w => w.ReportOut).ToList();
            var i = position;
            while (completed[i].Scenario != Scenario.Normal || (scenario == Scenario.NotSustained && !AllFollowUpsTakeable(completed[i]))) i++;
            completed[i].Scenario = scenario;
        }

        var ordered = workshops.OrderBy(w => w.Start).ThenBy(w => w.Reference, StringComparer.Ordinal).ToList();
        foreach (var w in ordered)
        {
            // Each workshop draws from its own stream, so that changing one workshop leaves the others as they were.
            var own = new Random(seed ^ StableHash(w.Reference));
            AddMeasures(own, w);
            Describe(own, w);
        }

        return new Plan(trusts, trusts.SelectMany(t => t.Streams).ToList(), ordered);
    }

    // Applies one revision, checking that the catalogue's "before" is what the value stream held, so the history
    // always leads to the current values.
    static void Revise(PlanStream s, StreamRevision revision, string userName)
    {
        foreach (var c in revision.Changes)
        {
            object? current = c.Field switch
            {
                "name" => s.Name,
                "description" => s.Description,
                "status" => s.Status,
                "target_process_time" => s.TargetProcessTime,
                "target_error_count" => s.TargetErrorCount,
                "target_error_rate" => s.TargetErrorRate,
                _ => throw new InvalidOperationException($"Unknown value stream field {c.Field}."),
            };
            if (!Equals(current, c.Before))
                throw new InvalidOperationException($"Revision of {s.Name} on {revision.At}: {c.Field} was {current}, not {c.Before}.");
            switch (c.Field)
            {
                case "name": s.Name = (string)c.After!; break;
                case "description": s.Description = (string)c.After!; break;
                case "status":
                    s.Status = (string)c.After!;
                    s.ClosedFrom = s.Status == "active" ? null : revision.At;
                    break;
                case "target_process_time": s.TargetProcessTime = (double?)c.After; break;
                case "target_error_count": s.TargetErrorCount = (double?)c.After; break;
                case "target_error_rate": s.TargetErrorRate = (double?)c.After; break;
            }
        }
        var changes = JsonSerializer.Serialize(revision.Changes.Select(c => new { field = c.Field, before = c.Before, after = c.After }));
        s.Revisions.Add(new PlanRevision(Instant(revision.At, 10), userName, revision.Reason, changes));
    }

    enum Slot { Regular, Covid, Regulatory, Planned }

    static List<PlanWorkshop> ScheduleTrust(Random rng, PlanTrust trust, int trustIndex, HashSet<string> used)
    {
        var def = trust.Def;
        var slots = new List<(DateOnly Start, Slot Kind)>();
        var preDays = PreEnd.DayNumber - PreStart.DayNumber;
        var postDays = PostEnd.DayNumber - PostStart.DayNumber;
        for (var i = 0; i < def.Regular; i++)
        {
            // Evenly spread with a little jitter, across the time outside the first wave.
            var u = (i + 0.5 + (rng.NextDouble() - 0.5) * 0.6) / def.Regular;
            var t = (int)(u * (preDays + postDays));
            var date = Monday(t < preDays ? PreStart.AddDays(t) : PostStart.AddDays(t - preDays));
            // Nobody runs a workshop over Christmas: move it two weeks earlier or one week later.
            if (date is { Month: 12, Day: >= 18 }) date = date.AddDays(-14);
            if (date is { Month: 1, Day: <= 3 }) date = date.AddDays(7);
            slots.Add((date, Slot.Regular));
        }
        slots.AddRange(def.CovidStoodDown.Select(d => (d, Slot.Covid)));
        slots.AddRange(def.RegulatoryStoodDown.Select(d => (d, Slot.Regulatory)));
        slots.Add((def.Planned, Slot.Planned));

        var list = new List<PlanWorkshop>();
        var perYear = new Dictionary<int, int>();
        var regular = 0;
        foreach (var (start, kind) in slots.OrderBy(s => s.Start))
        {
            var length = kind == Slot.Planned ? 5 : rng.NextDouble() switch { < 0.6 => 5, < 0.85 => 4, _ => 3 };
            var reportOut = WorkshopRules.ReportOutDate(start, length);
            var open = trust.Streams.Where(s => s.ClosedFrom is not { } closed || reportOut < closed).ToList();
            var fewest = open.Min(s => s.WorkshopCount);
            var candidates = open.Where(s => s.WorkshopCount == fewest).ToList();
            var stream = candidates[rng.Next(candidates.Count)];
            var round = stream.WorkshopCount / stream.Type.Topics.Length;
            var topic = stream.Type.Topics[stream.WorkshopCount % stream.Type.Topics.Length];
            stream.WorkshopCount++;

            perYear[start.Year] = perYear.GetValueOrDefault(start.Year) + 1;
            var w = new PlanWorkshop
            {
                Stream = stream,
                Reference = $"{def.Code}-{start.Year}-{perYear[start.Year]:00}",
                Topic = topic,
                Title = topic.Title + round switch { 0 => "", 1 => " (second round)", _ => " (third round)" },
                PlanningStart = start.AddDays(-(28 + rng.Next(29))),
                Start = start,
                LengthDays = length,
                Sponsor = stream.Sponsor,
                ProcessOwner = stream.Owner,
                TeamLeader = NewName(rng, used),
                Facilitator = def.Facilitators[rng.Next(def.Facilitators.Length)],
                Status = kind switch { Slot.Regular => "completed", Slot.Planned => "planned", _ => "stood_down" },
                StatusReason = kind switch { Slot.Covid => DemoCatalogue.CovidReason, Slot.Regulatory => DemoCatalogue.RegulatoryReason, _ => null },
            };
            // Each trust cancelled one workshop before it ran, at a different point in the programme.
            if (kind == Slot.Regular && regular++ == def.Regular * (trustIndex + 1) / 7)
            {
                w.Status = "cancelled";
                w.StatusReason = DemoCatalogue.CancelReasons[trustIndex % DemoCatalogue.CancelReasons.Length];
            }
            AddTeam(rng, w);
            list.Add(w);
        }
        return list;
    }

    static void AddTeam(Random rng, PlanWorkshop w)
    {
        var size = 4 + rng.Next(5);
        var roles = new List<string>();
        var patient = rng.NextDouble() < 0.45;
        var adjacent = size >= 7 ? 2 : 1;
        var inProcess = size - adjacent - 1 - (patient ? 1 : 0);
        roles.AddRange(Enumerable.Repeat("in_process", inProcess));
        roles.AddRange(Enumerable.Repeat("adjacent", adjacent));
        roles.Add("fresh_eyes");
        if (patient) roles.Add("patient_carer");
        var names = new HashSet<string> { w.TeamLeader };
        foreach (var role in roles) w.Members.Add(new PlanMember(NewName(rng, names), role));
    }

    static void AddMeasures(Random rng, PlanWorkshop w)
    {
        var count = w.Status switch
        {
            "completed" => rng.NextDouble() switch { < 0.15 => 1, < 0.55 => 2, < 0.85 => 3, _ => 4 },
            "planned" => 1 + rng.Next(3),
            _ => 1, // planning had measured a baseline before the workshop was called off
        };
        if (w.Scenario == Scenario.MissingResult) count = Math.Max(count, 2);

        var templates = w.Stream.Type.Measures.ToArray();
        rng.Shuffle(templates);
        var reduction = U(rng, 0.40, 0.90);
        foreach (var (template, i) in templates.Take(count).Select((t, i) => (t, i)))
        {
            var withResult = w.Status == "completed" && !(w.Scenario == Scenario.MissingResult && i == count - 1);
            var r = w.Scenario switch
            {
                Scenario.Worse => -U(rng, 0.08, 0.35),
                Scenario.Same => 0,
                _ => Math.Clamp(reduction + U(rng, -0.1, 0.1) + KindBias(template.Kind), 0.25, 0.95),
            };
            var values = MeasureValues.Make(rng, template, w.Stream.TargetFor(template.Kind), r, withResult, w.Scenario);
            w.Measures.Add(values.Measure);
            if (withResult) AddFollowUps(rng, w, values);
        }
    }

    // Nudges each kind towards the published evaluation: errors fell a little further than process time.
    static double KindBias(MeasureKind kind) => kind switch { MeasureKind.ErrorCount => 0.07, MeasureKind.ErrorRate => 0.05, _ => 0.05 };

    static void AddFollowUps(Random rng, PlanWorkshop w, MeasureValues values)
    {
        for (var c = 0; c < 3; c++)
        {
            var days = FollowUps.CheckpointDays[c];
            var due = FollowUps.DueDate(w.ReportOut, days);
            var recordedOn = due.AddDays(rng.Next(10));
            if (recordedOn > Snapshot) recordedOn = Snapshot;
            var missed = rng.NextDouble() < 0.03;
            if (due > Snapshot) continue;
            if (due >= CovidFrom && due <= CovidTo)
            {
                w.CovidMissedFollowUp = true;
                continue;
            }
            if (days > 30 && (w.ReportOut >= LateFrom || w.Scenario == Scenario.OverdueFollowUps)) continue;
            if (missed && w.Scenario == Scenario.Normal) continue;
            values.SetFollowUp(rng, c, w.Scenario, Instant(recordedOn, 10));
        }
        if (w.Scenario == Scenario.NotSustained && values.Measure.FollowUp[2] is null)
            throw new InvalidOperationException($"{w.Reference} is meant to show a gain not sustained at 90 days but has no 90-day follow-up.");
    }

    static bool AllFollowUpsTakeable(PlanWorkshop w) => w.ReportOut < LateFrom && FollowUps.CheckpointDays.All(days =>
        FollowUps.DueDate(w.ReportOut, days) is var due && due <= Snapshot && (due < CovidFrom || due > CovidTo));

    static void Describe(Random rng, PlanWorkshop w)
    {
        var lastRecorded = w.Measures.SelectMany(m => m.FollowUpAt).Where(a => a is not null).Max();
        w.UpdatedAt = w.Status switch
        {
            "completed" => lastRecorded ?? Instant(w.ReportOut, 17),
            "planned" => Instant(w.PlanningStart, 9),
            _ => Instant(w.Start.AddDays(-7), 9),
        };
        if (w.Status != "completed") return;

        var text = new List<string>
        {
            $"Over {w.LengthDays} days a team of {w.Members.Count + 1} walked the process from \"{w.Topic.FirstStep}\" to \"{w.Topic.LastStep}\", took out steps that added nothing for the patient and tested the new way of working.",
        };
        foreach (var m in w.Measures)
            text.Add(m.Result is null
                ? string.Format(EnGb, DemoCatalogue.MissingResultExplanation, m.Name.ToLower(EnGb)).Trim()
                : $"{m.Name}: {Show(m, m.Baseline!.Value, m.BaselineDen)} before, {Show(m, m.Result.Value, m.ResultDen)} at the report-out.");
        if (w.Scenario == Scenario.Worse) text.Add(DemoCatalogue.WorseExplanation.Trim());
        if (w.Scenario == Scenario.NotSustained) text.Add(DemoCatalogue.NotSustainedExplanation.Trim());
        w.Summary = string.Join(" ", text);

        var first = rng.Next(DemoCatalogue.Lessons.Length);
        var second = (first + 1 + rng.Next(DemoCatalogue.Lessons.Length - 1)) % DemoCatalogue.Lessons.Length;
        w.Lessons = DemoCatalogue.Lessons[first] + " " + DemoCatalogue.Lessons[second];
    }

    static string Show(PlanMeasure m, double value, double? den) => m.Kind switch
    {
        "process_time" => m.TimeUnit switch
        {
            "days" => $"{(value / TimeUnits.MinutesPerDay).ToString("#,0.#", EnGb)} days",
            "hours" => $"{(value / TimeUnits.MinutesPerHour).ToString("#,0.#", EnGb)} hours",
            _ => $"{value.ToString("#,0", EnGb)} minutes",
        },
        "error_count" => $"{value.ToString("#,0", EnGb)} in {den!.Value.ToString("#,0", EnGb)} days",
        _ => $"{(value / den!.Value).ToString("0.0%", EnGb)} ({value.ToString("#,0", EnGb)} of {den.Value.ToString("#,0", EnGb)})",
    };

    static string NewName(Random rng, HashSet<string> used)
    {
        while (true)
        {
            var name = DemoCatalogue.FirstNames[rng.Next(DemoCatalogue.FirstNames.Length)] + " " +
                       DemoCatalogue.Surnames[rng.Next(DemoCatalogue.Surnames.Length)];
            if (used.Add(name)) return name;
        }
    }

    // FNV-1a: string.GetHashCode differs from one process to the next.
    static int StableHash(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s) hash = (hash ^ c) * 16777619u;
        return (int)hash;
    }

    static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    internal static double U(Random rng, double low, double high) => low + rng.NextDouble() * (high - low);

    internal static string Instant(DateOnly d, int hour) => Iso.Date(d) + $"T{hour:00}:00:00Z";
}
