using Kaizen.Domain;

namespace Kaizen.Web.Import;

// One thing wrong with the uploaded workbook: where (sheet, row, column header and letter) and why, in plain words.
// Column is null for a problem with a whole row; Row is null for a problem with the whole sheet.
public sealed record ImportProblem(string Sheet, int? Row, string? Column, string? ColumnLetter, string Reason)
{
    internal int ColumnIndex { get; init; }

    public string Where => Column is null ? "" : ColumnLetter is null ? Column : $"{Column} ({ColumnLetter})";
}

// One of a workshop's team as stored: role is the database's code (in_process, adjacent, fresh_eyes, patient_carer).
public sealed record TeamMember(string Name, string Role);

// A measure as read from one row, in stored units: process time in minutes; error rate target as a rate 0..1.
public sealed class MeasureIn
{
    public int Row { get; init; }
    public string Name { get; init; } = "";
    public string? Definition { get; init; }
    public MeasureKind Kind { get; init; }
    public TimeUnit? Unit { get; init; }
    public double? Baseline { get; init; }
    public double? BaselineDen { get; init; }
    public double? Target { get; init; }
    public double? Result { get; init; }
    public double? ResultDen { get; init; }
    public double? Day30 { get; init; }
    public double? Day30Den { get; init; }
    public double? Day60 { get; init; }
    public double? Day60Den { get; init; }
    public double? Day90 { get; init; }
    public double? Day90Den { get; init; }
}

// A workshop as read from its rows: the workshop cells of its first row (later rows must agree), and its measures.
// Fields a row could not read are null; the problem list says why.
public sealed class WorkshopIn
{
    public string Reference { get; init; } = "";
    public int FirstRow { get; init; }
    public string? TrustCode { get; set; }
    public string? ValueStream { get; set; }
    public string? Title { get; set; }
    public DateOnly? StartDate { get; set; }
    public int? LengthDays { get; set; }
    public DateOnly? PlanningStart { get; set; }
    public WorkshopStatus? Status { get; set; }
    public string? StatusReason { get; set; }
    public string? TeamLeader { get; set; }
    public string? Facilitator { get; set; }
    public string? ExecutiveSponsor { get; set; }
    public string? ProcessOwner { get; set; }
    public string? ProblemStatement { get; set; }
    public string? ScopeFirstStep { get; set; }
    public string? ScopeLastStep { get; set; }
    public string? ReportOutSummary { get; set; }
    public string? Lessons { get; set; }
    public IReadOnlyList<TeamMember> Team { get; set; } = [];
    public List<MeasureIn> Measures { get; } = [];
    public List<int> Rows { get; } = [];

    public DateOnly? ReportOut => StartDate is { } s && LengthDays is { } l ? WorkshopRules.ReportOutDate(s, l) : null;
}

// What reading the file found. FileProblem is set when the file as a whole cannot be used (not a workbook, no
// Workshops sheet, no rows); otherwise Problems lists every bad cell, and Workshops is only usable when it is empty.
public sealed class ParsedImport
{
    public string? FileProblem { get; init; }
    public string Sheet { get; init; } = ImportColumns.Sheet;
    public int HeaderRow { get; init; }
    public List<ImportProblem> Problems { get; } = [];
    public List<WorkshopIn> Workshops { get; } = [];
    public int DataRows { get; set; }
    internal int[] ColumnOf { get; init; } = new int[ImportColumns.All.Count];

    public static ParsedImport Fails(string message) => new() { FileProblem = message };

    // Whether the workbook has the column at all; an optional column that is left out keeps what Kaizen holds.
    public bool Has(Col column) => ColumnOf[(int)column] > 0;

    public ImportProblem Problem(int? row, Col? column, string reason)
    {
        int index = column is { } c ? ColumnOf[(int)c] : 0;
        return new ImportProblem(Sheet, row, column is { } h ? ImportColumns.Header(h) : null,
            index > 0 ? Export.XlsxRef.ColumnLetters(index) : null, reason) { ColumnIndex = index };
    }
}
