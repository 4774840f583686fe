using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Kaizen.Benchmarks;
using Kaizen.Web.Data;

// The benchmark command's harness: ./scripts/bench [--quick] [--sizes 120,10000,100000]. See docs/benchmarks.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var options = Options.Parse(args);
if (options.RenderOnly)
{
    // Writes docs/benchmarks.md again from docs/benchmarks/latest.json (after editing the notes, say); measures nothing.
    var latest = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(options.JsonOut))!;
    RunResult? baseline = File.Exists(options.BeforeJson) ? JsonSerializer.Deserialize<RunResult>(File.ReadAllText(options.BeforeJson)) : null;
    File.WriteAllText(options.MarkdownOut, Report.Markdown(latest, baseline, options, File.Exists(options.MarkdownOut) ? File.ReadAllText(options.MarkdownOut) : null));
    Console.WriteLine(Report.Summary(latest, baseline));
    return;
}
var total = Stopwatch.StartNew();
var clock = new Clock(TimeProvider.System);
var today = clock.Today;
var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
var dirty = Machine.Git(options.Root, "status --porcelain --untracked-files=no") is { Length: > 0 };
var run = new RunResult
{
    Date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
    Commit = Machine.Git(options.Root, "rev-parse --short HEAD") + (dirty ? " (with uncommitted changes)" : ""),
    Mode = options.Quick ? "quick" : "full",
    Machine = Machine.Describe(),
    LoadAtStart = Machine.LoadAverage(),
};
Console.WriteLine($"Kaizen benchmarks ({run.Mode}) at {run.Commit} on {run.Machine.Cores} cores, {run.Machine.Cpu}; load average {run.LoadAtStart}");

var sets = new DataSets(options.Root, options.CacheFolder, options.WorkFolder, options.Seed);
var wrk = Wrk.Find();

