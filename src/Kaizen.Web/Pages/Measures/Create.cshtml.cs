using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Measures;

public class CreateModel(Db db, Writes writes, Clock clock) : PageModel
{
    public const int MaxMeasures = 6;

    [BindProperty] public MeasureInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)] public long Workshop { get; set; }
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = "process_time";

    public WorkshopContext Context { get; private set; } = new();
    public MeasureKind KindValue { get; private set; }

    private async Task<IActionResult?> LoadAsync(System.Data.IDbTransaction? tx = null)
    {
        if (Kind is not ("process_time" or "error_count" or "error_rate")) return NotFound();
        KindValue = Codes.Kind(Kind);
        var context = await db.Connection.QuerySingleOrDefaultAsync<WorkshopContext>(WorkshopContext.Select, new { workshopId = Workshop }, tx);
        if (context is null) return NotFound();
        Context = context;
        return null;
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "add a measure to workshop {0}", From = nameof(Workshop), Creates = "measure")]
    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } problem) return problem;
        return Page();
    }

    [ChangesTrustRecord(TrustRecord.Workshop, "add a measure to workshop {0}", From = nameof(Workshop), Creates = "measure")]
    public async Task<IActionResult> OnPostAsync()
    {
        using var tx = writes.Begin();
        if (await LoadAsync(tx.Transaction) is { } problem) return problem;
        var count = await tx.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM measures WHERE workshop_id = @Workshop", new { Workshop });
        if (count >= MaxMeasures)
            ModelState.AddModelError(string.Empty, $"A workshop has at most {MaxMeasures} measures, and this one has {count}. Remove one before adding another.");
        Input.Check(KindValue, ModelState, Context.ReportOut, clock.Today);
        if (!ModelState.IsValid) return Page();

        var columns = Input.Columns(KindValue);
        var parameters = new DynamicParameters(columns);
        parameters.AddDynamicParams(new { workshop_id = Workshop, kind = Kind, position = count + 1 });
        var id = await tx.ExecuteScalarAsync<long>("""
            INSERT INTO measures (workshop_id, position, kind, name, definition, time_unit, baseline, baseline_den, target, result, result_den)
            VALUES (@workshop_id, @position, @kind, @name, @definition, @time_unit, @baseline, @baseline_den, @target, @result, @result_den)
            RETURNING id
            """, parameters);
        await tx.RecordAsync("measure", id, "create", null, new { workshop_id = Workshop, kind = Kind, columns });
        tx.Commit();
        TempData["StatusMessage"] = $"{Codes.Words(KindValue)} measure \"{Input.Name.Trim()}\" added.";
        return Redirect($"/Workshops/Details/{Workshop}");
    }
}
