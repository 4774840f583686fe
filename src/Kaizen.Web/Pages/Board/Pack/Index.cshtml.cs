using Kaizen.Web.Board;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Board.Pack;

// The TGB monthly pack (PRODUCT.md §4): /Board/Pack?month=2021-03. Everyone signed in reads it.
public class IndexModel(Db db, Clock clock) : PageModel
{
    public PackView View { get; private set; } = default!;
    public string? Note { get; private set; }

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
            if (!string.IsNullOrWhiteSpace(month))
                Note = $"The month \"{month}\" was not understood, so this month is shown. Use a month such as 2021-03.";
            m = Month.Of(clock.Today);
        }
        View = await PackView.BuildAsync(db.Connection, m, clock.Today);
        ViewData["Title"] = "Board pack, " + m.Label;
    }

    public static string Date(DateOnly d) => Format.Date(d);
}
