using Kaizen.Web.Data;

namespace Kaizen.Web.Tests.Foundation;

// Kaizen:Database:Provider picks the engine: SQLite by default (no server needed), PostgreSQL only when asked and
// given a connection string.
public class DatabaseSettingsTests
{
    [Fact]
    public void By_default_the_database_is_the_sqlite_file_under_the_content_root()
    {
        var database = Database.From(new KaizenOptions(), "/srv/kaizen");

        Assert.Equal(DatabaseEngine.Sqlite, database.Engine);
        Assert.Equal("/srv/kaizen/data/kaizen.db", database.FilePath);
    }

    [Fact]
    public void Postgresql_without_a_connection_string_is_refused_naming_the_setting()
    {
        var options = new KaizenOptions { Database = { Provider = DatabaseEngine.PostgreSql } };

        var error = Assert.Throws<InvalidOperationException>(() => Database.From(options, "/srv/kaizen"));

        Assert.Contains("Kaizen:Database:ConnectionString", error.Message);
    }

    [Fact]
    public void A_postgresql_database_is_described_without_its_password()
    {
        var options = new KaizenOptions
        {
            Database = { Provider = DatabaseEngine.PostgreSql, ConnectionString = "Host=db.internal;Port=5433;Database=kaizen;Username=kaizen;Password=hunter2-secret" },
        };

        using var database = Database.From(options, "/srv/kaizen");

        Assert.Equal(DatabaseEngine.PostgreSql, database.Engine);
        Assert.Equal("PostgreSQL database kaizen on db.internal:5433", database.Describe);
        Assert.DoesNotContain("hunter2", database.Describe);
        Assert.Throws<InvalidOperationException>(() => database.Open());   // the SQLite-only code says so rather than misbehave
    }
}
