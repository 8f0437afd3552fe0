using Meicheng.Web.Common;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Projects;

/// <summary>
/// 项目库: the projects behind the plans, their Excel sheet, totals, map and monthly progress. Staff read within their
/// scope (a department its projects, a district its district); the plan office and reporters change and report; reviewers
/// approve progress. Each handler maps a <see cref="ProjectOperations"/> outcome to HTTP.
/// </summary>
public static class ProjectsApi
{
    public static IServiceCollection AddProjects(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProjectsOptions>(configuration.GetSection("Projects"));
        services.Configure<ProjectFilesOptions>(configuration.GetSection("ProjectFiles"));
        services.AddScoped<ProjectOperations>();
        services.AddScoped<ProjectFeedRunner>();
        services.AddSingleton<ProjectCache>();
        return services;
    }

    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(Policies.Staff);
        api.MapGet("/", List).WithSummary("The project library in the caller's scope, filtered by plan task, target, type, status, district, department or text q");
        api.MapGet("/{id:int}", Get).WithSummary("One project: what it serves, its investment plan by source, its progress history");
        api.MapPost("/", Create).RequireAuthorization(Policies.Report).WithSummary("Register a project (the plan office, or a reporter for its department or district)");
        api.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Report).WithSummary("Change a project; a status change recomputes the targets fed by the library");
        api.MapGet("/template.xlsx", Template).WithSummary("The empty project sheet in the office layout (项目名称、建设单位、建设地点、建设内容及规模、总投资…)");
        api.MapGet("/export.xlsx", Export).WithSummary("The filtered list in the same layout");
        api.MapPost("/import", RuntimeBound.Handler(Import)).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Import a project sheet as a whole: every row valid or nothing saved; the same file twice changes nothing");
        api.MapGet("/totals", Totals).WithSummary("Projects and investment by department and district: total, the year's plan by source, completed");
        api.MapGet("/map", Map).WithSummary("Projects with a location (GeoJSON point or polygon), by type and status");
        api.MapGet("/behind-schedule", Behind).WithSummary("Projects past their planned completion, or with completed investment far below plan");
        api.MapGet("/{id:int}/progress", Progress).WithSummary("A project's monthly progress reports, newest first");
        api.MapPost("/{id:int}/progress", SaveProgress).RequireAuthorization(Policies.Report)
            .WithSummary("Save or submit a month's progress (形象进度, % complete, investment this month and to date, issues, coordination)");
        api.MapPost("/progress/{progressId:int}/submit", Submit).RequireAuthorization(Policies.Report).WithSummary("Submit a draft or returned progress report");
        api.MapPost("/progress/{progressId:int}/approve", Approve).RequireAuthorization(Policies.Review).WithSummary("Approve a submitted progress report (never one's own)");
        api.MapPost("/progress/{progressId:int}/return", Return).RequireAuthorization(Policies.Review).WithSummary("Return a submitted progress report with a reason");
        api.MapPost("/progress/{progressId:int}/reopen", Reopen).RequireAuthorization(Policies.Admin)
            .WithSummary("Open an approved month again for revision (the plan office, with a reason that is audited)");
        api.MapPost("/progress/{progressId:int}/evidence", RuntimeBound.Handler(AddEvidence)).RequireAuthorization(Policies.Report).DisableAntiforgery()
            .WithSummary("Attach an evidence file to a month's progress while it is open (pdf, png, jpg, xlsx, docx, csv, txt; size-limited)");
        return app;
    }

    private static async Task<Ok<List<ProjectSummaryDto>>> List([AsParameters] ProjectFilter filter, ProjectOperations projects, CancellationToken ct) =>
        TypedResults.Ok(await projects.ListAsync(filter, ct));

    private static async Task<Results<Ok<ProjectDetailDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Get(
        int id, ProjectOperations projects, CancellationToken ct) => (await projects.GetAsync(id, ct)).ToHttp(p => p);

    private static async Task<Results<Created<ProjectDetailDto>, Ok<ProjectDetailDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Create(
        ProjectSaveRequest request, ProjectOperations projects, CancellationToken ct) =>
        (await projects.CreateAsync(request, ct)).ToHttpCreated(p => p, p => $"/api/projects/{p.Summary.Id}");

    private static async Task<Results<Ok<ProjectDetailDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Update(
        int id, ProjectSaveRequest request, ProjectOperations projects, CancellationToken ct) => (await projects.UpdateAsync(id, request, ct)).ToHttp(p => p);


    private static async Task<FileContentHttpResult> Template(ProjectOperations projects, CancellationToken ct) =>
        TypedResults.File(await projects.WorkbookAsync(null, ct), Reporting.Workbook.ContentType, "项目清单模板.xlsx");

    private static async Task<FileContentHttpResult> Export([AsParameters] ProjectFilter filter, ProjectOperations projects, CancellationToken ct) =>
        TypedResults.File(await projects.WorkbookAsync(filter, ct), Reporting.Workbook.ContentType, "项目清单.xlsx");

    private static async Task<Results<Ok<ProjectImportResultDto>, ValidationProblem>> Import(IFormFile file, int? year, ProjectOperations projects, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var (result, issues) = await projects.ImportAsync(stream, file.Length, year, ct);
        return result is not null ? TypedResults.Ok(result) : WorkbookProblems.From(issues);
    }

    // The JSON computed with the answer, written as it is (gzipped once when asked): declared to OpenAPI as Ok<T> is.
    private static async Task<CachedJson<ProjectLibraryTotalsDto>> Totals([AsParameters] ProjectFilter filter, int? year, ProjectOperations projects, CancellationToken ct) =>
        new((await projects.TotalsAnswerAsync(filter, year, ct)).Json);

    private static async Task<CachedJson<List<ProjectMapPointDto>>> Map([AsParameters] ProjectFilter filter, ProjectOperations projects, CancellationToken ct) =>
        new((await projects.MapAnswerAsync(filter, ct)).Json);

    private static async Task<Ok<List<ProjectSummaryDto>>> Behind(ProjectOperations projects, CancellationToken ct) =>
        TypedResults.Ok(await projects.BehindScheduleAsync(ct));

    private static async Task<Results<Ok<List<ProjectProgressDto>>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Progress(
        int id, ProjectOperations projects, CancellationToken ct) => (await projects.ProgressAsync(id, ct)).ToHttp(p => p);

    private static async Task<Results<Created<ProjectProgressDto>, Ok<ProjectProgressDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> SaveProgress(
        int id, ProjectProgressRequest request, ProjectOperations projects, CancellationToken ct) =>
        (await projects.SaveProgressAsync(id, request, ct)).ToHttpCreated(p => p, p => $"/api/projects/{id}/progress");

    private static async Task<Results<Ok<ProjectProgressDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Submit(
        int progressId, TransitionRequest request, ProjectOperations projects, CancellationToken ct) =>
        (await projects.TransitAsync(progressId, "submit", request, ct)).ToHttp(p => p);

    private static async Task<Results<Ok<ProjectProgressDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Approve(
        int progressId, TransitionRequest request, ProjectOperations projects, CancellationToken ct) =>
        (await projects.TransitAsync(progressId, "approve", request, ct)).ToHttp(p => p);

    private static async Task<Results<Ok<ProjectProgressDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Return(
        int progressId, TransitionRequest request, ProjectOperations projects, CancellationToken ct) =>
        (await projects.TransitAsync(progressId, "return", request, ct)).ToHttp(p => p);

    private static async Task<Results<Ok<ProjectProgressDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Reopen(
        int progressId, ProjectReopenRequest request, ProjectOperations projects, CancellationToken ct) =>
        (await projects.ReopenAsync(progressId, request.Reason, ct)).ToHttp(p => p);

    private static async Task<Results<Created<EvidenceDto>, Ok<EvidenceDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddEvidence(
        int progressId, IFormFile file, ProjectOperations projects, CancellationToken ct) =>
        (await projects.AttachAsync(progressId, file, ct)).ToHttpCreated(e => e, e => e.Url);
}
