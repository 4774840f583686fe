using System.Net;
using System.Text;
using Kaizen.Web.Export;
using Kaizen.Web.Import;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// Files that cannot be imported at all get one plain message beside the file input, never an error page.
public abstract class ImportFileTests(DatabaseEngine engine) : IAsyncLifetime
{
    protected ImportKit kit = null!;

    public async Task InitializeAsync() => kit = await StartAsync(engine);

    public Task DisposeAsync()
    {
        kit.Dispose();
        return Task.CompletedTask;
    }

    protected async Task<string> UploadExpectingFileMessageAsync(byte[] bytes, string fileName = "workshops.xlsx")
    {
        var before = kit.Counts();
        var page = await UploadPageAsync(await kit.Cast.LeadA(), bytes, fileName);
        var message = FileMessage(page);
        Assert.False(string.IsNullOrEmpty(message), "Expected a message beside the file input:\n" + page.QuerySelector("main")?.TextContent);
        Assert.Empty(Problems(page));
        Assert.Null(page.QuerySelector("form[action='/Import/Confirm']"));
        Assert.Equal(before, kit.Counts());
        return message!;
    }

    [Fact]
    public async Task An_empty_file_gets_a_plain_message()
    {
        var message = await UploadExpectingFileMessageAsync([], "empty.xlsx");

        Assert.Contains("empty.xlsx is empty (0 bytes)", message);
    }

    [Fact]
    public async Task A_csv_renamed_xlsx_gets_a_plain_message()
    {
        var csv = Encoding.UTF8.GetBytes(string.Join(",", Headers) + "\r\nTRA-2024-01,TRA,Outpatients,Faster triage\r\n");

        var message = await UploadExpectingFileMessageAsync(csv, "workshops.xlsx");

        Assert.Contains("This file is not an Excel workbook (.xlsx)", message);
        Assert.Contains("CSV", message);
    }

    [Fact]
    public async Task A_20_MB_file_gets_a_plain_message_not_an_error()
    {
        var before = kit.Counts();
        var lead = await kit.Cast.LeadA();
        var page = await lead.GetDocumentAsync("/Import");
        var token = page.QuerySelector("form[enctype='multipart/form-data'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var big = new byte[20 * 1024 * 1024];
        new Random(7).NextBytes(big);
        "PK"u8.CopyTo(big);

        var response = await PostFileAsync(lead, token, big, "huge.xlsx");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await lead.GetDocumentAsync(response.Headers.Location!.OriginalString);
        var message = FileMessage(after);
        Assert.NotNull(message);
        Assert.Contains("too large to import", message);
        Assert.Contains("at most 10 MB", message);
        Assert.Equal(before, kit.Counts());
    }

    [Fact]
    public async Task A_workbook_without_a_Workshops_sheet_or_without_rows_gets_a_plain_message()
    {
        var noSheet = new MemoryStream();
        using (var wb = new XlsxWorkbook(noSheet)) wb.AddSheet("Sheet1", [new XlsxColumn("Reference")]).WriteRow("TRA-1");
        Assert.Contains("no sheet called \"Workshops\"", await UploadExpectingFileMessageAsync(noSheet.ToArray()));

        Assert.Contains("The Workshops sheet has no rows to import", await UploadExpectingFileMessageAsync(Workbook()));
    }

    [Fact]
    public async Task The_template_downloads_explains_every_column_and_imports_as_it_is()
    {
        var lead = await kit.Cast.LeadA();
        var response = await lead.GetAsync("/Import/Template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using (var reader = XlsxReader.Open(new MemoryStream(bytes)))
        {
            Assert.Equal(["Workshops", "Read me", "Value streams", "Value stream data"], reader.SheetNames);
            var rows = reader.ReadRows("Workshops").ToList();
            Assert.Equal(Headers, Enumerable.Range(1, Headers.Length).Select(c => rows[0][c] as string));
            Assert.Equal(2, rows.Count);   // the headers and one example row
            Assert.Equal("Discharge", rows[1]["C"]);   // the lead's first value stream, so the example imports as it is
            var readMe = reader.ReadRows("Read me").ToList();
            foreach (var header in Headers)
                Assert.Contains(readMe, r => r["A"] as string == header && !string.IsNullOrWhiteSpace(r["C"] as string));
            Assert.Contains(readMe, r => (r["C"] as string ?? "").Contains("5 means 5%"));
        }

        var status = await ImportAsync(lead, bytes);

        Assert.Equal("Imported 1 workshop: 1 created, 0 updated.", status);
        Assert.Equal(new Counts(1, 1, 2), kit.Counts());
    }

    [Fact]
    public async Task A_board_member_gets_403_on_the_page_the_template_and_an_upload()
    {
        var board = await kit.Cast.Board();
        Assert.Equal(HttpStatusCode.Forbidden, (await board.GetAsync("/Import")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await board.GetAsync("/Import/Template")).StatusCode);

        // The antiforgery token is per user, not per form: take it from the sign-out form every page has.
        var home = await board.GetDocumentAsync("/");
        var token = home.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var before = kit.Counts();

        var response = await PostFileAsync(board, token, Workbook(Row()), "workshops.xlsx");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = kit.Counts();
        Assert.Equal((before.Workshops, before.Measures), (after.Workshops, after.Measures));
    }
}

public sealed class ImportFileTestsOnSqlite() : ImportFileTests(DatabaseEngine.Sqlite);

public sealed class ImportFileTestsOnPostgreSql() : ImportFileTests(DatabaseEngine.PostgreSql);
