using Kaizen.Web.Data;
using Kaizen.Web.Export;
using Kaizen.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using System.Data.Common;

namespace Kaizen.Web.Board;

// The monthly pack as a workbook: the programme workbook up to the month's end, titled for the board, with the
// pack's headlines (the frozen ones where the month's meeting was held) and the Reflections and Actions sheets.
public static class PackWorkbook
{
    public static Task<IActionResult> DownloadAsync(DbConnection c, PackView pack, DateOnly today)
    {
        var lines = new List<(string Label, string Text)>
        {
            ("Month", pack.Month.Label),
            ("This month", pack.ThisMonth.Headline.Shown),
            ("Cumulative", pack.Cumulative.Headline.Shown),
        };
        if (pack.IsFrozen && pack.MeetingsInMonth.LastOrDefault(m => m.HeldAt is not null) is { } held)
        {
            lines.Add(("Frozen", $"These headlines are the figures the board saw at its meeting of {Infrastructure.Format.Date(Iso.ParseDate(held.MeetingDate))}."));
            if (pack.AnyChanged)
                lines.Add(("Changed since", $"Records have changed since the meeting: now {pack.Cumulative.Headline.Current}. The sheets that follow show the current records."));
        }
        // Each count with its unit named, as on the pack; and what changed since the last held meeting.
        foreach (var count in ProblemCountWords.Of(pack.Current.Problems)) lines.Add((count.Label, count.Words));
        if (pack.Since.Since is { } since)
        {
            var on = Infrastructure.Format.Date(since.MeetingDate);
            lines.Add(("Since the meeting of " + on, $"{since.TrustsGotWorse.Count} trust(s) got worse: {string.Join("; ", since.TrustsGotWorse.Select(t => t.Code))}"));
            if (since.ListsComparable)
            {
                lines.Add(("Newly got worse", $"{since.NewWorseWorkshops} workshop(s)"));
                lines.Add(("Overdue since " + on, $"{since.NewOverdue.Count} follow-up(s), apart from {since.CarriedOverdue} carried over"));
                lines.Add(("Newly not sustained", $"{since.NewNotSustained.Count} follow-up(s), in {since.NewNotSustainedWorkshops} workshop(s)"));
            }
            else lines.Add(("Lists since " + on, SinceLastMeeting.CannotCompare));
            lines.Add(("Value streams revised since " + on, $"{since.RevisedValueStreams} value stream(s)"));
        }
        var options = new ReportWorkbookOptions
        {
            Title = $"Transformation Guiding Board pack: {pack.Month.Label}",
            SummaryLines = lines,
            AppendSheetsAsync = workbook =>
            {
                // The pack's "Statistical process control" table: the same summaries (Reports/ValueStreamSpc), the
                // figures as numbers and the icons in words.
                var spc = workbook.AddSheet("Statistical process control",
                    [new("Trust"), new("Value stream", width: 30, wrap: true), new("Measure", width: 30, wrap: true), new("Unit"),
                     new("Latest period", XlsxFormat.Date), new("Latest value", XlsxFormat.Number2), new("Mean", XlsxFormat.Number2),
                     new("Lower limit", XlsxFormat.Number2), new("Upper limit", XlsxFormat.Number2), new("Target", XlsxFormat.Number2),
                     new("Variation", width: 40, wrap: true), new("Assurance", width: 30, wrap: true)]);
                foreach (var m in pack.Spc)
                    spc.WriteRow(m.Measure.TrustCode, m.Measure.ValueStreamName, m.Measure.Name, m.Measure.Unit, m.Latest?.Start, m.Latest?.Value,
                        m.Limits?.Mean, m.Limits?.Lower, m.Limits?.Upper, m.Measure.Target, m.VariationWords, m.AssuranceWords);
                // A row per member's reflection: who, the rating in words and the note.
                var reflections = workbook.AddSheet("Reflections",
                    [new("Meeting", XlsxFormat.Date), new("Compact item", width: 60, wrap: true), new("Kind"), new("Member"), new("Rating"),
                     new("Note", width: 60, wrap: true)]);
                foreach (var row in pack.Trend.Rows)
                    for (var i = 0; i < pack.Trend.Meetings.Count; i++)
                        foreach (var r in row.Ratings[i])
                            reflections.WriteRow(pack.Trend.Meetings[i].Date, row.Text, BoardCodes.Words(BoardCodes.ItemKinds, row.Kind), r.Author,
                                BoardCodes.Words(BoardCodes.Ratings, r.Rating), r.Note ?? "");
                var actions = workbook.AddSheet("Actions",
                    [new("Action", width: 60, wrap: true), new("Owner"), new("Raised", XlsxFormat.Date), new("Due", XlsxFormat.Date),
                     new("Age (days)", XlsxFormat.Integer), new("Overdue")]);
                foreach (var a in pack.OpenActions)
                    actions.WriteRow(a.Action.Text, a.Action.OwnerName, a.Action.Raised, a.Action.Due, a.AgeDays, a.Overdue ? "Yes" : "No");
                return Task.CompletedTask;
            },
        };
        return ReportWorkbooks.DownloadAsync(ReportWorkbooks.FileName("pack-" + pack.Month.Key, today),
            async s => await ReportWorkbooks.WriteAsync(s, await pack.WorkbookSourceAsync(c), options));
    }
}
