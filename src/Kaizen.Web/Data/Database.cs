using Microsoft.Data.Sqlite;

namespace Kaizen.Web.Data;

// Knows where the database file is and how every connection to it must be set up.
public sealed class Database
{
    public Database(string path)
    {
        FilePath = Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }
    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // busy_timeout lets a reader or writer wait for the single writer rather than fail at once.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    // WAL is a property of the file, so it is set once when the app starts.
    public void EnsureCreated()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}

// One connection per request, opened on first use and closed with the request scope.
public sealed class Db(Database database) : IDisposable
{
    private SqliteConnection? connection;

    public Database Database => database;

    public SqliteConnection Connection => connection ??= database.Open();

    // Whether this request has opened its connection yet: one that has not cannot be inside a transaction.
    public bool IsOpen => connection is not null;

    public void Dispose() => connection?.Dispose();
}
