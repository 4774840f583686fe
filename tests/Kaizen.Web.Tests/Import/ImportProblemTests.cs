using Kaizen.Web.Data;
using Kaizen.Web.Import;
using static Kaizen.Web.Tests.Import.ImportKit;

namespace Kaizen.Web.Tests.Import;

// Each bad workbook is named cell by cell (sheet, row, column and why), and nothing is written.
public abstract class ImportProblemTests(DatabaseEngine engine) : IAsyncLifetime
{
    private ImportKit kit = null!;

    public async Task InitializeAsync() => kit = await StartAsync(engine);

    public Task DisposeAsync()
    {
        kit.Dispose();
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<Problem>> UploadExpectingProblemsAsync(byte[] workbook, HttpClient? client = null)
    {
        var before = kit.Counts();
        var page = await UploadPageAsync(client ?? await kit.Cast.LeadA(), workbook);
        var problems = Problems(page);
        Assert.NotEmpty(problems);
        Assert.Contains("Nothing has been imported", page.GetElementById("import-problems-summary")!.TextContent);
        Assert.Null(page.QuerySelector("form[action='/Import/Confirm']"));
        Assert.Equal(before, kit.Counts());
        return problems;
    }

    [Fact]
    public async Task Wrong_or_missing_headers_are_each_named()
    {
        var headers = Headers.ToList();
        headers[(int)Col.Title] = "Titel";                    // misspelt: unknown, and Title is missing
        headers.RemoveAt((int)Col.Day90Den);                   // missing
        headers[(int)Col.StartDate] = "  START   date ";       // case and spaces do not matter
        var problems = await UploadExpectingProblemsAsync(WorkbookWithHeaders(headers, Row()));

        AssertProblem(problems, 1, "Titel (D)", "does not know a column called \"Titel\"");
        AssertProblem(problems, 1, "Title", "The column \"Title\" is missing");
        AssertProblem(problems, 1, "90-day window or opportunities", "is missing");
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public async Task A_follow_up_with_both_a_value_and_a_reason_it_wont_be_measured_is_named_as_the_form_names_it()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(
            Row((Col.Day30, 0.6), (Col.Day30NotMeasured, "Clinic closed")),
            Row((Col.Reference, "TRA-2024-02"), (Col.Day60NotMeasured, new string('x', 501)))));

        AssertProblem(problems, 2, "30-day won't be measured (AI)", "Either record the 30-day value or close the follow-up as won't be measured, not both");
        AssertProblem(problems, 3, "60-day won't be measured (AJ)", "at most 500 characters");
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public async Task Text_in_a_number_cell_is_named()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(Row((Col.Baseline, "about two"))));

