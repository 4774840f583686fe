using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;

namespace Kaizen.Web.Pages.Admin.Audit;

// An audit entry as people read it: one line per field, before and after, in the units they typed (a process time
// typed in hours and stored as 540 minutes reads "9 hours (540 minutes stored)"), dates as dd/MM/yyyy, and a frozen pack summarised with a link to
// the pack rather than dumped. The stored JSON itself is never changed: this only reads it.
public static class AuditChanges
{
    public sealed record Change(string Field, string Before, string After, string? Link = null);

    // A value longer than this is cut, with its length said: a 20,000-character note would swamp the page.
    const int Longest = 2000;

    static readonly Dictionary<string, string> Labels = new()
    {
        ["workshop_id"] = "Workshop", ["value_stream_id"] = "Value stream", ["trust_id"] = "Trust", ["user_id"] = "User",
        ["time_unit"] = "Unit typed", ["start_date"] = "Start", ["report_out_on"] = "Report-out", ["held_at"] = "Held at",
        ["held_by"] = "Held by", ["meeting_date"] = "Meeting date", ["compact_version_id"] = "Compact version",
        ["f30"] = "30-day follow-up", ["f60"] = "60-day follow-up", ["f90"] = "90-day follow-up",
        ["f30_not_measured"] = "30-day: won't be measured", ["f60_not_measured"] = "60-day: won't be measured", ["f90_not_measured"] = "90-day: won't be measured",
        ["owner_member_id"] = "Owner (board member)", ["due_on"] = "Due on", ["done_on"] = "Done on",
    };

    static readonly string[] MeasureValues = ["baseline", "target", "result", "f30", "f60", "f90"];

    // measure: the kind and unit of the measure the entry is about, when the entry itself does not say them.
    public static IReadOnlyList<Change> Describe(string? beforeJson, string? afterJson, (string Kind, string? Unit)? measure = null)
    {
        var before = Flatten(Parse(beforeJson));
        var after = Flatten(Parse(afterJson));
        var kind = Text(before, "kind") ?? Text(after, "kind") ?? measure?.Kind;
        var unit = Text(after, "time_unit") ?? Text(before, "time_unit") ?? measure?.Unit;
        var changes = new List<Change>();
        foreach (var key in before.Keys.Concat(after.Keys).Distinct())
        {
            before.TryGetValue(key, out var b);
            after.TryGetValue(key, out var a);
            // An update lists what changed; a create or a delete lists what there was.
            if (beforeJson is not null && afterJson is not null && JsonNode.DeepEquals(b, a)) continue;
            if (key == "frozen" && a is JsonObject frozen)
            {
                var month = Text(frozen, "month");
                changes.Add(new("Frozen figures", "", month is null ? "frozen with the meeting" : $"the figures for {MonthLabel(month)}, frozen with the meeting: see the pack",
                    month is null ? null : "/Board/Pack?month=" + Uri.EscapeDataString(month)));
                continue;
            }
            changes.Add(new(Label(key, kind), Value(key, b, kind, unit), Value(key, a, kind, unit)));
        }
        return changes;
    }

    static JsonNode? Parse(string? json)
    {
        if (json is null) return null;
        try { return JsonNode.Parse(json); }
        catch (JsonException) { return JsonValue.Create(json); }
    }

    // Top-level fields, with a nested object's fields lifted beside them (a measure's create keeps its columns in one).
    static Dictionary<string, JsonNode?> Flatten(JsonNode? node)
    {
        var fields = new Dictionary<string, JsonNode?>();
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (value is JsonObject inner && key != "frozen")
                    foreach (var (k, v) in inner) fields[k] = v;
                else
                    fields[key] = value;
            }
        }
        else if (node is not null) fields["value"] = node;
        return fields;
    }

    static string? Text(Dictionary<string, JsonNode?> fields, string key) =>
        fields.TryGetValue(key, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static string MonthLabel(string key) =>
        DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("MMMM yyyy", Format.UK) : key;

    static string Label(string key, string? kind)
    {
        if (Labels.TryGetValue(key, out var label)) return label;
        if (key.EndsWith("_den", StringComparison.Ordinal))
        {
            var of = Label(key[..^4], kind);
            return of + (kind == "error_count" ? ": window (days)" : kind == "error_rate" ? ": opportunities" : ": denominator");
        }
        var words = key.Replace('_', ' ');
        return words.Length == 0 ? key : char.ToUpperInvariant(words[0]) + words[1..];
    }

    static string Value(string key, JsonNode? node, string? kind, string? unit = null)
    {
        switch (node)
        {
            case null: return "";
            case JsonValue v when v.TryGetValue<bool>(out var flag): return flag ? "yes" : "no";
            case JsonValue v when v.TryGetValue<double>(out var number):
                // Process times are stored in minutes whatever unit was typed (docs/definitions.md §1).
                if (kind == "process_time" && MeasureValues.Contains(key))
                {
                    var typed = Codes.Unit(unit);
                    return typed == Kaizen.Domain.TimeUnit.Minutes ? $"{Format.Amount(number)} minutes"
                        : $"{Format.Amount(Kaizen.Domain.TimeUnits.FromMinutes(number, typed))} {(typed == Kaizen.Domain.TimeUnit.Hours ? "hours" : "days")} ({Format.Amount(number)} minutes stored)";
                }
                return Format.Amount(number);
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return Format.Date(date);
                if (s.Length >= 20 && s[10] == 'T' && s.EndsWith('Z') && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)) return Format.Instant(s);
                return Shorten(s);
            // Each value is cut on its own, so that a list shows every item.
            case JsonArray a: return string.Join("; ", a.Select(item => item is JsonObject o
                ? string.Join(", ", o.Select(p => $"{Label(p.Key, kind)}: {Value(p.Key, p.Value, kind)}"))
                : Value(key, item, kind)));
            case JsonObject o: return string.Join(", ", o.Select(p => $"{Label(p.Key, kind)}: {Value(p.Key, p.Value, kind)}"));
            default: return Shorten(node.ToJsonString());
        }
    }

    static string Shorten(string s) => s.Length <= Longest ? s : s[..Longest] + $"… ({s.Length:N0} characters in all)";
}
