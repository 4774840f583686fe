using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Board;

public enum FreezeOutcome { Held, NotFound, AlreadyHeld, NotYet }

public sealed record FreezeResult(FreezeOutcome Outcome, string Message);

// Marking a meeting held freezes, in ONE transaction, the programme figures the board saw for the meeting's month
// (headline, per-kind figures, per-trust table, problem counts; cumulative and this month) into frozen_json. The
// update only applies to a meeting not yet held, and the database trigger refuses any later change to what was frozen.
public static class MeetingFreeze
{
    public static async Task<FreezeResult> MarkHeldAsync(Writes writes, Clock clock, long meetingId)
    {
        using var tx = writes.Begin();
        var meeting = await BoardQueries.MeetingAsync(tx.Connection, meetingId, tx.Transaction);
        if (meeting is null) return new(FreezeOutcome.NotFound, "There is no such meeting.");
        if (meeting.IsHeld) return AlreadyHeld(meeting.HeldAt, meeting.HeldBy);
        if (meeting.Date > clock.Today)
            return new(FreezeOutcome.NotYet, $"This meeting is on {Format.Date(meeting.Date)}: it can be marked held on or after that day, once the board has met.");

        var figures = await PackFigures.ComputeAsync(tx.Connection, Month.Of(meeting.Date), clock.Today, tx.Transaction);
        var frozen = figures.Freeze(tx.Now);
        int updated;
        try
        {
            updated = await tx.ExecuteAsync("""
                UPDATE board_meetings SET held_at = @now, held_by = @by, frozen_json = @json, version = version + 1
                WHERE id = @id AND held_at IS NULL
                """, new { now = tx.Now, by = tx.UserName, json = frozen.ToJson(), id = meetingId });
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            updated = 0;
        }
        if (updated != 1)
        {
            var now = await BoardQueries.MeetingAsync(tx.Connection, meetingId, tx.Transaction);
            return AlreadyHeld(now?.HeldAt, now?.HeldBy);
        }
        await tx.RecordAsync("board_meeting", meetingId, "hold", new { held_at = (string?)null },
            new { held_at = tx.Now, held_by = tx.UserName, frozen });
        tx.Commit();
        return new(FreezeOutcome.Held,
            $"The meeting of {Format.Date(meeting.Date)} is marked held. The figures for {figures.Month.Label} are frozen with it: the pack will show them as the board saw them.");
    }

    static FreezeResult AlreadyHeld(string? heldAt, string? heldBy) =>
        new(FreezeOutcome.AlreadyHeld,
            $"This meeting was already marked held{(heldAt is null ? "" : " on " + Format.Instant(heldAt))}{(string.IsNullOrEmpty(heldBy) ? "" : " by " + heldBy)}. " +
            "Its figures were frozen then and cannot be frozen again; notes, attendance, reflections and actions can still be edited.");
}
