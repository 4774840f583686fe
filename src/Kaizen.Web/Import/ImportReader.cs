using System.Globalization;
using System.Text.RegularExpressions;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Export;

namespace Kaizen.Web.Import;

// Reads the Workshops sheet and checks every cell on its own and every row against the same domain rules as the
// forms (WorkshopRules, MeasureRules, FollowUpRules). Nothing here touches the database: what needs it (trusts,
// value streams, existing references) is checked afterwards by ImportPlanner.
public sealed partial class ImportReader(DateOnly today)
{
    internal static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    // Marks a workshop cell that could not be read, so it is neither used nor compared with the workshop's other rows.
    private static readonly object Unreadable = new();

    // The same limits as the forms.
    public const int MaxReference = 50, MaxName = 200, MaxReason = 1_000, MaxStatement = 4_000,
        MaxScope = 500, MaxLongText = 8_000, MaxDefinition = 2_000,
        MaxNotMeasuredReason = Pages.Measures.FollowUpsModel.NotMeasuredReasonLength;

    // What one import reads at most, stated on the Import page. Far above a trust's workbook (the benchmark's 10,000
    // rows unpack to 4.5 MB; 20,000 rows with 300 characters of text in three columns to 23 MB), and low enough that
    // any file within the 10 MB upload limit is refused within a few seconds and about 100 MB, before the memory it
    // would take is taken: everything read is text, so 32 MB unpacked holds at most 32 million characters.
    public const int MaxRows = 20_000, MaxColumns = 100;

    public static readonly XlsxLimits Limits = new()
    {
        MaxUnpackedBytes = 32L << 20,
        MaxRatio = 100,
        RatioFloorBytes = 1 << 20,
        MaxParts = 1_000,
        MaxColumns = MaxColumns,
        MaxSharedStrings = 200_000,
        MaxSharedStringChars = 16_000_000,
    };

    public static string TooManyRows => $"The workbook has more than {MaxRows:N0} rows; Kaizen imports at most {MaxRows:N0} rows (one per measure) from one workbook. " +
        "Nothing was imported. Split the workshops across two or more workbooks and import each.";

    public ParsedImport Read(Stream stream)
    {
        XlsxReader reader;
        try { reader = XlsxReader.Open(stream, Limits); }
        catch (XlsxReadException e) { return ParsedImport.Fails(e.Message); }
        using (reader)
        {
            try { return Read(reader); }
            catch (XlsxReadException e) { return ParsedImport.Fails(e.Message); }
        }
    }

    private ParsedImport Read(XlsxReader reader)
    {
        var sheet = reader.SheetNames.FirstOrDefault(n => ImportColumns.Normalise(n) == "workshops");
        if (sheet is null)
            return ParsedImport.Fails(
                $"This workbook has no sheet called \"{ImportColumns.Sheet}\" (its sheets are {Quoted(reader.SheetNames)}). " +
                "Put the workshops on a sheet named Workshops with the template's column headers in its first row; download the template to see the layout.");

        using var rows = reader.ReadRows(sheet).GetEnumerator();
        if (!rows.MoveNext())
            return ParsedImport.Fails("The Workshops sheet is empty: it has no header row and no rows to import. Fill it in as in the template.");

        var header = rows.Current;
        var parsed = new ParsedImport { Sheet = sheet, HeaderRow = header.Number };
        var known = ReadHeader(header, parsed, out bool missing);
        if (missing) return parsed;

        var workshops = new Dictionary<string, Group>(StringComparer.OrdinalIgnoreCase);
        var unheaded = new HashSet<int>();
        int read = 0;
        while (rows.MoveNext())
        {
            // Every row with a value counts, checked or not: refused at the first one past the limit.
            if (++read > MaxRows) return ParsedImport.Fails(TooManyRows);
            var row = rows.Current;
            foreach (var column in row.Cells.Keys)
            {
                if (known.Contains(column) || !unheaded.Add(column) || IsBlank(row[column])) continue;
                parsed.Problems.Add(new ImportProblem(sheet, row.Number, null, XlsxRef.ColumnLetters(column),
                    $"Column {XlsxRef.ColumnLetters(column)} has values (from this row) but no header, so Kaizen cannot tell what they are. " +
                    "Give the column one of the template's headers, or delete it.") { ColumnIndex = column });
            }
            if (ReadRow(new Cells(parsed, row), workshops)) parsed.DataRows++;
        }
        // The optional sheet of value stream data, read with the same care; a workbook may carry only that.
        if (ValueStreamDataReader.Read(reader, parsed, today) is { } tooMany) return ParsedImport.Fails(tooMany);
        if (parsed.DataRows == 0 && parsed.ValueStreamDataRows == 0)
            return ParsedImport.Fails("The Workshops sheet has no rows to import: it has the header row only. Add one row per measure under the headers, as in the template's example row.");

        foreach (var group in workshops.Values) CheckWorkshop(parsed, group);
        return parsed;
    }

