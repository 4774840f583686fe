using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Export;
using Kaizen.Web.Import;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reports;
using Kaizen.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Import;

// Upload a workbook, see every problem in it or a preview of what it would change, then confirm to write it all in
// one transaction. The upload waits server-side between the check and the confirm, and is checked again on confirm.
[RequestSizeLimit(ImportColumns.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportColumns.MaxRequestBytes)]
[ImportUploadGuard]
public class IndexModel(Db db, Writes writes, CurrentUser me, Clock clock, ImportUploads uploads, ILogger<IndexModel> log) : PageModel
{
    public const int ShownProblems = ImportProblemList.Kept;

    [BindProperty, Display(Name = "Workbook (.xlsx)")]
    public IFormFile? Workbook { get; set; }

    public string? Token { get; private set; }
    public string FileName { get; private set; } = "";
    public ImportPlan? Plan { get; private set; }
    public ImportProblemList Problems { get; private set; } = new();
    public bool CheckedAgain { get; private set; }
    // An administrator's choice of whose workshops to download in the import layout; empty for a lead.
    public IReadOnlyList<(long Id, string Code)> Trusts { get; private set; } = [];

    // Each measure's target as the import understood it, in the unit it was typed in: an error rate's as the percentage
    // (a cell formatted 5% or a typed 5 both show 5%), so a target read 100 times too small is seen before confirming.
    public static string Targets(WorkshopIn workshop) => string.Join("; ", workshop.Measures.Where(m => m.Target is not null).Select(m =>
    {
        var t = m.Target!.Value;
        var shown = m.Kind switch
        {
            Kaizen.Domain.MeasureKind.ErrorRate => (t * 100).ToString("#,0.###", ImportReader.EnGb) + "%",
            Kaizen.Domain.MeasureKind.ProcessTime when m.Unit is { } u =>
                Kaizen.Domain.TimeUnits.FromMinutes(t, u).ToString("#,0.###", ImportReader.EnGb) + " " + u.ToString().ToLowerInvariant(),
            _ => t.ToString("#,0.###", ImportReader.EnGb),
        };
        return $"{m.Name}: {shown}";
    }));

