using System.Data.Common;
using Microsoft.Data.Sqlite;
using static Kaizen.Web.Tests.Board.BoardSeed;

namespace Kaizen.Web.Tests.Board;

// The programme of SinceLastMeetingTests (worked out by hand there), shared with the browser tests.
public static class SinceScenario
{
    // The programme above, with the February meeting held and frozen; also used by the browser tests. extraOverdue
    // more workshops of trust A (KZ-L01...), reported out 25/01/2021 with one measure each, add as many follow-ups
    // overdue since the meeting (30-day, due 24/02/2021).
    public static async Task<(long Meeting, long ValueStreamB)> SeedAsync(DbConnection db, long trustA, long trustB, int extraOverdue = 0)
    {
        var vsA = ValueStream(db, trustA, "Outpatients");
        var vsB = ValueStream(db, trustB, "Theatres");
        var a1 = Measure(db, Workshop(db, vsA, "KZ-A1", "Outpatient booking", "2021-01-05"), "process_time", "Referral to booking", 600, 240);
        Measure(db, Workshop(db, vsA, "KZ-A2", "Clinic letters", "2021-01-20"), "error_count", "Letters with errors", 20, 10, 10, 10);
        Measure(db, Workshop(db, vsB, "KZ-B0", "Theatre lists", "2021-01-10"), "process_time", "List to theatre", 100, 50);
        for (var i = 1; i <= extraOverdue; i++)
            Measure(db, Workshop(db, vsA, $"KZ-L{i:00}", $"Pharmacy round {i}", "2021-01-25"), "process_time", $"Round {i} time", 100, 60);
        var v1 = Compact(db, 1, "Improving together", "2020-06-01", ("behaviour", "We listen before we judge"));
        var meeting = Meeting(db, "2021-02-15", v1);
        await FreezeAsync(db, meeting, new DateOnly(2021, 2, 15), "2021-02-15T17:00:00Z");

        // After the meeting: a workshop logged late that got worse, a follow-up recorded that did not last, a revision.
        Measure(db, Workshop(db, vsB, "KZ-B1", "Theatre turnaround", "2021-02-10"), "process_time", "Turnaround", 100, 150);
        FollowUp(db, a1, 30, 500, "2021-03-01T09:00:00Z");
        Revision(db, vsB, "2021-03-02T09:00:00Z", "Theatres now include day surgery");
        Revision(db, vsB, "2021-02-14T09:00:00Z", "Before the meeting: not a change since");
        return (meeting, vsB);
    }
}
