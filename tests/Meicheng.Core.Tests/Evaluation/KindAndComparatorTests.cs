using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using static Meicheng.Core.Tests.Evaluation.Eval;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>Kinds (cumulative, annual rate, change, share, count) and comparators (about, =, &lt;, &gt;, reach).</summary>
public sealed class KindAndComparatorTests
{
    [Fact]
    public void Cumulative_progress_is_built_so_far_over_the_amount()
    {
        // 新增 100 over 2021–2024: baseline 0 at 2020. 2022: 40 built.
        // Linear: E_2022 = 100·2/4 = 50, P = 40/50 = 0.8 → off track.
        // Eurostat: growth from 0 undefined → Δ_a = 40/2 = 20, Δ_r = 100/4 = 25, RR = 0.8 → moderate.
        var target = Target(100, 2024, Comparator.Reach, kind: TargetKind.Cumulative, startYear: 2021);
        var linear = Run(target, 2022, ProgressMethod.Linear, (2021, 15), (2022, 40));
        Assert.Equal(0.8, linear.Ratio!.Value, 9);
        Assert.Equal(50, Step(linear, "E_t"), 9);
        var eurostat = Run(target, 2022, ProgressMethod.Eurostat, (2021, 15), (2022, 40));
        Assert.Equal(0.8, eurostat.Ratio!.Value, 9);
        Assert.Equal("moderate", eurostat.MethodStatus);
        // Open SDG: 0 → 0.001: CAGR_o = (40/0.001)^(1/2) − 1 = 199; CAGR_r = (100/0.001)^(1/4) − 1 = 16.782794; R = 11.857384.
        var openSdg = Run(target, 2022, ProgressMethod.OpenSdg, (2021, 15), (2022, 40));
        Assert.Equal(11.857384, openSdg.Ratio!.Value, 5);
        // Built 100 by 2024: achieved, met.
        Assert.Equal(Outcome.Met, Run(target, 2024, ProgressMethod.Linear, (2022, 40), (2024, 100)).Outcome);
    }

    [Fact]
    public void Annual_rate_is_the_average_observed_rate_against_the_target_rate()
    {
        // ≥ 10% a year over 2025–2027 (index base 2024). 2025: 8% → I = 108, r̄ = 8%.
        // Eurostat on the index: CAGR_a = 0.08, CAGR_r = (133.1/100)^(1/3) − 1 = 0.1, RR = 0.8 → moderate.
        var target = Target(10, 2027, kind: TargetKind.AnnualRate, startYear: 2025);
        var r = Run(target, 2025, ProgressMethod.Eurostat, (2025, 8));
        Assert.Equal(0.8, r.Ratio!.Value, 9);
        Assert.Equal(8, r.AssessedValue!.Value, 9);
        Assert.Equal(133.1, Step(r, "I*"), 9);
        Assert.Equal("moderate", r.MethodStatus);
    }

    [Fact]
    public void Annual_rate_about_is_met_within_the_band_but_settled_only_by_the_final_year()
    {
        // About 6.5% (band 6.5 ± 0.325) over 2025–2027. 2025: 6%, 2026: 7% → I = 106·1.07 = 113.42,
        // r̄ = √1.1342 − 1 = 6.4988% → within the band; not final → on track, not achieved.
        var target = Target(6.5, 2027, Comparator.About, kind: TargetKind.AnnualRate, startYear: 2025);
        var open = Run(target, 2026, ProgressMethod.Linear, (2025, 6), (2026, 7));
        Assert.Equal(6.4988, open.AssessedValue!.Value, 4);
        Assert.Equal(ProgressStatus.OnTrack, open.Status);
        Assert.Equal(Outcome.Open, open.Outcome);
        // 2027: 5% → I = 119.091, r̄ = 1.19091^(1/3) − 1 = 5.9969% < 6.175: missed.
        var final = Run(target, 2027, ProgressMethod.Linear, (2025, 6), (2026, 7), (2027, 5));
        Assert.Equal(5.9969, final.AssessedValue!.Value, 4);
        Assert.Equal(Outcome.Missed, final.Outcome);
        Assert.Equal(ProgressStatus.OffTrack, final.Status);
    }

    [Fact]
    public void Annual_rate_gap_years_take_the_reported_rate_as_the_average_over_the_gap()
    {
        // Base 2024; only 2026 reported at 10%: I_2026 = 100·1.1² = 121, r̄ = 10%.
        var target = Target(10, 2027, kind: TargetKind.AnnualRate, startYear: 2025);
        var r = Run(target, 2026, ProgressMethod.Eurostat, (2026, 10));
        Assert.Equal(10, r.AssessedValue!.Value, 9);
        Assert.Equal(121, Step(r, "I_t"), 9);
    }

