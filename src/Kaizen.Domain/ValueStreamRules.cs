namespace Kaizen.Domain;

// A value stream's target reductions, one per measure kind, as fractions (0.5 = reduce by half).
// The form takes percentages and divides by 100 before calling; the messages speak in percentages for that reason.
// A target is optional; when set it must be a real reduction that is not total: more than 0% and less than 100%.
public static class ValueStreamRules
{
    public static IReadOnlyList<RuleViolation> Validate(double? targetProcessTime, double? targetErrorCount, double? targetErrorRate)
    {
        var v = new Violations();
        Check(v, "TargetProcessTime", "process time", targetProcessTime);
        Check(v, "TargetErrorCount", "error count", targetErrorCount);
        Check(v, "TargetErrorRate", "error rate", targetErrorRate);
        return v.ToList();
    }

    static void Check(Violations v, string field, string what, double? target)
    {
        if (target is not { } t) return;
        if (!double.IsFinite(t))
            v.Add(field, $"The target reduction in {what} must be an ordinary number; {t.ToString(Formats.EnGb)} was entered.");
        else if (t <= 0 || t >= 1)
            v.Add(field, $"The target reduction in {what} must be more than 0% and less than 100%; {Formats.Percent(t)} was entered.");
    }
}
