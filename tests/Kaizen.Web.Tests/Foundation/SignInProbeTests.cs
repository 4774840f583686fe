using System.Net;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Foundation;

// Whatever state an account is in, a refused sign-in says the same and costs the same: one password check.
public abstract class SignInProbeTests(DatabaseEngine engine) : IDisposable
{
    private readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    private async Task<(string Message, int Checks)> RefusedAsync(string email, string password, string address = "127.0.0.1")
    {
        var before = app.Passwords.Checked.Count;
        var response = await app.Client(address).PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = (await response.ParseAsync()).GetElementById("form-errors")!.TextContent.Trim();
        return (message, app.Passwords.Checked.Count - before);
    }

    [Fact]
    public async Task Unknown_wrong_locked_disabled_and_invited_accounts_get_the_same_answer_after_one_password_check()
    {
        app.AddUser("known@example.nhs.uk", Roles.Board);
        app.AddUser("locked@example.nhs.uk", Roles.Board);
        app.AddUser("disabled@example.nhs.uk", Roles.Board, disabled: true);
        var invited = app.AddUser("invited@example.nhs.uk", Roles.Board);
        using (var db = app.OpenDb()) db.Execute("UPDATE users SET password_hash = '' WHERE id = @invited", new { invited });
        for (var i = 0; i < 5; i++) await RefusedAsync("locked@example.nhs.uk", $"guess {i}", "127.0.0.9");

        var answers = new Dictionary<string, (string Message, int Checks)>
        {
            ["unknown"] = await RefusedAsync("nobody@example.nhs.uk", KaizenApp.Password),
            ["wrong password"] = await RefusedAsync("known@example.nhs.uk", "not the password"),
            ["locked, wrong password"] = await RefusedAsync("locked@example.nhs.uk", "not the password", "127.0.0.9"),
            ["locked, right password"] = await RefusedAsync("locked@example.nhs.uk", KaizenApp.Password, "127.0.0.9"),
            ["disabled, right password"] = await RefusedAsync("disabled@example.nhs.uk", KaizenApp.Password),
            ["invited, no password yet"] = await RefusedAsync("invited@example.nhs.uk", "any password"),
        };

        Assert.All(answers, a => Assert.True(a.Value.Checks == 1, $"{a.Key}: {a.Value.Checks} password checks"));
        Assert.Single(answers.Values.Select(a => a.Message).Distinct());
        Assert.Contains("did not sign you in", answers["unknown"].Message);
    }
}

public sealed class SignInProbeTestsOnSqlite() : SignInProbeTests(DatabaseEngine.Sqlite);

public sealed class SignInProbeTestsOnPostgreSql() : SignInProbeTests(DatabaseEngine.PostgreSql);
