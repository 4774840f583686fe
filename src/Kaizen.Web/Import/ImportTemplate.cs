using Kaizen.Web.Export;

namespace Kaizen.Web.Import;

// The workbook people download to fill in: the Workshops sheet (headers and one example row), a Read me sheet that
// explains every column, and the value streams they can import into, so names can be copied exactly. The export of
// workshops in this layout (ImportLayoutWorkbook) writes the same three sheets, so both come from here.
public static class ImportTemplate
{
    public const string FileName = "kaizen-import-template.xlsx";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record ValueStreamName(string TrustCode, string Name);

    public static void Write(Stream output, IReadOnlyList<ValueStreamName> valueStreams, string exampleTrustCode, DateOnly today)
    {
        var example = valueStreams.FirstOrDefault(v => v.TrustCode == exampleTrustCode)
            ?? new ValueStreamName(exampleTrustCode, "Your value stream's name");

        using var workbook = new XlsxWorkbook(output) { PrintHeading = new XlsxPrintHeading("Kaizen import template", null, today) };
        var sheet = AddWorkshopsSheet(workbook);
        sheet.WriteRow(Row(new()
        {
            [Col.Reference] = $"{example.TrustCode}-2024-01", [Col.TrustCode] = example.TrustCode, [Col.ValueStream] = example.Name,
            [Col.Title] = "Faster triage of GP referrals", [Col.StartDate] = new DateOnly(2024, 3, 4), [Col.LengthDays] = 5,
            [Col.PlanningStart] = new DateOnly(2024, 1, 15), [Col.Status] = "Completed",
            [Col.TeamLeader] = "A. Leader", [Col.Facilitator] = "B. Facilitator", [Col.ExecutiveSponsor] = "C. Sponsor", [Col.ProcessOwner] = "D. Owner",
            [Col.ProblemStatement] = "GP referrals wait days to be triaged by a consultant.",
            [Col.Measure] = "Referral to triage", [Col.Kind] = "Process time", [Col.Unit] = "hours",
            [Col.Baseline] = 72, [Col.Target] = 24, [Col.Result] = 20, [Col.Day30] = 22,
            [Col.ScopeFirstStep] = "Referral received", [Col.ScopeLastStep] = "Referral triaged",
            [Col.TeamMembers] = "E. Nurse (Works in the process)\nF. Clerk (Works next to the process)\nG. Analyst (Fresh eyes)",
            [Col.Definition] = "Hours from the referral arriving in the inbox to the consultant's triage decision.",
        }));
        AddReadMe(workbook, ("Example row",
            "The Workshops sheet has one example row, a completed workshop with one process-time measure. Replace it with your own rows."));
        AddValueStreams(workbook, valueStreams);
        // Headers only: an example row left in would add a measure to a real value stream.
        ValueStreamDataColumns.AddSheet(workbook, []);
    }

    internal static XlsxSheet AddWorkshopsSheet(XlsxWorkbook workbook) =>
        workbook.AddSheet(ImportColumns.Sheet, ImportColumns.All.Select(c => new XlsxColumn(c.Header, c.Format)).ToList());

    // A Workshops row from its cells by column, so no caller depends on where a column sits.
    internal static XlsxCell[] Row(Dictionary<Col, XlsxCell> cells)
    {
        var row = new XlsxCell[ImportColumns.All.Count];
        foreach (var (column, cell) in cells) row[(int)column] = cell;
        return row;
    }

