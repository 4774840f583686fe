using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board.Meetings;

public class IndexModel(Db db, CurrentUser me) : PageModel
{
    public IReadOnlyList<MeetingRow> Meetings { get; private set; } = [];
    public bool CanCreate => me.IsAdministrator;

    public async Task OnGetAsync() => Meetings = await BoardQueries.MeetingsAsync(db.Connection);
}