foreach (var size in options.Sizes)
{
    var result = new SizeResult { Size = size, IsDemo = size == DataSets.DemoSize };
    result.Label = result.IsDemo ? "demonstration (120)" : size.ToString("N0", CultureInfo.InvariantCulture);
    result.Trusts = result.IsDemo ? 5 : DataSets.TrustsFor(size);
    run.Sizes.Add(result);
    Console.WriteLine($"\n== {result.Label} workshops ==");

    var prepared = sets.Prepare(size, today, clock.NowText);
    result.FromCache = prepared.FromCache;
    result.GenerateSeconds = prepared.GenerateSeconds;
    result.DatabaseMb = new FileInfo(prepared.Path).Length / 1048576.0;
    Console.WriteLine(prepared.FromCache ? $"database from the cache: {prepared.Path}" : $"generated in {prepared.GenerateSeconds:0.0} s: {prepared.Path}");
    var database = new Database(prepared.Path);
    (result.Workshops, result.Measures) = InProcess.Counts(database);
    result.LoadAverage = Machine.LoadAverage();

    // 1 and 2: the roll-up in process, and the floor, on the same file in the same run.
    var runs = options.Quick ? 7 : size >= 100_000 ? 11 : 15;
    var rollUp = await InProcess.RollUpAsync(database, today, runs);
    result.RollUp = rollUp.Stat;
    result.HeldWorkshops = rollUp.Held;
    var floor = await InProcess.FloorAsync(database, today, runs);
    result.Floor = floor.Stat;
    result.RawFloor = await InProcess.RawFloorAsync(database, today, runs);
    Console.WriteLine($"roll-up {Ms(result.RollUp)} over {rollUp.Held:N0} held workshops and {rollUp.Measures:N0} measures; floor {Ms(result.Floor)} ({floor.Rows:N0} rows; raw SQLitePCL {Ms(result.RawFloor)}); ratio {result.Ratio:0.00}");
    if (options.Explain) Console.WriteLine("floor plan:\n" + InProcess.Explain(database, InProcess.FloorSql.Replace("$today", "@today"), new { today = today.ToString("yyyy-MM-dd") }));
    var maintained = await InProcess.MaintainedAsync(database, today, runs);
    (result.MaintainedProgramme, result.MaintainedWorst, result.MaintainedWorstLabel, result.MaintainedRange, result.MaintainedWrite, result.MaintainedSame) =
        (maintained.Programme, maintained.Worst, maintained.WorstLabel, maintained.Range, maintained.Write, maintained.Same);
    Console.WriteLine($"maintained figures after a write: programme {Ms(maintained.Programme)}, slowest {maintained.WorstLabel} {Ms(maintained.Worst)}, date range {Ms(maintained.Range)}; the write with its refresh {Ms(maintained.Write)}; same as from the records: {maintained.Same}");
    InProcess.ClearPools();

    // 6: cold start, a few times; the last process is kept for the HTTP measurements.
    var starts = options.Quick ? 3 : 5;
    var coldStarts = new List<double>();
    var coldCpu = new List<double>();
    Server? server = null;
    try
    {
        for (var i = 0; i < starts; i++)
        {
            if (server is not null) await server.DisposeAsync();
            server = await Server.StartAsync(options.WebDll, prepared.Path, options.ServerEnvironment);
            coldStarts.Add(server.StartUp.TotalMilliseconds);
            coldCpu.Add(server.StartUpCpuMs);
        }
        result.ColdStart = Stat.Of(coldStarts);
        result.ColdStart!.ServerCpuMs = Stat.Of(coldCpu)!.Median;
        Console.WriteLine($"cold start to the first 200 from /healthz: {Ms(result.ColdStart)} ({string.Join(", ", coldStarts.Select(t => t.ToString("0")))} ms)");
        await server!.SignInAsync(DataSets.UserEmail, DataSets.UserPassword);

        // 4: the monthly pack workbook, first, in this fresh process (VmHWM is the process's peak since it started).
        result.PeakBeforeExportMb = server.PeakMb();
        string? exportUrl = null;
        foreach (var candidate in new[] { $"/Board/Pack?handler=Excel&month={month}", "/Dashboard?handler=Excel", "/?handler=Excel" })
        {
            var probe = await server.GetAsync(candidate);
            if (probe.Status == HttpStatusCode.OK && probe.ContentType?.Contains("spreadsheetml", StringComparison.Ordinal) == true)
            {
                exportUrl = candidate;
                result.ExportBytes = probe.Bytes;
                var times = new List<double> { probe.Milliseconds };
                for (var i = 0; i < (options.Quick ? 1 : 2); i++) times.Add((await server.GetAsync(candidate)).Milliseconds);
                result.Export = Stat.Of(times);
                break;
            }
        }
        result.ExportUrl = exportUrl;
        result.PeakAfterExportMb = server.PeakMb();
        if (exportUrl is null) result.ExportNote = "not available in this build";
        Console.WriteLine(exportUrl is null ? "monthly pack workbook: not available in this build"
            : $"workbook {exportUrl}: {Ms(result.Export)}, {result.ExportBytes / 1024:N0} KB; server peak {result.PeakBeforeExportMb:0} MB before, {result.PeakAfterExportMb:0} MB after");

        // 3: the dashboard and the monthly pack page.
        var count = options.Quick ? 20 : 50;
        var budget = TimeSpan.FromSeconds(options.Quick ? 20 : 60);
        result.Dashboard = await server.TimeAsync("/", warmUp: 5, count, budget);
        Console.WriteLine($"GET / {Ms(result.Dashboard)}, p95 {result.Dashboard.P95:0.0} ms (n = {result.Dashboard.N})");
        result.DashboardAfterWrite = await server.TimeAsync("/", warmUp: 0, options.Quick ? 5 : 10, budget, beforeEach: () => InProcess.Touch(database));
        Console.WriteLine($"GET / after a write each time {Ms(result.DashboardAfterWrite)}, p95 {result.DashboardAfterWrite.P95:0.0} ms (n = {result.DashboardAfterWrite.N})");
        var pack = $"/Board/Pack?month={month}";
        var packProbe = await server.GetAsync(pack);
        if (packProbe.Status == HttpStatusCode.OK)
        {
            result.Pack = await server.TimeAsync(pack, warmUp: 3, count, budget);
            Console.WriteLine($"GET {pack} {Ms(result.Pack)}, p95 {result.Pack.P95:0.0} ms (n = {result.Pack.N})");
        }
        else
        {
            result.PackNote = packProbe.Status == HttpStatusCode.NotFound ? "not available in this build" : $"answered {(int)packProbe.Status}";
            Console.WriteLine($"GET {pack}: {result.PackNote}");
        }
        result.PeakAfterPagesMb = server.PeakMb();

        // 7: throughput, at the demonstration size, dashboard beside /healthz in the same run.
        if (result.IsDemo)
        {
            var seconds = options.Quick ? 5 : 30;
            if (wrk is null)
                Console.WriteLine("wrk is not installed: throughput not measured");
            else
            {
                var w = new WrkResult { Label = result.Label, Seconds = seconds, Connections = 64 };
                // Warm-up, not counted: a few seconds of the same load on each path first, so that neither measured run
                // includes the runtime re-compiling its hot code (the dashboard would otherwise always pay for it).
                var warmUp = options.Quick ? 2 : 5;
                await Wrk.RunAsync(wrk, server.BaseUrl, "/", warmUp, 64, server.CookieHeader);
                await Wrk.RunAsync(wrk, server.BaseUrl, "/healthz", warmUp, 64, null);
                w.Dashboard = await Wrk.RunAsync(wrk, server.BaseUrl, "/", seconds, 64, server.CookieHeader, server);
                w.Healthz = await Wrk.RunAsync(wrk, server.BaseUrl, "/healthz", seconds, 64, null, server);
                w.LoadAverage = Machine.LoadAverage();
                run.Wrk = w;
                Console.WriteLine($"wrk / {w.Dashboard.RequestsPerSecond:N0} req/s ({w.Dashboard.Errors} errors, server CPU {w.Dashboard.ServerCpuMsPerRequest:0.000} ms per request), " +
                                  $"/healthz {w.Healthz.RequestsPerSecond:N0} req/s ({w.Healthz.Errors} errors, server CPU {w.Healthz.ServerCpuMsPerRequest:0.000} ms per request)");
            }
        }

        // 5: the 10,000-row import, last: it adds about 2,900 workshops to this copy. The first import in a process
        // pays for loading and compiling the workbook reader; a second workbook (other references) shows the rest.
        var (bytes, workshops) = ImportRun.Build(database);
        var imported = await ImportRun.RunAsync(server, bytes, workshops);
        result.ImportSeconds = imported.Seconds;
        result.ImportServerCpuSeconds = imported.CpuSeconds;
        result.ImportBreakdown = imported.Breakdown;
        Console.WriteLine($"import of {ImportRun.Rows:N0} rows ({workshops:N0} workshops, {bytes.Length / 1024:N0} KB): {imported.Seconds:0.00} s; {imported.Status} {imported.Breakdown}");
        var (again, againWorkshops) = ImportRun.Build(database, "BENCH2");
        var second = await ImportRun.RunAsync(server, again, againWorkshops);
        result.SecondImportSeconds = second.Seconds;
        Console.WriteLine($"a second workbook of {ImportRun.Rows:N0} rows in the same process: {second.Seconds:0.00} s; {second.Breakdown}");
    }
    finally
    {
        if (server is not null) await server.DisposeAsync();
        InProcess.ClearPools();
    }
    if (!options.KeepDatabases) DataSets.DeleteDatabase(prepared.Path);
}

