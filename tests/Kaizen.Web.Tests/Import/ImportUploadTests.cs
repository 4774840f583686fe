using System.Diagnostics;
using System.Net;
using Dapper;
using Kaizen.Web.Import;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// Uploads waiting for a confirm cost disk: a few per user, never kept by a confirm that failed, and gone after a day
// whether or not anyone uploads again.
public abstract class ImportUploadTests(DatabaseEngine engine) : IAsyncLifetime
{
    private ImportKit kit = null!;

    // The sweep runs every 100 ms here (every 15 minutes by default), so a test can wait for it.
    public async Task InitializeAsync() => kit = await StartAsync(engine, app => app.Settings["Kaizen:ImportUploads:SweepEvery"] = "00:00:00.100");

    public Task DisposeAsync()
    {
        kit.Dispose();
        return Task.CompletedTask;
    }

    private static byte[] WorkbookFor(string reference, string trust = "TRA", string stream = "Outpatients") =>
        Workbook(Row((Col.Reference, reference), (Col.TrustCode, trust), (Col.ValueStream, stream)));

    private static async Task<AngleSharp.Dom.IDocument> PreviewAsync(HttpClient client, byte[] bytes)
    {
        var page = await UploadPageAsync(client, bytes);
        Assert.True(page.QuerySelector("form[action='/Import/Confirm']") is not null, "no preview:\n" + page.QuerySelector("main")?.TextContent);
        return page;
    }

    private static string TokenOf(AngleSharp.Dom.IDocument preview) =>
        preview.QuerySelector("form[action='/Import/Confirm'] input[name=token]")!.GetAttribute("value")!;

    private string[] PendingOf(long userId) => kit.PendingUploads().Where(p => Path.GetFileName(p).StartsWith($"{userId}-")).ToArray();

    private long UserId(string email)
    {
        using var db = kit.App.OpenDb();
        return db.ExecuteScalar<long>("SELECT id FROM users WHERE email = @email", new { email });
    }

    [Fact]
    public async Task At_most_three_uploads_wait_per_user_and_a_fourth_removes_the_oldest()
    {
        var leadA = await kit.Cast.LeadA();
        var leadB = await kit.Cast.LeadB();
        var other = await PreviewAsync(leadB, WorkbookFor("TRB-2024-01", "TRB", "Theatres"));
        var previews = new List<AngleSharp.Dom.IDocument>();
        for (int i = 1; i <= 4; i++) previews.Add(await PreviewAsync(leadA, WorkbookFor($"TRA-2024-0{i}")));

        var waiting = PendingOf(UserId("lead.a@example.nhs.uk"));
        Assert.Equal(3, waiting.Length);
        Assert.Equal(previews.Skip(1).Select(TokenOf).Order(), waiting.Select(p => Path.GetFileNameWithoutExtension(p).Split('-')[1]).Order());
        Assert.Single(PendingOf(UserId("lead.b@example.nhs.uk")));   // another user's upload is not theirs to remove

        // The oldest can no longer be confirmed; the newest can, and so can the other user's.
        Assert.Contains("no longer waiting to be imported", FileMessage(await (await ConfirmAsync(leadA, previews[0])).ParseAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(leadA, previews[3])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(leadB, other)).StatusCode);
        Assert.Equal(2, kit.Counts().Workshops);
    }

    [Fact]
    public async Task An_upload_older_than_a_day_is_removed_by_the_background_sweep_without_another_upload()
    {
        var lead = await kit.Cast.LeadA();
        var preview = await PreviewAsync(lead, WorkbookFor("TRA-2024-01"));
        var sweep = kit.App.Services.GetRequiredService<ImportUploadSweep>();
        var upload = Assert.Single(kit.PendingUploads());

        kit.App.Time.Now += TimeSpan.FromHours(23);
        await WaitForSweepsAsync(sweep, 2);
        Assert.Contains(upload, kit.PendingUploads());   // an upload younger than a day stays

        kit.App.Time.Now += TimeSpan.FromHours(2);
        var clock = Stopwatch.StartNew();
        while (kit.PendingUploads().Length > 0 && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);

        Assert.Empty(kit.PendingUploads());   // the sweep removed the upload 25 hours old
        // (The lead's sign-in has run out by now, so the confirm is asked of the store itself.)
        Assert.Null(kit.App.Services.GetRequiredService<ImportUploads>().Find(UserId("lead.a@example.nhs.uk"), TokenOf(preview)));
    }

    private static async Task WaitForSweepsAsync(ImportUploadSweep sweep, int more)
    {
        int target = sweep.Sweeps + more;
        var clock = Stopwatch.StartNew();
        while (sweep.Sweeps < target && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20);
        Assert.True(sweep.Sweeps >= target, "the sweep did not run");
    }

    [Fact]
    public async Task A_confirm_that_fails_with_an_error_removes_its_upload_and_writes_nothing()
    {
        var lead = await kit.Cast.LeadA();
        var preview = await PreviewAsync(lead, WorkbookFor("TRA-2024-01"));
        Assert.Single(kit.PendingUploads());
        using (var db = kit.App.OpenDb())
            db.Execute(engine == DatabaseEngine.PostgreSql
                ? """
                  CREATE FUNCTION refuse_workshops() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
                  CREATE TRIGGER refuse_workshops BEFORE INSERT ON workshops FOR EACH ROW EXECUTE FUNCTION refuse_workshops();
                  """
                : "CREATE TRIGGER refuse_workshops BEFORE INSERT ON workshops BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

        var response = await ConfirmAsync(lead, preview);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(kit.PendingUploads());
        Assert.Equal(0, kit.Counts().Workshops);
    }

    [Fact]
    public async Task A_confirm_refused_on_its_second_check_removes_its_upload()
    {
        var lead = await kit.Cast.LeadA();
        var preview = await PreviewAsync(lead, WorkbookFor("TRA-2024-01"));
        using (var db = kit.App.OpenDb())
            db.Execute("UPDATE value_streams SET name = 'Outpatients (renamed)' WHERE name = 'Outpatients'");

        var page = await (await ConfirmAsync(lead, preview)).ParseAsync();

        Assert.Contains(Problems(page), p => p.Reason.Contains("No value stream called \"Outpatients\""));
        Assert.Empty(kit.PendingUploads());
        Assert.Equal(0, kit.Counts().Workshops);
    }
}

public sealed class ImportUploadTestsOnSqlite() : ImportUploadTests(DatabaseEngine.Sqlite);

public sealed class ImportUploadTestsOnPostgreSql() : ImportUploadTests(DatabaseEngine.PostgreSql);
