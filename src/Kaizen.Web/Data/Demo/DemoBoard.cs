using Dapper;
using Kaizen.Web.Board;
using System.Data.Common;

namespace Kaizen.Web.Data.Demo;

// The demonstration programme's Transformation Guiding Board (the seed: "all 5 CEOs plus select NHS regulators",
// meeting monthly, reflecting on a compact they wrote together): seven members, a compact adopted in 2016 and
// revised in 2019, a year of monthly meetings (November 2020 to October 2021) with attendance, each member's
// reflections and actions that carry over, and the September 2021 meeting held with its figures frozen. Every value
// is fixed, so that every load is the same. Skipped when the database already has a compact (an administrator's own
// board comes first).
public static class DemoBoard
{
    public const int Members = 7;
    public const int Meetings = 12;
    public static readonly DateOnly HeldMeeting = new(2021, 9, 9);

    static readonly (string Name, string Trust)[] Chiefs =
    [
        ("Michael Wilson", "SASH"), ("Julian Hartley", "LTHT"), ("Andy Hardy", "UHCW"), ("Simon Wright", "SATH"), ("Matthew Hopkins", "BHRUT"),
    ];

    static readonly (string Name, string Organisation)[] Regulators =
    [
        ("Ruth May", "NHS Improvement"), ("Ted Baker", "Care Quality Commission"),
    ];

    static readonly (string Kind, string Text)[] FirstCompact =
    [
        ("behaviour", "We speak openly about what is not working, in this room and in our own trusts"),
        ("behaviour", "We coach one another rather than judge"),
        ("behaviour", "We come to every meeting and give it the whole day"),
        ("responsibility", "We bring honest data on our value streams, good and bad"),
        ("responsibility", "We remove the barriers our improvement teams name"),
    ];

    // Version 2 keeps four items' words, rewords one and adds one (the 2019 review after the regulators joined).
    static readonly (string Kind, string Text)[] SecondCompact =
    [
        ("behaviour", "We speak openly about what is not working, in this room and in our own trusts"),
        ("behaviour", "We coach one another rather than judge"),
        ("behaviour", "We come to every meeting and give it the whole day"),
        ("responsibility", "We bring honest data on our value streams, good and bad"),
        ("responsibility", "We remove the barriers our improvement teams name, and say which we could not"),
        ("responsibility", "We keep improvement going when regulators ask us to concentrate on compliance"),
    ];

    static readonly string[] Notes =
    [
        "The value stream review at SATH showed what happens when we stop: we said so, kindly.",
        "Still too much reporting upwards and not enough coaching downwards.",
        "Two of us missed the afternoon again.",
        "The regulators' questions helped rather than judged.",
        "We named the barrier in theatres but did not remove it this month.",
        "Good: every trust brought its overdue follow-ups without being asked.",
    ];

    static readonly string[] Actions =
    [
        "Bring the overdue 60- and 90-day follow-ups of each trust, with the owner of each",
        "Share the discharge lessons from SASH with the other four trusts",
        "Agree one shared measure for the emergency department value streams",
        "Report back on the theatre scheduling barrier named in the last meeting",
        "Invite an improvement lead from each trust to the next meeting's morning",
        "Review which value streams have had no workshop for 90 days",
    ];

