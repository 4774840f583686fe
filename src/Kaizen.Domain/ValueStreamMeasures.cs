namespace Kaizen.Domain;

// How often a value stream's outcome measure has a point: one a week (dated to its Monday) or one a month (dated to
// its 1st).
public enum MeasureFrequency { Week, Month }

// A value stream's outcome measure as typed on its form or read from the import's "Value stream data" sheet.
// Better and Frequency are the stored codes (lower/higher/neither, week/month).
public sealed record OutcomeMeasureDraft(
    string? Name,
    string? Unit,
    string? Better,
    double? Target,
    string? OperationalDefinition,
    string? Frequency,
    bool FloorAtZero,
    int? BaselinePoints);

// A point read from pasted lines: the line it came from, the date as typed and the period it lands in.
public sealed record PastedPoint(int Line, DateOnly Entered, DateOnly PeriodStart, double Value);

public sealed record PasteProblem(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"Line {Line}: {Message}" : Message;
}

public sealed record PasteResult(IReadOnlyList<PastedPoint> Points, IReadOnlyList<PasteProblem> Problems, bool HadHeader)
{
    public bool Ok => Problems.Count == 0 && Points.Count > 0;
}

// The rules for a value stream's outcome measures (issue 20) and their points. Pure: the pages and the import call
// these, so a point typed, pasted or imported is held to the same rules and told in the same words.
public static class ValueStreamMeasures
{
    public const int NameLength = 200;
    public const int UnitLength = 100;
    public const int DefinitionLength = 4000;

    // More lines than ten years of weeks is not a paste of one measure's history; refused before any is read.
    public const int MaxPastedLines = 1000;

    // Dates before this are typing slips (0001-01-01, 1924 for 2024), not a value stream's history.
    public static readonly DateOnly Earliest = new(1990, 1, 1);

    public static readonly IReadOnlyDictionary<string, string> BetterChoices = new Dictionary<string, string>
    {
        ["lower"] = "Lower is better",
        ["higher"] = "Higher is better",
        ["neither"] = "Neither (no better direction)",
    };

    public static readonly IReadOnlyDictionary<string, string> FrequencyChoices = new Dictionary<string, string>
    {
        ["week"] = "Weekly (one point a week, dated to its Monday)",
        ["month"] = "Monthly (one point a month, dated to its 1st)",
    };

    public static Better? ReadBetter(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "lower" => Better.Lower,
        "higher" => Better.Higher,
        "neither" => Better.Neither,
        _ => null,
    };

    public static MeasureFrequency? ReadFrequency(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "week" or "weekly" => MeasureFrequency.Week,
        "month" or "monthly" => MeasureFrequency.Month,
        _ => null,
    };

    public static string Code(MeasureFrequency frequency) => frequency == MeasureFrequency.Week ? "week" : "month";

    public static IReadOnlyList<RuleViolation> Validate(OutcomeMeasureDraft d)
    {
        var v = new Violations();
        if (string.IsNullOrWhiteSpace(d.Name)) v.Add("Name", "Enter the measure's name, for example \"Time from referral to first appointment\".");
        else if (d.Name.Trim().Length > NameLength) v.Add("Name", $"Use at most {NameLength} characters for the name.");
        if (string.IsNullOrWhiteSpace(d.Unit)) v.Add("Unit", "Enter what one point counts or times, for example \"days\" or \"patients\".");
        else if (d.Unit.Trim().Length > UnitLength) v.Add("Unit", $"Use at most {UnitLength} characters for the unit.");
        if (ReadBetter(d.Better) is null) v.Add("Better", "Choose whether lower or higher is better, or neither.");
        if (d.Target is { } t)
        {
            if (!double.IsFinite(t)) v.Add("Target", $"The target must be an ordinary number; {t.ToString(Formats.EnGb)} was entered.");
            else if (d.FloorAtZero && t < 0)
                v.Add("Target", $"This measure cannot go below zero, so its target cannot either ({Formats.Number(t)} was entered).");
            else if (ReadBetter(d.Better) == Better.Neither)
                v.Add("Target", "A measure with no better direction has no target: choose lower or higher is better, or leave the target empty.");
        }
        if (d.OperationalDefinition is { } def && def.Trim().Length > DefinitionLength)
            v.Add("OperationalDefinition", $"Use at most {DefinitionLength:#,0} characters for the operational definition.");
        if (d.Frequency is not ("week" or "month")) v.Add("Frequency", "Choose weekly or monthly.");
        if (d.BaselinePoints is { } n && n < 2)
            v.Add("BaselinePoints", $"Limits need at least 2 points to be worked out; {n} was entered. Leave it empty to use every point.");
        return v.ToList("Name", "Unit", "Better", "Target", "OperationalDefinition", "Frequency", "BaselinePoints");
    }

    // The start of the period a date lands in: the Monday of its week, or the 1st of its month.
    public static DateOnly PeriodStart(MeasureFrequency frequency, DateOnly date)
    {
        if (frequency == MeasureFrequency.Month) return new DateOnly(date.Year, date.Month, 1);
        var back = ((int)date.DayOfWeek + 6) % 7; // Monday 0 … Sunday 6
        return date.DayNumber < back ? date : date.AddDays(-back);
    }

    // The day after the period a point covers: the next Monday, or the 1st of the next month.
    public static DateOnly PeriodEnd(MeasureFrequency frequency, DateOnly start) =>
        frequency == MeasureFrequency.Week ? start.AddDays(7) : start.AddMonths(1);

    // A period as a chart's table names it: "week of 04/03/2024" or "March 2024".
    public static string PeriodLabel(MeasureFrequency frequency, DateOnly start) =>
        frequency == MeasureFrequency.Week ? "week of " + Formats.Date(start) : start.ToString("MMMM yyyy", Formats.EnGb);

