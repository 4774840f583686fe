using Kaizen.Domain;
using Kaizen.Web.Data;
using Kaizen.Web.Infrastructure;
using Kaizen.Web.Reports;

namespace Kaizen.Web.Export;

// Writes the sheets of a report workbook from a DashboardView (the same figures as the screen), one sheet after
// another. Big sheets (Workshops, Follow-ups) are written row by row from the report set already in memory; the
// writer streams rows into the zip, so nothing is built up twice.
internal sealed class ReportWorkbookWriter(XlsxWorkbook workbook, DashboardView view, IReadOnlyDictionary<long, DateOnly> startDates, string title)
{
    // Long lines of words on the Summary sheet are broken at about this many characters; they spill over the empty
    // cells to their right, so nothing has to wrap inside a narrow column.
    internal const int LineLength = 110;
    const int ChartRows = 20;

    static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    ReportFilter Filter => view.Filter;
    Checkpoint Checkpoint => view.Filter.Checkpoint;

    // "Trust A · all report-out dates · at report-out"; a value stream's workbook does not say "All trusts".
    string Describe() => (view.Form with { ShowTrust = Filter.ValueStreamId is null }).Describe();

    // Every printed page says what it is: the title, the filters and the day the figures were produced.
    public XlsxPrintHeading PrintHeading => new(title, Describe(), view.Set.Today);

    // ---- Summary -------------------------------------------------------------------------------------------------

