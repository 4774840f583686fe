using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Hosting;

// Faults of the machine rather than of Kaizen: the database cannot be written (a read-only file or file system) or
// the disk is full. Such a request ends with a 503 page that says so and that nothing was saved (SQLite rolls the
// write back), is logged as an error, and readiness (/readyz) reports it until it clears. Docs: docs/reliability.md.
public static class StorageFaults
{
    public enum Kind { None, ReadOnly, DiskFull }

    // SQLite primary result codes (https://sqlite.org/rescode.html) and Linux's ENOSPC.
    const int SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;
    const int Enospc = 28;

    public static Kind Classify(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteReadOnly }:
                case SqliteException { SqliteErrorCode: SqliteCantOpen }:
                    return Kind.ReadOnly;
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return Kind.DiskFull;
                case SqliteException { SqliteErrorCode: SqliteIoError } io when io.SqliteExtendedErrorCode == (SqliteIoError | (13 << 8)):
                    return Kind.DiskFull; // SQLITE_IOERR_WRITE with no room
                case IOException io when io.HResult == Enospc || (io.HResult & 0xFFFF) == 0x70 || io.Message.Contains("No space left", StringComparison.Ordinal):
                    return Kind.DiskFull;
                case UnauthorizedAccessException or IOException when e.Message.Contains("Read-only file system", StringComparison.Ordinal):
                    return Kind.ReadOnly;
            }
        }
        return Kind.None;
    }

    public static string Describe(Kind kind) => kind switch
    {
        Kind.ReadOnly => "Kaizen cannot write to its database at the moment (the database file or its disk is read-only).",
        Kind.DiskFull => "The server's disk is full, so Kaizen cannot save anything at the moment.",
        _ => "",
    };
}
