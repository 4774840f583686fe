using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Export;
using Kaizen.Web.Infrastructure;
using System.Data.Common;

namespace Kaizen.Web.Import;

// The import workbook's optional "Value stream data" sheet (issue 20): a value stream's outcome measures and their
// points over time, one row per point. A measure is matched by its value stream and name (capitals and spaces do not
// matter) and created when Kaizen has none of that name; each point is added, or replaces the value Kaizen holds for
// its week or month. A workbook without the sheet imports as before.
public enum DataCol { TrustCode, ValueStream, Measure, Unit, Better, Frequency, Target, Period, Value }

public sealed record DataColumn(DataCol Id, string Header, string Required, string WhatToEnter, XlsxFormat Format, bool Optional = false);

public static class ValueStreamDataColumns
{
    public const string Sheet = "Value stream data";

    public static readonly IReadOnlyList<DataColumn> All =
    [
        new(DataCol.TrustCode, "Trust code", "Yes", "The trust's short code, for example SASH, as on the Workshops sheet.", XlsxFormat.General),
        new(DataCol.ValueStream, "Value stream", "Yes", "The name of one of the trust's value streams, exactly as it is in Kaizen (capitals do not matter).", XlsxFormat.General),
        new(DataCol.Measure, "Measure", "Yes",
            "The outcome measure's name, for example Days from referral to first appointment. A name the value stream does not have yet adds the measure. " +
            "One row per point: repeat the measure's name (and its Unit, Better, Frequency and Target, or leave those empty after its first row).", XlsxFormat.General),
        new(DataCol.Unit, "Unit", "Yes, on the measure's first row", "What one point counts or times: days, patients, % seen within 4 hours.", XlsxFormat.General),
        new(DataCol.Better, "Better", "Yes, on the measure's first row", "Which direction is better: Lower, Higher or Neither.", XlsxFormat.General),
        new(DataCol.Frequency, "Frequency", "Yes, on the measure's first row",
            "Week or Month: one point a week (dated to its Monday) or a month (dated to its 1st). A measure Kaizen has keeps its frequency.", XlsxFormat.General),
        new(DataCol.Target, "Target", "No", "The measure's target, in its Unit. Leave empty for none, and for a measure whose Better is Neither.", XlsxFormat.General, Optional: true),
        new(DataCol.Period, "Period", "With a value",
            "Any date in the point's week or month: an Excel date, or text as dd/mm/yyyy. Kaizen dates a week's point to its Monday and a month's to its 1st. " +
            "One point per week or month; a period Kaizen already has a point for has its value replaced.", XlsxFormat.Date),
        new(DataCol.Value, "Value", "With a period",
            "The point's value, in the Unit: a real number, or text with a full stop for decimals and commas only between thousands (2,500.5). " +
            "Not below zero. A row with no Period and no Value adds the measure without points.", XlsxFormat.General),
    ];

    public static string Header(DataCol id) => All[(int)id].Header;

    private static readonly Dictionary<string, DataCol> ByHeader = All.ToDictionary(c => ImportColumns.Normalise(c.Header), c => c.Id);

    public static DataCol? Match(string header) => ByHeader.TryGetValue(ImportColumns.Normalise(header), out var id) ? id : null;

    internal static void AddSheet(XlsxWorkbook workbook, IEnumerable<ValueStreamDataRow> rows)
    {
        var sheet = workbook.AddSheet(Sheet, All.Select(c => new XlsxColumn(c.Header, c.Format)).ToList());
        foreach (var r in rows)
            sheet.WriteRow(r.TrustCode, r.ValueStream, r.Measure, r.Unit, Words(r.Better), r.Frequency == "week" ? "Week" : "Month",
                r.Target, XlsxCell.Date(r.PeriodStart is null ? null : Iso.ParseDate(r.PeriodStart)), r.Value);
    }

    private static string Words(string better) => better switch { "lower" => "Lower", "higher" => "Higher", _ => "Neither" };