        AssertProblem(problems, 2, "Baseline (R)", "\"about two\" is not a number");
        Assert.Single(problems);
    }

    [Fact]
    public async Task An_impossible_date_is_named()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(
            Row((Col.StartDate, "31/02/2021")),
            Row((Col.Reference, "TRA-2024-02"), (Col.PlanningStart, 45000.5))));

        AssertProblem(problems, 2, "Start date (E)", "\"31/02/2021\" is not a real date", "February 2021 has 28 days");
        AssertProblem(problems, 3, "Planning start (G)", "is a number, not a date");
    }

    [Fact]
    public async Task A_two_day_workshop_is_refused_with_the_workshop_rule()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(Row((Col.LengthDays, 2))));

        AssertProblem(problems, 2, "Length (days) (F)", "A workshop lasts 3 to 5 days; 2 was entered.");
        Assert.Single(problems);
    }

    [Fact]
    public async Task More_errors_than_opportunities_is_refused_with_the_measure_rule()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(Row(
            (Col.Kind, "Error rate"), (Col.Unit, null), (Col.Baseline, 30), (Col.BaselineDen, 20), (Col.Target, 5), (Col.Result, 2), (Col.ResultDen, 20))));

        AssertProblem(problems, 2, "Baseline window or opportunities (S)", "Errors (30) cannot be more than opportunities (20)");
        Assert.Single(problems);
    }

    [Fact]
    public async Task A_team_member_without_a_role_in_brackets_is_named()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(
            Row((Col.TeamMembers, "Jo Smith (Fresh eyes)\nSam Lee")),
            Row((Col.Reference, "TRA-2024-02"), (Col.TeamMembers, "Ann Other (Ward 7)"))));

        AssertProblem(problems, 2, "Team members (AG)", "Line 2, \"Sam Lee\", has no role in brackets at the end", "Fresh eyes, Patient or carer");
        AssertProblem(problems, 3, "Team members (AG)", "\"Ann Other (Ward 7)\" ends with \"(Ward 7)\", which is not a role");
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public async Task A_duplicate_reference_and_measure_is_named_on_the_repeat()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(
            Row(),
            Row((Col.Measure, "Triage to booking")),
            Row((Col.Measure, "referral  to TRIAGE"), (Col.Result, 0.75))));

        AssertProblem(problems, 4, "Measure (O)", "Workshop TRA-2024-01 already has a measure called \"referral to TRIAGE\", on row 2");
        Assert.Single(problems);
    }

    [Fact]
    public async Task An_unknown_value_stream_is_named_with_the_trusts_value_streams()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(Row((Col.ValueStream, "Radiology"))));

        AssertProblem(problems, 2, "Value stream (C)", "No value stream called \"Radiology\" in TRA", "Discharge, Outpatients");
        Assert.Single(problems);
    }

    [Fact]
    public async Task A_lead_cannot_import_another_trusts_workshop()
    {
        var problems = await UploadExpectingProblemsAsync(Workbook(
            Row(),
            Row((Col.Reference, "TRB-2024-01"), (Col.TrustCode, "TRB"), (Col.ValueStream, "Theatres"))),
            await kit.Cast.LeadA());

        AssertProblem(problems, 3, "Trust code (B)", "You can import only TRA's workshops", "is for TRB");
        Assert.Single(problems);
    }

    [Fact]
    public async Task A_follow_up_before_its_due_date_is_named_with_the_date()
    {
        // Report-out 08/03/2024: the 30-day follow-up fell due on 07/04/2024, the 60-day one falls due on 07/05/2024.
        kit.App.Time.Now = new DateTimeOffset(2024, 4, 20, 12, 0, 0, TimeSpan.Zero);
        var problems = await UploadExpectingProblemsAsync(Workbook(Row((Col.Day30, 0.5), (Col.Day60, 0.5))));

        var problem = Assert.Single(problems);
        Assert.StartsWith("60-day (", problem.Column);
        Assert.Equal("The 60-day follow-up is due on 07/05/2024; its value can be recorded from then.", problem.Reason);
    }

    [Fact]
    public async Task Every_problem_in_a_workbook_is_listed_at_once()
    {
        var seven = Enumerable.Range(1, 7).Select(i => Row((Col.Reference, "TRA-2024-09"), (Col.Measure, $"Step {i}"))).ToArray();
        var problems = await UploadExpectingProblemsAsync(Workbook([
            Row((Col.Target, 3.0)),                                                                  // target not below baseline
            Row((Col.Measure, "Second"), (Col.Title, "Another title")),                              // differs from row 2
            Row((Col.Reference, "TRA-2024-03"), (Col.Baseline, -4)),                                 // negative
            Row((Col.Reference, "TRA-2024-04"), (Col.StartDate, DateOnly.FromDateTime(DateTime.Today).AddDays(30)), (Col.Status, "Planned")), // result before report-out
            Row((Col.Reference, null)),                                                              // reference required
            Row((Col.Reference, "TRA-2024-05"), (Col.TrustCode, "NOPE")),                            // unknown trust
            Row((Col.Reference, "TRA-2024-06"), (Col.Status, "Cancelled")),                          // needs a reason
            Row((Col.Reference, "TRA-2024-07"), (Col.Kind, "Error count"), (Col.Unit, null), (Col.Baseline, 10), (Col.BaselineDen, 7), (Col.Target, 4), (Col.Result, 3)), // no result window
            Row((Col.Reference, "TRA-2024-08"), (Col.Kind, "Error rate"), (Col.Unit, null), (Col.Baseline, 10), (Col.BaselineDen, 100), (Col.Target, "250%"), (Col.Result, null), (Col.Status, "Planned")),
            .. seven,
            Row((Col.Measure, "Third"), (Col.Title, null)),                                          // required, and not also "differs"
        ]));

        AssertProblem(problems, 2, "Target (T)", "must be below the baseline (2)");
        AssertProblem(problems, 3, "Title (D)", "This row gives workshop TRA-2024-01 the Title \"Another title\", but row 2 gives it \"Faster triage of referrals\"");
        AssertProblem(problems, 4, "Baseline (R)", "cannot be negative");
        AssertProblem(problems, 5, "Result (U)", "A result can be entered from the report-out date");
        AssertProblem(problems, 6, "Reference (A)", "Enter the workshop's reference");
        AssertProblem(problems, 7, "Trust code (B)", "No trust has the code \"NOPE\"");
        AssertProblem(problems, 8, "Status reason (I)", "Say why the workshop was cancelled");
        AssertProblem(problems, 9, "Result window or opportunities (V)", "Enter the result window");
        AssertProblem(problems, 10, "Target (T)", "percentage from 0 to 100", "250 was entered");
        AssertProblem(problems, 17, "Measure (O)", "more than 6 measures", "7th");
        Assert.Equal("Enter the workshop's title.", Assert.Single(problems, p => p.Row == "18").Reason);
        Assert.Equal(11, problems.Count);
    }
}

public sealed class ImportProblemTestsOnSqlite() : ImportProblemTests(DatabaseEngine.Sqlite);

public sealed class ImportProblemTestsOnPostgreSql() : ImportProblemTests(DatabaseEngine.PostgreSql);
