using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Export;
using Kaizen.Web.Import;

namespace Kaizen.Benchmarks;

// The import of a 10,000-row workbook over HTTP, as a browser does it: upload (read and check), then confirm (read
// and check again, then write in one transaction). The workbook has the shape of ImportLargeWorkbookTests: about
// 2,900 workshops of 3 or 4 measures of all three kinds, for one trust's existing value streams.
public static partial class ImportRun
{
    public const int Rows = 10_000;

    public static (byte[] Bytes, int Workshops) Build(Database database, string prefix = "BENCH")
    {
        string code;
        List<string> streams;
        using (var c = database.Open())
        {
            var trust = c.QueryFirst<(long Id, string Code)>("SELECT id, code FROM trusts ORDER BY id LIMIT 1");
            code = trust.Code;
            streams = c.Query<string>("SELECT name FROM value_streams WHERE trust_id = @id ORDER BY id", new { id = trust.Id }).ToList();
        }

        var rows = new List<object?[]>(Rows);
        var workshop = 0;
        while (rows.Count < Rows)
        {
            workshop++;
            var reference = $"{prefix}-{2016 + workshop % 9}-{workshop:D5}";
            var start = new DateOnly(2016, 1, 4).AddDays(workshop % 3000);
            var measures = workshop % 2 == 0 ? 4 : 3;
            for (var m = 1; m <= measures && rows.Count < Rows; m++)
            {
                var row = new object?[ImportColumns.All.Count];
                void Put(Col column, object? value) => row[(int)column] = value;
                Put(Col.Reference, reference);
                Put(Col.TrustCode, code);
                Put(Col.ValueStream, streams[workshop % streams.Count]);
                Put(Col.Title, $"Benchmark workshop {workshop}");
                Put(Col.StartDate, start);
                Put(Col.LengthDays, 3 + workshop % 3);
                Put(Col.PlanningStart, start.AddDays(-42));
                Put(Col.Status, "Completed");
                Put(Col.TeamLeader, "Ann Leader");
                Put(Col.Facilitator, "Fay Cilitator");
                Put(Col.ExecutiveSponsor, "Sam Sponsor");
                Put(Col.ProcessOwner, "Olu Owner");
                Put(Col.ProblemStatement, "Referrals wait days for triage.");
                Put(Col.Measure, $"Measure {m}");
                switch (m % 3)
                {
                    case 1:
                        Put(Col.Kind, "Process time"); Put(Col.Unit, "hours");
                        Put(Col.Baseline, 10.0 + m); Put(Col.Target, 5.0); Put(Col.Result, 4.0);
                        break;
                    case 2:
                        Put(Col.Kind, "Error count");
                        Put(Col.Baseline, 40.0 + m); Put(Col.BaselineDen, 14.0); Put(Col.Target, 20.0);
                        Put(Col.Result, 15.0); Put(Col.ResultDen, 14.0); Put(Col.Day30, 16.0); Put(Col.Day30Den, 14.0);
                        break;
                    default:
                        Put(Col.Kind, "Error rate");
                        Put(Col.Baseline, 30.0); Put(Col.BaselineDen, 300.0); Put(Col.Target, 5.0);
                        Put(Col.Result, 10.0); Put(Col.ResultDen, 250.0);
                        break;
                }
                rows.Add(row);
            }
        }

        var stream = new MemoryStream();
        using (var workbook = new XlsxWorkbook(stream))
        {
            var sheet = workbook.AddSheet(ImportColumns.Sheet, ImportColumns.All.Select(c => new XlsxColumn(c.Header)).ToList());
            foreach (var row in rows) sheet.WriteRow(row);
        }
        return (stream.ToArray(), workshop);
    }

    // Upload and confirm; the time runs from sending the upload to the confirm's redirect.
    public static async Task<(double Seconds, double CpuSeconds, string Status, string? Breakdown)> RunAsync(Server server, byte[] bytes, int workshops)
    {
        var client = server.Client;
        var page = await client.GetStringAsync("/Import");
        var token = Server.Token(page) ?? throw new InvalidOperationException("No antiforgery token on /Import");

        var cpu = server.CpuMs();
        var clock = Stopwatch.StartNew();
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "Workbook", "benchmark.xlsx");
        using var uploaded = await client.PostAsync("/Import/Upload", content);
        var preview = await uploaded.Content.ReadAsStringAsync();
        var uploadToken = Server.FormValue(preview, "/Import/Confirm", "token")
            ?? throw new InvalidOperationException($"The upload was not accepted ({(int)uploaded.StatusCode}): " + Text(preview, "import-problems"));
        var confirmAntiforgery = Server.Token(preview, "/Import/Confirm") ?? token;
        using var confirmed = await client.PostAsync("/Import/Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = confirmAntiforgery,
            ["token"] = uploadToken,
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (server.CpuMs() - cpu) / 1000;
        if (confirmed.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"The confirm answered {(int)confirmed.StatusCode}: " + Text(await confirmed.Content.ReadAsStringAsync(), "import-problems"));

        var after = await client.GetStringAsync("/Import");
        var status = StatusText().Match(after) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "";
        var expected = $"Imported {workshops:N0} workshops: {workshops:N0} created, 0 updated.";
        if (status != expected) throw new InvalidOperationException($"Expected \"{expected}\" after the import, found \"{status}\"");
        // The import page logs its own timings: checking on upload, and checking again and writing on confirm.
        var log = server.Log();
        var check = LoggedMs().Matches(log).Select(m => m.Groups[1].Value).LastOrDefault();
        var write = ImportedMs().Matches(log).Select(m => m.Groups[1].Value).LastOrDefault();
        var breakdown = check is not null && write is not null ? $"server log: check {check} ms, check again and write {write} ms" : null;
        return (seconds, cpuSeconds, status, breakdown);
    }

    static string Text(string html, string id)
    {
        var at = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        var part = at < 0 ? html : html[at..Math.Min(html.Length, at + 2000)];
        return Regex.Replace(Regex.Replace(part, "<[^>]+>", " "), @"\s+", " ").Trim();
    }

    [GeneratedRegex(@"Checked import [^\n]* in (\d+) ms")]
    private static partial Regex LoggedMs();

    [GeneratedRegex(@"Imported [^\n]* in (\d+) ms")]
    private static partial Regex ImportedMs();

    [GeneratedRegex("""<div class="alert alert-success" role="status">([^<]*)</div>""")]
    private static partial Regex StatusText();
}