    // Every outcome measure and its points, for the export in the import layout (trust null: every trust's).
    public static async Task<IReadOnlyList<ValueStreamDataRow>> LoadAsync(DbConnection connection, long? trust) =>
        (await connection.QueryAsync<ValueStreamDataRow>("""
            SELECT t.code AS TrustCode, v.name AS ValueStream, m.name AS Measure, m.unit, m.better, m.frequency, m.target,
                   p.period_start AS PeriodStart, p.value
            FROM value_stream_measures m
            JOIN value_streams v ON v.id = m.value_stream_id
            JOIN trusts t ON t.id = v.trust_id
            LEFT JOIN value_stream_measure_points p ON p.measure_id = m.id
            WHERE CAST(@trust AS bigint) IS NULL OR v.trust_id = @trust
            ORDER BY t.code, v.name, m.name, p.period_start
            """, new { trust })).ToList();
}

public sealed record ValueStreamDataRow
{
    public string TrustCode { get; init; } = "";
    public string ValueStream { get; init; } = "";
    public string Measure { get; init; } = "";
    public string Unit { get; init; } = "";
    public string Better { get; init; } = "";
    public string Frequency { get; init; } = "";
    public double? Target { get; init; }
    public string? PeriodStart { get; init; }
    public double? Value { get; init; }
}

// A measure as its rows give it: the measure's cells from its first row (later rows may repeat them or leave them
// empty), and its points dated to their periods' starts.
public sealed class MeasureDataIn
{
    public int FirstRow { get; init; }
    public string TrustCode { get; init; } = "";
    public string ValueStream { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Unit { get; set; }
    public string? Better { get; set; }
    public MeasureFrequency? Frequency { get; set; }
    public double? Target { get; set; }
    public List<(int Row, DateOnly PeriodStart, double Value)> Points { get; } = [];
}

public static class ValueStreamDataReader
{
    public const int MaxRows = ImportReader.MaxRows;

    public static string TooManyRows => $"The {ValueStreamDataColumns.Sheet} sheet has more than {MaxRows:N0} rows; Kaizen imports at most {MaxRows:N0} points from one workbook. " +
        "Nothing was imported. Split the points across two or more workbooks and import each.";

    // Reads the sheet into parsed.ValueStreamData, every problem into parsed.Problems. Returns a problem with the
    // whole file (too many rows), or null.
    public static string? Read(XlsxReader reader, ParsedImport parsed, DateOnly today)
    {
        var sheet = reader.SheetNames.FirstOrDefault(n => ImportColumns.Normalise(n) == ImportColumns.Normalise(ValueStreamDataColumns.Sheet));
        if (sheet is null) return null;   // optional: older workbooks have no such sheet
        parsed.DataSheet = sheet;
        using var rows = reader.ReadRows(sheet).GetEnumerator();
        if (!rows.MoveNext()) return null;

        var header = rows.Current;
        var columnOf = new int[ValueStreamDataColumns.All.Count];
        var known = new HashSet<int>();
        ImportProblem Problem(int? row, int column, string? name, string reason) =>
            new(sheet, row, name, column > 0 ? XlsxRef.ColumnLetters(column) : null, reason) { ColumnIndex = column > 0 ? column : int.MaxValue };
        foreach (var (column, value) in header.Cells.OrderBy(c => c.Key))
        {
            var text = value as string ?? value.ToString() ?? "";
            if (string.IsNullOrWhiteSpace(text)) continue;
            known.Add(column);
            if (ValueStreamDataColumns.Match(text) is not { } id)
                parsed.Problems.Add(Problem(header.Number, column, text.Trim(),
                    $"Kaizen does not know a column called \"{text.Trim()}\" on the {ValueStreamDataColumns.Sheet} sheet. Use the template's column headers (the Read me sheet lists them), or delete this column."));
            else if (columnOf[(int)id] is var first and > 0)
                parsed.Problems.Add(Problem(header.Number, column, ValueStreamDataColumns.Header(id),
                    $"The column \"{ValueStreamDataColumns.Header(id)}\" appears twice, in columns {XlsxRef.ColumnLetters(first)} and {XlsxRef.ColumnLetters(column)}. Keep one of them."));
            else columnOf[(int)id] = column;
        }
        var missing = false;
        foreach (var c in ValueStreamDataColumns.All.Where(c => !c.Optional && columnOf[(int)c.Id] == 0))
        {
            missing = true;
            parsed.Problems.Add(Problem(header.Number, 0, c.Header,
                $"The column \"{c.Header}\" is missing from the {ValueStreamDataColumns.Sheet} sheet. Every column of the template must be in its header row; rows are checked once the headers are right."));
        }
        parsed.DataColumnOf = columnOf;
        if (missing) return null;

        var measures = new Dictionary<string, (MeasureDataIn Measure, Dictionary<DateOnly, int> Periods)>(StringComparer.Ordinal);
        var read = 0;
        while (rows.MoveNext())
        {
            if (++read > MaxRows) return TooManyRows;
            var r = new DataCells(parsed, sheet, rows.Current, columnOf);
            if (ValueStreamDataColumns.All.All(c => r.IsBlank(c.Id))) continue;
            parsed.ValueStreamDataRows++;
            foreach (var column in rows.Current.Cells.Keys)
                if (!known.Contains(column) && !ImportReaderBlank(rows.Current[column]))
                {
                    known.Add(column);   // once per column
                    parsed.Problems.Add(Problem(rows.Current.Number, column, null,
                        $"Column {XlsxRef.ColumnLetters(column)} has values (from this row) but no header, so Kaizen cannot tell what they are. Give the column one of the template's headers, or delete it."));
                }
            ReadRow(r, measures, today);
        }
        parsed.ValueStreamData.AddRange(measures.Values.Select(m => m.Measure));
        return null;
    }

