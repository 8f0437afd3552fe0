using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using static Meicheng.Core.Tests.Evaluation.Eval;

namespace Meicheng.Core.Tests.Evaluation;

public sealed class ProjectionTests
{
    [Fact]
    public void Linear_trend_and_cagr_projections_of_the_cli_example()
    {
        // Points (2015, 100), (2020, 80): the least-squares line is the line through them, slope −4 a year.
        // 2030: 100 − 4·15 = 40 ≤ 50 → meets. Reached when 100 − 4(t − 2015) ≤ 50 → t ≥ 2027.5 → 2028.
        // CAGR: 80·(0.8^(1/5))^10 = 80·0.8² = 51.2 > 50 → does not meet; 80·0.8^((t − 2020)/5) ≤ 50
        // → (t − 2020)/5 ≥ ln 0.625 / ln 0.8 = 2.10628 → t ≥ 2030.53 → 2031.
        var target = Target(50, 2030, Comparator.AtMost, Direction.Down, baselineYear: 2015, baselineValue: 100);
        var r = Run(target, 2020, ProgressMethod.Eurostat, (2020, 80));
        var linear = r.Projections.Single(p => p.Method == "linear-trend");
        var cagr = r.Projections.Single(p => p.Method == "cagr");
        Assert.Equal(40, linear.ValueAtTargetYear!.Value, 9);
        Assert.True(linear.MeetsTarget);
        Assert.Equal(2028, linear.YearReached);
        Assert.Equal(51.2, cagr.ValueAtTargetYear!.Value, 9);
        Assert.False(cagr.MeetsTarget);
        Assert.Equal(2031, cagr.YearReached);
    }

    [Fact]
    public void Least_squares_uses_every_point()
    {
        // (2020, 0), (2021, 1), (2022, 5) with a stated baseline of 0 in 2020: x̄ = 2021, ȳ = 2,
        // slope = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)² = ((−1)(−2) + 0 + (1)(3))/2 = 2.5; value at 2026 = 2 + 2.5·5 = 14.5.
        var target = Target(20, 2026, baselineYear: 2020, baselineValue: 0);
        var r = Run(target, 2022, ProgressMethod.Linear, (2021, 1), (2022, 5));
        var linear = r.Projections.Single(p => p.Method == "linear-trend");
        Assert.Equal(14.5, linear.ValueAtTargetYear!.Value, 9);
        Assert.False(linear.MeetsTarget);
        // 2 + 2.5(t − 2021) ≥ 20 → t ≥ 2028.2 → 2029.
        Assert.Equal(2029, linear.YearReached);
        // Growth from 0 is undefined: no CAGR projection.
        Assert.Null(r.Projections.Single(p => p.Method == "cagr").ValueAtTargetYear);
    }

    [Fact]
    public void Moving_away_is_never_at_current_pace()
    {
        var target = Target(200, 2030, baselineYear: 2020, baselineValue: 100);
        var r = Run(target, 2025, ProgressMethod.Un, (2025, 90));
        Assert.All(r.Projections, p => Assert.Null(p.YearReached));
        Assert.All(r.Projections, p => Assert.False(p.MeetsTarget));
    }

    [Fact]
    public void Already_met_is_reached_in_the_latest_year()
    {
        var target = Target(200, 2030, baselineYear: 2020, baselineValue: 100);
        var r = Run(target, 2025, ProgressMethod.Un, (2025, 210));
        Assert.All(r.Projections, p => Assert.Equal(2025, p.YearReached));
    }

    [Fact]
    public void Annual_rate_projections_are_average_rates()
    {
        // 8% in 2025 (base 2024): the CAGR projection keeps the 8% average; the linear-trend index 100 → 108 gives 116 in 2026,
        // 124 in 2027: average (1.24)^(1/3) − 1 = 7.4337%.
        var target = Target(10, 2027, kind: TargetKind.AnnualRate, startYear: 2025);
        var r = Run(target, 2025, ProgressMethod.Eurostat, (2025, 8));
        Assert.Equal(8, r.Projections.Single(p => p.Method == "cagr").ValueAtTargetYear!.Value, 9);
        Assert.Equal(7.4337, r.Projections.Single(p => p.Method == "linear-trend").ValueAtTargetYear!.Value, 4);
        Assert.All(r.Projections, p => Assert.Null(p.YearReached));
    }
}
