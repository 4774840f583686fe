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
        View = await ProblemsView.BuildAsync(db.Connection, ReportFilter.Parse(Request.Query), clock.Today);

    // /Problems?handler=Excel&...: the report workbook (its Problems sheet lists these problems) for the same filters.
    public Task<IActionResult> OnGetExcelAsync() =>
        Export.ReportWorkbooks.ProblemsAsync(db.Connection, ReportFilter.Parse(Request.Query), clock.Today);
}
