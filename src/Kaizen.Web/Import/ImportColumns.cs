using System.Text;
using Kaizen.Web.Export;

namespace Kaizen.Web.Import;

// The columns of the import workbook's Workshops sheet, in template order.
public enum Col
{
    Reference, TrustCode, ValueStream, Title, StartDate, LengthDays, PlanningStart, Status, StatusReason,
    TeamLeader, Facilitator, ExecutiveSponsor, ProcessOwner, ProblemStatement,
    Measure, Kind, Unit, Baseline, BaselineDen, Target, Result, ResultDen,
    Day30, Day30Den, Day60, Day60Den, Day90, Day90Den,
    // Added after the first 28, so workbooks made from the earlier template still import: see ImportColumn.Optional.
    ScopeFirstStep, ScopeLastStep, ReportOutSummary, Lessons, TeamMembers, Definition,
    Day30NotMeasured, Day60NotMeasured, Day90NotMeasured,
}

// Optional: the header itself may be left out of a workbook, and importing then keeps what Kaizen holds for it.
// When the header is there, its cells are the workbook's word like any other column's, so an empty cell clears.
public sealed record ImportColumn(Col Id, string Header, bool IsWorkshop, string Required, string WhatToEnter, XlsxFormat Format, bool Optional = false);

public static class ImportColumns
{
    public const string Sheet = "Workshops";
    public const string ReadMeSheet = "Read me";
    public const int MaxMeasuresPerWorkshop = 6;
    public const long MaxFileBytes = 10 * 1024 * 1024;
    // The multipart wrapping around the file: boundaries, headers and the antiforgery token.
    public const long MaxRequestBytes = MaxFileBytes + 64 * 1024;

    private const string WindowOrOpportunities =
        "Error count: the number of days over which the errors were counted. Error rate: the number of opportunities " +
        "(times an error could have happened). Process time: leave empty.";

