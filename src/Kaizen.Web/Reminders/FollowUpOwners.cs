using Dapper;
using Kaizen.Web.Data;
using System.Data.Common;

namespace Kaizen.Web.Reminders;

public sealed class OwnerChoice
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
}

public sealed class OpenFollowUp
{
    public long OwnerId { get; init; }
    public long WorkshopId { get; init; }
    public string Reference { get; init; } = "";
    public string Title { get; init; } = "";
    public long MeasureId { get; init; }
    public string MeasureName { get; init; } = "";
    public long Position { get; init; }
    public long Days { get; init; }
    public string ReportOutDate { get; init; } = "";

    public DateOnly Due => Iso.ParseDate(ReportOutDate).AddDays((int)Days);
    public string DueOn => Iso.Date(Due);
    public string Link => $"/Measures/FollowUps/{MeasureId}";
}

public sealed class WaitingWorkshop
{
    public long Id { get; init; }
    public string Reference { get; init; } = "";
    public string Title { get; init; } = "";
    public string ReportOutDate { get; init; } = "";

    public DateOnly ReportOut => Iso.ParseDate(ReportOutDate);
    public string Link => $"/Workshops/Details/{Id}";
}

public sealed class OpenAction
{
    public long UserId { get; init; }
    public long Id { get; init; }
    public long MeetingId { get; init; }
    public string Text { get; init; } = "";
    public string DueOn { get; init; } = "";

    public DateOnly Due => Iso.ParseDate(DueOn);
    public string Link => $"/Board/Meetings/{MeetingId}";
}

// Who owns a workshop's follow-ups, and what each person has to see to. The owner of a measure's follow-ups is
// measures.follow_up_owner_id; when that is empty, the workshop's: workshops.follow_up_owner_id, or when that is empty
// the trust's improvement lead (a lead of the trust who is not disabled, the earliest created).
public static class FollowUpOwners
{
    // SQL for the owner of workshop w in value stream vs.
    public const string OwnerOf = """
        COALESCE(w.follow_up_owner_id, (SELECT u.id FROM users u
            WHERE u.role = 'lead' AND u.trust_id = vs.trust_id AND u.disabled = 0 ORDER BY u.created_at, u.id LIMIT 1))
        """;

    // SQL for the owner of measure m's follow-ups: its own owner when one is set, else its workshop's (OwnerOf).
    public const string MeasureOwnerOf = "COALESCE(m.follow_up_owner_id, " + OwnerOf + ")";

    // The people a workshop's follow-ups can be given to: the improvement leads of its trust who can sign in.
    public static async Task<IReadOnlyList<OwnerChoice>> ChoicesAsync(DbConnection c, long trustId, DbTransaction? tx = null) =>
        (await c.QueryAsync<OwnerChoice>("""
            SELECT id AS Id, display_name AS Name, email AS Email FROM users
            WHERE role = 'lead' AND trust_id = @trustId AND disabled = 0 ORDER BY created_at, id
            """, new { trustId }, tx)).ToList();