    public void WriteSummary(IReadOnlyList<(string Label, string Text)> extraLines)
    {
        // A board paper's front pages: at most two pages tall, its lines spilling over the empty cells beside them.
        // The first column is wide enough for the trusts' names in the table by trust.
        var firstWidth = Math.Clamp(view.ByTrust.Rows.Select(g => g.Name.Length + 2).DefaultIfEmpty(0).Max(), 36, 60);
        var s = workbook.AddSheet("Summary", [new XlsxColumn("Summary", width: firstWidth)],
            new XlsxSheetOptions(FreezeHeader: true, AutoFilter: false, WrapLongText: false, FitToHeight: 2, RepeatHeader: false));
        s.WriteRow(XlsxCell.BoldText(title));
        s.WriteRow("Showing: " + Describe());
        s.WriteRow("Produced on", XlsxCell.Date(view.Set.Today));
        foreach (var (label, text) in extraLines)
            foreach (var line in Lines($"{label}: {text}")) s.WriteRow(line);
        foreach (var note in Filter.Notes) s.WriteRow("Note: " + note);
        s.WriteRow();

        s.WriteRow(XlsxCell.BoldText("Headline"));
        s.WriteRow(view.Headline);
        s.WriteRow($"Rests on {Headline.WorkshopCount(view.Set.Workshops.Count)} held in this view (n beside each figure is the number counted for that measure), {ReportFilter.Describe(Checkpoint)}.");
        if (view.Set.NotYetDue(Checkpoint) is > 0 and var notDue)
            s.WriteRow($"{Headline.WorkshopCount(notDue)} {(notDue == 1 ? "is" : "are")} not yet due at this checkpoint and {(notDue == 1 ? "is" : "are")} left out.");
        if (view.Set.Workshops.Count == 0) s.WriteRow("No workshops match these filters yet.");
        s.WriteRow();

        var scope = Filter.TrustId is not null || Filter.ValueStreamId is not null ? "This view" : "Whole programme";
        s.WriteRow(XlsxCell.BoldText($"Figures by measure: {scope}, {ReportFilter.Describe(Checkpoint)}"));
        s.WriteRow(FigureHeaders.Prepend("Measure").Select(XlsxCell.BoldText).ToArray());
        foreach (var k in view.RollUp.Kinds)
            s.WriteRow((XlsxCell[])[XlsxCell.Text(Headline.KindName(k.Kind)), .. FigureCells(k)]);
        foreach (var line in Lines("Process time and error count: pooled reduction (total before − total after) ÷ total before. " +
            "Error rate: the mean of the workshops' own reductions. n is the number of workshops counted. Reductions are fractions shown as percentages; " +
            "a negative reduction means it got worse."))
            s.WriteRow(line);
        if (view.RollUp.ErrorCount.AnyWindowScaled)
            s.WriteRow("Scaled: some error counts were taken over a different window from the baseline and were scaled to it.");
        s.WriteRow();

        // The charts sit here, side by side, over empty rows; their data is in the tables below. The bar chart is
        // labelled with the trusts' short codes, so the labels leave the plot most of the chart, and the key to the
        // codes stands beside it.
        var codes = view.Form.Trusts.ToDictionary(t => t.Id, t => t.Code);
        var key = view.ByTrust.Rows.Select(g => (Code: codes.GetValueOrDefault(g.Id) is { Length: > 0 } code ? code : g.Name, g.Name))
            .Prepend(("All", "All (pooled)")).ToList();
        int chartTop = s.LastRow + 1;
        int chartRows = Math.Max(ChartRows, key.Count + 2);
        s.WriteRow(XlsxCell.Empty, XlsxCell.Empty, XlsxCell.Empty, XlsxCell.BoldText("Code"), XlsxCell.BoldText("Trust"));
        int keyFirst = s.LastRow + 1;
        foreach (var (code, name) in key) s.WriteRow(XlsxCell.Empty, XlsxCell.Empty, XlsxCell.Empty, code, name);
        int keyLast = s.LastRow;
        while (s.LastRow < chartTop + chartRows) s.WriteRow();

        s.WriteRow(XlsxCell.BoldText("Reduction by trust, beside the pooled figure"));
        s.WriteRow(XlsxCell.BoldText("Trust"), XlsxCell.BoldText("Process time"), XlsxCell.BoldText("Total errors"), XlsxCell.BoldText("Error rate"),
            XlsxCell.BoldText("n: process time"), XlsxCell.BoldText("n: total errors"), XlsxCell.BoldText("n: error rate"));
        int trustFirst = s.LastRow + 1;
        foreach (var (name, r) in view.ByTrust.Rows.Select(g => (g.Name, g.RollUp)).Prepend(("All (pooled)", view.RollUp)))
            s.WriteRow(name, Percent(r.ProcessTime.Headline), Percent(r.ErrorCount.Headline), Percent(r.ErrorRate.Headline),
                r.ProcessTime.Workshops, r.ErrorCount.Workshops, r.ErrorRate.Workshops);
        int trustLast = s.LastRow;
        s.WriteRow();

        s.WriteRow(XlsxCell.BoldText("Workshops per month (by report-out date)"));
        s.WriteRow(XlsxCell.BoldText("Month"), XlsxCell.BoldText("Workshops"));
        int monthFirst = s.LastRow + 1;
        foreach (var m in view.Months) s.WriteRow(new XlsxCell(m.Month, XlsxFormat.Month), m.Workshops);
        int monthLast = s.LastRow;
        if (view.Months.Count == 0) s.WriteRow("No workshops match these filters yet, so there is nothing to chart.");
        s.WriteRow();

        s.WriteRow(XlsxCell.BoldText("Sustainment at 30, 60 and 90 days (workshops)"));
        s.WriteRow(new[] { "Follow-up", "Sustained", "Partly", "Not sustained", "Not measured", "Not yet due" }.Select(XlsxCell.BoldText).ToArray());
        foreach (var c in view.Sustainment)
            s.WriteRow($"{c.Days} days", c.Sustained, c.Partly, c.NotSustained, c.NotMeasured, c.NotYetDue);
        s.WriteRow();

        s.WriteRow(XlsxCell.BoldText("Problems to look at (listed on the Problems sheet)"));
        s.WriteRow(XlsxCell.BoldText("List"), XlsxCell.BoldText("Count"));
        foreach (var (_, label, count) in view.Problems.Summary) s.WriteRow(label, count);
        s.WriteRow();

        s.WriteRow(XlsxCell.BoldText("How these figures are calculated"));
        foreach (var (term, text) in Definitions.All)
        {
            s.WriteRow(XlsxCell.BoldText(term));
            foreach (var line in Lines(text)) s.WriteRow(line);
        }
        s.WriteRow();
        s.WriteRow(XlsxCell.BoldText("The other sheets"));
        foreach (var line in Lines("Trusts and Value streams: the figures above for each trust and value stream, a row per measure, " +
            "with each value stream's target reduction. Workshops: a row per measure of every workshop in this view (completed, or planned " +
            "with its report-out passed; cancelled, stood-down and future workshops are left out, as in the figures). Process time is in hours, " +
            "error counts are counts over the baseline's window (stated in the Unit column), error rates are percentages. Follow-ups: a row per " +
            "measure per 30-, 60- and 90-day follow-up, with its due date, whether it is recorded, due or overdue, and whether the gain was " +
            "sustained. Problems: the problem-sensing lists, a row per record."))
            s.WriteRow(line);

        var anchorBottom = chartTop + chartRows;
        if (trustLast >= trustFirst && trustLast <= XlsxSheet.RetainedRows && keyLast - keyFirst == trustLast - trustFirst)
            s.AddBarChart("Reduction by trust", s.Range($"D{keyFirst}:D{keyLast}"),
                [s.Range($"B{trustFirst}:B{trustLast}"), s.Range($"C{trustFirst}:C{trustLast}"), s.Range($"D{trustFirst}:D{trustLast}")],
                new XlsxAnchor(1, chartTop, 4, anchorBottom),
                new XlsxChartOptions { ValueFormat = XlsxFormat.Percent, ValueAxisTitle = "Reduction (lower time and errors = higher bar)" });
        if (monthLast >= monthFirst && monthLast <= XlsxSheet.RetainedRows)
            s.AddLineChart("Workshops per month (by report-out date)", s.Range($"A{monthFirst}:A{monthLast}"),
                [s.Range($"B{monthFirst}:B{monthLast}")],
                new XlsxAnchor(10, chartTop, 14, anchorBottom),
                new XlsxChartOptions { ValueFormat = XlsxFormat.Integer, ValueAxisTitle = "Workshops" });
    }

