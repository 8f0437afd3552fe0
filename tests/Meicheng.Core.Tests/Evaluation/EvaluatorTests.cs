using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;
using Meicheng.Core.Tests.Plans;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>The whole run over the real plans: what one region and method gives is the slice of the full run, and each result is Progress's own.</summary>
public sealed class EvaluatorTests
{
    private const string City = "370200";

    private static readonly Lazy<(List<PlanDocument> Plans, List<string> Regions)> World = new(() =>
    {
        var reference = TestPlans.Reference();
        var plans = Directory.GetFiles(RepoPaths.Plans, "*.json").Order(StringComparer.Ordinal)
            .Select(f => PlanFile.Parse(Path.GetFileName(f), File.ReadAllText(f), reference)).ToList();
        var regions = reference.Regions.Where(r => r.Code == City || r.ParentCode == City).Select(r => r.Code).ToList();
        return (plans, regions);
    });

    private static EvaluationInputs Inputs()
    {
        var (plans, regions) = World.Value;
        var random = new Random(370200);
        var observations = new List<TargetInput>();
        var source = 0;
        foreach (var region in regions.Take(4))
        {
            foreach (var plan in plans)
            {
                foreach (var t in plan.Targets)
                {
                    for (var year = 2019; year <= 2026; year++)
                    {
                        if (random.NextDouble() < 0.7)
                            observations.Add(new TargetInput(t.Id, region, year, (double)t.Value * (0.5 + random.NextDouble()), ++source));
                    }
                }
            }
        }
        var progress = plans.SelectMany(p => p.Milestones).Select((m, i) =>
            new MilestoneInput(m.Id, i % 3 == 0 ? regions[1] : City, (MilestoneState)(i % 4), ++source)).ToList();
        return new EvaluationInputs(City, regions, observations, progress);
    }

    [Fact]
    public void One_region_and_one_method_is_the_slice_of_the_full_run()
    {
        var plans = World.Value.Plans;
        var inputs = Inputs();
        var date = new DateOnly(2026, 6, 30);
        var full = Evaluator.Run(plans, inputs, EvaluationParameters.Default, new EvaluationRequest(2026, date));
        Assert.Equal(4, full.Methods.Count);
        Assert.Equal(inputs.Regions, full.Regions.Select(r => r.RegionCode));

        foreach (var region in new[] { City, inputs.Regions[1], inputs.Regions[^1] })
        {
            foreach (var method in Enum.GetValues<ProgressMethod>())
            {
                var m = full.Methods.ToList().IndexOf(method);
                var one = Evaluator.Run(plans, inputs, EvaluationParameters.Default, new EvaluationRequest(2026, date, method, [region], CompareRegions: true));
                var expected = full.Regions.Single(r => r.RegionCode == region);
                var actual = Assert.Single(one.Regions);
                Assert.Equal(expected.Targets.Select(t => (t.Target.Id, t.Inputs.Count, Result(t.Results[m]))), actual.Targets.Select(t => (t.Target.Id, t.Inputs.Count, Result(Assert.Single(t.Results)))));
                Assert.Equal(expected.Milestones.Select(x => (x.Milestone.Id, x.Result)), actual.Milestones.Select(x => (x.Milestone.Id, x.Result)));
                // Roll-ups cover every region either way.
                Assert.Equal(Tree(full.Rollups[m].Regions), Tree(Assert.Single(one.Rollups).Regions));
                Assert.Equal(Tree(full.Rollups[m].Departments), Tree(one.Rollups[0].Departments));

                // Without the comparison only the region asked is evaluated and rolled up (the departments with the city): the same
                // results and the same nodes.
                var alone = Evaluator.Run(plans, inputs, EvaluationParameters.Default, new EvaluationRequest(2026, date, method, [region]));
                var aloneRegion = Assert.Single(alone.Regions);
                Assert.Equal(actual.Targets.Select(t => (t.Target.Id, t.Inputs.Count, Result(t.Results[0]))), aloneRegion.Targets.Select(t => (t.Target.Id, t.Inputs.Count, Result(t.Results[0]))));
                Assert.Equal(actual.Milestones.Select(x => (x.Milestone.Id, x.Result)), aloneRegion.Milestones.Select(x => (x.Milestone.Id, x.Result)));
                Assert.Equal(Tree(full.Rollups[m].Regions.Where(n => n.Label == region)), Tree(Assert.Single(alone.Rollups).Regions));
                Assert.Equal(region == City ? Tree(full.Rollups[m].Departments) : [], Tree(alone.Rollups[0].Departments));
            }
        }
    }

    [Fact]
    public void Each_result_is_what_progress_gives_for_the_target_and_its_series_and_roll_ups_are_built_from_them()
    {
        var plans = World.Value.Plans;
        var inputs = Inputs();
        var date = new DateOnly(2026, 12, 31);
        var run = Evaluator.Run(plans, inputs, EvaluationParameters.Default, new EvaluationRequest(2026, date));
        var district = inputs.Regions[2];
        var region = run.Regions.Single(r => r.RegionCode == district);
        foreach (var t in region.Targets)
        {
            var direction = t.Plan.Indicators.Single(i => i.Id == t.Target.IndicatorId).Direction;
            // A district's baseline is its own observation, never the plan's (city) baseline value.
            var target = EvaluationTarget.FromPlan(t.Target, direction, t.Plan.PeriodStart) with { BaselineValue = null };
            var series = inputs.Observations.Where(o => o.TargetId == t.Target.Id && o.RegionCode == district).Select(o => new Observation(o.Year, o.Value)).ToList();
            var expected = Enum.GetValues<ProgressMethod>().Select(m => Progress.Evaluate(target, series, 2026, m)).ToList();
            Assert.Equal(expected.Select(Result), t.Results.Select(Result));
        }
        // The district reported no milestone: it is not judged on the city's.
        Assert.Empty(region.Milestones);

        var linear = run.Rollups.Single(r => r.Method == ProgressMethod.Linear);
        var statuses = region.Targets.ToDictionary(t => t.Target.Id, t => t.Results[0].Status);
        var node = linear.Regions[inputs.Regions.ToList().IndexOf(district)];
        Assert.Equal($"region:{district}", node.Id);
        Assert.Equal(plans.Select(p => Rollup.Plan(p, statuses, RollupOptions.Default, includeMilestones: true).Score), node.Children.Select(c => c.Score));
    }

    private static (ProgressStatus, string, double?, double?, int?, double?, string) Result(ProgressResult r) =>
        (r.Status, r.MethodStatus, r.Ratio, r.Score, r.AssessedYear, r.AssessedValue, string.Join("|", r.Explanation.Notes.Concat(r.Explanation.Steps.Select(s => $"{s.Symbol}={s.Value}"))));

    private static List<string> Tree(IEnumerable<RollupNode> nodes) =>
        nodes.SelectMany(n => Tree(n.Children).Prepend($"{n.Id} {n.Label} {n.Score} {n.Counts}")).ToList();
}
