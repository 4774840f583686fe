using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Trusts;

// Read-only: the trusts in the programme with their figures side by side. (Adding and editing trusts is /Admin/Trusts.)
public class IndexModel(Db db, Clock clock) : PageModel
{
    public TrustListView View { get; private set; } = default!;

    public IReadOnlyList<string> Refusals { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var filter = ReportFilter.Read(Request);
        Refusals = filter.Refusals;
        View = await TrustListView.BuildAsync(db.Connection, filter, clock.Today);
    }
}
