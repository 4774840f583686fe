using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kaizen.Web.Export;
using Kaizen.Web.Import;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Kaizen.BrowserTests;

// Issue #8: script-like text typed into every free-text field of every form (and brought in by an import), then
// every page visited in Chromium. The forms and the pages are read from the app's endpoints, so a new one is covered
// without anyone adding it here. With the CSP in place an injected script could not run, so a dialog alone would
// prove little: each page is also searched for markup the text could have become (event-handler attributes, inline
// scripts, javascript: links, chart JSON that no longer parses), and every stored value must be found intact as text.
public class StoredScriptTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    // Each value starts with one of these (so javascript: is where a link would run it) and ends with a script-closing
    // tag, which matters wherever a name travels inside a <script type="application/json"> chart block.
    private static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "'><svg onload=alert(3)>",
        "javascript:alert(4)",
        "{{constructor.constructor('alert(6)')()}}",
    ];
    private const string CloseScript = "</script><script>alert(5)</script>";

    private int count;

    // Unique per field, so the test can tell where each one was shown. At most 82 characters: every free-text field takes it.
    private string NextValue()
    {
        var k = count++;
        return $"{Payloads[k % Payloads.Length]} {CloseScript} #{k:00}";
    }

    // Text inputs without a maxlength are not free text: dates, and the trust's short code (letters and digits). Every
    // free-text field has a [StringLength], which gives it a maxlength; a text input with neither fails the test.
    private static readonly HashSet<string> NotFreeText =
        ["PlanningStart", "StartDate", "JoinedOn", "Code", "ActiveFrom", "ActiveTo", "MeetingDate", "StartedOn", "RatedOn", "DueOn", "NewDate", "AdoptedOn"];

    // Values for required fields that are not free text and start empty on a create form (and a paste from Excel: two
    // columns, a date and a value).
    private static string? Required(string name) => name == "Paste.Text" ? "04/01/2021\t12" : Last(name) switch
    {
        "StartDate" => "2021-07-05",
        "JoinedOn" => "2016-01-01",
        "Code" => "XSS",
        "Password" => KaizenApp.Password,
        "StartedOn" => "2020-01-01",
        "DueOn" => "2021-07-30",
        "Baseline" => "40",
        "BaselineDenominator" => "400",
        "Position" => (int.Parse(Regex.Match(name, @"\[(\d+)\]").Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    // Choices that make a form keep more of its text: a workshop's status reason is kept only when it is cancelled or
    // stood down.
    private static readonly Dictionary<(string Form, string Field), string> Choices = new()
    {
        [("/Workshops/Create", "Input.Status")] = "cancelled",
    };

    // Text a form refuses for a reason other than what it says. Any other refusal fails the test: that field would go
    // unchecked.
    private static readonly Dictionary<(string Form, string Field), string> Refused = new()
    {
        [("/Board/Members/Edit", "Input.Organisation")] = "the sample member sits for a trust, and a member has one organisation (the created member, with no trust, takes the text)",
        [("/ValueStreams/Measures/Data", "Paste.Text")] = "a paste is read as dates and values, never kept as text (HostileInputTests sweeps it cell by cell)",
    };

    // Text a form takes but, by design, does not keep.
    private static readonly Dictionary<(string Form, string Field), string> NotKept = new()
    {
        [("/Workshops/Edit", "Input.StatusReason")] = "kept only for a cancelled or stood-down workshop (the created one is cancelled, so its reason is checked)",
    };

    // The form's page without its record id or query: /Workshops/Edit/1 is /Workshops/Edit.
    private static string FormName(string url) => Regex.Replace(url.Split('?')[0], @"/\d+$", "");

    private static string Last(string name) => name[(name.LastIndexOf('.') + 1)..];

    // Pages not visited, and why. Everything else the app routes is visited.
    private static readonly Dictionary<string, string> NotVisited = new()
    {
        ["/Setup/Index"] = "answers 404 once a user exists; FirstRunTests fills its form",
        ["/Account/SignInWithOrganisation"] = "only redirects to the organisation's provider (404 without single sign-on); SingleSignOnTests follows it",
    };

    // Forms not filled, and why. (Forms with no free-text field are skipped on their own.)
    private static readonly Dictionary<string, string> NotFilled = new()
    {
        ["/Account/SignIn"] = "stores nothing; the refused sign-in that re-shows the typed email is tried at the end",
    };

    private sealed record Stored(string Form, string Field, string Value)
    {
        public Dictionary<string, string> Seen { get; } = [];
    }

    private readonly Dictionary<string, long> samples = [];
    private readonly List<Stored> stored = [];
    private readonly List<string> failures = [];
    private readonly List<string> landings = [];

    private void Seed()
    {
        App.Time.Now = new DateTimeOffset(2021, 6, 15, 9, 0, 0, TimeSpan.Zero);
        var trust = App.AddTrust("TRA", "Trust A");
        App.AddTrust("TRB", "Trust B");
        App.AddUser("admin@example.nhs.uk", Roles.Administrator);
        var lead = App.AddUser("lead@example.nhs.uk", Roles.Lead, trust);
        var vs = App.ValueStream(trust, "Outpatients");
        // Completed with results, so it is in every figure, chart and the March pack.
        var ws = App.Workshop(vs, new DateOnly(2021, 3, 1), status: "completed", reference: "TRA-2021-01");
        var measure = App.Measure(ws, "error_rate", 40, 12, baselineDen: 400, resultDen: 400, target: 0.05, name: "Wrong clinic");
        App.Measure(ws, "process_time", 600, 300, name: "Referral to triage");
        var board = App.Board(trust);
        samples["/Admin/Trusts"] = trust;
        samples["/Admin/Users"] = lead;
        samples["/Admin/TrustContext"] = trust;
        samples["/Trusts"] = trust;
        samples["/ValueStreams"] = vs;
        samples["/Workshops"] = ws;
        samples["/Measures"] = measure;
        samples["/Board/Compact"] = board.Draft;
        samples["/Board/Meetings"] = board.Meeting;
        samples["/Board/Members"] = board.Member;
        // A value stream outcome measure with points and a recalculation, for its list, chart, data and edit pages.
        var outcome = Web.Tests.ValueStreamCharts.SpcSeed.OutcomeMeasure(App, vs, target: 9);
        Web.Tests.ValueStreamCharts.SpcSeed.Points(App, outcome, new DateOnly(2021, 1, 4), 11, 13, 11, 13, 11, 13, 11, 13, 10, 11);
        Web.Tests.ValueStreamCharts.SpcSeed.Recalculation(App, outcome, "2021-03-01", "The week after the workshop");
        samples["/ValueStreams/Measures"] = outcome;
    }

    // Every routed page as (page, url), with the sample record for its parameter and the query a create page needs;
    // and the paths of every routed page, for following links to the records the forms created.
    private readonly List<Regex> routed = [];

    private List<(string Page, string Url)> Routes()
    {
        var routes = new List<(string, string)>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) continue;
            var url = ("/" + Regex.Replace(endpoint.RoutePattern.RawText ?? "", @"\{[^}]+\?\}", "")).TrimEnd('/');
            routed.Add(new Regex("^" + string.Join(@"\d+", Regex.Split(url.Length == 0 ? "/" : url, @"\{[^}]+\}").Select(Regex.Escape)) + "$"));
            // An Index page is routed both as /X/Index and /X: visit it once.
            if (url.EndsWith("/Index", StringComparison.Ordinal)) continue;
            if (url.Length == 0) url = "/";
            if (url.Contains('{'))
            {
                // The longest folder that matches: /ValueStreams/Measures/Data takes a measure's id, not a value stream's.
                var sample = samples.Where(s => url.StartsWith(s.Key + "/", StringComparison.Ordinal)).OrderByDescending(s => s.Key.Length).Select(s => (long?)s.Value).FirstOrDefault()
                    ?? throw new InvalidOperationException($"No sample record for {url}: add one in {nameof(Seed)}.");
                url = Regex.Replace(url, @"\{[^}]+\}", sample.ToString(CultureInfo.InvariantCulture));
            }
            url += url switch
            {
                "/Measures/Create" => $"?workshop={samples["/Workshops"]}&kind=error_rate",
                "/Workshops/Create" => $"?valueStream={samples["/ValueStreams"]}",
                "/ValueStreams/Measures" or "/ValueStreams/Measures/Create" => $"?valueStreamId={samples["/ValueStreams"]}",
                _ => "",
            };
            routes.Add((page.ViewEnginePath, url));
        }
        return routes.Distinct().OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public Task Script_like_text_in_every_free_text_field_stays_text_on_every_page() => Steps(async () =>
    {
        var clock = Stopwatch.StartNew();
        Seed();
        await SignInAsync("admin@example.nhs.uk");
        var routes = Routes();
        Assert.True(routes.Count >= 30, $"Only {routes.Count} routes found");
        var stale = NotVisited.Keys.Concat(NotFilled.Keys).Where(p => routes.All(r => r.Page != p)).ToList();
        Assert.True(stale.Count == 0, "Exclusions for pages that no longer exist: " + string.Join(", ", stale));

        // 1. Type a value into every free-text field of every form of every page that takes a post, and save it.
        var forms = 0;
        var posting = await PagesWithPostHandlersAsync();
        foreach (var (page, url) in routes)
        {
            if (!posting.Contains(page) || NotFilled.ContainsKey(page) || NotVisited.ContainsKey(page)) continue;
            await Page.GotoAsync(url);
            var selectors = await Page.EvaluateAsync<string[]>("""
                () => Array.from(document.querySelectorAll('main form')).filter(f => f.method === 'post'
                        && f.querySelector('textarea, input[type=text], input[type=email]'))
                      .map(f => f.id ? '#' + f.id : f.getAttribute('action') ? `main form[action="${f.getAttribute('action')}"]` : 'main form[method=post]:not([action])')
                """);
            foreach (var selector in selectors)
                if (await FillAndSaveAsync(url, selector)) forms++;
        }
        Output.WriteLine($"{forms} forms saved, {stored.Count} values stored ({clock.Elapsed.TotalSeconds:0.0} s)");
        Assert.True(forms >= 15, $"Only {forms} forms were filled");

        // 2. Adopt the draft compact, so its text is shown as the compact in force; and freeze the March figures (trust
        // and value stream names included) by marking the meeting held: the March pack then draws the frozen copy.
        await Page.GotoAsync($"/Board/Compact/Version/{samples["/Board/Compact"]}");
        await Page.Locator("#adopt-form input[type=text]").FillAsync("2021-06-01");
        await SubmitAsync(Page.Locator("#adopt-form"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("adopted");
        await Page.GotoAsync($"/Board/Meetings/{samples["/Board/Meetings"]}/Hold");
        await SubmitAsync(Page.Locator("#hold-form"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("marked held");

        // 3. The same text arriving in an import workbook: its preview, the preview of a change, and a problem list.
        await ImportAsync();
        Output.WriteLine($"stored and imported ({clock.Elapsed.TotalSeconds:0.0} s)");

        // 4. Every routed page, a few views that show more, and every page of a record (say one a form created) that
        // a visited page links to.
        var queue = new Queue<string>(routes.Where(r => !NotVisited.ContainsKey(r.Page)).Select(r => r.Url).Concat(landings).Concat([
            "/Board/Pack?month=2021-03", $"/Dashboard?trust={samples["/Trusts"]}", "/Workshops?status=completed",
        ]));
        // The audit log, every page of it.
        var auditPages = (App.Scalar<long>("SELECT COUNT(*) FROM audit_log") + Web.Pages.Admin.Audit.IndexModel.PageSize - 1) / Web.Pages.Admin.Audit.IndexModel.PageSize;
        for (var p = 2; p <= auditPages; p++) queue.Enqueue($"/Admin/Audit?page={p}");
        var visited = new HashSet<string>();
        while (queue.TryDequeue(out var url))
        {
            if (!visited.Add(url)) continue;
            foreach (var link in await VisitAsync(url))
                if (!visited.Contains(link) && routed.Any(r => r.IsMatch(link))) queue.Enqueue(link);
        }

        // 5. A refused sign-in re-shows the typed email; a javascript: return address is not followed.
        await SignInPageEchoAsync();
        Output.WriteLine($"{visited.Count} pages visited ({clock.Elapsed.TotalSeconds:0.0} s)");

        foreach (var s in stored)
            Output.WriteLine($"{s.Form} {s.Field}: {(s.Seen.Count == 0 ? "NOT SHOWN" : string.Join(", ", s.Seen.Select(kv => kv.Key + " (" + kv.Value + ")")))}");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var unseen = stored.Where(s => s.Seen.Count == 0 && !NotKept.ContainsKey((s.Form, s.Field))).Select(s => $"{s.Form} {s.Field}").ToList();
        Assert.True(unseen.Count == 0, "Stored but never shown intact on any page:\n" + string.Join("\n", unseen));

        // The key pages show the text as text, and the charts carry it as data.
        var trust = Value($"/Admin/Trusts/Edit/{samples["/Trusts"]}", "Input.Name");
        // The trust charts are labelled with codes; the names are in their keys, as text.
        AssertShown(trust, "/Dashboard", "text");
        AssertShown(trust, $"/Trusts/Details/{samples["/Trusts"]}", "text");
        AssertShown(trust, "/Board/Pack?month=2021-03", "text");
        var valueStream = Value($"/ValueStreams/Edit/{samples["/ValueStreams"]}", "Input.Name");
        AssertShown(valueStream, $"/ValueStreams/Details/{samples["/ValueStreams"]}", "text");
        AssertShown(valueStream, $"/Trusts/Details/{samples["/Trusts"]}", "text", "chart");
        var title = Value($"/Workshops/Edit/{samples["/Workshops"]}", "Input.Title");
        AssertShown(title, $"/Workshops/Details/{samples["/Workshops"]}", "text");
        AssertShown(title, "/Workshops", "text");
        var measure = Value($"/Measures/Edit/{samples["/Measures"]}", "Input.Name");
        AssertShown(measure, $"/Workshops/Details/{samples["/Workshops"]}", "text", "chart");

        // The audit log shows every value a form saved, as it was typed (a field's before and after).
        var notAudited = stored.Where(s => s.Form != "/Import" && !NotKept.ContainsKey((s.Form, s.Field))
            && !s.Seen.Values.Any(how => how.Contains("audit", StringComparison.Ordinal)))
            .Select(s => $"{s.Form} {s.Field}").ToList();
        Assert.True(notAudited.Count == 0, "Not shown as typed in the audit log:\n" + string.Join("\n", notAudited));
    });

    // From the compiled pages, as the access matrix reads them: a page with a post handler has a form to fill.
    private async Task<HashSet<string>> PagesWithPostHandlersAsync()
    {
        var loader = App.Services.GetRequiredService<PageLoader>();
        var pages = new HashSet<string>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page
                && (await loader.LoadAsync(page, endpoint.Metadata)).HandlerMethods.Any(h => h.HttpMethod.Equals("POST", StringComparison.OrdinalIgnoreCase)))
                pages.Add(page.ViewEnginePath);
        return pages;
    }

    private Stored Value(string form, string field) =>
        stored.SingleOrDefault(s => s.Form == FormName(form) && s.Field == field) ?? throw new InvalidOperationException($"Nothing was stored by {form} {field}");

    private static void AssertShown(Stored value, string url, params string[] how)
    {
        Assert.True(value.Seen.TryGetValue(url, out var seen), $"{value.Form} {value.Field} was not shown on {url}");
        foreach (var h in how) Assert.True(seen.Contains(h, StringComparison.Ordinal), $"{value.Form} {value.Field} was not in the {h} on {url} (only: {seen})");
    }

    private sealed record Field(string Name, string Tag, string Type, bool Limited, bool Numeric, string Value);

    // Fills the form's free-text fields with values, and any required field that starts empty; saves; fixes what the
    // app refuses (a choice not made, or a value the field does not take) and saves again. Answers whether it saved.
    private async Task<bool> FillAndSaveAsync(string url, string selector)
    {
        if (Page.Url != App.BaseUrl + url) await Page.GotoAsync(url);
        var form = Page.Locator(selector);
        var fields = (await form.EvaluateAsync<JsonElement>("""
            f => Array.from(f.elements).filter(e => e.name && !['hidden', 'submit', 'button'].includes(e.type)).map(e => ({
                   name: e.name, tag: e.tagName.toLowerCase(), type: e.type, limited: e.hasAttribute('maxlength'),
                   numeric: e.hasAttribute('inputmode'), value: e.value }))
            """)).EnumerateArray().Select(e => new Field(e.GetProperty("name").GetString()!, e.GetProperty("tag").GetString()!,
                e.GetProperty("type").GetString()!, e.GetProperty("limited").GetBoolean(), e.GetProperty("numeric").GetBoolean(),
                e.GetProperty("value").GetString()!)).ToList();

        var form0 = FormName(url);
        var typed = new Dictionary<string, string>();
        var entries = new Dictionary<string, string>();
        foreach (var f in fields)
        {
            var freeText = f.Tag == "textarea" || f.Type == "email" || (f.Type == "text" && f.Limited && !f.Numeric);
            if (Choices.TryGetValue((form0, f.Name), out var choice)) entries[f.Name] = choice;
            else if (freeText)
            {
                var value = NextValue();
                if (f.Type == "email") value += "@example.nhs.uk";
                entries[f.Name] = typed[f.Name] = value;
            }
            else if (f.Type == "text" && !f.Numeric && !NotFreeText.Contains(Last(f.Name)))
                failures.Add($"{url} {f.Name}: a text field with no length limit. Free text needs a [StringLength]; otherwise add it to {nameof(NotFreeText)}.");
            else if (f.Value.Length == 0 && f.Tag == "input" && Required(f.Name) is { } needed)
                entries[f.Name] = needed;
        }
        if (typed.Count == 0) return false;
        // Set in one go (typing 60 values one by one is slow on a busy machine); the form is then sent by its button.
        await form.EvaluateAsync("(f, entries) => { for (const [name, value] of Object.entries(entries)) f.elements.namedItem(name).value = value; }", entries);

        for (var attempt = 1; ; attempt++)
        {
            await SubmitAsync(form);
            var invalid = (await Page.EvaluateAsync<JsonElement>("""
                () => Array.from(document.querySelectorAll('main [aria-invalid=true]')).map(e => ({
                        name: e.name, tag: e.tagName.toLowerCase(), message: document.getElementById(e.id + '-error')?.textContent.trim() ?? '' }))
                """)).EnumerateArray().Select(e => (Name: e.GetProperty("name").GetString()!, Tag: e.GetProperty("tag").GetString()!, Message: e.GetProperty("message").GetString()!)).ToList();
            if (invalid.Count == 0)
            {
                var error = await Page.Locator("#form-errors").AllInnerTextsAsync();
                if (error.Count > 0) failures.Add($"{url} {selector}: {string.Join(" ", error)}");
                break;
            }
            if (attempt == 3)
            {
                failures.Add($"{url} {selector}: still refused after {attempt} tries: " + string.Join("; ", invalid.Select(i => $"{i.Name}: {i.Message}")));
                return false;
            }
            form = Page.Locator(selector);
            foreach (var (name, tag, message) in invalid)
            {
                var field = form.Locator($"[name=\"{name}\"]");
                if (typed.Remove(name))
                {
                    if (!Refused.ContainsKey((form0, name))) failures.Add($"{url} {name}: refused the text ({message})");
                    await field.FillAsync(fields.FirstOrDefault(f => f.Name == name)?.Value is { Length: > 0 } original ? original : Required(name) ?? "");
                }
                else if (tag == "select")
                {
                    var options = await field.EvaluateAsync<string[]>("s => Array.from(s.options).filter(o => o.value && !o.selected).map(o => o.value)");
                    await field.SelectOptionAsync(options.First());
                }
                else if (Required(name) is { } needed) await field.FillAsync(needed);
                else
                {
                    failures.Add($"{url} {name}: refused ({message}) and the test has no value for it: add one in {nameof(Required)}.");
                    return false;
                }
            }
        }
        stored.AddRange(typed.Select(t => new Stored(form0, t.Key, t.Value)));
        landings.Add(new Uri(Page.Url).PathAndQuery);
        return true;
    }

    // Clicks the form's own submit button (not one that posts to another handler) and waits for the answer to load.
    private async Task SubmitAsync(ILocator form)
    {
        await Page.EvaluateAsync("() => { window.kaizenLeaving = true; }");
        await form.Locator("button[type=submit]:not([formaction])").First.ClickAsync();
        await Page.WaitForFunctionAsync("() => window.kaizenLeaving === undefined && document.readyState === 'complete'");
    }

    // Answers the same-site links on the page that carry no query (queries only filter or download).
    private async Task<IReadOnlyList<string>> VisitAsync(string url)
    {
        var response = await Page.GotoAsync(url);
        if (response?.Status != 200) failures.Add($"{url} answered {response?.Status}");
        await InspectAsync(url);
        return await Page.EvaluateAsync<string[]>("""
            () => Array.from(document.querySelectorAll('a[href]')).map(a => new URL(a.href))
                    .filter(u => u.origin === location.origin && !u.search).map(u => u.pathname)
            """);
    }

    // What the text could have become, and where each stored value is shown intact: in one text node (so not split by
    // markup), as a form field's value, or as a string in a chart's data.
    private async Task InspectAsync(string where)
    {
        var page = await Page.EvaluateAsync<JsonElement>("""
            () => {
              const injected = [];
              for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) {
                  if (a.name.startsWith('on')) injected.push(`<${el.localName} ${a.name}="${a.value}">`);
                  if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && /^\s*javascript:/i.test(a.value))
                    injected.push(`<${el.localName} ${a.name}="${a.value}">`);
                }
                if (['iframe', 'object', 'embed', 'base'].includes(el.localName)) injected.push(`<${el.localName}>`);
              }
              const strings = [];
              const walk = v => { if (typeof v === 'string') strings.push(v); else if (v && typeof v === 'object') Object.values(v).forEach(walk); };
              for (const s of document.scripts) {
                if (s.src) continue;
                if (s.type !== 'application/json') { injected.push('inline script: ' + s.textContent.slice(0, 80)); continue; }
                try { walk(JSON.parse(s.textContent)); } catch (e) { injected.push(`chart data that does not parse (${s.id}): ${s.textContent.slice(0, 80)}`); }
              }
              const texts = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode())
                if (!n.parentElement.closest('script, style, textarea')) texts.push(n.data);
              const values = Array.from(document.querySelectorAll('input, textarea')).map(e => e.value);
              const charts = Array.from(document.querySelectorAll('canvas')).map(c => window.Chart?.getChart(c)).filter(c => c)
                .flatMap(c => [...c.data.labels, c.options.plugins?.title?.text ?? '', ...c.data.datasets.map(d => d.label)]).filter(s => typeof s === 'string');
              return { injected, texts, values, strings: strings.concat(charts) };
            }
            """);
        foreach (var i in page.GetProperty("injected").EnumerateArray()) failures.Add($"{where}: {i.GetString()}");
        static List<string> List(JsonElement e) => e.EnumerateArray().Select(x => x.GetString() ?? "").ToList();
        var texts = List(page.GetProperty("texts"));
        var values = List(page.GetProperty("values"));
        var strings = List(page.GetProperty("strings"));
        foreach (var s in stored)
        {
            var how = new List<string>();
            if (texts.Any(t => t.Contains(s.Value, StringComparison.Ordinal))) how.Add("text");
            if (strings.Any(t => t.Contains(s.Value, StringComparison.Ordinal))) how.Add("chart");
            if (values.Contains(s.Value)) how.Add("form");
            if (where.StartsWith("/Admin/Audit", StringComparison.Ordinal) && texts.Any(t => t.Contains(s.Value, StringComparison.Ordinal)))
                how.Add("audit");
            if (how.Count > 0) s.Seen[where] = string.Join("+", how);
        }
    }

    // An import workbook with the text in every text column: its preview, then (after confirming) the preview of a
    // change to the same workshop, which shows the stored and the new text side by side, then a list of problems that
    // quotes a bad cell.
    private async Task ImportAsync()
    {
        var valueStream = Value($"/ValueStreams/Edit/{samples["/ValueStreams"]}", "Input.Name").Value;
        var reference = "\"><img src=x onerror=alert(7)> R1";
        object?[] Row(Dictionary<Col, object?> texts)
        {
            var row = new object?[ImportColumns.All.Count];
            row[(int)Col.Reference] = reference;
            row[(int)Col.TrustCode] = "TRA";
            row[(int)Col.ValueStream] = valueStream;
            row[(int)Col.StartDate] = new DateOnly(2021, 2, 1);
            row[(int)Col.LengthDays] = 5;
            row[(int)Col.Status] = "Completed";
            row[(int)Col.Kind] = "Process time";
            row[(int)Col.Unit] = "hours";
            row[(int)Col.Baseline] = 2.0;
            row[(int)Col.Result] = 0.5;
            foreach (var (c, v) in texts) row[(int)c] = v;
            return row;
        }
        Dictionary<Col, object?> Texts() => new[] { Col.Title, Col.TeamLeader, Col.Facilitator, Col.ExecutiveSponsor, Col.ProcessOwner, Col.ProblemStatement, Col.Measure }
            .ToDictionary(c => c, _ => (object?)NextValue());

        var first = Texts();
        await UploadAsync(Row(first));
        await InspectAsync("/Import (preview)");
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Confirm and import") }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 workshop");
        stored.Add(new Stored("/Import", "Reference", reference));
        stored.AddRange(first.Select(t => new Stored("/Import", ImportColumns.Header(t.Key), (string)t.Value!)));

        await UploadAsync(Row(Texts()));
        await InspectAsync("/Import (preview of a change)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        var bad = Row(Texts());
        bad[(int)Col.Status] = NextValue();
        bad[(int)Col.Reference] = "R2";
        await UploadAsync(bad);
        await Assertions.Expect(Page.Locator("#import-problems")).ToContainTextAsync((string)bad[(int)Col.Status]!);
        await InspectAsync("/Import (problems)");
    }

    private async Task UploadAsync(object?[] row)
    {
        var stream = new MemoryStream();
        using (var workbook = new XlsxWorkbook(stream))
            workbook.AddSheet(ImportColumns.Sheet, ImportColumns.All.Select(c => new XlsxColumn(c.Header)).ToList()).WriteRow(row);
        await Page.GotoAsync("/Import");
        await Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "workshops.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = stream.ToArray(),
        });
        await SubmitAsync(Page.Locator("main form[enctype='multipart/form-data']"));
    }

    private async Task SignInPageEchoAsync()
    {
        var email = NextValue() + "@example.nhs.uk";
        await Page.GotoAsync("/Account/SignIn?ReturnUrl=" + Uri.EscapeDataString("javascript:alert(8)"));
        await Page.GetByLabel("Email address").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync("not the password");
        await SubmitAsync(Page.Locator("main form"));
        await Assertions.Expect(Page.GetByLabel("Email address")).ToHaveValueAsync(email);
        await InspectAsync("/Account/SignIn (refused)");
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(KaizenApp.Password);
        await Page.GetByLabel("Email address").FillAsync("admin@example.nhs.uk");
        await SubmitAsync(Page.Locator("main form"));
        Assert.Equal(App.BaseUrl + "/", Page.Url);
    }
}
