using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Plans;

public static class PlansApi
{
    public static IServiceCollection AddPlans(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PlanFilesOptions>(configuration.GetSection("Plans"));
        services.AddSingleton(sp => City.Load(sp.GetRequiredService<IOptions<PlanFilesOptions>>().Value));
        services.AddSingleton<PlanImportStatus>();
        services.AddSingleton<PlanImporter>();
        services.AddScoped<PlanVersionOperations>();
        services.AddScoped<PlanItemEdits>();
        services.AddScoped<PlanDrafts>();
        return services;
    }

    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Plans").AllowAnonymous();
        api.MapGet("/plans", ListPlans).WithSummary("Both plans with their counts of areas, tasks, targets and milestones");
        api.MapGet("/plans/{planId}", GetPlan).WithSummary("A plan with its areas, tasks, responsible units and measures");
        api.MapGet("/plans/{planId}/tasks/{number:int}", GetTask).WithSummary("A task with its targets, milestones and facts");
        api.MapGet("/plans/{planId}/targets", ListTargets).WithSummary("Every quantitative target of a plan, as written, with its citation");
        api.MapGet("/plans/{planId}/milestones", ListMilestones).WithSummary("Every dated qualitative milestone of a plan");
        api.MapGet("/plans/{planId}/facts", ListFacts).WithSummary("Scope facts the plan states (not targets)");
        api.MapGet("/targets/{targetId}", GetTarget).WithSummary("One target");
        api.MapGet("/indicators", ListIndicators).WithSummary("The indicator catalogue shared by the plans");
        api.MapGet("/indicators/{indicatorId}", GetIndicator).WithSummary("An indicator with every target set for it, across plans");

        api.MapGet("/plans/{planId}/versions", ListVersions).WithSummary("The versions of a plan, newest first (pending uploads only for the plan office)");
        api.MapGet("/plans/{planId}/versions/{number:int}/document", GetVersionDocument)
            .WithSummary("One version's whole document in the plan-file format (meicheng.plan/1); old versions stay readable");
        api.MapGet("/plans/{planId}/versions/{number:int}/diff", GetVersionDiff)
            .WithSummary("The diff of a version against the one it replaces (or the current one, for a pending upload), with the proposed old→new mapping");
        var office = app.MapGroup("/api").WithTags("Plans").RequireAuthorization(Policies.Admin);
        office.MapPost("/plans/{planId}/versions", UploadVersion).WithSummary("Upload a new version of a plan (plan-file JSON); it waits as pending until adopted");
        office.MapPost("/plans/{planId}/versions/{number:int}/adopt", AdoptVersion)
            .WithSummary("Adopt a pending version with the confirmed mapping: observations, progress, assignments and evidence follow their items in one transaction");
        office.MapPatch("/targets/{targetId}", EditTarget).WithSummary("Correct a target in place (value, year, comparator, scope) with a required reason, audited per field");
        office.MapPatch("/milestones/{milestoneId}", EditMilestone).WithSummary("Correct a milestone in place (title, year, scope) with a required reason, audited per field");