    private static bool ImportReaderBlank(object? value) => value is null || value is string s && string.IsNullOrWhiteSpace(s);

    private static readonly Dictionary<string, string> BetterWords = new()
    {
        ["lower"] = "lower", ["lower is better"] = "lower", ["higher"] = "higher", ["higher is better"] = "higher", ["neither"] = "neither",
    };

    private static readonly Dictionary<string, MeasureFrequency> FrequencyWords = new()
    {
        ["week"] = MeasureFrequency.Week, ["weekly"] = MeasureFrequency.Week, ["month"] = MeasureFrequency.Month, ["monthly"] = MeasureFrequency.Month,
    };

    private static void ReadRow(DataCells r, Dictionary<string, (MeasureDataIn Measure, Dictionary<DateOnly, int> Periods)> measures, DateOnly today)
    {
        var trust = r.Text(DataCol.TrustCode, ImportReader.MaxName);
        var stream = r.Text(DataCol.ValueStream, ImportReader.MaxName);
        var name = r.Text(DataCol.Measure, ValueStreamMeasures.NameLength);
        var unit = r.Text(DataCol.Unit, ValueStreamMeasures.UnitLength);
        var better = r.Choice(DataCol.Better, BetterWords, "Use Lower, Higher or Neither");
        var frequency = r.Choice(DataCol.Frequency, FrequencyWords, "Use Week or Month");
        var target = r.Number(DataCol.Target);
        var date = r.Date(DataCol.Period);
        var value = r.Number(DataCol.Value);
        if (trust is null) r.ProblemUnlessFailed(DataCol.TrustCode, "Enter the trust's code, for example SASH.");
        if (stream is null) r.ProblemUnlessFailed(DataCol.ValueStream, "Enter the name of the value stream the measure belongs to, as it is in Kaizen.");
        if (name is null) r.ProblemUnlessFailed(DataCol.Measure, "Enter the measure's name on every row of the measure.");
        if (trust is null || stream is null || name is null) return;

        var key = $"{ImportColumns.Normalise(trust)}|{ImportColumns.Normalise(stream)}|{ImportColumns.Normalise(name)}";
        if (!measures.TryGetValue(key, out var entry))
        {
            var m = new MeasureDataIn { FirstRow = r.Row, TrustCode = trust, ValueStream = stream, Name = name, Unit = unit, Better = better, Frequency = frequency, Target = target };
            entry = (m, []);
            measures.Add(key, entry);
            // The measure's own rules, as on its form. Below zero is checked against the measure Kaizen holds, later.
            var draft = new OutcomeMeasureDraft(name, unit, better, target, null, frequency is { } f ? ValueStreamMeasures.Code(f) : null, false, null);
            foreach (var v in ValueStreamMeasures.Validate(draft))
            {
                var column = v.Field switch
                {
                    "Name" => DataCol.Measure, "Unit" => DataCol.Unit, "Better" => DataCol.Better, "Target" => DataCol.Target, _ => DataCol.Frequency,
                };
                r.ProblemUnlessFailed(column, v.Message);
            }
        }
        else
        {
            var first = entry.Measure;
            void Same<T>(DataCol column, T? here, T? there, Func<T, string> show) where T : struct
            {
                if (here is { } h && there is { } t && !EqualityComparer<T>.Default.Equals(h, t))
                    r.ProblemUnlessFailed(column, $"This row gives {first.Name} the {ValueStreamDataColumns.Header(column)} {show(h)}, but row {first.FirstRow} gives it {show(t)}. " +
                        "Make them the same, or leave the cell empty on the measure's later rows.");
            }
            if (unit is not null && first.Unit is not null && ImportColumns.Normalise(unit) != ImportColumns.Normalise(first.Unit))
                r.ProblemUnlessFailed(DataCol.Unit, $"This row gives {first.Name} the Unit \"{unit}\", but row {first.FirstRow} gives it \"{first.Unit}\". " +
                    "Make them the same, or leave the cell empty on the measure's later rows.");
            if (better is not null && first.Better is not null && better != first.Better)
                r.ProblemUnlessFailed(DataCol.Better, $"This row gives {first.Name} the Better \"{better}\", but row {first.FirstRow} gives it \"{first.Better}\". " +
                    "Make them the same, or leave the cell empty on the measure's later rows.");
            Same(DataCol.Frequency, frequency, first.Frequency, f => f == MeasureFrequency.Week ? "Week" : "Month");
            Same(DataCol.Target, target, first.Target, t => t.ToString("#,0.###", ImportReader.EnGb));
        }

        var measure = entry.Measure;
        if (date is null && value is null)
        {
            if (r.IsBlank(DataCol.Period) && r.IsBlank(DataCol.Value)) return;   // the measure alone
            return;   // the cells that could not be read are already reported
        }
        if (date is null) { r.ProblemUnlessFailed(DataCol.Period, "Enter the date of this value's week or month, for example 04/03/2024."); return; }
        if (value is null) { r.ProblemUnlessFailed(DataCol.Value, "Enter the value for this period, or clear the Period too."); return; }
        if (measure.Frequency is not { } frequencyOfMeasure) return;   // reported on the measure's first row
        foreach (var v in ValueStreamMeasures.CheckPoint(frequencyOfMeasure, false, date, value, today))
            r.ProblemUnlessFailed(v.Field == "Period" ? DataCol.Period : DataCol.Value, v.Message);
        if (r.Failed(DataCol.Period) || r.Failed(DataCol.Value)) return;
        var start = ValueStreamMeasures.PeriodStart(frequencyOfMeasure, date.Value);
        if (entry.Periods.TryGetValue(start, out var earlier))
        {
            r.Problem(DataCol.Period, $"{ValueStreamMeasures.Lands(frequencyOfMeasure, date.Value)}, which row {earlier} already gives a value for {measure.Name}: " +
                $"a measure has one point a {(frequencyOfMeasure == MeasureFrequency.Week ? "week" : "month")}. Remove one of the rows.");
            return;
        }
        entry.Periods[start] = r.Row;
        measure.Points.Add((r.Row, start, value.Value));
    }

