using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kaizen.Web.Data;

// Kaizen:Database:Provider: the embedded SQLite file (the default: one machine, nothing to install) or a PostgreSQL
// server (a national programme: several web nodes, the server's own backups and replicas).
public enum DatabaseEngine { Sqlite, PostgreSql }

// Knows which database Kaizen uses and how every connection to it must be set up.
public sealed class Database : IDisposable
{
    // Dapper's mapping is process-wide: set once, where every connection comes from. A column report_out_date fills
    // ReportOutDate without an alias in the SQL.
    static Database()
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        BoolAsInteger.Register();
    }

    // The SQLite file at this path (relative to the working folder).
    public Database(string path)
    {
        Engine = DatabaseEngine.Sqlite;
        filePath = Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    private Database(NpgsqlDataSource dataSource)
    {
        Engine = DatabaseEngine.PostgreSql;
        DataSource = dataSource;
        ConnectionString = dataSource.ConnectionString;
    }

    // A PostgreSQL database, from an Npgsql connection string (Host=…;Port=…;Database=…;Username=…;Password=…).
    public static Database PostgreSql(string connectionString) =>
        new(new NpgsqlDataSourceBuilder(connectionString) { Name = "kaizen" }.Build());

    // From Kaizen's settings: Kaizen:Database:Provider, with Kaizen:DatabasePath (SQLite, relative to contentRoot)
    // or Kaizen:Database:ConnectionString (PostgreSQL).
    public static Database From(KaizenOptions options, string contentRoot) => options.Database.Provider switch
    {
        DatabaseEngine.PostgreSql when string.IsNullOrWhiteSpace(options.Database.ConnectionString) =>
            throw new InvalidOperationException("Kaizen:Database:Provider is PostgreSql but Kaizen:Database:ConnectionString is not set."),
        DatabaseEngine.PostgreSql => PostgreSql(options.Database.ConnectionString!),
        _ => new Database(Path.Combine(contentRoot, options.DatabasePath)),
    };

    public DatabaseEngine Engine { get; }

    private readonly string? filePath;

    // The SQLite file; PostgreSQL has none (its data lives on the server).
    public string FilePath => filePath ?? throw new InvalidOperationException("The PostgreSQL engine has no database file.");

    public string ConnectionString { get; }

    // PostgreSQL's pooled data source; null on SQLite.
    public NpgsqlDataSource? DataSource { get; }

    // For messages and logs: the file, or the server and database (never the password).
    public string Describe => filePath ?? (DataSource is { } source
        ? new NpgsqlConnectionStringBuilder(source.ConnectionString) is var b ? $"PostgreSQL database {b.Database ?? b.Username} on {b.Host}:{b.Port}" : ""
        : "");

    // A SQLite connection, for the queries not yet written for both engines.
    public SqliteConnection Open()
    {
        if (Engine != DatabaseEngine.Sqlite)
            throw new InvalidOperationException("This part of Kaizen still speaks only SQLite; it cannot run on PostgreSQL yet.");
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // busy_timeout lets a reader or writer wait for the single writer rather than fail at once.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    // An open connection on either engine, for code whose SQL is the same on both.
    public DbConnection OpenConnection()
    {
        if (Engine == DatabaseEngine.Sqlite) return Open();
        return DataSource!.OpenConnection();
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancel = default)
    {
        if (Engine == DatabaseEngine.Sqlite) return Open();
        return await DataSource!.OpenConnectionAsync(cancel);
    }

    // PostgreSQL's pool closes with the app; SQLite's connections are closed one by one.
    public void Dispose() => DataSource?.Dispose();

    // WAL is a property of the file, so it is set once when the app starts. A PostgreSQL database is created by its
    // administrator: here it is only reached, so a wrong connection string stops start-up with the server's reason.
    public void EnsureCreated()
    {
        if (Engine == DatabaseEngine.PostgreSql)
        {
            using var _ = OpenConnection();
            return;
        }
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
    private DbConnection? connection;

    public Database Database => database;

    // Either engine's connection: the SQL written through it must run on both (docs/postgresql-port.md).
    public DbConnection Connection => connection ??= database.OpenConnection();

    // Whether this request has opened its connection yet: one that has not cannot be inside a transaction.
    public bool IsOpen => connection is not null;

    public void Dispose() => connection?.Dispose();
}

public static class DbCommandParameters
{
    // DbCommand has no AddWithValue; a null becomes DBNull, as both engines expect.
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    // Typed, so that PostgreSQL knows what "@p IS NULL" compares even when the value is null.
    public static DbParameter AddParameter(this DbCommand command, string name, object? value, System.Data.DbType type)
    {
        var parameter = command.AddParameter(name, value);
        parameter.DbType = type;
        return parameter;
    }
}