    // ---- Trusts and value streams ---------------------------------------------------------------------------------

    public void WriteTrusts()
    {
        var s = workbook.AddSheet("Trusts", [new XlsxColumn("Trust"), new XlsxColumn("Code"), .. FigureColumns()]);
        var codes = view.Form.Trusts.ToDictionary(t => t.Id, t => t.Code);
        foreach (var k in view.RollUp.Kinds)
            s.WriteRow((XlsxCell[])[XlsxCell.Text("All (pooled)"), XlsxCell.Empty, .. KindAndFigures(k)]);
        foreach (var g in view.ByTrust.Rows)
            foreach (var k in g.RollUp.Kinds)
                s.WriteRow((XlsxCell[])[XlsxCell.Text(g.Name), XlsxCell.Text(codes.GetValueOrDefault(g.Id)), .. KindAndFigures(k)]);
    }

    public void WriteValueStreams()
    {
        var s = workbook.AddSheet("Value streams",
        [
            new XlsxColumn("Trust"), new XlsxColumn("Value stream"), new XlsxColumn("Status"),
            new XlsxColumn("Target reduction", XlsxFormat.Percent1), new XlsxColumn("Target met"), .. FigureColumns(),
        ]);
        // The view has rolled up every value stream with a workshop in the set; the others have nothing to roll up.
        var byStream = view.ByValueStream.Rows.ToDictionary(g => g.Id, g => g.RollUp);
        var nothing = RollUp.ForAll([], Checkpoint);
        var streams = view.Form.ValueStreams
            .Where(v => Filter.TrustId is not { } t || v.TrustId == t)
            .Where(v => Filter.ValueStreamId is not { } id || v.Id == id);
        foreach (var v in streams)
        {
            var rollUp = byStream.GetValueOrDefault(v.Id) ?? nothing;
            foreach (var k in rollUp.Kinds)
            {
                var target = v.TargetFor(k.Kind);
                var met = target is not { } t ? null : k.Headline is not { } h ? "No data yet" : h >= t ? "Yes" : "No";
                s.WriteRow((XlsxCell[])[XlsxCell.Text(v.TrustName), XlsxCell.Text(v.Name), XlsxCell.Text(StatusWords(v.Status)),
                    XlsxCell.Percent(target, 1), XlsxCell.Text(met), .. KindAndFigures(k)]);
            }
        }
    }

