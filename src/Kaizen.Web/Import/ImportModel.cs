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
    // The reasons for follow-ups closed as "won't be measured"; null = open.
    public string? Day30NotMeasured { get; init; }
    public string? Day60NotMeasured { get; init; }
    public string? Day90NotMeasured { get; init; }
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

// The problems found, in row and column order (then in the order found): every one is counted, but only the first
// Kept are held, so a workbook with a mistake in every cell of its rows holds 1,000 problems, not hundreds of thousands
// (2,000,000 rows once made 12 million, and 2 GB).
public sealed class ImportProblemList : IEnumerable<ImportProblem>
{
    public const int Kept = 1_000;

    // The kept problems, the last in order on top, so a new problem earlier than it takes its place.
    private readonly PriorityQueue<ImportProblem, (int Row, int Column, long Order)> _kept =
        new(Comparer<(int Row, int Column, long Order)>.Create((a, b) => b.CompareTo(a)));
    private long _order;
    private List<ImportProblem>? _sorted;

    // All the problems found, kept or not.
    public int Count { get; private set; }

    public int Hidden => Count - _kept.Count;

    public void Add(ImportProblem problem)
    {
        Count++;
        _sorted = null;
        var key = (problem.Row ?? 0, problem.ColumnIndex, _order++);
        if (_kept.Count < Kept) _kept.Enqueue(problem, key);
        else _kept.EnqueueDequeue(problem, key);
    }

    // Another list's problems after this one's so far: its kept ones, and the count of those it did not keep (all later
    // than its kept ones, so never among the first Kept of the two together).
    public void AddAll(ImportProblemList other)
    {
        foreach (var p in other) Add(p);
        Count += other.Hidden;
    }

    public IReadOnlyList<ImportProblem> Shown => _sorted ??= _kept.UnorderedItems.OrderBy(i => i.Priority).Select(i => i.Element).ToList();

    public IEnumerator<ImportProblem> GetEnumerator() => Shown.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

// What reading the file found. FileProblem is set when the file as a whole cannot be used (not a workbook, no
// Workshops sheet, no rows); otherwise Problems lists every bad cell, and Workshops is only usable when it is empty.
public sealed class ParsedImport
{
    public string? FileProblem { get; init; }
    public string Sheet { get; init; } = ImportColumns.Sheet;
    public int HeaderRow { get; init; }
    public ImportProblemList Problems { get; } = new();
    public List<WorkshopIn> Workshops { get; } = [];
    public int DataRows { get; set; }
    internal int[] ColumnOf { get; init; } = new int[ImportColumns.All.Count];

    // The optional "Value stream data" sheet: its measures with their points, how many rows it had, and where its
    // columns are (ValueStreamDataReader).
    public List<MeasureDataIn> ValueStreamData { get; } = [];
    public int ValueStreamDataRows { get; set; }
    public string DataSheet { get; set; } = ValueStreamDataColumns.Sheet;
    internal int[] DataColumnOf { get; set; } = new int[ValueStreamDataColumns.All.Count];

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
