using System.Net;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Export.ReportWorkbookKit;
using static Kaizen.Web.Tests.Export.XlsxTestFiles;
using static Kaizen.Web.Tests.Reports.ReportSeed;

namespace Kaizen.Web.Tests.Export;

// Text a user typed into the app that Excel would run as a formula comes out of every report workbook as text.
public sealed class ReportWorkbookTextTests : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_formula_entered_as_a_workshop_title_comes_out_as_text_in_the_workshops_sheet()
    {
        app.Time.Now = new DateTimeOffset(2025, 6, 15, 11, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        long workshop;
        using (var db = app.OpenDb())
        {
            var vs = ValueStream(db, cast.TrustA, "+Outpatients");
            workshop = Workshop(db, vs, "KZ-01", "Booking", "2025-03-07");
            Measure(db, workshop, "process_time", "@SUM(A1:A9)", 600, result: 240);
            Measure(db, workshop, "error_count", "-1+2", 20, baselineDen: 10, result: 6, resultDen: 10);
        }

        // The lead types it into the workshop's edit form, as a user would.
        const string title = "=HYPERLINK(\"http://x\",\"y\")";
        var lead = await cast.LeadA();
        var saved = await lead.PostFormAsync($"/Workshops/Edit/{workshop}", new() { ["Input.Title"] = title });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(title, app.Scalar<string>("SELECT title FROM workshops WHERE id = @workshop", new { workshop }));

        foreach (var url in new[] { "/Dashboard?handler=Excel", $"/Trusts/Details/{cast.TrustA}?handler=Excel", "/Problems?handler=Excel" })
        {
            using var file = await lead.DownloadAsync(url);
            foreach (var name in SheetNames(file.Document))
                Assert.Empty(SheetPart(file.Document, name).Worksheet.Descendants<CellFormula>());

            var grid = Grid(file.Document, "Workshops");
            var h = Headers(grid);
            var rows = DataRows(grid).ToList();
            Assert.Equal(2, rows.Count);
            foreach (var (column, text) in new[] { ("Title", title), ("Value stream", "+Outpatients"), ("Measure", "@SUM(A1:A9)") })
            {
                var cell = rows.Select(r => r[h[column]]).First(c => Text(c) == text);
                Assert.Equal(CellValues.SharedString, cell.DataType!.Value);
                Assert.Null(cell.CellFormula);
                Assert.True(StyleOf(file.Document, cell).QuotePrefix?.Value, $"{column} is not marked as text");
            }
            var minus = rows.Select(r => r[h["Measure"]]).Single(c => Text(c) == "-1+2");
            Assert.True(StyleOf(file.Document, minus).QuotePrefix?.Value);
        }
    }

    [Fact]
    public async Task A_programme_with_no_workshops_still_downloads_a_valid_workbook_that_says_so()
    {
        var cast = await app.CastAsync();
        var board = await cast.Board();
        using var file = await board.DownloadAsync("/Dashboard?handler=Excel&from=2025-02-01&to=2025-01-01");
        var summary = Grid(file.Document, "Summary");
        Assert.Contains(summary.Values, r => r.Text("A") == "No workshops match these filters yet.");
        Assert.Contains(summary.Values, r => r.Text("A").StartsWith("Note: The from date (01/02/2025) is after the to date"));
        Assert.Equal("Process time (0 workshops) no data; Total errors (0 workshops) no data; Error rate (0 workshops) no data",
            summary[RowWhere(summary, "A", "Headline").Number + 1].Text("A"));
        Assert.Empty(DataRows(Grid(file.Document, "Workshops")));
        Assert.Empty(DataRows(Grid(file.Document, "Follow-ups")));
    }
}