    static readonly string[] FigureHeaders =
    [
        "Reduction", "Hours removed / errors avoided", "Rate before", "Rate after", "n (workshops)", "Mean", "Median",
        "Improved", "Same (±1%)", "Got worse", "Awaiting data (measures)", "Note",
    ];

    static IEnumerable<XlsxColumn> FigureColumns() =>
    [
        new("Measure"), new(FigureHeaders[0], XlsxFormat.Percent1), new(FigureHeaders[1], XlsxFormat.Number1),
        new(FigureHeaders[2], XlsxFormat.Percent1), new(FigureHeaders[3], XlsxFormat.Percent1), new(FigureHeaders[4], XlsxFormat.Integer),
        new(FigureHeaders[5], XlsxFormat.Percent1), new(FigureHeaders[6], XlsxFormat.Percent1), new(FigureHeaders[7], XlsxFormat.Integer),
        new(FigureHeaders[8], XlsxFormat.Integer), new(FigureHeaders[9], XlsxFormat.Integer), new(FigureHeaders[10], XlsxFormat.Integer),
        new(FigureHeaders[11]),
    ];

    static IEnumerable<XlsxCell> KindAndFigures(KindRollUp k) => FigureCells(k).Prepend(XlsxCell.Text(Headline.KindName(k.Kind)));

    // One kind's roll-up as on screen: reduction, hours removed or errors avoided (or the pooled rate before and
    // after), n, mean, median, improved / same / worse, awaiting. Formats are explicit so they hold on any sheet.
    static IEnumerable<XlsxCell> FigureCells(KindRollUp k)
    {
        var note = new List<string>();
        if (k.Workshops == 0) note.Add("no workshop counted yet");
        if (k.AnyWindowScaled) note.Add("some after-counts scaled to the baseline window");
        return
        [
            Percent(k.Headline),
            XlsxCell.Number(k.AmountRemoved, XlsxFormat.Number1),
            Percent(k.PooledRateBefore),
            Percent(k.PooledRateAfter),
            XlsxCell.Integer(k.Workshops),
            Percent(k.Mean),
            Percent(k.Median),
            XlsxCell.Integer(k.Improved),
            XlsxCell.Integer(k.Same),
            XlsxCell.Integer(k.Worse),
            XlsxCell.Integer(k.Awaiting.Count),
            XlsxCell.Text(note.Count == 0 ? null : string.Join("; ", note)),
        ];
    }

    // ---- Workshops: a row per measure -----------------------------------------------------------------------------

    public void WriteWorkshops()
    {
        var s = workbook.AddSheet("Workshops",
        [
            new("Trust"), new("Value stream"), new("Workshop reference"), new("Title"), new("Status"),
            new("Start date", XlsxFormat.Date), new("Report-out date", XlsxFormat.Date), new("Measure kind"), new("Measure"), new("Unit"),
            new("Baseline", XlsxFormat.Number2), new("Target", XlsxFormat.Number2), new("Result at report-out", XlsxFormat.Number2),
            new("30 days", XlsxFormat.Number2), new("60 days", XlsxFormat.Number2), new("90 days", XlsxFormat.Number2),
            new("Reduction at report-out", XlsxFormat.Percent1), new("Note"),
        ]);
        var row = new XlsxCell[18];   // reused: the sheet copies what it keeps
        var limit = new RowLimit(s, "workshop measures");
        foreach (var w in view.Set.Workshops)
        {
            var measures = view.Set.MeasuresByWorkshop[w.Id];
            bool any = false;
            foreach (var m in measures)
            {
                any = true;
                if (!limit.Room()) return;
                FillWorkshop(row, w);
                var f = m.Facts;
                var baseline = MeasureMaths.BaselineValue(f);
                var result = MeasureMaths.ValueAt(f, Checkpoint.ReportOut);
                row[7] = Codes.Words(f.Kind);
                row[8] = m.Name;
                row[9] = Unit(f);
                row[10] = Value(f.Kind, baseline);
                row[11] = Value(f.Kind, f.Target);
                row[12] = Value(f.Kind, result);
                row[13] = Value(f.Kind, MeasureMaths.ValueAt(f, Checkpoint.Day30));
                row[14] = Value(f.Kind, MeasureMaths.ValueAt(f, Checkpoint.Day60));
                row[15] = Value(f.Kind, MeasureMaths.ValueAt(f, Checkpoint.Day90));
                row[16] = MeasureMaths.ReductionAt(f, Checkpoint.ReportOut) is { } reduction ? XlsxCell.Percent(reduction, 1) : XlsxCell.Empty;
                row[17] = MeasureNote(f);
                s.WriteRow(row);
            }
            if (!any)
            {
                if (!limit.Room()) return;
                Array.Clear(row);
                FillWorkshop(row, w);
                row[17] = "No measures recorded";
                s.WriteRow(row);
            }
        }
    }

