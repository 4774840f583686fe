using System.Net;
using Dapper;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Tests.Foundation;

public class BackupTests : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_backup_page_gives_the_databases_own_size_in_kilobytes()
    {
        var cast = await app.CastAsync();
        var admin = await cast.Admin();
        // The database's pages, the newest of which may still be in the WAL file rather than the main file.
        var bytes = app.Scalar<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
        Assert.InRange(bytes, 1024, 1024 * 1024 - 1);
        var page = await admin.GetDocumentAsync("/Admin/Backup");
        Assert.Equal($"{Math.Round(bytes / 1024.0):N0} KB", page.QuerySelector("#database-size")!.TextContent);
    }

    [Fact]
    public async Task A_backup_taken_while_writes_run_opens_as_a_consistent_database()
    {
        var cast = await app.CastAsync();
        var vs = app.ValueStream(cast.TrustA);
        var admin = await cast.Admin();
        using var stop = new CancellationTokenSource();
        // Each write adds a workshop and its measure in one transaction: a consistent copy never has one without the other.
        var writer = Task.Run(async () =>
        {
            var n = 0;
            using var db = app.OpenDb();
            while (!stop.IsCancellationRequested)
            {
                using var tx = db.BeginTransaction();
                var ws = db.ExecuteScalar<long>("""
                    INSERT INTO workshops (value_stream_id, reference, title, start_date, length_days, report_out_date, status, created_at, updated_at, updated_by)
                    VALUES (@vs, @reference, 'Load', '2021-01-04', 5, '2021-01-08', 'planned', 'x', 'x', 'x') RETURNING id
                    """, new { vs, reference = $"LOAD-{n++}" }, tx);
                db.Execute("INSERT INTO measures (workshop_id, position, kind, name, baseline) VALUES (@ws, 1, 'process_time', 'm', 10)", new { ws }, tx);
                tx.Commit();
                await Task.Yield();
            }
            return n;
        });
        await Task.Delay(200);

        var response = await admin.PostFormAsync("/Admin/Backup", new());
        stop.Cancel();
        var written = await writer;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sqlite3", response.Content.Headers.ContentType!.MediaType);
        var copy = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "copy.db");
        await File.WriteAllBytesAsync(copy, await response.Content.ReadAsByteArrayAsync());
        using var backup = new SqliteConnection($"Data Source={copy};Mode=ReadOnly");
        backup.Open();
        Assert.Equal("ok", backup.ExecuteScalar<string>("PRAGMA integrity_check"));
        var workshops = backup.ExecuteScalar<long>("SELECT COUNT(*) FROM workshops");
        Assert.Equal(workshops, backup.ExecuteScalar<long>("SELECT COUNT(*) FROM measures"));
        Assert.True(workshops > 0 && workshops <= written, $"backup holds {workshops} of {written} workshops");
        Assert.Equal(1L, app.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'database' AND action = 'backup'"));
    }
}
