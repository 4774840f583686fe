using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.TrustContext;

public class IndexModel(Db db, Clock clock) : PageModel
{
    public IReadOnlyList<TrustOption> Trusts { get; private set; } = [];
    public IReadOnlyDictionary<long, TrustContextView> Contexts { get; private set; } = new Dictionary<long, TrustContextView>();

    public async Task OnGetAsync()
    {
        Trusts = await ReportQueries.TrustsAsync(db.Connection);
        Contexts = await TrustContextView.LoadAllAsync(db.Connection, clock.Today);
    }
}
