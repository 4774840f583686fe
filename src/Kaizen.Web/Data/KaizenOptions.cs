namespace Kaizen.Web.Data;

public sealed class KaizenOptions
{
    // Relative to the content root; an absolute path is used as it is.
    public string DatabasePath { get; set; } = "data/kaizen.db";

    // Where db/migrations/*.sql are read from; the build copies them beside the app.
    public string? MigrationsPath { get; set; }

    // Readiness (/readyz) fails below this much free space beside the database, before writes start failing.
    public long MinimumFreeDiskMegabytes { get; set; } = 100;
}
