using Meicheng.Core.Plans;

namespace Meicheng.Core.Tests.Plans;

/// <summary>The two plan files in data/plans, checked against the seed documents they were extracted from.</summary>
public sealed class RealPlanFilesTests
{
    private const string Beautiful = "qingdao-beautiful-city-2025-2027";
    private const string Green = "qingdao-green-city-pilot-2021";

    private static readonly Lazy<List<(string File, PlanDocument Plan)>> Plans = new(() =>
    {
        var reference = TestPlans.Reference();
        var plans = Directory.GetFiles(RepoPaths.Plans, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), PlanFile.Parse(Path.GetFileName(f), File.ReadAllText(f), reference))).ToList();
        PlanFile.ValidateSet(plans);
        return plans;
    });

    private static PlanDocument Plan(string id) => Plans.Value.Single(p => p.Plan.Id == id).Plan;

    [Fact]
    public void Both_plan_files_load_and_validate_together()
    {
        Assert.Equal([Beautiful, Green], Plans.Value.Select(p => p.Plan.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_2025_2027_plan_has_8_areas_and_37_numbered_tasks_without_units()
    {
        var plan = Plan(Beautiful);
        Assert.Equal(PlanStatus.DraftForComment, plan.Status);
        Assert.Equal(8, plan.Areas.Count);
        Assert.Equal(Enumerable.Range(1, 37), plan.Tasks.Select(t => t.Number));
        // The document names no responsible unit per task: all are shown as unassigned.
        Assert.All(plan.Tasks, t => Assert.Empty(t.ResponsibleUnits));
    }

    [Fact]
    public void The_2021_opinions_have_27_tasks_each_with_its_named_units()
    {
        var plan = Plan(Green);
        Assert.Equal(PlanStatus.InForce, plan.Status);
        Assert.Equal("青政字〔2021〕11号", plan.DocumentNumber);
        Assert.Equal(new DateOnly(2021, 5, 13), plan.Date);
        Assert.Equal(4, plan.Areas.Count);
        Assert.Equal(Enumerable.Range(1, 27), plan.Tasks.Select(t => t.Number));
        Assert.All(plan.Tasks, t => Assert.NotEmpty(t.ResponsibleUnits));
        var task15 = plan.Tasks.Single(t => t.Number == 15);
        Assert.Equal([new Responsibility("qd-housing", ResponsibilityRole.Lead)], task15.ResponsibleUnits);
        var task2 = plan.Tasks.Single(t => t.Number == 2);
        Assert.Equal(["qd-local-finance-regulation", "pboc-qingdao", "qd-housing"], task2.ResponsibleUnits.Select(u => u.DepartmentId));
    }

    [Theory]
    [InlineData(Beautiful, "000_feb32ed284493a53.txt")]
    [InlineData(Green, "003_fe283b57d9bee6d3.txt")]
    public void Every_clause_and_task_text_is_verbatim_from_the_seed(string planId, string seed)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Shared, "seeds", seed));
        var plan = Plan(planId);
        Assert.Equal(seed, plan.Source);
        var clauses = plan.Targets.Select(t => (t.Id, t.Citation.Clause))
            .Concat(plan.Milestones.Select(m => (m.Id, m.Citation.Clause)))
            .Concat(plan.Facts.Select(f => (f.Id, f.Citation.Clause)))
            .Concat(plan.Tasks.Select(t => ($"task {t.Number}", t.Text)));
        var missing = clauses.Where(c => !text.Contains(c.Item2, StringComparison.Ordinal)).Select(c => c.Item1).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(Beautiful, "green-building-area-cumulative", "1.6", "亿平方米", Comparator.AtLeast, 2027)]
    [InlineData(Beautiful, "pm25-annual-mean", "28", "微克/立方米", Comparator.AtMost, 2027)]
    [InlineData(Beautiful, "natural-shoreline-retention-rate", "41.68", "%", Comparator.AtLeast, 2027)]
    [InlineData(Beautiful, "coastal-water-good-quality-share", "99", "%", Comparator.GreaterThan, 2027)]
    [InlineData(Beautiful, "park-green-area-per-capita", "13", "平方米", Comparator.AtLeast, 2027)]
    [InlineData(Beautiful, "public-satisfaction-eco-civilization", "90", "%", Comparator.GreaterThan, 2027)]
    [InlineData(Green, "park-green-area-per-capita", "15", "平方米", Comparator.AtLeast, 2022)]
    [InlineData(Green, "prefabricated-building-share", "50", "%", Comparator.AtLeast, 2022)]
    [InlineData(Green, "mainland-natural-shoreline-retention-rate", "40", "%", Comparator.AtLeast, 2022)]
    public void Headline_targets_keep_value_and_unit_as_written(string planId, string indicator, string value, string unit, Comparator comparator, int year)
    {
        var plan = Plan(planId);
        var target = plan.Targets.First(t => t.IndicatorId == indicator && t.Value == decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(value, target.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(unit, target.Unit);
        Assert.Equal(comparator, target.Comparator);
        Assert.Equal(year, target.Year);
    }

    [Fact]
    public void The_same_indicator_links_targets_across_both_plans()
    {
        var shared = Plan(Beautiful).Targets.Select(t => t.IndicatorId).Intersect(Plan(Green).Targets.Select(t => t.IndicatorId)).ToList();
        Assert.Contains("park-green-area-per-capita", shared);
        // 大陆自然岸线保有率 (mainland only, 2021) and 自然岸线保有率 (2025–2027) measure different things.
        Assert.DoesNotContain("natural-shoreline-retention-rate", shared);
        Assert.Contains("coastal-water-good-quality-share", shared);
        Assert.Contains("prefabricated-building-share", shared);
    }

    [Fact]
    public void Targets_without_a_written_year_are_flagged_as_implied_by_the_frame()
    {
        var green = Plan(Green);
        var pocketParks = green.Targets.Single(t => t.Citation.TaskNumber == 9 && t.Citation.Clause.Contains("口袋公园", StringComparison.Ordinal));
        Assert.Equal(90, pocketParks.Value);
        Assert.True(pocketParks.YearImplied);
        Assert.Equal(2022, pocketParks.Year);
        var goal = green.Targets.Single(t => t.Citation.Clause.Contains("常住人口城镇化率", StringComparison.Ordinal));
        Assert.False(goal.YearImplied);
        Assert.True(goal.Aspirational);

        var beautiful = Plan(Beautiful);
        var carbon2030 = beautiful.Targets.Single(t => t.Kind == TargetKind.Change);
        Assert.Equal((70m, 2030, 2005), (carbon2030.Value, carbon2030.Year, carbon2030.BaselineYear!.Value));
    }

    [Fact]
    public void Dated_milestones_and_scope_facts_are_kept_apart_from_targets()
    {
        var beautiful = Plan(Beautiful);
        Assert.Contains(beautiful.Milestones, m => m.Citation.Clause.Contains("全域供暖燃煤锅炉基本替代退出", StringComparison.Ordinal) && m.Year == 2027);
        Assert.Contains(beautiful.Facts, f => f.Value == 66 && f.Subject.Contains("断面", StringComparison.Ordinal));
        Assert.DoesNotContain(beautiful.Targets, t => t.Value == 66 && t.Unit == "个" && t.Citation.TaskNumber == 10);

        var green = Plan(Green);
        Assert.Contains(green.Milestones, m => m.Citation.Clause.Contains("中期考核", StringComparison.Ordinal) && m.Year == 2021);
        Assert.Contains(green.Milestones, m => m.Citation.Clause.Contains("终期验收", StringComparison.Ordinal) && m.Year == 2022);
    }
}
