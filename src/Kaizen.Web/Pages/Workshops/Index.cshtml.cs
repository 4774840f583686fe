using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Workshops;

public class IndexModel(Db db) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row

    {

        public long Id { get; init; }

        public string Reference { get; init; } = "";

        public string Title { get; init; } = "";

        public string TrustCode { get; init; } = "";

        public long ValueStreamId { get; init; }

        public string ValueStreamName { get; init; } = "";

        public string StartDate { get; init; } = "";

        public string ReportOutDate { get; init; } = "";

        public string Status { get; init; } = "";

        public long Measures { get; init; }

        public long Results { get; init; }

    }

    [BindProperty(SupportsGet = true)] public long? Trust { get; set; }
    [BindProperty(SupportsGet = true)] public long? ValueStream { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public long Total { get; private set; }
    public IReadOnlyList<(long Id, string Code)> Trusts { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name, string Code)> ValueStreams { get; private set; } = [];

    private const string Filter = """
        FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id JOIN trusts t ON t.id = v.trust_id
        WHERE (CAST(@Trust AS bigint) IS NULL OR v.trust_id = @Trust)
          AND (CAST(@ValueStream AS bigint) IS NULL OR w.value_stream_id = @ValueStream)
          AND (CAST(@Status AS text) IS NULL OR w.status = @Status)
          AND (CAST(@From AS text) IS NULL OR w.report_out_date >= @From)
          AND (CAST(@To AS text) IS NULL OR w.start_date <= @To)
        """;

    // Filter values that could not be read: ignored, said so, and answered with 400 (a bookmark gone wrong, not a crash).
    public IReadOnlyList<string> Refusals { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (!ModelState.IsValid)
        {
            Refusals = ModelState.Where(e => e.Value!.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
                .Select(e => $"The {FilterNames.GetValueOrDefault(e.Key.ToLowerInvariant(), e.Key)} \"{Shorten(e.Value!.AttemptedValue)}\" was not understood and was ignored.").ToList();
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        PageNumber = Math.Max(1, PageNumber);
        var c = db.Connection;
        Trusts = (await c.QueryAsync<(long, string)>("SELECT id, code FROM trusts ORDER BY code")).ToList();
        ValueStreams = (await c.QueryAsync<(long, string, string)>(
            "SELECT v.id, v.name, t.code FROM value_streams v JOIN trusts t ON t.id = v.trust_id ORDER BY t.code, v.name")).ToList();
        var args = new
        {
            Trust, ValueStream,
            Status = WorkshopInput.Statuses.ContainsKey(Status ?? "") ? Status : null,
            From = Iso.Date(From), To = Iso.Date(To),
            take = PageSize, skip = (PageNumber - 1) * PageSize,
        };
        Total = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) " + Filter, args);
        Rows = (await c.QueryAsync<Row>($"""
            SELECT w.id, w.reference, w.title, t.code AS TrustCode, v.id AS ValueStreamId, v.name AS ValueStreamName,
                   w.start_date AS StartDate, w.report_out_date AS ReportOutDate, w.status,
                   (SELECT COUNT(*) FROM measures m WHERE m.workshop_id = w.id) AS Measures,
                   (SELECT COUNT(*) FROM measures m WHERE m.workshop_id = w.id AND m.result IS NOT NULL) AS Results
            {Filter}
            ORDER BY w.start_date DESC, w.id DESC
            LIMIT @take OFFSET @skip
            """, args)).ToList();
    }

    static readonly Dictionary<string, string> FilterNames = new()
    {
        ["trust"] = "trust", ["valuestream"] = "value stream", ["status"] = "status", ["from"] = "from date", ["to"] = "to date", ["page"] = "page number",
    };

    static string Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text ?? "";

    public string PageLink(int page) =>
        "?" + string.Join("&", new[]
        {
            ("trust", Trust?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("valueStream", ValueStream?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("status", Status), ("from", Iso.Date(From)), ("to", Iso.Date(To)),
            ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
}
