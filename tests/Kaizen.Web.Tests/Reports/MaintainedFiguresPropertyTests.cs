using Microsoft.Data.Sqlite;
using System.Globalization;
using CsCheck;
using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Import;
using Kaizen.Web.Reports;
using Kaizen.Web.Tests.Import;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaizen.Web.Tests.Reports;

// The maintained figures (migration 0020, MaintainedFigures) must equal the domain's roll-up computed from the records,
// bit for bit, after ANY sequence of writes. Random sequences of writes go through the app's own forms and import (as
// a browser would post them) and time moves on between them; after every step every figure is compared, at every
// checkpoint, for the programme, each trust, each value stream and report-out date ranges. A failing sequence is
// reported shrunk (CsCheck keeps looking for a smaller failing one) with its seed.
public class MaintainedFiguresPropertyTests
{
    public abstract record Op;
    public sealed record NewWorkshop(int Stream, int StartOffset) : Op;
    public sealed record AddMeasure(int Workshop, int Kind, int Baseline, int? Result, int Window) : Op;
    public sealed record EditMeasure(int Measure, int Baseline, int? Result) : Op;
    public sealed record DeleteMeasure(int Measure) : Op;
    public sealed record FollowUp(int Measure, int Days, int? Value, int Window, bool WontBeMeasured) : Op;
    public sealed record SetStatus(int Workshop, string Status) : Op;
    public sealed record MoveDate(int Workshop, int StartOffset) : Op;
    public sealed record ImportRow(int Reference, int Stream, int StartOffset, int Kind, int Baseline, int Result) : Op;
    public sealed record PassDays(int Days) : Op;