    private bool CanImport => me.IsAdministrator || (me.Role == Roles.Lead && me.TrustId is not null);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!CanImport)
        {
            context.Result = HttpMethods.IsPost(Request.Method)
                ? writes.Refuse("import", null, "import workshops from a workbook")
                : Forbid();
            return;
        }
        if (me.IsAdministrator)
            Trusts = (await db.Connection.QueryAsync<(long, string)>("SELECT id, code FROM trusts ORDER BY code")).ToList();
        await next();
    }

    public void OnGet()
    {
        if (TempData[ImportUploadGuardAttribute.ProblemKey] is string problem)
            ModelState.AddModelError(nameof(Workbook), problem);
    }

    public async Task<IActionResult> OnGetTemplateAsync()
    {
        var streams = (await db.Connection.QueryAsync<(string Code, string Name, long TrustId)>("""
            SELECT t.code, v.name, t.id FROM value_streams v JOIN trusts t ON t.id = v.trust_id ORDER BY t.code, v.name
            """)).Where(v => me.CanEditTrust(v.TrustId)).Select(v => new ImportTemplate.ValueStreamName(v.Code, v.Name)).ToList();
        var exampleCode = me.IsAdministrator
            ? streams.FirstOrDefault()?.TrustCode ?? await db.Connection.QueryFirstOrDefaultAsync<string>("SELECT code FROM trusts ORDER BY code") ?? "SASH"
            : await db.Connection.QuerySingleAsync<string>("SELECT code FROM trusts WHERE id = @id", new { id = me.TrustId });
        var output = new MemoryStream();
        ImportTemplate.Write(output, streams, exampleCode, clock.Today);
        return File(output.ToArray(), ImportTemplate.ContentType, ImportTemplate.FileName);
    }

    // /Import/Workshops?trust=5: workshops as Kaizen holds them, in the template's layout, to change in Excel and import
    // again. A lead gets their own trust's, the only ones they can import; an administrator every trust's, or one's.
    public async Task<IActionResult> OnGetWorkshopsAsync(long? trust)
    {
        if (!me.IsAdministrator)
        {
            if (trust is not null && trust != me.TrustId) return Forbid();
            trust = me.TrustId;
        }
        var c = db.Connection;
        string? code = null;
        if (trust is { } id && (code = await c.QuerySingleOrDefaultAsync<string>("SELECT code FROM trusts WHERE id = @id", new { id })) is null)
            return NotFound();

        var args = new { trust };
        var workshops = (await c.QueryAsync<ExistingWorkshop>($"""
            SELECT {ExistingWorkshop.Columns}
            FROM {ExistingWorkshop.From}
            WHERE CAST(@trust AS bigint) IS NULL OR v.trust_id = @trust
            ORDER BY t.code, w.start_date, w.reference
            """, args)).ToList();
        var byId = workshops.ToDictionary(w => w.Id);
        foreach (var m in await c.QueryAsync<MeasureRow>($"""
            SELECT {MeasureRow.Columns}
            FROM measures m JOIN workshops w ON w.id = m.workshop_id JOIN value_streams v ON v.id = w.value_stream_id
            WHERE CAST(@trust AS bigint) IS NULL OR v.trust_id = @trust
            ORDER BY m.workshop_id, m.position, m.id
            """, args))
            byId[m.WorkshopId].Measures.Add(m);
        foreach (var t in await c.QueryAsync<TeamMemberRow>($"""
            SELECT {TeamMemberRow.Columns}
            FROM workshop_team_members tm JOIN workshops w ON w.id = tm.workshop_id JOIN value_streams v ON v.id = w.value_stream_id
            WHERE CAST(@trust AS bigint) IS NULL OR v.trust_id = @trust
            ORDER BY tm.workshop_id, tm.position, tm.id
            """, args))
            byId[t.WorkshopId].Team.Add(new TeamMember(t.Name, t.Role));
        var streams = (await c.QueryAsync<(string Code, string Name)>("""
            SELECT t.code, v.name FROM value_streams v JOIN trusts t ON t.id = v.trust_id
            WHERE CAST(@trust AS bigint) IS NULL OR v.trust_id = @trust
            ORDER BY t.code, v.name
            """, args)).Select(v => new ImportTemplate.ValueStreamName(v.Code, v.Name)).ToList();

        var data = await ValueStreamDataColumns.LoadAsync(c, trust);

        var today = clock.Today;
        return await ReportWorkbooks.DownloadAsync(ReportWorkbooks.FileName("workshops-" + (code ?? "all-trusts"), today), output =>
        {
            ImportLayoutWorkbook.Write(output, workshops, streams, code ?? "every trust", today, data);
            return Task.CompletedTask;
        });
    }

    public async Task<IActionResult> OnPostUploadAsync()
    {
        var file = Workbook ?? Request.Form.Files.GetFile(nameof(Workbook));
        if (file is null)
            return Refused("Choose the workbook (.xlsx) to upload.");
        if (file.Length == 0)
            return Refused($"The file {Path.GetFileName(file.FileName)} is empty (0 bytes), so there is nothing to import. Choose the workbook you filled in.");
        if (file.Length > ImportColumns.MaxFileBytes)
            return Refused(ImportUploadGuardAttribute.TooLarge(file.Length));

        var userId = me.Id!.Value;
        var token = await uploads.SaveAsync(file, userId, HttpContext.RequestAborted);
        // The upload waits only when it is offered for a confirm; any other ending, an error too, removes it.
        try
        {
            var result = await CheckUploadAsync(userId, token);
            if (Token is null) uploads.Delete(userId, token);
            return result;
        }
        catch
        {
            uploads.Delete(userId, token);
            throw;
        }
    }

    private async Task<IActionResult> CheckUploadAsync(long userId, string token)
    {
        FileName = uploads.FileName(userId, token);
        var clockTime = Stopwatch.StartNew();
        var upload = uploads.Find(userId, token)!;
        var parsed = Read(upload.Content);
        if (parsed.FileProblem is not null) return Refused(parsed.FileProblem);
        // Before the lookups: a commit during them moves the stamp on, so the confirm does not reuse this check.
        var stamp = ReportCache.Stamp(db.Connection);
        var plan = MakePlan(parsed, await ImportLookups.LoadAsync(db.Connection, null, parsed.Workshops.Select(w => w.Reference)));
        log.LogInformation("Checked import {File}: {Rows} rows, {Problems} problems in {Ms} ms", FileName, parsed.DataRows, plan.Problems.Count, clockTime.ElapsedMilliseconds);
        if (plan.Problems.Count > 0)
        {
            Problems = plan.Problems;
            return Page();
        }
        Plan = plan;
        if (!plan.HasChanges) return Page();   // nothing to confirm
        if (stamp is { } s)
            ImportChecks.Keep(new ImportChecks.Kept { Key = upload.Token, Hash = ImportChecks.Hash(upload.Content), Who = Who, Today = clock.Today, Stamp = s, Plan = plan });
        Token = token;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? token)
    {
        var userId = me.Id!.Value;
        var upload = uploads.Find(userId, token);
        if (upload is null)
            return Refused("This upload is no longer waiting to be imported: it has been imported or cancelled already, or it was more than a day old. " +
                           "Upload the workbook again to check and import it.");
        // However the confirm ends (imported, refused, a conflict, an error, or the request cancelled), the upload
        // has been used: it is removed.
        try { return await ConfirmAsync(userId, token!, upload); }
        finally { uploads.Delete(userId, token); }
    }

    private async Task<IActionResult> ConfirmAsync(long userId, string token, PendingUpload upload)
    {
        FileName = uploads.FileName(userId, token);
        var clockTime = Stopwatch.StartNew();

        // Checked again, as the database may have changed since the upload was checked, unless the upload's check
        // is kept and nothing it rests on has changed. The file is read before the write lock is taken, to hold it briefly.
        var kept = ImportChecks.Take(upload.Token, ImportChecks.Hash(upload.Content), Who, clock.Today);
        ParsedImport? parsed = null;
        if (kept is null && (parsed = Read(upload.Content)).FileProblem is not null) return Refused(parsed.FileProblem);
        using var tx = writes.Begin();
        // Taken with the write lock held, so nothing can commit between this comparison and the write.
        var reused = kept is not null && ReportCache.Stamp(tx.Connection) == kept.Stamp;
        ImportPlan plan;
        if (reused) plan = kept!.Plan;
        else
        {
            parsed ??= Read(upload.Content);
            if (parsed.FileProblem is not null) return Refused(parsed.FileProblem);
            plan = MakePlan(parsed, await ImportLookups.LoadAsync(tx.Connection, tx.Transaction, parsed.Workshops.Select(w => w.Reference)));
        }
        if (plan.Problems.Count > 0)
        {
            Problems = plan.Problems;
            CheckedAgain = true;
            return Page();
        }

        ImportOutcome outcome;
        try
        {
            outcome = await ImportWriter.WriteAsync(tx, plan, FileName);
            if (outcome.Created + outcome.Updated > 0 || outcome.DataWritten) tx.Commit();
        }
        catch (ImportConflictException e)
        {
            return Refused(e.Message);
        }
        log.LogInformation("Imported {File}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Measures} measures, {Check} in {Ms} ms",
            FileName, outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Measures,
            reused ? "the upload's check reused" : "checked again", clockTime.ElapsedMilliseconds);
        TempData["StatusMessage"] = outcome.Message;
        return RedirectToPage("/Import/Index");
    }

    public IActionResult OnPostCancel(string? token)
    {
        uploads.Delete(me.Id!.Value, token);
        TempData["StatusMessage"] = "Import cancelled: nothing was imported.";
        return RedirectToPage("/Import/Index");
    }

    // What the check depends on besides the file, the database and the day: who it was for.
    private string Who => $"{me.Id}|{me.Role}|{me.TrustId}";

    private ParsedImport Read(byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        return new ImportReader(clock.Today).Read(stream);
    }

    private ImportPlan MakePlan(ParsedImport parsed, ImportLookups lookups) =>
        ImportPlanner.Plan(parsed, lookups, me.CanEditTrust, me.IsAdministrator ? null : me.TrustId);

    private PageResult Refused(string message)
    {
        ModelState.AddModelError(nameof(Workbook), message);
        return Page();
    }
}
