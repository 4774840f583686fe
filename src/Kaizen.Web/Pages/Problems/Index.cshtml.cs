using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Problems;

// Problem-sensing (PRODUCT.md §4): what got worse, did not last, is overdue or missing; quiet and revised value streams.
public class IndexModel(Db db, Clock clock) : PageModel
{
    public ProblemsView View { get; private set; } = default!;

    public async Task OnGetAsync() =>
        View = await ProblemsView.BuildAsync(db.Connection, ReportFilter.Read(Request), clock.Today);

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
