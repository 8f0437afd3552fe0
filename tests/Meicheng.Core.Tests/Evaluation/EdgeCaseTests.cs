using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using static Meicheng.Core.Tests.Evaluation.Eval;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>The edge cases the methods define explicitly: never NaN, never an exception.</summary>
public sealed class EdgeCaseTests
{
    public static TheoryData<ProgressMethod> Methods => [ProgressMethod.Linear, ProgressMethod.Eurostat, ProgressMethod.Un, ProgressMethod.OpenSdg];

    [Fact]
    public void Zero_baseline_falls_back_to_absolute_changes_for_eurostat_and_un()
    {
        // y0 = 0 (2020), y* ≥ 10 (2030), 2025: 4. Growth rates from 0 are undefined.
        // Δ_a = (4 − 0)/5 = 0.8; Δ_r = (10 − 0)/10 = 1; ratio = 0.8 → Eurostat moderate, UN fair.
        var target = Target(10, 2030, baselineYear: 2020, baselineValue: 0);
        var eurostat = Run(target, 2025, ProgressMethod.Eurostat, (2025, 4));
        var un = Run(target, 2025, ProgressMethod.Un, (2025, 4));
        Assert.Equal(0.8, eurostat.Ratio!.Value, 9);
        Assert.Equal(0.8, Step(eurostat, "Δ_a"), 9);
        Assert.Equal("moderate", eurostat.MethodStatus);
        Assert.Equal("fair", un.MethodStatus);
        Assert.Contains(eurostat.Explanation.Notes, n => n.Contains("growth rates are undefined", StringComparison.Ordinal));
        // Linear: E_2025 = 5, P = 4/5 = 0.8 → off track.
        var linear = Run(target, 2025, ProgressMethod.Linear, (2025, 4));
        Assert.Equal(0.8, linear.Ratio!.Value, 9);
        Assert.Equal("off-track", linear.MethodStatus);
    }

