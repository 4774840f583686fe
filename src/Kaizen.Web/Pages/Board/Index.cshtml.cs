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
    public Month PackMonth { get; private set; }
    public bool IsAdministrator => me.IsAdministrator;
    public SinceLastMeetingModel Since { get; private set; } = default!;

    public async Task OnGetAsync()
    {
        PackMonth = await Pack.IndexModel.OpeningMonthAsync(db.Connection, clock.Today);
        InForce = await BoardQueries.InForceAsync(db.Connection);
        Meetings = await BoardQueries.MeetingsAsync(db.Connection);
        OpenActions = (await BoardQueries.OpenActionsOnAsync(db.Connection, clock.Today)).Count;
        // This month's pack figures (cached, shared with the pack) against the last meeting held by today.
        var now = (await PackView.BuildAsync(db.Connection, ThisMonth, clock.Today)).Current;
        Since = new SinceLastMeetingModel(await SinceLastMeeting.ForAsync(db.Connection, now, clock.Today), clock.Today,
            $"/Board/Pack?month={ThisMonth.Key}", HasAppendix: false);
    }
}
