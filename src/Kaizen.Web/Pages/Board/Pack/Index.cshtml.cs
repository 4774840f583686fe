using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Data.Common;

namespace Kaizen.Web.Pages.Board.Pack;

// The TGB monthly pack (docs/definitions.md §3): /Board/Pack?month=2021-03. Everyone signed in reads it.
public class IndexModel(Db db, Clock clock) : PageModel
{
    public PackView View { get; private set; } = default!;
    public string? Note { get; private set; }
    // The month came from the address: an empty month is then the reader's choice and says so in one line.
    public bool ChosenOnPurpose { get; private set; }

    public async Task OnGetAsync(string? month) => await LoadAsync(month);

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetExcelAsync(string? month)
    {
        await LoadAsync(month);
        return await PackWorkbook.DownloadAsync(db.Connection, View, clock.Today);
    }

    private async Task LoadAsync(string? month)
    {
        if (!Month.TryParse(month, out var m))
        {
            m = await OpeningMonthAsync(db.Connection, clock.Today);
            if (!string.IsNullOrWhiteSpace(month))
                Note = $"The month \"{month}\" was not understood, so {m.Label} is shown. Use a month such as 2021-03.";
        }
        else ChosenOnPurpose = true;
        View = await PackView.BuildAsync(db.Connection, m, clock.Today);
        ViewData["Title"] = "Board pack, " + m.Label;
    }

    public static string Date(DateOnly d) => Format.Date(d);

    // With no month asked for, the pack opens where the board will look: the month of the next meeting not yet held
    // (on or after today), else the latest month with a report-out, else this month. The current month often has no
    // report-outs yet, and a pack of "no data" answers nothing.
    public static async Task<Month> OpeningMonthAsync(DbConnection c, DateOnly today)
    {
        var next = await c.ExecuteScalarAsync<string?>(
            "SELECT MIN(meeting_date) FROM board_meetings WHERE held_at IS NULL AND meeting_date >= @today", new { today = Iso.Date(today) });
        if (Iso.ParseDateOrNull(next) is { } meeting) return Month.Of(meeting);
        // As the Reports layer counts a workshop held: completed, or planned with its report-out day passed.
        var latest = await c.ExecuteScalarAsync<string?>("""
            SELECT MAX(report_out_date) FROM workshops
            WHERE report_out_date <= @today AND (status = 'completed' OR (status = 'planned' AND report_out_date < @today))
            """, new { today = Iso.Date(today) });
        return Iso.ParseDateOrNull(latest) is { } d ? Month.Of(d) : Month.Of(today);
    }
}
