using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Trusts;

// One trust: its roll-up, its value streams' targets against what they achieved, and its workshops.
public class DetailsModel(Db db, Clock clock) : PageModel
{
    public TrustDetailsView View { get; private set; } = default!;
    // Every value stream's outcome measures, with their icons (Reports/ValueStreamSpc, as the pack shows them).
    public IReadOnlyList<SpcSummary> OutcomeMeasures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var view = await TrustDetailsView.BuildAsync(db.Connection, id, ReportFilter.Read(Request), clock.Today);
        if (view is null) return NotFound();
        View = view;
        OutcomeMeasures = await ValueStreamSpc.LoadAsync(db.Connection, trustId: id);
        return Page();
    }

    // /Trusts/Details/5?handler=Excel&from=...: the report workbook for this trust with the page's filters.
    // A refused filter answers with the page and the reason (400), not a workbook of something else.
    public async Task<IActionResult> OnGetExcelAsync(long id)
    {
        var filter = ReportFilter.Read(Request);
        if (filter.Refused) return await OnGetAsync(id);
        return await Export.ReportWorkbooks.TrustAsync(db.Connection, id, filter, clock.Today) ?? NotFound();
    }
}