    // One row's cells by column, read as the Workshops sheet's are (Entry's en-GB rules for typed text).
    private sealed class DataCells(ParsedImport parsed, string sheet, XlsxRow row, int[] columnOf)
    {
        private readonly HashSet<DataCol> failed = [];

        public int Row => row.Number;

        private object? Raw(DataCol c) => columnOf[(int)c] is var i and > 0 ? row[i] : null;

        public bool IsBlank(DataCol c) => ImportReaderBlank(Raw(c));

        public bool Failed(DataCol c) => failed.Contains(c);

        public void Problem(DataCol c, string reason)
        {
            failed.Add(c);
            var index = columnOf[(int)c];
            parsed.Problems.Add(new ImportProblem(sheet, row.Number, ValueStreamDataColumns.Header(c), index > 0 ? XlsxRef.ColumnLetters(index) : null, reason)
                { ColumnIndex = index });
        }

        public void ProblemUnlessFailed(DataCol c, string reason)
        {
            if (!Failed(c)) Problem(c, reason);
        }

        public string? Text(DataCol c, int maxLength)
        {
            var value = Raw(c);
            if (value is XlsxErrorValue e) { Problem(c, ExcelError(e)); return null; }
            var text = (value switch
            {
                null => "",
                string s => s,
                double d => d.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture),
                DateOnly d => d.ToString("dd/MM/yyyy", ImportReader.EnGb),
                _ => value.ToString() ?? "",
            }).Trim();
            if (text.Length == 0) return null;
            if (text.Length > maxLength)
            {
                Problem(c, $"This can be at most {maxLength:N0} characters long; it has {text.Length:N0}. Shorten it.");
                return null;
            }
            return text;
        }