    // Maps each template column to where it is in the file. Order does not matter; every column must be there.
    private static HashSet<int> ReadHeader(XlsxRow header, ParsedImport parsed, out bool missing)
    {
        var known = new HashSet<int>();
        foreach (var (column, value) in header.Cells.OrderBy(c => c.Key))
        {
            var text = value switch { string s => s, _ => Cells.Display(value) };
            if (string.IsNullOrWhiteSpace(text)) continue;
            known.Add(column);
            var letter = XlsxRef.ColumnLetters(column);
            if (ImportColumns.Match(text) is not { } id)
            {
                parsed.Problems.Add(new ImportProblem(parsed.Sheet, header.Number, text.Trim(), letter,
                    $"Kaizen does not know a column called \"{text.Trim()}\". Use the template's column headers (the Read me sheet lists them), or delete this column.")
                    { ColumnIndex = column });
            }
            else if (parsed.ColumnOf[(int)id] is var first and > 0)
            {
                parsed.Problems.Add(new ImportProblem(parsed.Sheet, header.Number, ImportColumns.Header(id), letter,
                    $"The column \"{ImportColumns.Header(id)}\" appears twice, in columns {XlsxRef.ColumnLetters(first)} and {letter}. Keep one of them.")
                    { ColumnIndex = column });
            }
            else parsed.ColumnOf[(int)id] = column;
        }

        missing = false;
        foreach (var column in ImportColumns.All)
        {
            if (column.Optional || parsed.ColumnOf[(int)column.Id] > 0) continue;
            missing = true;
            parsed.Problems.Add(new ImportProblem(parsed.Sheet, header.Number, column.Header, null,
                $"The column \"{column.Header}\" is missing. Every column of the template must be in the header row, even when its cells are empty; " +
                "rows are checked once the headers are right.") { ColumnIndex = int.MaxValue });
        }
        return known;
    }

    // A workshop's rows so far: the workshop as its first row gave it, and the names of its measures.
    private sealed class Group(WorkshopIn workshop, object?[] cells)
    {
        public WorkshopIn Workshop { get; } = workshop;
        public object?[] Cells { get; } = cells;   // canonical workshop cells, indexed by Col (measure cells unused)
        public Dictionary<string, int> MeasureRows { get; } = new(StringComparer.OrdinalIgnoreCase);
        public int RowsWithResult { get; set; }
    }

    private static readonly Col[] WorkshopColumns = ImportColumns.All.Where(c => c.IsWorkshop).Select(c => c.Id).ToArray();

