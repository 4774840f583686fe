using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Kaizen.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kaizen.BrowserTests;

// The TGB monthly pack in a real browser, printed to PDF on A4.
public class BoardPackTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    const string Month = "2021-03";

    [Fact]
    public Task The_monthly_pack_prints_on_A4_with_every_trust_and_the_headline() => Steps(async () =>
    {
        App.Time.Now = new DateTimeOffset(2021, 3, 25, 10, 0, 0, TimeSpan.Zero);
        // The demonstration programme behind the pack (its five trusts have workshops in March 2021); everything
        // below reads the trusts from the database.
        Kaizen.Web.Data.Demo.DemoProgramme.Load(App.Services.GetRequiredService<Kaizen.Web.Data.Database>(), new DateOnly(2021, 3, 25), "2021-03-25T10:00:00Z");
        // Its board (DemoBoard): the March 2021 meeting, not yet held, is held here.
        long meetingId;
        using (var db = Db()) meetingId = db.ExecuteScalar<long>("SELECT id FROM board_meetings WHERE meeting_date = '2021-03-11'");
        AddAdministrator("admin@example.nhs.uk");
        var trusts = Trusts();
        Assert.InRange(trusts.Count, 2, 5);

        await SignInAsync("admin@example.nhs.uk");
        await Page.GotoAsync($"/Board/Meetings/{meetingId}/Hold");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Mark held and freeze the figures" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("marked held");

        await Page.GotoAsync($"/Board/Pack?month={Month}");
        await Expect(Page.Locator("#pack-frozen")).ToContainTextAsync("Frozen at the meeting held on 11/03/2021");
        // Both charts drawn (the trust reductions and the reflection trend) before printing.
        await Page.WaitForFunctionAsync("() => window.Chart && Object.keys(window.Chart.instances).length >= 2");

        // The page's text, as printed (print media: navigation and buttons hidden), names every trust and the headline.
        await Page.EmulateMediaAsync(new() { Media = Media.Print });
        var headline = (await Page.Locator("[data-headline='cumulative']").InnerTextAsync()).Trim();
        Assert.StartsWith("Process time (", headline);
        var printedText = await Page.Locator("body").InnerTextAsync();
        foreach (var name in trusts) Assert.Contains(name, printedText);
        Assert.Contains(headline, printedText);
        Assert.False(await Page.Locator("header nav").IsVisibleAsync(), "The navigation must not print.");
        Assert.Equal(trusts.Count, await Page.Locator("section.trust-panel").CountAsync());

        // Print as a browser does, from the screen rendering: the charts keep their screen drawing, scaled by pack.css.
        // (Media.Null ends the emulation; PdfAsync then lays the page out with the print styles. Media.Screen would
        // make it print the screen styles instead.)
        await Page.EmulateMediaAsync(new() { Media = Media.Null });
        await Page.WaitForFunctionAsync("() => document.getElementById('chart-pack-by-trust').height > 200");
        var pdf = await Page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        var pages = CountPages(pdf);
        output.WriteLine($"{trusts.Count} trusts; the pack printed on {pages} A4 pages ({pdf.Length:N0} bytes).");
        // No page is left mostly blank: there are no forced page breaks, only parts kept whole (measured: every page
        // but the last is inked to at least 77% of its height; the old forced break before each trust left 35%).
        Assert.InRange(pages, trusts.Count, trusts.Count + 12);
        var fills = PageFills(pdf);
        Assert.Equal(pages, fills.Count);
        for (var i = 0; i < fills.Count - 1; i++)
            Assert.True(fills[i] >= 0.6, $"Page {i + 1} of {pages} is mostly blank: inked to {fills[i]:P0} of its height.");
        // Both charts are in it as pictures (a canvas prints as an image), not blank.
        Assert.Equal(2, Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Subtype\s*/Image\s*/Width \d+\s*/Height \d+\s*/ColorSpace \[").Count);

        // The PDF's own text (read with poppler's pdftotext, which ./scripts/test installs): every trust's name and
        // the headline sentence are really in what was printed.
        Assert.True(File.Exists("/usr/bin/pdftotext"), "pdftotext is missing: run ./scripts/test, which installs poppler-utils.");
        var text = System.Text.RegularExpressions.Regex.Replace(PdfText(pdf), @"\s+", " ");
        foreach (var name in trusts) Assert.Contains(name, text);
        Assert.Contains(System.Text.RegularExpressions.Regex.Replace(headline, @"\s+", " "), text);
        Assert.Contains("Frozen at the meeting held on 11/03/2021", text);
    });

    // A PDF's pages are its "/Type /Page" objects (not "/Type /Pages", the tree that holds them).
    static int CountPages(byte[] pdf)
    {
        var raw = Encoding.Latin1.GetString(pdf);
        var pages = Regex.Matches(raw, @"/Type\s*/Page(?![A-Za-z])").Count;
        var declared = Regex.Matches(raw, @"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)").Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(pages).Max();
        Assert.Equal(declared, pages);
        return pages;
    }

    // How far down each page the ink reaches (0 to 1), from poppler's pdftoppm rendering each page as a small grey map.
    static List<double> PageFills(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("pack-pages").FullName;
        try
        {
            var file = Path.Combine(folder, "pack.pdf");
            File.WriteAllBytes(file, pdf);
            using (var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftoppm", $"-r 20 -gray \"{file}\" \"{Path.Combine(folder, "page")}\""))!)
                process.WaitForExit();
            return Directory.GetFiles(folder, "page-*.pgm").Order().Select(page =>
            {
                // Binary PGM (P5): "P5\n<width> <height>\n<max>\n" then one byte per pixel.
                var bytes = File.ReadAllBytes(page);
                var header = 0;
                for (var lines = 0; lines < 3; header++) if (bytes[header] == '\n') lines++;
                var size = Encoding.ASCII.GetString(bytes, 3, header - 3).Split('\n')[0].Split(' ');
                int width = int.Parse(size[0]), height = int.Parse(size[1]);
                var last = 0;
                for (var y = 0; y < height; y++)
                    for (var x = 0; x < width; x++)
                        if (bytes[header + y * width + x] < 200) { last = y; break; }
                return (double)last / height;
            }).ToList();
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    static string PdfText(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", $"-layout \"{file}\" -") { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        finally { File.Delete(file); }
    }

    // The live app's database, opened directly (KaizenApp.OpenDb needs the in-memory test server, not Kestrel).
    SqliteConnection Db()
    {
        var connection = new SqliteConnection($"Data Source={App.DatabasePath};Foreign Keys=True");
        connection.Open();
        return connection;
    }

    void AddAdministrator(string email)
    {
        using var db = Db();
        db.Execute("""
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at)
            VALUES (@email, 'Pat Administrator', @role, @hash, @stamp, '2021-01-01T00:00:00Z')
            """, new { email, role = Roles.Administrator, hash = UserAccounts.Hash(Web.Tests.Infrastructure.KaizenApp.Password), stamp = UserAccounts.NewStamp() });
    }

    List<string> Trusts()
    {
        using var db = Db();
        return db.Query<string>("SELECT name FROM trusts ORDER BY name").ToList();
    }
}
