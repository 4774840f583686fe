using Dapper;
using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Data.Demo;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Kaizen.Web.Tests.Demo;

public class BulkGeneratorTests(ITestOutputHelper output) : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "kaizen-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    Database NewDatabase(string name)
    {
        var database = new Database(Path.Combine(folder, name));
        database.EnsureCreated();
        MigrationRunner.Apply(database, Path.Combine(AppContext.BaseDirectory, "migrations"));
        return database;
    }

    [Fact]
    public void A_small_run_writes_valid_rows_through_the_real_schema()
    {
        var database = NewDatabase("small.db");
        var result = BulkGenerator.Generate(database, trusts: 3, workshops: 500, seed: 7);

        using var db = database.Open();
        Assert.Equal(3L, DemoRows.Count(db, "SELECT COUNT(*) FROM trusts"));
        Assert.Equal(["T0001", "T0002", "T0003"], db.Query<string>("SELECT code FROM trusts ORDER BY code"));
        Assert.InRange(DemoRows.Count(db, "SELECT COUNT(*) FROM value_streams"), 15, 27);
        Assert.Equal(500L, DemoRows.Count(db, "SELECT COUNT(*) FROM workshops"));
        var measures = DemoRows.Count(db, "SELECT COUNT(*) FROM measures");
        Assert.InRange(measures, 500, 2000);
        Assert.Equal((result.Workshops, result.Measures, result.FollowUps, result.TeamMembers),
            (500, (int)measures, (int)DemoRows.Count(db, "SELECT COUNT(f30) + COUNT(f60) + COUNT(f90) FROM measures"),
                (int)DemoRows.Count(db, "SELECT COUNT(*) FROM workshop_team_members")));
        Assert.Empty(db.Query("PRAGMA foreign_key_check"));
        Assert.Equal(0L, DemoRows.Count(db, "SELECT COUNT(*) FROM audit_log"));
        Assert.Equal(1L, db.ExecuteScalar<long>("PRAGMA synchronous")); // NORMAL again for the next user of the connection
        Assert.Equal("wal", db.ExecuteScalar<string>("PRAGMA journal_mode"));

        Assert.Equal(["error_count", "error_rate", "process_time"], db.Query<string>("SELECT DISTINCT kind FROM measures ORDER BY 1"));
        Assert.Equal(["cancelled", "completed", "planned", "stood_down"], db.Query<string>("SELECT DISTINCT status FROM workshops ORDER BY 1"));
        var years = db.Query<string>("SELECT DISTINCT substr(start_date, 1, 4) FROM workshops ORDER BY 1").ToList();
        Assert.Equal("2014", years[0]);
        Assert.Equal("2024", years[^1]);

        // The problems a board should see are there in roughly the intended proportions.
        var workshops = DemoRows.Workshops(db).ToDictionary(w => w.Id);
        var completed = workshops.Values.Where(w => w.Status == "completed").Select(w => w.Id).ToHashSet();
        var rows = DemoRows.Measures(db).Where(m => completed.Contains(m.WorkshopId)).ToList();
        var rollUp = RollUp.ForAll(rows.Select(m => m.Facts), Checkpoint.ReportOut);
        var worse = rollUp.Kinds.SelectMany(k => k.PerWorkshop).Where(w => w.Reduction < -RollUp.SameBand).Select(w => w.WorkshopId).Distinct().Count();
        var awaiting = rows.Where(m => m.Result is null).Select(m => m.WorkshopId).Distinct().Count();
        var overdue = rows.Where(m => m.Result is not null).Sum(m => m.FollowUps.Count(f =>
            FollowUps.State(workshops[m.WorkshopId].ReportOut, f.Days, f.Value is not null, new DateOnly(2025, 6, 1)) == FollowUpState.Overdue));
        output.WriteLine($"{completed.Count} completed, {worse} worse, {awaiting} awaiting data, {overdue} follow-ups overdue; {Headline.Sentence(rollUp)}");
        Assert.InRange(worse / (double)completed.Count, 0.05, 0.18);
        Assert.InRange(awaiting / (double)completed.Count, 0.02, 0.10);
        Assert.True(overdue > 0);
        Assert.InRange(rollUp.ProcessTime.Headline!.Value, 0.3, 0.8);
        Assert.Equal(500, workshops.Values.Select(w => w.Reference).Distinct().Count());

        foreach (var w in workshops.Values)
        {
            var status = Enum.Parse<WorkshopStatus>(w.Status.Replace("_", ""), ignoreCase: true);
            var draft = new WorkshopDraft(Iso.ParseDateOrNull(w.PlanningStart), w.Start, (int)w.LengthDays, status, w.StatusReason,
                rows.Count(m => m.WorkshopId == w.Id && m.Result is not null));
            Assert.Empty(WorkshopRules.Validate(draft, new DateOnly(2025, 1, 1)));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_rows()
    {
        string Run(string name, int seed)
        {
            var database = NewDatabase(name);
            BulkGenerator.Generate(database, trusts: 4, workshops: 300, seed: seed);
            using var db = database.Open();
            return DemoRows.Checksum(db, "trusts", "value_streams", "workshops", "workshop_team_members", "measures");
        }

        var first = Run("a.db", 42);
        Assert.Equal(first, Run("b.db", 42));
        Assert.NotEqual(first, Run("c.db", 43));
    }
}
