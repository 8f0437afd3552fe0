using System.Globalization;

namespace Meicheng.Core.Projects;

/// <summary>
/// What a feed rule needs to know of one project, gathered by the host in one query. Money in 万元 (<c>Investment</c> the
/// total, <c>InvestedToDate</c> from the latest approved progress); <c>Capacity</c> in the rule's unit (e.g. 万千瓦),
/// <c>Area</c> in 万平方米.
/// </summary>
public sealed record ProjectFacts(
    int Id, string Name, string Type, string Status, DateOnly? Start, DateOnly? Completion,
    decimal Investment, decimal InvestedToDate, decimal? Capacity, decimal? Area);

/// <summary>
/// A rule that feeds a target from the project library (plan data, <c>feed</c> on a target).
/// <see cref="Measure"/>: "count" of projects, "capacity" or "area" summed, "investment" (总投资) or "invested" (completed
/// investment to date) summed. A project counts when its type is one of <see cref="Types"/> (all when empty), its status
/// one of <see cref="Statuses"/> (built, in operation or under construction when empty), and, for the year evaluated,
/// <see cref="Window"/> "by" (started by the end of the year: cumulative) or "in" (active during the year: started by its
/// end and not completed before its start, the "每年滚动推进" reading).
/// </summary>
public sealed record FeedRule(string Measure, IReadOnlyList<string> Types, IReadOnlyList<string> Statuses, string Window = "by")
{
    public static readonly IReadOnlyList<string> Measures = ["count", "capacity", "area", "investment", "invested"];

    public static readonly IReadOnlyList<string> DefaultStatuses = [ProjectStatus.UnderConstruction, ProjectStatus.Completed, ProjectStatus.InOperation];

    /// <summary>The problems of a rule read from a plan file, in Chinese; empty when it is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Measures.Contains(Measure))
            problems.Add($"未知的统计口径 {Measure}（应为 {string.Join("、", Measures)}）");
        foreach (var s in Statuses.Where(s => !ProjectStatus.All.Contains(s)))
            problems.Add($"未知的项目状态 {s}");
        if (Window is not ("by" or "in"))
            problems.Add($"未知的年份口径 {Window}（应为 by 或 in）");
        return problems;
    }

    /// <summary>The rule in words, for provenance.</summary>
    public string Describe(int year)
    {
        var types = Types.Count == 0 ? "全部类型" : string.Join("、", Types);
        var statuses = string.Join("、", (Statuses.Count == 0 ? DefaultStatuses : Statuses).Select(ProjectStatus.Chinese));
        var window = Window == "in" ? $"{year}年内在实施" : $"截至{year}年底已开工";
        var measure = Measure switch
        {
            "count" => "项目个数",
            "capacity" => "规模（容量）合计",
            "area" => "面积合计",
            "investment" => "总投资合计（万元）",
            "invested" => "累计完成投资合计（万元）",
            _ => Measure,
        };
        return $"项目库：{types}，状态为{statuses}，{window}的{measure}";
    }
}

/// <summary>A fed value and the projects that make it up: the provenance of a computed observation.</summary>
public sealed record FeedResult(decimal Value, IReadOnlyList<int> ProjectIds, string Rule);

/// <summary>Feed rules over the project library, and the behind-schedule check.</summary>
public static class ProjectFeeds
{
    /// <summary>Evaluates a feed rule for a year over the library's projects.</summary>
    public static FeedResult Evaluate(FeedRule rule, IEnumerable<ProjectFacts> projects, int year)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(projects);
        var statuses = rule.Statuses.Count == 0 ? FeedRule.DefaultStatuses : rule.Statuses;
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var counted = projects.Where(p =>
                (rule.Types.Count == 0 || rule.Types.Contains(p.Type))
                && statuses.Contains(p.Status)
                // A project with no start date counts by its status alone: its sheet did not say when it began.
                && (p.Start is not { } start || start <= yearEnd)
                && (rule.Window != "in" || p.Completion is not { } done || done >= yearStart || !ProjectStatus.IsBuilt(p.Status)))
            .OrderBy(p => p.Id).ToList();
        var value = rule.Measure switch
        {
            "capacity" => counted.Sum(p => p.Capacity ?? 0),
            "area" => counted.Sum(p => p.Area ?? 0),
            "investment" => counted.Sum(p => p.Investment),
            "invested" => counted.Sum(p => p.InvestedToDate),
            _ => counted.Count,
        };
        return new FeedResult(value, counted.Select(p => p.Id).ToList(), rule.Describe(year));
    }

    /// <summary>The default of "far below plan": completed investment under half of the time-proportional share.</summary>
    public const decimal DefaultBehindShare = 0.5m;

    /// <summary>
    /// Why a project is behind schedule on <paramref name="today"/>, or null: past its planned completion and not built or
    /// cancelled; or, with at least half its planned time gone, completed investment under <paramref name="share"/> (by
    /// default half) of the time-proportional share of its total (完成投资明显低于计划).
    /// </summary>
    public static string? BehindSchedule(ProjectFacts project, DateOnly today, decimal share = DefaultBehindShare)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (ProjectStatus.IsClosed(project.Status) || project.Status == ProjectStatus.Suspended)
            return null;
        if (project.Completion is { } due && due < today)
            return $"计划{due.ToString("yyyy年M月", CultureInfo.InvariantCulture)}竣工，已逾期";
        if (project.Start is { } start && project.Completion is { } end && end > start && today > start && project.Investment > 0)
        {
            var elapsed = (decimal)(today.DayNumber - start.DayNumber) / (end.DayNumber - start.DayNumber);
            var done = project.InvestedToDate / project.Investment;
            if (elapsed >= 0.5m && done < elapsed * share)
                return FormattableString.Invariant($"计划工期已过{Math.Round(elapsed * 100)}%，累计完成投资仅占总投资{Math.Round(done * 100)}%");
        }
        return null;
    }
}
