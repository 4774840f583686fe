using System.Data.Common;
using System.Net;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using Kaizen.Web.Data;
using Kaizen.Web.Data.Demo;
using Kaizen.Web.Export;
using Kaizen.Web.Import;
using Kaizen.Web.Security;
using Kaizen.Web.Tests.Demo;
using Kaizen.Web.Tests.Export;
using Kaizen.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// The demonstration programme with an administrator and SASH's improvement lead, and its workshops as the
// administrator downloads them in the import layout. The tests only read it (a re-import that matches writes nothing).
public abstract class DemoExport(DatabaseEngine engine) : IAsyncLifetime
{
    public const string Admin = "admin@example.nhs.uk";
    public const string Lead = "lead.sash@example.nhs.uk";

    public KaizenApp App { get; } = new(engine);
    public byte[] Bytes { get; private set; } = [];
    public string? FileName { get; private set; }

    public async Task InitializeAsync()
    {
        DemoProgramme.Load(App.Services.GetRequiredService<Database>(), new DateOnly(2022, 1, 5), LoadedDemo.Now);
        App.AddUser(Admin, Roles.Administrator);
        App.AddUser(Lead, Roles.Lead, App.Scalar<long>("SELECT id FROM trusts WHERE code = 'SASH'"));
        var response = await (await App.SignedInAsync(Admin)).GetAsync("/Import/Workshops");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        FileName = response.Content.Headers.ContentDisposition?.FileName;
        Bytes = await response.Content.ReadAsByteArrayAsync();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

// Issue #6: export the demonstration programme's workshops, import that file into an empty database with the same
// trusts and value streams, and the workshops and measures are identical.
public abstract class ImportRoundTripTests(DemoExport demo)
{
    private DatabaseEngine Engine => demo.App.Engine;

    // Every stored column is compared except the surrogate ids (replaced by reference, trust code and value stream
    // name), versions and the times rows were written; the column lists below are checked against the schema, so a
    // column added later fails here until the round trip carries it or it is named as not carried.
    public sealed record WorkshopValues
    {
        public string Reference { get; init; } = "";
        public string TrustCode { get; init; } = "";
        public string ValueStream { get; init; } = "";
        public string Title { get; init; } = "";
        public string? ScopeFirstStep { get; init; }
        public string? ScopeLastStep { get; init; }
        public string? ProblemStatement { get; init; }
        public string? PlanningStart { get; init; }
        public string StartDate { get; init; } = "";
        public long LengthDays { get; init; }
        public string ReportOutDate { get; init; } = "";
        public string? ExecutiveSponsor { get; init; }
        public string? ProcessOwner { get; init; }
        public string? TeamLeader { get; init; }
        public string? Facilitator { get; init; }
        public string Status { get; init; } = "";
        public string? StatusReason { get; init; }
        public string? ReportOutSummary { get; init; }
        public string? Lessons { get; init; }
    }

    public sealed record MeasureValues
    {
        public string Reference { get; init; } = "";
        public long Position { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Definition { get; init; }
        public string? TimeUnit { get; init; }
        public double? Baseline { get; init; }
        public double? BaselineDen { get; init; }
        public double? Target { get; init; }
        public double? Result { get; init; }
        public double? ResultDen { get; init; }
        public double? F30 { get; init; }
        public double? F30Den { get; init; }
        public double? F60 { get; init; }
        public double? F60Den { get; init; }
        public double? F90 { get; init; }
        public double? F90Den { get; init; }
        public string? F30NotMeasured { get; init; }
        public string? F60NotMeasured { get; init; }
        public string? F90NotMeasured { get; init; }
    }

    public sealed record TeamValues
    {
        public string Reference { get; init; } = "";
        public long Position { get; init; }
        public string Name { get; init; } = "";
        public string Role { get; init; } = "";
    }

    private static readonly string[] WorkshopColumns =
    [
        "reference", "title", "scope_first_step", "scope_last_step", "problem_statement", "planning_start", "start_date", "length_days",
        "report_out_date", "executive_sponsor", "process_owner", "team_leader", "facilitator", "status", "status_reason", "report_out_summary", "lessons",
    ];
    // Who owns the follow-ups is chosen in Kaizen (the trust's lead by default), not a column of the template.
    private static readonly string[] WorkshopNotCompared = ["id", "value_stream_id", "created_at", "updated_at", "updated_by", "version", "follow_up_owner_id"];
    private static readonly string[] MeasureColumns =
    [
        "position", "kind", "name", "definition", "time_unit", "baseline", "baseline_den", "target", "result", "result_den",
        "f30", "f30_den", "f60", "f60_den", "f90", "f90_den", "f30_not_measured", "f60_not_measured", "f90_not_measured",
    ];
    // When a follow-up was recorded is when this database got it: on import, the time of the import.
    // A measure's own follow-up owner is chosen in Kaizen, like the workshop's.
    private static readonly string[] MeasureNotCompared = ["id", "workshop_id", "f30_recorded_at", "f60_recorded_at", "f90_recorded_at", "version", "follow_up_owner_id"];
    private static readonly string[] TeamColumns = ["position", "name", "role"];
    private static readonly string[] TeamNotCompared = ["id", "workshop_id"];

    private static List<WorkshopValues> Workshops(DbConnection db) => db.Query<WorkshopValues>("""
        SELECT w.reference, t.code AS TrustCode, v.name AS ValueStream, w.title, w.scope_first_step AS ScopeFirstStep,
               w.scope_last_step AS ScopeLastStep, w.problem_statement AS ProblemStatement, w.planning_start AS PlanningStart,
               w.start_date AS StartDate, w.length_days AS LengthDays, w.report_out_date AS ReportOutDate,
               w.executive_sponsor AS ExecutiveSponsor, w.process_owner AS ProcessOwner, w.team_leader AS TeamLeader,
               w.facilitator, w.status, w.status_reason AS StatusReason, w.report_out_summary AS ReportOutSummary, w.lessons
        FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id JOIN trusts t ON t.id = v.trust_id
        ORDER BY w.reference
        """).ToList();

    private static List<MeasureValues> Measures(DbConnection db) => db.Query<MeasureValues>("""
        SELECT w.reference, m.position, m.kind, m.name, m.definition, m.time_unit AS TimeUnit, m.baseline, m.baseline_den AS BaselineDen,
               m.target, m.result, m.result_den AS ResultDen, m.f30, m.f30_den AS F30Den, m.f60, m.f60_den AS F60Den, m.f90, m.f90_den AS F90Den,
               m.f30_not_measured AS F30NotMeasured, m.f60_not_measured AS F60NotMeasured, m.f90_not_measured AS F90NotMeasured
        FROM measures m JOIN workshops w ON w.id = m.workshop_id
        ORDER BY w.reference, m.position, m.name
        """).ToList();

    private static List<TeamValues> Team(DbConnection db) => db.Query<TeamValues>("""
        SELECT w.reference, tm.position, tm.name, tm.role
        FROM workshop_team_members tm JOIN workshops w ON w.id = tm.workshop_id
        ORDER BY w.reference, tm.position
        """).ToList();

    // A table's columns in the order they were made, from the engine's own catalogue.
    private static List<string> ColumnsOf(DbConnection db, DatabaseEngine engine, string table) => db.Query<string>(engine == DatabaseEngine.PostgreSql
        ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position"
        : "SELECT name FROM pragma_table_info(@table)", new { table }).ToList();

    private void AssertColumnsAccountedFor(DbConnection db, string table, string[] compared, string[] notCompared)
    {
        var columns = ColumnsOf(db, Engine, table).Order(StringComparer.Ordinal);
        Assert.Equal(compared.Concat(notCompared).Order(StringComparer.Ordinal), columns);
    }

    // The same trusts and value streams, row for row (same ids, codes and names), and nothing else of the programme.
    private static void CopyTrustsAndValueStreams(KaizenApp from, KaizenApp to)
    {
        using var source = from.OpenDb();
        using var target = to.OpenDb();
        foreach (var table in new[] { "trusts", "value_streams" })
        {
            var columns = ColumnsOf(source, from.Engine, table);
            var insert = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
            foreach (IDictionary<string, object?> row in source.Query($"SELECT * FROM {table} ORDER BY id"))
                target.Execute(insert, new DynamicParameters(row));
            // The ids were given, so PostgreSQL's identity has not moved: the next row made there starts past them.
            if (to.Engine == DatabaseEngine.PostgreSql)
                target.Execute($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
        }
    }

    [Fact]
    public async Task Exported_demonstration_workshops_import_into_an_empty_database_identically()
    {
        using var empty = new KaizenApp(Engine);
        CopyTrustsAndValueStreams(demo.App, empty);
        empty.AddUser(DemoExport.Admin, Roles.Administrator);
        Assert.Equal(0L, empty.Scalar<long>("SELECT COUNT(*) FROM workshops"));

        var status = await ImportAsync(await empty.SignedInAsync(DemoExport.Admin), demo.Bytes);

        // The Value stream data sheet carries the demonstration's outcome measures and their points too (issue 20).
        var points = Kaizen.Web.Data.Demo.DemoOutcomes.Current.Sum(s => s.Points.Count);
        Assert.Equal($"Imported {DemoProgramme.ExpectedWorkshops} workshops: {DemoProgramme.ExpectedWorkshops} created, 0 updated. " +
            $"Value stream data: 3 measures created, 0 updated, {points:N0} points added, 0 replaced.", status);
        using var before = demo.App.OpenDb();
        using var after = empty.OpenDb();
        const string outcomePoints = """
            SELECT v.name, m.name, m.unit, m.better, m.target, m.frequency, p.period_start, p.value
            FROM value_stream_measure_points p JOIN value_stream_measures m ON m.id = p.measure_id JOIN value_streams v ON v.id = m.value_stream_id
            ORDER BY v.name, m.name, p.period_start
            """;
        Assert.Equal(before.Query<(string, string, string, string, double?, string, string, double)>(outcomePoints),
            after.Query<(string, string, string, string, double?, string, string, double)>(outcomePoints));
        AssertColumnsAccountedFor(before, "workshops", WorkshopColumns, WorkshopNotCompared);
        AssertColumnsAccountedFor(before, "measures", MeasureColumns, MeasureNotCompared);
        AssertColumnsAccountedFor(before, "workshop_team_members", TeamColumns, TeamNotCompared);

        var workshops = Workshops(before);
        Assert.Equal(DemoProgramme.ExpectedWorkshops, workshops.Count);
        // The demonstration exercises what matters here: every status, scope, summaries, lessons and reasons.
        Assert.Equal(["cancelled", "completed", "planned", "stood_down"], workshops.Select(w => w.Status).Distinct().Order());
        Assert.Contains(workshops, w => w.ScopeFirstStep is not null && w.ReportOutSummary is not null && w.Lessons is not null);
        Assert.Contains(workshops, w => w.StatusReason is not null);
        Assert.Equal(workshops, Workshops(after));

        var measures = Measures(before);
        Assert.Equal(DemoProgramme.ExpectedMeasures, measures.Count);
        Assert.Equal(DemoProgramme.ExpectedFollowUps, measures.Sum(m => (m.F30 is null ? 0 : 1) + (m.F60 is null ? 0 : 1) + (m.F90 is null ? 0 : 1)));
        Assert.Contains(measures, m => m.Result is null);
        Assert.Equal(["days", "hours", "minutes"], measures.Select(m => m.TimeUnit).OfType<string>().Distinct().Order());
        Assert.Equal(measures, Measures(after));

        var team = Team(before);
        Assert.Equal(DemoProgramme.ExpectedTeamMembers, team.Count);
        Assert.Equal(team, Team(after));
    }

    [Fact]
    public async Task Importing_the_export_into_the_database_it_came_from_changes_nothing()
    {
        string Snapshot()
        {
            using var db = demo.App.OpenDb();
            return DemoRows.Checksum(db, "workshops", "measures", "workshop_team_members", "audit_log");
        }
        var before = Snapshot();

        var page = await UploadPageAsync(await demo.App.SignedInAsync(DemoExport.Admin), demo.Bytes);

        Assert.Empty(Problems(page));
        Assert.Equal(
            $"Everything in workshops.xlsx already matches Kaizen ({DemoProgramme.ExpectedWorkshops} workshops with {DemoProgramme.ExpectedMeasures} measures), so there is nothing to import.",
            Squash(page.GetElementById("import-nothing")!.TextContent));
        Assert.Null(page.QuerySelector("form[action='/Import/Confirm']"));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void The_export_is_valid_Open_XML_laid_out_as_the_template()
    {
        Assert.Matches(@"^kaizen-workshops-all-trusts-\d{4}-\d{2}-\d{2}\.xlsx$", demo.FileName?.Trim('"') ?? "");
        using (var document = SpreadsheetDocument.Open(new MemoryStream(demo.Bytes), false))
        {
            XlsxTestFiles.AssertValid(document);
            // Dates are real dates and numbers real numbers: a serial with a date format, a plain numeric cell.
            var start = XlsxTestFiles.Cell(document, ImportColumns.Sheet, "E2");
            Assert.Null(start.DataType);
            Assert.Equal("dd/mm/yyyy", XlsxTestFiles.FormatCodeOf(document, start));
            var length = XlsxTestFiles.Cell(document, ImportColumns.Sheet, "F2");
            Assert.Null(length.DataType);
            Assert.InRange(double.Parse(length.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 3, 5);
        }

        using var reader = XlsxReader.Open(new MemoryStream(demo.Bytes));
        Assert.Equal([ImportColumns.Sheet, ImportColumns.ReadMeSheet, "Value streams", ValueStreamDataColumns.Sheet], reader.SheetNames);
        var rows = reader.ReadRows(ImportColumns.Sheet).ToList();
        Assert.Equal(Headers, Enumerable.Range(1, Headers.Length).Select(c => rows[0][c] as string));
        Assert.Equal(DemoProgramme.ExpectedMeasures, rows.Skip(1).Count(r => r[(int)Col.Measure + 1] is string));
        Assert.All(rows.Skip(1), r => Assert.IsType<DateOnly>(r[(int)Col.StartDate + 1]));
        Assert.All(rows.Skip(1).Where(r => r[(int)Col.Baseline + 1] is not null), r => Assert.IsType<double>(r[(int)Col.Baseline + 1]));
        var readMe = reader.ReadRows(ImportColumns.ReadMeSheet).ToList();
        foreach (var header in Headers)
            Assert.Contains(readMe, r => r["A"] as string == header && !string.IsNullOrWhiteSpace(r["C"] as string));
        Assert.Contains(readMe, r => r["A"] as string == "Your workshops"
            && (r["C"] as string ?? "").Contains($"{DemoProgramme.ExpectedWorkshops} workshops with {DemoProgramme.ExpectedMeasures} measures"));
        Assert.Equal(DemoProgramme.ExpectedValueStreams, reader.ReadRows("Value streams").Count() - 1);
    }

    [Fact]
    public async Task Awkward_numbers_and_formula_like_text_come_back_exactly()
    {
        using var kit = await StartAsync(Engine);
        var app = kit.App;
        var outpatients = app.Scalar<long>("SELECT id FROM value_streams WHERE name = 'Outpatients'");
        var done = app.Workshop(outpatients, new DateOnly(2024, 3, 4), status: "completed", reference: "TRA-2024-01", title: "=SUM(A1:A9)");
        app.Workshop(outpatients, new DateOnly(2024, 6, 3), reference: "TRA-2024-02", title: "-2 days to triage");   // planned, no measures
        var stood = app.Workshop(outpatients, new DateOnly(2024, 9, 2), length: 3, status: "stood_down", reference: "TRA-2024-03", title: "@ward huddles");
        using (var db = app.OpenDb())
        {
            // The awkward numbers are reckoned here in binary, as SQLite reckoned them in its SQL (PostgreSQL reckons
            // 1.1 * 60 in exact decimals), and the control characters passed as they are, on either engine.
            db.Execute("""
                UPDATE workshops SET team_leader = '+44 20 7946 0000', facilitator = '=cmd|'' /C calc''!A0', executive_sponsor = '-Sam',
                    process_owner = '@owner', problem_statement = @problem,
                    scope_first_step = '_x0041_ stays as typed', lessons = @lessons, planning_start = '2024-01-15'
                WHERE id = @done;
                UPDATE workshops SET status_reason = '=Regulator visit' WHERE id = @stood;
                INSERT INTO workshop_team_members (workshop_id, position, name, role) VALUES
                    (@done, 1, 'Sam Lee (Ward 7)', 'fresh_eyes'), (@done, 2, '=Jo', 'in_process'), (@done, 3, 'Ann', 'patient_carer');
                INSERT INTO measures (workshop_id, position, kind, name, definition, time_unit, baseline, target, result, f30) VALUES
                    (@done, 1, 'process_time', 'Hours to triage', '+ from receipt', 'hours', @hours, @third, @tenths, @hours30),
                    (@done, 2, 'process_time', 'Days to clinic', NULL, 'days', @days, 1000.1, 999.7, NULL);
                INSERT INTO measures (workshop_id, position, kind, name, baseline, baseline_den, target, result, result_den, f90, f90_den) VALUES
                    (@done, 3, 'error_rate', 'Returned referrals', 47, 828, 0.028, 8, 482, 13, 746),
                    (@done, 4, 'error_rate', 'Letters with errors', 47, 828, @rate, 8, 482, NULL, NULL),
                    (@done, 5, 'error_count', 'Missed slots', 19.5, 28, 9.25, 8, 14, NULL, NULL);
                -- Follow-ups closed as "won't be measured", one with a reason Excel would take for a formula.
                UPDATE measures SET f30_not_measured = '=Clinic closed for refurbishment', f60_not_measured = 'Moved to another site'
                WHERE name = 'Days to clinic';
                UPDATE measures SET f90_not_measured = 'Counting stopped' WHERE name = 'Missed slots';
                """, new
                {
                    done, stood, problem = "Line one\r\nLine two\n=not a formula", lessons = "Tabs\tinside and 'quotes'",
                    hours = 1.1 * 60, third = 100.0 / 3, tenths = 0.1 + 0.2, hours30 = 2.3 * 60, days = 2.3 * 1440, rate = 2.8 / 100,
                });
        }
        var admin = await kit.Cast.Admin();
        var bytes = await (await admin.GetAsync("/Import/Workshops")).Content.ReadAsByteArrayAsync();

        // Text that Excel would take for a formula is written as text, marked so that Excel never evaluates it.
        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            XlsxTestFiles.AssertValid(document);
            var title = XlsxTestFiles.Cell(document, ImportColumns.Sheet, "D2");
            Assert.Equal("=SUM(A1:A9)", XlsxTestFiles.Text(title));
            Assert.Equal("s", title.DataType!.InnerText);
            Assert.Null(title.CellFormula);
            Assert.True(XlsxTestFiles.StyleOf(document, title).QuotePrefix?.Value);
        }
        using (var reader = XlsxReader.Open(new MemoryStream(bytes)))
        {
            var first = reader.ReadRows(ImportColumns.Sheet).Skip(1).First();
            Assert.Equal("TRA-2024-01", first[(int)Col.Reference + 1]);
            // Process times in the measure's unit, as typed: 1.1 hours, not 1.1000000000000003.
            Assert.Equal(1.1, first[(int)Col.Baseline + 1]);
            Assert.Equal(2.3, first[(int)Col.Day30 + 1]);
            Assert.Equal("Sam Lee (Ward 7) (Fresh eyes)\n=Jo (Works in the process)\nAnn (Patient or carer)", first[(int)Col.TeamMembers + 1]);
            var clinic = reader.ReadRows(ImportColumns.Sheet).Single(r => r[(int)Col.Measure + 1] as string == "Days to clinic");
            Assert.Equal("=Clinic closed for refurbishment", clinic[(int)Col.Day30NotMeasured + 1]);
            Assert.Equal("Moved to another site", clinic[(int)Col.Day60NotMeasured + 1]);
        }

        // Imported again where it came from: nothing changes.
        var page = await UploadPageAsync(admin, bytes);
        Assert.Empty(Problems(page));
        Assert.True(page.GetElementById("import-nothing") is not null, Squash(page.QuerySelector("main")?.TextContent ?? ""));

        // Imported into an empty database with the same trusts and value streams: the same, to the last bit.
        using var empty = new KaizenApp(Engine);
        CopyTrustsAndValueStreams(app, empty);
        empty.AddUser(DemoExport.Admin, Roles.Administrator);
        Assert.Equal("Imported 3 workshops: 3 created, 0 updated.", await ImportAsync(await empty.SignedInAsync(DemoExport.Admin), bytes));
        using var before = app.OpenDb();
        using var after = empty.OpenDb();
        Assert.Equal(Workshops(before), Workshops(after));
        Assert.Equal(Team(before), Team(after));
        // One value no cell can carry: 2.8 / 100 in binary (0.027999999999999997, what the measure form stores for a
        // target typed as 2.8%) lies between the rates that any percentage a cell can hold converts to. It comes back as
        // 0.028, what 2.8% means; every other number comes back to the last bit.
        var letters = (Before: Measures(before).Single(m => m.Name == "Letters with errors"), After: Measures(after).Single(m => m.Name == "Letters with errors"));
        Assert.Equal((2.8 / 100, 0.028), (letters.Before.Target, letters.After.Target));
        Assert.Equal(letters.Before with { Target = 0.028 }, letters.After);
        Assert.Equal(Measures(before).Where(m => m != letters.Before), Measures(after).Where(m => m != letters.After));
        Assert.Equal(0.028, Measures(after).Single(m => m.Name == "Returned referrals").Target);
        // The closures survive the round trip, reasons and all.
        var clinicAfter = Measures(after).Single(m => m.Name == "Days to clinic");
        Assert.Equal(("=Clinic closed for refurbishment", "Moved to another site", (string?)null), (clinicAfter.F30NotMeasured, clinicAfter.F60NotMeasured, clinicAfter.F90NotMeasured));
        Assert.Equal("Counting stopped", Measures(after).Single(m => m.Name == "Missed slots").F90NotMeasured);
    }

    [Fact]
    public async Task A_lead_downloads_only_their_own_trusts_workshops()
    {
        var lead = await demo.App.SignedInAsync(DemoExport.Lead);
        var sash = demo.App.Scalar<long>("SELECT id FROM trusts WHERE code = 'SASH'");
        var ltht = demo.App.Scalar<long>("SELECT id FROM trusts WHERE code = 'LTHT'");
        var othersReference = demo.App.Scalar<string>(
            "SELECT w.reference FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id WHERE v.trust_id = @ltht ORDER BY w.reference LIMIT 1", new { ltht });
        var sashReferences = demo.App.Scalar<long>(
            "SELECT COUNT(*) FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id WHERE v.trust_id = @sash", new { sash });

        var response = await lead.GetAsync("/Import/Workshops");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var reader = XlsxReader.Open(new MemoryStream(bytes)))
        {
            var rows = reader.ReadRows(ImportColumns.Sheet).Skip(1).ToList();
            Assert.All(rows, r => Assert.Equal("SASH", r[(int)Col.TrustCode + 1]));
            var references = rows.Select(r => (string)r[(int)Col.Reference + 1]!).Distinct().ToList();
            Assert.Equal(sashReferences, references.Count);
            Assert.DoesNotContain(othersReference, references);
            Assert.All(reader.ReadRows("Value streams").Skip(1), r => Assert.Equal("SASH", r["A"]));
        }
        // Their own trust's workbook imports back as it is; another trust's is not theirs to download.
        Assert.Contains("already matches Kaizen", Squash((await UploadPageAsync(lead, bytes)).GetElementById("import-nothing")!.TextContent));
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync($"/Import/Workshops?trust={ltht}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/Import/Workshops?trust={sash}")).StatusCode);

        // An administrator can ask for one trust.
        var admin = await demo.App.SignedInAsync(DemoExport.Admin);
        var one = await admin.GetAsync($"/Import/Workshops?trust={ltht}");
        Assert.Matches(@"^kaizen-workshops-LTHT-\d{4}-\d{2}-\d{2}\.xlsx$", one.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "");
        using (var reader = XlsxReader.Open(new MemoryStream(await one.Content.ReadAsByteArrayAsync())))
            Assert.All(reader.ReadRows(ImportColumns.Sheet).Skip(1), r => Assert.Equal("LTHT", r[(int)Col.TrustCode + 1]));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Import/Workshops?trust=999999")).StatusCode);
    }

    [Fact]
    public async Task The_import_page_and_the_workshops_list_offer_the_download()
    {
        var lead = await demo.App.SignedInAsync(DemoExport.Lead);
        Assert.Equal("/Import/Workshops", (await lead.GetDocumentAsync("/Import")).GetElementById("download-workshops")?.GetAttribute("href"));
        Assert.Equal("/Import/Workshops", (await lead.GetDocumentAsync("/Workshops")).GetElementById("download-import-layout")?.GetAttribute("href"));

        var admin = await demo.App.SignedInAsync(DemoExport.Admin);
        var options = (await admin.GetDocumentAsync("/Import")).QuerySelectorAll("#export-in-layout select[name=trust] option").Select(o => o.TextContent).ToList();
        Assert.Equal(["All trusts", "BHRUT", "LTHT", "SASH", "SATH", "UHCW"], options);
        var sash = demo.App.Scalar<long>("SELECT id FROM trusts WHERE code = 'SASH'");
        var link = (await admin.GetDocumentAsync($"/Workshops?trust={sash}")).GetElementById("download-import-layout")!;
        Assert.Equal($"/Import/Workshops?trust={sash}", link.GetAttribute("href"));
        Assert.Contains("SASH's workshops", link.TextContent);
    }
}

public sealed class DemoExportOnSqlite() : DemoExport(DatabaseEngine.Sqlite);

public sealed class DemoExportOnPostgreSql() : DemoExport(DatabaseEngine.PostgreSql);

public sealed class ImportRoundTripTestsOnSqlite(DemoExportOnSqlite demo) : ImportRoundTripTests(demo), IClassFixture<DemoExportOnSqlite>;

public sealed class ImportRoundTripTestsOnPostgreSql(DemoExportOnPostgreSql demo) : ImportRoundTripTests(demo), IClassFixture<DemoExportOnPostgreSql>;
