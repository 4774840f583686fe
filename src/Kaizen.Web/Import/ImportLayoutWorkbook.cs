using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Export;

namespace Kaizen.Web.Import;

// Workshops as Kaizen holds them, written in the import template's layout (the same sheets, headers, units and
// words), so the file can be changed in Excel and imported again: every row carries the workshop's Reference, so
// importing it updates those workshops, and a file imported unchanged changes nothing.
public static class ImportLayoutWorkbook
{
    // workshops come with their measures (in order) and team; scope says whose they are, for the Read me.
    // data: the outcome measures and their points, for the Value stream data sheet (issue 20).
    public static void Write(Stream output, IReadOnlyList<ExistingWorkshop> workshops, IReadOnlyList<ImportTemplate.ValueStreamName> valueStreams,
        string scope, DateOnly today, IReadOnlyList<ValueStreamDataRow>? data = null)
    {
        // Written into the response as it is made: a failure must not finish the zip as if the workbook were whole.
        var workbook = new XlsxWorkbook(output) { PrintHeading = new XlsxPrintHeading($"Kaizen workshops in the import layout: {scope}", null, today) };
        try
        {
            var sheet = ImportTemplate.AddWorkshopsSheet(workbook);
            foreach (var w in workshops)
            {
                var cells = WorkshopCells(w);
                if (w.Measures.Count == 0) sheet.WriteRow(ImportTemplate.Row(cells));   // the row a workshop with no measures has
                foreach (var m in w.Measures)
                {
                    foreach (var (column, cell) in MeasureCells(m)) cells[column] = cell;
                    sheet.WriteRow(ImportTemplate.Row(cells));
                }
            }
            ImportTemplate.AddReadMe(workbook, ("Your workshops",
                $"The Workshops sheet holds {scope}'s workshops as Kaizen had them on {today.ToString("dd/MM/yyyy", ImportReader.EnGb)}: " +
                $"{Count(workshops.Count, "workshop")} with {Count(workshops.Sum(w => w.Measures.Count), "measure")}, one row per measure. " +
                "Change what you need and import the workbook on the Import page: each row keeps its workshop's Reference, so importing updates " +
                "those workshops instead of adding them again, and a workbook imported unchanged changes nothing. Add a workshop with a new Reference."));
            ImportTemplate.AddValueStreams(workbook, valueStreams);
            ValueStreamDataColumns.AddSheet(workbook, data ?? []);
            workbook.Save();
        }
        catch
        {
            workbook.Abandon();
            throw;
        }
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n:N0} {what}s";

    private static Dictionary<Col, XlsxCell> WorkshopCells(ExistingWorkshop w) => new()
    {
        [Col.Reference] = w.Reference,
        [Col.TrustCode] = w.TrustCode,
        [Col.ValueStream] = w.ValueStream,
        [Col.Title] = w.Title,
        [Col.StartDate] = Iso.ParseDate(w.StartDate),
        [Col.LengthDays] = w.LengthDays,
        [Col.PlanningStart] = Iso.ParseDateOrNull(w.PlanningStart),
        [Col.Status] = Codes.Words(Codes.Status(w.Status)),
        [Col.StatusReason] = w.StatusReason,
        [Col.TeamLeader] = w.TeamLeader,
        [Col.Facilitator] = w.Facilitator,
        [Col.ExecutiveSponsor] = w.ExecutiveSponsor,
        [Col.ProcessOwner] = w.ProcessOwner,
        [Col.ProblemStatement] = w.ProblemStatement,
        [Col.ScopeFirstStep] = w.ScopeFirstStep,
        [Col.ScopeLastStep] = w.ScopeLastStep,
        [Col.ReportOutSummary] = w.ReportOutSummary,
        [Col.Lessons] = w.Lessons,
        [Col.TeamMembers] = w.Team.Count == 0 ? null : ImportReader.TeamText(w.Team),
    };

    private static Dictionary<Col, XlsxCell> MeasureCells(MeasureRow m)
    {
        var kind = m.KindValue;
        var unit = m.Unit;
        // Process times go in the measure's own unit and an error rate's target as a percentage, as people type them.
        double? Time(double? minutes) => kind == MeasureKind.ProcessTime && minutes is { } v
            ? Entered(v, TimeUnits.FromMinutes(v, unit), typed => TimeUnits.ToMinutes(typed, unit))
            : minutes;
        double? target = kind == MeasureKind.ErrorRate && m.Target is { } rate
            ? Entered(rate, rate * 100, Percentages.ToFraction)
            : Time(m.Target);
        return new()
        {
            [Col.Measure] = m.Name,
            [Col.Kind] = Codes.Words(kind),
            [Col.Unit] = kind == MeasureKind.ProcessTime ? Codes.Of(unit) : null,
            [Col.Baseline] = Time(m.Baseline),
            [Col.BaselineDen] = m.BaselineDen,
            [Col.Target] = target,
            [Col.Result] = Time(m.Result),
            [Col.ResultDen] = m.ResultDen,
            [Col.Day30] = Time(m.F30),
            [Col.Day30Den] = m.F30Den,
            [Col.Day60] = Time(m.F60),
            [Col.Day60Den] = m.F60Den,
            [Col.Day90] = Time(m.F90),
            [Col.Day90Den] = m.F90Den,
            [Col.Definition] = m.Definition,
            [Col.Day30NotMeasured] = m.F30NotMeasured,
            [Col.Day60NotMeasured] = m.F60NotMeasured,
            [Col.Day90NotMeasured] = m.F90NotMeasured,
        };
    }

    // The number to write so that the importer's own conversion gives back exactly the stored value: a tidy
    // rounding when that is exact (1.5 hours, not 1.4999999999999998), else the plain quotient or a near neighbour.
    private static double Entered(double stored, double quotient, Func<double, double> toStored)
    {
        if (toStored(Math.Round(quotient, 6)) == stored) return Math.Round(quotient, 6);
        double up = quotient, down = quotient;
        for (int i = 0; i < 4; i++, up = Math.BitIncrement(up), down = Math.BitDecrement(down))
        {
            if (toStored(up) == stored) return up;
            if (toStored(down) == stored) return down;
        }
        return quotient;
    }
}
