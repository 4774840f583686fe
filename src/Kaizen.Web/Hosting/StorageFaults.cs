using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kaizen.Web.Hosting;

// Faults of the machine rather than of Kaizen: the database cannot be written (a read-only file or file system, or on
// PostgreSQL a read-only server such as a replica), the disk is full, or the PostgreSQL server cannot be reached. Such a request ends with a 503 page that says so and that nothing was saved (SQLite rolls the
// write back), is logged as an error, and readiness (/readyz) reports it until it clears. Docs: docs/reliability.md.
public static class StorageFaults
{
    public enum Kind { None, ReadOnly, DiskFull, Unreachable }

    // SQLite primary result codes (https://sqlite.org/rescode.html) and Linux's ENOSPC.
    const int SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;
    const int Enospc = 28;

    // PostgreSQL's SQL states (https://www.postgresql.org/docs/current/errcodes-appendix.html) for the same faults: a
    // read-only transaction or a server in recovery (a replica), a full disk, and a server shutting down or not
    // accepting connections (class 08 is a broken connection, 57P0x an administrator's or a crash's shutdown).
    static Kind ClassifyPostgres(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.ReadOnlySqlTransaction => Kind.ReadOnly,
        PostgresErrorCodes.DiskFull => Kind.DiskFull,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => Kind.Unreachable,
        _ when e.SqlState.StartsWith("08", StringComparison.Ordinal) => Kind.Unreachable,
        _ => Kind.None,
    };

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
                case PostgresException pg when ClassifyPostgres(pg) != Kind.None:
                    return ClassifyPostgres(pg);
                // Npgsql's own failures below the SQL: the server refused or dropped the connection, or none was free
                // in time. A PostgresException is the server's answer, and is classified above or not at all.
                case NpgsqlException npgsql when npgsql is not PostgresException
                    && (npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException
                        || npgsql.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase)):
                    return Kind.Unreachable;
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
        Kind.ReadOnly => "Kaizen cannot write to its database at the moment (the database file or its disk, or the database server, is read-only).",
        Kind.DiskFull => "The server's disk is full, so Kaizen cannot save anything at the moment.",
        Kind.Unreachable => "Kaizen cannot reach its database server at the moment, so nothing can be read or saved.",
        _ => "",
    };
}
