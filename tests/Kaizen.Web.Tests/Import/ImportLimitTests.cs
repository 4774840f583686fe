using System.Diagnostics;
using Kaizen.Web.Import;
using Xunit.Abstractions;
using static Kaizen.Web.Tests.Import.HostileWorkbooks;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// Hostile workbooks within the 10 MB upload limit (issue 13) are refused at once with a message naming the limit,
// write nothing, and leave no upload behind.
//
// Memory is measured as the bytes the reader allocates on the test thread (GC.GetAllocatedBytesForCurrentThread around
// the synchronous ImportReader.Read): everything the reader holds it allocated, so what it allocates bounds from above
// what it can add to the server's peak, whatever the garbage collector does, and the figure is exact and the same on
// every run. A child server's peak resident memory (VmHWM) would also count the runtime, the JIT and the collector's
// timing, and vary with the load of the machine. Times are printed, not asserted.
//
// No database is opened here (ImportReader alone, before anything is written), so the class is the same on either
// engine and runs once; ImportHostileUploadTests uploads the same files through the page on both engines.
public class ImportLimitTests(ITestOutputHelper output)
{
    // The issue's goal: any file within the upload limit costs the server at most 150 MB above its idle peak.
    private const long MemoryBound = 150L << 20;

    private static readonly DateOnly Today = new(2026, 1, 5);

    private (ParsedImport Parsed, long Allocated, TimeSpan Elapsed) Read(byte[] bytes, string what)
    {
        var reader = new ImportReader(Today);
        var stream = new MemoryStream(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var parsed = reader.Read(stream);
        var elapsed = clock.Elapsed;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{what}: file {bytes.Length / 1024.0:N0} KB; read in {elapsed.TotalMilliseconds:N0} ms, allocating {allocated / (1024.0 * 1024):N1} MB; " +
                         $"{parsed.FileProblem ?? $"{parsed.Problems.Count:N0} problems"}");
        return (parsed, allocated, elapsed);
    }

    public static TheoryData<string, string> HostileFiles() => new()
    {
        { nameof(WhitespaceBomb), "compressed more than 100 to 1" },
        { nameof(HugeCell), "The cell A2 of the sheet \"Workshops\" holds more than 32,767 characters, the most Excel allows in a cell" },
        { nameof(HugeSharedStrings), "compressed more than 100 to 1" },
        { nameof(TwoMillionRows), "The workbook has more than 20,000 rows; Kaizen imports at most 20,000 rows" },
        { nameof(AllColumns), "has a value in column CW (cell CW2); Kaizen reads at most 100 columns" },
    };

    internal static byte[] File(string name) => name switch
    {
        nameof(WhitespaceBomb) => WhitespaceBomb.Value,
        nameof(HugeCell) => HugeCell.Value,
        nameof(HugeSharedStrings) => HugeSharedStrings.Value,
        nameof(TwoMillionRows) => TwoMillionRows.Value,
        nameof(AllColumns) => AllColumns.Value,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void A_hostile_workbook_is_refused_naming_its_limit_within_the_memory_bound(string file, string message)
    {
        var bytes = File(file);
        Assert.True(bytes.Length < ImportColumns.MaxFileBytes, $"{file} is {bytes.Length:N0} bytes");

        var (parsed, allocated, _) = Read(bytes, file);

        Assert.NotNull(parsed.FileProblem);
        Assert.Contains(message, parsed.FileProblem);
        Assert.Empty(parsed.Workshops);
        Assert.True(allocated < MemoryBound, $"{file}: the reader allocated {allocated:N0} bytes");
    }

    // Past the ratio check (the text is as varied as prose) and the row limit (no rows), 40 MB of text between the
    // sheet's elements is refused by the unpacked total.
    [Fact]
    public void A_workbook_past_32_MB_unpacked_is_refused_as_it_is_inflated()
    {
        var random = new Random(13);
        var vocabulary = Enumerable.Range(0, 300).Select(_ => Words(random, 8).Trim()).ToArray();
        var bytes = Build(s =>
        {
            for (int i = 0; i < 640; i++)
                Write(s, string.Join(' ', Enumerable.Range(0, 8_000).Select(_ => vocabulary[random.Next(vocabulary.Length)])));
        });

        var (parsed, allocated, _) = Read(bytes, "40 MB of text in the sheet");

        Assert.True(bytes.Length < ImportColumns.MaxFileBytes, $"{bytes.Length:N0} bytes");
        Assert.Contains("too large once unpacked", parsed.FileProblem);
        Assert.Contains("more than 32 MB", parsed.FileProblem);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Twenty_thousand_rows_are_checked_and_their_problems_counted_beyond_the_first_thousand_kept()
    {
        // Each row has a Reference only (a number), so each has the six required cells missing.
        var bytes = Build(s => Repeat(s, "<row><c><v>1</v></c></row>", ImportReader.MaxRows));

        var (parsed, allocated, _) = Read(bytes, "20,000 rows, each with problems");

        Assert.Null(parsed.FileProblem);
        Assert.True(parsed.Problems.Count >= 6 * ImportReader.MaxRows, $"{parsed.Problems.Count} problems");
        Assert.Equal(ImportProblemList.Kept, parsed.Problems.Shown.Count);
        Assert.Equal(parsed.Problems.Count - ImportProblemList.Kept, parsed.Problems.Hidden);
        // The first thousand in row order: rows 2 to 167 or so, never a later one.
        Assert.Equal(2, parsed.Problems.Shown[0].Row);
        Assert.True(parsed.Problems.Shown.Zip(parsed.Problems.Shown.Skip(1)).All(p => p.First.Row <= p.Second.Row));
        Assert.True(parsed.Problems.Shown[^1].Row < 200);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void More_shared_strings_than_the_limit_are_refused_at_the_first_one_past_it()
    {
        var bytes = Build(s => Write(s, "<row><c t=\"s\"><v>0</v></c></row>"),
            s => { for (int i = 0; i <= 200_000; i++) Write(s, $"<si><t>{i * 7919 % 1_000_003:x}</t></si>"); });

        var (parsed, allocated, _) = Read(bytes, "200,001 shared strings");

        Assert.Contains("more than 200,000 different texts", parsed.FileProblem);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Shared_strings_of_more_than_16_million_characters_are_refused()
    {
        var random = new Random(5);
        var vocabulary = Enumerable.Range(0, 2_000).Select(_ => Words(random, 8).Trim()).ToArray();
        var bytes = Build(s => Write(s, "<row><c t=\"s\"><v>0</v></c></row>"), s =>
        {
            for (int i = 0; i < 1_700; i++)
                Write(s, "<si><t>" + string.Join(' ', Enumerable.Range(0, 1_200).Select(_ => vocabulary[random.Next(vocabulary.Length)]))[..10_000] + "</t></si>");
        });

        var (parsed, allocated, _) = Read(bytes, "17 million characters of shared strings");

        Assert.Contains("come to more than 16,000,000 characters", parsed.FileProblem);
        Assert.True(allocated < MemoryBound, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_workbook_of_more_than_a_thousand_parts_is_refused_before_it_is_opened()
    {
        var bytes = Build(s => { }, emptyEntries: 60_000);

        var (parsed, allocated, _) = Read(bytes, "60,000 empty zip entries");

        Assert.Contains("it has 60,005 parts", parsed.FileProblem);
        Assert.True(allocated < 20L << 20, $"allocated {allocated:N0} bytes");
    }
}
