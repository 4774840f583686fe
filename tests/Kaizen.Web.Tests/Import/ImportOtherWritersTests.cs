using Kaizen.Web.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using Dapper;
using Kaizen.Web.Export;
using Kaizen.Web.Import;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// Workbooks as other tools write them, not as Kaizen's own writer does: ClosedXML (a library people's scripts use) and
// LibreOffice Calc. A cell formatted as a percentage holds the fraction (5% is 0.05), and must mean the 5% it shows.
public abstract class ImportOtherWritersTests(DatabaseEngine engine) : IAsyncLifetime
{
    private ImportKit kit = null!;

    public async Task InitializeAsync() => kit = await StartAsync(engine);

    public Task DisposeAsync()
    {
        kit.Dispose();
        return Task.CompletedTask;
    }

    // Workshop TRA-2024-01 (process time in hours, as ImportKit.Row) with a second measure, an error rate whose Target
    // cell is 0.05 formatted as a percentage: what Excel stores when 5% is typed.
    private static object?[][] RateRows(object? target) =>
    [
        Row(),
        Row((Col.Measure, "Medication errors"), (Col.Kind, "Error rate"), (Col.Unit, null), (Col.Baseline, 20.0), (Col.BaselineDen, 200.0),
            (Col.Target, target), (Col.Result, 3.0), (Col.ResultDen, 150.0)),
    ];

