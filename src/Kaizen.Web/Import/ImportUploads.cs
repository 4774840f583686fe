using System.Globalization;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Import;

// Kaizen:ImportUploads in the configuration.
public sealed class ImportUploadOptions
{
    // Where uploads wait; <temp>/kaizen-imports when not set.
    public string? Folder { get; set; }

    // Uploads waiting for a confirm per user: a further upload removes that user's oldest.
    public int MaxPendingPerUser { get; set; } = 3;

    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(24);

    // How often the background sweep removes uploads older than KeepFor.
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(15);
}

// Uploaded workbooks wait here between the check and the confirm: <folder>/<user id>-<token>.xlsx, with the original
// file name beside it. The token is a random GUID the page hands back; it is parsed as a GUID and combined with the
// signed-in user's id, so a client can neither name a path nor reach another user's upload. An upload's time is the
// app's clock (TimeProvider), written as the file's last-write time, so the day's limit follows that clock.
public sealed class ImportUploads(IOptions<ImportUploadOptions> options, TimeProvider time, ILogger<ImportUploads> log)
{
    private readonly ImportUploadOptions _options = options.Value;
    private readonly object _gate = new();
    private DateTime _lastStamp;

    public string Folder => _options.Folder is { Length: > 0 } f ? f : Path.Combine(Path.GetTempPath(), "kaizen-imports");

    public TimeSpan KeepFor => _options.KeepFor;

    public async Task<string> SaveAsync(IFormFile file, long userId, CancellationToken cancel)
    {
        Directory.CreateDirectory(Folder);
        var token = Guid.NewGuid().ToString("N");
        var path = PathOf(userId, token);
        try
        {
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                await file.CopyToAsync(output, cancel);
            var name = Path.GetFileName(file.FileName ?? "");
            await File.WriteAllTextAsync(NameFileOf(userId, token), name.Length > 200 ? name[..200] : name, cancel);
            File.SetLastWriteTimeUtc(path, Stamp());
        }
        catch
        {
            Delete(userId, token);   // a half-written upload (cancelled, or the disk full) is not left behind
            throw;
        }
        KeepNewest(userId);
        return token;
    }

    // The saved file for this user and token, or null when the token is not one of ours, or the file is gone or too old.
    public string? Find(long userId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var guid)) return null;
        var path = PathOf(userId, guid.ToString("N"));
        if (!File.Exists(path)) return null;
        if (IsExpired(path))
        {
            Delete(userId, token);
            return null;
        }
        return path;
    }

    public string FileName(long userId, string token)
    {
        var nameFile = NameFileOf(userId, token);
        return File.Exists(nameFile) ? File.ReadAllText(nameFile) : "";
    }

    public void Delete(long userId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var guid)) return;
        var t = guid.ToString("N");
        ImportChecks.Forget(PathOf(userId, t));
        TryDelete(PathOf(userId, t));
        TryDelete(NameFileOf(userId, t));
    }

    // Removes every upload older than KeepFor (and any name file left without its workbook); answers how many
    // uploads went. Run by ImportUploadSweep in the background.
    public int Sweep()
    {
        if (!Directory.Exists(Folder)) return 0;
        int removed = 0;
        try
        {
            foreach (var path in Directory.EnumerateFiles(Folder, "*.xlsx"))
            {
                if (!IsExpired(path) || Parse(path) is not var (userId, token)) continue;
                Delete(userId, token);
                removed++;
            }
            // A save writes the workbook before its name, so a name alone is one whose workbook went.
            foreach (var nameFile in Directory.EnumerateFiles(Folder, "*.name"))
                if (!File.Exists(Path.ChangeExtension(nameFile, ".xlsx"))) TryDelete(nameFile);
        }
        catch (IOException e) { log.LogWarning(e, "Sweeping the import uploads in {Folder} failed", Folder); }
        catch (UnauthorizedAccessException e) { log.LogWarning(e, "Sweeping the import uploads in {Folder} failed", Folder); }
        return removed;
    }

    // The user's uploads waiting for a confirm, newest first.
    public IReadOnlyList<string> Pending(long userId) => !Directory.Exists(Folder) ? [] :
        Directory.EnumerateFiles(Folder, userId.ToString(CultureInfo.InvariantCulture) + "-*.xlsx")
            .Where(p => Parse(p)?.UserId == userId)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();

    // Only the newest few of a user's uploads wait: an upload never confirmed costs up to 10 MB of disk for a day.
    private void KeepNewest(long userId)
    {
        lock (_gate)
            foreach (var old in Pending(userId).Skip(Math.Max(1, _options.MaxPendingPerUser)))
                if (Parse(old) is var (_, token)) Delete(userId, token);
    }

    // The clock's time, moved on by a tick when it has not moved since the last upload (a test's clock stands still),
    // so uploads stay in the order they came.
    private DateTime Stamp()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            _lastStamp = now > _lastStamp ? now : _lastStamp.AddTicks(1);
            return _lastStamp;
        }
    }

    private bool IsExpired(string path) => File.GetLastWriteTimeUtc(path) < time.GetUtcNow().UtcDateTime - _options.KeepFor;

    private static (long UserId, string Token)? Parse(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        int dash = name.IndexOf('-');
        return dash > 0 && long.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
               && Guid.TryParseExact(name[(dash + 1)..], "N", out _)
            ? (userId, name[(dash + 1)..]) : null;
    }

    private string PathOf(long userId, string token) =>
        Path.Combine(Folder, userId.ToString(CultureInfo.InvariantCulture) + "-" + token + ".xlsx");

    private string NameFileOf(long userId, string token) =>
        Path.Combine(Folder, userId.ToString(CultureInfo.InvariantCulture) + "-" + token + ".name");

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
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