    // Returns false for a row whose cells are all blank (spaces only), which is skipped.
    private bool ReadRow(Cells r, Dictionary<string, Group> workshops)
    {
        if (ImportColumns.All.All(c => r.IsBlank(c.Id))) return false;

        var cells = new object?[ImportColumns.All.Count];
        cells[(int)Col.Reference] = r.Text(Col.Reference, MaxReference);
        cells[(int)Col.TrustCode] = r.Text(Col.TrustCode, MaxName);
        cells[(int)Col.ValueStream] = r.Text(Col.ValueStream, MaxName);
        cells[(int)Col.Title] = r.Text(Col.Title, MaxName);
        cells[(int)Col.StartDate] = r.Date(Col.StartDate);
        cells[(int)Col.LengthDays] = r.WholeNumber(Col.LengthDays, "Length is a whole number of days: 3, 4 or 5");
        cells[(int)Col.PlanningStart] = r.Date(Col.PlanningStart);
        cells[(int)Col.Status] = r.Choice(Col.Status, Statuses, "Use Planned, Completed, Cancelled or Stood down");
        cells[(int)Col.StatusReason] = r.Text(Col.StatusReason, MaxReason);
        cells[(int)Col.TeamLeader] = r.Text(Col.TeamLeader, MaxName);
        cells[(int)Col.Facilitator] = r.Text(Col.Facilitator, MaxName);
        cells[(int)Col.ExecutiveSponsor] = r.Text(Col.ExecutiveSponsor, MaxName);
        cells[(int)Col.ProcessOwner] = r.Text(Col.ProcessOwner, MaxName);
        cells[(int)Col.ProblemStatement] = r.Text(Col.ProblemStatement, MaxStatement);
        cells[(int)Col.ScopeFirstStep] = r.Text(Col.ScopeFirstStep, MaxScope);
        cells[(int)Col.ScopeLastStep] = r.Text(Col.ScopeLastStep, MaxScope);
        cells[(int)Col.ReportOutSummary] = r.Text(Col.ReportOutSummary, MaxLongText);
        cells[(int)Col.Lessons] = r.Text(Col.Lessons, MaxLongText);
        cells[(int)Col.TeamMembers] = r.Team(Col.TeamMembers);
        foreach (var c in WorkshopColumns)
            if (r.Failed(c)) cells[(int)c] = Unreadable;

        Required(r, cells, Col.Reference, "Enter the workshop's reference, for example SASH-2024-03, on every row of the workshop. " +
            "It is required because it is how importing the workbook again finds the workshop to update instead of adding it twice.");
        Required(r, cells, Col.TrustCode, "Enter the trust's code, for example SASH.");
        Required(r, cells, Col.ValueStream, "Enter the name of the value stream the workshop belongs to, as it is in Kaizen.");
        Required(r, cells, Col.Title, "Enter the workshop's title.");
        Required(r, cells, Col.StartDate, "Enter the first day of the workshop, for example 14/03/2024.");
        Required(r, cells, Col.LengthDays, "Enter how many days the workshop lasts: 3, 4 or 5.");
        Required(r, cells, Col.Status, "Enter the workshop's status: Planned, Completed, Cancelled or Stood down.");

        Group? group = null;
        if (cells[(int)Col.Reference] is string reference)
        {
            if (!workshops.TryGetValue(reference, out group))
            {
                group = new Group(NewWorkshop(reference, r.Row, cells), cells);
                workshops.Add(reference, group);
                r.Parsed.Workshops.Add(group.Workshop);
            }
            else Compare(r, group, cells);
            group.Workshop.Rows.Add(r.Row);
        }

        if (HasMeasure(r)) ReadMeasure(r, group);
        return true;
    }

    private static void Required(Cells r, object?[] cells, Col column, string message)
    {
        if (cells[(int)column] is null) r.Problem(column, message);
    }

