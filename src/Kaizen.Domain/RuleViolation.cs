namespace Kaizen.Domain;

// Field is the name of the form's input property; Message says what is wrong and what is allowed.
public sealed record RuleViolation(string Field, string Message);

// Collects violations, keeping only the first per field: a person fixes one thing at a time, and the most basic
// problem (not a number, negative, missing) is checked first so its message is the one they see.
internal sealed class Violations
{
    readonly List<RuleViolation> list = [];

    public bool Has(string field) => list.Any(v => v.Field == field);

    public void Add(string field, string message)
    {
        if (!Has(field)) list.Add(new RuleViolation(field, message));
    }

    // A number must be an ordinary, non-negative number. Returns false (and records why) when it is not.
    public bool CheckNumber(string field, string what, double? value, Func<double, string>? show = null)
    {
        show ??= Formats.Number;
        if (value is not { } v) return true;
        if (!double.IsFinite(v))
        {
            Add(field, $"{Capital(what)} must be an ordinary number; {v.ToString(Formats.EnGb)} was entered.");
            return false;
        }
        if (v < 0)
        {
            Add(field, $"{Capital(what)} cannot be negative; enter zero or more ({show(v)} was entered).");
            return false;
        }
        return true;
    }

    // In the order the fields appear on the form, whatever order the rules ran in.
    public IReadOnlyList<RuleViolation> ToList(params string[] fieldOrder) =>
        list.OrderBy(v => Array.IndexOf(fieldOrder, v.Field) is var i && i < 0 ? int.MaxValue : i).ToList();

    static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
