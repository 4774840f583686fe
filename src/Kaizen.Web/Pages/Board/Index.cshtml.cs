using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board;

public class IndexModel(Db db, CurrentUser me, Clock clock) : PageModel
{
    public CompactVersionRow? InForce { get; private set; }
    public IReadOnlyList<MeetingRow> Meetings { get; private set; } = [];
    public int OpenActions { get; private set; }
    public Month ThisMonth => Month.Of(clock.Today);
    public bool IsAdministrator => me.IsAdministrator;

    public async Task OnGetAsync()
    {
        InForce = await BoardQueries.InForceAsync(db.Connection);
        Meetings = await BoardQueries.MeetingsAsync(db.Connection);
        OpenActions = (await BoardQueries.OpenActionsOnAsync(db.Connection, clock.Today)).Count;
    }
}
