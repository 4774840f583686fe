using Dapper;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using System.Data.Common;

namespace Kaizen.Web.Board;

public sealed class CqcRatingRow
{
    public long Id { get; init; }
    public long TrustId { get; init; }
    public string RatedOn { get; init; } = "";
    public string Rating { get; init; } = "";

    public string Words => BoardCodes.Words(BoardCodes.CqcRatings, Rating);
}

public sealed class ChiefExecutiveRow
{
    public long Id { get; init; }
    public long TrustId { get; init; }
    public string StartedOn { get; init; } = "";
    public string Name { get; init; } = "";
}

// A trust's context on a day, as the trust page and the board pack show it: its latest CQC rating (with its date) and
// how many times its chief executive changed in the three years up to that day. The first chief executive recorded
// is the one in post when records began, not a change.
public sealed record TrustContextView(long TrustId, DateOnly On, CqcRatingRow? LatestRating, ChiefExecutiveRow? ChiefExecutive, int ChiefExecutiveChanges, bool AnyRecorded)
{
    public const int Years = 3;

    public DateOnly WindowStart => On.AddYears(-Years);

    public string RatingText => LatestRating is { } r ? $"{r.Words} (rated {Format.Date(Iso.ParseDate(r.RatedOn))})" : "not recorded";

    public string ChangesText => !AnyRecorded ? "not recorded"
        : ChiefExecutiveChanges == 1 ? "1 change" : $"{ChiefExecutiveChanges} changes";

    public static async Task<IReadOnlyDictionary<long, TrustContextView>> LoadAllAsync(DbConnection c, DateOnly on)
    {
        var ratings = (await c.QueryAsync<CqcRatingRow>("""
            SELECT id AS Id, trust_id AS TrustId, rated_on AS RatedOn, rating AS Rating FROM trust_cqc_ratings
            WHERE rated_on <= @on ORDER BY trust_id, rated_on
            """, new { on = Iso.Date(on) })).ToLookup(r => r.TrustId);
        var chiefs = (await c.QueryAsync<ChiefExecutiveRow>("""
            SELECT id AS Id, trust_id AS TrustId, started_on AS StartedOn, name AS Name FROM trust_chief_executives
            WHERE started_on <= @on ORDER BY trust_id, started_on
            """, new { on = Iso.Date(on) })).ToLookup(r => r.TrustId);
        var trustIds = await c.QueryAsync<long>("SELECT id FROM trusts");
        return trustIds.ToDictionary(id => id, id => Build(id, on, ratings[id].ToList(), chiefs[id].ToList()));
    }

    public static async Task<TrustContextView> LoadAsync(DbConnection c, long trustId, DateOnly on)
    {
        var ratings = (await c.QueryAsync<CqcRatingRow>("""
            SELECT id AS Id, trust_id AS TrustId, rated_on AS RatedOn, rating AS Rating FROM trust_cqc_ratings
            WHERE trust_id = @trustId AND rated_on <= @on ORDER BY rated_on
            """, new { trustId, on = Iso.Date(on) })).ToList();
        var chiefs = (await c.QueryAsync<ChiefExecutiveRow>("""
            SELECT id AS Id, trust_id AS TrustId, started_on AS StartedOn, name AS Name FROM trust_chief_executives
            WHERE trust_id = @trustId AND started_on <= @on ORDER BY started_on
            """, new { trustId, on = Iso.Date(on) })).ToList();
        return Build(trustId, on, ratings, chiefs);
    }

    // Chief executives in date order: every one after the first is a change; count those that started in the window
    // (after the day three years before, up to and including the day).
    static TrustContextView Build(long trustId, DateOnly on, IReadOnlyList<CqcRatingRow> ratings, IReadOnlyList<ChiefExecutiveRow> chiefs)
    {
        var windowStart = on.AddYears(-Years);
        var changes = chiefs.Skip(1).Count(c => Iso.ParseDate(c.StartedOn) > windowStart);
        return new TrustContextView(trustId, on, ratings.LastOrDefault(), chiefs.LastOrDefault(), changes, chiefs.Count > 0);
    }
}