    public static bool Load(DbConnection connection, DbTransaction tx, IReadOnlyDictionary<string, long> trustIds, string nowIso)
    {
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM compact_versions", transaction: tx) > 0) return false;

        var members = new List<long>();
        foreach (var (name, trust) in Chiefs)
            if (trustIds.TryGetValue(trust, out var trustId))
                members.Add(connection.ExecuteScalar<long>(
                    "INSERT INTO board_members (name, trust_id, role, active_from) VALUES (@name, @trustId, 'ceo', '2016-06-01') RETURNING id",
                    new { name, trustId }, tx));
        foreach (var (name, organisation) in Regulators)
            members.Add(connection.ExecuteScalar<long>(
                "INSERT INTO board_members (name, organisation, role, active_from) VALUES (@name, @organisation, 'regulator', '2017-01-01') RETURNING id",
                new { name, organisation }, tx));

        long Version(int number, string vision, string adopted, (string Kind, string Text)[] items)
        {
            var id = connection.ExecuteScalar<long>("INSERT INTO compact_versions (number, vision, created_at) VALUES (@number, @vision, @created) RETURNING id",
                new { number, vision, created = adopted + "T09:00:00Z" }, tx);
            for (var i = 0; i < items.Length; i++)
                connection.Execute("INSERT INTO compact_items (compact_version_id, position, kind, text) VALUES (@id, @position, @Kind, @Text)",
                    new { id, position = i + 1, items[i].Kind, items[i].Text }, tx);
            connection.Execute("UPDATE compact_versions SET adopted_on = @adopted WHERE id = @id", new { adopted, id }, tx);
            return id;
        }
        Version(1, "Improving care together, by learning together", "2016-09-01", FirstCompact);
        var v2 = Version(2, "Improving care together, by learning together: five trusts and their regulators at one table", "2019-04-04", SecondCompact);
        var items = connection.Query<long>("SELECT id FROM compact_items WHERE compact_version_id = @v2 ORDER BY position", new { v2 }, tx).ToList();

        // The second Thursday of each month from November 2020; a fixed pattern of who came, what they rated and noted.
        var ratings = new[] { "living", "partly", "partly", "not_yet", "living", "partly", "living" };
        var heldId = 0L;
        var openActions = new List<(long Id, int Meeting)>();
        for (var k = 0; k < Meetings; k++)
        {
            var first = new DateOnly(2020, 11, 1).AddMonths(k);
            var date = first.AddDays((11 - (int)first.DayOfWeek) % 7 + 7);
            var meeting = connection.ExecuteScalar<long>("""
                INSERT INTO board_meetings (meeting_date, compact_version_id, notes, created_at) VALUES (@date, @v2, @notes, @created) RETURNING id
                """, new { date = Iso.Date(date), v2, notes = $"Monthly meeting {k + 1} of the demonstration year.", created = Iso.Date(date.AddDays(-28)) + "T09:00:00Z" }, tx);
            if (date == HeldMeeting) heldId = meeting;
            for (var m = 0; m < members.Count; m++)
            {
                if ((k + m) % 5 == 4) continue; // one or two absent each month
                connection.Execute("INSERT INTO meeting_attendance (meeting_id, member_id) VALUES (@meeting, @member)", new { meeting, member = members[m] }, tx);
                for (var i = 0; i < items.Count; i++)
                {
                    // Ratings drift towards "living it" over the year; one note in five.
                    var rating = ratings[(i * 3 + m + (k < 6 ? 0 : 4)) % ratings.Length];
                    var note = (i + m + k) % 5 == 0 ? Notes[(i + m + k) % Notes.Length] : null;
                    connection.Execute("""
                        INSERT INTO meeting_reflections (meeting_id, compact_item_id, member_id, rating, note) VALUES (@meeting, @item, @member, @rating, @note)
                        """, new { meeting, item = items[i], member = members[m], rating, note }, tx);
                }
            }
            // Each meeting raises an action; most are done two meetings later, some carry over to the end of the year.
            var action = connection.ExecuteScalar<long>("""
                INSERT INTO board_actions (meeting_id, text, owner_member_id, due_on, created_at) VALUES (@meeting, @text, @owner, @due, @created) RETURNING id
                """, new { meeting, text = Actions[k % Actions.Length], owner = members[k % members.Count], due = Iso.Date(date.AddDays(28)), created = Iso.Date(date) + "T16:00:00Z" }, tx);
            openActions.Add((action, k));
            foreach (var (id, raisedAt) in openActions.Where(a => a.Meeting == k - 2 && a.Meeting % 3 != 1).ToList())
            {
                connection.Execute("UPDATE board_actions SET status = 'done', done_on = @date WHERE id = @id", new { date = Iso.Date(date), id }, tx);
                openActions.RemoveAll(a => a.Id == id);
            }
        }

        // The demonstration board user is the SASH chief executive, so that My work and the meeting page are theirs.
        connection.Execute("""
            UPDATE board_members SET user_id = (SELECT id FROM users WHERE email = 'demo.board@kaizen.example' AND role = 'board')
            WHERE id = @member AND NOT EXISTS (SELECT 1 FROM board_members WHERE user_id = (SELECT id FROM users WHERE email = 'demo.board@kaizen.example'))
            """, new { member = members[0] }, tx);

        // September 2021 held: the figures for the month as the board saw them, frozen as the Hold page would freeze them.
        var figures = PackFigures.ComputeAsync(connection, Month.Of(HeldMeeting), HeldMeeting.AddDays(1), tx).GetAwaiter().GetResult();
        connection.Execute("""
            UPDATE board_meetings SET held_at = @heldAt, held_by = 'Demo Administrator', frozen_json = @json, version = version + 1 WHERE id = @heldId
            """, new { heldAt = Iso.Date(HeldMeeting) + "T17:00:00Z", json = figures.Freeze(nowIso).ToJson(), heldId }, tx);
        return true;
    }
}