    void FillWorkshop(XlsxCell[] row, WorkshopInfo w)
    {
        row[0] = w.TrustName;
        row[1] = w.ValueStreamName;
        row[2] = w.Reference;
        row[3] = w.Title;
        row[4] = Show.Status(w.Status);
        row[5] = startDates.TryGetValue(w.Id, out var start) ? XlsxCell.Date(start) : XlsxCell.Empty;
        row[6] = XlsxCell.Date(w.ReportOut);
    }

    static readonly (Checkpoint Checkpoint, string Label)[] ScaledLabels =
        [(Checkpoint.ReportOut, "report-out"), (Checkpoint.Day30, "30-day"), (Checkpoint.Day60, "60-day"), (Checkpoint.Day90, "90-day")];

    // Written for every measure, so it builds nothing when there is nothing to say (most measures).
    static string? MeasureNote(MeasureFacts f)
    {
        var missing = MeasureMaths.HasValueAt(f, Checkpoint.ReportOut) ? null : MeasureMaths.DescribeMissing(f, Checkpoint.ReportOut);
        string? scaled = null;
        var count = 0;
        if (f.Kind == MeasureKind.ErrorCount)
            foreach (var (checkpoint, label) in ScaledLabels)
                if (MeasureMaths.IsWindowScaled(f, checkpoint))
                {
                    scaled = scaled is null ? label : scaled + ", " + label;
                    count++;
                }
        if (scaled is not null)
            scaled = $"{scaled} count{(count == 1 ? " was" : "s were")} taken over a different window and scaled to the baseline's";
        return (missing, scaled) switch
        {
            (null, null) => null,
            ({ } m, null) => "Awaiting " + m,
            (null, { } sc) => sc,
            ({ } m, { } sc) => "Awaiting " + m + "; " + sc,
        };
    }

    // ---- Follow-ups: a row per measure per 30/60/90-day checkpoint ------------------------------------------------

    public void WriteFollowUps()
    {
        var s = workbook.AddSheet("Follow-ups",
        [
            new("Trust"), new("Value stream"), new("Workshop reference"), new("Title"), new("Report-out date", XlsxFormat.Date),
            new("Measure kind"), new("Measure"), new("Unit"), new("Follow-up (days)", XlsxFormat.Integer), new("Due date", XlsxFormat.Date),
            new("State"), new("Baseline", XlsxFormat.Number2), new("Result at report-out", XlsxFormat.Number2),
            new("Value", XlsxFormat.Number2), new("Target", XlsxFormat.Number2), new("Sustained?"),
        ]);
        var row = new XlsxCell[16];
        var limit = new RowLimit(s, "follow-ups");
        var today = view.Set.Today;
        foreach (var w in view.Set.Workshops)
            foreach (var m in view.Set.MeasuresByWorkshop[w.Id])
            {
                var f = m.Facts;
                var baseline = Value(f.Kind, MeasureMaths.BaselineValue(f));
                var result = Value(f.Kind, MeasureMaths.ValueAt(f, Checkpoint.ReportOut));
                var unit = Unit(f);
                foreach (var days in FollowUps.CheckpointDays)
                {
                    if (!limit.Room()) return;
                    var checkpoint = (Checkpoint)days;
                    var recorded = MeasureMaths.ReadingAt(f, checkpoint) is not null;
                    row[0] = w.TrustName;
                    row[1] = w.ValueStreamName;
                    row[2] = w.Reference;
                    row[3] = w.Title;
                    row[4] = XlsxCell.Date(w.ReportOut);
                    row[5] = Codes.Words(f.Kind);
                    row[6] = m.Name;
                    row[7] = unit;
                    row[8] = days;
                    row[9] = XlsxCell.Date(FollowUps.DueDate(w.ReportOut, days));
                    var closed = f.IsClosed(days);
                    row[10] = StateWords(FollowUps.State(w.ReportOut, days, recorded, today, closed));
                    row[11] = baseline;
                    row[12] = result;
                    row[13] = Value(f.Kind, MeasureMaths.ValueAt(f, checkpoint));
                    row[14] = Value(f.Kind, f.Target);
                    row[15] = !recorded && !closed ? XlsxCell.Empty : Sustainment.For(f, checkpoint) switch
                    {
                        SustainmentState.Sustained => "Sustained",
                        SustainmentState.NotSustained => "Not sustained",
                        _ => "Cannot tell (needs a baseline and a result, or a target)",
                    };
                    s.WriteRow(row);
                }
            }
    }

