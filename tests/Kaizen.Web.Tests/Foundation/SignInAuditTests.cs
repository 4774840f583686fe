using System.Net;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

// Failed sign-ins are recorded for administrators, but anonymous tries cannot make the record grow without bound.
public abstract class SignInAuditTests(DatabaseEngine engine) : IDisposable
{
    private readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Two_hundred_failed_tries_add_one_counted_line_per_account_and_nothing_to_the_audit_log()
    {
        app.Time.Now = new DateTimeOffset(2026, 3, 2, 9, 1, 0, TimeSpan.Zero);
        app.AddUser("admin@example.nhs.uk", Roles.Administrator);
        long AuditRows() { using var db = app.OpenDb(); return db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log"); }
        var auditBefore = AuditRows();
        var client = app.Client("127.0.0.2");
        var token = (await client.GetDocumentAsync("/Account/SignIn")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        for (var i = 0; i < 200; i++)
        {
            // Half at the administrator (locked after five), half at made-up addresses.
            var email = i % 2 == 0 ? "admin@example.nhs.uk" : $"made.up.{i}@example.com";
            var response = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = $"guess {i}",
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var db = app.OpenDb();
        var lines = db.Query<(long UserId, long Failures, long Refused)>("SELECT user_id, failures, refused FROM sign_in_failures ORDER BY user_id").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal((0L, 100L, 0L), lines[0]);
        Assert.Equal(100L, lines[1].Failures);
        Assert.Equal(95L, lines[1].Refused);
        Assert.Equal(auditBefore, AuditRows());
        Assert.Equal(2L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM sign_in_guard"));

        // An administrator sees the count.
        app.AddUser("other.admin@example.nhs.uk", Roles.Administrator);
        var admin = await app.SignedInAsync("other.admin@example.nhs.uk");
        var page = await admin.GetDocumentAsync("/Admin/Audit/SignIns");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("admin@example.nhs.uk") && !r.TextContent.Contains("other."));
        Assert.Contains("100", row.TextContent);
        Assert.Contains("02/03/2026 09:00", row.TextContent);
    }
}

public sealed class SignInAuditTestsOnSqlite() : SignInAuditTests(DatabaseEngine.Sqlite);

public sealed class SignInAuditTestsOnPostgreSql() : SignInAuditTests(DatabaseEngine.PostgreSql);
