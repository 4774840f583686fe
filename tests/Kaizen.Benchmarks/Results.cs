namespace Kaizen.Benchmarks;

// What one run of the benchmark command measured. Serialised to docs/benchmarks/*.json so that a later run can be
// compared with an earlier one figure by figure.
public sealed class RunResult
{
    public string Date { get; set; } = "";
    public string Commit { get; set; } = "";
    public string Mode { get; set; } = "";
    public MachineInfo Machine { get; set; } = new();
    public string LoadAtStart { get; set; } = "";
    public string LoadAtEnd { get; set; } = "";
    public double TotalSeconds { get; set; }
    public List<SizeResult> Sizes { get; set; } = [];
    public WrkResult? Wrk { get; set; }
}

public sealed class MachineInfo
{
    public int Cores { get; set; }
    public string Cpu { get; set; } = "";
    public double MemoryGb { get; set; }
    public string Os { get; set; } = "";
    public string Runtime { get; set; } = "";
}

// Medians and spread of repeated timings, in milliseconds.
public sealed class Stat
{
    public int N { get; set; }
    public double Median { get; set; }
    public double P95 { get; set; }
    public double Min { get; set; }
    public double Max { get; set; }
    // CPU time per repetition (the server's for HTTP figures, the benchmark process's in process), when measured:
    // on a shared machine it says how much work was done, whatever the wait for a core.
    public double? ServerCpuMs { get; set; }

    public static Stat? Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return null;
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Stat { N = sorted.Length, Median = median, P95 = Rank(0.95), Min = sorted[0], Max = sorted[^1] };
    }
}

public sealed class SizeResult
{
    public string Label { get; set; } = "";
    public int Size { get; set; }
    public bool IsDemo { get; set; }
    public int Trusts { get; set; }
    public long Workshops { get; set; }
    public long HeldWorkshops { get; set; }
    public long Measures { get; set; }
    public double DatabaseMb { get; set; }
    public double GenerateSeconds { get; set; }
    public bool FromCache { get; set; }
    public string LoadAverage { get; set; } = "";

    public Stat? RollUp { get; set; }
    // The maintained figures (issue 17), each read right after a figure-changing write; see InProcess.MaintainedAsync.
    public Stat? MaintainedProgramme { get; set; }
    public Stat? MaintainedWorst { get; set; }
    public string? MaintainedWorstLabel { get; set; }
    public Stat? MaintainedRange { get; set; }
    public Stat? MaintainedWrite { get; set; }
    public bool? MaintainedSame { get; set; }
    public Stat? Floor { get; set; }
    public Stat? RawFloor { get; set; }
    public double? Ratio => RollUp is { } r && Floor is { Median: > 0 } f ? r.Median / f.Median : null;

    public Stat? ColdStart { get; set; }
    public Stat? Dashboard { get; set; }
    public Stat? DashboardAfterWrite { get; set; }
    public Stat? Pack { get; set; }
    public string? PackNote { get; set; }
    public Stat? Export { get; set; }
    public string? ExportUrl { get; set; }
    public string? ExportNote { get; set; }
    public double? ExportBytes { get; set; }
    public double? PeakBeforeExportMb { get; set; }
    public double? PeakAfterExportMb { get; set; }
    public double? PeakAfterPagesMb { get; set; }
    public double? ImportSeconds { get; set; }
    public double? ImportServerCpuSeconds { get; set; }
    public string? ImportBreakdown { get; set; }
    public double? SecondImportSeconds { get; set; }
    public string? ImportNote { get; set; }
}

public sealed class WrkResult
{
    public string Label { get; set; } = "";
    public int Seconds { get; set; }
    public int Connections { get; set; }
    public WrkTarget? Dashboard { get; set; }
    public WrkTarget? Healthz { get; set; }
    public string LoadAverage { get; set; } = "";
}

public sealed class WrkTarget
{
    public string Path { get; set; } = "";
    public double RequestsPerSecond { get; set; }
    public long Requests { get; set; }
    public string LatencyP50 { get; set; } = "";
    public string LatencyP99 { get; set; } = "";
    public long Non2xx3xx { get; set; }
    public long SocketErrors { get; set; }
    public double? ServerCpuMsPerRequest { get; set; }
    public long Errors => Non2xx3xx + SocketErrors;
}
