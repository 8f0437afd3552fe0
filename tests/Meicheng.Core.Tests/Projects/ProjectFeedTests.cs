using Meicheng.Core.Projects;

namespace Meicheng.Core.Tests.Projects;

public sealed class ProjectFeedTests
{
    private static ProjectFacts P(int id, string type, string status, int? startYear = null, int? endYear = null,
        decimal investment = 0, decimal invested = 0, decimal? capacity = null, decimal? area = null) =>
        new(id, $"项目{id}", type, status, startYear is { } s ? new DateOnly(s, 3, 1) : null, endYear is { } e ? new DateOnly(e, 10, 31) : null,
            investment, invested, capacity, area);

    [Fact]
    public void Count_takes_type_status_and_the_year_started_by()
    {
        var projects = new[]
        {
            P(1, "大气减排", ProjectStatus.UnderConstruction, 2024),
            P(2, "大气减排", ProjectStatus.Completed, 2025),
            P(3, "大气减排", ProjectStatus.Planned, 2025),     // not begun
            P(4, "大气减排", ProjectStatus.InOperation, 2026), // started after 2025
            P(5, "技改", ProjectStatus.UnderConstruction, 2025), // another type
            P(6, "大气减排", ProjectStatus.Unknown),             // status not yet reported
        };
        var result = ProjectFeeds.Evaluate(new FeedRule("count", ["大气减排"], []), projects, 2025);
        Assert.Equal(2, result.Value);
        Assert.Equal([1, 2], result.ProjectIds);
        Assert.Contains("大气减排", result.Rule, StringComparison.Ordinal);
        Assert.Contains("截至2025年底", result.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Window_in_counts_projects_active_during_the_year()
    {
        var projects = new[]
        {
            P(1, "技改", ProjectStatus.Completed, 2023, 2024), // finished before 2026
            P(2, "技改", ProjectStatus.Completed, 2025, 2026),
            P(3, "技改", ProjectStatus.UnderConstruction, 2026),
        };
        var result = ProjectFeeds.Evaluate(new FeedRule("count", ["技改"], [], "in"), projects, 2026);
        Assert.Equal([2, 3], result.ProjectIds);
    }

    [Fact]
    public void Sums_capacity_area_and_investment()
    {
        var projects = new[]
        {
            P(1, "海上风电", ProjectStatus.InOperation, 2023, investment: 100, invested: 90, capacity: 50),
            P(2, "海上风电", ProjectStatus.UnderConstruction, 2024, investment: 300, invested: 20, capacity: 300),
            P(3, "建筑节能", ProjectStatus.Completed, 2024, investment: 40, area: 120.5m),
        };
        Assert.Equal(350, ProjectFeeds.Evaluate(new FeedRule("capacity", ["海上风电"], []), projects, 2025).Value);
        Assert.Equal(50, ProjectFeeds.Evaluate(new FeedRule("capacity", ["海上风电"], [ProjectStatus.InOperation]), projects, 2025).Value);
        Assert.Equal(120.5m, ProjectFeeds.Evaluate(new FeedRule("area", ["建筑节能"], []), projects, 2025).Value);
        Assert.Equal(440, ProjectFeeds.Evaluate(new FeedRule("investment", [], []), projects, 2025).Value);
        Assert.Equal(110, ProjectFeeds.Evaluate(new FeedRule("invested", [], []), projects, 2025).Value);
    }

    [Fact]
    public void A_rule_reports_its_problems_in_chinese()
    {
        Assert.Empty(new FeedRule("count", ["技改"], [ProjectStatus.Completed]).Problems());
        var problems = new FeedRule("volume", [], ["done"], "during").Problems();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("volume", StringComparison.Ordinal));
    }

    [Fact]
    public void Behind_schedule_when_overdue_or_investment_far_below_plan()
    {
        var today = new DateOnly(2026, 12, 5);
        Assert.Contains("已逾期", ProjectFeeds.BehindSchedule(P(1, "交通", ProjectStatus.UnderConstruction, 2024, 2025), today), StringComparison.Ordinal);
        Assert.Null(ProjectFeeds.BehindSchedule(P(2, "交通", ProjectStatus.Completed, 2024, 2025), today));
        Assert.Null(ProjectFeeds.BehindSchedule(P(3, "交通", ProjectStatus.Cancelled, 2024, 2025), today));
        // 2026-03-01 .. 2027-10-31: about 46 % of the time gone on 2026-12-05 → not yet judged; a year later it would be.
        var slow = P(4, "交通", ProjectStatus.UnderConstruction, 2025, 2027, investment: 1000, invested: 50);
        Assert.Contains("累计完成投资仅占总投资5%", ProjectFeeds.BehindSchedule(slow, today), StringComparison.Ordinal);
        Assert.Null(ProjectFeeds.BehindSchedule(slow with { InvestedToDate = 500 }, today));
    }

    [Fact]
    public void Statuses_parse_from_codes_and_chinese()
    {
        Assert.Equal(ProjectStatus.UnderConstruction, ProjectStatus.Parse("在建"));
        Assert.Equal(ProjectStatus.InOperation, ProjectStatus.Parse("in-operation"));
        Assert.Equal(ProjectStatus.Completed, ProjectStatus.Parse("已建成"));
        Assert.Null(ProjectStatus.Parse("差不多"));
        Assert.All(ProjectStatus.All, s => Assert.NotEqual(s, ProjectStatus.Chinese(s)));
        Assert.All(FundingSource.All, s => Assert.NotEqual(s, FundingSource.Chinese(s)));
    }
}