    // "the week beginning 04/03/2024" or "March 2024".
    public static string PeriodName(MeasureFrequency frequency, DateOnly start) => frequency == MeasureFrequency.Week
        ? $"the week beginning {Formats.Date(start)}"
        : start.ToString("MMMM yyyy", Formats.EnGb);

    // What the form says after a date is read: "04/03/2024 is in the week beginning 04/03/2024".
    public static string Lands(MeasureFrequency frequency, DateOnly date) =>
        $"{Formats.Date(date)} is in {PeriodName(frequency, PeriodStart(frequency, date))}";

    // One point's date and value, as typed on the form (or a pasted line): null when both are acceptable.
    // The date must be a period that has begun by today; the value below zero only where the measure can go there.
    public static IReadOnlyList<RuleViolation> CheckPoint(MeasureFrequency frequency, bool floorAtZero, DateOnly? date, double? value, DateOnly today)
    {
        var v = new Violations();
        if (date is not { } d) v.Add("Period", "Enter the date of the point (any day in its " + (frequency == MeasureFrequency.Week ? "week" : "month") + "), as dd/mm/yyyy.");
        else if (DateProblem(frequency, d, today) is { } problem) v.Add("Period", problem);
        if (value is not { } x) v.Add("Value", "Enter the value for the period.");
        else if (ValueProblem(floorAtZero, x) is { } problem) v.Add("Value", problem);
        return v.ToList("Period", "Value");
    }

    static string? DateProblem(MeasureFrequency frequency, DateOnly date, DateOnly today)
    {
        if (date < Earliest)
            return $"{Formats.Date(date)} is before {Formats.Date(Earliest)}: check the year.";
        if (PeriodStart(frequency, date) > today)
            return $"{Formats.Date(date)} is in {PeriodName(frequency, PeriodStart(frequency, date))}, which has not begun yet: a point is entered once its period has begun.";
        return null;
    }

    static string? ValueProblem(bool floorAtZero, double value)
    {
        if (!double.IsFinite(value)) return $"The value must be an ordinary number; {value.ToString(Formats.EnGb)} was entered.";
        if (floorAtZero && value < 0) return $"{Formats.Number(value)} is below zero, and this measure cannot go below zero.";
        return null;
    }

    // Two columns copied from Excel: the date (dd/mm/yyyy) and the value, separated by a tab, one point a line. A
    // first line that is neither a date nor a number is a header and is passed over. Every line is checked, and
    // every problem is reported with its line number, so the whole paste can be put right in one go.
    public static PasteResult ReadPaste(string? text, MeasureFrequency frequency, bool floorAtZero, DateOnly today)
    {
        var points = new List<PastedPoint>();
        var problems = new List<PasteProblem>();
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var header = false;
        if (lines.Length > MaxPastedLines + 1)
            return new([], [new PasteProblem(0, $"{lines.Length:#,0} lines were pasted; paste at most {MaxPastedLines:#,0} at a time.")], false);

        var seen = new Dictionary<DateOnly, int>();
        var firstFilled = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = i + 1;
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            // Excel adds empty cells at the end when more columns were copied; they are not a third column.
            var cells = lines[i].Split('\t').Select(c => c.Trim()).ToList();
            while (cells.Count > 2 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
            var isFirst = firstFilled;
            firstFilled = false;

            var dateRead = Entry.Date(cells[0]);
            var valueRead = cells.Count > 1 ? Entry.Number(cells[1]) : default;
            if (isFirst && !dateRead.Ok && !LooksLikeADate(cells[0]) && (cells.Count < 2 || !valueRead.Ok))
            {
                header = true;
                continue;
            }
            if (cells.Count == 1)
            {
                problems.Add(new(line, $"\"{Short(cells[0])}\" is one column: paste two columns from Excel, the date then the value, side by side."));
                continue;
            }
            if (cells.Count > 2)
            {
                problems.Add(new(line, $"This line has {cells.Count} columns: paste two, the date then the value."));
                continue;
            }

            var said = new List<string>();
            DateOnly? start = null;
            if (cells[0].Length == 0) said.Add("the date is empty; enter it as dd/mm/yyyy.");
            else if (!dateRead.Ok) said.Add(dateRead.Problem!);
            else if (DateProblem(frequency, dateRead.Value!.Value, today) is { } dateProblem) said.Add(dateProblem);
            else start = PeriodStart(frequency, dateRead.Value!.Value);

            if (start is { } s && seen.TryGetValue(s, out var earlier))
                said.Add($"{Formats.Date(dateRead.Value!.Value)} is in {PeriodName(frequency, s)}, like line {earlier}: a measure has one point a {(frequency == MeasureFrequency.Week ? "week" : "month")}.");
            else if (start is { } s2) seen[s2] = line;

            if (cells[1].Length == 0) said.Add("the value is empty; enter a number, or leave the line out.");
            else if (!valueRead.Ok) said.Add(valueRead.Problem!);
            else if (ValueProblem(floorAtZero, valueRead.Value!.Value) is { } valueProblem) said.Add(valueProblem);

            if (said.Count > 0) problems.Add(new(line, string.Join(" ", said.Select(Capital))));
            else points.Add(new PastedPoint(line, dateRead.Value!.Value, start!.Value, valueRead.Value!.Value));
        }

        if (points.Count == 0 && problems.Count == 0)
            problems.Add(new(0, "Nothing was pasted: copy two columns from Excel, the dates and the values, and paste them here."));
        return new(points, problems, header);
    }

    // "31/02/2024" is a date with a slip in it, not a header: its problem should be reported.
    static bool LooksLikeADate(string cell) => cell.Any(char.IsAsciiDigit);

    static string Short(string text) => text.Length > 30 ? text[..30] + "…" : text;

    static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