    private static WorkshopIn NewWorkshop(string reference, int row, object?[] c) => new()
    {
        Reference = reference,
        FirstRow = row,
        TrustCode = c[(int)Col.TrustCode] as string,
        ValueStream = c[(int)Col.ValueStream] as string,
        Title = c[(int)Col.Title] as string,
        StartDate = c[(int)Col.StartDate] as DateOnly?,
        LengthDays = c[(int)Col.LengthDays] as int?,
        PlanningStart = c[(int)Col.PlanningStart] as DateOnly?,
        Status = c[(int)Col.Status] as WorkshopStatus?,
        StatusReason = c[(int)Col.StatusReason] as string,
        TeamLeader = c[(int)Col.TeamLeader] as string,
        Facilitator = c[(int)Col.Facilitator] as string,
        ExecutiveSponsor = c[(int)Col.ExecutiveSponsor] as string,
        ProcessOwner = c[(int)Col.ProcessOwner] as string,
        ProblemStatement = c[(int)Col.ProblemStatement] as string,
        ScopeFirstStep = c[(int)Col.ScopeFirstStep] as string,
        ScopeLastStep = c[(int)Col.ScopeLastStep] as string,
        ReportOutSummary = c[(int)Col.ReportOutSummary] as string,
        Lessons = c[(int)Col.Lessons] as string,
        Team = c[(int)Col.TeamMembers] as IReadOnlyList<TeamMember> ?? [],
    };

    // Every row of a workshop repeats its workshop cells; a difference means one of them is wrong.
    private static void Compare(Cells r, Group group, object?[] cells)
    {
        foreach (var c in WorkshopColumns)
        {
            if (c == Col.Reference) continue;
            object? first = group.Cells[(int)c], here = cells[(int)c];
            if (first == Unreadable || here == Unreadable || r.Failed(c) || Same(c, first, here)) continue;
            r.Problem(c,
                $"This row gives workshop {group.Workshop.Reference} the {ImportColumns.Header(c)} {Describe(here)}, but row {group.Workshop.FirstRow} gives it {Describe(first)}. " +
                "Every row of a workshop must repeat the same workshop details: make them the same.");
        }
    }

    private static bool Same(Col column, object? a, object? b) => column switch
    {
        Col.TrustCode or Col.ValueStream => ImportColumns.Normalise(a as string ?? "") == ImportColumns.Normalise(b as string ?? ""),
        Col.TeamMembers => (a as IReadOnlyList<TeamMember> ?? []).SequenceEqual(b as IReadOnlyList<TeamMember> ?? []),
        _ => Equals(a, b),
    };

    private static string Describe(object? value) => value switch
    {
        null => "nothing (an empty cell)",
        string s => $"\"{s}\"",
        DateOnly d => d.ToString("dd/MM/yyyy", EnGb),
        WorkshopStatus s => Codes.Words(s),
        int n => n.ToString(EnGb),
        IReadOnlyList<TeamMember> team => $"\"{TeamText(team, "; ")}\"",
        _ => value.ToString() ?? "",
    };

    // A team as the Team members cell holds it: one person a line, each with their role in brackets.
    public static string TeamText(IEnumerable<TeamMember> team, string separator = "\n") =>
        string.Join(separator, team.Select(m => $"{m.Name} ({Codes.TeamRoles.GetValueOrDefault(m.Role, m.Role)})"));

    private static readonly Col[] MeasureColumns = ImportColumns.All.Where(c => !c.IsWorkshop).Select(c => c.Id).ToArray();

    private static bool HasMeasure(Cells r) => MeasureColumns.Any(c => !r.IsBlank(c));

