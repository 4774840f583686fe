using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace Kaizen.Web.Pages.Dashboard;

// The programme dashboard as a component, so that both /Dashboard and the home page (/) render the same thing from
// the same query string. Page: @await Component.InvokeAsync("Dashboard")
[ViewComponent(Name = "Dashboard")]
public sealed class DashboardViewComponent(Db db, Clock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var filter = ReportFilter.Read(HttpContext.Request);
        var view = await DashboardView.BuildAsync(db, filter, clock.Today);
        return new RenderedOnce(view, View("/Pages/Dashboard/_Dashboard.cshtml", view));
    }

    // Renders _Dashboard.cshtml the first time a view is shown and keeps the HTML with the view (DashboardView is
    // kept by ReportCache until the database changes), so later requests for the same figures write the same HTML.
    // The source's indentation is cut once here (the dashboard has no pre-formatted text), not sent on every request.
    sealed class RenderedOnce(DashboardView view, ViewViewComponentResult inner) : IViewComponentResult
    {
        public void Execute(ViewComponentContext context) => ExecuteAsync(context).GetAwaiter().GetResult();

        public async Task ExecuteAsync(ViewComponentContext context)
        {
            if (view.Rendered is null)
            {
                var buffer = new StringWriter();
                var writer = context.ViewContext.Writer;
                context.ViewContext.Writer = buffer;
                try
                {
                    await inner.ExecuteAsync(context);
                }
                finally
                {
                    context.ViewContext.Writer = writer;
                }
                view.KeepRendered(Indentation.Collapse(buffer.ToString()));
            }
            await context.Writer.WriteAsync(view.Rendered);
        }
    }
}
