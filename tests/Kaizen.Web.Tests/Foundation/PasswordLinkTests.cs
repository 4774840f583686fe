using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using MimeKit;
using netDumbster.smtp;

namespace Kaizen.Web.Tests.Foundation;

// Invitations and password resets by email, received by a real SMTP server listening on loopback.
public abstract class PasswordLinkTests : IDisposable
{
    protected readonly SimpleSmtpServer smtp = SimpleSmtpServer.Start();
    protected readonly KaizenApp app;

    protected PasswordLinkTests(DatabaseEngine engine)
    {
        app = new(engine);
        app.Settings["Kaizen:Smtp:Host"] = "127.0.0.1";
        app.Settings["Kaizen:Smtp:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Kaizen:Smtp:From"] = "kaizen@example.nhs.uk";
        app.Settings["Kaizen:Smtp:UseTls"] = "false";
        app.Settings["Kaizen:PublicUrl"] = "https://kaizen.example.nhs.uk";
    }

    public void Dispose()
    {
        app.Dispose();
        smtp.Dispose();
    }

    // Waits for the server to have received this many messages (mail from anonymous requests is sent in the background).
    protected async Task<IReadOnlyList<MimeMessage>> MailAsync(int count)
    {
        for (var waited = 0; smtp.ReceivedEmailCount < count && waited < 200; waited++) await Task.Delay(50);
        return smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList();
    }

    // The link in a message, as a path for the test client (the message has the public address in front).
    protected static string LinkIn(MimeMessage message)
    {
        var match = Regex.Match(message.TextBody ?? "", @"https://kaizen\.example\.nhs\.uk(/Account/ChoosePassword\?token=[A-Za-z0-9_-]+)");
        Assert.True(match.Success, message.TextBody);
        return match.Groups[1].Value;
    }

    protected static Task<HttpResponseMessage> ChooseAsync(HttpClient client, string link, string password) =>
        client.PostFormAsync(link, new() { ["Input.Password"] = password, ["Input.ConfirmPassword"] = password });

    // Posts the form of a page the client loaded earlier (a tab left open), without loading it again.
    protected static Task<HttpResponseMessage> SubmitOpenedAsync(HttpClient client, string link, AngleSharp.Dom.IDocument opened, string password)
    {
        var fields = Http.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)opened.QuerySelector("main form")!);
        fields["Input.Password"] = [password];
        fields["Input.ConfirmPassword"] = [password];
        return client.PostAsync(link, Http.Encode(fields));
    }

    protected async Task<HttpResponseMessage> InviteAsync(HttpClient admin, string email, string name) =>
        await admin.PostFormAsync("/Admin/Users/Create", new() { ["Input.DisplayName"] = name, ["Input.Email"] = email, ["Input.Role"] = "board" });


    [Fact]
    public async Task A_link_posted_a_second_time_does_not_change_the_password_again()
    {
        app.AddUser("admin@example.nhs.uk", Roles.Administrator);
        var admin = await app.SignedInAsync("admin@example.nhs.uk");
        await InviteAsync(admin, "new.board@example.nhs.uk", "Nia Board");
        var link = LinkIn(Assert.Single(await MailAsync(1)));
        // Two tabs opened on the link before either was used.
        var first = app.Client();
        var second = app.Client();
        var firstPage = await first.GetDocumentAsync(link);
        var secondPage = await second.GetDocumentAsync(link);
        Assert.NotNull(firstPage.QuerySelector("main form"));
        Assert.NotNull(secondPage.QuerySelector("main form"));

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitOpenedAsync(first, link, firstPage, "the first password")).StatusCode);
        var late = await SubmitOpenedAsync(second, link, secondPage, "the second password");

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.NotNull((await late.ParseAsync()).GetElementById("link-not-valid"));
        await app.SignedInAsync("new.board@example.nhs.uk", "the first password");
    }

    [Fact]
    public async Task An_invitation_link_older_than_seven_days_is_refused()
    {
        app.AddUser("admin@example.nhs.uk", Roles.Administrator);
        var admin = await app.SignedInAsync("admin@example.nhs.uk");
        await InviteAsync(admin, "new.board@example.nhs.uk", "Nia Board");
        var link = LinkIn(Assert.Single(await MailAsync(1)));
        var invitee = app.Client();
        var page = await invitee.GetDocumentAsync(link);
        Assert.NotNull(page.QuerySelector("main form"));

        app.Time.Now += TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);
        var response = await SubmitOpenedAsync(invitee, link, page, "my own long password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.ParseAsync()).GetElementById("link-not-valid"));
        Assert.NotNull((await app.Client().GetDocumentAsync(link)).GetElementById("link-not-valid"));
        using var db = app.OpenDb();
        Assert.Equal("", db.ExecuteScalar<string>("SELECT password_hash FROM users WHERE email = 'new.board@example.nhs.uk'"));
    }

    [Fact]
    public async Task Forgot_password_says_the_same_for_an_unknown_address_and_sends_mail_only_to_a_real_account()
    {
        app.AddUser("lead@example.nhs.uk", Roles.Board);
        var elsewhere = await app.SignedInAsync("lead@example.nhs.uk");
        var client = app.Client();

        var unknown = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = "nobody@example.nhs.uk" });
        var unknownSays = (await client.GetDocumentAsync(unknown.Headers.Location!.OriginalString)).QuerySelector("main")!.TextContent;
        var known = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = "lead@example.nhs.uk" });
        var knownSays = (await client.GetDocumentAsync(known.Headers.Location!.OriginalString)).QuerySelector("main")!.TextContent;

        Assert.Equal(unknown.Headers.Location, known.Headers.Location);
        Assert.Equal(unknownSays, knownSays);
        Assert.Contains("If an account uses that email address", knownSays);
        // The mail goes out in order: had the unknown address been sent anything, it would have arrived first.
        var mail = Assert.Single(await MailAsync(1));
        Assert.Equal("lead@example.nhs.uk", mail.To.Mailboxes.Single().Address);
        Assert.Equal("Choose a new Kaizen password", mail.Subject);

        Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(app.Client(), LinkIn(mail), "a brand new password")).StatusCode);

        // The old password no longer works, and the session signed in before the reset has ended.
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/")).StatusCode);
        await app.SignedInAsync("lead@example.nhs.uk", "a brand new password");
        await Task.Delay(200);
        Assert.Equal(1, smtp.ReceivedEmailCount);
    }

    [Fact]
    public async Task A_reset_link_lifts_the_pause_on_signing_in_from_a_locked_address()
    {
        app.AddUser("lead@example.nhs.uk", Roles.Board);
        var client = app.Client("10.1.1.1");
        for (var i = 0; i < 6; i++)
            await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = $"guess {i}" });
        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = KaizenApp.Password })).StatusCode);

        await client.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = "lead@example.nhs.uk" });
        Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(app.Client(), LinkIn(Assert.Single(await MailAsync(1))), "a brand new password")).StatusCode);

        var response = await app.Client("10.1.1.1").PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "lead@example.nhs.uk", ["Input.Password"] = "a brand new password" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}

