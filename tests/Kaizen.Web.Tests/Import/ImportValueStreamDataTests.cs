using System.Net;
using Dapper;
using Kaizen.Web.Export;
using Kaizen.Web.Import;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// The import workbook's optional "Value stream data" sheet (issue 20): outcome measures and their points, checked
// with the rest of the workbook and imported all or nothing.
public abstract class ImportValueStreamDataTests(DatabaseEngine engine) : IAsyncLifetime
{
    private ImportKit kit = null!;

    public async Task InitializeAsync()
    {
        kit = await StartAsync(engine);
        kit.App.Time.Now = new DateTimeOffset(2024, 6, 12, 10, 0, 0, TimeSpan.Zero);
    }

    public Task DisposeAsync()
    {
        kit.Dispose();
        return Task.CompletedTask;
    }

    private static readonly string[] DataHeaders = ValueStreamDataColumns.All.Select(c => c.Header).ToArray();

    // Trust code, Value stream, Measure, Unit, Better, Frequency, Target, Period, Value.
    private static object?[] Point(object? period, object? value, string measure = "Days to first appointment", string trust = "TRA",
        string stream = "Outpatients", string? unit = "days", string? better = "Lower", string? frequency = "Week", object? target = null) =>
        [trust, stream, measure, unit, better, frequency, target, period, value];

    private static byte[] Workbook(object?[][] workshops, params object?[][] data)
    {
        var stream = new MemoryStream();
        using (var workbook = new XlsxWorkbook(stream))
        {
            var sheet = workbook.AddSheet(ImportColumns.Sheet, Headers.Select(h => new XlsxColumn(h)).ToList());
            foreach (var row in workshops) sheet.WriteRow(row);
            var points = workbook.AddSheet(ValueStreamDataColumns.Sheet, DataHeaders.Select(h => new XlsxColumn(h)).ToList());
            foreach (var row in data) points.WriteRow(row);
        }
        return stream.ToArray();
    }

    private (string Measure, string Period, double Value)[] Points()
    {
        using var db = kit.App.OpenDb();
        return db.Query<(string, string, double)>("""
            SELECT m.name, p.period_start, p.value FROM value_stream_measure_points p JOIN value_stream_measures m ON m.id = p.measure_id
            ORDER BY m.name, p.period_start
            """).ToArray();
    }

