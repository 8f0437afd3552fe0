using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using static Meicheng.Core.Tests.Evaluation.Eval;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>Progress without a target: Eurostat's and Open SDG's trend rules.</summary>
public sealed class TrendTests
{
    [Theory]
    // 100 → 102.01 over two years: CAGR = 1% exactly → not above 1%: moderate.
    [InlineData(102.01, "moderate")]
    // 100 → 104.04: 2% → significant.
    [InlineData(104.04, "significant")]
    // 100 → 99: −0.5013% → moderate-away.
    [InlineData(99, "moderate-away")]
    // 100 → 96.04: −2% → significant-away.
    [InlineData(96.04, "significant-away")]
    public void Eurostat_without_a_target(double latest, string word)
    {
        var r = Progress.EvaluateTrend(Obs((2020, 100), (2022, latest)), Direction.Up, 2022, ProgressMethod.Eurostat);
        Assert.Equal(word, r.MethodStatus);
    }

    [Fact]
    public void Open_sdg_without_a_target_scales_thresholds_near_a_natural_limit()
    {
        // Share at 95% with a natural maximum of 100: b = 95 ≤ L, C = 1 − 0.95^4.44 = 1 − 0.796329 = 0.203671.
        // 95 → 96 over 2 years: CAGR = √(96/95) − 1 = 0.0052494; 1.5%·C = 0.0030551 → substantial (unscaled it would be moderate).
        var r = Progress.EvaluateTrend(Obs((2020, 95), (2022, 96)), Direction.Up, 2022, ProgressMethod.OpenSdg, naturalLimit: 100);
        Assert.Equal(0.203671, Step(r, "C"), 5);
        Assert.Equal("substantial", r.MethodStatus);
        Assert.Equal("moderate", Progress.EvaluateTrend(Obs((2020, 95), (2022, 96)), Direction.Up, 2022, ProgressMethod.OpenSdg).MethodStatus);
        Assert.Null(r.Score);
    }

    [Theory]
    // b ≥ 2L → 1; b = L → 1 − 1 = 0; between: b = 150, L = 100: 1 − (50/100)^4.44 = 1 − 0.046071 = 0.953929; b = 50 ≤ L: 1 − (50/100)^4.44, the same.
    [InlineData(250, 100, 1)]
    [InlineData(100, 100, 0)]
    [InlineData(150, 100, 0.953929)]
    [InlineData(50, 100, 0.953929)]
    public void Natural_limit_correction(double baseValue, double limit, double expected) =>
        Assert.Equal(expected, ProgressMethods.NaturalLimitCorrection(baseValue, limit), 5);

    [Fact]
    public void Trend_needs_two_years_a_direction_and_a_method_that_allows_no_target()
    {
        Assert.Equal(ProgressStatus.NoData, Progress.EvaluateTrend(Obs((2020, 1)), Direction.Up, 2022, ProgressMethod.Eurostat).Status);
        Assert.Equal(ProgressStatus.NoData, Progress.EvaluateTrend(Obs((2020, 1), (2021, 2)), Direction.None, 2022, ProgressMethod.Eurostat).Status);
        Assert.Equal(ProgressStatus.NoData, Progress.EvaluateTrend(Obs((2020, 1), (2021, 2)), Direction.Up, 2022, ProgressMethod.Linear).Status);
        Assert.Equal(ProgressStatus.NoData, Progress.EvaluateTrend(Obs((2020, 1), (2021, 2)), Direction.Up, 2022, ProgressMethod.Un).Status);
    }

    [Fact]
    public void Down_direction_flips_the_sign()
    {
        // 100 → 96.04 over 2 years, down is better: g = −1·(−2%) = 2% → significant.
        var r = Progress.EvaluateTrend(Obs((2020, 100), (2022, 96.04)), Direction.Down, 2022, ProgressMethod.Eurostat);
        Assert.Equal(0.02, r.Ratio!.Value, 9);
        Assert.Equal("significant", r.MethodStatus);
    }
}
