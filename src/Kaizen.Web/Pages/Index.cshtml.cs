using Kaizen.Web.Data;
using Kaizen.Web.Reminders;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages;

// The signed-in home page. An improvement lead or a board member sees "My work": what they have to see to. An
// administrator owns no follow-ups and no board actions, so keeps the programme dashboard as home.
public class IndexModel(Db db, CurrentUser me, Clock clock) : PageModel
{
    public const int FollowUpDays = 14;

    public bool ShowsMyWork { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<OpenFollowUp> FollowUps { get; private set; } = [];
    public IReadOnlyList<WaitingWorkshop> Waiting { get; private set; } = [];
    public IReadOnlyList<OpenAction> Actions { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Today = clock.Today;
        ShowsMyWork = me.Role is Roles.Lead or Roles.Board && me.Id is not null;
        if (!ShowsMyWork) return;
        var id = me.Id!.Value;
        if (me.Role == Roles.Lead)
        {
            FollowUps = await FollowUpOwners.OpenFollowUpsAsync(db.Connection, id, Today.AddDays(FollowUpDays));
            Waiting = await FollowUpOwners.WaitingForResultsAsync(db.Connection, id, Today);
        }
        else
        {
            Actions = await FollowUpOwners.OpenActionsAsync(db.Connection, id);
        }
    }
}