    // aboutTheRows says what the Workshops sheet holds: the template's example, or the workshops exported.
    internal static void AddReadMe(XlsxWorkbook workbook, (string Topic, string Text) aboutTheRows)
    {
        var readMe = workbook.AddSheet(ImportColumns.ReadMeSheet,
            [new XlsxColumn("Column", width: 34), new XlsxColumn("Required", width: 24, wrap: true), new XlsxColumn("What to enter", width: 110, wrap: true)],
            new XlsxSheetOptions(FreezeHeader: true, AutoFilter: false));
        foreach (var column in ImportColumns.All)
            readMe.WriteRow(XlsxCell.BoldText(column.Header), column.Required, column.WhatToEnter);
        readMe.WriteRow();
        foreach (var (topic, text) in Notes.Append(aboutTheRows))
            readMe.WriteRow(XlsxCell.BoldText(topic), XlsxCell.Empty, text);
        readMe.WriteRow();
        readMe.WriteRow(XlsxCell.BoldText($"{ValueStreamDataColumns.Sheet} sheet"), "No",
            "Optional: each value stream's outcome measures over time, one row per point (a week's or a month's value). A measure is found by its " +
            "value stream and name and added when the value stream has none of that name; each point is added, or replaces the value Kaizen holds for " +
            "its week or month. Checked with the Workshops sheet: nothing is imported while either has a problem. A workbook without this sheet imports as before.");
        foreach (var column in ValueStreamDataColumns.All)
            readMe.WriteRow(XlsxCell.BoldText($"{ValueStreamDataColumns.Sheet}: {column.Header}"), column.Required, column.WhatToEnter);
    }

    internal static void AddValueStreams(XlsxWorkbook workbook, IReadOnlyList<ValueStreamName> valueStreams)
    {
        var streams = workbook.AddSheet("Value streams", [new XlsxColumn("Trust code"), new XlsxColumn("Value stream")]);
        foreach (var v in valueStreams) streams.WriteRow(v.TrustCode, v.Name);
    }

    private static readonly (string Topic, string Text)[] Notes =
    [
        ("One row per measure",
            "Each row of the Workshops sheet is one measure of one workshop. The workshop's own columns (Reference to Problem statement, and First step in scope " +
            "to Team members) are repeated, exactly the same, on every row of that workshop. A workshop with no measures yet has one row with the measure columns " +
            $"(Measure to 90-day window or opportunities, and Operational definition) empty. A workshop has at most {ImportColumns.MaxMeasuresPerWorkshop} measures. " +
            "Keep the header row as it is: every column up to 90-day window or opportunities must be there, even if empty."),
        ("Checked whole, then confirmed",
            "Kaizen checks the whole workbook before it writes anything, and lists every problem with its sheet, row and column. " +
            "Nothing is imported until there are none; then Kaizen shows what it will create and update, and writes it all at once when you confirm."),
        ("Importing again",
            "The Reference says which workshop a row belongs to. Importing a workbook again updates the workshops Kaizen already has with those references " +
            "instead of adding them twice; a workshop that is not in the workbook is left as it is. A workshop's measures become the workbook's: a measure " +
            "with the same name is updated, a new name is added, and a measure that is no longer in the workbook is removed."),
        ("Columns you may leave out",
            "First step in scope, Last step in scope, Report-out summary, Lessons, Team members and Operational definition were added to the template later. " +
            "A workbook without one of these columns still imports, and Kaizen keeps what it already has for it (so a workbook made from an older template " +
            "never clears them). When the column is there, the workbook's cells are what Kaizen stores, and an empty cell clears the value."),
        ("Dates", "Real Excel dates, or text as dd/mm/yyyy (14/03/2024) or yyyy-mm-dd (2024-03-14)."),
        ("Numbers", "Real numbers, or text with a full stop for decimals and commas only between thousands (2,500.5). No negative numbers."),
        ("Units", "Process time is typed in the row's Unit (minutes, hours or days; a day is 24 hours) and stored in minutes. Error counts are counts over a window of days. " +
            "Error rates are errors out of opportunities; only an error rate's Target is a percentage (5 means 5%)."),
        ("Who can import", "An improvement lead imports their own trust's workshops; an administrator imports any trust's. The Value streams sheet lists the value streams you can use."),
        ("File", $"Save as an Excel Workbook (.xlsx) of at most {ImportColumns.MaxFileBytes / (1024 * 1024)} MB, without a password."),
    ];
}