    [Fact]
    public void Change_against_a_base_year_starts_at_zero()
    {
        // 比2005年下降70%以上 by 2030: observations are the reduction since 2005. 2025: 60.
        // Linear: E_2025 = 70·20/25 = 56, P = 60/56 = 1.071429 → on track.
        var target = Target(70, 2030, kind: TargetKind.Change, baselineYear: 2005, startYear: 2025);
        var r = Run(target, 2025, ProgressMethod.Linear, (2020, 48), (2025, 60));
        Assert.Equal(1.071429, r.Ratio!.Value, 6);
        Assert.Equal(ProgressStatus.OnTrack, r.Status);
    }

    [Fact]
    public void About_counts_distance_not_side_with_a_five_percent_band()
    {
        // About 100 (band ±5) by 2030 from 50 in 2020.
        var target = Target(100, 2030, Comparator.About, baselineYear: 2020, baselineValue: 50);
        Assert.Equal(ProgressStatus.Achieved, Run(target, 2025, ProgressMethod.Linear, (2025, 104)).Status);
        Assert.Equal(ProgressStatus.Achieved, Run(target, 2025, ProgressMethod.Linear, (2025, 95)).Status);
        // 106 is 6 away: judged as 94. E_2025 = 75, P = (94 − 50)/(75 − 50) = 1.76 → on track (not achieved).
        var over = Run(target, 2025, ProgressMethod.Linear, (2025, 106));
        Assert.Equal(94, Step(over, "y_eff"), 9);
        Assert.Equal(1.76, over.Ratio!.Value, 9);
        Assert.Equal(ProgressStatus.OnTrack, over.Status);
        // The tolerance is an option: ±10% makes 106 met.
        var wide = Progress.Evaluate(target, Obs((2025, 106)), 2025, ProgressMethod.Linear, new EvaluationOptions(AboutTolerance: 0.10));
        Assert.Equal(ProgressStatus.Achieved, wide.Status);
        Assert.Contains(wide.Method.Parameters, p => p.Name == "aboutTolerance" && p.Value == 0.10);
    }

    [Fact]
    public void Equal_to_a_hundred_percent_share_held()
    {
        // 保持100%: baseline 100 (2020), = 100 by 2025.
        var target = Target(100, 2025, Comparator.EqualTo, kind: TargetKind.Share, baselineYear: 2020, baselineValue: 100);
        Assert.Equal(ProgressStatus.Achieved, Run(target, 2023, ProgressMethod.Un, (2023, 100)).Status);
        var slipped = Run(target, 2023, ProgressMethod.Un, (2023, 99));
        Assert.Equal("deterioration", slipped.MethodStatus);
        Assert.Null(slipped.Ratio);
    }

    [Theory]
    [InlineData(Comparator.LessThan, 28, 27.9, ProgressStatus.Achieved)]
    [InlineData(Comparator.LessThan, 28, 28, ProgressStatus.OnTrack)]
    [InlineData(Comparator.AtMost, 28, 28, ProgressStatus.Achieved)]
    [InlineData(Comparator.GreaterThan, 90, 90, ProgressStatus.OnTrack)]
    [InlineData(Comparator.GreaterThan, 90, 90.1, ProgressStatus.Achieved)]
    [InlineData(Comparator.AtLeast, 90, 90, ProgressStatus.Achieved)]
    public void Strict_and_non_strict_comparators_at_the_target_value(Comparator comparator, double targetValue, double observed, ProgressStatus expected)
    {
        // Baseline 40 (2020) for falling targets, 60 for rising ones; target year 2030; judged in 2025 where on the line
        // the value is already at the target, so a not-met value is far ahead of the line (on track).
        var baseline = comparator is Comparator.LessThan or Comparator.AtMost ? 40 : 60;
        var target = Target(targetValue, 2030, comparator, baselineYear: 2020, baselineValue: baseline, kind: TargetKind.Share);
        Assert.Equal(expected, Run(target, 2025, ProgressMethod.Linear, (2025, observed)).Status);
    }

    [Fact]
    public void Count_reach_target()
    {
        // Reach 30 parks by 2027 from 12 in 2024; 2025: 18. Linear E = 12 + 18/3 = 18, P = 6/6 = 1 → on track.
        var target = Target(30, 2027, Comparator.Reach, kind: TargetKind.Count, baselineYear: 2024, baselineValue: 12);
        var r = Run(target, 2025, ProgressMethod.Linear, (2025, 18));
        Assert.Equal(1, r.Ratio!.Value, 9);
    }
}
