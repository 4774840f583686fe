using Kaizen.Web.Infrastructure;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reports;

// The dashboard's HTML is kept with its indentation cut: the same page, fewer bytes.
public sealed class IndentationTests
{
    [Fact]
    public void Runs_of_whitespace_with_a_line_break_become_one_line_break_and_nothing_else_changes()
    {
        var html = "<table>\n    <tr>\n        <td class=\"num\">60.3%</td>\r\n\t<td>a  b</td>\n    </tr>\n</table>\n";
        Assert.Equal("<table>\n<tr>\n<td class=\"num\">60.3%</td>\n<td>a  b</td>\n</tr>\n</table>\n", Indentation.Collapse(html));
    }

    [Fact]
    public void Tags_comments_scripts_and_preformatted_text_are_kept_as_they_are()
    {
        var html = "<p title=\"line one\n    line two\" data-x='a > b\n   c'>x</p>\n  " +
                   "<!-- a\n    comment -->\n  " +
                   "<script type=\"application/json\">{\n    \"a\": 1\n}</script>\n  " +
                   "<PRE>  keep\n    this</PRE>\n  <textarea>\n   too</textarea>\n  <style>\n  p {}\n</style>";
        Assert.Equal("<p title=\"line one\n    line two\" data-x='a > b\n   c'>x</p>\n" +
                     "<!-- a\n    comment -->\n" +
                     "<script type=\"application/json\">{\n    \"a\": 1\n}</script>\n" +
                     "<PRE>  keep\n    this</PRE>\n<textarea>\n   too</textarea>\n<style>\n  p {}\n</style>", Indentation.Collapse(html));
    }

    [Fact]
    public void A_no_break_space_is_text_and_a_prefix_of_a_verbatim_element_is_not_one()
    {
        var html = "<span>\u00a0\n  x</span>\n  <prefix>\n   y</prefix><scripted>\n  z</scripted>";
        Assert.Equal("<span>\u00a0\nx</span>\n<prefix>\ny</prefix><scripted>\nz</scripted>", Indentation.Collapse(html));
    }

    [Fact]
    public async Task The_dashboard_reads_the_same_with_fewer_bytes()
    {
        using var app = new KaizenApp();
        var cast = await app.CastAsync();
        using (var db = app.OpenDb())
        {
            var vs = ReportSeed.ValueStream(db, cast.TrustA, "Outpatients");
            ReportSeed.Measure(db, ReportSeed.Workshop(db, vs, "KZ-01", "Outpatient booking", "2025-03-07"), "process_time", "Booking", baseline: 600, result: 240);
        }
        var board = await cast.Board();

        var html = await (await board.GetAsync("/Dashboard")).Content.ReadAsStringAsync();
        var dashboard = html[html.IndexOf("<h1 class=\"h3\">Programme dashboard", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.DoesNotContain("\n ", dashboard.TrimEnd());
        Assert.Contains("reduced by 60%", (await board.GetDocumentAsync("/Dashboard")).QuerySelector("#headline")!.TextContent);
        Assert.Equal(html, await (await board.GetAsync("/Dashboard")).Content.ReadAsStringAsync());
    }
}