    private void ReadMeasure(Cells r, Group? group)
    {
        var name = r.Text(Col.Measure, MaxName);
        var definition = r.Text(Col.Definition, MaxDefinition);
        var kind = r.Choice(Col.Kind, Kinds, "Use Process time, Error count or Error rate");
        if (name is null && !r.Failed(Col.Measure))
            r.Problem(Col.Measure, "Enter the measure's name: this row has measure values but no Measure. (A workshop with no measures yet has all the measure columns empty.)");
        if (kind is null && !r.Failed(Col.Kind))
            r.Problem(Col.Kind, "Enter the kind of measure: Process time, Error count or Error rate.");

        TimeUnit? unit = null;
        if (kind == MeasureKind.ProcessTime)
        {
            unit = r.Choice(Col.Unit, Units, "Use minutes, hours or days");
            if (unit is null && !r.Failed(Col.Unit))
                r.Problem(Col.Unit, "Enter the unit of this row's times: minutes, hours or days.");
        }
        else if (kind is not null && r.Text(Col.Unit, MaxName) is { } given)
            r.Problem(Col.Unit, $"Unit is for process time only; leave it empty for an {Codes.Words(kind.Value).ToLowerInvariant()} (\"{given}\" was entered).");

        bool isRate = kind == MeasureKind.ErrorRate;
        var baseline = r.Number(Col.Baseline);
        var baselineDen = r.Number(Col.BaselineDen);
        var target = r.Number(Col.Target, percentAllowed: isRate);
        var result = r.Number(Col.Result);
        var resultDen = r.Number(Col.ResultDen);
        var f = new (double? Value, double? Den, Col ValueCol, Col DenCol, int Days)[]
        {
            (r.Number(Col.Day30), r.Number(Col.Day30Den), Col.Day30, Col.Day30Den, 30),
            (r.Number(Col.Day60), r.Number(Col.Day60Den), Col.Day60, Col.Day60Den, 60),
            (r.Number(Col.Day90), r.Number(Col.Day90Den), Col.Day90, Col.Day90Den, 90),
        };
        var closed = new[]
        {
            r.Text(Col.Day30NotMeasured, MaxNotMeasuredReason),
            r.Text(Col.Day60NotMeasured, MaxNotMeasuredReason),
            r.Text(Col.Day90NotMeasured, MaxNotMeasuredReason),
        };
        // The same rule as the follow-ups form: a follow-up has a value or a reason for not having one, not both.
        for (var i = 0; i < f.Length; i++)
            if (closed[i] is not null && (!r.IsBlank(f[i].ValueCol) || !r.IsBlank(f[i].DenCol)))
                r.Problem(NotMeasuredColumn(f[i].Days),
                    $"Either record the {f[i].Days}-day value or close the follow-up as won't be measured, not both: clear one of them.");

        // An error rate's target is typed as a percentage; the rules (and the database) take a rate 0..1.
        double? targetRate = null;
        if (isRate && target is { } percent)
        {
            if (percent > 100)
                r.Problem(Col.Target, $"An error rate's Target is a percentage from 0 to 100 (5 means 5%); {percent.ToString("#,0.###", EnGb)} was entered.");
            else targetRate = Percentages.ToFraction(percent);   // typed as a percentage, stored as typed
        }

        if (group is not null && !r.IsBlank(Col.Result)) group.RowsWithResult++;
        var reportOut = group?.Workshop.ReportOut ?? DateOnly.MinValue;   // unknown: the date rules cannot fire
        if (kind is { } k)
        {
            // Process times go to the rules in the unit they were typed in, so the messages quote the user's numbers.
            var draft = new MeasureDraft(k, baseline, baselineDen, isRate ? targetRate : target, result, resultDen);
            foreach (var v in MeasureRules.Validate(draft, reportOut, today))
                r.ProblemUnlessFailed(MeasureField(v.Field), v.Message);
            foreach (var (value, den, valueCol, denCol, days) in f)
            {
                if (r.IsBlank(valueCol) && r.IsBlank(denCol)) continue;
                foreach (var v in FollowUpRules.Validate(k, days, value, den, reportOut, today))
                    if (v.Field is "Value" or "Denominator")
                        r.ProblemUnlessFailed(v.Field == "Value" ? valueCol : denCol, v.Message);
            }
        }

        if (group is null || name is null || kind is null) return;
        var workshop = group.Workshop;
        var key = ImportColumns.Normalise(name);
        if (group.MeasureRows.TryGetValue(key, out var earlier))
        {
            r.Problem(Col.Measure, $"Workshop {workshop.Reference} already has a measure called \"{name}\", on row {earlier}. " +
                "Each measure of a workshop has one row: remove the repeat, or give it a different name.");
            return;
        }
        group.MeasureRows[key] = r.Row;
        if (group.MeasureRows.Count > ImportColumns.MaxMeasuresPerWorkshop)
        {
            r.Problem(Col.Measure, $"Workshop {workshop.Reference} has more than {ImportColumns.MaxMeasuresPerWorkshop} measures: this is its " +
                $"{Ordinal(group.MeasureRows.Count)}. A workshop can have at most {ImportColumns.MaxMeasuresPerWorkshop}; keep the ones that matter most.");
            return;
        }

        double? Stored(double? value) => value is { } v && unit is { } u ? TimeUnits.ToMinutes(v, u) : value;
        workshop.Measures.Add(new MeasureIn
        {
            Row = r.Row, Name = name, Definition = definition, Kind = kind.Value, Unit = unit,
            Baseline = Stored(baseline), BaselineDen = baselineDen,
            Target = isRate ? targetRate : Stored(target),
            Result = Stored(result), ResultDen = resultDen,
            Day30 = Stored(f[0].Value), Day30Den = f[0].Den,
            Day60 = Stored(f[1].Value), Day60Den = f[1].Den,
            Day90 = Stored(f[2].Value), Day90Den = f[2].Den,
            Day30NotMeasured = closed[0], Day60NotMeasured = closed[1], Day90NotMeasured = closed[2],
        });
    }

    private static Col NotMeasuredColumn(int days) => days switch { 30 => Col.Day30NotMeasured, 60 => Col.Day60NotMeasured, _ => Col.Day90NotMeasured };

    private static Col MeasureField(string field) => field switch
    {
        "Baseline" => Col.Baseline,
        "BaselineDenominator" => Col.BaselineDen,
        "Target" => Col.Target,
        "Result" => Col.Result,
        "ResultDenominator" => Col.ResultDen,
        _ => Col.Measure,
    };

    // The workshop rules, once the workshop's rows are all read. Cells that could not be read take harmless
    // stand-ins, and a rule that depends on one of them is not reported: the unreadable cell already is.
    private void CheckWorkshop(ParsedImport parsed, Group group)
    {
        var w = group.Workshop;
        var draft = new WorkshopDraft(w.PlanningStart, w.StartDate ?? DateOnly.MinValue, w.LengthDays ?? WorkshopRules.MinLengthDays,
            w.Status ?? WorkshopStatus.Planned, w.StatusReason, group.RowsWithResult);
        foreach (var v in WorkshopRules.Validate(draft, today))
        {
            if (v.Field == "PlanningStart" && w.StartDate is null) continue;
            var column = v.Field switch
            {
                "LengthDays" => Col.LengthDays,
                "PlanningStart" => Col.PlanningStart,
                "StatusReason" => Col.StatusReason,
                _ => Col.Status,
            };
            parsed.Problems.Add(parsed.Problem(w.FirstRow, column, v.Message));
        }
    }

    private static readonly Dictionary<string, WorkshopStatus> Statuses = new()
    {
        ["planned"] = WorkshopStatus.Planned,
        ["completed"] = WorkshopStatus.Completed, ["complete"] = WorkshopStatus.Completed,
        ["cancelled"] = WorkshopStatus.Cancelled, ["canceled"] = WorkshopStatus.Cancelled,
        ["stood down"] = WorkshopStatus.StoodDown, ["stooddown"] = WorkshopStatus.StoodDown,
    };

    private static readonly Dictionary<string, MeasureKind> Kinds = new()
    {
        ["process time"] = MeasureKind.ProcessTime,
        ["error count"] = MeasureKind.ErrorCount,
        ["error rate"] = MeasureKind.ErrorRate,
    };

    // The form's words for each role, its codes, and the short names people use.
    private static readonly Dictionary<string, string> TeamRoles = Codes.TeamRoles
        .SelectMany(r => new KeyValuePair<string, string>[] { new(r.Value, r.Key), new(r.Key.Replace('_', ' '), r.Key) })
        .Concat(new Dictionary<string, string>
        {
            ["in the process"] = "in_process", ["next to the process"] = "adjacent",
            ["patient/carer"] = "patient_carer", ["patient"] = "patient_carer", ["carer"] = "patient_carer",
        })
        .DistinctBy(r => ImportColumns.Normalise(r.Key))   // "Fresh eyes" is both the words and the code
        .ToDictionary(r => ImportColumns.Normalise(r.Key), r => r.Value);

    private static readonly Dictionary<string, TimeUnit> Units = new()
    {
        ["minutes"] = TimeUnit.Minutes, ["minute"] = TimeUnit.Minutes, ["mins"] = TimeUnit.Minutes, ["min"] = TimeUnit.Minutes,
        ["hours"] = TimeUnit.Hours, ["hour"] = TimeUnit.Hours, ["hrs"] = TimeUnit.Hours, ["hr"] = TimeUnit.Hours,
        ["days"] = TimeUnit.Days, ["day"] = TimeUnit.Days,
    };

    private static bool IsBlank(object? value) => value is null || value is string s && string.IsNullOrWhiteSpace(s);

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    // One row's cells, read by template column, with the problems found in them.
    private sealed partial class Cells(ParsedImport parsed, XlsxRow row)
    {
        private readonly HashSet<Col> failed = [];

        public int Row => row.Number;

        public ParsedImport Parsed => parsed;

        private object? Raw(Col c) => parsed.ColumnOf[(int)c] is var i and > 0 ? row[i] : null;

        // A number in a cell formatted as a percentage: Excel stores 5% as 0.05.
        private bool IsPercent(Col c) => parsed.ColumnOf[(int)c] is var i and > 0 && row.IsPercent(i);

        // The cell's value as the person sees it in Excel, for text columns and messages: 5% rather than 0.05.
        private string Shown(Col c) => IsPercent(c) && Raw(c) is double d ? PercentShown(d) : Display(Raw(c));

        public bool IsBlank(Col c) => ImportReader.IsBlank(Raw(c));

        public bool Failed(Col c) => failed.Contains(c);

        public void Problem(Col c, string reason)
        {
            failed.Add(c);
            parsed.Problems.Add(parsed.Problem(row.Number, c, reason));
        }

        // One message per cell: a rule is not reported where the cell itself could not be read.
        public void ProblemUnlessFailed(Col c, string reason)
        {
            if (!Failed(c)) Problem(c, reason);
        }

        public string? Text(Col c, int maxLength)
        {
            var value = Raw(c);
            if (value is XlsxErrorValue e) { Problem(c, ExcelError(e)); return null; }
            var text = (value is string s ? s : Shown(c)).Trim();
            if (text.Length == 0) return null;
            if (text.Length > maxLength)
            {
                Problem(c, $"This can be at most {maxLength:N0} characters long; it has {text.Length:N0}. Shorten it.");
                return null;
            }
            return text;
        }

        // One person a line: the name, then the role in brackets. Null when the cell is empty.
        public IReadOnlyList<TeamMember>? Team(Col c)
        {
            var text = Text(c, XlsxText.MaxCellLength);
            if (text is null) return null;
            var team = new List<TeamMember>();
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0) continue;
                var where = lines.Length == 1 ? $"\"{line}\"" : $"Line {i + 1}, \"{line}\",";
                const string how = "Put one person on each line (Alt+Enter starts a new line in a cell), with their role in brackets after the name, " +
                    "for example Jo Smith (Fresh eyes). The roles are: Works in the process, Works next to the process, Fresh eyes, Patient or carer.";
                if (TeamLine().Match(line) is not { Success: true } m)
                {
                    Problem(c, $"{where} has no role in brackets at the end. {how}");
                    return null;
                }
                var name = m.Groups["name"].Value.Trim();
                if (!TeamRoles.TryGetValue(ImportColumns.Normalise(m.Groups["role"].Value), out var role))
                {
                    Problem(c, $"{where} ends with \"({m.Groups["role"].Value.Trim()})\", which is not a role. {how}");
                    return null;
                }
                if (name.Length == 0)
                {
                    Problem(c, $"{where} has a role but no name. {how}");
                    return null;
                }
                if (name.Length > MaxName)
                {
                    Problem(c, $"{where} has a name of {name.Length:N0} characters; a name can be at most {MaxName} characters long. Shorten it.");
                    return null;
                }
                team.Add(new TeamMember(name, role));
            }
            return team.Count == 0 ? null : team;
        }