    [Fact]
    public void Zero_baseline_is_replaced_by_a_thousandth_for_open_sdg()
    {
        // y0 = 0 → 0.001. CAGR_o = (4/0.001)^(1/5) − 1 = 4000^0.2 − 1 = 5.253055 − 1 = 4.253055;
        // CAGR_r = (10/0.001)^(1/10) − 1 = 10000^0.1 − 1 = 2.511886 − 1 = 1.511886; R = 2.813079 → substantial, score min(…, 5) = 5.
        var r = Run(Target(10, 2030, baselineYear: 2020, baselineValue: 0), 2025, ProgressMethod.OpenSdg, (2025, 4));
        Assert.Equal(2.813079, r.Ratio!.Value, 6);
        Assert.Equal("substantial", r.MethodStatus);
        Assert.Equal(5, r.Score);
        Assert.Contains(r.Explanation.Notes, n => n.Contains("0.001", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Negative_baseline_uses_absolute_changes(ProgressMethod method)
    {
        // y0 = −10 (2020), y* ≥ 10 (2030), 2025: 0. Linear E_2025 = 0, P = 10/10 = 1;
        // growth methods: Δ_a = 10/5 = 2, Δ_r = 20/10 = 2, ratio 1. All on track.
        var r = Run(Target(10, 2030, baselineYear: 2020, baselineValue: -10), 2025, method, (2025, 0));
        Assert.Equal(1, r.Ratio!.Value, 9);
        Assert.Equal(ProgressStatus.OnTrack, r.Status);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Target_met_at_baseline_and_still_met_is_achieved(ProgressMethod method)
    {
        // PM2.5 ≤ 28 by 2027; 25 in 2020 already meets it; 26 in 2023 still does.
        var target = Target(28, 2027, Comparator.AtMost, Direction.Down, baselineYear: 2020, baselineValue: 25);
        var r = Run(target, 2023, method, (2023, 26));
        Assert.Equal(ProgressStatus.Achieved, r.Status);
    }

    [Theory]
    [InlineData(ProgressMethod.Linear, "off-track", null)]
    [InlineData(ProgressMethod.Eurostat, "away", null)]
    [InlineData(ProgressMethod.Un, "deterioration", null)]
    [InlineData(ProgressMethod.OpenSdg, "deterioration", -5.0)]
    public void Target_met_at_baseline_then_lost_is_the_worst_status_without_a_ratio(ProgressMethod method, string word, double? score)
    {
        // No change was required (25 ≤ 28), so no ratio; 30 > 28 moved away (d·(30 − 25) = −5 < 0): worst status.
        var target = Target(28, 2027, Comparator.AtMost, Direction.Down, baselineYear: 2020, baselineValue: 25);
        var r = Run(target, 2023, method, (2023, 30));
        Assert.Null(r.Ratio);
        Assert.Equal(word, r.MethodStatus);
        Assert.Equal(ProgressStatus.OffTrack, r.Status);
        Assert.Equal(score, r.Score);
    }

    [Theory]
    [InlineData(ProgressMethod.Linear, "off-track")]
    [InlineData(ProgressMethod.Eurostat, "insufficient")]
    [InlineData(ProgressMethod.Un, "limited")]
    [InlineData(ProgressMethod.OpenSdg, "limited")]
    public void Equal_baseline_and_target_with_a_strict_comparator_standing_still(ProgressMethod method, string word)
    {
        // > 100 with baseline 100 and 100 observed: not met, no change required (so no ratio), no movement: the standstill word.
        var target = Target(100, 2030, Comparator.GreaterThan, baselineYear: 2020, baselineValue: 100);
        var r = Run(target, 2025, method, (2025, 100));
        Assert.Null(r.Ratio);
        Assert.Equal(word, r.MethodStatus);
        // And ≥ 100 with the same data is met.
        Assert.Equal(ProgressStatus.Achieved, Run(target with { Comparator = Comparator.AtLeast }, 2025, method, (2025, 100)).Status);
    }

    [Fact]
    public void Wrong_direction_movement_is_off_track_and_a_direction_conflict_is_noted()
    {
        // Indicator "down is better" but the plan says reach 150 from 100: evaluated toward the target (up), with a note.
        var target = Target(150, 2030, Comparator.Reach, Direction.Down, baselineYear: 2020, baselineValue: 100);
        var r = Run(target, 2025, ProgressMethod.Eurostat, (2025, 90));
        // CAGR_a = 0.9^(1/5) − 1 = −0.020852; CAGR_r = 1.5^(1/10) − 1 = 0.041380; RR = −0.503909 → away.
        Assert.Equal(-0.503909, r.Ratio!.Value, 5);
        Assert.Equal("away", r.MethodStatus);
        Assert.Contains(r.Explanation.Notes, n => n.Contains("against the indicator's direction", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void One_data_point_is_no_data_unless_it_meets_the_target(ProgressMethod method)
    {
        // No stated baseline: the one observation is the baseline and there is nothing after it.
        var target = Target(100, 2025);
        Assert.Equal(ProgressStatus.NoData, Run(target, 2023, method, (2022, 50)).Status);
        Assert.Equal(ProgressStatus.Achieved, Run(target, 2023, method, (2022, 120)).Status);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void No_observations_is_no_data(ProgressMethod method)
    {
        var r = Run(Target(100, 2025), 2023, method);
        Assert.Equal(ProgressStatus.NoData, r.Status);
        Assert.Equal("no-data", r.MethodStatus);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Before_the_period_starts_the_target_is_not_yet_due(ProgressMethod method)
    {
        var target = Target(100, 2027, startYear: 2025);
        Assert.Equal(ProgressStatus.NotYetDue, Run(target, 2024, method, (2023, 50), (2024, 60)).Status);
        Assert.Equal(ProgressStatus.NotYetDue, Run(Target(100, 2027, baselineYear: 2020, baselineValue: 50), 2020, method).Status);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Past_the_target_year_the_verdict_is_met_or_missed_by_the_target_years_value(ProgressMethod method)
    {
        // ≥ 100 by 2025 from 50 in 2020. 2026's 120 is after the target year and ignored; 2025's 90 misses.
        var target = Target(100, 2025, baselineYear: 2020, baselineValue: 50);
        var missed = Run(target, 2027, method, (2023, 80), (2025, 90), (2026, 120));
        Assert.Equal(ProgressStatus.OffTrack, missed.Status);
        Assert.Equal("missed", missed.MethodStatus);
        Assert.Equal(Outcome.Missed, missed.Outcome);
        Assert.Equal(2025, missed.AssessedYear);
        Assert.Contains(missed.Explanation.Notes, n => n.Contains("after the target year", StringComparison.Ordinal));

        var met = Run(target, 2027, method, (2023, 80), (2025, 100));
        Assert.Equal(ProgressStatus.Achieved, met.Status);
        Assert.Equal(Outcome.Met, met.Outcome);
    }

    [Fact]
    public void Past_the_target_year_without_its_value_is_judged_on_progress_and_noted()
    {
        // Linear: 2023 value 80 → E_2023 = 50 + 50·3/5 = 80 → P = 1: on track, not final.
        var target = Target(100, 2025, baselineYear: 2020, baselineValue: 50);
        var r = Run(target, 2027, ProgressMethod.Linear, (2023, 80));
        Assert.Equal(1, r.Ratio!.Value, 9);
        Assert.Equal(Outcome.Open, r.Outcome);
        Assert.Contains(r.Explanation.Notes, n => n.Contains("has passed without an observation", StringComparison.Ordinal));
    }

    [Fact]
    public void Observations_after_the_evaluation_year_are_not_known_yet()
    {
        var target = Target(100, 2025, baselineYear: 2020, baselineValue: 50);
        var r = Run(target, 2023, ProgressMethod.Linear, (2023, 80), (2024, 150));
        Assert.Equal(2023, r.AssessedYear);
        Assert.Contains(r.Explanation.Notes, n => n.Contains("after the evaluation year", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_finite_inputs_give_no_data_not_nan()
    {
        var r = Run(Target(double.NaN, 2025), 2023, ProgressMethod.Eurostat, (2020, 1), (2023, 2));
        Assert.Equal(ProgressStatus.NoData, r.Status);
        var s = Run(Target(100, 2025, baselineYear: 2020, baselineValue: 50), 2023, ProgressMethod.Linear, (2023, double.PositiveInfinity));
        Assert.Equal(ProgressStatus.NoData, s.Status);
    }

    [Fact]
    public void Duplicate_years_keep_the_last_value_given()
    {
        var target = Target(200, 2030, baselineYear: 2020, baselineValue: 100);
        var r = Run(target, 2025, ProgressMethod.Linear, (2025, 120), (2025, 147.5));
        Assert.Equal(0.95, r.Ratio!.Value, 9);
    }

    [Fact]
    public void The_baseline_is_the_last_observation_before_the_period_when_none_is_stated()
    {
        // Period 2025–: baseline = 2024's 60 (not 2016's 10). Linear to ≥ 100 in 2027: E_2025 = 60 + 40/3 = 73.333, P = 13.333/13.333 = 1.
        var target = Target(100, 2027, startYear: 2025);
        var r = Run(target, 2025, ProgressMethod.Linear, (2016, 10), (2024, 60), (2025, 73.3333333333));
        Assert.Equal(1, r.Ratio!.Value, 6);
        Assert.Contains(r.Explanation.Inputs, i => i.Name == "baselineYear" && i.Value == 2024);
    }

    [Fact]
    public void Aspirational_targets_are_evaluated_like_others_and_flagged()
    {
        var plain = Target(200, 2030, baselineYear: 2020, baselineValue: 100);
        var a = Run(plain with { Aspirational = true }, 2025, ProgressMethod.Linear, (2025, 147.5));
        var b = Run(plain, 2025, ProgressMethod.Linear, (2025, 147.5));
        Assert.True(a.Aspirational);
        Assert.False(b.Aspirational);
        Assert.Equal(b.Status, a.Status);
        Assert.Equal(b.Ratio, a.Ratio);
        Assert.Contains(a.Explanation.Notes, n => n.Contains("力争", StringComparison.Ordinal));
    }
}
