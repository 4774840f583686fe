using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Kaizen.Web.Tests.Infrastructure;

public static class Http
{
    private static readonly IBrowsingContext Browser = BrowsingContext.New(Configuration.Default);

    public static async Task<IDocument> ParseAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await Browser.OpenAsync(req => req.Content(html).Address(response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/"));
    }

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        return await response.ParseAsync();
    }

    // Loads the page, takes its form (the first post form, or the one matching formSelector) with every field the
    // page put in it, overrides the given fields, and posts it back with the antiforgery token, as a browser would.
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, Dictionary<string, string> fields, string? formSelector = null)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        var form = (IHtmlFormElement?)(formSelector is null
            ? document.QuerySelectorAll("main form").OfType<IHtmlFormElement>().FirstOrDefault(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase))
            : document.QuerySelector(formSelector))
            ?? throw new InvalidOperationException($"No post form on {pageUrl}");
        var values = FormValues(form);
        foreach (var (key, value) in fields) values[key] = [value];
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!;
        return await client.PostAsync(action, Encode(values));
    }

    public static FormUrlEncodedContent Encode(Dictionary<string, List<string>> values) =>
        new(values.SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v))));

    public static Dictionary<string, List<string>> FormValues(IHtmlFormElement form)
    {
        var values = new Dictionary<string, List<string>>();
        void Add(string name, string value)
        {
            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            list.Add(value);
        }
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    if (input.Type is "checkbox" or "radio") { if (input.IsChecked) Add(input.Name!, input.Value); }
                    else if (input.Type is not "submit" and not "button") Add(input.Name!, input.Value);
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    Add(area.Name!, area.Value);
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    var chosen = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (chosen is not null) Add(select.Name!, chosen.Value);
                    break;
            }
        }
        return values;
    }

    // The message shown beside a field, or null.
    public static string? FieldError(this IDocument document, string fieldName)
    {
        var id = fieldName.Replace('.', '_').Replace('[', '_').Replace(']', '_');
        return document.GetElementById(id + "-error")?.TextContent.Trim();
    }

    public static string? FieldValue(this IDocument document, string fieldName) =>
        document.QuerySelector($"[name='{fieldName}']") switch
        {
            IHtmlInputElement i => i.Value,
            IHtmlTextAreaElement t => t.Value,
            IHtmlSelectElement s => s.Value,
            _ => null,
        };
}
