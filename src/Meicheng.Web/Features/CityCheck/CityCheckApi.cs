using Meicheng.Web.Common;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.CityCheck;

/// <summary>
/// 城市体检: checks, problems, rectification tasks and the project list, under /api/evaluation where they have always been.
/// Staff read; the plan office writes; owners report their tasks. Each handler maps a <see cref="CityChecks"/> outcome to HTTP.
/// </summary>
public static class CityCheckApi
{
    public static IServiceCollection AddCityCheck(this IServiceCollection services) => services.AddScoped<CityChecks>();

    public static IEndpointRouteBuilder MapCityCheck(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/evaluation").WithTags("City health check").RequireAuthorization(Policies.Staff);
        api.MapGet("/health-checks", ListChecks).WithSummary("Every yearly city health check (城市体检), newest first");
        api.MapPost("/health-checks", CreateCheck).RequireAuthorization(Policies.Admin)
            .WithSummary("Run the year's check on its frozen annual round: problems from off-track and at-risk targets; last year's open problems resolved or carried over");
        api.MapGet("/health-checks/{id:int}", GetCheck).WithSummary("A check end to end: indicator results, problems with tasks and projects, what last year's problems became");
        api.MapPost("/health-checks/{id:int}/problems", AddProblem).RequireAuthorization(Policies.Admin).WithSummary("Enter a problem by hand");
        api.MapGet("/problems", ListProblems).WithSummary("Problems, filtered by check, department, region or status");
        api.MapGet("/problems/{id:int}", GetProblem).WithSummary("One problem with its rectification tasks and projects");
        api.MapPost("/problems/{id:int}/tasks", AddTask).RequireAuthorization(Policies.Admin).WithSummary("Give a problem a rectification task: owner department, deadline");
        api.MapGet("/rectification-tasks", ListTasks).WithSummary("Rectification tasks, filtered by owner department or status; Overdue flags missed deadlines");
        api.MapPut("/rectification-tasks/{id:int}", UpdateTask).WithSummary("Report a rectification task's status (the plan office, or a reporter of the owner department)");
        api.MapGet("/projects", ListProjects).WithSummary("The project list (项目清单): type, region, investment (万元), status");
        api.MapPost("/projects", AddProject).RequireAuthorization(Policies.Admin).WithSummary("Add a project, linked to a problem and optionally one of its tasks");
        api.MapPut("/projects/{id:int}", UpdateProject).RequireAuthorization(Policies.Admin).WithSummary("Change a project");
        return app;
    }

    private static async Task<Ok<List<HealthCheckSummaryDto>>> ListChecks(CityChecks checks, CancellationToken ct) =>
        TypedResults.Ok(await checks.SummariesAsync(ct));

    private static async Task<Results<Created<HealthCheckDto>, Ok<HealthCheckDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> CreateCheck(
        CreateHealthCheckRequest request, CityChecks checks, CancellationToken ct) =>
        (await checks.CreateAsync(request, ct)).ToHttpCreated(c => c, c => $"/api/evaluation/health-checks/{c.Summary.Id}");

    private static async Task<Results<Ok<HealthCheckDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> GetCheck(
        int id, CityChecks checks, CancellationToken ct) =>
        (await checks.GetAsync(id, ct)).ToHttp(c => c);

    private static async Task<Results<Created<ProblemDto>, Ok<ProblemDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddProblem(
        int id, ProblemRequest request, CityChecks checks, CancellationToken ct) =>
        (await checks.AddProblemAsync(id, request, ct)).ToHttpCreated(p => p, p => $"/api/evaluation/problems/{p.Id}");

    private static async Task<Ok<List<ProblemDto>>> ListProblems(int? checkId, string? department, string? region, string? status, CityChecks checks, CancellationToken ct) =>
        TypedResults.Ok(await checks.ProblemsAsync(checkId, department, region, status, ct));

    private static async Task<Results<Ok<ProblemDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> GetProblem(
        int id, CityChecks checks, CancellationToken ct) =>
        (await checks.GetProblemAsync(id, ct)).ToHttp(p => p);

    private static async Task<Results<Created<RectificationTaskDto>, Ok<RectificationTaskDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddTask(
        int id, RectificationTaskRequest request, CityChecks checks, CancellationToken ct) =>
        (await checks.AddTaskAsync(id, request, ct)).ToHttpCreated(t => t, t => $"/api/evaluation/rectification-tasks/{t.Id}");

    private static async Task<Ok<List<RectificationTaskDto>>> ListTasks(string? department, string? status, CityChecks checks, CancellationToken ct) =>
        TypedResults.Ok(await checks.TasksAsync(department, status, ct));

    private static async Task<Results<Ok<RectificationTaskDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> UpdateTask(
        int id, TaskUpdateRequest request, CityChecks checks, CancellationToken ct) =>
        (await checks.UpdateTaskAsync(id, request, ct)).ToHttp(t => t);

    private static async Task<Ok<List<ProjectDto>>> ListProjects(string? region, string? status, string? type, int? problemId, CityChecks checks, CancellationToken ct) =>
        TypedResults.Ok(await checks.ProjectsAsync(region, status, type, problemId, null, ct));

    private static async Task<Results<Created<ProjectDto>, Ok<ProjectDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddProject(
        ProjectRequest request, CityChecks checks, CancellationToken ct) =>
        (await checks.AddProjectAsync(request, ct)).ToHttpCreated(p => p, p => $"/api/evaluation/projects/{p.Id}");

    private static async Task<Results<Ok<ProjectDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> UpdateProject(
        int id, ProjectRequest request, CityChecks checks, CancellationToken ct) =>
        (await checks.UpdateProjectAsync(id, request, ct)).ToHttp(p => p);
}
