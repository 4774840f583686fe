using Kaizen.Web.Export;

namespace Kaizen.Web.Import;

// The workbook people download to fill in: the Workshops sheet (headers and one example row), a Read me sheet that
// explains every column, and the value streams they can import into, so names can be copied exactly.
public static class ImportTemplate
{
    public const string FileName = "kaizen-import-template.xlsx";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record ValueStreamName(string TrustCode, string Name);

    public static void Write(Stream output, IReadOnlyList<ValueStreamName> valueStreams, string exampleTrustCode)
    {
        var example = valueStreams.FirstOrDefault(v => v.TrustCode == exampleTrustCode)
            ?? new ValueStreamName(exampleTrustCode, "Your value stream's name");

        using var workbook = new XlsxWorkbook(output);
        var sheet = workbook.AddSheet(ImportColumns.Sheet, ImportColumns.All.Select(c => new XlsxColumn(c.Header, c.Format)).ToList());
        sheet.WriteRow(new object?[]
        {
            $"{example.TrustCode}-2024-01", example.TrustCode, example.Name, "Faster triage of GP referrals",
            new DateOnly(2024, 3, 4), 5, new DateOnly(2024, 1, 15), "Completed", null,
            "A. Leader", "B. Facilitator", "C. Sponsor", "D. Owner", "GP referrals wait days to be triaged by a consultant.",
            "Referral to triage", "Process time", "hours", 72, null, 24, 20, null, 22, null, null, null, null, null,
        });

        var readMe = workbook.AddSheet(ImportColumns.ReadMeSheet,
            [new XlsxColumn("Column", width: 34), new XlsxColumn("Required", width: 24, wrap: true), new XlsxColumn("What to enter", width: 110, wrap: true)],
            new XlsxSheetOptions(FreezeHeader: true, AutoFilter: false));
        foreach (var column in ImportColumns.All)
            readMe.WriteRow(XlsxCell.BoldText(column.Header), column.Required, column.WhatToEnter);
        readMe.WriteRow();
        foreach (var (topic, text) in Notes)
            readMe.WriteRow(XlsxCell.BoldText(topic), XlsxCell.Empty, text);

        var streams = workbook.AddSheet("Value streams", [new XlsxColumn("Trust code"), new XlsxColumn("Value stream")]);
        foreach (var v in valueStreams) streams.WriteRow(v.TrustCode, v.Name);
    }

    private static readonly (string Topic, string Text)[] Notes =
    [
        ("One row per measure",
            "Each row of the Workshops sheet is one measure of one workshop. The workshop columns (Reference to Problem statement) are repeated, " +
            "exactly the same, on every row of that workshop. A workshop with no measures yet has one row with the measure columns (Measure to 90-day window or opportunities) empty. " +
            $"A workshop has at most {ImportColumns.MaxMeasuresPerWorkshop} measures. Keep the header row as it is: every column must be there, even if empty."),
        ("Checked whole, then confirmed",
            "Kaizen checks the whole workbook before it writes anything, and lists every problem with its sheet, row and column. " +
            "Nothing is imported until there are none; then Kaizen shows what it will create and update, and writes it all at once when you confirm."),
        ("Importing again",
            "The Reference says which workshop a row belongs to. Importing a workbook again updates the workshops Kaizen already has with those references " +
            "instead of adding them twice. A workshop's measures become the workbook's: a measure with the same name is updated (and keeps its operational " +
            "definition in Kaizen), a new name is added, and a measure that is no longer in the workbook is removed. Report-out summaries, lessons, scope " +
            "and team members entered in Kaizen are not in the workbook and are kept."),
        ("Dates", "Real Excel dates, or text as dd/mm/yyyy (14/03/2024) or yyyy-mm-dd (2024-03-14)."),
        ("Numbers", "Real numbers, or text with a full stop for decimals and commas only between thousands (2,500.5). No negative numbers."),
        ("Units", "Process time is typed in the row's Unit (minutes, hours or days; a day is 24 hours) and stored in minutes. Error counts are counts over a window of days. " +
            "Error rates are errors out of opportunities; only an error rate's Target is a percentage (5 means 5%)."),
        ("Who can import", "An improvement lead imports their own trust's workshops; an administrator imports any trust's. The Value streams sheet lists the value streams you can use."),
        ("Example row", "The Workshops sheet has one example row, a completed workshop with one process-time measure. Replace it with your own rows."),
        ("File", $"Save as an Excel Workbook (.xlsx) of at most {ImportColumns.MaxFileBytes / (1024 * 1024)} MB, without a password."),
    ];
}
