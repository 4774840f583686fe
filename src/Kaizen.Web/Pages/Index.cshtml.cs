using Dapper;
using Kaizen.Web.Board;
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
    public SinceLastMeeting? Since { get; private set; }
    public bool ListsComparable => Since?.ListsComparable ?? false;

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
        // What changed since the last held meeting: the board page's and the pack's own comparison (the figures frozen
        // when it was held against this month's), narrowed to the member's trust. Report-outs since are a matter of dates.
        var now = (await PackView.BuildAsync(db.Connection, Month.Of(Today), Today)).Current;
        Since = await SinceLastMeeting.ForAsync(db.Connection, now, Today);
        if (Since is not { } s) return;
        LastMeeting = s.MeetingDate;
        ReportedOutSince = Figures.Set.Workshops.Where(w => w.ReportOut > s.MeetingDate && w.ReportOut <= Today).OrderBy(w => w.ReportOut).ToList();
        bool Mine(long trustId) => TrustId is not { } t || trustId == t;
        NewlyOverdue = s.NewOverdue.Where(o => Mine(o.Workshop.TrustId)).Sum(o => o.Measures.Count);
        NewlyWorse = s.NewWorse.Where(r => Mine(r.Workshop.TrustId)).Select(r => r.Workshop).DistinctBy(w => w.Id).ToList();
    }
}
