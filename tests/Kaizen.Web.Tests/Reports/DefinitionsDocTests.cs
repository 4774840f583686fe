using System.Text.RegularExpressions;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Reports;

// docs/definitions.md is what the code's comments cite; its last section is the "How these figures are calculated"
// page word for word, so that the rules in the repository and the rules people read never drift apart.
public class DefinitionsDocTests : IDisposable
{
    private readonly KaizenApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_definitions_in_the_repository_are_the_definitions_page_word_for_word()
    {
        var cast = await app.CastAsync();
        var page = await (await cast.Board()).GetDocumentAsync("/Definitions");
        var shown = page.QuerySelectorAll("dl.definitions dt")
            .Select(dt => (Term: Squash(dt.TextContent), Text: Squash(dt.NextElementSibling!.TextContent)))
            .Concat(page.QuerySelectorAll("dl.definitions ~ h2").Select(h2 => (Term: Squash(h2.TextContent), Text: Squash(h2.NextElementSibling!.TextContent))))
            .ToList();

        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "definitions.md"));
        var words = doc[doc.IndexOf("## 5. In the app's words", StringComparison.Ordinal)..];
        var written = Regex.Matches(words, @"^### (.+)\n\n((?:.+\n?)+)", RegexOptions.Multiline)
            .Select(m => (Term: m.Groups[1].Value.Trim(), Text: Squash(m.Groups[2].Value)))
            .ToList();

        Assert.Equal(shown, written);
    }

    private static string Squash(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "kaizen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("kaizen.sln not found above " + AppContext.BaseDirectory);
    }
}
