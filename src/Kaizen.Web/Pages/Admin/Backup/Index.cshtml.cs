using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Pages.Admin.Backup;

// A consistent copy of the live database. VACUUM INTO reads one snapshot under WAL, so writes carry on while it runs
// and the copy holds all or none of every transaction.
public class IndexModel(Database database, Writes writes, Clock clock) : PageModel
{
    public long DatabaseBytes { get; private set; }

    // On PostgreSQL the server's own tools back the database up (pg_dump, base backups with WAL archiving for
    // point-in-time recovery): the page says how instead of offering a file.
    public bool OnPostgreSql => database.Engine == DatabaseEngine.PostgreSql;

    public string Where => database.Describe;

    public string DatabaseSize => Format.Bytes(DatabaseBytes);

    // The database's own size (pages × page size), not the main file's: under WAL the newest pages are still in the
    // -wal file, so the file alone read "0.0 MB" for a 512 KB database.
    public async Task OnGetAsync()
    {
        if (OnPostgreSql) return;
        await using var connection = database.Open();
        DatabaseBytes = await connection.ExecuteScalarAsync<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (OnPostgreSql) return RedirectToPage();
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