    public static readonly IReadOnlyList<ImportColumn> All =
    [
        new(Col.Reference, "Reference", true, "Yes",
            "The workshop's own reference, unique across the programme, for example SASH-2024-03. Repeat it on every row of the workshop. " +
            "Importing a workbook again updates the workshops with these references instead of adding them twice, so keep each workshop's reference the same.", XlsxFormat.General),
        new(Col.TrustCode, "Trust code", true, "Yes", "The trust's short code, for example SASH. An improvement lead can import only their own trust's workshops.", XlsxFormat.General),
        new(Col.ValueStream, "Value stream", true, "Yes", "The name of one of the trust's value streams, exactly as it is in Kaizen (capitals do not matter). Add the value stream in Kaizen first.", XlsxFormat.General),
        new(Col.Title, "Title", true, "Yes", "The workshop's title. At most 200 characters.", XlsxFormat.General),
        new(Col.StartDate, "Start date", true, "Yes", "The first day of the workshop: an Excel date, or text as dd/mm/yyyy (14/03/2024) or yyyy-mm-dd (2024-03-14).", XlsxFormat.Date),
        new(Col.LengthDays, "Length (days)", true, "Yes", "How many days the workshop lasts: 3, 4 or 5. The report-out is on the last day.", XlsxFormat.Integer),
        new(Col.PlanningStart, "Planning start", true, "No", "When planning started, before the start date. A date, as for Start date.", XlsxFormat.Date),
        new(Col.Status, "Status", true, "Yes", "Planned, Completed, Cancelled or Stood down. Completed needs the report-out date to have passed and at least one measure with a Result.", XlsxFormat.General),
        new(Col.StatusReason, "Status reason", true, "For Cancelled and Stood down", "Why the workshop was cancelled or stood down. At most 1,000 characters.", XlsxFormat.General),
        new(Col.TeamLeader, "Team leader", true, "No", "Name of the team leader. At most 200 characters.", XlsxFormat.General),
        new(Col.Facilitator, "Facilitator", true, "No", "Name of the facilitator. At most 200 characters.", XlsxFormat.General),
        new(Col.ExecutiveSponsor, "Executive sponsor", true, "No", "Name of the executive sponsor. At most 200 characters.", XlsxFormat.General),
        new(Col.ProcessOwner, "Process owner", true, "No", "Name of the process owner. At most 200 characters.", XlsxFormat.General),
        new(Col.ProblemStatement, "Problem statement", true, "No", "What problem the workshop tackles. At most 4,000 characters.", XlsxFormat.General),
        new(Col.Measure, "Measure", false, "Yes, unless the workshop has no measures yet",
            $"The measure's name, for example Referral to first assessment. One row per measure; at most {MaxMeasuresPerWorkshop} measures per workshop, each name once. " +
            "A workshop with no measures yet has one row with all the measure columns empty.", XlsxFormat.General),
        new(Col.Kind, "Kind", false, "Yes, with a measure", "Process time, Error count or Error rate. For all three, lower is better.", XlsxFormat.General),
        new(Col.Unit, "Unit", false, "For Process time", "For Process time: minutes, hours or days (a day is 24 hours); every time on the row is in this unit. Kaizen stores minutes. Leave empty for Error count and Error rate.", XlsxFormat.General),
        new(Col.Baseline, "Baseline", false, "Yes, with a measure", "Measured before the workshop, above zero. Process time: the time, in the Unit. Error count: the number of errors counted. Error rate: the number of errors.", XlsxFormat.General),
        new(Col.BaselineDen, "Baseline window or opportunities", false, "For Error count and Error rate", WindowOrOpportunities, XlsxFormat.General),
        new(Col.Target, "Target", false, "No",
            "Below the baseline, because lower is better. Process time: the time, in the Unit. Error count: errors over the baseline's window. " +
            "Error rate: a PERCENTAGE, so 5 means 5% (type 5, 5%, or a cell formatted as a percentage showing 5%: all three mean 5%).", XlsxFormat.General),
        new(Col.Result, "Result", false, "No", "Measured at the report-out, in the same way as the Baseline. Only once the report-out date has passed.", XlsxFormat.General),
        new(Col.ResultDen, "Result window or opportunities", false, "With an Error count or Error rate result", WindowOrOpportunities, XlsxFormat.General),
        new(Col.Day30, "30-day", false, "No", "Measured 30 days after the report-out, in the same way as the Baseline.", XlsxFormat.General),
        new(Col.Day30Den, "30-day window or opportunities", false, "With an Error count or Error rate 30-day value", WindowOrOpportunities, XlsxFormat.General),
        new(Col.Day60, "60-day", false, "No", "Measured 60 days after the report-out, in the same way as the Baseline.", XlsxFormat.General),
        new(Col.Day60Den, "60-day window or opportunities", false, "With an Error count or Error rate 60-day value", WindowOrOpportunities, XlsxFormat.General),
        new(Col.Day90, "90-day", false, "No", "Measured 90 days after the report-out, in the same way as the Baseline.", XlsxFormat.General),
        new(Col.Day90Den, "90-day window or opportunities", false, "With an Error count or Error rate 90-day value", WindowOrOpportunities, XlsxFormat.General),
        new(Col.ScopeFirstStep, "First step in scope", true, "No", $"The first step of the process the workshop covers. At most {ImportReader.MaxScope:N0} characters. " + KeptIfLeftOut, XlsxFormat.General, Optional: true),
        new(Col.ScopeLastStep, "Last step in scope", true, "No", $"The last step of the process the workshop covers. At most {ImportReader.MaxScope:N0} characters. " + KeptIfLeftOut, XlsxFormat.General, Optional: true),
        new(Col.ReportOutSummary, "Report-out summary", true, "No", $"What the team reported at the report-out. At most {ImportReader.MaxLongText:N0} characters. " + KeptIfLeftOut, XlsxFormat.General, Optional: true),
        new(Col.Lessons, "Lessons", true, "No", $"What the team learnt. At most {ImportReader.MaxLongText:N0} characters. " + KeptIfLeftOut, XlsxFormat.General, Optional: true),
        new(Col.TeamMembers, "Team members", true, "No",
            "The workshop's team, one person per line (Alt+Enter starts a new line in a cell), each name followed by their role in brackets: " +
            "Jo Smith (Works in the process), Sam Patel (Fresh eyes). The roles are: Works in the process, Works next to the process, Fresh eyes, " +
            $"Patient or carer. At most {ImportReader.MaxName} characters for a name. " + KeptIfLeftOut, XlsxFormat.General, Optional: true),
        new(Col.Definition, "Operational definition", false, "No",
            $"Exactly what the measure counts or times, from which event to which. At most {ImportReader.MaxDefinition:N0} characters. " + KeptIfLeftOut, XlsxFormat.General, Optional: true),
        NotMeasured(Col.Day30NotMeasured, 30),
        NotMeasured(Col.Day60NotMeasured, 60),
        NotMeasured(Col.Day90NotMeasured, 90),
    ];

    // A follow-up closed as "won't be measured" travels with its reason, so an exported workbook imported again keeps it.
    private static ImportColumn NotMeasured(Col id, int days) => new(id, $"{days}-day won't be measured", false, "No",
        $"To close the {days}-day follow-up as won't be measured, say why (at most {ImportReader.MaxNotMeasuredReason:N0} characters) and leave the " +
        $"{days}-day value empty. A closed follow-up is no longer overdue and counts as not sustained. An empty cell leaves the follow-up open. " + KeptIfLeftOut,
        XlsxFormat.General, Optional: true);

    private const string KeptIfLeftOut =
        "You may delete this whole column: importing then keeps what Kaizen already has. If the column is there, an empty cell clears it.";

    public static ImportColumn Of(Col id) => All[(int)id];

    public static string Header(Col id) => All[(int)id].Header;

    // Headers match ignoring case and any run of spaces (including non-breaking ones and line breaks).
    public static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0') { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static readonly Dictionary<string, Col> ByHeader = All.ToDictionary(c => Normalise(c.Header), c => c.Id);

    public static Col? Match(string header) => ByHeader.TryGetValue(Normalise(header), out var id) ? id : null;
}
