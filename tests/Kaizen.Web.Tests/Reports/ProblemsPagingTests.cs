using Kaizen.Web.Data;
using Kaizen.Web.Tests.Board;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reports;

// The problems page groups each kind of problem with its count, shows 25 rows of a group at a time, and orders a group
// by what the reader chooses, keeping the report's filters in every link.
public abstract class ProblemsPagingTests : IDisposable
{
    private readonly KaizenApp app;

    protected ProblemsPagingTests(KaizenApp app) => (this.app = app).Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_long_group_is_paged_25_at_a_time_ordered_as_chosen_with_the_filters_kept()
    {
        var cast = await app.CastAsync();
        var vsA = app.ValueStream(cast.TrustA, "A's stream");
        var vsB = app.ValueStream(cast.TrustB, "B's stream");
        // 30 workshops whose 30-day follow-up (and no later one) is overdue on 15/06/2021: report-outs 16/04/2021 to
        // 15/05/2021, one a day, alternating trusts.
        for (var i = 0; i < 30; i++)
        {
            var ws = app.Workshop(i % 2 == 0 ? vsA : vsB, new DateOnly(2021, 4, 12).AddDays(i), status: "completed", reference: $"KZ-{i:00}");
            app.Measure(ws, "process_time", 600, 300);
        }
        var admin = await cast.Admin();

        var page = await admin.GetDocumentAsync("/Problems?checkpoint=30");
        Assert.Equal("Follow-ups overdue (30)", page.Text("#overdue-heading"));
        // The summary names what each count counts, as the dashboard does.
        Assert.Equal("30follow-ups overdue, in 30 workshops", page.Text("#problem-counts [data-problem='overdue']"));
        var rows = page.QuerySelectorAll("#overdue tbody tr");
        Assert.Equal(25, rows.Length);
        Assert.StartsWith("KZ-00", rows[0].QuerySelector("td")!.TextContent);
        Assert.Equal("Showing 1–25 of 30", page.Text("#overdue [data-pages]"));
        var next = page.QuerySelector("#overdue a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/Problems?checkpoint=30&group=overdue&sort=due&page=2#overdue", next);

        var second = await admin.GetDocumentAsync(next);
        Assert.Equal(5, second.QuerySelectorAll("#overdue tbody tr").Length);
        Assert.StartsWith("KZ-25", second.QuerySelector("#overdue tbody tr td")!.TextContent);
        // The other groups are not moved by this group's paging.
        Assert.Equal(25, second.QuerySelectorAll("#awaiting tbody tr").Length);

        var byRecent = await admin.GetDocumentAsync(page.QuerySelector("#overdue a[data-sort=recent]")!.GetAttribute("href")!);
        Assert.StartsWith("KZ-29", byRecent.QuerySelector("#overdue tbody tr td")!.TextContent);
        Assert.Equal("most recently due first", byRecent.Text("#overdue [aria-current]"));
        var byTrust = await admin.GetDocumentAsync("/Problems?checkpoint=30&group=overdue&sort=trust");
        Assert.Equal(15, byTrust.QuerySelectorAll("#overdue tbody tr").Count(r => r.Children[1].TextContent == "Trust A"));
        Assert.Equal("Trust A", byTrust.QuerySelector("#overdue tbody tr")!.Children[1].TextContent);

        // A hand-edited link: an order Kaizen does not know is the usual order; a page past the end is the last page.
        var odd = await admin.GetDocumentAsync("/Problems?checkpoint=30&group=overdue&sort=nonsense&page=99");
        Assert.Equal("Showing 26–30 of 30", odd.Text("#overdue [data-pages]"));
        Assert.Equal("longest overdue first", odd.Text("#overdue [aria-current]"));
    }
}

public sealed class ProblemsPagingTestsOnSqlite() : ProblemsPagingTests(new KaizenApp());

public sealed class ProblemsPagingTestsOnPostgreSql() : ProblemsPagingTests(new KaizenApp(DatabaseEngine.PostgreSql));