    static string StateWords(FollowUpState state) => state switch
    {
        FollowUpState.Recorded => "Recorded",
        FollowUpState.Overdue => "Overdue",
        FollowUpState.Due => "Due",
        FollowUpState.WontBeMeasured => "Won't be measured",
        _ => "Not yet due",
    };

    // ---- Problems: the problem-sensing lists, flattened -----------------------------------------------------------

    public void WriteProblems()
    {
        var s = workbook.AddSheet("Problems",
        [
            new("List"), new("Trust"), new("Value stream"), new("Workshop reference"), new("Workshop title"), new("Measure"),
            new("Date", XlsxFormat.Date), new("Date is"), new("Reduction", XlsxFormat.Percent1), new("Detail"),
        ]);
        var p = view.Problems;
        var labels = p.Summary.ToDictionary(x => x.Anchor, x => x.Label);
        var when = ReportFilter.Describe(Checkpoint);
        var row = new XlsxCell[10];   // reused: the sheet copies what it keeps
        void Write(XlsxCell list, XlsxCell trust, XlsxCell stream, XlsxCell reference, XlsxCell title, XlsxCell measure,
            XlsxCell date, XlsxCell dateIs, XlsxCell reduction, XlsxCell detail)
        {
            (row[0], row[1], row[2], row[3], row[4], row[5]) = (list, trust, stream, reference, title, measure);
            (row[6], row[7], row[8], row[9]) = (date, dateIs, reduction, detail);
            s.WriteRow(row);
        }

        foreach (var r in p.Worse)
            Write(labels["got-worse"], r.Workshop.TrustName, r.Workshop.ValueStreamName, r.Workshop.Reference, r.Workshop.Title,
                Codes.Words(r.Kind), XlsxCell.Date(r.Workshop.ReportOut), "report-out", XlsxCell.Percent(r.Reduction, 1),
                $"{Headline.KindName(r.Kind)}: {Show.Value(r.Kind, r.Before)} before, {Show.Value(r.Kind, r.After)} {when}");

        foreach (var r in p.NotSustained)
        {
            var w = r.Measure.Workshop;
            var kind = r.Measure.Facts.Kind;
            Write(labels["not-sustained"], w.TrustName, w.ValueStreamName, w.Reference, w.Title, r.Measure.Name,
                XlsxCell.Date(FollowUps.DueDate(w.ReportOut, r.Days)), FollowUpDue(r.Days), XlsxCell.Empty,
                $"{r.Days}-day follow-up {Show.Value(kind, r.FollowUp)}; baseline {Show.Value(kind, r.Baseline)}, report-out {Show.Value(kind, r.Result)}" +
                (r.Target is { } t ? $", target {Show.Value(kind, t)}" : ", no target"));
        }

        foreach (var r in p.NotMeasured)
        {
            var w = r.Measure.Workshop;
            Write(labels["not-measured"], w.TrustName, w.ValueStreamName, w.Reference, w.Title, r.Measure.Name,
                XlsxCell.Date(r.Due), FollowUpDue(r.Days), XlsxCell.Empty,
                $"{r.Days}-day follow-up won't be measured (counted as not sustained): {r.Reason}");
        }

        foreach (var r in p.Overdue)
            Write(labels["overdue"], r.Workshop.TrustName, r.Workshop.ValueStreamName, r.Workshop.Reference, r.Workshop.Title,
                string.Join("; ", r.Measures), XlsxCell.Date(r.Due), FollowUpDue(r.Days), XlsxCell.Empty,
                $"{r.Days}-day follow-up overdue since {Format.Date(r.Due)} for {r.Measures.Count} measure{(r.Measures.Count == 1 ? "" : "s")}");

        foreach (var r in p.Awaiting)
            Write(labels["awaiting"], r.Workshop.TrustName, r.Workshop.ValueStreamName, r.Workshop.Reference, r.Workshop.Title,
                r.Measure?.Name, XlsxCell.Date(r.Workshop.ReportOut), "report-out", XlsxCell.Empty,
                r.Measure is null ? "Needs " + r.Missing : $"{Codes.Words(r.Measure.Facts.Kind)} needs {r.Missing}");

        foreach (var r in p.Quiet)
            Write(labels["quiet"], r.ValueStream.TrustName, r.ValueStream.Name, XlsxCell.Empty, XlsxCell.Empty, XlsxCell.Empty,
                XlsxCell.Date(r.LastReportOut), r.LastReportOut is null ? null : "last report-out", XlsxCell.Empty,
                (r.LastReportOut is null ? "No workshop held yet" : $"No workshop held since {Format.Date(r.LastReportOut)}") +
                (r.NextReportOut is { } next ? $"; next report-out planned for {Format.Date(next)}" : "; none planned"));

        foreach (var r in p.Revised)
            Write(labels["revised"], r.TrustName, r.ValueStreamName, XlsxCell.Empty, XlsxCell.Empty, XlsxCell.Empty,
                XlsxCell.Date(LondonDate(r.At)), "revised", XlsxCell.Empty, $"Revised by {r.UserName}: {r.Reason}");
    }

