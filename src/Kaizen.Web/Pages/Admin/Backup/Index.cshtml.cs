using Dapper;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Backup;

// A consistent copy of the live database. VACUUM INTO reads one snapshot under WAL, so writes carry on while it runs
// and the copy holds all or none of every transaction.
public class IndexModel(Database database, Writes writes, Clock clock) : PageModel
{
    public long DatabaseBytes { get; private set; }

    public void OnGet()
    {
        DatabaseBytes = new FileInfo(database.FilePath).Length;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kaizen-backups");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        await using (var connection = database.Open())
            await connection.ExecuteAsync("VACUUM INTO @file", new { file });

        using (var tx = writes.Begin())
        {
            await tx.RecordAsync("database", null, "backup", null, new { bytes = new FileInfo(file).Length });
            tx.Commit();
        }
        var name = $"kaizen-backup-{clock.UtcNow:yyyy-MM-dd-HHmm}.db";
        // The temporary copy is removed once the response has been sent.
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return File(stream, "application/vnd.sqlite3", name);
    }
}