        public T? Choice<T>(DataCol c, Dictionary<string, T> choices, string allowed)
        {
            var text = Text(c, ImportReader.MaxName);
            if (text is null) return default;
            if (choices.TryGetValue(ImportColumns.Normalise(text), out var choice)) return choice;
            Problem(c, $"\"{text}\" is not allowed here. {allowed}.");
            return default;
        }

        public DateOnly? Date(DataCol c) => ImportCells.Date(Raw(c), reason => Problem(c, reason));

        public double? Number(DataCol c)
        {
            var value = Raw(c);
            var index = columnOf[(int)c];
            switch (value)
            {
                case null: return null;
                // A cell formatted as a percentage means the percentage it shows: 95% is 95, whatever Excel stores.
                case double d when index > 0 && row.IsPercent(index):
                    return Math.Abs(d) < 1e20 ? (double)((decimal)d * 100) : d * 100;
                case double d: return d;
                case XlsxErrorValue e: Problem(c, ExcelError(e)); return null;
                case bool b: Problem(c, $"{(b ? "TRUE" : "FALSE")} is not a number. Enter a number, for example 2,500.5."); return null;
                case DateOnly or DateTime:
                    Problem(c, "This is a date, not a number. Enter a number, for example 2,500.5, and check the cell is not formatted as a date.");
                    return null;
            }
            var text = ((string)value).Trim();
            if (text.Length == 0) return null;
            var read = Entry.Number(text);
            if (read.Problem is not null) Problem(c, read.Problem);
            return read.Value;
        }

        private static string ExcelError(XlsxErrorValue e) => ImportCells.ExcelError(e);
    }
}

// An outcome measure as Kaizen holds it, with its points by period start: what the sheet's rows are compared with.
public sealed record ExistingOutcomeMeasure
{
    public long Id { get; init; }
    public long ValueStreamId { get; init; }
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public string Better { get; init; } = "";
    public double? Target { get; init; }
    public string Frequency { get; init; } = "";
    public bool FloorAtZero { get; init; }
    public long Version { get; init; }
    public Dictionary<string, double> Points { get; } = new(StringComparer.Ordinal);

    public static async Task<Dictionary<(long, string), ExistingOutcomeMeasure>> LoadAsync(DbConnection connection, DbTransaction? transaction)
    {
        var measures = (await connection.QueryAsync<ExistingOutcomeMeasure>("""
            SELECT id, value_stream_id AS ValueStreamId, name, unit, better, target, frequency, floor_at_zero AS FloorAtZero, version
            FROM value_stream_measures
            """, transaction: transaction)).ToDictionary(m => m.Id);
        foreach (var (id, period, value) in await connection.QueryAsync<(long, string, double)>(
                     "SELECT measure_id, period_start, value FROM value_stream_measure_points", transaction: transaction))
            measures[id].Points[period] = value;
        var result = new Dictionary<(long, string), ExistingOutcomeMeasure>();
        foreach (var m in measures.Values) result.TryAdd((m.ValueStreamId, ImportColumns.Normalise(m.Name)), m);
        return result;
    }
}

// What confirming does to one measure: create it, or update its unit, direction or target, and which points it adds
// and replaces.
public sealed class PlannedMeasureData
{
    public required MeasureDataIn In { get; init; }
    public required long ValueStreamId { get; init; }
    public required string TrustCode { get; init; }
    public required string ValueStreamName { get; init; }
    public ExistingOutcomeMeasure? Existing { get; init; }
    public List<string> MeasureChanges { get; } = [];
    public List<(string Period, double Value)> Added { get; } = [];
    public List<(string Period, double Before, double After)> Replaced { get; } = [];
    public int UnchangedPoints { get; set; }

    public bool Changes => Existing is null || MeasureChanges.Count > 0 || Added.Count > 0 || Replaced.Count > 0;