        // Importing a plan document: upload, review the candidates, publish (a new plan, or a new version of one).
        var imports = app.MapGroup("/api/plans").WithTags("Plan imports").RequireAuthorization(Policies.Admin);
        imports.MapPost("/imports", RuntimeBound.Handler(UploadDraft)).DisableAntiforgery()
            .WithSummary("Upload a plan document (.docx, .pdf with a text layer, .txt) as multipart field 'file': returns the draft with every candidate and its span in the text");
        imports.MapGet("/imports", ListDrafts).WithSummary("The draft imports, newest first, with their counts and where they were published");
        imports.MapGet("/imports/{id:int}", GetDraft).WithSummary("A draft import: metadata, source text, every item with its state and span");
        imports.MapPut("/imports/{id:int}", UpdateDraftMeta).WithSummary("Set the draft's metadata: title, issuer, number, date, plan id and code, city, period, status, or the plan it becomes a new version of");
        imports.MapPost("/imports/{id:int}/items/{itemId:int}/decision", DecideDraftItem).WithSummary("Accept, reject or reopen one candidate");
        imports.MapPut("/imports/{id:int}/items/{itemId:int}", EditDraftItem).WithSummary("Correct a target (indicator, value, unit, comparator, year, kind, scope, clause) or a milestone");
        imports.MapPost("/imports/{id:int}/items", AddDraftItem).WithSummary("Add a target or milestone the extractor missed, by its clause (and its offsets in the source text)");
        imports.MapPut("/imports/{id:int}/items/{itemId:int}/owners", SetDraftOwners).WithSummary("Assign a task's lead, responsible and supporting units by name from the department registry, or accept new names");
        imports.MapGet("/imports/{id:int}/plan.json", DraftPlanJson).WithSummary("The draft as a plan file (meicheng.plan/1), unfinished items left out");
        imports.MapPost("/imports/{id:int}/publish", PublishDraft).WithSummary("Publish the kept items as a plan (version 1) or as a pending new version of the chosen plan; a second publish answers with the first");
        return app;
    }

    private static async Task<Results<Created<PlanDraftDto>, Ok<PlanDraftDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> UploadDraft(
        IFormFile? file, PlanDrafts drafts, CancellationToken ct)
    {
        await using var content = file?.OpenReadStream();
        return (await drafts.UploadAsync(file?.FileName, content, file?.Length ?? 0, ct)).ToHttpCreated(d => d, d => $"/api/plans/imports/{d.Id}");
    }

    private static async Task<Results<Ok<IReadOnlyList<PlanDraftSummaryDto>>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> ListDrafts(
        PlanDrafts drafts, CancellationToken ct) => (await drafts.ListAsync(ct)).ToHttp(d => d);

    private static async Task<Results<Ok<PlanDraftDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> GetDraft(
        int id, PlanDrafts drafts, CancellationToken ct) => (await drafts.GetAsync(id, ct)).ToHttp(d => d);

    private static async Task<Results<Ok<PlanDraftDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> UpdateDraftMeta(
        int id, DraftMetaRequest request, PlanDrafts drafts, CancellationToken ct) => (await drafts.UpdateMetaAsync(id, request, ct)).ToHttp(d => d);

    private static async Task<Results<Ok<DraftItemDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> DecideDraftItem(
        int id, int itemId, DraftDecisionRequest request, PlanDrafts drafts, CancellationToken ct) => (await drafts.DecideAsync(id, itemId, request, ct)).ToHttp(i => i);

    private static async Task<Results<Ok<DraftItemDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> EditDraftItem(
        int id, int itemId, DraftItemEditRequest request, PlanDrafts drafts, CancellationToken ct) => (await drafts.EditAsync(id, itemId, request, ct)).ToHttp(i => i);

    private static async Task<Results<Created<DraftItemDto>, Ok<DraftItemDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AddDraftItem(
        int id, DraftAddRequest request, PlanDrafts drafts, CancellationToken ct) =>
        (await drafts.AddAsync(id, request, ct)).ToHttpCreated(i => i, _ => $"/api/plans/imports/{id}");

    private static async Task<Results<Ok<DraftItemDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> SetDraftOwners(
        int id, int itemId, DraftOwnersRequest request, PlanDrafts drafts, CancellationToken ct) => (await drafts.SetOwnersAsync(id, itemId, request, ct)).ToHttp(i => i);

    private static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>, ForbidHttpResult>> DraftPlanJson(int id, PlanDrafts drafts, CancellationToken ct)
    {
        var json = await drafts.PlanJsonAsync(id, ct);
        return json.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Text(json.Value, "application/json; charset=utf-8"),
            OutcomeKind.Forbidden => TypedResults.Forbid(),
            _ => OutcomeHttp.NotFound(json.Message),
        };
    }

    private static async Task<Results<Created<DraftPublishedDto>, Ok<DraftPublishedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> PublishDraft(
        int id, PlanDrafts drafts, CancellationToken ct) =>
        (await drafts.PublishAsync(id, ct)).ToHttpCreated(p => p, p => p.Next);

    private static async Task<Results<Ok<IReadOnlyList<PlanVersionDto>>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> ListVersions(
        string planId, PlanVersionOperations versions, CancellationToken ct) =>
        (await versions.ListAsync(planId, ct)).ToHttp(v => v);

    private static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> GetVersionDocument(string planId, int number, PlanVersionOperations versions, CancellationToken ct) =>
        await versions.GetAsync(planId, number, ct) is { Succeeded: true, Value: { } v }
            ? TypedResults.Text(v.Json, "application/json; charset=utf-8")
            : OutcomeHttp.NotFound("没有这个版本。");

    private static async Task<Results<Ok<VersionDiffDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> GetVersionDiff(
        string planId, int number, PlanVersionOperations versions, CancellationToken ct) =>
        (await versions.DiffAsync(planId, number, ct)).ToHttp(d => d);

    private static async Task<Results<Created<PlanVersionDto>, Ok<PlanVersionDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> UploadVersion(
        string planId, UploadVersionRequest request, PlanVersionOperations versions, CancellationToken ct) =>
        (await versions.UploadAsync(planId, request, ct)).ToHttpCreated(v => v, v => $"/api/plans/{v.PlanId}/versions/{v.Number}/document");

    private static async Task<Results<Ok<AdoptResultDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> AdoptVersion(
        string planId, int number, AdoptVersionRequest request, PlanVersionOperations versions, CancellationToken ct) =>
        (await versions.AdoptAsync(planId, number, request, ct)).ToHttp(r => r);

    private static async Task<Results<Ok<ItemEditDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> EditTarget(
        string targetId, EditTargetRequest request, PlanItemEdits edits, CancellationToken ct) =>
        (await edits.EditTargetAsync(targetId, request, ct)).ToHttp(r => r);

    private static async Task<Results<Ok<ItemEditDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> EditMilestone(
        string milestoneId, EditMilestoneRequest request, PlanItemEdits edits, CancellationToken ct) =>
        (await edits.EditMilestoneAsync(milestoneId, request, ct)).ToHttp(r => r);

    private static async Task<Ok<IReadOnlyList<PlanSummaryDto>>> ListPlans(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await PlanQueries.ListPlansAsync(db, ct));

    private static async Task<Results<Ok<PlanDetailDto>, NotFound>> GetPlan(string planId, AppDbContext db, CancellationToken ct) =>
        await PlanQueries.GetPlanAsync(db, planId, ct) is { } plan ? TypedResults.Ok(plan) : TypedResults.NotFound();

    private static async Task<Results<Ok<TaskDetailDto>, NotFound>> GetTask(string planId, int number, AppDbContext db, CancellationToken ct) =>
        await PlanQueries.GetTaskAsync(db, planId, number, ct) is { } task ? TypedResults.Ok(task) : TypedResults.NotFound();

    private static async Task<Results<Ok<List<TargetDto>>, NotFound>> ListTargets(string planId, AppDbContext db, CancellationToken ct)
    {
        if (await db.Plans.FindAsync([planId], ct) is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await PlanQueries.TargetsAsync(db, t => t.PlanId == planId && !t.Retired, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<MilestoneDto>>, NotFound>> ListMilestones(string planId, AppDbContext db, CancellationToken ct)
    {
        if (await db.Plans.FindAsync([planId], ct) is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await PlanQueries.MilestonesAsync(db, planId, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<FactDto>>, NotFound>> ListFacts(string planId, AppDbContext db, CancellationToken ct)
    {
        if (await db.Plans.FindAsync([planId], ct) is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await PlanQueries.FactsAsync(db, planId, ct));
    }

    private static async Task<Results<Ok<TargetDto>, NotFound>> GetTarget(string targetId, AppDbContext db, CancellationToken ct) =>
        (await PlanQueries.TargetsAsync(db, t => t.Id == targetId, ct)).SingleOrDefault() is { } target
            ? TypedResults.Ok(target) : TypedResults.NotFound();

    private static async Task<Ok<List<Indicator>>> ListIndicators(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Indicators.AsNoTracking().OrderBy(i => i.Category).ThenBy(i => i.Id).ToListAsync(ct));

    private static async Task<Results<Ok<IndicatorDto>, NotFound>> GetIndicator(string indicatorId, AppDbContext db, CancellationToken ct) =>
        await PlanQueries.GetIndicatorAsync(db, indicatorId, ct) is { } indicator ? TypedResults.Ok(indicator) : TypedResults.NotFound();
}
