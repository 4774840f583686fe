using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Pages.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Workshops;

public class DetailsModel(Db db, Clock clock) : PageModel
{
    public WorkshopRow Workshop { get; private set; } = new();
    public IReadOnlyList<(string Name, string Role)> Team { get; private set; } = [];
    public IReadOnlyList<MeasureRow> Measures { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var row = await db.Connection.QuerySingleOrDefaultAsync<WorkshopRow>(WorkshopRow.Select, new { id });
        if (row is null) return NotFound();
        Workshop = row;
        Today = clock.Today;
        Team = (await db.Connection.QueryAsync<(string, string)>(WorkshopRow.SelectTeam, new { id })).ToList();
        Measures = await MeasureRow.OfWorkshopAsync(db.Connection, id);
        return Page();
    }
}
