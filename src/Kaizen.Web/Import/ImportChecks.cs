using System.Security.Cryptography;
using Kaizen.Web.Reports;

namespace Kaizen.Web.Import;

// The upload's check, kept for its confirm so a large workbook is not read and checked twice. The confirm uses it only
// when nothing it rests on can have changed: the stored upload (its SHA-256), who checked it (user, role, trust), the day
// (the rules compare dates with today) and the database, by a data_version stamp taken before the upload's lookups and
// compared with one taken inside the confirm's write transaction, where no one else can commit. Otherwise, or when it
// has been dropped, the confirm reads and checks the workbook again from scratch.
public static class ImportChecks
{
    // A 10,000-row plan holds a few MB; uploads waiting for a confirm are few.
    const int MaxKept = 4;

    public sealed record Kept
    {
        // The upload's token.
        public required string Key { get; init; }
        public required byte[] Hash { get; init; }
        public required string Who { get; init; }
        public required DateOnly Today { get; init; }
        public required DataStamp Stamp { get; init; }
        public required ImportPlan Plan { get; init; }
    }

    static readonly object Gate = new();
    static readonly List<Kept> Entries = [];

    public static byte[] Hash(byte[] content) => SHA256.HashData(content);

    public static void Keep(Kept kept)
    {
        lock (Gate)
        {
            Entries.RemoveAll(e => e.Key == kept.Key);
            if (Entries.Count >= MaxKept) Entries.RemoveAt(0);
            Entries.Add(kept);
        }
    }

    // The kept check for this file if its content, user and day still match; it is removed either way, as a confirm
    // uses it at most once. The caller still compares the stamp, under its write lock.
    public static Kept? Take(string key, byte[] hash, string who, DateOnly today)
    {
        Kept? kept;
        lock (Gate)
        {
            kept = Entries.FirstOrDefault(e => e.Key == key);
            if (kept is not null) Entries.Remove(kept);
        }
        return kept is not null && kept.Who == who && kept.Today == today && CryptographicOperations.FixedTimeEquals(kept.Hash, hash) ? kept : null;
    }

    public static void Forget(string key)
    {
        lock (Gate) Entries.RemoveAll(e => e.Key == key);
    }
}