if (!options.KeepDatabases && Directory.Exists(options.WorkFolder)) Directory.Delete(options.WorkFolder, recursive: true);
run.LoadAtEnd = Machine.LoadAverage();
run.TotalSeconds = total.Elapsed.TotalSeconds;

var json = JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true });
Directory.CreateDirectory(Path.GetDirectoryName(options.JsonOut)!);
File.WriteAllText(options.JsonOut, json);
if (options.SaveAs is { } saveAs) File.WriteAllText(saveAs, json);

RunResult? before = File.Exists(options.BeforeJson) ? JsonSerializer.Deserialize<RunResult>(File.ReadAllText(options.BeforeJson)) : null;
var markdown = Report.Markdown(run, before, options, File.Exists(options.MarkdownOut) ? File.ReadAllText(options.MarkdownOut) : null);
File.WriteAllText(options.MarkdownOut, markdown);
Console.WriteLine();
Console.WriteLine(Report.Summary(run, before));
Console.WriteLine($"Wrote {Path.GetRelativePath(options.Root, options.MarkdownOut)} in {run.TotalSeconds:0} s; load average {run.LoadAtEnd}");

static string Ms(Stat? s) => s is null ? "-" : $"median {s.Median:0.0} ms" + (s.ServerCpuMs is { } cpu ? $" (CPU {cpu:0.0} ms)" : "");

