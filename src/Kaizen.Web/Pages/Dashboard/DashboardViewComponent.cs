using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Kaizen.Web.Pages.Dashboard;

// The programme dashboard as a component, so that both /Dashboard and the home page (/) render the same thing from
// the same query string. Page: @await Component.InvokeAsync("Dashboard")
[ViewComponent(Name = "Dashboard")]
public sealed class DashboardViewComponent(Db db, Clock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var filter = ReportFilter.Parse(HttpContext.Request.Query);
        var view = await DashboardView.BuildAsync(db.Connection, filter, clock.Today);
        return View("/Pages/Dashboard/_Dashboard.cshtml", view);
    }
}
