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
    public Task<IActionResult> OnGetExcelAsync() =>
        ReportWorkbooks.ProgrammeAsync(db.Connection, ReportFilter.Parse(Request.Query), clock.Today);
}
