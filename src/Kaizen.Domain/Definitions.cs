namespace Kaizen.Domain;

// The definitions behind every figure, in words, for the app's help panels and every export (docs/definitions.md §1).
// Written for a board member who has not read the specification. Keep them in step with RollUp, Sustainment and Xmr.
public static class Definitions
{
    public const string ProcessTime =
        "Process time is how long one pass through the process takes, start to finish, measured before the workshop " +
        "(baseline) and after it. We add up the before times and the after times of every workshop counted and report " +
        "the reduction as (total before − total after) ÷ total before, so a workshop that saved many hours weighs more " +
        "than one that saved a few. Hours removed is total before − total after, in hours. We also show the mean and the " +
        "median of the workshops' own reductions.";

    public const string ErrorCount =
        "Error count is the number of errors counted over an observation window of a stated number of days. If the " +
        "after-count was taken over a different number of days from the baseline, it is scaled to the baseline's window " +
        "(for example 6 errors in 7 days becomes 12 errors over a 14-day baseline) and the figure is marked as scaled. " +
        "The reduction is (total errors before − total errors after) ÷ total errors before, over every workshop counted; " +
        "errors avoided is total before − total after.";

    public const string ErrorRate =
        "Error rate is errors divided by opportunities (the number of times an error could have happened), shown as a " +
        "percentage. Each workshop's rate pools all its error-rate measures (all its errors ÷ all its opportunities), " +
        "before and after. A workshop's reduction is 1 − rate after ÷ rate before. The headline is the average of the " +
        "workshops' reductions, so each workshop counts once whatever its volume. We also show the median and the " +
        "overall rate before and after across all workshops counted.";

    public const string Workshops =
        "n is the number of workshops a figure rests on: the workshops with at least one measure of that kind that has " +
        "both a baseline and a value at the chosen checkpoint. A figure resting on few workshops can move a lot from " +
        "one month to the next.";

    public const string ImprovedSameWorse =
        "A workshop improved when its reduction is more than 1%, stayed the same when it is between −1% and +1%, and " +
        "got worse when it is below −1%, that is when the process became slower or more error-prone. Workshops that got " +
        "worse are counted and shown with negative reductions, never left out.";

    public const string AwaitingData =
        "Awaiting data lists measures that cannot be counted yet, and what each still needs: a baseline, a result at " +
        "report-out, a follow-up, or (for error rates) the number of opportunities. They are left out of the figures and " +
        "out of n, and shown here so that missing data is visible rather than silently dropped. A follow-up closed as " +
        "\"won't be measured\" is not awaiting data, because no value will come: at that checkpoint it is left out of " +
        "the figures and of awaiting data, and listed among the problems with its reason.";

    public const string Sustainment =
        "A measure is sustained at a follow-up if its value then meets the target (when a target is set), or if it " +
        "still keeps at least half of the improvement seen at report-out. For example, a process that went from 100 to " +
        "40 minutes is sustained at 70 minutes or less. A workshop is sustained when all its measures with a follow-up " +
        "are sustained, partly sustained when some are, and not sustained when none are. A follow-up is due 30, 60 and " +
        "90 days after the report-out; its value can be recorded from that date, and it is overdue once that date has " +
        "passed with no value. A follow-up closed as \"won't be measured\" (with its reason) is no longer overdue; it " +
        "counts as not sustained, because there is no evidence the gain lasted, and it is listed among the problems " +
        "with its reason.";

    public const string Checkpoints =
        "A checkpoint is when the after value is read: at the report-out (the last day of the workshop), at the 30-, " +
        "60- or 90-day follow-up, or the latest available (the most recent follow-up, else the report-out result). " +
        "Every figure is compared with the baseline measured before the workshop. For all measures, lower is better.";

    public const string Xmr =
        "Charts over time follow NHS England's Making Data Count (XmR charts). The centre line is the mean; the process " +
        "limits are the mean ± 2.66 × the average difference between consecutive points. Points inside the limits vary " +
        "as the process usually does. A point is marked as a special cause when it is outside the limits, is part of a " +
        "run of 7 or more points on one side of the mean, is part of 7 or more points each rising (or each falling), or " +
        "is one of two out of three points in a row beyond two-thirds of the way to a limit on the same side.";

    public static IReadOnlyList<(string Term, string Text)> All =>
    [
        ("Process time", ProcessTime),
        ("Error count", ErrorCount),
        ("Error rate", ErrorRate),
        ("Number of workshops (n)", Workshops),
        ("Improved, same, got worse", ImprovedSameWorse),
        ("Awaiting data", AwaitingData),
        ("Sustainment", Sustainment),
        ("Checkpoints", Checkpoints),
        ("Statistical process control (XmR)", Xmr),
    ];
}
