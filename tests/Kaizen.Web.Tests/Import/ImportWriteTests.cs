using System.Net;
using System.Text.Json;
using Dapper;
using Kaizen.Web.Import;
using Kaizen.Web.Data;
using Kaizen.Web.Tests.Infrastructure;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

public abstract class ImportWriteTests(DatabaseEngine engine) : IAsyncLifetime
{
    private ImportKit kit = null!;

    public async Task InitializeAsync() => kit = await StartAsync(engine);

    public Task DisposeAsync()
    {
        kit.Dispose();
        return Task.CompletedTask;
    }

    public sealed record StoredMeasure
    {
        public long Id { get; init; }
        public string Reference { get; init; } = "";
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? TimeUnit { get; init; }
        public long Position { get; init; }
        public double? Baseline { get; init; }
        public double? BaselineDen { get; init; }
        public double? Target { get; init; }
        public double? Result { get; init; }
        public double? ResultDen { get; init; }
        public double? F30 { get; init; }
        public double? F30Den { get; init; }
        public string? F30RecordedAt { get; init; }
    }

    private List<StoredMeasure> Measures()
    {
        using var db = kit.App.OpenDb();
        return db.Query<StoredMeasure>("""
            SELECT m.id, w.reference, m.name, m.kind, m.time_unit AS TimeUnit, m.position, m.baseline, m.baseline_den AS BaselineDen,
                   m.target, m.result, m.result_den AS ResultDen, m.f30, m.f30_den AS F30Den, m.f30_recorded_at AS F30RecordedAt
            FROM measures m JOIN workshops w ON w.id = m.workshop_id ORDER BY w.reference, m.position
            """).ToList();
    }

    // Two workshops: one with process times in hours, one with an error count and an error rate (target 5%).
    private static byte[] TwoWorkshops(double rateResult = 3) => Workbook(
        Row((Col.Baseline, 2.0), (Col.Target, 1.0), (Col.Result, "0.5"), (Col.Day30, 0.75)),
        Row((Col.Measure, "Booking to appointment"), (Col.Unit, "days"), (Col.Baseline, "2,500.5"), (Col.Target, 1000), (Col.Result, 900)),
        Row((Col.Reference, "TRA-2024-02"), (Col.ValueStream, "discharge"), (Col.Title, "Safer discharge"), (Col.StartDate, "06/05/2024"),
            (Col.LengthDays, "4"), (Col.PlanningStart, "2024-03-01"), (Col.Status, "completed"),
            (Col.Measure, "Missing discharge letters"), (Col.Kind, "Error count"), (Col.Unit, null),
            (Col.Baseline, 12), (Col.BaselineDen, 14), (Col.Target, 6), (Col.Result, 3), (Col.ResultDen, 7)),
        Row((Col.Reference, "TRA-2024-02"), (Col.ValueStream, "discharge"), (Col.Title, "Safer discharge"), (Col.StartDate, "06/05/2024"),
            (Col.LengthDays, "4"), (Col.PlanningStart, "2024-03-01"), (Col.Status, "completed"),
            (Col.Measure, "Medication errors"), (Col.Kind, "Error rate"), (Col.Unit, null),
            (Col.Baseline, 20), (Col.BaselineDen, 200), (Col.Target, 5), (Col.Result, rateResult), (Col.ResultDen, 150)));

    // References ignore case on both engines: SQLite's column is COLLATE NOCASE, PostgreSQL's lookup compares lower().
    [Fact]
    public async Task A_reference_typed_in_another_case_updates_its_workshop_rather_than_adding_one()
    {
        var lead = await kit.Cast.LeadA();
        Assert.Equal("Imported 2 workshops: 2 created, 0 updated.", await ImportAsync(lead, TwoWorkshops()));

        var again = Workbook(
            Row((Col.Reference, "tra-2024-01"), (Col.Title, "Referral triage, renamed"), (Col.Baseline, 2.0), (Col.Target, 1.0), (Col.Result, "0.5"), (Col.Day30, 0.75)),
            Row((Col.Reference, "tra-2024-01"), (Col.Title, "Referral triage, renamed"), (Col.Measure, "Booking to appointment"), (Col.Unit, "days"),
                (Col.Baseline, "2,500.5"), (Col.Target, 1000), (Col.Result, 900)));

        Assert.Equal("Imported 1 workshop: 0 created, 1 updated.", await ImportAsync(lead, again));
        Assert.Equal(2L, kit.Counts().Workshops);
        using var db = kit.App.OpenDb();
        Assert.Equal("Referral triage, renamed", db.ExecuteScalar<string>("SELECT title FROM workshops WHERE reference = 'TRA-2024-01'"));
    }

