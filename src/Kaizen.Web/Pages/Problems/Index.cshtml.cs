using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Problems;

// Problem-sensing (docs/definitions.md §3): what got worse, did not last, is overdue or missing; quiet and revised value streams.
public class IndexModel(Db db, Clock clock) : PageModel
{
    public ProblemsView View { get; private set; } = default!;

    // Which group is sorted or paged, how, and which page (the other groups show their first page in their default order).
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public ProblemGroup<WorseRow> Worse { get; private set; } = default!;
    public ProblemGroup<NotSustainedRow> NotSustained { get; private set; } = default!;
    public ProblemGroup<NotMeasuredRow> NotMeasured { get; private set; } = default!;
    public ProblemGroup<OverdueRow> Overdue { get; private set; } = default!;
    public ProblemGroup<AwaitingRow> Awaiting { get; private set; } = default!;
    public ProblemGroup<QuietValueStreamRow> Quiet { get; private set; } = default!;
    public ProblemGroup<RevisionRow> Revised { get; private set; } = default!;
    // Each count with its unit named, as the dashboard, the trust page and the pack say it.
    public IReadOnlyList<ProblemCount> Counts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        View = await ProblemsView.BuildAsync(db.Connection, ReportFilter.Read(Request), clock.Today);
        var l = View.Lists;
        Counts = ProblemCountWords.Of(l);
        var q = View.Filter.QueryString();
        ProblemGroup<T> Of<T>(string anchor, IReadOnlyList<T> all, params (string, string, Func<IEnumerable<T>, IEnumerable<T>>)[] sorts) =>
            ProblemGroup<T>.Of(anchor, all, q, Group, Sort, PageNumber, sorts);
        Worse = Of("got-worse", l.Worse,
            ("worst", "most worse first", rows => rows.OrderBy(r => r.Reduction)),
            ("trust", "trust", rows => rows.OrderBy(r => r.Workshop.TrustName).ThenBy(r => r.Reduction)),
            ("newest", "newest report-out", rows => rows.OrderByDescending(r => r.Workshop.ReportOut).ThenBy(r => r.Reduction)));
        NotSustained = Of("not-sustained", l.NotSustained,
            ("trust", "trust", rows => rows.OrderBy(r => r.Measure.Workshop.TrustName).ThenBy(r => r.Measure.Workshop.ReportOut)),
            ("newest", "newest report-out", rows => rows.OrderByDescending(r => r.Measure.Workshop.ReportOut)),
            ("checkpoint", "follow-up", rows => rows.OrderBy(r => r.Days).ThenBy(r => r.Measure.Workshop.TrustName)));
        NotMeasured = Of("not-measured", l.NotMeasured,
            ("due", "date due", rows => rows),
            ("trust", "trust", rows => rows.OrderBy(r => r.Measure.Workshop.TrustName).ThenBy(r => r.Due)));
        Overdue = Of("overdue", l.Overdue,
            ("due", "longest overdue first", rows => rows),
            ("recent", "most recently due first", rows => rows.Reverse()),
            ("trust", "trust", rows => rows.OrderBy(r => r.Workshop.TrustName).ThenBy(r => r.Due)));
        Awaiting = Of("awaiting", l.Awaiting,
            ("trust", "trust", rows => rows.OrderBy(r => r.Workshop.TrustName).ThenBy(r => r.Workshop.ReportOut)),
            ("newest", "newest report-out", rows => rows.OrderByDescending(r => r.Workshop.ReportOut)));
        Quiet = Of("quiet", l.Quiet,
            ("longest", "quiet longest", rows => rows.OrderBy(r => r.LastReportOut ?? DateOnly.MinValue)),
            ("trust", "trust", rows => rows.OrderBy(r => r.ValueStream.TrustName).ThenBy(r => r.ValueStream.Name)));
        Revised = Of("revised", l.Revised,
            ("newest", "newest first", rows => rows.OrderByDescending(r => r.At)),
            ("trust", "trust", rows => rows.OrderBy(r => r.TrustName).ThenBy(r => r.At)));
    }

    // /Problems?handler=Excel&...: the report workbook (its Problems sheet lists these problems) for the same filters.
    // A refused filter answers with the page and the reason (400), not a workbook of something else.
    public async Task<IActionResult> OnGetExcelAsync()
    {
        var filter = ReportFilter.Read(Request);
        if (!filter.Refused) return await Export.ReportWorkbooks.ProblemsAsync(db.Connection, filter, clock.Today);
        await OnGetAsync();
        return Page();
    }
}
