using Kaizen.Web.Data;

namespace Kaizen.Web.Pages.Measures;

// The workshop a measure belongs to, as far as a measure's pages need it: whose it is and when it reported out.
public sealed record WorkshopContext
{
    public long Id { get; init; }
    public long TrustId { get; init; }
    public string Reference { get; init; } = "";
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public string ReportOutDate { get; init; } = "";

    public DateOnly ReportOut => Iso.ParseDate(ReportOutDate);

    public const string Select = """
        SELECT w.id, v.trust_id AS TrustId, w.reference, w.title, w.status, w.report_out_date AS ReportOutDate
        FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id
        WHERE w.id = @workshopId
        """;
}
