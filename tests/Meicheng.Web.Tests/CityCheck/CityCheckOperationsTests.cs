using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.CityCheck;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;
using static Meicheng.Web.Tests.Evaluation.RoundOperationsTests;

namespace Meicheng.Web.Tests.CityCheck;

/// <summary>The health check's operations refuse as the pages and the API rely on.</summary>
public sealed class CityCheckOperationsTests
{
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Only_the_plan_office_runs_checks_and_adds_work_and_missing_checks_problems_tasks_and_projects_are_not_found(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        var problem = new ProblemRequest("问题", "说明", "at-risk", null, null, null);
        var project = new ProjectRequest(null, null, "项目", "其他", "370200", null, 1, "planned", null, null, null);

        await using (var reviewer = RequestAs(w.App, await UserAsync(w.App, Roles.Reviewer)))
        {
            var checks = reviewer.ServiceProvider.GetRequiredService<CityChecks>();
            Assert.Equal(OutcomeKind.Forbidden, (await checks.CreateAsync(new CreateHealthCheckRequest(2026, null, null, null), Ct)).Kind);
            Assert.Equal(OutcomeKind.Forbidden, (await checks.AddProjectAsync(project, Ct)).Kind);
        }
        await using (var admin = RequestAs(w.App, await UserAsync(w.App, Roles.Admin)))
        {
            var checks = admin.ServiceProvider.GetRequiredService<CityChecks>();
            // No annual round is frozen for the year: the refusal names the field.
            Assert.Equal("须先冻结2026年的年度监测轮次", (await checks.CreateAsync(new CreateHealthCheckRequest(2026, null, null, null), Ct)).ErrorFor("roundId"));
            Assert.Equal(OutcomeKind.NotFound, (await checks.GetAsync(999, Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await checks.AddProblemAsync(999, problem, Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await checks.GetProblemAsync(999, Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound,
                (await checks.AddTaskAsync(999, new RectificationTaskRequest("任务", "qd-ecology-environment", new DateOnly(2027, 6, 30), null), Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await checks.UpdateTaskAsync(999, new TaskUpdateRequest("done", null), Ct)).Kind);
            Assert.Equal(OutcomeKind.NotFound, (await checks.UpdateProjectAsync(999, project, Ct)).Kind);
            var invalid = await checks.AddProjectAsync(project with { Status = "dreamt-of", ProblemId = 999, StartYear = 2027, EndYear = 2026 }, Ct);
            Assert.Equal(["endYear", "problemId", "status"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
            Assert.Empty(await checks.ProjectsAsync(null, null, null, null, null, Ct));
        }
    }
}
