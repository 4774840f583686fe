using System.Globalization;
using System.Text;

namespace Kaizen.Benchmarks;

// docs/benchmarks.md: the latest run against the goals, every figure by size, how each is measured, and the
// history (the run recorded before optimisation beside this one). Only the notes between the markers survive a
// rewrite: they are written by hand.
public static class Report
{
    const string NotesStart = "<!-- notes: kept by ./scripts/bench when it rewrites this file -->";
    const string NotesEnd = "<!-- /notes -->";

    // A figure per size: how to show it and the number behind it (for the history's ratios).
    sealed record Row(string Label, Func<SizeResult, double?> Value, Func<SizeResult, string> Show, bool LowerIsBetter = true);

    static readonly Row[] Rows =
    [
        new("workshops in the file (held, i.e. in the reports)", s => s.Workshops, s => $"{s.Workshops:N0} ({s.HeldWorkshops:N0})"),
        new("measures", s => s.Measures, s => $"{s.Measures:N0}"),
        new("database file", s => s.DatabaseMb, s => $"{s.DatabaseMb:N1} MB"),
        new("1. roll-up in process, median", s => s.RollUp?.Median, s => Ms(s.RollUp?.Median) + Spread(s.RollUp)),
        new("1m. maintained figures after a write: programme at report-out, median", s => s.MaintainedProgramme?.Median, s => s.MaintainedProgramme is null ? "-" : Ms(s.MaintainedProgramme.Median) + Spread(s.MaintainedProgramme)),
        new("1m. slowest of programme, one trust, one value stream × 5 checkpoints, median", s => s.MaintainedWorst?.Median, s => s.MaintainedWorst is null ? "-" : $"{Ms(s.MaintainedWorst.Median)} ({s.MaintainedWorstLabel})"),
        new("1m. report-out date range (mid-month edges), median", s => s.MaintainedRange?.Median, s => s.MaintainedRange is null ? "-" : Ms(s.MaintainedRange.Median) + Spread(s.MaintainedRange)),
        new("1m. the write that precedes each read (one measure, refresh, commit), median", s => s.MaintainedWrite?.Median, s => s.MaintainedWrite is null ? "-" : Ms(s.MaintainedWrite.Median)),
        new("1m. equal to the roll-up from the records, bit for bit", s => null, s => s.MaintainedSame is { } same ? (same ? "yes" : "**no**") : "-"),
        new("2. floor (bare SqliteDataReader), median", s => s.Floor?.Median, s => Ms(s.Floor?.Median) + Spread(s.Floor)),
        new("ratio roll-up ÷ floor", s => s.Ratio, s => s.Ratio is { } r ? $"{r:0.00} ×" : "-"),
        new("2b. the floor's query through raw SQLitePCL calls, median", s => s.RawFloor?.Median, s => s.RawFloor is null ? "-" : Ms(s.RawFloor.Median) + Spread(s.RawFloor)),
        new("3. dashboard `/` p50", s => s.Dashboard?.Median, s => Ms(s.Dashboard?.Median) + N(s.Dashboard)),
        new("3. dashboard `/` p95", s => s.Dashboard?.P95, s => Ms(s.Dashboard?.P95)),
        new("3. dashboard `/` p50, a write before each request", s => s.DashboardAfterWrite?.Median, s => Ms(s.DashboardAfterWrite?.Median) + N(s.DashboardAfterWrite)),
        new("3. monthly pack page p50", s => s.Pack?.Median, s => s.Pack is null ? s.PackNote ?? "-" : Ms(s.Pack.Median) + N(s.Pack)),
        new("3. monthly pack page p95", s => s.Pack?.P95, s => s.Pack is null ? s.PackNote ?? "-" : Ms(s.Pack.P95)),
        new("4. pack workbook, median", s => s.Export?.Median, s => s.Export is null ? s.ExportNote ?? "-" : $"{Ms(s.Export.Median)} (first {Ms(s.Export.Max)}), {s.ExportBytes / 1024:N0} KB"),
        new("4. server peak memory (VmHWM) before → after the workbook", s => s.Export is null ? null : s.PeakAfterExportMb,
            s => s.Export is null ? s.ExportNote ?? "-" : $"{s.PeakBeforeExportMb:N0} → {s.PeakAfterExportMb:N0} MB"),
        new("server peak memory after the pages", s => s.PeakAfterPagesMb, s => s.PeakAfterPagesMb is { } p ? $"{p:N0} MB" : "-"),
        new("5. import of 10,000 rows (upload + confirm)", s => s.ImportSeconds, s => s.ImportSeconds is { } i ? $"{i:0.00} s (server CPU {s.ImportServerCpuSeconds:0.00} s{(s.ImportBreakdown is { } b ? "; " + b : "")})" : s.ImportNote ?? "-"),
        new("5. a second 10,000-row workbook in the same process", s => s.SecondImportSeconds, s => s.SecondImportSeconds is { } i ? $"{i:0.00} s" : "-"),
        new("6. cold start to first 200 from /healthz, median", s => s.ColdStart?.Median, s => Ms(s.ColdStart?.Median) + N(s.ColdStart)),
        new("load average when the size began", _ => null, s => s.LoadAverage),
    ];

