namespace Kaizen.Domain;

// Exact sums. Each value is converted once to a whole number of 10⁻¹² units (Int128), and the sums are of those:
// integer addition gives the same bits whatever the order and grouping, and subtracting a value added earlier takes
// it out exactly. So figures kept up to date one write at a time (adding a workshop's new contribution, taking its
// old one out) equal the same figures computed from scratch, bit for bit. Summing doubles would not: the result
// depends on the order of the additions.
public static class Fixed
{
    public const double Scale = 1e12;

    // Far beyond any real measure (10¹⁸ minutes); clamped so that a nonsense value cannot overflow one conversion.
    // Sums wrap rather than throw (unchecked Int128), which keeps them exact and order-independent even then.
    const double Limit = 1e30;

    public static Int128 From(double value)
    {
        var scaled = Math.Round(value * Scale, MidpointRounding.ToEven);
        if (double.IsNaN(scaled)) return Int128.Zero;
        return (Int128)Math.Clamp(scaled, -Limit, Limit);
    }

    public static double ToDouble(Int128 units) => (double)units / Scale;

    public static string Text(Int128 units) => units.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Int128 Parse(string text) => Int128.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}

// What a set of workshops adds up to for one kind at one checkpoint: everything the roll-up's figures need except the
// median (an order statistic) and the lists. One workshop's contribution is a FigureSums with Workshops = 1.
// Before/After: comparison units for process time and error count; errors for error rate, with opportunities in
// BeforePer/AfterPer (so that rates pool).
public record struct FigureSums
{
    public int Workshops { get; set; }
    public int Improved { get; set; }
    public int Same { get; set; }
    public int Worse { get; set; }
    // Workshops with a measure whose after-count was rescaled to the baseline window (error count).
    public int WindowScaled { get; set; }
    public Int128 Before { get; set; }
    public Int128 BeforePer { get; set; }
    public Int128 After { get; set; }
    public Int128 AfterPer { get; set; }
    // Σ of the workshops' reductions, each converted once (for the mean).
    public Int128 Reductions { get; set; }

    // Adds and subtracts without multiplying by a sign: Int128 arithmetic is done in software, and grouping a national
    // roll-up by trust adds a few hundred thousand of these.
    public void Add(in FigureSums o)
    {
        Workshops += o.Workshops;
        Improved += o.Improved;
        Same += o.Same;
        Worse += o.Worse;
        WindowScaled += o.WindowScaled;
        unchecked
        {
            Before += o.Before;
            BeforePer += o.BeforePer;
            After += o.After;
            AfterPer += o.AfterPer;
            Reductions += o.Reductions;
        }
    }

    public void Subtract(in FigureSums o)
    {
        Workshops -= o.Workshops;
        Improved -= o.Improved;
        Same -= o.Same;
        Worse -= o.Worse;
        WindowScaled -= o.WindowScaled;
        unchecked
        {
            Before -= o.Before;
            BeforePer -= o.BeforePer;
            After -= o.After;
            AfterPer -= o.AfterPer;
            Reductions -= o.Reductions;
        }
    }

    // Pooled before and after: summed values (time, count) or Σerrors ÷ Σopportunities (rate).
    public readonly (double Before, double After) Pooled(MeasureKind kind) =>
        kind == MeasureKind.ErrorRate
            ? (Fixed.ToDouble(Before) / Fixed.ToDouble(BeforePer), Fixed.ToDouble(After) / Fixed.ToDouble(AfterPer))
            : (Fixed.ToDouble(Before), Fixed.ToDouble(After));

    public readonly bool IsEmpty => Workshops == 0 && Improved == 0 && Same == 0 && Worse == 0 && WindowScaled == 0
        && Before == 0 && BeforePer == 0 && After == 0 && AfterPer == 0 && Reductions == 0;
}
