using System.Globalization;
using Kaizen.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Kaizen.Web.Board;

// The codes the board tables store and the words people read for them.
public static class BoardCodes
{
    public static readonly IReadOnlyDictionary<string, string> MemberRoles = new Dictionary<string, string>
    {
        ["ceo"] = "Chief executive",
        ["regulator"] = "Regulator",
        ["facilitator"] = "Facilitator",
        ["other"] = "Other",
    };

    public static readonly IReadOnlyDictionary<string, string> ItemKinds = new Dictionary<string, string>
    {
        ["behaviour"] = "Behaviour",
        ["responsibility"] = "Responsibility",
    };

    public static readonly IReadOnlyDictionary<string, string> Ratings = new Dictionary<string, string>
    {
        ["living"] = "Living it",
        ["partly"] = "Partly",
        ["not_yet"] = "Not yet",
    };

    // One letter each, so a coloured cell still says what it is when printed in black and white.
    public static string RatingLetter(string? rating) => rating switch
    {
        "living" => "L",
        "partly" => "P",
        "not_yet" => "N",
        _ => "—",
    };

    public static readonly IReadOnlyDictionary<string, string> CqcRatings = new Dictionary<string, string>
    {
        ["outstanding"] = "Outstanding",
        ["good"] = "Good",
        ["requires_improvement"] = "Requires improvement",
        ["inadequate"] = "Inadequate",
    };

    public static string Words(IReadOnlyDictionary<string, string> codes, string? code) =>
        code is not null && codes.TryGetValue(code, out var words) ? words : code ?? "";

    public static IEnumerable<SelectListItem> Choices(IReadOnlyDictionary<string, string> codes) =>
        codes.Select(kv => new SelectListItem(kv.Value, kv.Key));

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

// A calendar month, written yyyy-MM in URLs (?month=2021-03).
public readonly record struct Month(int Year, int Number) : IComparable<Month>
{
    public static Month Of(DateOnly d) => new(d.Year, d.Month);

    public static bool operator <(Month a, Month b) => a.CompareTo(b) < 0;
    public static bool operator <=(Month a, Month b) => a.CompareTo(b) <= 0;
    public static bool operator >(Month a, Month b) => a.CompareTo(b) > 0;
    public static bool operator >=(Month a, Month b) => a.CompareTo(b) >= 0;

    public DateOnly First => new(Year, Number, 1);
    public DateOnly Last => First.AddMonths(1).AddDays(-1);
    public string Key => First.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    public string Label => First.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
    public Month Previous => Of(First.AddMonths(-1));
    public Month Next => Of(First.AddMonths(1));

    // The NHS financial year runs from 1 April: "year to date" for a board means since the April before.
    public DateOnly FinancialYearStart => Number >= 4 ? new DateOnly(Year, 4, 1) : new DateOnly(Year - 1, 4, 1);

    public bool Contains(DateOnly d) => d.Year == Year && d.Month == Number;

    public static bool TryParse(string? text, out Month month)
    {
        month = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return false;
        if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        month = Of(d);
        return true;
    }

    public int CompareTo(Month other) => First.CompareTo(other.First);

    public override string ToString() => Key;
}
