namespace Kaizen.Web.Data.Demo;

// Whether the demonstration programme is in this database, asked on every page for the banner: once it is, that is
// remembered (it is never unloaded); while it is not, the answer is kept under DataVersion's stamp, so a database
// without it is not asked again on every page until something is written.
public sealed class DemoState(Database database)
{
    private volatile bool loaded;
    private volatile NotLoaded? notLoaded;

    private sealed record NotLoaded(DataVersion.Stamp At);

    public bool IsLoaded
    {
        get
        {
            if (loaded) return true;
            // PostgreSQL has no data_version, and another node may load the demo: asked every time there.
            var stamp = database.Engine == DatabaseEngine.Sqlite ? DataVersion.Current(database.FilePath, database.ConnectionString) : null;
            if (stamp is { } now && notLoaded?.At == now) return false;
            using var connection = database.OpenConnection();
            if (DemoProgramme.IsLoaded(connection)) return loaded = true;
            notLoaded = stamp is { } seen ? new NotLoaded(seen) : null;
            return false;
        }
    }

    public void MarkLoaded() => loaded = true;
}