    public static Task<OwnerChoice?> OwnerAsync(DbConnection c, long workshopId, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<OwnerChoice>($"""
            SELECT u.id AS Id, u.display_name AS Name, u.email AS Email
            FROM workshops w JOIN value_streams vs ON vs.id = w.value_stream_id
            JOIN users u ON u.id = {OwnerOf}
            WHERE w.id = @workshopId
            """, new { workshopId }, tx);

    // Follow-ups with no value recorded and not closed as "won't be measured", due on or before a day, of workshops that took place (planned or completed;
    // a cancelled or stood-down workshop has nothing to follow up). owner null: everyone's, for the reminder digest.
    public static async Task<IReadOnlyList<OpenFollowUp>> OpenFollowUpsAsync(DbConnection c, long? ownerId, DateOnly dueBy, DbTransaction? tx = null)
    {
        // A follow-up is due its days after the report-out: due by dueBy when the report-out is on or before dueBy
        // less those days. The dates are reckoned here, not in SQL, so the one query runs on SQLite and PostgreSQL.
        var rows = await c.QueryAsync<OpenFollowUp>($"""
            WITH owned AS (
                SELECT {MeasureOwnerOf} AS owner_id, w.id AS workshop_id, w.reference, w.title,
                       w.report_out_date, m.id AS measure_id, m.name AS measure_name, m.position,
                       m.f30, m.f60, m.f90, m.f30_not_measured, m.f60_not_measured, m.f90_not_measured
                FROM measures m JOIN workshops w ON w.id = m.workshop_id JOIN value_streams vs ON vs.id = w.value_stream_id
                WHERE w.status IN ('planned', 'completed') AND w.report_out_date <= @dueBy30
            ), due AS (
                SELECT *, 30 AS days FROM owned WHERE f30 IS NULL AND f30_not_measured IS NULL
                UNION ALL SELECT *, 60 FROM owned WHERE f60 IS NULL AND f60_not_measured IS NULL AND report_out_date <= @dueBy60
                UNION ALL SELECT *, 90 FROM owned WHERE f90 IS NULL AND f90_not_measured IS NULL AND report_out_date <= @dueBy90
            )
            SELECT owner_id, workshop_id, reference, title, measure_id, measure_name, position, days, report_out_date FROM due
            WHERE owner_id IS NOT NULL AND (CAST(@ownerId AS bigint) IS NULL OR owner_id = @ownerId)
            """, new
        {
            ownerId,
            dueBy30 = Iso.Date(dueBy.AddDays(-30)), dueBy60 = Iso.Date(dueBy.AddDays(-60)), dueBy90 = Iso.Date(dueBy.AddDays(-90)),
        }, tx);
        // SQLite's reference column ignores case, so its order does too.
        return rows.OrderBy(f => f.Due).ThenBy(f => f.Reference, StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.Position).ThenBy(f => f.MeasureId).ThenBy(f => f.Days).ToList();
    }

    // Workshops whose report-out has passed and whose results are not all in: still "planned", no measures, or a
    // measure with no report-out result.
    public static async Task<IReadOnlyList<WaitingWorkshop>> WaitingForResultsAsync(DbConnection c, long ownerId, DateOnly today) =>
        (await c.QueryAsync<WaitingWorkshop>($"""
            SELECT w.id AS Id, w.reference AS Reference, w.title AS Title, w.report_out_date AS ReportOutDate
            FROM workshops w JOIN value_streams vs ON vs.id = w.value_stream_id
            WHERE w.status IN ('planned', 'completed') AND w.report_out_date <= @today AND {OwnerOf} = @ownerId
              AND (w.status = 'planned'
                   OR NOT EXISTS (SELECT 1 FROM measures m WHERE m.workshop_id = w.id)
                   OR EXISTS (SELECT 1 FROM measures m WHERE m.workshop_id = w.id AND m.result IS NULL))
            ORDER BY w.report_out_date, w.reference
            """, new { ownerId, today = Iso.Date(today) })).ToList();

    // The date of the next board meeting not yet held, today or later; null when none is scheduled.
    public static async Task<DateOnly?> NextMeetingAsync(DbConnection c, DateOnly today, DbTransaction? tx = null) =>
        await c.ExecuteScalarAsync<string?>(
            "SELECT MIN(meeting_date) FROM board_meetings WHERE held_at IS NULL AND meeting_date >= @today", new { today = Iso.Date(today) }, tx)
            is { } date ? Iso.ParseDate(date) : null;

    // Open board actions of board-member users: the user linked to the action's owner on the board member's form
    // (board_members.user_id). user null: everyone's.
    public static async Task<IReadOnlyList<OpenAction>> OpenActionsAsync(DbConnection c, long? userId, DbTransaction? tx = null) =>
        (await c.QueryAsync<OpenAction>("""
            SELECT u.id AS UserId, a.id AS Id, a.meeting_id AS MeetingId, a.text AS Text, a.due_on AS DueOn
            FROM board_actions a
            JOIN board_members bm ON bm.id = a.owner_member_id
            JOIN users u ON u.id = bm.user_id AND u.role = 'board' AND u.disabled = 0
            WHERE a.status = 'open' AND (CAST(@userId AS bigint) IS NULL OR u.id = @userId)
            ORDER BY a.due_on, a.id
            """, new { userId }, tx)).ToList();
}
