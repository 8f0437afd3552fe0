using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Evaluation;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.CityCheck;

public sealed class HealthCheckTests
{
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task An_off_track_target_becomes_a_problem_a_rectification_task_and_a_project_and_next_years_check_resolves_it(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        var (taskId, department, other) = await TaskAndDepartmentsAsync(w);
        (await w.Admin.PostAsJsonAsync("/api/admin/assignments", new AssignRequest(taskId, department, "lead", "体检测试"), Ct)).EnsureSuccessStatusCode();
        var indicator = (await w.TargetAsync(Enterprises)).IndicatorId;

        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2025, 45);
        // A check needs its year's frozen annual round.
        var refused = await w.Admin.PostAsJsonAsync("/api/evaluation/health-checks", new CreateHealthCheckRequest(2025, null, [indicator], null), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await w.FreezeAsync(RoundKinds.Annual, 2025);
        var first = await CreateCheckAsync(w, 2025, indicator);
        var problem = Assert.Single(first.Problems);
        Assert.Equal(("generated", "off-track", Enterprises, "370200", department, "open"),
            (problem.Origin, problem.Severity, problem.TargetId, problem.RegionCode, problem.DepartmentId, problem.Status));
        Assert.Contains("进度滞后", problem.Title, StringComparison.Ordinal);
        Assert.Contains("off-track", first.Indicators.Single(i => i.TargetId == Enterprises && i.RegionCode == "370200").Status, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Admin.PostAsJsonAsync("/api/evaluation/health-checks", new CreateHealthCheckRequest(2025, null, [indicator], null), Ct)).StatusCode);

        var manual = await Read<ProblemDto>(await w.Admin.PostAsJsonAsync($"/api/evaluation/health-checks/{first.Summary.Id}/problems",
            new ProblemRequest("口袋公园分布不均", "老城区口袋公园覆盖不足，居民步行 5 分钟可达率偏低。", "at-risk", null, "370203", other), Ct), HttpStatusCode.Created);
        Assert.Equal(("manual", "open"), (manual.Origin, manual.Status));

        var task = await Read<RectificationTaskDto>(await w.Admin.PostAsJsonAsync($"/api/evaluation/problems/{problem.Id}/tasks",
            new RectificationTaskRequest("开展绩效分级帮扶，培育A级企业", department, new DateOnly(2027, 6, 30), null), Ct), HttpStatusCode.Created);
        Assert.Equal(("not-started", false), (task.Status, task.Overdue));
        var project = await Read<ProjectDto>(await w.Admin.PostAsJsonAsync("/api/evaluation/projects",
            new ProjectRequest(null, task.Id, "重点行业绩效提级改造项目", "污染治理", "370211", "董家口经济区", 1200.5m, "under-construction", department, 2025, 2026), Ct), HttpStatusCode.Created);
        Assert.Equal((problem.Id, "黄岛区", 1200.5m), (project.ProblemId, project.RegionName, project.Investment));
        var withWork = await w.Admin.GetFromJsonAsync<ProblemDto>($"/api/evaluation/problems/{problem.Id}", Ct);
        Assert.Equal(("rectifying", 1, 1), (withWork!.Status, withWork.Tasks.Count, withWork.Projects.Count));
        var detail = await w.Leader.GetFromJsonAsync<HealthCheckDto>($"/api/evaluation/health-checks/{first.Summary.Id}", Ct);
        Assert.Equal((1, 1200.5m), (detail!.Projects.Count, detail.Projects.Investment));

