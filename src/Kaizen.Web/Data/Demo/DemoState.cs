using Dapper;

namespace Kaizen.Web.Data.Demo;

// Whether the demonstration programme is in this database, asked on every page for the banner: read once, then
// remembered (it is never unloaded).
public sealed class DemoState(Database database)
{
    private bool? loaded;

    public bool IsLoaded
    {
        get
        {
            if (loaded == true) return true;
            using var connection = database.Open();
            return (loaded = DemoProgramme.IsLoaded(connection)).Value;
        }
    }

    public void MarkLoaded() => loaded = true;
}
