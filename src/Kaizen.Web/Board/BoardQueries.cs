using Dapper;
using Kaizen.Web.Data;
using System.Data.Common;

namespace Kaizen.Web.Board;

// Row types for Dapper: property-based, never positional (see STACK.md: a positional record fails on an empty result).
public sealed class MemberRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public long? TrustId { get; init; }
    public string? TrustName { get; init; }
    public string? TrustCode { get; init; }
    public string? Organisation { get; init; }
    public string Role { get; init; } = "";
    public string ActiveFrom { get; init; } = "";
    public string? ActiveTo { get; init; }
    public long Version { get; init; }
    // The Kaizen user who is this member (for My work and the reminder digests), and their name.
    public long? UserId { get; init; }
    public string? UserName { get; init; }

    public string OrganisationName => TrustName ?? Organisation ?? "";
    public string RoleWords => BoardCodes.Words(BoardCodes.MemberRoles, Role);
    public bool ActiveOn(DateOnly d) => Iso.ParseDate(ActiveFrom) <= d && (ActiveTo is null || Iso.ParseDate(ActiveTo) >= d);
}

public sealed class CompactVersionRow
{
    public long Id { get; init; }
    public long Number { get; init; }
    public string Vision { get; init; } = "";
    public string? AdoptedOn { get; init; }
    public string CreatedAt { get; init; } = "";
    public long Version { get; init; }
    public long Items { get; init; }

    public bool IsDraft => AdoptedOn is null;
}

public sealed class CompactItemRow
{
    public long Id { get; init; }
    public long CompactVersionId { get; init; }
    public long Position { get; init; }
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";

    public string KindWords => BoardCodes.Words(BoardCodes.ItemKinds, Kind);
}

public sealed class MeetingRow
{
    public long Id { get; init; }
    public string MeetingDate { get; init; } = "";
    public string? Notes { get; init; }
    public long? CompactVersionId { get; init; }
    public long? CompactNumber { get; init; }
    public string? HeldAt { get; init; }
    public string? HeldBy { get; init; }
    public string? FrozenJson { get; init; }
    public string CreatedAt { get; init; } = "";
    public long Version { get; init; }
    public long Attended { get; init; }
    public long Reflections { get; init; }
    public long ActionsRaised { get; init; }

    public DateOnly Date => Iso.ParseDate(MeetingDate);
    public bool IsHeld => HeldAt is not null;
}

public sealed class ReflectionRow
{
    public long Id { get; init; }
    public long MeetingId { get; init; }
    public long CompactItemId { get; init; }
    // The member whose reflection it is; null for the shared ratings recorded before reflections were per member.
    public long? MemberId { get; init; }
    public string? MemberName { get; init; }
    public string Rating { get; init; } = "";
    public string? Note { get; init; }

    public string Author => MemberName ?? "The board (before reflections were per member)";
}

public sealed class ActionRow
{
    public long Id { get; init; }
    public long MeetingId { get; init; }
    public string RaisedOn { get; init; } = "";
    public string Text { get; init; } = "";
    public long OwnerMemberId { get; init; }
    public string OwnerName { get; init; } = "";
    public string DueOn { get; init; } = "";
    public string Status { get; init; } = "";
    public string? DoneOn { get; init; }
    public long Version { get; init; }

    public bool IsOpen => Status == "open";
    public DateOnly Raised => Iso.ParseDate(RaisedOn);
    public DateOnly Due => Iso.ParseDate(DueOn);
    public DateOnly? Done => Iso.ParseDateOrNull(DoneOn);

    // Open on a given day: not done yet, or done after it.
    public bool OpenOn(DateOnly d) => Raised <= d && (Done is not { } done || done > d);
}

public static class BoardQueries
{
    const string MemberSelect = """
        SELECT m.id AS Id, m.name AS Name, m.trust_id AS TrustId, t.name AS TrustName, t.code AS TrustCode,
               m.organisation AS Organisation, m.role AS Role, m.active_from AS ActiveFrom, m.active_to AS ActiveTo,
               m.version AS Version, m.user_id AS UserId, u.display_name AS UserName
        FROM board_members m LEFT JOIN trusts t ON t.id = m.trust_id LEFT JOIN users u ON u.id = m.user_id
        """;

    public static async Task<IReadOnlyList<MemberRow>> MembersAsync(DbConnection c, DbTransaction? tx = null) =>
        (await c.QueryAsync<MemberRow>(MemberSelect + " ORDER BY m.active_to IS NOT NULL, COALESCE(t.name, m.organisation), m.name", transaction: tx)).ToList();

    public static Task<MemberRow?> MemberAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<MemberRow>(MemberSelect + " WHERE m.id = @id", new { id }, tx);

    public static async Task<IReadOnlyList<MemberRow>> MembersActiveOnAsync(DbConnection c, DateOnly date, DbTransaction? tx = null) =>
        (await c.QueryAsync<MemberRow>(MemberSelect + """
             WHERE m.active_from <= @date AND (m.active_to IS NULL OR m.active_to >= @date)
             ORDER BY COALESCE(t.name, m.organisation), m.name
            """, new { date = Iso.Date(date) }, tx)).ToList();

    const string VersionSelect = """
        SELECT v.id AS Id, v.number AS Number, v.vision AS Vision, v.adopted_on AS AdoptedOn, v.created_at AS CreatedAt,
               v.version AS Version, (SELECT COUNT(*) FROM compact_items i WHERE i.compact_version_id = v.id) AS Items
        FROM compact_versions v
        """;

    public static async Task<IReadOnlyList<CompactVersionRow>> CompactVersionsAsync(DbConnection c) =>
        (await c.QueryAsync<CompactVersionRow>(VersionSelect + " ORDER BY v.number DESC")).ToList();