    static string FollowUpDue(int days) => days switch
    {
        30 => "30-day follow-up due",
        60 => "60-day follow-up due",
        90 => "90-day follow-up due",
        _ => $"{days}-day follow-up due",
    };

    static DateOnly? LondonDate(string instant) =>
        string.IsNullOrEmpty(instant) ? null : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Iso.ParseInstant(instant), London).DateTime);

    // ---- Shared ---------------------------------------------------------------------------------------------------

    static XlsxCell Percent(double? fraction) => XlsxCell.Percent(fraction, 1);

    // A value in comparison units, in display units: process time in hours, an error count as a count over the
    // baseline's window, an error rate as a percentage (a fraction in a percent cell).
    static XlsxCell Value(MeasureKind kind, double? comparable) => comparable is not { } v ? XlsxCell.Empty : kind switch
    {
        MeasureKind.ProcessTime => XlsxCell.Number(TimeUnits.MinutesToHours(v), XlsxFormat.Number2),
        MeasureKind.ErrorCount => XlsxCell.Number(v, XlsxFormat.General),
        _ => XlsxCell.Percent(v, 1),
    };

    // One string per window length, not one per row: a sheet writes each distinct string once per run of rows.
    readonly Dictionary<double, string> errorUnits = [];

    string Unit(MeasureFacts f) => f.Kind switch
    {
        MeasureKind.ProcessTime => "hours",
        MeasureKind.ErrorRate => "% of opportunities",
        _ => f.Baseline?.Denominator is > 0 and var days
            ? errorUnits.TryGetValue(days, out var unit) ? unit : errorUnits[days] = $"errors per {Format.Amount(days)} days"
            : "errors",
    };

    static string StatusWords(string status) => Codes.ValueStreamStatuses.TryGetValue(status, out var words) ? words : status;

    // Text broken into lines of about LineLength characters at spaces.
    internal static IEnumerable<string> Lines(string text)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > LineLength)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    // A sheet holds at most 1,048,576 rows; the last one says that the rest were left out rather than fail.
    sealed class RowLimit(XlsxSheet sheet, string what)
    {
        public bool Room()
        {
            if (sheet.LastRow < XlsxRef.MaxRows - 1) return true;
            if (sheet.LastRow == XlsxRef.MaxRows - 1)
                sheet.WriteRow($"The sheet is full: the remaining {what} are not listed. Narrow the filters (dates, trust) to see them.");
            return false;
        }
    }
}
