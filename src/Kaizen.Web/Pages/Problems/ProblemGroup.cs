using System.Globalization;

namespace Kaizen.Web.Pages.Problems;

// One kind of problem on /Problems as a group: its count, its rows in the order chosen, a page of them at a time. The
// page was 16,290 px of tables at the demonstration size; now each group shows PageSize rows and says how many more.
// Sorting and paging are read from ?group=&sort=&page= for the one group named; the filters stay in every link.
public interface IProblemGroup
{
    string Anchor { get; }
    int Total { get; }
    int Page { get; }
    int Pages { get; }
    int First { get; }
    int Last { get; }
    string Sort { get; }
    IReadOnlyList<(string Key, string Label)> Sorts { get; }
    string Link(string? sort, int page);
}

public sealed class ProblemGroup<T> : IProblemGroup
{
    public const int PageSize = 25;

    public required string Anchor { get; init; }
    public required IReadOnlyList<T> Rows { get; init; }
    public required int Total { get; init; }
    public required int Page { get; init; }
    public required int Pages { get; init; }
    public required string Sort { get; init; }
    public required IReadOnlyList<(string Key, string Label)> Sorts { get; init; }
    public required string FilterQuery { get; init; }
    public int First => (Page - 1) * PageSize + 1;
    public int Last => Math.Min(Page * PageSize, Total);

    public string Link(string? sort, int page) =>
        "/Problems" + (FilterQuery.Length == 0 ? "?" : FilterQuery + "&") + "group=" + Anchor
        + (sort is null ? "" : "&sort=" + Uri.EscapeDataString(sort))
        + (page > 1 ? "&page=" + page.ToString(CultureInfo.InvariantCulture) : "") + "#" + Anchor;

    // sorts: the first is the default. A sort or page that is not one of these (a hand-edited link) shows the default.
    public static ProblemGroup<T> Of(string anchor, IReadOnlyList<T> all, string filterQuery, string? group, string? sort, int page,
        params (string Key, string Label, Func<IEnumerable<T>, IEnumerable<T>> Order)[] sorts)
    {
        var mine = string.Equals(group, anchor, StringComparison.Ordinal);
        var chosen = (mine ? sorts.FirstOrDefault(s => s.Key == sort) : default);
        if (chosen.Key is null) chosen = sorts[0];
        var pages = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        var current = mine ? Math.Clamp(page, 1, pages) : 1;
        return new ProblemGroup<T>
        {
            Anchor = anchor,
            Rows = chosen.Order(all).Skip((current - 1) * PageSize).Take(PageSize).ToList(),
            Total = all.Count,
            Page = current,
            Pages = pages,
            Sort = chosen.Key,
            Sorts = sorts.Select(s => (s.Key, s.Label)).ToList(),
            FilterQuery = filterQuery,
        };
    }
}
