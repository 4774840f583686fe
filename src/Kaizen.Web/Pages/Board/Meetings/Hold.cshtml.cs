using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board.Meetings;

// Marking a meeting held freezes its month's figures for good, so it is an administrator's step (docs/definitions.md §4:
// meetings belong to administrators; board members write reflections and actions) and it is taken from a page that
// says first what will be frozen and that it cannot be undone.
public class HoldModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    public MeetingRow Meeting { get; private set; } = new();
    public PackFigures? Figures { get; private set; }
    // What the confirmation lists, worked out here so that the view only prints it.
    public IReadOnlyList<(string Label, string Text)> WillFreeze { get; private set; } = [];
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("board_meeting", id, "open the page that marks a board meeting held");
        if (!await LoadAsync(id)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("board_meeting", id, "mark a board meeting held");
        var result = await MeetingFreeze.MarkHeldAsync(writes, clock, id);
        if (result.Outcome == FreezeOutcome.NotFound) return NotFound();
        if (result.Outcome == FreezeOutcome.Held)
        {
            TempData["StatusMessage"] = result.Message;
            return RedirectToPage("Meeting", new { id });
        }
        await LoadAsync(id);
        ModelState.AddModelError(string.Empty, result.Message);
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var meeting = await BoardQueries.MeetingAsync(db.Connection, id);
        if (meeting is null) return false;
        Meeting = meeting;
        if (meeting.IsHeld)
            Refusal = $"This meeting was marked held on {Format.Instant(meeting.HeldAt)}{(string.IsNullOrEmpty(meeting.HeldBy) ? "" : " by " + meeting.HeldBy)}: its figures are already frozen.";
        else if (meeting.Date > clock.Today)
            Refusal = $"This meeting is on {Format.Date(meeting.Date)}: it can be marked held on or after that day, once the board has met.";
        else
        {
            var f = Figures = await PackFigures.ComputeAsync(db.Connection, Month.Of(meeting.Date), clock.Today);
            WillFreeze =
            [
                ("This month", $"{Format.Count(f.ThisMonth.Workshops.Count, "workshop")} with a report-out in {f.Month.Label}: {Kaizen.Domain.Headline.Sentence(f.ThisMonthRollUp)}"),
                ("Cumulative", $"{Format.Count(f.Cumulative.Workshops.Count, "workshop")} up to {Format.Date(f.Month.Last)}: {Kaizen.Domain.Headline.Sentence(f.CumulativeRollUp)}"),
                ("By trust", $"each trust's figures ({Format.Count(f.Trusts.Count, "trust")})"),
                ("Problems", string.Join("; ", f.Problems.Summary.Select(p => $"{p.Label}: {p.Count:N0}"))),
            ];
        }
        return true;
    }
}
