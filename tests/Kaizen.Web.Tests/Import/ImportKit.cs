using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Kaizen.Web.Export;
using Kaizen.Web.Import;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Import;

public sealed record Problem(string Sheet, string Row, string Column, string Reason)
{
    public override string ToString() => $"{Sheet}!{Row} [{Column}] {Reason}";
}

public sealed record Counts(long Workshops, long Measures, long Audit);

// The app with trusts A (TRA) and B (TRB), their leads, and value streams; and helpers to build workbooks with
// XlsxWorkbook, upload them as a browser would (multipart, with the antiforgery token), and confirm.
public sealed class ImportKit : IDisposable
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private ImportKit(KaizenApp app, Cast cast)
    {
        App = app;
        Cast = cast;
    }

    public KaizenApp App { get; }
    public Cast Cast { get; }

    // The uploads waiting for a confirm, all users', as "<user id>-<token>" (they wait in the database).
    public string[] PendingUploads()
    {
        using var db = App.OpenDb();
        return db.Query<string>("SELECT user_id || '-' || token FROM import_uploads ORDER BY id").ToArray();
    }

    public static async Task<ImportKit> StartAsync(DatabaseEngine engine = DatabaseEngine.Sqlite, Action<KaizenApp>? configure = null)
    {
        var app = new KaizenApp(engine);
        configure?.Invoke(app);
        var cast = await app.CastAsync();
        using (var db = app.OpenDb())
        {
            foreach (var (trust, name) in new[] { (cast.TrustA, "Outpatients"), (cast.TrustA, "Discharge"), (cast.TrustB, "Theatres") })
                db.Execute("""
                    INSERT INTO value_streams (trust_id, name, chosen_by, status, created_at)
                    VALUES (@trust, @name, 'top_down', 'active', '2024-01-01T00:00:00Z')
                    """, new { trust, name });
        }
        return new ImportKit(app, cast);
    }

    public void Dispose() => App.Dispose();

    public Counts Counts()
    {
        using var db = App.OpenDb();
        return new Counts(
            db.ExecuteScalar<long>("SELECT COUNT(*) FROM workshops"),
            db.ExecuteScalar<long>("SELECT COUNT(*) FROM measures"),
            db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log"));
    }

    public static string[] Headers => ImportColumns.All.Select(c => c.Header).ToArray();

    // A completed workshop of trust A with one process-time measure in hours; set changes any cell.
    public static object?[] Row(params (Col Column, object? Value)[] set)
    {
        var row = new object?[ImportColumns.All.Count];
        void Put(Col c, object? v) => row[(int)c] = v;
        Put(Col.Reference, "TRA-2024-01");
        Put(Col.TrustCode, "TRA");
        Put(Col.ValueStream, "Outpatients");
        Put(Col.Title, "Faster triage of referrals");
        Put(Col.StartDate, new DateOnly(2024, 3, 4));
        Put(Col.LengthDays, 5);
        Put(Col.PlanningStart, new DateOnly(2024, 1, 15));
        Put(Col.Status, "Completed");
        Put(Col.TeamLeader, "Ann Leader");
        Put(Col.Facilitator, "Fay Cilitator");
        Put(Col.ExecutiveSponsor, "Sam Sponsor");
        Put(Col.ProcessOwner, "Olu Owner");
        Put(Col.ProblemStatement, "Referrals wait days for triage.");
        Put(Col.Measure, "Referral to triage");
        Put(Col.Kind, "Process time");
        Put(Col.Unit, "hours");
        Put(Col.Baseline, 2.0);
        Put(Col.Target, 1.0);
        Put(Col.Result, 0.5);
        foreach (var (c, v) in set) Put(c, v);
        return row;
    }

    public static byte[] Workbook(params object?[][] rows) => WorkbookWithHeaders(Headers, rows);

    public static byte[] WorkbookWithHeaders(IReadOnlyList<string> headers, params object?[][] rows)
    {
        var stream = new MemoryStream();
        using (var workbook = new XlsxWorkbook(stream))
        {
            var sheet = workbook.AddSheet(ImportColumns.Sheet, headers.Select(h => new XlsxColumn(h)).ToList());
            foreach (var row in rows) sheet.WriteRow(row);
        }
        return stream.ToArray();
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName = "workshops.xlsx")
    {
        var page = await client.GetDocumentAsync("/Import");
        var token = page.QuerySelector("form[enctype='multipart/form-data'] input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? throw new InvalidOperationException("No upload form with an antiforgery token on /Import");
        return await PostFileAsync(client, token, bytes, fileName);
    }

    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string antiforgery, byte[] bytes, string fileName)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(antiforgery), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        content.Add(file, "Workbook", fileName);
        return await client.PostAsync("/Import/Upload", content);
    }

    public static async Task<IDocument> UploadPageAsync(HttpClient client, byte[] bytes, string fileName = "workshops.xlsx")
    {
        var response = await UploadAsync(client, bytes, fileName);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    public static IReadOnlyList<Problem> Problems(IDocument page) =>
        page.QuerySelectorAll("#import-problems tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => Squash(td.TextContent)).ToArray())
            .Select(c => new Problem(c[0], c[1], c[2], c[3]))
            .ToList();

    // The message shown beside the file input (a problem with the file as a whole).
    public static string? FileMessage(IDocument page) => page.GetElementById("Workbook-error") is { } e ? Squash(e.TextContent) : null;

    // Posts the preview's Confirm form; answers the redirect's target page.
    public static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, IDocument preview)
    {
        var form = preview.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .SingleOrDefault(f => f.GetAttribute("action") == "/Import/Confirm")
            ?? throw new InvalidOperationException("No Confirm form on the page:\n" + preview.QuerySelector("main")?.TextContent);
        return await client.PostAsync("/Import/Confirm", Http.Encode(Http.FormValues(form)));
    }

    public static async Task<string> ImportAsync(HttpClient client, byte[] bytes)
    {
        var preview = await UploadPageAsync(client, bytes);
        Assert.Empty(Problems(preview));
        var response = await ConfirmAsync(client, preview);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        return after.QuerySelector("[role=status]")?.TextContent.Trim() ?? "";
    }

    public static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    // Asserts one problem is listed at the sheet, row and column, with words from the reason.
    public static Problem AssertProblem(IReadOnlyList<Problem> problems, int row, string column, params string[] words)
    {
        var match = problems.FirstOrDefault(p => p.Sheet == "Workshops" && p.Row == row.ToString() && p.Column == column);
        Assert.True(match is not null, $"No problem at Workshops row {row}, column {column}. Problems:\n{string.Join("\n", problems)}");
        foreach (var w in words) Assert.Contains(w, match!.Reason);
        return match!;
    }
}
