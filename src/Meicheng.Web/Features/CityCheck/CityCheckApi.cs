using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Common;
using System.Globalization;
using System.Security.Claims;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.CityCheck;

/// <summary>城市体检: checks, problems, rectification tasks and the project list. Staff read; the plan office writes; owners report their tasks.</summary>
internal static class HealthCheckApi
{
    public static void Map(IEndpointRouteBuilder app)
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
    }

    private static async Task<Actor> ActorAsync(ClaimsPrincipal principal, AppDbContext db, CancellationToken ct) =>
        await Actor.LoadAsync(principal, db, ct) ?? throw new InvalidOperationException("An authorised request has no user.");

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static async Task<Ok<List<HealthCheckSummaryDto>>> ListChecks(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await HealthChecks.SummariesAsync(db, ct));

    private static async Task<Results<Created<HealthCheckDto>, ValidationProblem, Conflict<ProblemDetails>>> CreateCheck(
        CreateHealthCheckRequest request, ClaimsPrincipal principal, AppDbContext db, IOptions<EvaluationSettings> settings, TimeProvider clock, CancellationToken ct)
    {
        var (check, errors, conflict) = await HealthChecks.CreateAsync(db, await ActorAsync(principal, db, ct), request, settings.Value, clock.GetUtcNow(), ct);
        if (conflict is not null)
            return ReportingApi.Conflict(conflict);
        if (check is null)
            return TypedResults.ValidationProblem(errors!);
        return TypedResults.Created($"/api/evaluation/health-checks/{check.Id}", (await HealthChecks.GetAsync(db, check.Id, Today(clock), ct))!);
    }

    private static async Task<Results<Ok<HealthCheckDto>, NotFound>> GetCheck(int id, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        await HealthChecks.GetAsync(db, id, Today(clock), ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();

    private static async Task<Dictionary<string, string[]>> ValidateRefsAsync(AppDbContext db, string? regionCode, string? departmentId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (regionCode is not null && !await db.Regions.AnyAsync(r => r.Code == regionCode, ct))
            errors["regionCode"] = [$"行政区划代码 {regionCode} 无效"];
        if (departmentId is not null && !await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
            errors["departmentId"] = [$"责任单位 {departmentId} 不存在"];
        return errors;
    }

    private static async Task<Results<Created<ProblemDto>, NotFound, ValidationProblem>> AddProblem(
        int id, ProblemRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.HealthChecks.AnyAsync(c => c.Id == id, ct))
            return TypedResults.NotFound();
        var errors = await ValidateRefsAsync(db, request.RegionCode, request.DepartmentId, ct);
        if (!CheckStates.Severities.Contains(request.Severity))
            errors["severity"] = ["性质须为 off-track（问题）或 at-risk（风险）"];
        var target = request.TargetId is null ? null : await db.Targets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == request.TargetId, ct);
        if (request.TargetId is not null && target is null)
            errors["targetId"] = [$"目标 {request.TargetId} 不存在"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var actor = await ActorAsync(principal, db, ct);
        var now = clock.GetUtcNow();
        var problem = new CheckProblem
        {
            CheckId = id, Origin = "manual", Severity = request.Severity, TargetId = target?.Id, IndicatorId = target?.IndicatorId,
            RegionCode = request.RegionCode ?? EvaluationText.City, DepartmentId = request.DepartmentId, Title = request.Title.Trim(),
            Description = request.Description.Trim(), Status = CheckStates.Open, CreatedAt = now, CreatedBy = actor.Email,
        };
        db.CheckProblems.Add(problem);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "problem.create", "check-problem", problem.Id.ToString(CultureInfo.InvariantCulture), null,
            new { problem.CheckId, problem.Title, problem.Severity, problem.RegionCode, problem.DepartmentId });
        await db.SaveChangesAsync(ct);
        var dto = (await HealthChecks.ProblemsAsync(db, db.CheckProblems.Where(p => p.Id == problem.Id), Today(clock), ct)).Single();
        return TypedResults.Created($"/api/evaluation/problems/{problem.Id}", dto);
    }

    private static async Task<Ok<List<ProblemDto>>> ListProblems(
        int? checkId, string? department, string? region, string? status, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var q = db.CheckProblems.AsQueryable();
        if (checkId is not null)
            q = q.Where(p => p.CheckId == checkId);
        if (department is not null)
            q = q.Where(p => p.DepartmentId == department);
        if (region is not null)
            q = q.Where(p => p.RegionCode == region);
        if (status is not null)
            q = q.Where(p => p.Status == status);
        return TypedResults.Ok(await HealthChecks.ProblemsAsync(db, q, Today(clock), ct));
    }

    private static async Task<Results<Ok<ProblemDto>, NotFound>> GetProblem(int id, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        (await HealthChecks.ProblemsAsync(db, db.CheckProblems.Where(p => p.Id == id), Today(clock), ct)).SingleOrDefault() is { } dto
            ? TypedResults.Ok(dto) : TypedResults.NotFound();

    private static async Task<Results<Created<RectificationTaskDto>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> AddTask(
        int id, RectificationTaskRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.CheckProblems.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } problem)
            return TypedResults.NotFound();
        if (CheckStates.IsClosed(problem.Status))
            return ReportingApi.Conflict("该问题已销号或已转入下年，请在延续的问题上安排整改");
        var errors = await ValidateRefsAsync(db, null, request.OwnerDepartmentId, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var actor = await ActorAsync(principal, db, ct);
        var now = clock.GetUtcNow();
        var task = new RectificationTask
        {
            ProblemId = id, Title = request.Title.Trim(), OwnerDepartmentId = request.OwnerDepartmentId, Deadline = request.Deadline,
            Status = ProgressState.NotStarted, Note = request.Note, CreatedAt = now, UpdatedAt = now,
        };
        db.RectificationTasks.Add(task);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await HealthChecks.RefreshStatusAsync(db, id, ct);
        Audit.Record(db, actor, now, "rectification.create", "rectification-task", task.Id.ToString(CultureInfo.InvariantCulture), null,
            new { task.ProblemId, task.Title, task.OwnerDepartmentId, task.Deadline });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/evaluation/rectification-tasks/{task.Id}", task.ToDto(await HealthChecks.NamesAsync(db, ct), Today(clock)));
    }

    private static async Task<Ok<List<RectificationTaskDto>>> ListTasks(string? department, string? status, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var q = db.RectificationTasks.AsNoTracking();
        if (department is not null)
            q = q.Where(t => t.OwnerDepartmentId == department);
        if (status is not null)
            q = q.Where(t => t.Status == status);
        var names = await HealthChecks.NamesAsync(db, ct);
        var today = Today(clock);
        return TypedResults.Ok((await q.OrderBy(t => t.Deadline).ThenBy(t => t.Id).ToListAsync(ct)).Select(t => t.ToDto(names, today)).ToList());
    }

    private static async Task<Results<Ok<RectificationTaskDto>, NotFound, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> UpdateTask(
        int id, TaskUpdateRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.RectificationTasks.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } task)
            return TypedResults.NotFound();
        var actor = await ActorAsync(principal, db, ct);
        if (!actor.Is(Roles.Admin) && !(actor.Is(Roles.Department) && actor.DepartmentId == task.OwnerDepartmentId))
            return TypedResults.Forbid();
        if (!CheckStates.TaskStates.Contains(request.Status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["状态须为 not-started、in-progress 或 done"] });
        var problem = await db.CheckProblems.AsNoTracking().SingleAsync(p => p.Id == task.ProblemId, ct);
        if (CheckStates.IsClosed(problem.Status))
            return ReportingApi.Conflict("该问题已由下年体检复核关闭，整改任务不能再修改");
        var now = clock.GetUtcNow();
        var old = new { task.Status, task.Note };
        task.Status = request.Status;
        task.Note = request.Note ?? task.Note;
        task.UpdatedAt = now;
        task.CompletedAt = request.Status == ProgressState.Done ? task.CompletedAt ?? now : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await HealthChecks.RefreshStatusAsync(db, task.ProblemId, ct);
        Audit.Record(db, actor, now, "rectification.update", "rectification-task", id.ToString(CultureInfo.InvariantCulture), old, new { task.Status, task.Note });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(task.ToDto(await HealthChecks.NamesAsync(db, ct), Today(clock)));
    }

    private static async Task<Ok<List<ProjectDto>>> ListProjects(string? region, string? status, string? type, int? problemId, AppDbContext db, CancellationToken ct)
    {
        var q = db.CheckProjects.AsNoTracking();
        if (region is not null)
            q = q.Where(p => p.RegionCode == region);
        if (status is not null)
            q = q.Where(p => p.Status == status);
        if (type is not null)
            q = q.Where(p => p.Type == type);
        if (problemId is not null)
            q = q.Where(p => p.ProblemId == problemId);
        var names = await HealthChecks.NamesAsync(db, ct);
        return TypedResults.Ok((await q.OrderBy(p => p.Id).ToListAsync(ct)).Select(p => p.ToDto(names)).ToList());
    }

    private static async Task<Dictionary<string, string[]>> ValidateProjectAsync(AppDbContext db, ProjectRequest request, CancellationToken ct)
    {
        var errors = await ValidateRefsAsync(db, request.RegionCode, request.DepartmentId, ct);
        if (!CheckStates.ProjectStates.Contains(request.Status))
            errors["status"] = ["状态须为 planned、under-construction、completed 或 suspended"];
        if (request.ProblemId is { } p && !await db.CheckProblems.AnyAsync(x => x.Id == p, ct))
            errors["problemId"] = [$"问题 {p} 不存在"];
        if (request.TaskId is { } t && !await db.RectificationTasks.AnyAsync(x => x.Id == t && (request.ProblemId == null || x.ProblemId == request.ProblemId), ct))
            errors["taskId"] = [$"整改任务 {t} 不存在或不属于该问题"];
        if (request.StartYear is { } s && request.EndYear is { } e && e < s)
            errors["endYear"] = ["完成年份不能早于开工年份"];
        return errors;
    }

    private static async Task<Results<Created<ProjectDto>, ValidationProblem>> AddProject(
        ProjectRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = await ValidateProjectAsync(db, request, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var now = clock.GetUtcNow();
        var problemId = request.ProblemId ?? (request.TaskId is { } t ? await db.RectificationTasks.Where(x => x.Id == t).Select(x => (int?)x.ProblemId).SingleAsync(ct) : null);
        var project = new CheckProject { Name = "", Type = "", RegionCode = "", Status = "", CreatedAt = now, ProblemId = problemId };
        Apply(project, request, now);
        db.CheckProjects.Add(project);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, await ActorAsync(principal, db, ct), now, "project.create", "check-project", project.Id.ToString(CultureInfo.InvariantCulture), null, request);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/evaluation/projects/{project.Id}", project.ToDto(await HealthChecks.NamesAsync(db, ct)));
    }

    private static async Task<Results<Ok<ProjectDto>, NotFound, ValidationProblem>> UpdateProject(
        int id, ProjectRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.CheckProjects.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } project)
            return TypedResults.NotFound();
        var errors = await ValidateProjectAsync(db, request, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var now = clock.GetUtcNow();
        var old = project.ToDto(await HealthChecks.NamesAsync(db, ct));
        Apply(project, request, now);
        if (request.ProblemId is not null)
            project.ProblemId = request.ProblemId;
        Audit.Record(db, await ActorAsync(principal, db, ct), now, "project.update", "check-project", id.ToString(CultureInfo.InvariantCulture), old, request);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(project.ToDto(await HealthChecks.NamesAsync(db, ct)));
    }

    private static void Apply(CheckProject project, ProjectRequest request, DateTimeOffset now)
    {
        project.TaskId = request.TaskId;
        project.Name = request.Name.Trim();
        project.Type = request.Type.Trim();
        project.RegionCode = request.RegionCode;
        project.Location = string.IsNullOrWhiteSpace(request.Location) ? null : request.Location.Trim();
        project.Investment = request.Investment;
        project.Status = request.Status;
        project.DepartmentId = request.DepartmentId;
        project.StartYear = request.StartYear;
        project.EndYear = request.EndYear;
        project.UpdatedAt = now;
    }
}