        // Only the owner department's reporter (or the plan office) reports the task.
        var owner = await w.App.ClientForAsync(Roles.Department, departmentId: department);
        var stranger = await w.App.ClientForAsync(Roles.Department, departmentId: other);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PutAsJsonAsync($"/api/evaluation/rectification-tasks/{task.Id}", new TaskUpdateRequest("done", null), Ct)).StatusCode);
        var done = await Read<RectificationTaskDto>(await owner.PutAsJsonAsync($"/api/evaluation/rectification-tasks/{task.Id}",
            new TaskUpdateRequest("done", "已培育A级企业12家"), Ct), HttpStatusCode.OK);
        Assert.NotNull(done.CompletedAt);
        Assert.Equal("rectified", (await w.Admin.GetFromJsonAsync<ProblemDto>($"/api/evaluation/problems/{problem.Id}", Ct))!.Status);
        var mine = await owner.GetFromJsonAsync<List<RectificationTaskDto>>($"/api/evaluation/rectification-tasks?department={department}", Ct);
        Assert.Equal(task.Id, Assert.Single(mine!).Id);

        // Next year: the target is met, so its problem is resolved; the hand-entered problem has no finished task and carries over.
        await w.ReportAsync(Enterprises, 2026, 82);
        await w.FreezeAsync(RoundKinds.Annual, 2026);
        var second = await CreateCheckAsync(w, 2026, indicator);
        Assert.Equal(first.Summary.Id, second.Summary.PreviousCheckId);
        var resolved = Assert.Single(second.ResolvedFromPrevious);
        Assert.Equal((problem.Id, "resolved", second.Summary.Id), (resolved.Id, resolved.Status, resolved.ClosedByCheckId));
        Assert.Contains("已实现", resolved.ClosingNote, StringComparison.Ordinal);
        Assert.Equal(manual.Id, Assert.Single(second.CarriedOverFromPrevious).Id);
        var continued = Assert.Single(second.Problems);
        Assert.Equal((manual.Id, "manual", "open"), (continued.CarriedFromId, continued.Origin, continued.Status));
        Assert.Equal("achieved", second.Indicators.Single(i => i.TargetId == Enterprises && i.RegionCode == "370200").Status);
        Assert.Equal((1, 1), (second.Summary.ResolvedFromPrevious, second.Summary.CarriedOver));
        // A closed problem's tasks are history.
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PutAsJsonAsync($"/api/evaluation/rectification-tasks/{task.Id}", new TaskUpdateRequest("in-progress", null), Ct)).StatusCode);
        var checks = await w.Leader.GetFromJsonAsync<List<HealthCheckSummaryDto>>("/api/evaluation/health-checks", Ct);
        Assert.Equal([2026, 2025], checks!.Select(c => c.Year));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_target_still_off_track_next_year_carries_its_problem_and_unfinished_work_over_and_district_problems_are_their_own(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        var indicator = (await w.TargetAsync(Enterprises)).IndicatorId;
        foreach (var region in new[] { "370200", "370214" })
        {
            await w.ReportAsync(Enterprises, 2024, 40, region);
            await w.ReportAsync(Enterprises, 2025, 45, region);
        }
        await w.FreezeAsync(RoundKinds.Annual, 2025);
        var first = await CreateCheckAsync(w, 2025, indicator);
        Assert.Equal(["370200", "370214"], first.Problems.Select(p => p.RegionCode).Order());
        Assert.Contains("城阳区", first.Problems.Single(p => p.RegionCode == "370214").Title, StringComparison.Ordinal);
        // The city's problem gets one task finished this year and one still open, and a project under construction.
        var cityProblem = first.Problems.Single(p => p.RegionCode == "370200");
        var finished = await Read<RectificationTaskDto>(await w.Admin.PostAsJsonAsync($"/api/evaluation/problems/{cityProblem.Id}/tasks",
            new RectificationTaskRequest("摸清企业底数", "qd-ecology-environment", new DateOnly(2026, 12, 31), null), Ct), HttpStatusCode.Created);
        var open = await Read<RectificationTaskDto>(await w.Admin.PostAsJsonAsync($"/api/evaluation/problems/{cityProblem.Id}/tasks",
            new RectificationTaskRequest("逐户帮扶提级", "qd-ecology-environment", new DateOnly(2027, 12, 31), null), Ct), HttpStatusCode.Created);
        await Read<RectificationTaskDto>(await w.Admin.PutAsJsonAsync($"/api/evaluation/rectification-tasks/{finished.Id}", new TaskUpdateRequest("done", null), Ct), HttpStatusCode.OK);
        var project = await Read<ProjectDto>(await w.Admin.PostAsJsonAsync("/api/evaluation/projects",
            new ProjectRequest(cityProblem.Id, open.Id, "绩效提级改造", "污染治理", "370200", null, 500, "under-construction", null, 2026, 2027), Ct), HttpStatusCode.Created);

        await w.ReportAsync(Enterprises, 2026, 46);
        await w.ReportAsync(Enterprises, 2026, 80, "370214");
        await w.FreezeAsync(RoundKinds.Annual, 2026);
        var second = await CreateCheckAsync(w, 2026, indicator);
        Assert.Equal("370214", Assert.Single(second.ResolvedFromPrevious).RegionCode);
        var city = Assert.Single(second.Problems);
        Assert.Equal(("370200", first.Problems.Single(p => p.RegionCode == "370200").Id), (city.RegionCode, city.CarriedFromId));
        Assert.Contains("延续自2025年体检", city.Description, StringComparison.Ordinal);
        // Unfinished work moved on with the problem; the finished task stays with last year's as its record.
        Assert.Equal([open.Id], city.Tasks.Select(t => t.Id));
        Assert.Equal([project.Id], city.Projects.Select(p => p.Id));
        Assert.Equal("rectifying", city.Status);
        var last = await w.Admin.GetFromJsonAsync<ProblemDto>($"/api/evaluation/problems/{cityProblem.Id}", Ct);
        Assert.Equal([finished.Id], last!.Tasks.Select(t => t.Id));
        Assert.Equal("carried-over", last.Status);
        Assert.Equal((1, 500m), (second.Projects.Count, second.Projects.Investment));
        // The moved task is still the owner's to report.
        await Read<RectificationTaskDto>(await w.Admin.PutAsJsonAsync($"/api/evaluation/rectification-tasks/{open.Id}", new TaskUpdateRequest("done", null), Ct), HttpStatusCode.OK);
        Assert.Equal("rectified", (await w.Admin.GetFromJsonAsync<ProblemDto>($"/api/evaluation/problems/{city.Id}", Ct))!.Status);
    }

    private static async Task<HealthCheckDto> CreateCheckAsync(EvaluationWorld w, int year, string indicator) =>
        await Read<HealthCheckDto>(await w.Admin.PostAsJsonAsync("/api/evaluation/health-checks", new CreateHealthCheckRequest(year, null, [indicator], null), Ct), HttpStatusCode.Created);

    private static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    private static async Task<(string TaskId, string Department, string Other)> TaskAndDepartmentsAsync(EvaluationWorld w)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var taskId = await db.Targets.Where(t => t.Id == Enterprises).Select(t => t.TaskId!).SingleAsync(Ct);
        var departments = await db.Departments.OrderBy(d => d.SortOrder).Select(d => d.Id).Take(2).ToListAsync(Ct);
        return (taskId, departments[0], departments[1]);
    }
}
