using Kaizen.Web.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board.Meetings;

public sealed class NewMeetingInput
{
    [Required(ErrorMessage = "Enter the date of the meeting.")]
    [Display(Name = "Meeting date")]
    public DateOnly? MeetingDate { get; set; }

    [StringLength(20000, ErrorMessage = "Use at most 20,000 characters for the notes.")]
    public string? Notes { get; set; }

    public bool ConfirmSameMonth { get; set; }
}

// Administrators schedule meetings. A second meeting in a month is allowed, after a warning and a tick to confirm.
public class CreateModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    [BindProperty] public NewMeetingInput Input { get; set; } = new();
    public IReadOnlyList<MeetingRow> SameMonth { get; private set; } = [];
    public string MonthLabel { get; private set; } = "";

    public IActionResult OnGet()
    {
        if (!me.IsAdministrator) return Forbid();
        Input.MeetingDate = clock.Today;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!me.IsAdministrator) return writes.Refuse("board_meeting", null, "add a board meeting");
        if (!ModelState.IsValid) return Page();
        var date = Input.MeetingDate!.Value;
        var month = Month.Of(date);
        SameMonth = await BoardQueries.MeetingsInMonthAsync(db.Connection, month);
        MonthLabel = month.Label;
        if (SameMonth.Count > 0 && !Input.ConfirmSameMonth)
        {
            ModelState.AddModelError("Input.ConfirmSameMonth", $"Tick to confirm a second meeting in {month.Label}, or change the date.");
            return Page();
        }

        using var tx = writes.Begin();
        var compact = await BoardQueries.InForceAsync(tx.Connection, date, tx.Transaction);
        var row = new
        {
            meeting_date = Iso.Date(date),
            notes = string.IsNullOrWhiteSpace(Input.Notes) ? null : Input.Notes.Trim(),
            compact_version_id = compact?.Id,
            now = tx.Now,
        };
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO board_meetings (meeting_date, notes, compact_version_id, created_at)
            VALUES (@meeting_date, @notes, @compact_version_id, @now) RETURNING id
            """, row);
        await tx.RecordAsync("board_meeting", id, "create", null, new { row.meeting_date, row.notes, compact_version = compact?.Number, same_month_confirmed = SameMonth.Count > 0 });
        tx.Commit();
        TempData["StatusMessage"] = $"Meeting of {Infrastructure.Format.Date(date)} added" +
            (compact is null ? ". No compact was in force on that date, so there is nothing to reflect on." : $", reflecting on compact version {compact.Number}.");
        return RedirectToPage("Meeting", new { id });
    }
}