    public static Task<CompactVersionRow?> CompactVersionAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<CompactVersionRow>(VersionSelect + " WHERE v.id = @id", new { id }, tx);

    // The version in force: the latest adopted, or the latest adopted on or before a date.
    public static Task<CompactVersionRow?> InForceAsync(DbConnection c, DateOnly? on = null, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<CompactVersionRow>(VersionSelect + """
             WHERE v.adopted_on IS NOT NULL AND (@on IS NULL OR v.adopted_on <= @on)
             ORDER BY v.adopted_on DESC, v.number DESC LIMIT 1
            """, new { on = Iso.Date(on) }, tx);

    public static async Task<IReadOnlyList<CompactItemRow>> ItemsAsync(DbConnection c, long versionId, DbTransaction? tx = null) =>
        (await c.QueryAsync<CompactItemRow>("""
            SELECT id AS Id, compact_version_id AS CompactVersionId, position AS Position, kind AS Kind, text AS Text
            FROM compact_items WHERE compact_version_id = @versionId ORDER BY position, id
            """, new { versionId }, tx)).ToList();

    const string MeetingSelect = """
        SELECT b.id AS Id, b.meeting_date AS MeetingDate, b.notes AS Notes, b.compact_version_id AS CompactVersionId,
               v.number AS CompactNumber, b.held_at AS HeldAt, b.held_by AS HeldBy, b.frozen_json AS FrozenJson,
               b.created_at AS CreatedAt, b.version AS Version,
               (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = b.id) AS Attended,
               (SELECT COUNT(*) FROM meeting_reflections r WHERE r.meeting_id = b.id) AS Reflections,
               (SELECT COUNT(*) FROM board_actions x WHERE x.meeting_id = b.id) AS ActionsRaised
        FROM board_meetings b LEFT JOIN compact_versions v ON v.id = b.compact_version_id
        """;

    public static async Task<IReadOnlyList<MeetingRow>> MeetingsAsync(DbConnection c) =>
        (await c.QueryAsync<MeetingRow>(MeetingSelect + " ORDER BY b.meeting_date DESC, b.id DESC")).ToList();

    public static Task<MeetingRow?> MeetingAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<MeetingRow>(MeetingSelect + " WHERE b.id = @id", new { id }, tx);

    public static async Task<IReadOnlyList<MeetingRow>> MeetingsInMonthAsync(DbConnection c, Month month, DbTransaction? tx = null) =>
        (await c.QueryAsync<MeetingRow>(MeetingSelect + " WHERE b.meeting_date >= @from AND b.meeting_date <= @to ORDER BY b.meeting_date, b.id",
            new { from = Iso.Date(month.First), to = Iso.Date(month.Last) }, tx)).ToList();

    public static async Task<IReadOnlyList<ReflectionRow>> ReflectionsAsync(DbConnection c, long meetingId, DbTransaction? tx = null) =>
        (await c.QueryAsync<ReflectionRow>("""
            SELECT r.id AS Id, r.meeting_id AS MeetingId, r.compact_item_id AS CompactItemId, r.member_id AS MemberId,
                   m.name AS MemberName, r.rating AS Rating, r.note AS Note
            FROM meeting_reflections r LEFT JOIN board_members m ON m.id = r.member_id
            WHERE r.meeting_id = @meetingId ORDER BY m.name IS NULL, m.name, r.id
            """, new { meetingId }, tx)).ToList();

    public static async Task<IReadOnlySet<long>> AttendanceAsync(DbConnection c, long meetingId, DbTransaction? tx = null) =>
        (await c.QueryAsync<long>("SELECT member_id FROM meeting_attendance WHERE meeting_id = @meetingId", new { meetingId }, tx)).ToHashSet();

    const string ActionSelect = """
        SELECT a.id AS Id, a.meeting_id AS MeetingId, b.meeting_date AS RaisedOn, a.text AS Text,
               a.owner_member_id AS OwnerMemberId, m.name AS OwnerName, a.due_on AS DueOn, a.status AS Status,
               a.done_on AS DoneOn, a.version AS Version
        FROM board_actions a
        JOIN board_meetings b ON b.id = a.meeting_id
        JOIN board_members m ON m.id = a.owner_member_id
        """;

    public static Task<ActionRow?> ActionAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<ActionRow>(ActionSelect + " WHERE a.id = @id", new { id }, tx);

    // The actions a meeting looks at: those raised at it, and those raised at any earlier meeting that were still open
    // on its date (open now, or done on or after that day). They carry over until they are marked done.
    public static async Task<IReadOnlyList<ActionRow>> ActionsForMeetingAsync(DbConnection c, MeetingRow meeting) =>
        (await c.QueryAsync<ActionRow>(ActionSelect + """
             WHERE a.meeting_id = @id
                OR ((b.meeting_date < @date OR (b.meeting_date = @date AND b.id < @id))
                    AND (a.status = 'open' OR a.done_on >= @date))
             ORDER BY b.meeting_date, a.id
            """, new { id = meeting.Id, date = meeting.MeetingDate })).ToList();

    // Actions raised at meetings on or before a day and not done by then.
    public static async Task<IReadOnlyList<ActionRow>> OpenActionsOnAsync(DbConnection c, DateOnly on) =>
        (await c.QueryAsync<ActionRow>(ActionSelect + """
             WHERE b.meeting_date <= @on AND (a.status = 'open' OR a.done_on > @on)
             ORDER BY b.meeting_date, a.due_on, a.id
            """, new { on = Iso.Date(on) })).ToList();
}
