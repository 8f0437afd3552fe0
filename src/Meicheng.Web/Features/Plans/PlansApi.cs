using Meicheng.Core.Plans;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Plans;

public static class PlansApi
{
    public static IServiceCollection AddPlans(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PlanFilesOptions>(configuration.GetSection("Plans"));
        services.AddSingleton<PlanImportStatus>();
        services.AddSingleton<PlanImporter>();
        return services;
    }

    /// <summary>Imports the plan files at start. A bad file stops the import and leaves the database as it was.</summary>
    public static async Task ImportPlansAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<PlanFilesOptions>>().Value;
        var status = services.GetRequiredService<PlanImportStatus>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Plans");
        status.At = services.GetRequiredService<TimeProvider>().GetUtcNow();
        try
        {
            var library = PlanLibrary.Load(options.Directory, options.ResolvedReferenceDirectory);
            status.Summaries = await services.GetRequiredService<PlanImporter>().ImportAsync(library, cancellationToken);
            status.Error = null;
            foreach (var s in status.Summaries)
                log.LogInformation("Plan {PlanId} from {File}: {Added} added, {Updated} updated, {Retired} retired", s.PlanId, s.File, s.Added, s.Updated, s.Retired);
        }
        catch (PlanFileException e)
        {
            // The site keeps serving the plans as last imported; /health reports the refusal.
            status.Error = e.Message;
            log.LogError("Plan import refused, database unchanged: {Error}", e.Message);
        }
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
        return app;
    }

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