// With no SMTP server set, the administrator is shown the link to pass on.
public abstract class PasswordLinkWithoutMailTests(DatabaseEngine engine) : IDisposable
{
    protected readonly KaizenApp app = new(engine);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Without_email_the_administrator_is_shown_the_invitation_link_and_it_works()
    {
        app.AddUser("admin@example.nhs.uk", Roles.Administrator);
        var admin = await app.SignedInAsync("admin@example.nhs.uk");

        var created = await admin.PostFormAsync("/Admin/Users/Create", new() { ["Input.DisplayName"] = "Nia Board", ["Input.Email"] = "new.board@example.nhs.uk", ["Input.Role"] = "board" });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var users = await admin.GetDocumentAsync("/Admin/Users");
        Assert.Contains("pass this link to Nia Board yourself", users.Body!.TextContent);
        Assert.Contains("Invited", users.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Nia Board")).TextContent);
        var url = users.GetElementById("password-link")!.GetAttribute("value")!;
        Assert.StartsWith("http://localhost/Account/ChoosePassword?token=", url);
        Assert.Null((await admin.GetDocumentAsync("/Admin/Users")).GetElementById("password-link"));
        var link = new Uri(url).PathAndQuery;
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().PostFormAsync(link, new() { ["Input.Password"] = "my own long password", ["Input.ConfirmPassword"] = "my own long password" })).StatusCode);
        await app.SignedInAsync("new.board@example.nhs.uk", "my own long password");
        // The forgotten-password page says to ask an administrator, whatever the address.
        Assert.Contains("ask an administrator", (await app.Client().GetDocumentAsync("/Account/ForgotPassword")).QuerySelector("main")!.TextContent);
    }
}

public sealed class PasswordLinkTestsOnSqlite() : PasswordLinkTests(DatabaseEngine.Sqlite)
{
    // On SQLite only until the dashboard, the pack and the figures run on PostgreSQL (issue 17): each reaches one of
    // them (the home page, /Board, the pack, marking a meeting held). Move them back to the base class then.
    [Fact]
    public async Task An_invitation_arrives_by_email_and_its_link_sets_a_password_once()
    {
        app.AddUser("admin@example.nhs.uk", Roles.Administrator);
        var admin = await app.SignedInAsync("admin@example.nhs.uk");

        Assert.Equal(HttpStatusCode.Redirect, (await InviteAsync(admin, "new.board@example.nhs.uk", "Nia Board")).StatusCode);

        var users = await admin.GetDocumentAsync("/Admin/Users");
        Assert.Contains("We have emailed Nia Board", users.Body!.TextContent);
        Assert.Null(users.GetElementById("password-link"));
        var mail = Assert.Single(await MailAsync(1));
        Assert.Equal("new.board@example.nhs.uk", mail.To.Mailboxes.Single().Address);
        Assert.Equal("You are invited to Kaizen", mail.Subject);
        var link = LinkIn(mail);
        // Only the token's hash is stored.
        var token = link[(link.IndexOf('=') + 1)..];
        using (var db = app.OpenDb())
        {
            var stored = db.QuerySingle<(string Hash, string Purpose)>("SELECT token_hash, purpose FROM password_links");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.Hash);
            Assert.Equal("invitation", stored.Purpose);
        }
        // Before the link is used, no password signs them in.
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "new.board@example.nhs.uk", ["Input.Password"] = "anything at all" })).StatusCode);

        var invitee = app.Client();
        var chosen = await ChooseAsync(invitee, link, "my own long password");

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Contains("Nia Board", (await invitee.GetDocumentAsync("/")).QuerySelector("header")!.TextContent);
        var again = await app.Client().GetDocumentAsync(link);
        Assert.NotNull(again.GetElementById("link-not-valid"));
        Assert.Null(again.QuerySelector("main form"));
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().PostFormAsync("/Account/SignIn", new() { ["Input.Email"] = "new.board@example.nhs.uk", ["Input.Password"] = "my own long password" })).StatusCode);
    }
}

public sealed class PasswordLinkTestsOnPostgreSql() : PasswordLinkTests(DatabaseEngine.PostgreSql);

public sealed class PasswordLinkWithoutMailTestsOnSqlite() : PasswordLinkWithoutMailTests(DatabaseEngine.Sqlite);

public sealed class PasswordLinkWithoutMailTestsOnPostgreSql() : PasswordLinkWithoutMailTests(DatabaseEngine.PostgreSql);