    static readonly Gen<Op> OpGen = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, 2], Gen.Int[-200, 20], (s, d) => (Op)new NewWorkshop(s, d))),
        (6, Gen.Select(Gen.Int[0, 50], Gen.Int[0, 2], Gen.Int[1, 40], Gen.Int[0, 45].Select(r => r == 0 ? (int?)null : r - 1), Gen.Int[1, 4],
            (w, k, b, r, win) => (Op)new AddMeasure(w, k, b, r, win))),
        (3, Gen.Select(Gen.Int[0, 50], Gen.Int[0, 40], Gen.Int[0, 45].Select(r => r == 0 ? (int?)null : r - 1),
            (m, b, r) => (Op)new EditMeasure(m, b, r))),
        (2, Gen.Int[0, 50].Select(m => (Op)new DeleteMeasure(m))),
        (3, Gen.Select(Gen.Int[0, 50], Gen.Int[1, 3], Gen.Int[0, 40].Select(v => v == 0 ? (int?)null : v - 1), Gen.Int[1, 4], Gen.Bool,
            (m, d, v, win, closed) => (Op)new FollowUp(m, d * 30, v, win, closed))),
        (3, Gen.Select(Gen.Int[0, 50], Gen.OneOf("planned", "completed", "cancelled"), (w, s) => (Op)new SetStatus(w, s))),
        (2, Gen.Select(Gen.Int[0, 50], Gen.Int[-200, 20], (w, d) => (Op)new MoveDate(w, d))),
        (2, Gen.Select(Gen.Int[1, 4], Gen.Int[0, 1], Gen.Int[-200, -5], Gen.Int[0, 2], Gen.Int[1, 40], Gen.Int[0, 40],
            (r, s, d, k, b, res) => (Op)new ImportRow(r, s, d, k, b, res))),
        (1, Gen.Int[1, 40].Select(d => (Op)new PassDays(d))));

    static readonly DateTimeOffset Start = new(2024, 6, 14, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_maintained_figures_equal_the_roll_up_from_the_records_after_any_sequence_of_writes()
    {
        // One app for every sequence (starting one costs seconds); each sequence starts from no workshops.
        using var kit = await ImportKit.StartAsync(configure: app => app.Time.Now = Start);
        await OpGen.List[1, 16].SampleAsync(ops => RunAsync(kit, ops), iter: 14, threads: 1,
            print: ops => string.Join(Environment.NewLine, ops.Select(o => o.ToString())));
    }

    static async Task RunAsync(ImportKit kit, List<Op> ops)
    {
        var app = kit.App;
        app.Time.Now = Start;
        long[] streams;
        using (var db = app.OpenDb())
        {
            // The previous sequence's records go, through SQL (a change outside the app's writers: the triggers mark
            // the workshops, and the refresh takes their figures out, as the app's start-up catch-up would).
            using var tx = db.BeginTransaction();
            db.Execute("DELETE FROM measures; DELETE FROM workshop_team_members; DELETE FROM workshops;", transaction: tx);
            MaintainedFigures.Refresh(db, tx);
            tx.Commit();
            Assert.Equal(0L, db.ExecuteScalar<long>("SELECT (SELECT count(*) FROM workshop_figures) + (SELECT count(*) FROM figure_totals)"));
            streams = db.Query<long>("SELECT id FROM value_streams ORDER BY id").ToArray();
        }
        var admin = await kit.Cast.Admin();

        // A workshop to start from, so that early steps have something to act on.
        await Apply(app, admin, streams, new NewWorkshop(0, -60));
        await CheckAsync(app, "the first workshop");
        foreach (var (op, step) in ops.Select((o, i) => (o, i + 1)))
        {
            await Apply(app, admin, streams, op);
            // Moving the clock on outlives the sign-in: sign in again, as a person would.
            if (op is PassDays) admin = await kit.Cast.Admin();
            await CheckAsync(app, $"step {step}: {op}");
        }
    }

    static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    static async Task Apply(KaizenApp app, HttpClient admin, long[] streams, Op op)
    {
        var today = app.Services.GetRequiredService<Clock>().Today;
        long[] workshops, measures;
        using (var db = app.OpenDb())
        {
            workshops = db.Query<long>("SELECT id FROM workshops ORDER BY id").ToArray();
            measures = db.Query<long>("SELECT id FROM measures ORDER BY id").ToArray();
        }
        long? Workshop(int i) => workshops.Length == 0 ? null : workshops[i % workshops.Length];
        long? Measure(int i) => measures.Length == 0 ? null : measures[i % measures.Length];

        switch (op)
        {
            case NewWorkshop n:
                await Posted(op, await admin.PostFormAsync("/Workshops/Create", new()
                {
                    ["Input.ValueStreamId"] = streams[n.Stream % streams.Length].ToString(CultureInfo.InvariantCulture),
                    ["Input.Title"] = "Referral triage",
                    ["Input.StartDate"] = Iso.Date(today.AddDays(n.StartOffset)),
                    ["Input.LengthDays"] = "5",
                    ["Input.Status"] = "planned",
                    ["Input.Team[0].Name"] = "Jo Bloggs",
                    ["Input.Team[0].Role"] = "in_process",
                }));
                break;
            case AddMeasure a when Workshop(a.Workshop) is { } w:
            {
                var kind = Kinds[a.Kind];
                // Fractions of minutes and windows that differ, so sums are not whole numbers and counts are rescaled.
                var fields = new Dictionary<string, string>
                {
                    ["Input.Name"] = "Wait " + a.Kind,
                    ["Input.Baseline"] = Number(Value(a.Kind, a.Baseline)),
                    ["Input.Result"] = a.Result is { } r ? Number(Value(a.Kind, r)) : "",
                };
                if (a.Kind == 0) fields["Input.Unit"] = "minutes";
                if (a.Kind == 1) { fields["Input.BaselineDenominator"] = "14"; fields["Input.ResultDenominator"] = a.Result is null ? "" : Number(a.Window * 7); }
                if (a.Kind == 2) { fields["Input.BaselineDenominator"] = "400"; fields["Input.ResultDenominator"] = a.Result is null ? "" : Number(a.Window * 150); }
                await Posted(op, await admin.PostFormAsync($"/Measures/Create?workshop={w}&kind={kind}", fields));
                break;
            }
            case EditMeasure e when Measure(e.Measure) is { } m:
            {
                var kind = KindOf(app, m);
                await Posted(op, await admin.PostFormAsync($"/Measures/Edit/{m}", new()
                {
                    ["Input.Baseline"] = Number(Value(kind, e.Baseline)),
                    ["Input.Result"] = e.Result is { } r ? Number(Value(kind, r)) : "",
                }));
                break;
            }
            case DeleteMeasure d when Measure(d.Measure) is { } m:
                await Posted(op, await admin.PostFormAsync($"/Measures/Delete/{m}", new()));
                break;
            case FollowUp f when Measure(f.Measure) is { } m:
            {
                var kind = KindOf(app, m);
                var fields = new Dictionary<string, string>();
                if (f.WontBeMeasured && f.Value is null)
                    fields[$"Input.F{f.Days}NotMeasured"] = "The clinic closed";
                else
                {
                    fields[$"Input.F{f.Days}"] = f.Value is { } v ? Number(Value(kind, v)) : "";
                    if (kind != 0) fields[$"Input.F{f.Days}Den"] = f.Value is null ? "" : Number(kind == 1 ? f.Window * 5 : f.Window * 120);
                }
                await Posted(op, await admin.PostFormAsync($"/Measures/FollowUps/{m}", fields));
                break;
            }
            case SetStatus s when Workshop(s.Workshop) is { } w:
                await Posted(op, await admin.PostFormAsync($"/Workshops/Edit/{w}", new()
                {
                    ["Input.Status"] = s.Status,
                    ["Input.StatusReason"] = s.Status == "cancelled" ? "The team was needed on the wards" : "",
                }));
                break;
            case MoveDate md when Workshop(md.Workshop) is { } w:
                await Posted(op, await admin.PostFormAsync($"/Workshops/Edit/{w}", new()
                {
                    ["Input.StartDate"] = Iso.Date(today.AddDays(md.StartOffset)),
                    ["Input.PlanningStart"] = Iso.Date(today.AddDays(md.StartOffset - 30)),
                }));
                break;
            case ImportRow i:
            {
                var start = today.AddDays(i.StartOffset);
                var row = ImportKit.Row(
                    (Col.Reference, $"TRA-IMP-{i.Reference}"),
                    (Col.ValueStream, i.Stream == 0 ? "Outpatients" : "Discharge"),
                    (Col.StartDate, start),
                    (Col.PlanningStart, start.AddDays(-30)),
                    (Col.Measure, "Imported wait"),
                    (Col.Kind, ImportKinds[i.Kind]),
                    (Col.Unit, i.Kind == 0 ? "minutes" : null),
                    (Col.Baseline, (double)i.Baseline),
                    (Col.Target, null),
                    (Col.Result, (double)i.Result),
                    (Col.BaselineDen, i.Kind == 1 ? 14.0 : i.Kind == 2 ? 300.0 : null),
                    (Col.ResultDen, i.Kind == 1 ? 7.0 : i.Kind == 2 ? 250.0 : null));
                var preview = await ImportKit.UploadPageAsync(admin, ImportKit.Workbook(row));
                if (ImportKit.Problems(preview) is { Count: 0 }) await ImportKit.ConfirmAsync(admin, preview);
                break;
            }
            case PassDays p:
                app.Time.Now = app.Time.Now.AddDays(p.Days);
                break;
        }
    }

    // A refused write (the form shown again with its reasons, e.g. a result before the report-out date) is part of the
    // sequence too: it must change no figure. Its response is read to the end, as a browser would.
    static async Task Posted(Op op, HttpResponseMessage response) => _ = (op, await response.Content.ReadAsStringAsync());

    static readonly string[] Kinds = ["process_time", "error_count", "error_rate"];
    static readonly string[] ImportKinds = ["Process time", "Error count", "Error rate"];

    // Minutes in eighths and a third (time), whole errors (count and rate).
    static double Value(int kind, int n) => kind == 0 ? n * 12.125 + n / 3.0 : n;

    static int KindOf(KaizenApp app, long measure) =>
        Array.IndexOf(Kinds, app.Scalar<string>("SELECT kind FROM measures WHERE id = @measure", new { measure }));

    // Every maintained figure against the roll-up of the records, as the reports compute it.
    static async Task CheckAsync(KaizenApp app, string after)
    {
        var today = app.Services.GetRequiredService<Clock>().Today;
        using var c = app.OpenDb();
        Assert.True(c.ExecuteScalar<long>("SELECT count(*) FROM figures_stale") == 0, $"Workshops left stale after {after}.");
        var trusts = c.Query<long>("SELECT id FROM trusts ORDER BY id").ToList();
        var streams = c.Query<long>("SELECT id FROM value_streams ORDER BY id").ToList();
        var filters = new List<ReportFilter> { new() };
        filters.AddRange(trusts.Select(t => new ReportFilter { TrustId = t }));
        filters.AddRange(streams.Select(v => new ReportFilter { ValueStreamId = v }));
        // Date ranges: from mid-month to mid-month (edges read per workshop), whole months, one open end, and this month.
        filters.Add(new ReportFilter { From = today.AddDays(-150), To = today.AddDays(-20) });
        filters.Add(new ReportFilter { From = new DateOnly(today.Year, today.Month, 1).AddMonths(-4), To = new DateOnly(today.Year, today.Month, 1).AddDays(-1), TrustId = trusts[0] });
        filters.Add(new ReportFilter { From = today.AddDays(-75) });
        filters.Add(new ReportFilter { To = today.AddDays(-40), ValueStreamId = streams[0] });
        filters.Add(new ReportFilter { From = new DateOnly(today.Year, today.Month, 1) });

        foreach (var filter in filters)
            foreach (var checkpoint in MaintainedFigures.Checkpoints)
            {
                var f = filter with { Checkpoint = checkpoint };
                var expected = (await ReportQueries.LoadAsync(c, f, today)).RollUp(checkpoint);
                var actual = MaintainedFigures.Read((SqliteConnection)c, f, today);
                Assert.NotNull(actual);
                foreach (var kind in Enum.GetValues<MeasureKind>())
                    Assert.True(Figures(expected[kind]) == Figures(actual![kind]),
                        $"After {after}, {kind} at {checkpoint} for {Describe(f)}:\n  from the records: {Figures(expected[kind])}\n  maintained:       {Figures(actual[kind])}");
            }
    }

    static string Describe(ReportFilter f) =>
        $"trust {f.TrustId?.ToString(CultureInfo.InvariantCulture) ?? "any"}, value stream {f.ValueStreamId?.ToString(CultureInfo.InvariantCulture) ?? "any"}, from {Iso.Date(f.From) ?? "-"} to {Iso.Date(f.To) ?? "-"}";

    // The figures a roll-up shows; doubles compared by their bits (record equality on double is exact).
    sealed record Shown(int N, double? Headline, double? TotalBefore, double? TotalAfter, double? AmountRemoved, double? Mean,
        double? Median, double? RateBefore, double? RateAfter, int Improved, int Same, int Worse, bool WindowScaled)
    {
        public override string ToString() => string.Join(", ", new object?[] { N, Headline, TotalBefore, TotalAfter, AmountRemoved, Mean, Median, RateBefore, RateAfter, Improved, Same, Worse, WindowScaled }
            .Select(x => x is double d ? d.ToString("R", CultureInfo.InvariantCulture) : x?.ToString() ?? "null"));
    }

    static Shown Figures(KindRollUp k) => new(k.Workshops, k.Headline, k.TotalBefore, k.TotalAfter, k.AmountRemoved, k.Mean, k.Median,
        k.PooledRateBefore, k.PooledRateAfter, k.Improved, k.Same, k.Worse, k.AnyWindowScaled);
}
