namespace Meicheng.Core.Surveys;

/// <summary>A share of a sample with its 95 % Wilson score interval.</summary>
/// <param name="Successes">Answers counted (for a satisfaction survey: the satisfied).</param>
/// <param name="N">The sample size: every valid answer to the question.</param>
/// <param name="Share">Successes / N; null when N is 0.</param>
/// <param name="Low">Lower bound of the Wilson interval; null when N is 0.</param>
/// <param name="High">Upper bound of the Wilson interval; null when N is 0.</param>
public sealed record ProportionEstimate(int Successes, int N, double? Share, double? Low, double? High);

/// <summary>
/// The share of a sample and its Wilson score interval (Wilson 1927; Newcombe 1998, method 3, without continuity
/// correction), which unlike the normal (Wald) interval stays inside [0, 1] and behaves at small n and at shares near
/// 0 or 1, as a satisfaction share of 90 % or more is:
/// <c>(p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)</c>.
/// </summary>
public static class Proportion
{
    /// <summary>The two-sided 95 % normal quantile, Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    public static ProportionEstimate Wilson(int successes, int n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        if (n == 0)
            return new ProportionEstimate(successes, n, null, null, null);
        var p = (double)successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // At p = 0 or 1 the bound is exactly 0 or 1; rounding must not push it past.
        return new ProportionEstimate(successes, n, p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
