using System.Globalization;
using Dapper;
using Kaizen.Web.Data;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Import;

// Kaizen:ImportUploads in the configuration.
public sealed class ImportUploadOptions
{
    // Uploads waiting for a confirm per user: a further upload removes that user's oldest.
    public int MaxPendingPerUser { get; set; } = 3;

    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(24);

    // How often the background sweep removes uploads older than KeepFor.
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(15);
}

// An upload waiting for its confirm.
public sealed record PendingUpload(string Token, string FileName, byte[] Content);

// Uploaded workbooks wait in the database (table import_uploads) between the check and the confirm, so that the
// confirm may reach another web node than the check did; no node's disk holds them. The token is a random GUID the
// page hands back; it is parsed as a GUID and looked up together with the signed-in user's id, so a client can never
// reach another user's upload. An upload's time is the app's clock (TimeProvider), so the day's limit follows it.
public sealed class ImportUploads(Database database, IOptions<ImportUploadOptions> options, TimeProvider time)
{
    private readonly ImportUploadOptions _options = options.Value;

    public TimeSpan KeepFor => _options.KeepFor;

    public async Task<string> SaveAsync(IFormFile file, long userId, CancellationToken cancel)
    {
        var token = Guid.NewGuid().ToString("N");
        using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
        await file.CopyToAsync(buffer, cancel);
        var name = Path.GetFileName(file.FileName ?? "");
        await using var connection = await database.OpenConnectionAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO import_uploads (token, user_id, file_name, content, uploaded_at)
            VALUES (@token, @userId, @name, @content, @at)
            """, new { token, userId, name = name.Length > 200 ? name[..200] : name, content = buffer.ToArray(), at = Stamp(time.GetUtcNow()) },
            transaction, cancellationToken: cancel));
        // Only the newest few of a user's uploads wait: an upload never confirmed holds up to 10 MB for a day.
        var removed = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT token FROM import_uploads WHERE user_id = @userId ORDER BY id DESC", new { userId }, transaction, cancellationToken: cancel)))
            .Skip(Math.Max(1, _options.MaxPendingPerUser)).ToList();
        foreach (var old in removed)
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM import_uploads WHERE token = @old", new { old }, transaction, cancellationToken: cancel));
        await transaction.CommitAsync(cancel);
        foreach (var old in removed) ImportChecks.Forget(old);
        return token;
    }

    // The upload for this user and token, or null when the token is not one of ours, or the upload is gone or too old.
    public PendingUpload? Find(long userId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var guid)) return null;
        var t = guid.ToString("N");
        using var connection = database.OpenConnection();
        var u = connection.QuerySingleOrDefault<Row>(
            "SELECT file_name AS FileName, content AS Content, uploaded_at AS UploadedAt FROM import_uploads WHERE token = @t AND user_id = @userId", new { t, userId });
        if (u is null) return null;
        if (string.CompareOrdinal(u.UploadedAt, Cutoff()) < 0)
        {
            Delete(userId, t);
            return null;
        }
        return new PendingUpload(t, u.FileName, u.Content);
    }

    public string FileName(long userId, string token)
    {
        using var connection = database.OpenConnection();
        return connection.QuerySingleOrDefault<string>("SELECT file_name FROM import_uploads WHERE token = @token AND user_id = @userId",
            new { token, userId }) ?? "";
    }

    public void Delete(long userId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var guid)) return;
        var t = guid.ToString("N");
        ImportChecks.Forget(t);
        using var connection = database.OpenConnection();
        connection.Execute("DELETE FROM import_uploads WHERE token = @t AND user_id = @userId", new { t, userId });
    }

    // Removes every upload older than KeepFor; answers how many went. Run by ImportUploadSweep in the background (on
    // every node: whichever comes first removes them, the others find none).
    public int Sweep()
    {
        using var connection = database.OpenConnection();
        var tokens = connection.Query<string>("DELETE FROM import_uploads WHERE uploaded_at < @cutoff RETURNING token", new { cutoff = Cutoff() }).ToList();
        foreach (var token in tokens) ImportChecks.Forget(token);
        return tokens.Count;
    }

    // The user's uploads waiting for a confirm, newest first (their tokens).
    public IReadOnlyList<string> Pending(long userId)
    {
        using var connection = database.OpenConnection();
        return connection.Query<string>("SELECT token FROM import_uploads WHERE user_id = @userId ORDER BY id DESC", new { userId }).ToList();
    }

    private sealed class Row
    {
        public string FileName { get; set; } = "";
        public byte[] Content { get; set; } = [];
        public string UploadedAt { get; set; } = "";
    }

    private string Cutoff() => Stamp(time.GetUtcNow() - _options.KeepFor);

    // Fixed width, so that text order is time order on both engines.
    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}

// Removes uploads left waiting longer than a day, every SweepEvery and once at start, whether or not anyone uploads
// again; timed by the app's TimeProvider.
public sealed class ImportUploadSweep(ImportUploads uploads, IOptions<ImportUploadOptions> options, TimeProvider time, ILogger<ImportUploadSweep> log)
    : BackgroundService
{
    // Sweeps run so far, for tests to wait on.
    public int Sweeps => _sweeps;
    private int _sweeps;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepEvery, time);
        do
        {
            try
            {
                if (uploads.Sweep() is var removed and > 0)
                    log.LogInformation("Removed {Count} import uploads older than {Hours} hours", removed, uploads.KeepFor.TotalHours);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Sweeping the import uploads failed");
            }
            Interlocked.Increment(ref _sweeps);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
