using System.ComponentModel.DataAnnotations;
using Dapper;
using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Pages.Board.Meetings;

public sealed class ReflectionInput
{
    public long ItemId { get; set; }
    public string? Rating { get; set; }

    [StringLength(2000, ErrorMessage = "Use at most 2,000 characters for a note.")]
    public string? Note { get; set; }
}

public sealed class MeetingInput
{
    [StringLength(20000, ErrorMessage = "Use at most 20,000 characters for the notes.")]
    public string? Notes { get; set; }

    public List<long> Attended { get; set; } = [];
    // Whose reflections Reflections are: each member rates the compact for themselves.
    [Display(Name = "Reflections of")]
    public long? MemberId { get; set; }
    public List<ReflectionInput> Reflections { get; set; } = [];
    public long Version { get; set; }
}

public sealed class ActionInput
{
    [Required(ErrorMessage = "Say what is to be done.")]
    [StringLength(1000, ErrorMessage = "Use at most 1,000 characters for an action.")]
    [Display(Name = "Action")]
    public string Text { get; set; } = "";

    [Required(ErrorMessage = "Choose who owns the action.")]
    [Display(Name = "Owner")]
    public long? OwnerId { get; set; }

    [Required(ErrorMessage = "Enter the date the action is due.")]
    [Display(Name = "Due on")]
    public DateOnly? DueOn { get; set; }
}

// One meeting: attendance, a reflection on each item of the compact in force at it, notes, the actions carried over
// and raised. Everyone signed in reads; board members and administrators write (anyone else is refused, and the
// attempt audited); administrators change the date and mark it held (the Hold page, which freezes the figures).
public class MeetingModel(Db db, Writes writes, CurrentUser me, Clock clock) : PageModel
{
    [BindProperty] public MeetingInput Input { get; set; } = new();
    [BindProperty] public ActionInput NewAction { get; set; } = new();
    [BindProperty, Display(Name = "Meeting date")] public DateOnly? NewDate { get; set; }

    public MeetingRow Meeting { get; private set; } = new();
    public IReadOnlyList<CompactItemRow> Items { get; private set; } = [];
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlySet<long> Attendance { get; private set; } = new HashSet<long>();
    public IReadOnlyList<ReflectionRow> Saved { get; private set; } = [];
    // Everyone's reflections by item, for reading; Saved holds only the member's in the form.
    public ILookup<long, ReflectionRow> ByItem { get; private set; } = Enumerable.Empty<ReflectionRow>().ToLookup(r => r.CompactItemId);
    public IEnumerable<SelectListItem> Reflectors { get; private set; } = [];
    public long? Reflecting { get; private set; }
    public IReadOnlyList<ActionRow> Actions { get; private set; } = [];
    public IEnumerable<SelectListItem> Owners { get; private set; } = [];
    public bool CanWrite => me.CanWriteBoard;
    public bool CanManage => me.IsAdministrator;
    public DateOnly Today => clock.Today;

    public async Task<IActionResult> OnGetAsync(long id, long? member)
    {
        if (!await LoadAsync(id, member)) return NotFound();
        FillForm();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!me.CanWriteBoard) return writes.Refuse("board_meeting", id, "write a meeting's reflections, attendance or notes");
        if (!await LoadAsync(id, Input.MemberId)) return NotFound();
        ClearOtherForms(nameof(Input));

        var items = Items.ToDictionary(i => i.Id);
        var foreign = Input.Reflections.Where(r => !items.ContainsKey(r.ItemId)).Select(r => r.ItemId).Distinct().ToList();
        if (foreign.Count > 0)
        {
            ModelState.AddModelError(string.Empty, Meeting.CompactVersionId is null
                ? "No compact was in force on the date of this meeting, so it takes no reflections. Nothing was saved."
                : $"Reflections can only be on the items of compact version {Meeting.CompactNumber}, in force at this meeting; the form named another item. Nothing was saved: reload the page and try again.");
            return Page();
        }
        if (Input.Reflections.GroupBy(r => r.ItemId).Any(g => g.Count() > 1))
        {
            ModelState.AddModelError(string.Empty, "The form named an item twice. Nothing was saved: reload the page and try again.");
            return Page();
        }
        for (var i = 0; i < Input.Reflections.Count; i++)
        {
            var r = Input.Reflections[i];
            if (!string.IsNullOrEmpty(r.Rating) && !BoardCodes.Ratings.ContainsKey(r.Rating))
                ModelState.AddModelError($"Input.Reflections[{i}].Rating", "Choose living it, partly or not yet.");
            else if (string.IsNullOrEmpty(r.Rating) && !string.IsNullOrWhiteSpace(r.Note))
                ModelState.AddModelError($"Input.Reflections[{i}].Rating", "Choose a rating for this item, or clear its note.");
        }
        var memberIds = (await BoardQueries.MembersAsync(db.Connection)).Select(m => m.Id).ToHashSet();
        if (Input.Attended.Any(a => !memberIds.Contains(a)))
            ModelState.AddModelError(string.Empty, "The attendance named someone who is not a board member. Nothing was saved: reload the page and try again.");
        var rated = Input.Reflections.Any(r => !string.IsNullOrEmpty(r.Rating));
        if (Input.MemberId is null && rated && Items.Count > 0)
            ModelState.AddModelError("Input.MemberId", "Choose whose reflections these are.");
        else if (Input.MemberId is { } who && !Members.Any(m => m.Id == who))
            ModelState.AddModelError("Input.MemberId", "Choose one of the members on the board at this meeting.");
        if (!ModelState.IsValid) return Page();

