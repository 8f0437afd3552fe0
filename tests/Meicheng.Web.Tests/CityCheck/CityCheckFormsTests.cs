using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Accounts;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;
using static Meicheng.Web.Tests.Pages.PageForms;

namespace Meicheng.Web.Tests.CityCheck;

/// <summary>
/// The health-check loop through the pages' forms: the check with indicators picked by name, a problem by hand, a rectification
/// task with owner and deadline, a project, the owner reporting the task done, and next year's check closing or carrying over.
/// </summary>
public sealed class CityCheckFormsTests
{
    private const string Owner = "qd-ecology-environment";

    [Fact]
    public async Task The_plan_office_and_the_owner_run_the_loop_on_the_pages_and_next_years_check_closes_or_carries_over()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        var target = await w.TargetAsync(Enterprises);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2025, 45);
        await w.FreezeAsync(RoundKinds.Annual, 2025);

        // Indicators are offered by name.
        var checks = await GetAsync(w.Admin, "/evaluation/health-checks");
        Assert.Equal(target.Indicator!.Name, checks.QuerySelector($"#check-indicators option[value='{target.IndicatorId}']")!.TextContent);
        var checkUrl = await RedirectedAsync(await PostAsync(w.Admin, "/evaluation/health-checks", "run-check", ("Check.Year", "2025"), ("Check.IndicatorIds", target.IndicatorId)));
        var check = await GetAsync(w.Admin, checkUrl);
        var generated = check.QuerySelector("table.problems tbody tr")!.GetAttribute("data-problem")!;

        // A problem by hand: the target by indicator name and clause; a missing description is refused beside its field, the title kept.
        Assert.Equal($"{target.Indicator.Name} · {target.Clause}", check.QuerySelector($"#problem-target option[value='{Enterprises}']")!.TextContent);
        var refused = await RefusedAsync(await PostAsync(w.Admin, checkUrl, "add-problem",
            ("Problem.Title", "绩效分级企业培育机制不健全"), ("Problem.Description", " "), ("Problem.Severity", "at-risk"), ("Problem.TargetId", Enterprises),
            ("Problem.RegionCode", "370200"), ("Problem.DepartmentId", Owner)));
        Assert.Equal("请填写问题描述", refused.QuerySelector("form.add-problem .field-error")!.TextContent);
        Assert.Equal("绩效分级企业培育机制不健全", refused.QuerySelector("#problem-title")!.GetAttribute("value"));
        await RedirectedAsync(await PostAsync(w.Admin, checkUrl, "add-problem",
            ("Problem.Title", "绩效分级企业培育机制不健全"), ("Problem.Description", "缺少培育清单和帮扶措施"), ("Problem.Severity", "at-risk"),
            ("Problem.TargetId", Enterprises), ("Problem.RegionCode", "370200"), ("Problem.DepartmentId", Owner)));
        check = await GetAsync(w.Admin, checkUrl);
        var manual = check.QuerySelectorAll("table.problems tbody tr").Single(r => r.TextContent.Contains("绩效分级企业培育机制不健全", StringComparison.Ordinal))
            .GetAttribute("data-problem")!;

        // A task without a deadline is refused, everything else kept; with one it is accepted.
        var noDeadline = await RefusedAsync(await PostAsync(w.Admin, checkUrl, "add-task",
            ("Task.ProblemId", generated), ("Task.Title", "培育A级绩效企业"), ("Task.OwnerDepartmentId", Owner), ("Task.Deadline", "")));
        Assert.Equal("请填写完成期限", noDeadline.QuerySelector("form.add-task .field-error")!.TextContent);
        Assert.NotNull(noDeadline.QuerySelector($"#task-owner option[value='{Owner}'][selected]"));
        await RedirectedAsync(await PostAsync(w.Admin, checkUrl, "add-task",
            ("Task.ProblemId", generated), ("Task.Title", "培育A级绩效企业"), ("Task.OwnerDepartmentId", Owner), ("Task.Deadline", "2026-12-31")));

        // A project: type, district by name with a place, investment in 万元, status.
        var badInvestment = await RefusedAsync(await PostAsync(w.Admin, checkUrl, "add-project",
            ("Project.ProblemId", generated), ("Project.Name", "重点企业深度治理工程"), ("Project.Type", "污染治理"), ("Project.RegionCode", "370281"),
            ("Project.Location", "胶州湾产业园"), ("Project.Investment", "八百"), ("Project.Status", "planned")));
        Assert.Equal("投资须为不小于 0 的万元数", badInvestment.QuerySelector("form.add-project .field-error")!.TextContent);
        Assert.Equal("胶州湾产业园", badInvestment.QuerySelector("#project-location")!.GetAttribute("value"));
        await RedirectedAsync(await PostAsync(w.Admin, checkUrl, "add-project",
            ("Project.ProblemId", generated), ("Project.Name", "重点企业深度治理工程"), ("Project.Type", "污染治理"), ("Project.RegionCode", "370281"),
            ("Project.Location", "胶州湾产业园"), ("Project.Investment", "880"), ("Project.Status", "under-construction"), ("Project.DepartmentId", Owner)));
        check = await GetAsync(w.Leader, checkUrl);
        var row = check.QuerySelector($"table.problems tr[data-problem='{generated}']")!;
        Assert.Contains("培育A级绩效企业", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("重点企业深度治理工程（污染治理，胶州市，880 万元，在建）", row.TextContent, StringComparison.Ordinal);
        Assert.Null(check.QuerySelector("form.add-problem"));

        // The owner department's reporter reports the task done on the rectification page; another department sees no form.
        var owner = await w.App.ClientForAsync(Roles.Department, Owner);
        var other = await w.App.ClientForAsync(Roles.Department, "qd-housing");
        Assert.Null((await GetAsync(other, "/evaluation/rectification")).QuerySelector("form.task-status"));
        var list = await GetAsync(owner, "/evaluation/rectification");
        var taskId = list.QuerySelector("table.rectification-tasks tbody tr")!.GetAttribute("data-task")!;
        var done = await RedirectedAsync(await PostAsync(owner, "/evaluation/rectification", $"task-status-{taskId}", ("TaskStatus.Status", "done"), ("TaskStatus.Note", "已完成培育")));
        Assert.Contains("已完成", (await GetAsync(owner, done)).QuerySelector($"table.rectification-tasks tr[data-task='{taskId}'] .badge")!.TextContent, StringComparison.Ordinal);
        // The plan office changes a project's status there too.
        var projectId = list.QuerySelector("table.projects tbody tr")!.GetAttribute("data-project")!;
        Assert.Null(list.QuerySelector("form.project-status"));
        await RedirectedAsync(await PostAsync(w.Admin, "/evaluation/rectification", $"project-status-{projectId}", ("ProjectStatus.Status", "completed"), ("ProjectStatus.Investment", "900")));
        Assert.Contains("已建成", (await GetAsync(w.Leader, "/evaluation/rectification")).QuerySelector($"table.projects tr[data-project='{projectId}']")!.TextContent, StringComparison.Ordinal);

        // Next year's check: the generated problem's target is now achieved → resolved; the hand-entered one has no finished task → carried over.
        await w.ReportAsync(Enterprises, 2026, 85);
        await w.FreezeAsync(RoundKinds.Annual, 2026);
        var nextUrl = await RedirectedAsync(await PostAsync(w.Admin, "/evaluation/health-checks", "run-check", ("Check.Year", "2026"), ("Check.IndicatorIds", target.IndicatorId)));
        var next = await GetAsync(w.Leader, nextUrl);
        Assert.Contains("上年问题已销号（1）", next.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Contains("上年问题转入本年（1）", next.QuerySelectorAll("h2").Select(h => h.TextContent));
        var first = await GetAsync(w.Leader, checkUrl);
        Assert.Contains("已销号", first.QuerySelector($"table.problems tr[data-problem='{generated}']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("转入下年", first.QuerySelector($"table.problems tr[data-problem='{manual}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, (await GetAsync(w.Leader, "/evaluation/health-checks")).QuerySelectorAll("table.checks tbody tr").Length);
    }
}
