using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;

namespace Meicheng.Core.Tests.Evaluation;

public sealed class RollupTests
{
    // A small plan: goal g1 (no area); area 1 with task 1 (targets a, b; units d1 lead, d2) and task 2 (target c; unit d2);
    // area 2 with task 3 (target d; unit d1).
    private static PlanDocument SmallPlan()
    {
        static PlanTarget T(string id, int? area, int? task, bool aspirational = false) => new(
            id, "ind", new Citation("s", area, task, id), 1, "%", Comparator.AtLeast, 2025, YearBasis.Clause, TargetKind.Share, aspirational,
            Scope.WholeCity("370200"), null, null, null, null, null);
        static PlanTask Task(int n, int area, params string[] units) => new(n, area, $"task {n}", null, "", units.Select((u, i) =>
            new Responsibility(u, i == 0 ? ResponsibilityRole.Lead : ResponsibilityRole.Responsible)).ToList(), null, [], []);
        return new PlanDocument("p", "P", "plan", null, null, null, null, PlanStatus.InForce, 2021, 2025, 2021, "test",
            [], [new PlanArea(1, "一", "area 1", null, null, [Task(1, 1, "d1", "d2"), Task(2, 1, "d2")]), new PlanArea(2, "二", "area 2", null, null, [Task(3, 2, "d1")])],
            [], [T("g1", null, null), T("a", 1, 1), T("b", 1, 1), T("c", 1, 2, aspirational: true), T("d", 2, 3)], [], []);
    }

    private static readonly Dictionary<string, ProgressStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["g1"] = ProgressStatus.Achieved,
        ["a"] = ProgressStatus.Achieved,
        ["b"] = ProgressStatus.OffTrack,
        ["c"] = ProgressStatus.OnTrack,
        ["d"] = ProgressStatus.NoData,
    };

    [Fact]
    public void Plan_index_with_equal_weights()
    {
        // task 1 = (100 + 0)/2 = 50; task 2 = 75; area 1 = (50 + 75)/2 = 62.5; area 2 has nothing assessed (null, left out);
        // goals = 100; plan = (100 + 62.5)/2 = 81.25.
        var plan = Rollup.Plan(SmallPlan(), Statuses);
        Assert.Equal(81.25, plan.Score);
        var area1 = plan.Children.Single(c => c.Id == "p/area-1");
        Assert.Equal(62.5, area1.Score);
        Assert.Equal(50, area1.Children.Single(c => c.Id == "p/task-1").Score);
        Assert.Null(plan.Children.Single(c => c.Id == "p/area-2").Score);
        Assert.Equal(100, plan.Children.Single(c => c.Id == "p/goals").Score);
        Assert.Equal(2, plan.Counts[ProgressStatus.Achieved]);
        Assert.Equal(1, plan.Counts[ProgressStatus.NoData]);
        Assert.Equal(4, plan.Assessed);
    }

    [Fact]
    public void Weights_are_configurable_per_node()
    {
        // task-1 weighted 3: area 1 = (3·50 + 75)/4 = 56.25; plan = (100 + 56.25)/2 = 78.125.
        var options = RollupOptions.Default with { Weights = new Dictionary<string, double>(StringComparer.Ordinal) { ["p/task-1"] = 3 } };
        var plan = Rollup.Plan(SmallPlan(), Statuses, options);
        Assert.Equal(78.125, plan.Score);
        // Aspirational weight 0 drops target c: area 1 = task 1 only = 50; plan = (100 + 50)/2 = 75.
        Assert.Equal(75, Rollup.Plan(SmallPlan(), Statuses, RollupOptions.Default with { AspirationalWeight = 0 }).Score);
    }

    [Fact]
    public void Departments_collect_the_targets_of_the_tasks_that_name_them()
    {
        // d1: a 100, b 0, d no data → 50. d2: a 100, b 0, c 75 → 175/3 = 58.333….
        var departments = Rollup.ByDepartment([(SmallPlan(), Statuses)]);
        Assert.Equal(["dept:d1", "dept:d2"], departments.Select(d => d.Id));
        Assert.Equal(50, departments[0].Score);
        Assert.Equal(175.0 / 3, departments[1].Score!.Value, 9);
        Assert.Equal(3, departments[1].Children.Count);
    }

    [Fact]
    public void Regions_and_groups_of_plan_trees()
    {
        var byScope = Rollup.ByScopeRegion([(SmallPlan(), Statuses)]);
        // Every target is city-wide: one region, (100 + 100 + 0 + 75)/4 = 68.75.
        Assert.Equal("region:370200", byScope.Single().Id);
        Assert.Equal(68.75, byScope.Single().Score);

        var tree = Rollup.Plan(SmallPlan(), Statuses);
        var allNoData = Rollup.Plan(SmallPlan(), new Dictionary<string, ProgressStatus>());
        var region = Rollup.Group("region:370202", "市南区", "region", 1, [tree, allNoData]);
        // The plan with no data has no score and does not pull the region down.
        Assert.Null(allNoData.Score);
        Assert.Equal(81.25, region.Score);
        // No-data leaves: d from the first tree, all five from the second.
        Assert.Equal(6, region.Counts[ProgressStatus.NoData]);
    }

    [Fact]
    public void Milestones_can_join_their_task()
    {
        var basePlan = SmallPlan();
        var plan = basePlan with { Milestones = [new PlanMilestone("m", "m", new Citation("s", 2, 3, "m"), 2025, YearBasis.Clause, null, false, Scope.WholeCity("370200"), null)] };
        var statuses = new Dictionary<string, ProgressStatus>(Statuses, StringComparer.Ordinal) { ["m"] = ProgressStatus.NeedsAttention };
        // Area 2 = task 3 = (d no data, m 50) = 50; plan = (100 + 62.5 + 50)/3 = 70.8333….
        var tree = Rollup.Plan(plan, statuses, includeMilestones: true);
        Assert.Equal(212.5 / 3, tree.Score!.Value, 9);
        Assert.Equal(81.25, Rollup.Plan(plan, statuses).Score);
    }
}
