using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kaizen.Web.Api;

// How every API list is answered: paged, as JSON (a Page<T>) or as CSV (the same rows, same column names), with an
// ETag of the exact bytes sent so that a client asking "If-None-Match" gets 304 and no body when nothing changed.
public static class ApiAnswers
{
    public const string CsvType = "text/csv";
    public const int JsonDefaultLimit = 100, JsonMaxLimit = 1_000;
    // A spreadsheet's "From Web" reads one URL: a CSV holds every row up to this many unless asked for fewer.
    public const int CsvMaxLimit = 100_000;
    public const string CsvItemKey = "kaizen:api-csv";

    // CSV when the URL ends in .csv (rewritten by ApiSetup before routing) or Accept names text/csv; else JSON.
    public static bool WantsCsv(HttpContext http) =>
        http.Items.ContainsKey(CsvItemKey)
        || http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CsvType, StringComparison.OrdinalIgnoreCase));

    public sealed record Paging(int Limit, int Offset, string? Refusal);

    public static Paging ReadPaging(HttpContext http, bool csv)
    {
        var max = csv ? CsvMaxLimit : JsonMaxLimit;
        var limit = csv ? CsvMaxLimit : JsonDefaultLimit;
        var offset = 0;
        var q = http.Request.Query;
        if (!string.IsNullOrEmpty(q["limit"]) && (!int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max))
            return new(0, 0, $"The limit must be a whole number from 1 to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
        if (!string.IsNullOrEmpty(q["offset"]) && !int.TryParse(q["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            return new(0, 0, "The offset must be a whole number, 0 or more.");
        return new(limit, offset, null);
    }

    public static IResult Refused(string detail) =>
        Results.Problem(title: "Bad Request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult List<T>(HttpContext http, IEnumerable<T> rows)
    {
        var csv = WantsCsv(http);
        var paging = ReadPaging(http, csv);
        if (paging.Refusal is { } refusal) return Refused(refusal);
        var all = rows as IReadOnlyList<T> ?? rows.ToList();
        var items = all.Skip(paging.Offset).Take(paging.Limit).ToList();
        var next = paging.Offset + items.Count < all.Count ? NextLink(http, paging.Limit, paging.Offset + items.Count) : null;
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        byte[] body;
        string type;
        if (csv)
        {
            body = Encoding.UTF8.GetBytes(Csv.Write(items, json));
            type = CsvType + "; charset=utf-8";
            http.Response.Headers["X-Total-Count"] = all.Count.ToString(CultureInfo.InvariantCulture);
            if (next is not null) http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        else
        {
            body = JsonSerializer.SerializeToUtf8Bytes(new Page<T> { Items = items, Total = all.Count, Limit = paging.Limit, Offset = paging.Offset, Next = next }, json);
            type = "application/json; charset=utf-8";
        }

        // A strong ETag of the bytes: the same figures in the same format give the same tag, whatever changed elsewhere.
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 16).ToLowerInvariant() + "\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        // Figures behind a token: kept by no shared cache, and checked again before a private one reuses them.
        headers.CacheControl = "private, no-cache";
        headers.Vary = "Accept, Authorization";
        var match = http.Request.Headers.IfNoneMatch.ToString();
        if (match.Length > 0 && (match.Trim() == "*" || match.Split(',').Any(t => t.Trim() == etag || t.Trim() == "W/" + etag)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(body, type);
    }

    // The same URL (path, and every query value but limit and offset) for the next page.
    static string NextLink(HttpContext http, int limit, int offset)
    {
        var query = http.Request.Query.Where(q => q.Key is not "limit" and not "offset")
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("limit=" + limit.ToString(CultureInfo.InvariantCulture))
            .Append("offset=" + offset.ToString(CultureInfo.InvariantCulture));
        var path = http.Request.PathBase + http.Request.Path + (http.Items.ContainsKey(CsvItemKey) ? ".csv" : "");
        return path + "?" + string.Join("&", query);
    }
}

// RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line break. The header row is the
// JSON property names; numbers are invariant (a point for decimals), dates ISO, nulls empty.
public static class Csv
{
    public static string Write<T>(IReadOnlyList<T> rows, JsonSerializerOptions options)
    {
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var properties = info.Properties.Where(p => p.Get is not null).ToList();
        var text = new StringBuilder();
        text.AppendJoin(',', properties.Select(p => Field(p.Name))).Append("\r\n");
        foreach (var row in rows)
        {
            for (var i = 0; i < properties.Count; i++)
            {
                if (i > 0) text.Append(',');
                text.Append(Value(properties[i].Get!(row!)));
            }
            text.Append("\r\n");
        }
        return text.ToString();
    }

    static string Value(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => Kaizen.Web.Data.Iso.Date(d),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => Field(s),
        _ => Field(value.ToString() ?? ""),
    };

    // Text that begins with = + - @ (or a tab or carriage return) would be run by a spreadsheet as a formula: such text
    // is written with a leading apostrophe, as Excel itself shows text (numbers are not text and are never changed).
    static string Field(string s)
    {
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
        return s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }
}
