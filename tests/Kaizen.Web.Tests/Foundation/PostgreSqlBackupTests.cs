using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Kaizen.Web.Tests.Foundation;

// On PostgreSQL the backup page explains the server's own tools and never makes a file (VACUUM INTO is SQLite's).
// The page model only: the rest of the app does not run on PostgreSQL yet (issue 18, next step).
public class PostgreSqlBackupTests : IClassFixture<MigratedPostgres>
{
    private readonly MigratedPostgres postgres;

    public PostgreSqlBackupTests(MigratedPostgres postgres) => this.postgres = postgres;

    [Fact]
    public async Task The_backup_page_on_postgresql_offers_no_file_and_names_the_server()
    {
        var page = new Kaizen.Web.Pages.Admin.Backup.IndexModel(postgres.Database, null!, null!);

        await page.OnGetAsync();

        Assert.True(page.OnPostgreSql);
        Assert.Contains("PostgreSQL database kaizen_test_", page.Where);
        Assert.IsType<RedirectToPageResult>(await page.OnPostAsync());
    }
}
