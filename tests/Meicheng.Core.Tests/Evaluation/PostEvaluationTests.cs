using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using Meicheng.Core.Tests.Plans;
using static Meicheng.Core.Tests.Evaluation.Eval;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>
/// Post-evaluation: once the target year has passed, a target is judged on its target year's value (achieved on time,
/// missed), and a later value says achieved after the deadline or still short; never no data when a value exists.
/// </summary>
public sealed class PostEvaluationTests
{
    public static TheoryData<ProgressMethod> Methods => [ProgressMethod.Linear, ProgressMethod.Eurostat, ProgressMethod.Un, ProgressMethod.OpenSdg];

    // ≥ 100 by 2025 from 50 in 2020, evaluated in 2027.
    private static readonly EvaluationTarget Stated = Target(100, 2025, baselineYear: 2020, baselineValue: 50);

    // 完成10个绿色社区创建 by 2022, period 2021–2022, no stated baseline (the pilot plan's target 27).
    private static readonly EvaluationTarget Communities = Target(10, 2022, Comparator.Reach, kind: TargetKind.Count, startYear: 2021);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Achieved_on_time_is_judged_on_the_target_years_value(ProgressMethod method)
    {
        var r = Run(Stated, 2027, method, (2023, 80), (2025, 100));
        Assert.Equal(ProgressStatus.Achieved, r.Status);
        Assert.Equal(Outcome.Met, r.Outcome);
        Assert.Equal(new PostEvaluation(DeadlineVerdict.AchievedOnTime, 2025, 100, null, null, null), r.Deadline);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Missed_when_the_target_years_value_falls_short_and_nothing_later_meets(ProgressMethod method)
    {
        var r = Run(Stated, 2027, method, (2023, 80), (2025, 90), (2026, 95));
        Assert.Equal(ProgressStatus.OffTrack, r.Status);
        Assert.Equal("missed", r.MethodStatus);
        Assert.Equal(Outcome.Missed, r.Outcome);
        Assert.Equal(new PostEvaluation(DeadlineVerdict.Missed, 2025, 90, 2026, 95, false), r.Deadline);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_later_value_that_meets_is_achieved_after_the_deadline(ProgressMethod method)
    {
        // The case: only 2025's approved 11 exists. The base year would be 2025, after the target year 2022, so
        // the methods cannot measure progress (no data before); the post-evaluation judges it without a baseline.
        var late = Run(Communities, 2026, method, (2025, 11));
        Assert.Equal(ProgressStatus.Achieved, late.Status);
        Assert.Equal("achieved-late", late.MethodStatus);
        Assert.Equal(Outcome.Open, late.Outcome);
        Assert.Equal(2025, late.AssessedYear);
        Assert.Equal(11, late.AssessedValue);
        Assert.Null(late.Missing);
        Assert.Equal(new PostEvaluation(DeadlineVerdict.AchievedLate, 2022, null, 2025, 11, true), late.Deadline);
        Assert.Contains(late.Explanation.Notes, n => n.Contains("achieved after the deadline", StringComparison.Ordinal));

        // Missed in its year, met later: the final verdict on the target year stands, the later value is reported.
        var missedThenMet = Run(Stated, 2027, method, (2025, 90), (2026, 120));
        Assert.Equal("missed", missedThenMet.MethodStatus);
        Assert.Equal(DeadlineVerdict.AchievedLate, missedThenMet.Deadline!.Verdict);
        Assert.Equal(2026, missedThenMet.Deadline.LaterYear);

        // A progress judgement on a year before the target year gives way to the later value's verdict.
        var progressThenLate = Run(Stated, 2027, method, (2023, 80), (2026, 101));
        Assert.Equal(ProgressStatus.Achieved, progressThenLate.Status);
        Assert.Equal("achieved-late", progressThenLate.MethodStatus);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_later_value_that_falls_short_is_still_short(ProgressMethod method)
    {
        var r = Run(Communities, 2026, method, (2024, 7), (2025, 8));
        Assert.Equal(ProgressStatus.OffTrack, r.Status);
        Assert.Equal("still-short", r.MethodStatus);
        Assert.Equal(2025, r.AssessedYear);
        Assert.Equal(new PostEvaluation(DeadlineVerdict.StillShort, 2022, null, 2025, 8, false), r.Deadline);
    }

    [Fact]
    public void Before_the_deadline_there_is_no_post_evaluation_and_in_period_results_are_unchanged()
    {
        var r = Run(Target(200, 2030, baselineYear: 2020, baselineValue: 100), 2025, ProgressMethod.Linear, (2025, 147.5));
        Assert.Null(r.Deadline);
        Assert.Equal("on-track", r.MethodStatus);
        Assert.Equal(0.95, r.Ratio!.Value, 9);
        // In the target year itself the deadline (31 December) has not passed.
        Assert.Null(Run(Stated, 2025, ProgressMethod.Linear, (2025, 100)).Deadline);
    }

    [Fact]
    public void Past_the_deadline_without_any_later_value_the_progress_judgement_stays_and_says_so()
    {
        var r = Run(Stated, 2027, ProgressMethod.Linear, (2023, 80));
        Assert.Equal(ProgressStatus.OnTrack, r.Status);
        Assert.Equal(DeadlineVerdict.NoValue, r.Deadline!.Verdict);
    }

    [Fact]
    public void No_data_says_what_is_missing()
    {
        var none = Run(Communities, 2022, ProgressMethod.Linear);
        Assert.Equal(ProgressStatus.NoData, none.Status);
        Assert.Equal(new MissingData(MissingKind.AnyValue, 2021, 2022), none.Missing);

        // One value in 2021 is the baseline (no earlier value); a value after it, 2022, is needed.
        var one = Run(Communities, 2022, ProgressMethod.Linear, (2021, 4));
        Assert.Equal(new MissingData(MissingKind.ValueAfterBaseline, 2022, 2022, 2021), one.Missing);

        // Only a value before the period: it is the baseline, and a value in the period is missing.
        var early = Run(Communities, 2022, ProgressMethod.Linear, (2020, 3));
        Assert.Equal(ProgressStatus.NoData, early.Status);
        Assert.Equal(MissingKind.ValueAfterBaseline, early.Missing!.Kind);

        Assert.Equal(MissingKind.TargetValue, Run(Target(double.NaN, 2025), 2023, ProgressMethod.Linear, (2020, 1)).Missing!.Kind);
        Assert.Null(Run(Stated, 2023, ProgressMethod.Linear, (2023, 80)).Missing);
    }

    [Fact]
    public void Every_target_of_a_plan_whose_period_has_ended_is_post_evaluated()
    {
        var reference = TestPlans.Reference();
        var file = Path.Combine(RepoPaths.Plans, "qingdao-green-city-pilot-2021.json");
        var pilot = PlanFile.Parse(Path.GetFileName(file), File.ReadAllText(file), reference);
        Assert.Equal(2022, pilot.PeriodEnd);
        var inputs = new EvaluationInputs("370200", ["370200"], [new TargetInput("gc-t27-green-communities", "370200", 2025, 11, 1)], []);
        var run = Evaluator.Run([pilot], inputs, EvaluationParameters.Default, new EvaluationRequest(2026, new DateOnly(2026, 6, 30)));

        var city = run.Regions.Single();
        Assert.All(city.Targets, t => Assert.All(t.Results, r => Assert.NotNull(r.Deadline)));
        var communities = city.Targets.Single(t => t.Target.Id == "gc-t27-green-communities");
        Assert.All(communities.Results, r =>
        {
            Assert.Equal(ProgressStatus.Achieved, r.Status);
            Assert.Equal(DeadlineVerdict.AchievedLate, r.Deadline!.Verdict);
        });
        // The roll-up counts it as achieved, not as no data.
        Assert.True(run.Rollups[0].Regions.Single().Counts[ProgressStatus.Achieved] >= 1);
    }
}