    [Fact]
    public async Task A_valid_workbook_imports_in_stored_units()
    {
        var lead = await kit.Cast.LeadA();
        var preview = await UploadPageAsync(lead, TwoWorkshops());
        Assert.Contains("2 workshops with 4 measures: 2 to create, 0 to update.", Squash(preview.GetElementById("import-summary")!.TextContent));
        Assert.Equal(["TRA-2024-01", "TRA-2024-02"], preview.QuerySelectorAll("#to-create tbody tr td:first-child").Select(td => td.TextContent));
        Assert.Equal(new Counts(0, 0, 0), kit.Counts());

        var response = await ConfirmAsync(lead, preview);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await lead.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Imported 2 workshops: 2 created, 0 updated.", after.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal(new Counts(2, 4, 3), kit.Counts());   // 2 workshop rows and the import's own row in the audit

        using var db = kit.App.OpenDb();
        var w2 = db.QuerySingle<(string Title, string Start, long Length, string ReportOut, string? Planning, string Status, string Stream, long Version)>("""
            SELECT w.title, w.start_date, w.length_days, w.report_out_date, w.planning_start, w.status, v.name, w.version
            FROM workshops w JOIN value_streams v ON v.id = w.value_stream_id WHERE w.reference = 'TRA-2024-02'
            """);
        Assert.Equal(("Safer discharge", "2024-05-06", 4L, "2024-05-09", "2024-03-01", "completed", "Discharge", 1L), w2);

        var m = Measures();
        var triage = m.Single(x => x.Name == "Referral to triage");
        Assert.Equal(("process_time", "hours", 120.0, 60.0, 30.0, 45.0), (triage.Kind, triage.TimeUnit, triage.Baseline!.Value, triage.Target!.Value, triage.Result!.Value, triage.F30!.Value));
        Assert.NotNull(triage.F30RecordedAt);
        var booking = m.Single(x => x.Name == "Booking to appointment");
        Assert.Equal((2500.5 * 1440, 2, "days"), (booking.Baseline!.Value, (int)booking.Position, booking.TimeUnit));
        var letters = m.Single(x => x.Name == "Missing discharge letters");
        Assert.Equal(("error_count", (string?)null, 12.0, 14.0, 6.0, 3.0, 7.0), (letters.Kind, letters.TimeUnit, letters.Baseline!.Value, letters.BaselineDen!.Value, letters.Target!.Value, letters.Result!.Value, letters.ResultDen!.Value));
        var rate = m.Single(x => x.Name == "Medication errors");
        Assert.Equal(("error_rate", 20.0, 200.0, 0.05, 3.0, 150.0), (rate.Kind, rate.Baseline!.Value, rate.BaselineDen!.Value, rate.Target!.Value, rate.Result!.Value, rate.ResultDen!.Value));

        var audit = db.Query<(string Entity, string Action, string? Email, string After)>(
            "SELECT entity, action, user_email, after_json FROM audit_log ORDER BY id").ToList();
        Assert.Equal(["workshop create", "workshop create", "import import"], audit.Select(a => $"{a.Entity} {a.Action}"));
        Assert.All(audit, a => Assert.Equal("lead.a@example.nhs.uk", a.Email));
        using var summary = JsonDocument.Parse(audit[2].After);
        Assert.Equal(["TRA-2024-01", "TRA-2024-02"], summary.RootElement.GetProperty("created").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("workshops.xlsx", summary.RootElement.GetProperty("file").GetString());
    }

    [Fact]
    public async Task Importing_the_same_workbook_again_updates_instead_of_duplicating()
    {
        var admin = await kit.Cast.Admin();
        Assert.Equal("Imported 2 workshops: 2 created, 0 updated.", await ImportAsync(admin, TwoWorkshops()));
        var first = Measures();
        var counts = kit.Counts();

        // The same workbook again changes nothing.
        var same = await UploadPageAsync(admin, TwoWorkshops());
        Assert.Contains("already matches Kaizen (2 workshops with 4 measures), so there is nothing to import", Squash(same.GetElementById("import-nothing")!.TextContent));
        Assert.Null(same.QuerySelector("form[action='/Import/Confirm']"));
        Assert.Equal(counts, kit.Counts());

        // One changed value updates that workshop only, keeping its measures' ids.
        var preview = await UploadPageAsync(admin, TwoWorkshops(rateResult: 4));
        var update = preview.QuerySelectorAll("#to-update tbody tr").Single();
        Assert.Contains("TRA-2024-02", update.TextContent);
        Assert.Contains("measure \"Medication errors\" (Result)", update.TextContent);
        var response = await ConfirmAsync(admin, preview);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var status = (await admin.GetDocumentAsync("/Import")).QuerySelector("[role=status]")!.TextContent.Trim();
        Assert.Equal("Imported 1 workshop: 0 created, 1 updated; 1 workshop already matched Kaizen and was left as it was.", status);

        var after = kit.Counts();
        Assert.Equal((counts.Workshops, counts.Measures), (after.Workshops, after.Measures));
        var second = Measures();
        Assert.Equal(first.Select(m => m.Id), second.Select(m => m.Id));
        Assert.Equal(4.0, second.Single(m => m.Name == "Medication errors").Result);
        Assert.Equal(first.Single(m => m.Name == "Referral to triage").F30RecordedAt, second.Single(m => m.Name == "Referral to triage").F30RecordedAt);
        using var db = kit.App.OpenDb();
        Assert.Equal([1L, 2L], db.Query<long>("SELECT version FROM workshops ORDER BY reference"));
        var audit = db.QuerySingle<(string Before, string After)>("SELECT before_json, after_json FROM audit_log WHERE entity = 'workshop' AND action = 'update'");
        Assert.Contains("\"result\":3", audit.Before);
        Assert.Contains("\"result\":4", audit.After);

        // A measure left out of the workbook is removed; the workshop's other measures keep their ids.
        await ImportAsync(admin, Workbook(Row((Col.Result, "0.5"), (Col.Day30, 0.75))));
        var third = Measures();
        Assert.DoesNotContain(third, m => m.Name == "Booking to appointment");
        Assert.Equal(first.Single(m => m.Name == "Referral to triage").Id, third.Single(m => m.Name == "Referral to triage").Id);
        Assert.Equal(3, third.Count);

        // A name stored twice (the forms allow it) matches once; the twin is removed as not in the workbook.
        var triageId = third.Single(m => m.Name == "Referral to triage").Id;
        using (var twin = kit.App.OpenDb())
            twin.Execute("""
                INSERT INTO measures (workshop_id, position, kind, name, time_unit, baseline)
                SELECT workshop_id, 9, kind, 'REFERRAL to triage', time_unit, 99 FROM measures WHERE id = @triageId
                """, new { triageId });
        await ImportAsync(admin, Workbook(Row((Col.Result, "0.5"), (Col.Day30, 0.75))));
        var fourth = Measures();
        Assert.Equal(3, fourth.Count);
        Assert.Equal(triageId, fourth.Single(m => m.Reference == "TRA-2024-01").Id);
    }

    private sealed record Later
    {
        public string? ScopeFirstStep { get; init; }
        public string? ScopeLastStep { get; init; }
        public string? ReportOutSummary { get; init; }
        public string? Lessons { get; init; }
        public string? Definition { get; init; }
        public string? Team { get; init; }
    }

    private Later LaterColumns()
    {
        using var db = kit.App.OpenDb();
        var team = engine == DatabaseEngine.PostgreSql
            ? "(SELECT string_agg(tm.name || ':' || tm.role, '|' ORDER BY tm.position) FROM workshop_team_members tm WHERE tm.workshop_id = w.id)"
            : "(SELECT group_concat(tm.name || ':' || tm.role, '|') FROM (SELECT * FROM workshop_team_members WHERE workshop_id = w.id ORDER BY position) tm)";
        return db.QuerySingle<Later>($"""
            SELECT w.scope_first_step AS ScopeFirstStep, w.scope_last_step AS ScopeLastStep, w.report_out_summary AS ReportOutSummary,
                   w.lessons, (SELECT m.definition FROM measures m WHERE m.workshop_id = w.id) AS Definition,
                   {team} AS Team
            FROM workshops w WHERE w.reference = 'TRA-2024-01'
            """);
    }

    [Fact]
    public async Task The_later_columns_are_imported_and_a_workbook_without_them_keeps_what_Kaizen_holds()
    {
        var admin = await kit.Cast.Admin();
        var full = Workbook(Row(
            (Col.ScopeFirstStep, "Referral received"), (Col.ScopeLastStep, "Referral triaged"), (Col.ReportOutSummary, "Triage now same day."),
            (Col.Lessons, "Start the data collection earlier."), (Col.Definition, "Hours from referral to triage."),
            (Col.TeamMembers, "Jo Smith (Fresh eyes)\r\nSam Lee (Ward 7) (works in the process)\n\nAnn Patel (patient or carer)")));
        Assert.Equal("Imported 1 workshop: 1 created, 0 updated.", await ImportAsync(admin, full));
        var imported = new Later
        {
            ScopeFirstStep = "Referral received", ScopeLastStep = "Referral triaged", ReportOutSummary = "Triage now same day.",
            Lessons = "Start the data collection earlier.", Definition = "Hours from referral to triage.",
            Team = "Jo Smith:fresh_eyes|Sam Lee (Ward 7):in_process|Ann Patel:patient_carer",
        };
        Assert.Equal(imported, LaterColumns());

        // A workbook from the earlier template, without the later columns, imports and clears none of them.
        var earlier = ImportColumns.All.Where(c => !c.Optional).ToList();
        var old = WorkbookWithHeaders(earlier.Select(c => c.Header).ToList(), earlier.Select(c => Row()[(int)c.Id]).ToArray());
        var same = await UploadPageAsync(admin, old);
        Assert.Empty(Problems(same));
        Assert.NotNull(same.GetElementById("import-nothing"));
        Assert.Equal(imported, LaterColumns());

        // With the columns there, empty cells are the workbook's word: the preview names what is cleared.
        var preview = await UploadPageAsync(admin, Workbook(Row()));
        var changes = preview.QuerySelectorAll("#to-update tbody tr").Single().TextContent;
        foreach (var label in new[] { "First step in scope", "Last step in scope", "Report-out summary", "Lessons", "Team members", "measure \"Referral to triage\" (Operational definition)" })
            Assert.Contains(label, changes);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(admin, preview)).StatusCode);
        Assert.Equal(new Later(), LaterColumns());
    }

    [Fact]
    public async Task A_percentage_target_is_stored_as_typed_and_a_difference_no_cell_can_show_changes_nothing()
    {
        var admin = await kit.Cast.Admin();
        byte[] Rate(object target, double baseline = 20) => Workbook(Row((Col.Measure, "Medication errors"), (Col.Kind, "Error rate"), (Col.Unit, null),
            (Col.Baseline, baseline), (Col.BaselineDen, 200), (Col.Target, target), (Col.Result, 3), (Col.ResultDen, 150)));
        await ImportAsync(admin, Rate(2.8));
        // 2.8 / 100 in binary is 0.027999999999999997; 2.8% means 0.028.
        Assert.Equal(0.028, Measures().Single().Target);

        // Numbers that agree with Kaizen's to 12 significant figures are Kaizen's: nothing to import.
        var same = await UploadPageAsync(admin, Rate("2.80000000000001%", baseline: 20.000000000000004));
        Assert.Empty(Problems(same));
        Assert.NotNull(same.GetElementById("import-nothing"));
        var changed = await UploadPageAsync(admin, Rate(2.81));
        Assert.Contains("measure \"Medication errors\" (Target)", changed.QuerySelector("#to-update")!.TextContent);
    }

    [Fact]
    public async Task Confirm_checks_the_workbook_again_against_the_database()
    {
        var lead = await kit.Cast.LeadA();
        var preview = await UploadPageAsync(lead, TwoWorkshops());
        using (var db = kit.App.OpenDb())
            db.Execute("UPDATE value_streams SET name = 'Discharge and flow' WHERE name = 'Discharge'");
        var before = kit.Counts();

        var response = await ConfirmAsync(lead, preview);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("checked the workbook again", page.GetElementById("import-problems-summary")!.TextContent);
        AssertProblem(Problems(page), 4, "Value stream (C)", "No value stream called \"discharge\" in TRA", "Discharge and flow");
        Assert.Equal(before, kit.Counts());

        // The upload is gone: confirming it again is refused plainly.
        var again = await (await ConfirmAsync(lead, preview)).ParseAsync();
        Assert.Contains("no longer waiting to be imported", FileMessage(again));
        Assert.Equal(before, kit.Counts());
    }

    // The confirm reuses the upload's check only for the very file that was checked: one replaced in storage is read again.
    [Fact]
    public async Task Confirm_checks_again_a_stored_workbook_that_changed_since_the_upload()
    {
        var lead = await kit.Cast.LeadA();
        var preview = await UploadPageAsync(lead, TwoWorkshops());
        var token = preview.QuerySelector("form[action='/Import/Confirm'] input[name=token]")!.GetAttribute("value")!;
        using (var db = kit.App.OpenDb())
            Assert.Equal(1, db.Execute("UPDATE import_uploads SET content = @content WHERE token = @token",
                new { token, content = Workbook(Row((Col.Reference, "TRA-2024-09"), (Col.Title, null))) }));

        var page = await (await ConfirmAsync(lead, preview)).ParseAsync();

        Assert.Contains("checked the workbook again", page.GetElementById("import-problems-summary")!.TextContent);
        Assert.Contains(Problems(page), p => p.Reason.Contains("Enter the workshop's title."));
        Assert.Equal(new Counts(0, 0, 0), kit.Counts());
    }

    [Fact]
    public async Task Cancel_discards_the_upload()
    {
        var lead = await kit.Cast.LeadA();
        var preview = await UploadPageAsync(lead, TwoWorkshops());
        var token = preview.QuerySelector("form[action='/Import/Confirm'] input[name=token]")!.GetAttribute("value")!;
        Assert.Single(kit.PendingUploads(), p => p.EndsWith("-" + token));

        var cancel = preview.QuerySelectorAll("form").OfType<AngleSharp.Html.Dom.IHtmlFormElement>().Single(f => f.GetAttribute("action") == "/Import/Cancel");
        var response = await lead.PostAsync("/Import/Cancel", Http.Encode(Http.FormValues(cancel)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Import cancelled: nothing was imported.", (await lead.GetDocumentAsync("/Import")).QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Empty(kit.PendingUploads());
        Assert.Contains("no longer waiting to be imported", FileMessage(await (await ConfirmAsync(lead, preview)).ParseAsync()));
        Assert.Equal(new Counts(0, 0, 0), kit.Counts());
    }

    [Fact]
    public async Task Another_users_token_cannot_confirm_an_upload()
    {
        var leadA = await kit.Cast.LeadA();
        var preview = await UploadPageAsync(leadA, TwoWorkshops());
        var token = preview.QuerySelector("form[action='/Import/Confirm'] input[name=token]")!.GetAttribute("value")!;
        var admin = await kit.Cast.Admin();
        var adminPage = await admin.GetDocumentAsync("/Import");
        var antiforgery = adminPage.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        var response = await admin.PostAsync("/Import/Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["token"] = token,
        }));

        Assert.Contains("no longer waiting to be imported", FileMessage(await response.ParseAsync()));
        Assert.Equal(0, kit.Counts().Workshops);
        // The lead's own confirm still works.
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(leadA, preview)).StatusCode);
        Assert.Equal(2, kit.Counts().Workshops);
    }
}

public sealed class ImportWriteTestsOnSqlite() : ImportWriteTests(DatabaseEngine.Sqlite);

public sealed class ImportWriteTestsOnPostgreSql() : ImportWriteTests(DatabaseEngine.PostgreSql);