    public string Better => In.Better ?? Existing?.Better ?? "neither";
    public string Unit => In.Unit ?? Existing?.Unit ?? "";
    public double? Target => In.Target ?? Existing?.Target;
}

public static class ValueStreamDataPlanner
{
    public static void Plan(ParsedImport parsed, ImportLookups lookups, Func<long, bool> canEditTrust, string? ownCode, ImportPlan plan)
    {
        foreach (var m in parsed.ValueStreamData)
        {
            ImportProblem Problem(int row, DataCol column, string reason) =>
                new(parsed.DataSheet, row, ValueStreamDataColumns.Header(column),
                    parsed.DataColumnOf[(int)column] is var index and > 0 ? XlsxRef.ColumnLetters(index) : null, reason) { ColumnIndex = parsed.DataColumnOf[(int)column] };
            if (!lookups.TrustsByCode.TryGetValue(m.TrustCode, out var trust))
            {
                plan.Problems.Add(Problem(m.FirstRow, DataCol.TrustCode, ownCode is not null
                    ? $"No trust has the code \"{m.TrustCode}\". Your trust's code is {ownCode}."
                    : $"No trust has the code \"{m.TrustCode}\". The trust codes are: {string.Join(", ", lookups.TrustsByCode.Values.Select(t => t.Code).Order(StringComparer.OrdinalIgnoreCase))}."));
                continue;
            }
            if (!canEditTrust(trust.Id))
            {
                plan.Problems.Add(Problem(m.FirstRow, DataCol.TrustCode, ownCode is null
                    ? $"You cannot import value stream data for {trust.Code}."
                    : $"You can import only {ownCode}'s value stream data; the measure {m.Name} is {trust.Code}'s. Remove its rows, or ask {trust.Code}'s improvement lead or an administrator to import it."));
                continue;
            }
            var streams = lookups.ValueStreamsByTrust.GetValueOrDefault(trust.Id) ?? [];
            var matches = streams.Where(s => ImportColumns.Normalise(s.Name) == ImportColumns.Normalise(m.ValueStream)).ToList();
            if (matches.Count != 1)
            {
                plan.Problems.Add(Problem(m.FirstRow, DataCol.ValueStream, matches.Count > 1
                    ? $"{trust.Code} has {matches.Count} value streams called \"{m.ValueStream}\", so Kaizen cannot tell which one is meant. Rename one of them in Kaizen first."
                    : streams.Count == 0
                        ? $"No value stream called \"{m.ValueStream}\" in {trust.Code}: {trust.Code} has no value streams yet. Add it under Value streams first."
                        : $"No value stream called \"{m.ValueStream}\" in {trust.Code}; the trust's value streams are: {string.Join(", ", streams.Select(s => s.Name))}."));
                continue;
            }
            var stream = matches[0];
            lookups.OutcomeMeasures.TryGetValue((stream.Id, ImportColumns.Normalise(m.Name)), out var existing);

            var problems = plan.Problems.Count;
            if (existing is null)
            {
                if (m.Unit is null) plan.Problems.Add(Problem(m.FirstRow, DataCol.Unit, $"{m.Name} is a new measure for {stream.Name}: enter its Unit on its first row."));
                if (m.Better is null) plan.Problems.Add(Problem(m.FirstRow, DataCol.Better, $"{m.Name} is a new measure for {stream.Name}: enter Lower, Higher or Neither on its first row."));
                if (m.Frequency is null) plan.Problems.Add(Problem(m.FirstRow, DataCol.Frequency, $"{m.Name} is a new measure for {stream.Name}: enter Week or Month on its first row."));
            }
            else if (m.Frequency is { } f && ValueStreamMeasures.Code(f) != existing.Frequency)
            {
                plan.Problems.Add(Problem(m.FirstRow, DataCol.Frequency,
                    $"{existing.Name} has a point a {existing.Frequency} in Kaizen; its frequency cannot change under its points. Use {(existing.Frequency == "week" ? "Week" : "Month")}, or give the measure a new name."));
            }
            // A new measure cannot go below zero, as on the form; one Kaizen holds keeps its own setting.
            var floor = existing?.FloorAtZero ?? true;
            if (floor && m.Target is < 0)
                plan.Problems.Add(Problem(m.FirstRow, DataCol.Target, $"{m.Name} cannot go below zero, so its target cannot either ({m.Target.Value.ToString("#,0.###", ImportReader.EnGb)} was entered)."));
            if (floor)
                foreach (var (row, _, value) in m.Points.Where(p => p.Value < 0))
                    plan.Problems.Add(Problem(row, DataCol.Value, $"{value.ToString("#,0.###", ImportReader.EnGb)} is below zero, and {m.Name} cannot go below zero."));
            if (plan.Problems.Count > problems || parsed.Problems.Count > 0) continue;

            var planned = new PlannedMeasureData { In = m, ValueStreamId = stream.Id, TrustCode = trust.Code, ValueStreamName = stream.Name, Existing = existing };
            if (existing is not null)
            {
                if (m.Unit is { } unit && unit != existing.Unit) planned.MeasureChanges.Add("unit");
                if (m.Better is { } better && better != existing.Better) planned.MeasureChanges.Add("better");
                if (m.Target is { } target && target != existing.Target) planned.MeasureChanges.Add("target");
            }
            foreach (var (_, start, value) in m.Points)
            {
                var period = Iso.Date(start);
                if (existing?.Points.TryGetValue(period, out var before) != true) planned.Added.Add((period, value));
                else if (before != value) planned.Replaced.Add((period, before, value));
                else planned.UnchangedPoints++;
            }
            plan.MeasureData.Add(planned);
        }
    }
}

public static class ValueStreamDataWriter
{
    public sealed record Written(int MeasuresCreated, int MeasuresUpdated, int PointsAdded, int PointsReplaced);

    public static async Task<Written> WriteAsync(AuditedTransaction tx, ImportPlan plan, string fileName)
    {
        int created = 0, updated = 0, added = 0, replaced = 0;
        foreach (var p in plan.MeasureData.Where(p => p.Changes))
        {
            long id;
            if (p.Existing is not { } existing)
            {
                var row = new
                {
                    value_stream_id = p.ValueStreamId, name = p.In.Name, unit = p.Unit, better = p.Better, target = p.Target,
                    frequency = ValueStreamMeasures.Code(p.In.Frequency!.Value),
                };
                id = await tx.ExecuteScalarAsync<long>("""
                    INSERT INTO value_stream_measures (value_stream_id, name, unit, better, target, frequency, created_at)
                    VALUES (@value_stream_id, @name, @unit, @better, @target, @frequency, @now)
                    RETURNING id
                    """, new DynamicParameters(row).Also(d => d.Add("now", tx.Now)));
                created++;
            }
            else
            {
                id = existing.Id;
                if (p.MeasureChanges.Count > 0)
                {
                    if (await tx.ExecuteAsync("""
                            UPDATE value_stream_measures SET unit = @unit, better = @better, target = @target, version = version + 1
                            WHERE id = @id AND version = @version
                            """, new { unit = p.Unit, better = p.Better, target = p.Target, id, version = existing.Version }) != 1)
                        throw new ImportConflictException(
                            $"The measure {existing.Name} was changed by someone else while the workbook was being imported, so nothing was imported. Upload the workbook again to check it against the latest data.");
                    updated++;
                }
            }
            foreach (var (period, value) in p.Added.Concat(p.Replaced.Select(r => (r.Period, r.After))))
                await tx.ExecuteAsync("""
                    INSERT INTO value_stream_measure_points (measure_id, period_start, value) VALUES (@id, @period, @value)
                    ON CONFLICT (measure_id, period_start) DO UPDATE SET value = excluded.value
                    """, new { id, period, value });
            added += p.Added.Count;
            replaced += p.Replaced.Count;
            await tx.RecordAsync("value_stream_measure", id, p.Existing is null ? "create" : "import",
                p.Existing is null ? null : new { unit = p.Existing.Unit, better = p.Existing.Better, target = p.Existing.Target },
                new
                {
                    source = "import", file = fileName, value_stream_id = p.ValueStreamId, name = p.In.Name, unit = p.Unit, better = p.Better, target = p.Target,
                    changes = p.MeasureChanges,
                    added = p.Added.Select(a => new { period_start = a.Period, value = a.Value }),
                    replaced = p.Replaced.Select(r => new { period_start = r.Period, before = r.Before, after = r.After }),
                });
        }
        return new Written(created, updated, added, replaced);
    }
}
