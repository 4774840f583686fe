using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board.Members;

// Everyone signed in can see who sits on the board; administrators manage the list.
public class IndexModel(Db db, CurrentUser me, Clock clock) : PageModel
{
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public bool CanManage => me.IsAdministrator;
    public DateOnly Today => clock.Today;

    public async Task OnGetAsync() => Members = await BoardQueries.MembersAsync(db.Connection);
}