        var reflections = Input.Reflections.Where(r => !string.IsNullOrEmpty(r.Rating))
            .Select(r => new { item_id = r.ItemId, position = items[r.ItemId].Position, rating = r.Rating!, note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim() })
            .OrderBy(r => r.position).ToList();
        var attended = Input.Attended.Distinct().Order().ToList();
        var notes = string.IsNullOrWhiteSpace(Input.Notes) ? null : Input.Notes.Trim();

        using var tx = writes.Begin();
        var updated = await tx.ExecuteAsync("UPDATE board_meetings SET notes = @notes, version = version + 1 WHERE id = @id AND version = @expected",
            new { notes, id, expected = Input.Version });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "board_meeting", id));
            return Page();
        }
        await tx.ExecuteAsync("DELETE FROM meeting_attendance WHERE meeting_id = @id", new { id });
        foreach (var present in attended)
            await tx.ExecuteAsync("INSERT INTO meeting_attendance (meeting_id, member_id) VALUES (@id, @present)", new { id, present });
        // Only this member's reflections are replaced; the others' stay as they were.
        var member = Input.MemberId;
        if (member is not null)
        {
            await tx.ExecuteAsync("DELETE FROM meeting_reflections WHERE meeting_id = @id AND member_id = @member", new { id, member });
            foreach (var r in reflections)
                await tx.ExecuteAsync("INSERT INTO meeting_reflections (meeting_id, compact_item_id, member_id, rating, note) VALUES (@id, @item_id, @member, @rating, @note)",
                    new { id, r.item_id, member, r.rating, r.note });
        }
        await tx.RecordAsync("board_meeting", id, "update",
            new { notes = Meeting.Notes, attended = Attendance.Order(), reflections_of = member, reflections = Saved.Select(s => new { item_id = s.CompactItemId, s.Rating, s.Note }) },
            new { notes, attended, reflections_of = member, reflections, held = Meeting.IsHeld });
        tx.Commit();
        TempData["StatusMessage"] = "Meeting saved: attendance, reflections and notes." + (Meeting.IsHeld ? " The figures frozen when it was held are unchanged." : "");
        return RedirectToPage("Meeting", new { id, member });
    }

    public async Task<IActionResult> OnPostAddActionAsync(long id)
    {
        if (!me.CanWriteBoard) return writes.Refuse("board_action", null, "raise an action at a board meeting");
        if (!await LoadAsync(id)) return NotFound();
        ClearOtherForms(nameof(NewAction));
        FillForm();
        if (NewAction.OwnerId is { } owner && !Members.Any(m => m.Id == owner) && await BoardQueries.MemberAsync(db.Connection, owner) is null)
            ModelState.AddModelError("NewAction.OwnerId", "Choose the owner from the board's members.");
        if (!ModelState.IsValid) return Page();
        using var tx = writes.Begin();
        var row = new { meeting_id = id, text = NewAction.Text.Trim(), owner_member_id = NewAction.OwnerId!.Value, due_on = Iso.Date(NewAction.DueOn!.Value), now = tx.Now };
        var actionId = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO board_actions (meeting_id, text, owner_member_id, due_on, created_at)
            VALUES (@meeting_id, @text, @owner_member_id, @due_on, @now) RETURNING id
            """, row);
        await tx.RecordAsync("board_action", actionId, "create", null, row);
        tx.Commit();
        TempData["StatusMessage"] = "Action added. It stays on every later meeting until it is marked done.";
        return RedirectToPage("Meeting", null, new { id }, "actions");
    }

    public Task<IActionResult> OnPostDoneAsync(long id, long actionId, long actionVersion) => SetActionStatusAsync(id, actionId, actionVersion, done: true);

    public Task<IActionResult> OnPostReopenAsync(long id, long actionId, long actionVersion) => SetActionStatusAsync(id, actionId, actionVersion, done: false);

    private async Task<IActionResult> SetActionStatusAsync(long id, long actionId, long actionVersion, bool done)
    {
        if (!me.CanWriteBoard) return writes.Refuse("board_action", actionId, done ? "mark a board action done" : "reopen a board action");
        if (!await LoadAsync(id)) return NotFound();
        ClearOtherForms("");
        FillForm();
        var before = Actions.FirstOrDefault(a => a.Id == actionId);
        if (before is null) return NotFound();
        using var tx = writes.Begin();
        var updated = await tx.ExecuteAsync("""
            UPDATE board_actions SET status = @status, done_on = @doneOn, version = version + 1
            WHERE id = @actionId AND version = @actionVersion
            """, new { status = done ? "done" : "open", doneOn = done ? Iso.Date(clock.Today) : null, actionId, actionVersion });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "board_action", actionId));
            return Page();
        }
        await tx.RecordAsync("board_action", actionId, done ? "done" : "reopen", new { before.Status, before.DoneOn },
            new { status = done ? "done" : "open", done_on = done ? Iso.Date(clock.Today) : null, at_meeting = id });
        tx.Commit();
        TempData["StatusMessage"] = done ? $"Action marked done on {Format.Date(clock.Today)}." : "Action reopened: it is carried over again until it is done.";
        return RedirectToPage("Meeting", null, new { id }, "actions");
    }

    public async Task<IActionResult> OnPostDateAsync(long id)
    {
        if (!me.IsAdministrator) return writes.Refuse("board_meeting", id, "change the date of a board meeting");
        if (!await LoadAsync(id)) return NotFound();
        ClearOtherForms(nameof(NewDate));
        FillForm();
        if (Meeting.IsHeld) ModelState.AddModelError(nameof(NewDate), "This meeting has been held: its date is part of the frozen record and cannot change.");
        else if (NewDate is null) ModelState.AddModelError(nameof(NewDate), "Enter the new date of the meeting.");
        if (!ModelState.IsValid) return Page();
        var date = NewDate!.Value;
        using var tx = writes.Begin();
        // The compact version follows the date while nobody has reflected on it yet.
        var compactId = Meeting.Reflections == 0 ? (await BoardQueries.InForceAsync(tx.Connection, date, tx.Transaction))?.Id : Meeting.CompactVersionId;
        var updated = await tx.ExecuteAsync("""
            UPDATE board_meetings SET meeting_date = @date, compact_version_id = @compactId, version = version + 1
            WHERE id = @id AND held_at IS NULL
            """, new { date = Iso.Date(date), compactId, id });
        if (updated != 1)
        {
            ModelState.AddModelError(string.Empty, await Conflicts.MessageAsync(tx.Connection, "board_meeting", id));
            return Page();
        }
        await tx.RecordAsync("board_meeting", id, "change_date", new { Meeting.MeetingDate, Meeting.CompactVersionId },
            new { meeting_date = Iso.Date(date), compact_version_id = compactId });
        tx.Commit();
        TempData["StatusMessage"] = $"The meeting is now on {Format.Date(date)}.";
        return RedirectToPage("Meeting", new { id });
    }

    private void ClearOtherForms(string keep)
    {
        if (keep == "") ModelState.Clear();
        else this.ValidateOnly(keep);
    }

    private void FillForm()
    {
        var saved = Saved.ToDictionary(s => s.CompactItemId);
        Input = new MeetingInput
        {
            Notes = Meeting.Notes,
            Version = Meeting.Version,
            Attended = Attendance.ToList(),
            MemberId = Reflecting,
            Reflections = Items.Select(i => new ReflectionInput
            {
                ItemId = i.Id,
                Rating = saved.TryGetValue(i.Id, out var s) ? s.Rating : null,
                Note = saved.TryGetValue(i.Id, out var n) ? n.Note : null,
            }).ToList(),
        };
    }

    private async Task<bool> LoadAsync(long id, long? member = null)
    {
        var meeting = await BoardQueries.MeetingAsync(db.Connection, id);
        if (meeting is null) return false;
        Meeting = meeting;
        Items = meeting.CompactVersionId is { } v ? await BoardQueries.ItemsAsync(db.Connection, v) : [];
        Attendance = await BoardQueries.AttendanceAsync(db.Connection, id);
        var reflections = await BoardQueries.ReflectionsAsync(db.Connection, id);
        ByItem = reflections.ToLookup(r => r.CompactItemId);
        Actions = await BoardQueries.ActionsForMeetingAsync(db.Connection, meeting);
        // Those on the board on the day, and anyone recorded as attending who is not (so the record shows them).
        var all = await BoardQueries.MembersAsync(db.Connection);
        Members = all.Where(m => m.ActiveOn(meeting.Date) || Attendance.Contains(m.Id)).OrderBy(m => m.OrganisationName).ThenBy(m => m.Name).ToList();
        Owners = Members.Select(m => new SelectListItem($"{m.Name} ({m.OrganisationName})", BoardCodes.Id(m.Id))).ToList();
        Reflectors = Owners;
        // The form holds one member's reflections: the one asked for, else the signed-in person's own (a board member
        // linked to their user), else the first who attended, else the first member.
        var own = me.Id is { } userId
            ? await db.Connection.ExecuteScalarAsync<long?>("SELECT id FROM board_members WHERE user_id = @userId", new { userId })
            : null;
        Reflecting = member is { } asked && Members.Any(m => m.Id == asked) ? asked
            : own is { } mine && Members.Any(m => m.Id == mine) ? mine
            : Members.FirstOrDefault(m => Attendance.Contains(m.Id))?.Id ?? Members.FirstOrDefault()?.Id;
        Saved = reflections.Where(r => r.MemberId == Reflecting && Reflecting is not null).ToList();
        NewDate ??= meeting.Date;
        return true;
    }

    public string? SavedRating(long itemId) => Saved.FirstOrDefault(s => s.CompactItemId == itemId)?.Rating;
}
