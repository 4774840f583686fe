using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Reminders;
using Kaizen.Web.Reports;
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

    // A board member's home: their trust's figures (the dashboard's own, filtered to the trust) and what changed since
    // the last meeting the board held. TrustId null: the member sits for no trust, so the programme's figures.
    public DashboardView? Figures { get; private set; }
    public long? TrustId { get; private set; }
    public string? TrustName { get; private set; }
    public DateOnly? LastMeeting { get; private set; }
    public IReadOnlyList<WorkshopInfo> ReportedOutSince { get; private set; } = [];
    public int NewlyOverdue { get; private set; }
    public IReadOnlyList<WorkshopInfo> NewlyWorse { get; private set; } = [];

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
            return;
        }

        Actions = await FollowUpOwners.OpenActionsAsync(db.Connection, id);
        // The trust of the board member the user is linked to, else the user's own trust.
        var trust = await db.Connection.QuerySingleOrDefaultAsync<(long? Id, string? Name)>("""
            SELECT t.id, t.name FROM trusts t
            WHERE t.id = COALESCE((SELECT bm.trust_id FROM board_members bm WHERE bm.user_id = @id), @own)
            """, new { id, own = me.TrustId });
        (TrustId, TrustName) = trust;
        Figures = await DashboardView.BuildAsync(db, new ReportFilter { TrustId = TrustId }, Today);
        // The same "last held meeting" as the board's page and the pack.
        LastMeeting = await Kaizen.Web.Board.SinceLastMeeting.LastHeldAsync(db.Connection, Today) is { } held ? Iso.ParseDate(held.MeetingDate) : null;
        if (LastMeeting is not { } last) return;
        // Since the meeting, from the same figures and problem lists as the dashboard's: report-outs held after it,
        // follow-ups that fell overdue after it (due on or after its day), workshops reported out after it that got worse.
        ReportedOutSince = Figures.Set.Workshops.Where(w => w.ReportOut > last && w.ReportOut <= Today).OrderBy(w => w.ReportOut).ToList();
        NewlyOverdue = Figures.Problems.Overdue.Where(o => o.Due >= last).Sum(o => o.Measures.Count);
        NewlyWorse = Figures.Problems.Worse.Where(r => r.Workshop.ReportOut > last).Select(r => r.Workshop).DistinctBy(w => w.Id).ToList();
    }
}
