using Kaizen.Web.Data;
using Kaizen.Web.Import;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// One app for the class on the engine given (ImportKit.StartAsync), since no test here writes anything it keeps.
public abstract class HostileUploadApp(DatabaseEngine engine) : IAsyncLifetime
{
    public ImportKit Kit { get; private set; } = null!;

    public async Task InitializeAsync() => Kit = await StartAsync(engine);

    public Task DisposeAsync()
    {
        Kit.Dispose();
        return Task.CompletedTask;
    }
}

// The hostile workbooks of ImportLimitTests uploaded through the Import page, as a lead would: the page says which
// limit the file is past, nothing is written, and the upload is not kept.
public abstract class ImportHostileUploadTests(HostileUploadApp app)
{
    private ImportKit Kit => app.Kit;

    private async Task<string> UploadExpectingFileMessageAsync(byte[] bytes, string fileName = "workshops.xlsx")
    {
        var before = Kit.Counts();
        var page = await UploadPageAsync(await Kit.Cast.LeadA(), bytes, fileName);
        var message = FileMessage(page);
        Assert.False(string.IsNullOrEmpty(message), "Expected a message beside the file input:\n" + page.QuerySelector("main")?.TextContent);
        Assert.Empty(Problems(page));
        Assert.Null(page.QuerySelector("form[action='/Import/Confirm']"));
        Assert.Equal(before, Kit.Counts());
        Assert.Empty(Kit.PendingUploads());
        return message!;
    }

    [Theory]
    [MemberData(nameof(ImportLimitTests.HostileFiles), MemberType = typeof(ImportLimitTests))]
    public async Task A_hostile_workbook_gets_a_message_naming_its_limit_and_nothing_is_written(string file, string message)
    {
        Assert.Contains(message, await UploadExpectingFileMessageAsync(ImportLimitTests.File(file)));
    }

    [Fact]
    public async Task The_import_page_states_the_limits()
    {
        var page = await (await Kit.Cast.LeadA()).GetDocumentAsync("/Import");

        var limits = Squash(page.GetElementById("import-limits")!.TextContent);
        Assert.Contains("at most 20,000 rows (one per measure) and 100 columns", limits);
        Assert.Contains("32,767 characters in a cell", limits);
        Assert.Contains("macro-enabled workbook (.xlsm) is refused", limits);
    }

    [Fact]
    public async Task A_macro_enabled_workbook_renamed_xlsx_is_refused_by_its_content_type()
    {
        var macro = HostileWorkbooks.Build(s => Write(s), workbookType: HostileWorkbooks.MacroWorkbookType);
        Assert.Contains("This workbook contains macros", await UploadExpectingFileMessageAsync(macro, "workshops.xlsx"));

        var withVba = HostileWorkbooks.Build(s => Write(s), vbaProject: true);
        Assert.Contains("This workbook contains macros", await UploadExpectingFileMessageAsync(withVba, "workshops.xlsx"));
    }

    // One good row, so that only the package's content decides.
    private static void Write(Stream s) =>
        HostileWorkbooks.Write(s, "<row>" + string.Concat(Row().Select(v => v switch
        {
            null => "<c/>",
            string t => $"<c t=\"inlineStr\"><is><t>{t}</t></is></c>",
            DateOnly d => $"<c t=\"inlineStr\"><is><t>{d:yyyy-MM-dd}</t></is></c>",
            _ => $"<c><v>{Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}</v></c>",
        })) + "</row>");

    [Fact]
    public async Task The_same_workbook_without_macros_is_offered_for_import()
    {
        var lead = await Kit.Cast.LeadA();
        var page = await UploadPageAsync(lead, HostileWorkbooks.Build(s => Write(s)));

        Assert.Null(FileMessage(page));
        Assert.Empty(Problems(page));
        Assert.NotNull(page.QuerySelector("form[action='/Import/Confirm']"));
        var cancel = page.QuerySelectorAll("form").OfType<AngleSharp.Html.Dom.IHtmlFormElement>().Single(f => f.GetAttribute("action") == "/Import/Cancel");
        await lead.PostAsync("/Import/Cancel", Http.Encode(Http.FormValues(cancel)));
        Assert.Empty(Kit.PendingUploads());
    }

    [Fact]
    public async Task Twenty_thousand_rows_with_problems_show_the_first_thousand_and_count_the_rest()
    {
        var bytes = HostileWorkbooks.Build(s => HostileWorkbooks.Repeat(s, "<row><c><v>1</v></c></row>", ImportReader.MaxRows));
        var before = Kit.Counts();

        var page = await UploadPageAsync(await Kit.Cast.LeadA(), bytes);

        Assert.Equal(ImportProblemList.Kept, Problems(page).Count);
        var more = Squash(page.GetElementById("import-problems-more")!.TextContent);
        Assert.Matches(@"^and \d{1,3}(,\d{3})* more problems, not listed", more);
        var hidden = int.Parse(more.Split(' ')[1].Replace(",", ""));
        Assert.True(hidden >= 6 * ImportReader.MaxRows - ImportProblemList.Kept, more);
        Assert.Contains($"{hidden + ImportProblemList.Kept:N0} problems", Squash(page.GetElementById("import-problems-summary")!.TextContent));
        Assert.Equal(before, Kit.Counts());
        Assert.Empty(Kit.PendingUploads());
    }
}

public sealed class HostileUploadAppOnSqlite() : HostileUploadApp(DatabaseEngine.Sqlite);

public sealed class HostileUploadAppOnPostgreSql() : HostileUploadApp(DatabaseEngine.PostgreSql);

public sealed class ImportHostileUploadTestsOnSqlite(HostileUploadAppOnSqlite app) : ImportHostileUploadTests(app), IClassFixture<HostileUploadAppOnSqlite>;

public sealed class ImportHostileUploadTestsOnPostgreSql(HostileUploadAppOnPostgreSql app) : ImportHostileUploadTests(app), IClassFixture<HostileUploadAppOnPostgreSql>;
