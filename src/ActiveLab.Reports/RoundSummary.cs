namespace ActiveLab.Reports;

/// <summary>
/// One round of one method's curve: mean and population standard deviation (ddof = 0, as the paper's bands and the
/// reference tables use) over the runs that have a finite value.
/// </summary>
/// <param name="Round">Round index, 0-based.</param>
/// <param name="Mean">Mean over runs (NaN when no run has a value).</param>
/// <param name="Std">Population standard deviation over runs (NaN when no run has a value).</param>
/// <param name="Runs">Number of runs averaged.</param>
public sealed record RoundSummary(int Round, double Mean, double Std, int Runs)
{
    /// <summary>Mean and population std of the finite values in <paramref name="values"/> (NaNs are not runs).</summary>
    public static RoundSummary Of(int round, IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        var finite = new List<double>();
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            finite.Add(v);
            sum += v;
            n++;
        }
        if (n == 0) return new RoundSummary(round, double.NaN, double.NaN, 0);
        double mean = sum / n;
        double squares = 0;
        foreach (double v in finite) squares += (v - mean) * (v - mean);
        return new RoundSummary(round, mean, Math.Sqrt(squares / n), n);
    }
}
