using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaizen.Web.Tests.Hardening;

// "May this person change this trust's record" is decided in one place, TrustRecordFilter, for every handler marked
// [ChangesTrustRecord]. These tests keep a handler from escaping it.
public class TrustRecordFilterTests
{
    private static readonly Assembly Web = typeof(Writes).Assembly;

    // Folders whose writes are not a trust's records, and who decides them instead.
    private static readonly Dictionary<string, string> OtherRooms = new()
    {
        ["Kaizen.Web.Pages.Admin"] = "administrators only, by the folder's policy in Program.cs",
        ["Kaizen.Web.Pages.Account"] = "the signed-in person's own account",
        ["Kaizen.Web.Pages.Board"] = "the board's records, by role (administrator or board member), not by trust",
        ["Kaizen.Web.Pages.Import"] = "checked row by row in ImportPlanner, each row against its own value stream's trust",
        ["Kaizen.Web.Pages.Setup"] = "the first administrator, before anyone exists",
    };

    // Writing handlers in a trust's rooms that change no record, each with the reason.
    private static readonly Dictionary<string, string> ChangesNothing = new()
    {
        // Adds blank team rows to the form; the value stream (and so the trust) is chosen only when it is saved.
        ["Kaizen.Web.Pages.Workshops.CreateModel.OnPostMoreRowsAsync"] = "form rows only",
        // The error and status pages answer any method.
        ["Kaizen.Web.Pages.ErrorModel.OnPost"] = "no record",
        ["Kaizen.Web.Pages.StatusModel.OnPost"] = "no record",
    };

    private static IEnumerable<(Type Page, MethodInfo Handler)> WritingHandlers() =>
        from page in Web.GetTypes()
        where typeof(PageModel).IsAssignableFrom(page) && !page.IsAbstract
        from method in page.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        where Regex.IsMatch(method.Name, "^On(Post|Put|Patch|Delete)")
        select (page, method);

    [Fact]
    public void Every_handler_that_writes_outside_the_admin_account_board_and_import_rooms_is_checked_by_the_trust_filter()
    {
        var handlers = WritingHandlers().ToList();
        Assert.True(handlers.Count > 20, $"only {handlers.Count} writing handlers found: the sweep is not seeing the pages");

        var escaped = handlers
            .Where(h => !OtherRooms.Keys.Any(room => h.Page.Namespace!.StartsWith(room, StringComparison.Ordinal)))
            .Where(h => !ChangesNothing.ContainsKey($"{h.Page.FullName}.{h.Handler.Name}"))
            .Where(h => h.Handler.GetCustomAttribute<ChangesTrustRecordAttribute>() is null)
            .Select(h => $"{h.Page.FullName}.{h.Handler.Name}")
            .ToList();

        Assert.True(escaped.Count == 0, "Writing handlers with no [ChangesTrustRecord]: " + string.Join(", ", escaped));
    }

    [Fact]
    public void Every_marked_handler_names_an_id_it_is_given()
    {
        var wrong = new List<string>();
        foreach (var page in Web.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t)))
        foreach (var handler in page.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (handler.GetCustomAttribute<ChangesTrustRecordAttribute>() is not { } rule) continue;
            var path = rule.From.Split('.');
            var type = handler.GetParameters().FirstOrDefault(p => p.Name == path[0])?.ParameterType ?? page.GetProperty(path[0])?.PropertyType;
            foreach (var name in path.Skip(1)) type = type?.GetProperty(name)?.PropertyType;
            var found = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
            if (found != typeof(long) && found != typeof(int))
                wrong.Add($"{page.Name}.{handler.Name}: {rule.From} is {type?.Name ?? "not there"}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_refused_write_is_answered_403_and_recorded_once_with_the_record_it_aimed_at()
    {
        using var app = new KaizenApp();
        app.Time.Now = new DateTimeOffset(2021, 6, 15, 12, 0, 0, TimeSpan.Zero);
        var cast = await app.CastAsync();
        var wsB = app.Workshop(app.ValueStream(cast.TrustB), new DateOnly(2021, 5, 10));
        var leadA = await cast.LeadA();
        var token = (await leadA.GetDocumentAsync("/Workshops")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var opened = await leadA.GetAsync($"/Workshops/ReportOut/{wsB}");
        var posted = await leadA.PostAsync($"/Workshops/ReportOut/{wsB}", Http.Encode(new() { ["__RequestVerificationToken"] = [token] }));

        Assert.Equal(HttpStatusCode.Forbidden, opened.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        // Opening the form is not an attempt to change anything; the post is, and is logged with what it aimed at.
        using var db = app.OpenDb();
        var denied = db.Query<(string Entity, long EntityId, string After)>(
            "SELECT entity, entity_id, after_json FROM audit_log WHERE action = 'denied'").ToList();
        var row = Assert.Single(denied);
        Assert.Equal(("workshop", wsB), (row.Entity, row.EntityId));
        Assert.Contains("record the report-out of another trust", row.After, StringComparison.Ordinal);
    }
}
