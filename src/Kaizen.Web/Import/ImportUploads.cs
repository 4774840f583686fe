using System.Globalization;

namespace Kaizen.Web.Import;

// Uploaded workbooks wait here between the check and the confirm: <temp>/kaizen-imports/<user id>-<token>.xlsx,
// with the original file name beside it. The token is a random GUID the page hands back; it is parsed as a GUID
// and combined with the signed-in user's id, so a client can neither name a path nor reach another user's upload.
public static class ImportUploads
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);

    public static string Folder => Path.Combine(Path.GetTempPath(), "kaizen-imports");

    public static async Task<string> SaveAsync(IFormFile file, long userId, CancellationToken cancel)
    {
        Directory.CreateDirectory(Folder);
        Sweep();
        var token = Guid.NewGuid().ToString("N");
        await using (var output = new FileStream(PathOf(userId, token), FileMode.CreateNew, FileAccess.Write, FileShare.None))
            await file.CopyToAsync(output, cancel);
        var name = Path.GetFileName(file.FileName ?? "");
        await File.WriteAllTextAsync(NameFileOf(userId, token), name.Length > 200 ? name[..200] : name, cancel);
        return token;
    }

    // The saved file for this user and token, or null when the token is not one of ours or the file is gone.
    public static string? Find(long userId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var guid)) return null;
        var path = PathOf(userId, guid.ToString("N"));
        return File.Exists(path) ? path : null;
    }

    public static string FileName(long userId, string token)
    {
        var nameFile = NameFileOf(userId, token);
        return File.Exists(nameFile) ? File.ReadAllText(nameFile) : "";
    }

    public static void Delete(long userId, string? token)
    {
        if (!Guid.TryParseExact(token, "N", out var guid)) return;
        var t = guid.ToString("N");
        ImportChecks.Forget(PathOf(userId, t));
        TryDelete(PathOf(userId, t));
        TryDelete(NameFileOf(userId, t));
    }

    private static string PathOf(long userId, string token) =>
        Path.Combine(Folder, userId.ToString(CultureInfo.InvariantCulture) + "-" + token + ".xlsx");

    private static string NameFileOf(long userId, string token) =>
        Path.Combine(Folder, userId.ToString(CultureInfo.InvariantCulture) + "-" + token + ".name");

    // Uploads never confirmed are removed after a day.
    private static void Sweep()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Folder))
                if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow - KeepFor) TryDelete(file);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