    public static string Markdown(RunResult run, RunResult? before, object options, string? previous)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("Written by `./scripts/bench` (the harness is `tests/Kaizen.Benchmarks`). The command rewrites this file on every run;");
        md.AppendLine("only the notes at the end are kept. Run it with `./scripts/bench [--quick] [--sizes 120,10000,100000]`.");
        md.AppendLine("The raw figures of the latest run are in `docs/benchmarks/latest.json`, those recorded before optimisation in");
        md.AppendLine("`docs/benchmarks/before.json`.");
        md.AppendLine();
        md.AppendLine("## Latest run");
        md.AppendLine();
        AppendRun(md, run);
        md.AppendLine();
        md.AppendLine("### Against the goals");
        md.AppendLine();
        md.Append(GoalsTable(run));
        md.AppendLine();
        md.AppendLine("### Every figure by size");
        md.AppendLine();
        md.Append(SizesTable(run));
        md.AppendLine();
        md.AppendLine("### Throughput (wrk on loopback)");
        md.AppendLine();
        md.Append(WrkTable(run));
        md.AppendLine();
        md.AppendLine(HowMeasured);
        md.AppendLine("## History");
        md.AppendLine();
        if (before is null)
            md.AppendLine("No run has been recorded as the baseline (`docs/benchmarks/before.json`) yet.");
        else if (before.Date == run.Date && before.Commit == run.Commit)
            md.AppendLine($"This run ({run.Date} at {run.Commit}) is the baseline recorded before optimisation (`docs/benchmarks/before.json`).");
        else
        {
            md.AppendLine($"Before optimisation: {before.Date} at {before.Commit} ({before.Mode}; load average {before.LoadAtStart} at the start, {before.LoadAtEnd} at the end).  ");
            md.AppendLine($"Latest: {run.Date} at {run.Commit} ({run.Mode}; load average {run.LoadAtStart} at the start, {run.LoadAtEnd} at the end).");
            md.AppendLine("Speed-up is before ÷ latest for times (above 1 is faster) and latest ÷ before for throughput.");
            md.AppendLine();
            md.Append(HistoryTable(before, run));
        }
        md.AppendLine();
        md.AppendLine(NotesStart);
        md.AppendLine(KeptNotes(previous) ?? "\n(Notes on what was changed and what is still short go here.)\n");
        md.AppendLine(NotesEnd);
        return md.ToString();
    }

    static string? KeptNotes(string? previous)
    {
        if (previous is null) return null;
        var start = previous.IndexOf(NotesStart, StringComparison.Ordinal);
        var end = previous.IndexOf(NotesEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) return null;
        return previous[(start + NotesStart.Length)..end].TrimEnd('\n', '\r').TrimStart('\n', '\r') is var kept && kept.Length > 0 ? "\n" + kept + "\n" : null;
    }

    static void AppendRun(StringBuilder md, RunResult run)
    {
        var m = run.Machine;
        md.AppendLine($"- Date: {run.Date}; commit `{run.Commit}`; mode: {run.Mode}");
        md.AppendLine($"- Machine: {m.Cores} cores, {m.Cpu}, {m.MemoryGb:0.0} GB memory; {m.Os}; {m.Runtime}");
        md.AppendLine($"- Load average (1, 5, 15 min): {run.LoadAtStart} at the start, {run.LoadAtEnd} at the end. The machine is shared with other builds, so every timing is a median and the load says how noisy it was.");
        md.AppendLine($"- Total run time of the command: {run.TotalSeconds:0} s (data generation included when a size was not cached: " +
                      string.Join(", ", run.Sizes.Select(s => $"{s.Label} {(s.FromCache ? "cached" : $"generated in {s.GenerateSeconds:0} s")}")) + ")");
    }

    public static string Summary(RunResult run, RunResult? before)
    {
        var text = new StringBuilder();
        text.AppendLine(GoalsTable(run));
        text.AppendLine(SizesTable(run));
        text.AppendLine(WrkTable(run));
        if (before is not null && before.Date != run.Date) text.AppendLine(HistoryTable(before, run));
        return text.ToString();
    }

    static string GoalsTable(RunResult run)
    {
        var t = new StringBuilder();
        t.AppendLine("| figure | goal | result | verdict |");
        t.AppendLine("|---|---|---|---|");
        var national = run.Sizes.FirstOrDefault(s => s.Size == 100_000);
        var demo = run.Sizes.FirstOrDefault(s => s.IsDemo);
        const string NotRun = "not measured in this run";

        if (national?.MaintainedWorst is { } mw)
            t.AppendLine($"| roll-up at 100,000 workshops right after a write (programme, one trust, one value stream, each checkpoint) | ≤ 150 ms, same figures | slowest {Ms(mw.Median)} ({national.MaintainedWorstLabel}); programme at report-out {Ms(national.MaintainedProgramme?.Median)}; same as from the records: {(national.MaintainedSame == true ? "yes" : "no")} | {Verdict(mw.Median <= 150 && national.MaintainedSame == true)} |");
        if (national?.MaintainedRange is { } mr)
            t.AppendLine($"| report-out date range at 100,000 right after a write | ≤ 500 ms | {Ms(mr.Median)} | {Verdict(mr.Median <= 500)} |");
        if (national?.RollUp is { } r && national.Ratio is { } ratio)
            t.AppendLine($"| roll-up from the records at 100,000 (LoadAsync + RollUp: what the dashboard and pack still compute) | ≤ 150 ms and ≤ 2.0 × the floor | {Ms(r.Median)}, {ratio:0.00} × the floor ({Ms(national.Floor!.Median)}) | {Verdict(r.Median <= 150 && ratio <= 2.0)} |");
        else t.AppendLine($"| roll-up at 100,000 workshops | ≤ 150 ms and ≤ 2.0 × the floor | {NotRun} | - |");

        if (national?.Dashboard is { } d)
            t.AppendLine($"| dashboard page p50 at 100,000 | ≤ 250 ms | {Ms(d.Median)} (a write before each request: {Ms(national.DashboardAfterWrite?.Median)}) | {Verdict(d.Median <= 250)} |");
        else t.AppendLine($"| dashboard page p50 at 100,000 | ≤ 250 ms | {NotRun} | - |");
        if (demo?.Dashboard is { } dd)
            t.AppendLine($"| dashboard page p50 at demonstration size | ≤ 10 ms | {Ms(dd.Median)} (a write before each request: {Ms(demo.DashboardAfterWrite?.Median)}) | {Verdict(dd.Median <= 10)} |");
        else t.AppendLine($"| dashboard page p50 at demonstration size | ≤ 10 ms | {NotRun} | - |");

        if (national is null) t.AppendLine($"| monthly pack workbook at 100,000 | ≤ 5 s, peak memory ≤ 400 MB | {NotRun} | - |");
        else if (national.Export is { } e)
            t.AppendLine($"| monthly pack workbook at 100,000 | ≤ 5 s, peak memory ≤ 400 MB | {e.Median / 1000:0.00} s, peak {national.PeakAfterExportMb:N0} MB | {Verdict(e.Median <= 5000 && national.PeakAfterExportMb <= 400)} |");
        else t.AppendLine($"| monthly pack workbook at 100,000 | ≤ 5 s, peak memory ≤ 400 MB | {national.ExportNote} | not available |");

        var imports = run.Sizes.Where(s => s.ImportSeconds is not null).ToList();
        if (imports.Count > 0)
        {
            var worst = imports.Max(s => s.ImportSeconds!.Value);
            t.AppendLine($"| import of 10,000 rows | ≤ 5 s | {string.Join("; ", imports.Select(s => $"{s.ImportSeconds:0.00} s into {s.Label}" + (s.SecondImportSeconds is { } w ? $" (a second: {w:0.00} s)" : "")))} | {Verdict(worst <= 5)} |");
        }
        else t.AppendLine($"| import of 10,000 rows | ≤ 5 s | {NotRun} | - |");

        var starts = run.Sizes.Where(s => s.ColdStart is not null).ToList();
        if (starts.Count > 0)
        {
            var worst = starts.Max(s => s.ColdStart!.Median);
            t.AppendLine($"| cold start | ≤ 2 s | medians {string.Join("; ", starts.Select(s => $"{s.ColdStart!.Median / 1000:0.00} s at {s.Label}"))} | {Verdict(worst <= 2000)} |");
        }
        else t.AppendLine($"| cold start | ≤ 2 s | {NotRun} | - |");

        if (run.Wrk is { Dashboard: { } wd, Healthz: { } wh })
        {
            var share = wh.RequestsPerSecond > 0 ? wd.RequestsPerSecond / wh.RequestsPerSecond : 0;
            t.AppendLine($"| wrk dashboard at demonstration size | ≥ 1,000 req/s, 0 errors, ≥ 25% of `/healthz` | {wd.RequestsPerSecond:N0} req/s, {wd.Errors} errors, {share:P0} of `/healthz` ({wh.RequestsPerSecond:N0} req/s, {wh.Errors} errors) | {Verdict(wd.RequestsPerSecond >= 1000 && wd.Errors == 0 && share >= 0.25)} |");
        }
        else t.AppendLine($"| wrk dashboard at demonstration size | ≥ 1,000 req/s, 0 errors, ≥ 25% of `/healthz` | {NotRun} | - |");
        return t.ToString();
    }

    static string SizesTable(RunResult run)
    {
        var t = new StringBuilder();
        t.AppendLine("| figure | " + string.Join(" | ", run.Sizes.Select(s => s.Label)) + " |");
        t.AppendLine("|---|" + string.Concat(run.Sizes.Select(_ => "---|")));
        foreach (var row in Rows)
            t.AppendLine($"| {row.Label} | " + string.Join(" | ", run.Sizes.Select(row.Show)) + " |");
        return t.ToString();
    }

    static string WrkTable(RunResult run)
    {
        if (run.Wrk is not { } w) return "Not measured in this run (it runs at the demonstration size, with wrk installed).\n";
        var t = new StringBuilder();
        t.AppendLine($"{w.Seconds} s each after a warm-up, 64 connections, 2 threads, at the {w.Label} size; the dashboard with a signed-in cookie. Load average afterwards: {w.LoadAverage}.");
        t.AppendLine();
        t.AppendLine("| path | req/s | requests | latency p50 | latency p99 | non-2xx/3xx | socket errors | server CPU per request |");
        t.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var target in new[] { w.Dashboard, w.Healthz }.OfType<WrkTarget>())
            t.AppendLine($"| `{target.Path}` | {target.RequestsPerSecond:N0} | {target.Requests:N0} | {target.LatencyP50} | {target.LatencyP99} | {target.Non2xx3xx} | {target.SocketErrors} | {(target.ServerCpuMsPerRequest is { } c ? $"{c:0.000} ms" : "-")} |");
        if (w is { Dashboard: { } d, Healthz: { RequestsPerSecond: > 0 } h })
        {
            t.AppendLine($"\nThe dashboard runs at {d.RequestsPerSecond / h.RequestsPerSecond:P0} of `/healthz`'s rate in the same run.");
            if (d.ServerCpuMsPerRequest is > 0 && h.ServerCpuMsPerRequest is > 0)
                t.AppendLine($"By the server's CPU per request it costs {d.ServerCpuMsPerRequest / h.ServerCpuMsPerRequest:0.0} × a `/healthz` request (the rest of the difference is wrk and the kernel moving the page, many times larger than `/healthz`'s answer, on the same two cores, and the machine's other load).");
        }
        return t.ToString();
    }

    static string HistoryTable(RunResult before, RunResult after)
    {
        var t = new StringBuilder();
        t.AppendLine("| size | figure | before | latest | speed-up |");
        t.AppendLine("|---|---|---|---|---|");
        foreach (var a in after.Sizes)
        {
            var b = before.Sizes.FirstOrDefault(s => s.Size == a.Size);
            if (b is null) continue;
            foreach (var row in Rows.Skip(3).Where(r => r.Label != "load average when the size began"))
            {
                var (bv, av) = (row.Value(b), row.Value(a));
                var speedUp = bv is { } x && av is { } y && x > 0 && y > 0 ? (row.LowerIsBetter ? x / y : y / x) : (double?)null;
                t.AppendLine($"| {a.Label} | {row.Label} | {row.Show(b)} | {row.Show(a)} | {(speedUp is { } s ? $"{s:0.0} ×" : "-")} |");
            }
        }
        if (before.Wrk is { Dashboard: { } bd, Healthz: { } bh } && after.Wrk is { Dashboard: { } ad, Healthz: { } ah })
        {
            t.AppendLine($"| {after.Wrk.Label} | 7. wrk `/` req/s (errors) | {bd.RequestsPerSecond:N0} ({bd.Errors}) | {ad.RequestsPerSecond:N0} ({ad.Errors}) | {(bd.RequestsPerSecond > 0 ? ad.RequestsPerSecond / bd.RequestsPerSecond : 0):0.0} × |");
            t.AppendLine($"| {after.Wrk.Label} | 7. wrk `/healthz` req/s (errors) | {bh.RequestsPerSecond:N0} ({bh.Errors}) | {ah.RequestsPerSecond:N0} ({ah.Errors}) | {(bh.RequestsPerSecond > 0 ? ah.RequestsPerSecond / bh.RequestsPerSecond : 0):0.0} × |");
            t.AppendLine($"| {after.Wrk.Label} | 7. wrk `/` as a share of `/healthz` | {Share(bd, bh)} | {Share(ad, ah)} | - |");
        }
        return t.ToString();
    }

    static string Share(WrkTarget d, WrkTarget h) => h.RequestsPerSecond > 0 ? (d.RequestsPerSecond / h.RequestsPerSecond).ToString("P0", CultureInfo.InvariantCulture) : "-";

    static string Verdict(bool met) => met ? "**met**" : "**short**";

    static string Ms(double? ms) => ms switch
    {
        null => "-",
        >= 10_000 => $"{ms / 1000:0.0} s",
        >= 100 => $"{ms:0} ms",
        >= 10 => $"{ms:0.0} ms",
        _ => $"{ms:0.00} ms",
    };

    static string Spread(Stat? s) => s is null ? "" : $" ({Ms(s.Min)}–{Ms(s.Max)}, n = {s.N}{Cpu(s)})";

    static string N(Stat? s) => s is null ? "" : $" (n = {s.N}{Cpu(s)})";

    static string Cpu(Stat s) => s.ServerCpuMs is { } cpu ? $"; CPU {Ms(cpu)}" : "";

    const string HowMeasured = """
        ## How each figure is measured

        Sizes: **120** is the demonstration programme (`DemoProgramme.Load`: 5 trusts, 35 value streams, 120 workshops,
        285 measures); **10,000** and **100,000** are `BulkGenerator.Generate` with seed 1 and one trust per 500 workshops
        (20 and 200 trusts, 1–4 measures per workshop, 2014–2024). Each size is generated once into a cache folder
        (`$TMPDIR/kaizen-bench/cache`, keyed by size, seed and a hash of the generators and migrations), copied for the
        run, migrated, and given one administrator (`bench@kaizen.example`) written straight into `users`. "Today" is the
        real date in London, as the app sees it.

        1. **Roll-up**: `ReportQueries.LoadAsync` for the whole programme followed by `ReportSet.RollUp(ReportOut)`, in the
           benchmark's process on a connection from `Database.Open()`, 2 warm-up runs then 15 timed (11 at 100,000; 7
           with `--quick`); the median.
        2. **Floor**: the same rows (the measures of the workshops a report counts) and the columns a report-out roll-up
           reads (workshop, kind, baseline, result and their denominators) through a bare `SqliteDataReader`: no mapping,
           no ordering, no objects. Same file, same run, same number of repetitions. The ratio is roll-up ÷ floor.
           **2b** runs the same query and reads the same values through SQLitePCL's raw calls, beneath the driver's
           per-value checks: it is what SQLite itself costs to hand these rows to .NET, for reference (the app reads
           through the driver).
        3. **Pages**: a real Kestrel process (`dotnet src/Kaizen.Web/bin/Release/net10.0/Kaizen.Web.dll --urls
           http://127.0.0.1:<port>`, `Kaizen__DatabasePath` at the copy, Production environment), signed in through the
           sign-in form; 5 warm-up requests, then 50 sequential requests (20 with `--quick`; fewer if they take over 60 s)
           over one keep-alive connection, timed until the last byte; p50 and p95. "A write before each request" commits
           `UPDATE trusts SET version = version + 1` (the first trust's edit counter, shown nowhere) from the benchmark's
           process before each of 10 requests, so a server that caches figures has to compute them again (the honest
           worst case: every request after a change). The monthly pack page is
           `/Board/Pack?month=<this month>`; a 404 is reported as "not available in this build".
        4. **Pack workbook**: `/Board/Pack?handler=Excel&month=<this month>`, else the dashboard's `?handler=Excel`, else
           "not available in this build" (a response counts only if it is 200 with a spreadsheet content type). Requested
           first in a freshly started server after sign-in, then twice more; the median (and the first). Peak memory is
           the server's VmHWM from `/proc/<pid>/status` before and after the workbooks.
        5. **Import**: a 10,000-row workbook (about 2,900 workshops of 3 or 4 measures of all three kinds, the shape of
           `ImportLargeWorkbookTests`) for the first trust's value streams, uploaded through `/Import/Upload` and
           confirmed through `/Import/Confirm` as the administrator; the time from sending the upload to the confirm's
           redirect. It runs last at each size, as it adds the workshops to the copy. The goal is judged on the first
           import in the server process (the worst case: it pays for loading and compiling the workbook reader); a
           second workbook of 10,000 rows with other references follows in the same process. The server's own log
           splits the time into the check on upload and the second check and write on confirm.
        6. **Cold start**: from starting the `dotnet` process to the first 200 from `/healthz` (polled every 5 ms), on
           the already migrated copy; 5 starts (3 with `--quick`), the median.
        7. **Throughput**: `wrk -t2 -c64 -d30s --latency` (5 s with `--quick`) against the server started for the
           demonstration size, after 5 s (2 s) of the same load on each path as a warm-up: first `/` with the
           signed-in client's cookies (the sign-in and antiforgery cookies, as a browser sends them), then `/healthz`,
           one after the other in the same run. Errors are wrk's non-2xx/3xx responses plus its socket errors. wrk shares the 2 cores with the server.

        "CPU" beside a time is the CPU time per repetition: the server process's (user + system from `/proc/<pid>/stat`,
        10 ms ticks, divided by the number of requests) for the HTTP figures and the cold start, the benchmark process's
        for the in-process figures. On a machine shared with other builds the wall time includes waiting for a core;
        the CPU time does not, so it says how much work was done.

        """;
}