sealed class Options
{
    public string Root { get; private set; } = Directory.GetCurrentDirectory();
    public string WebDll { get; private set; } = "";
    public bool Quick { get; private set; }
    public bool Explain { get; private set; }
    public bool RenderOnly { get; private set; }
    public Dictionary<string, string> ServerEnvironment { get; } = new();
    public bool KeepDatabases { get; private set; }
    public int Seed { get; private set; } = 1;
    public List<int> Sizes { get; private set; } = [DataSets.DemoSize, 10_000, 100_000];
    public string CacheFolder { get; private set; } = Path.Combine(Path.GetTempPath(), "kaizen-bench", "cache");
    public string WorkFolder { get; private set; } = Path.Combine(Path.GetTempPath(), "kaizen-bench", "work-" + Environment.ProcessId);
    public string MarkdownOut => Path.Combine(Root, "docs", "benchmarks.md");
    public string JsonOut => Path.Combine(Root, "docs", "benchmarks", "latest.json");
    public string BeforeJson => Path.Combine(Root, "docs", "benchmarks", "before.json");
    public string? SaveAs { get; private set; }
    public string CommandLine { get; private set; } = "";

    public static Options Parse(string[] args)
    {
        var o = new Options();
        var shown = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--root": o.Root = Path.GetFullPath(Next()); break;
                case "--web": o.WebDll = Path.GetFullPath(Next()); break;
                case "--quick": o.Quick = true; shown.Add("--quick"); break;
                case "--explain": o.Explain = true; break;
                case "--render-only": o.RenderOnly = true; break;
                case "--server-env":
                    // For experiments: an environment variable for the server processes, e.g. DOTNET_TieredPGO=0.
                    var pair = Next().Split('=', 2);
                    o.ServerEnvironment[pair[0]] = pair.Length > 1 ? pair[1] : "";
                    shown.Add($"--server-env {pair[0]}={(pair.Length > 1 ? pair[1] : "")}");
                    break;
                case "--keep": o.KeepDatabases = true; break;
                case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); shown.Add($"--seed {o.Seed}"); break;
                case "--cache": o.CacheFolder = Path.GetFullPath(Next()); break;
                case "--save-as": o.SaveAs = Path.GetFullPath(Next()); break;
                case "--sizes":
                    var text = Next();
                    o.Sizes = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => s.Equals("demo", StringComparison.OrdinalIgnoreCase) ? DataSets.DemoSize : int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture))
                        .ToList();
                    shown.Add("--sizes " + text);
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Usage: ./scripts/bench [--quick] [--sizes 120,10000,100000] [--seed N]");
            }
        }
        if (o.WebDll == "") o.WebDll = Path.Combine(o.Root, "src", "Kaizen.Web", "bin", "Release", "net10.0", "Kaizen.Web.dll");
        if (!File.Exists(o.WebDll)) throw new FileNotFoundException("Build src/Kaizen.Web in Release first (./scripts/bench does).", o.WebDll);
        o.CommandLine = string.Join(" ", new[] { "./scripts/bench" }.Concat(shown));
        return o;
    }
}
