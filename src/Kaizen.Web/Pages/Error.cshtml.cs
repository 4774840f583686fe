using System.Data.Common;
using System.Diagnostics;
using Kaizen.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public class ErrorModel(Kaizen.Web.Data.Database database) : PageModel
{
    public string RequestId { get; private set; } = "";

    // Set when the request failed because the database cannot be written or the disk is full.
    public string? StorageFault { get; private set; }

    public void OnGet()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var kind = StorageFaults.Classify(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error);
        if (kind == StorageFaults.Kind.None) return;
        StorageFault = StorageFaults.Describe(kind);
        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        Response.Headers.RetryAfter = "60";
        // A connection opened while the file was read-only stays read-only: open afresh once the fault clears. The same
        // for PostgreSQL's pool: its connections may lead to a server that went read-only or away.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        database.DataSource?.Clear();
    }

    public void OnPost() => OnGet();
}
