using Dapper;
using Kaizen.Web.Tests.Export;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Board;

public class PackWorkbookTests : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_monthly_pack_downloads_as_a_valid_workbook_with_reflections_and_actions()
    {
        app.Time.Now = new DateTimeOffset(2021, 4, 20, 9, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var ws = app.Workshop(vs, new DateOnly(2021, 3, 1), status: "completed");
        app.Measure(ws, "process_time", 600, 300);
        var board = app.Board(cast.TrustA);
        using (var db = app.OpenDb())
            db.Execute("""
                INSERT INTO meeting_reflections (meeting_id, compact_item_id, rating, note)
                SELECT @meeting, id, 'partly', 'Getting there' FROM compact_items WHERE compact_version_id = @compact AND position = 1
                """, new { meeting = board.Meeting, compact = board.Compact });
        var reader = await cast.Board();

        using var download = await reader.DownloadAsync("/Board/Pack?handler=Excel&month=2021-03");

        Assert.Equal("kaizen-pack-2021-03-2021-04-20.xlsx", download.FileName);
        var sheets = ReportWorkbookKit.SheetNames(download.Document);
        Assert.Equal("Summary", sheets[0]);
        Assert.Contains("Workshops", sheets);
        Assert.Equal(["Reflections", "Actions"], sheets.TakeLast(2));
        var reflections = ReportWorkbookKit.Grid(download.Document, "Reflections");
        Assert.Contains(reflections.Values, row => row.Values.Any(c => c.InnerText == "partly"));
        var actions = ReportWorkbookKit.Grid(download.Document, "Actions");
        Assert.Contains(actions.Values, row => row.Values.Any(c => c.InnerText == "Share the discharge lessons"));
    }
}