        public T? Choice<T>(Col c, Dictionary<string, T> choices, string allowed) where T : struct
        {
            var text = Text(c, MaxName);
            if (text is null) return null;
            var key = ImportColumns.Normalise(text.Replace('_', ' ').Replace('-', ' '));
            if (choices.TryGetValue(key, out var choice)) return choice;
            Problem(c, $"\"{text}\" is not allowed here. {allowed}.");
            return null;
        }

        public DateOnly? Date(Col c) => ImportCells.Date(Raw(c), reason => Problem(c, reason));

        public double? Number(Col c, bool percentAllowed = false)
        {
            var value = Raw(c);
            switch (value)
            {
                case null: return null;
                case double d when IsPercent(c):
                    // A percentage-formatted cell means the percentage it shows: 5% is 5, whatever Excel stores.
                    if (percentAllowed) return PercentOf(d);
                    Problem(c, $"{PercentShown(d)} is a percentage (the cell is formatted as a percentage), but only an error rate's Target is a percentage. " +
                        "Enter a plain number here, and format the cell as Number or General.");
                    return null;
                case double d: return d;
                case XlsxErrorValue e: Problem(c, ExcelError(e)); return null;
                case bool b: Problem(c, $"{(b ? "TRUE" : "FALSE")} is not a number. Enter a number, for example 2,500.5."); return null;
                case DateOnly or DateTime:
                    Problem(c, $"{Display(value)} is a date, not a number. Enter a number, for example 2,500.5, and check the cell is not formatted as a date.");
                    return null;
            }
            var text = ((string)value).Trim();
            if (text.Length == 0) return null;
            var digits = text;
            if (digits.EndsWith('%'))
            {
                if (!percentAllowed)
                {
                    Problem(c, $"\"{text}\" is a percentage, but only an error rate's Target is a percentage. Enter a plain number here.");
                    return null;
                }
                digits = digits[..^1].TrimEnd();
            }
            // The forms' reader: one rule for what a typed number means (Kaizen.Domain.Entry).
            var read = Entry.Number(digits);
            if (read.Problem is not null) Problem(c, read.Problem);
            return read.Value;
        }

