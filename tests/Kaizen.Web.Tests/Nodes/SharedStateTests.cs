using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Import;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Tests.Nodes;

// What the web nodes share through the database (migration 0019), on both engines: the data-protection key ring and
// the import uploads waiting for a confirm. Each "node" here is its own set of services on the one database.
public abstract class SharedStateTests : IDisposable
{
    protected static readonly string Migrations = Path.Combine(AppContext.BaseDirectory, "migrations");
    private readonly Database database;

    protected SharedStateTests()
    {
        database = NewDatabase();
        MigrationRunner.Apply(database, Migrations);
    }

    protected abstract Database NewDatabase();

    public virtual void Dispose() => SqliteConnection.ClearAllPools();

    private IDataProtector Node()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(database);
        services.AddKaizenKeyRing();
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("Kaizen.Tests");
    }

    [Fact]
    public void What_one_node_protects_another_reads_with_the_key_ring_in_the_database()
    {
        var text = Node().Protect("signed in as lead@example.nhs.uk");

        Assert.Equal("signed in as lead@example.nhs.uk", Node().Unprotect(text));
        using var connection = database.OpenConnection();
        var key = Assert.Single(connection.Query<(string Name, string Xml)>("SELECT friendly_name, xml FROM data_protection_keys"));
        Assert.StartsWith("<key ", key.Xml);
    }

    private long AddUser(string email)
    {
        using var connection = database.OpenConnection();
        return connection.ExecuteScalar<long>("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES (@email, 'x', 'administrator', 'x', 'x', '2026-01-01T00:00:00Z') RETURNING id
            """, new { email });
    }

    private static IFormFile Upload(string name, byte[] content) => new FormFile(new MemoryStream(content), 0, content.Length, "Workbook", name);

    [Fact]
    public async Task Uploads_wait_in_the_database_three_per_user_only_for_their_owner_and_for_a_day()
    {
        var time = new TestTime { Now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero) };
        var (one, two) = (AddUser("one@example.nhs.uk"), AddUser("two@example.nhs.uk"));
        var uploads = new ImportUploads(database, Options.Create(new ImportUploadOptions()), time);
        var otherNode = new ImportUploads(database, Options.Create(new ImportUploadOptions()), time);

        var tokens = new List<string>();
        for (var i = 1; i <= 4; i++) tokens.Add(await uploads.SaveAsync(Upload($"book{i}.xlsx", [(byte)i, 2, 3]), one, default));
        var others = await uploads.SaveAsync(Upload("theirs.xlsx", [9]), two, default);

        Assert.Equal(tokens.Skip(1).Reverse(), otherNode.Pending(one));   // the newest three, newest first
        Assert.Null(otherNode.Find(one, tokens[0]));
        var found = otherNode.Find(one, tokens[3])!;
        Assert.Equal("book4.xlsx", found.FileName);
        Assert.Equal([4, 2, 3], found.Content);
        Assert.Null(otherNode.Find(one, others));   // another user's token is not theirs

        time.Now += TimeSpan.FromHours(25);
        Assert.Equal(4, otherNode.Sweep());
        using var connection = database.OpenConnection();
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM import_uploads"));
    }
}

public sealed class SqliteSharedStateTests : SharedStateTests
{
    private string? folder;

    protected override Database NewDatabase()
    {
        folder = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"));
        var database = new Database(Path.Combine(folder, "kaizen.db"));
        database.EnsureCreated();
        return database;
    }

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(folder!, recursive: true); } catch (IOException) { }
    }
}

public sealed class PostgreSqlSharedStateTests : SharedStateTests
{
    private TestPostgresDatabase? postgres;

    protected override Database NewDatabase() => (postgres = TestPostgres.CreateEmpty()).Database;

    public override void Dispose()
    {
        base.Dispose();
        postgres?.Dispose();
    }
}
