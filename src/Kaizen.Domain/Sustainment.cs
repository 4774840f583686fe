namespace Kaizen.Domain;

public enum SustainmentState { NotMeasured, Sustained, NotSustained }

public enum WorkshopSustainment { NotMeasured, Sustained, Partly, NotSustained }

// Did the gain last? (docs/definitions.md §2). At a follow-up with value F, baseline B and report-out result A, all in
// comparison units (an error count's follow-up is rescaled to the baseline window first):
//   sustained when a target is set and F ≤ target, or when A < B and (B − F) ≥ ½ (B − A);
//   not sustained otherwise.
// The target rule needs only F and the target: meeting the target is enough whatever else is missing.
// Otherwise the half-the-gain rule needs B and A as well; if either is missing we cannot tell, so "not measured"
// rather than a verdict the data cannot support.
public static class Sustainment
{
    // followUp is Day30, Day60, Day90, or Latest (= the most recent follow-up; the report-out result is not a follow-up).
    public static SustainmentState For(MeasureFacts m, Checkpoint followUp)
    {
        var reading = followUp switch
        {
            Checkpoint.Day30 or Checkpoint.Day60 or Checkpoint.Day90 => MeasureMaths.ReadingAt(m, followUp),
            Checkpoint.Latest => MeasureMaths.LatestFollowUp(m),
            _ => throw new ArgumentOutOfRangeException(nameof(followUp), followUp, "Sustainment is judged at a follow-up: 30, 60, 90 days or latest."),
        };
        // Closed as "won't be measured" with no value: no evidence the gain lasted, so not sustained (docs/definitions.md §2).
        // For the latest follow-up, a closure later than the last value recorded is what counts.
        if (ClosedWithoutValue(m, followUp)) return SustainmentState.NotSustained;
        if (reading is null || MeasureMaths.Comparable(m, reading.Value) is not { } f) return SustainmentState.NotMeasured;

        if (m.Target is { } target && f <= target) return SustainmentState.Sustained;

        if (MeasureMaths.BaselineValue(m) is not { } b || MeasureMaths.ValueAt(m, Checkpoint.ReportOut) is not { } a)
            return SustainmentState.NotMeasured;

        return a < b && b - f >= 0.5 * (b - a) ? SustainmentState.Sustained : SustainmentState.NotSustained;
    }

    static bool ClosedWithoutValue(MeasureFacts m, Checkpoint followUp)
    {
        if (m.NotMeasured == NotMeasured.None) return false;
        if (followUp != Checkpoint.Latest)
            return m.IsClosed((int)followUp) && MeasureMaths.ReadingAt(m, followUp) is null;
        for (var days = 90; days >= 30; days -= 30)
        {
            if (MeasureMaths.ReadingAt(m, (Checkpoint)days) is not null) return false;
            if (m.IsClosed(days)) return true;
        }
        return false;
    }

    // Measures with no verdict are left out; a workshop with none measured is itself not measured.
    // Counted, not listed: the dashboard asks this for every workshop at every follow-up.
    public static WorkshopSustainment ForWorkshop(IEnumerable<SustainmentState> measureStates)
    {
        int measured = 0, sustained = 0;
        foreach (var state in measureStates)
        {
            if (state == SustainmentState.NotMeasured) continue;
            measured++;
            if (state == SustainmentState.Sustained) sustained++;
        }
        if (measured == 0) return WorkshopSustainment.NotMeasured;
        return sustained == measured ? WorkshopSustainment.Sustained
            : sustained > 0 ? WorkshopSustainment.Partly
            : WorkshopSustainment.NotSustained;
    }

    // The measures of ONE workshop, all kinds together.
    public static WorkshopSustainment ForWorkshop(IEnumerable<MeasureFacts> measures, Checkpoint followUp)
    {
        var list = measures.ToList();
        if (list.Select(m => m.WorkshopId).Distinct().Count() > 1)
            throw new ArgumentException("Measures from more than one workshop were given.", nameof(measures));
        return ForWorkshop(list.Select(m => For(m, followUp)));
    }
}
