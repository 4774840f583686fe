namespace Kaizen.Web.Data;

public sealed class KaizenOptions
{
    // The SQLite file. Relative to the content root; an absolute path is used as it is.
    public string DatabasePath { get; set; } = "data/kaizen.db";

    // Kaizen:Database: which engine, and for PostgreSQL where its server is.
    public DatabaseOptions Database { get; set; } = new();

    // Where db/migrations/*.sql are read from (PostgreSQL's from its postgresql subfolder); the build copies them
    // beside the app.
    public string? MigrationsPath { get; set; }

    // Readiness (/readyz) fails below this much free space beside the database, before writes start failing.
    public long MinimumFreeDiskMegabytes { get; set; } = 100;
}

public sealed class DatabaseOptions
{
    // Sqlite (the default, the file at Kaizen:DatabasePath) or PostgreSql.
    public DatabaseEngine Provider { get; set; } = DatabaseEngine.Sqlite;

    // PostgreSQL only: an Npgsql connection string, e.g. Host=db;Port=5432;Database=kaizen;Username=kaizen;Password=….
    public string? ConnectionString { get; set; }
}