    [Fact]
    public async Task A_new_measure_and_its_points_are_imported_with_the_workshops_and_a_second_import_replaces_changed_points()
    {
        var lead = await kit.Cast.LeadA();
        var bytes = Workbook([Row()],
            Point(new DateOnly(2024, 3, 4), 21.0, target: 18.0),
            // Wednesday 13/03/2024 lands in the week beginning Monday 11/03/2024; later rows may leave the measure's cells empty.
            Point("13/03/2024", "1,250.5", unit: null, better: null, frequency: null),
            Point(new DateOnly(2024, 3, 18), 19.0, measure: "  days TO first appointment "));

        var preview = await UploadPageAsync(lead, bytes);
        Assert.Empty(Problems(preview));
        Assert.Contains("Value stream data: 1 measure (1 new), 3 points to add, 0 to replace.", Squash(preview.GetElementById("import-data-summary")!.TextContent));
        var response = await ConfirmAsync(lead, preview);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal([("Days to first appointment", "2024-03-04", 21), ("Days to first appointment", "2024-03-11", 1250.5), ("Days to first appointment", "2024-03-18", 19)], Points());
        using (var db = kit.App.OpenDb())
        {
            Assert.Equal(("days", "lower", 18.0, "week", 1L), db.QuerySingle<(string, string, double, string, long)>(
                "SELECT unit, better, target, frequency, floor_at_zero FROM value_stream_measures"));
            Assert.Equal(1L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM workshops"));
            Assert.Equal(1L, db.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value_stream_measure' AND action = 'create'"));
        }

        var again = await ImportAsync(lead, Workbook([Row()], Point(new DateOnly(2024, 3, 4), 21.0, target: 18.0), Point(new DateOnly(2024, 3, 18), 17.0), Point(new DateOnly(2024, 3, 25), 16.0)));

        Assert.Equal("All 1 workshop in the workbook already matched Kaizen. Value stream data: 0 measures created, 0 updated, 1 point added, 1 replaced.", again);
        Assert.Equal([("Days to first appointment", "2024-03-04", 21), ("Days to first appointment", "2024-03-11", 1250.5),
            ("Days to first appointment", "2024-03-18", 17), ("Days to first appointment", "2024-03-25", 16)], Points());
    }

    [Fact]
    public async Task A_bad_row_on_the_sheet_refuses_the_whole_workbook_with_every_problem_listed_where_it_is()
    {
        var lead = await kit.Cast.LeadA();
        var before = kit.Counts();
        var bytes = Workbook([Row()],
            Point(new DateOnly(2024, 3, 4), 21.0),
            Point("31/02/2024", "3,5"),                                   // row 3: no such date, and a decimal comma
            Point(new DateOnly(2024, 3, 6), 20.0),                        // row 4: the same week as row 2
            Point(new DateOnly(2024, 3, 4), 5.0, measure: "Referrals", stream: "Nowhere"),   // row 5: no such value stream
            Point(new DateOnly(2024, 3, 4), -2.0, measure: "Wait", better: "Down"));          // row 6: not a direction, below zero

        var page = await UploadPageAsync(lead, bytes);

        var problems = Problems(page).Where(p => p.Sheet == ValueStreamDataColumns.Sheet).ToList();
        Assert.Contains(problems, p => p.Row == "3" && p.Column == "Period (H)" && p.Reason.Contains("February 2024 has 29 days"));
        Assert.Contains(problems, p => p.Row == "3" && p.Column == "Value (I)" && p.Reason.Contains("If you meant 3.5"));
        Assert.Contains(problems, p => p.Row == "4" && p.Column == "Period (H)" && p.Reason.Contains("which row 2 already gives a value"));
        Assert.Contains(problems, p => p.Row == "6" && p.Column == "Better (E)" && p.Reason.Contains("Use Lower, Higher or Neither"));
        Assert.Null(page.QuerySelector("form[action='/Import/Confirm']"));
        Assert.Equal(before.Workshops, kit.Counts().Workshops);
        Assert.Empty(Points());
        Assert.Equal(0L, kit.App.Scalar<long>("SELECT COUNT(*) FROM value_stream_measures"));

        // With the sheet's cells put right, what needs the database is checked: the value stream must exist.
        var planned = Problems(await UploadPageAsync(lead, Workbook([Row()], Point(new DateOnly(2024, 3, 4), 5.0, stream: "Nowhere"))));
        Assert.Contains(planned, p => p.Sheet == ValueStreamDataColumns.Sheet && p.Row == "2" && p.Column == "Value stream (B)" && p.Reason.Contains("No value stream called \"Nowhere\" in TRA"));
    }

    [Fact]
    public async Task A_lead_cannot_import_another_trusts_value_stream_data()
    {
        var lead = await kit.Cast.LeadA();

        var problems = Problems(await UploadPageAsync(lead, Workbook([Row()], Point(new DateOnly(2024, 3, 4), 5.0, trust: "TRB", stream: "Theatres"))));

        Assert.Contains(problems, p => p.Sheet == ValueStreamDataColumns.Sheet && p.Column == "Trust code (A)" && p.Reason.Contains("You can import only TRA's value stream data"));
        Assert.Empty(Points());
    }

    [Fact]
    public async Task A_measures_frequency_is_kept_and_a_point_below_zero_is_refused_for_a_measure_that_cannot_go_there()
    {
        var vs = kit.App.Scalar<long>("SELECT id FROM value_streams WHERE name = 'Outpatients'");
        kit.App.AddOutcomeMeasure(vs, "Days to first appointment", frequency: "month");
        var lead = await kit.Cast.LeadA();

        var problems = Problems(await UploadPageAsync(lead, Workbook([Row()], Point(new DateOnly(2024, 3, 4), -5.0, frequency: "Week"))));

        Assert.Contains(problems, p => p.Column == "Frequency (F)" && p.Reason.Contains("has a point a month in Kaizen"));
        Assert.Contains(problems, p => p.Column == "Value (I)" && p.Reason.Contains("-5 is below zero"));
    }

    [Fact]
    public async Task The_workbook_exported_in_the_import_layout_carries_the_points_and_imports_again_unchanged()
    {
        var vs = kit.App.Scalar<long>("SELECT id FROM value_streams WHERE name = 'Outpatients'");
        var measure = kit.App.AddOutcomeMeasure(vs, "Days to first appointment", frequency: "month");
        kit.App.AddOutcomePoint(measure, "2024-01-01", 12.25);
        kit.App.AddOutcomePoint(measure, "2024-02-01", 0.1 + 0.2);   // a value no cell can hold exactly but its own
        kit.App.Workshop(vs, new DateOnly(2024, 3, 4), status: "planned", reference: "TRA-2024-09");
        var lead = await kit.Cast.LeadA();

        var export = await lead.GetAsync("/Import/Workshops");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        using (var reader = XlsxReader.Open(new MemoryStream(bytes)))
        {
            var rows = reader.ReadRows(ValueStreamDataColumns.Sheet).ToList();
            Assert.Equal(3, rows.Count);
            Assert.Equal(new DateOnly(2024, 1, 1), rows[1]["H"]);
            Assert.Equal(12.25, rows[1]["I"]);
        }

        var page = await UploadPageAsync(lead, bytes);

        Assert.Empty(Problems(page));
        Assert.NotNull(page.GetElementById("import-nothing"));
        Assert.Equal([("Days to first appointment", "2024-01-01", 12.25), ("Days to first appointment", "2024-02-01", 0.1 + 0.2)], Points());
    }
}

public sealed class ImportValueStreamDataTestsOnSqlite() : ImportValueStreamDataTests(DatabaseEngine.Sqlite);

public sealed class ImportValueStreamDataTestsOnPostgreSql() : ImportValueStreamDataTests(DatabaseEngine.PostgreSql);
