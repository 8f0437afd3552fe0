using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using Meicheng.Core.Tests.Plans;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>Every target in data/plans, by every method, with synthetic observations: a result, never an error or NaN.</summary>
public sealed class PlanTargetsEvaluationTests
{
    private static readonly Lazy<List<PlanDocument>> Plans = new(() =>
    {
        var reference = TestPlans.Reference();
        return Directory.GetFiles(RepoPaths.Plans, "*.json").Order(StringComparer.Ordinal)
            .Select(f => PlanFile.Parse(Path.GetFileName(f), File.ReadAllText(f), reference)).ToList();
    });

    [Fact]
    public void Every_target_by_every_method_in_every_kind_of_year()
    {
        var random = new Random(133);
        var evaluated = 0;
        foreach (var plan in Plans.Value)
        {
            var indicators = plan.Indicators.ToDictionary(i => i.Id);
            foreach (var t in plan.Targets)
            {
                var target = EvaluationTarget.FromPlan(t, indicators[t.IndicatorId].Direction, plan.PeriodStart);
                foreach (var pace in new[] { -0.5, 0, 0.5, 0.9, 1, 1.2 })
                {
                    var observations = Synthetic(target, pace, random);
                    foreach (var year in new[] { target.StartYear!.Value - 1, target.StartYear!.Value, target.Year - 1, target.Year, target.Year + 2 })
                    {
                        foreach (var result in Progress.EvaluateAll(target, observations, year))
                        {
                            Assert.NotNull(result.Method.Name);
                            Assert.True(Enum.IsDefined(result.Status));
                            Assert.False(string.IsNullOrEmpty(result.MethodStatus));
                            Assert.True(result.Ratio is null || double.IsFinite(result.Ratio.Value), $"{t.Id} {year} ratio {result.Ratio}");
                            Assert.True(result.Score is null || result.Score is >= -5 and <= 5, $"{t.Id} score {result.Score}");
                            Assert.True(result.AssessedValue is null || double.IsFinite(result.AssessedValue.Value), t.Id);
                            Assert.All(result.Explanation.Steps, s => Assert.True(s.Value is null || !double.IsNaN(s.Value.Value), $"{t.Id} {s.Symbol}"));
                            Assert.All(result.Projections, p => Assert.True(p.ValueAtTargetYear is null || double.IsFinite(p.ValueAtTargetYear.Value), t.Id));
                            evaluated++;
                        }
                    }
                }
            }
        }
        // 131 targets (the two 全覆盖 waste-sorting items, which state no number, are coverage milestones) × 6 paces × 5 years × 4 methods.
        Assert.Equal(131 * 6 * 5 * 4, evaluated);
    }

    [Fact]
    public void On_pace_synthetic_data_are_judged_on_track_or_better_and_off_pace_data_worse()
    {
        // A plain check that the wiring from plan targets is right: data that reach the target on time are on track
        // (or achieved) by the linear method in the year before the target year; data moving away are off track.
        foreach (var plan in Plans.Value)
        {
            var indicators = plan.Indicators.ToDictionary(i => i.Id);
            foreach (var t in plan.Targets.Where(t => t.Comparator is not (Comparator.About or Comparator.EqualTo)))
            {
                var target = EvaluationTarget.FromPlan(t, indicators[t.IndicatorId].Direction, plan.PeriodStart);
                var onPace = Progress.Evaluate(target, Synthetic(target, 1.0, null), target.Year - 1, ProgressMethod.Linear);
                var away = Progress.Evaluate(target, Synthetic(target, -0.5, null), target.Year - 1, ProgressMethod.Linear);
                if (onPace.Status == ProgressStatus.NotYetDue)
                    continue;
                Assert.True(onPace.Status is ProgressStatus.OnTrack or ProgressStatus.Achieved, $"{t.Id}: {onPace.Status} {onPace.Ratio}");
                Assert.Equal(ProgressStatus.OffTrack, away.Status);
            }
        }
    }

    /// <summary>
    /// Ten years of data ending at the target year. <paramref name="pace"/> is the fraction of the way from a start value
    /// to the target covered by the target year (1 = exactly on time, negative = away). Optional noise.
    /// </summary>
    internal static Observation[] Synthetic(EvaluationTarget target, double pace, Random? noise)
    {
        var first = target.Year - 9;
        // Where the evaluation's straight line starts: a stated base year (比2005年) or the year before the period.
        var start = target.BaselineYear ?? target.StartYear!.Value - 1;
        var result = new Observation[10];
        for (var i = 0; i < 10; i++)
        {
            var year = first + i;
            var wobble = noise is null ? 0 : (noise.NextDouble() - 0.5) * 0.02;
            double value;
            switch (target.Kind)
            {
                case TargetKind.AnnualRate:
                    value = target.Value * pace + wobble * 10;
                    break;
                case TargetKind.Cumulative or TargetKind.Change:
                    var share = year <= start ? 0 : (double)(year - start) / (target.Year - start);
                    value = target.Value * pace * share + wobble;
                    break;
                default:
                    // From 60% of the target (or 150% for ≤ and <) at the period start, along a straight line.
                    var falling = target.Comparator is Comparator.AtMost or Comparator.LessThan;
                    var from = target.Value * (falling ? 1.5 : 0.6);
                    var fraction = (double)(year - start) / (target.Year - start);
                    value = from + (target.Value - from) * pace * fraction + wobble * target.Value;
                    break;
            }
            result[i] = new Observation(year, value);
        }
        return result;
    }
}