        public int? WholeNumber(Col c, string rule)
        {
            var n = Number(c);
            if (n is not { } v) return null;
            if (v != Math.Floor(v) || Math.Abs(v) > 1_000_000)
            {
                Problem(c, $"{rule}; {v.ToString("#,0.###", EnGb)} was entered.");
                return null;
            }
            return (int)v;
        }

        // The percentage a stored fraction shows, moved two places in decimal so 0.07 gives 7, not 7.000000000000001.
        private static double PercentOf(double fraction) =>
            Math.Abs(fraction) < 1e20 ? (double)((decimal)fraction * 100) : fraction * 100;

        private static string PercentShown(double fraction) => PercentOf(fraction).ToString("#,0.##########", EnGb) + "%";

        private static string ExcelError(XlsxErrorValue e) => ImportCells.ExcelError(e);

        public static string Display(object? value) => value switch
        {
            null => "",
            string s => s,
            double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("dd/MM/yyyy", EnGb),
            DateTime d => d.ToString("dd/MM/yyyy HH:mm", EnGb),
            bool b => b ? "TRUE" : "FALSE",
            _ => value.ToString() ?? "",
        };

        // The role is the last bracketed part, so a name may have brackets of its own: Sam Lee (Ward 7) (Fresh eyes).
        [GeneratedRegex(@"^(?<name>.*?)\s*\((?<role>[^()]*)\)$")]
        private static partial Regex TeamLine();
    }
}
