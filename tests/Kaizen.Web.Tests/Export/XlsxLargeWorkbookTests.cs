using System.Diagnostics;
using Kaizen.Web.Export;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Export;

public class XlsxLargeWorkbookTests(ITestOutputHelper output)
{
    private const int Rows = 10_000, Columns = 15;

    private static object? Value(int row, int column) => (column % 5) switch
    {
        0 => $"Workshop {row}-{column}",
        1 => row * 1.25 + column,
        2 => new DateOnly(2020, 1, 1).AddDays((row + column) % 2000),
        3 => row % 7 == 0 ? null : (row + column) % 3 == 0,
        _ => (row * 31 + column) % 1000 / 1000.0,
    };

    [Fact]
    public void Ten_thousand_rows_of_fifteen_columns_write_and_read_back_exactly()
    {
        var columns = Enumerable.Range(1, Columns).Select(c => new XlsxColumn($"Column {c}", ((c - 1) % 5) switch
        {
            1 => XlsxFormat.Number2, 2 => XlsxFormat.Date, 4 => XlsxFormat.Percent, _ => XlsxFormat.General,
        })).ToArray();

        var stream = new MemoryStream();
        var clock = Stopwatch.StartNew();
        using (var wb = new XlsxWorkbook(stream))
        {
            var sheet = wb.AddSheet("Data", columns);
            for (int r = 1; r <= Rows; r++)
                sheet.WriteRow(Enumerable.Range(0, Columns).Select(c => Value(r, c)));
        }
        var writeTime = clock.Elapsed;

        stream.Position = 0;
        clock.Restart();
        int count = 0;
        using (var reader = XlsxReader.Open(stream))
        {
            foreach (var row in reader.ReadRows("Data").Skip(1))
            {
                int r = row.Number - 1;
                for (int c = 0; c < Columns; c++)
                    Assert.Equal(Value(r, c), row[c + 1]);
                count++;
            }
        }
        var readTime = clock.Elapsed;

        Assert.Equal(Rows, count);
        output.WriteLine($"{Rows:N0} rows x {Columns} columns: wrote {stream.Length / 1024.0:N0} KB in {writeTime.TotalMilliseconds:N0} ms, read and checked in {readTime.TotalMilliseconds:N0} ms");
    }
}
