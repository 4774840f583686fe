using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Board;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

// The board member's question at the monthly meeting: what changed since the last one? The programme is built in the
// test (Kaizen.Web.Tests.Board.SinceScenario, worked out by hand there): the meeting of 15/02/2021
// held and frozen, today 20/03/2021.
public class BoardSinceLastMeetingTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    SqliteConnection Db()
    {
        var connection = new SqliteConnection($"Data Source={App.DatabasePath};Foreign Keys=True");
        connection.Open();
        return connection;
    }

    async Task SeedAsync(int extraOverdue = 0)
    {
        App.Time.Now = new DateTimeOffset(2021, 3, 20, 10, 0, 0, TimeSpan.Zero);
        using var db = Db();
        var trustA = db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('Trust A', 'TRA', '2016-01-01') RETURNING id");
        var trustB = db.ExecuteScalar<long>("INSERT INTO trusts (name, code, joined_on) VALUES ('Trust B', 'TRB', '2016-01-01') RETURNING id");
        db.Execute("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES ('board@example.nhs.uk', 'Bea Board', @role, @hash, @stamp, '2021-01-01T00:00:00Z')
            """, new { role = Roles.Board, hash = UserAccounts.Hash(Web.Tests.Infrastructure.KaizenApp.Password), stamp = UserAccounts.NewStamp() });
        await SinceScenario.SeedAsync(db, trustA, trustB, extraOverdue);
    }

    static string Squash(string s) => Regex.Replace(s, @"\s+", " ").Trim();

    [Fact]
    public Task A_board_member_reaches_the_trusts_that_got_worse_and_the_follow_ups_overdue_since_the_last_meeting_in_one_click() => Steps(async () =>
    {
        await SeedAsync();
        await SignInAsync("board@example.nhs.uk");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true })).ToBeVisibleAsync();

        // Click 1 of at most 3: the board's page, where "Since the last held meeting" comes first.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
        await Expect(Page.Locator("#since-heading")).ToHaveTextAsync("Since the last held meeting");

        await Expect(Page.Locator("#since-trusts-heading")).ToHaveTextAsync("Trusts that got worse since 15/02/2021: 1 trust");
        var trusts = (await Page.Locator("#since-trusts-worse li").AllInnerTextsAsync()).Select(Squash).ToList();
        Assert.Equal(["Trust B (TRB): process time 50.0% (n = 1) → 0.0% (n = 2), −50.0 points; 1 workshop newly got worse"], trusts);

        await Expect(Page.Locator("#since-new-overdue-heading")).ToContainTextAsync("Follow-ups that became overdue since 15/02/2021: 4 follow-ups, in 4 workshops (1 follow-up carried over");
        var overdue = (await Page.Locator("#since-new-overdue li").AllInnerTextsAsync()).Select(Squash).ToList();
        Assert.Equal([
            "KZ-A2 Clinic letters (TRA): 30-day follow-up due 19/02/2021 (Letters with errors)",
            "KZ-A1 Outpatient booking (TRA): 60-day follow-up due 06/03/2021 (Referral to booking)",
            "KZ-B0 Theatre lists (TRB): 60-day follow-up due 11/03/2021 (List to theatre)",
            "KZ-B1 Theatre turnaround (TRB): 30-day follow-up due 12/03/2021 (Turnaround)",
        ], overdue);
        // The carried-over follow-up (KZ-B0's 30-day, overdue before the meeting) is not among them.
        Assert.DoesNotContain(overdue, o => o.StartsWith("KZ-B0 Theatre lists (TRB): 30-day"));
    });

    [Fact]
    public Task The_printed_pack_carries_every_row_of_a_long_list_in_its_appendix() => Steps(async () =>
    {
        await SeedAsync(extraOverdue: 9);
        await SignInAsync("board@example.nhs.uk");
        await Page.GotoAsync("/Board/Pack?month=2021-03");

        // On screen: the first five, and a link to the rest, which opens the appendix at that list.
        await Expect(Page.Locator("#since-new-overdue li")).ToHaveCountAsync(5);
        await Expect(Page.Locator("#pack-appendix")).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "and 8 more" }).First.ClickAsync();
        await Expect(Page.Locator("#appendix-since-new-overdue")).ToBeVisibleAsync();
        var rows = (await Page.Locator("#appendix-since-new-overdue li").AllInnerTextsAsync()).Select(Squash).ToList();
        Assert.Equal(13, rows.Count);
        var allOverdue = (await Page.Locator("#appendix-overdue li").AllInnerTextsAsync()).Select(Squash).ToList();
        Assert.Equal(14, allOverdue.Count);

        // Printed from the pack as opened (no link followed): the appendix is hidden on screen and printed in full.
        await Page.GotoAsync("/Board/Pack?month=2021-03");
        await Expect(Page.Locator("#pack-appendix")).ToBeHiddenAsync();
        await Page.WaitForFunctionAsync("() => window.Chart && Object.keys(window.Chart.instances).length >= 1");
        var pdf = await Page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        var text = Squash(PdfText(pdf));
        Assert.Contains("Appendix: every list in full", text);
        Assert.DoesNotContain("and 8 more", text);
        foreach (var row in rows.Concat(allOverdue)) Assert.Contains(row, text);
        // The chart is labelled with trust codes, the names in a key.
        Assert.Contains("Trust codes: TRA Trust A; TRB Trust B.", text);
    });

    static string PdfText(byte[] pdf)
    {
        Assert.True(File.Exists("/usr/bin/pdftotext"), "pdftotext is missing: run ./scripts/test, which installs poppler-utils.");
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", $"\"{file}\" -") { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        finally { File.Delete(file); }
    }
}