    private static byte[] ClosedXmlWorkbook(object?[][] rows, Action<IXLWorksheet>? format = null)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(ImportColumns.Sheet);
        var headers = Headers;
        for (int c = 0; c < headers.Length; c++) sheet.Cell(1, c + 1).SetValue(headers[c]);
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                switch (rows[r][c])
                {
                    case null: break;
                    case DateOnly d:
                        cell.SetValue(d.ToDateTime(TimeOnly.MinValue));
                        cell.Style.NumberFormat.Format = "dd/mm/yyyy";   // a custom date format, not a built-in one
                        break;
                    case string s: cell.SetValue(s); break;
                    case int i: cell.SetValue(i); break;
                    case double n: cell.SetValue(n); break;
                    default: throw new NotSupportedException(rows[r][c]!.GetType().Name);
                }
            }
        format?.Invoke(sheet);
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static IXLCell Cell(IXLWorksheet sheet, int row, Col column) => sheet.Cell(row, (int)column + 1);

    private List<(string Name, string Kind, double? Baseline, double? Target)> Stored()
    {
        using var db = kit.App.OpenDb();
        return db.Query<(string, string, double?, double?)>("SELECT name, kind, baseline, target FROM measures ORDER BY position").ToList();
    }

    private static object? ReadBack(byte[] workbook, int row, Col column)
    {
        using var reader = XlsxReader.Open(new MemoryStream(workbook));
        return reader.ReadRows(ImportColumns.Sheet).Single(r => r.Number == row)[(int)column + 1];
    }

    [Fact]
    public async Task A_ClosedXML_workbook_with_percent_date_currency_and_text_number_cells_imports_as_shown()
    {
        var bytes = ClosedXmlWorkbook(RateRows(0.05), sheet =>
        {
            Cell(sheet, 3, Col.Target).Style.NumberFormat.NumberFormatId = 9;               // 0%: shows 5%
            Cell(sheet, 2, Col.Baseline).Style.NumberFormat.Format = "\u00a3#,##0.00";      // currency: shows £2.00, means 2
            var length = Cell(sheet, 2, Col.LengthDays);                                    // a number typed into a text cell
            length.Style.NumberFormat.Format = "@";
            length.SetValue("5");
            length.DataType = XLDataType.Text;
        });
        // The file holds what the test means it to: 0.05, a text "5", a date serial.
        Assert.Equal(0.05, ReadBack(bytes, 3, Col.Target));
        Assert.Equal("5", ReadBack(bytes, 2, Col.LengthDays));
        Assert.Equal(new DateOnly(2024, 3, 4), ReadBack(bytes, 2, Col.StartDate));

        var lead = await kit.Cast.LeadA();
        var preview = await UploadPageAsync(lead, bytes);
        Assert.Empty(Problems(preview));
        Assert.Equal("Referral to triage: 1 hours; Medication errors: 5%", Squash(preview.QuerySelector("#to-create .import-targets")!.TextContent));
        var response = await ConfirmAsync(lead, preview);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);

        using (var db = kit.App.OpenDb())
            Assert.Equal(("2024-03-04", "2024-01-15", 5L),
                db.QuerySingle<(string, string, long)>("SELECT start_date, planning_start, length_days FROM workshops"));
        Assert.Equal([("Referral to triage", "process_time", 120.0, 60.0), ("Medication errors", "error_rate", 20.0, 0.05)],
            Stored().Select(m => (m.Name, m.Kind, m.Baseline!.Value, m.Target!.Value)));
    }

    [Fact]
    public async Task A_percentage_formatted_cell_outside_an_error_rate_target_is_refused()
    {
        var bytes = ClosedXmlWorkbook([Row((Col.Result, 0.5))], sheet =>
            Cell(sheet, 2, Col.Result).Style.NumberFormat.Format = "0.0%");   // a custom percentage format: shows 50.0%

        var page = await UploadPageAsync(await kit.Cast.LeadA(), bytes);

        AssertProblem(Problems(page), 2, "Result (U)", "50% is a percentage", "only an error rate's Target is a percentage", "Enter a plain number here");
        Assert.Single(Problems(page));
        Assert.Equal(new Counts(0, 0, 0), kit.Counts());
    }

    [Fact]
    public async Task A_LibreOffice_workbook_converted_from_a_CSV_with_5_percent_imports_as_5_percent()
    {
        var dir = Directory.CreateTempSubdirectory("kaizen-lo-");
        try
        {
            // A CSV as someone would type it: the target as 5%, dates as 2024-03-04 and a currency baseline, which
            // Calc turns into a percentage-formatted 0.05, dates and a currency-formatted number.
            string Field(object? v) => "\"" + (v switch
            {
                null => "",
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString(),
            })!.Replace("\"", "\"\"") + "\"";
            var rows = RateRows("5%");
            rows[0][(int)Col.Baseline] = "$2.00";
            var csv = new StringBuilder();
            csv.Append(string.Join(",", Headers.Select(Field))).Append('\n');
            foreach (var row in rows) csv.Append(string.Join(",", row.Select(Field))).Append('\n');
            var source = Path.Combine(dir.FullName, "Workshops.csv");   // the sheet takes the file's name
            File.WriteAllText(source, csv.ToString(), new UTF8Encoding(false));

            var bytes = await ConvertWithLibreOfficeAsync(source, dir.FullName);
            Assert.Equal(0.05, ReadBack(bytes, 3, Col.Target));          // Calc stored the fraction, formatted as a percentage
            Assert.Equal(2.0, ReadBack(bytes, 2, Col.Baseline));
            Assert.Equal(new DateOnly(2024, 3, 4), ReadBack(bytes, 2, Col.StartDate));

            var lead = await kit.Cast.LeadA();
            var preview = await UploadPageAsync(lead, bytes);
            Assert.Empty(Problems(preview));
            Assert.Contains("Medication errors: 5%", Squash(preview.QuerySelector("#to-create .import-targets")!.TextContent));
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await ConfirmAsync(lead, preview)).StatusCode);

            Assert.Equal([("Referral to triage", 120.0, 60.0), ("Medication errors", 20.0, 0.05)],
                Stored().Select(m => (m.Name, m.Baseline!.Value, m.Target!.Value)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // soffice --headless --convert-to xlsx, with its profile in the temporary folder (HOME) so runs never share one.
    private static async Task<byte[]> ConvertWithLibreOfficeAsync(string source, string outDir)
    {
        const string soffice = "/usr/bin/soffice";
        Assert.True(File.Exists(soffice), "LibreOffice is not installed: apt-get install libreoffice-calc-nogui (scripts/test installs it).");
        var start = new ProcessStartInfo(soffice)
        {
            ArgumentList = { "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", outDir, source },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["HOME"] = outDir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("soffice did not convert the file within 120 s.");
        }
        var result = Path.ChangeExtension(source, ".xlsx");
        Assert.True(File.Exists(result), $"soffice made no .xlsx (exit {process.ExitCode}): {await output} {await error}");
        return await File.ReadAllBytesAsync(result);
    }
}

public sealed class ImportOtherWritersTestsOnSqlite() : ImportOtherWritersTests(DatabaseEngine.Sqlite);

public sealed class ImportOtherWritersTestsOnPostgreSql() : ImportOtherWritersTests(DatabaseEngine.PostgreSql);
