using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kaizen.Web.Tests.Infrastructure;

namespace Kaizen.Web.Tests.Api;

public static class ApiKit
{
    // Makes a token on the person's profile page, as they would, and reads it from the one answer that shows it.
    public static async Task<string> CreateTokenAsync(this HttpClient signedIn, string name = "Power BI", DateOnly? lastDay = null)
    {
        var fields = new Dictionary<string, string> { ["Token.Name"] = name };
        if (lastDay is { } d) fields["Token.ExpiresOn"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var response = await signedIn.PostFormAsync("/Account/Profile", fields, "form[action*='handler=CreateToken']");
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Creating a token answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var page = await signedIn.GetDocumentAsync("/Account/Profile");
        return page.QuerySelector("#new-token code")?.TextContent.Trim() ?? throw new InvalidOperationException("The new token was not shown.");
    }

    // A client with no cookies that sends the token.
    public static HttpClient WithToken(this KaizenApp app, string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}

// Checks an answer against the app's own OpenAPI document: the path and the status are declared, the content type is
// declared for that status, and a JSON body has exactly the declared properties of the declared types.
public sealed class OpenApiDocument(JsonElement document)
{
    public JsonElement Root => document;

    public static async Task<OpenApiDocument> LoadAsync(HttpClient signedIn)
    {
        var response = await signedIn.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return new OpenApiDocument(await response.JsonAsync());
    }

    public IEnumerable<string> Paths => document.GetProperty("paths").EnumerateObject().Select(p => p.Name);

    public async Task<List<string>> ProblemsWithAsync(HttpResponseMessage response)
    {
        var problems = new List<string>();
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        if (path.EndsWith(".csv", StringComparison.Ordinal)) path = path[..^4];
        if (!document.GetProperty("paths").TryGetProperty(path, out var item)) return [$"{path} is not in the document"];
        var operation = item.GetProperty("get");
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (!operation.GetProperty("responses").TryGetProperty(status, out var declared)) return [$"{path}: status {status} is not declared"];
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0) return problems;
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        if (!declared.TryGetProperty("content", out var content) || !content.TryGetProperty(type, out var media))
            return [$"{path} {status}: content type {type} is not declared"];
        if (type.Contains("json", StringComparison.Ordinal))
            Check(JsonDocument.Parse(body).RootElement, media.GetProperty("schema"), "$", problems);
        else if (media.GetProperty("schema").GetProperty("type").GetString() != "string") problems.Add($"{path}: {type} is not declared as text");
        return problems.Select(p => $"{path} {status}: {p}").ToList();
    }

    JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/').Last();
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    void Check(JsonElement value, JsonElement schema, string at, List<string> problems)
    {
        schema = Resolve(schema);
        foreach (var keyword in new[] { "oneOf", "anyOf" })
            if (schema.TryGetProperty(keyword, out var options))
            {
                if (!options.EnumerateArray().Any(o => { var p = new List<string>(); Check(value, o, at, p); return p.Count == 0; }))
                    problems.Add($"{at}: matches none of {keyword}");
                return;
            }
        var types = !schema.TryGetProperty("type", out var t) ? [] : t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [t.GetString()!];
        var actual = value.ValueKind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
            JsonValueKind.Array => "array",
            _ => "object",
        };
        if (types.Count > 0 && !types.Contains(actual) && !(actual == "integer" && types.Contains("number")))
        {
            problems.Add($"{at}: {actual} where the document declares {string.Join("|", types)}");
            return;
        }
        if (actual == "string" && schema.TryGetProperty("format", out var format) && format.GetString() == "date"
            && !Regex.IsMatch(value.GetString()!, @"^\d{4}-\d{2}-\d{2}$"))
            problems.Add($"{at}: \"{value.GetString()}\" is not an ISO date");
        if (actual == "array" && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var element in value.EnumerateArray()) Check(element, items, $"{at}[{i++}]", problems);
        }
        if (actual == "object" && schema.TryGetProperty("properties", out var properties))
        {
            var declared = properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            var open = schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind != JsonValueKind.False;
            foreach (var p in value.EnumerateObject())
            {
                if (declared.TryGetValue(p.Name, out var s)) Check(p.Value, s, at + "." + p.Name, problems);
                else if (!open) problems.Add($"{at}: property {p.Name} is not declared");
            }
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) problems.Add($"{at}: required property {name} is missing");
        }
    }
}
