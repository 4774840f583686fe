using Kaizen.Web.Data;
using Kaizen.Web.Export;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Dashboard;

// The dashboard itself is the Dashboard view component; this model only adds its "Download Excel" handler.
public class IndexModel(Db db, Clock clock) : PageModel
{
    public void OnGet() { }

    // /Dashboard?handler=Excel&from=...&trust=...: the programme workbook with the filters shown on screen.
    // A refused filter answers with the page and the reason (400), not a workbook of something else.
    public async Task<IActionResult> OnGetExcelAsync()
    {
        var filter = ReportFilter.Read(Request);
        return filter.Refused ? Page() : await ReportWorkbooks.ProgrammeAsync(db.Connection, filter, clock.Today);
    }
}
