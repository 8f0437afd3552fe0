using Meicheng.Web.Common;
using System.Text;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Evaluation;

public static class EvaluationPolicies
{
    /// <summary>Qualitative assessments are the third-party evaluators' own: role evaluator only.</summary>
    public const string Assess = "assess";
}

public static class EvaluationApi
{
    public static IServiceCollection AddEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EvaluationSettings>(configuration.GetSection("Evaluation"));
        services.AddAuthorizationBuilder().AddPolicy(EvaluationPolicies.Assess, p => p.RequireRole(Roles.Evaluator));
        services.AddScoped<Rounds>();
        services.AddScoped<Assessments>();
        services.AddLiveEvaluation();
        return services;
    }

    public static IEndpointRouteBuilder MapEvaluation(this IEndpointRouteBuilder app)
    {
        // Live statuses are working results that change with every approval: the public sees statuses only from published
        // rounds (the showcase), so the live evaluation is for signed-in staff.
        var live = app.MapGroup("/api/evaluation").WithTags("Evaluation").RequireAuthorization(Policies.Staff);
        live.MapGet("/", Evaluate).WithSummary("Evaluate every target of the plans from approved observations, for one region (default the city) and method (default the configured one), with roll-ups to task, area, plan, department and district");
        live.MapGet("/targets/{targetId}", ExplainTarget).WithSummary("One target explained: the observations used, and each method's inputs, formula steps and notes");

        var rounds = app.MapGroup("/api/evaluation/rounds").WithTags("Evaluation rounds").RequireAuthorization(Policies.Staff);
        rounds.MapGet("/", ListRounds).WithSummary("Every frozen round, newest first");
        rounds.MapPost("/", CreateRound).RequireAuthorization(Policies.Admin).WithSummary("Run and freeze a round: annual (年度监测), midterm (中期评估) or post (实施后评估)");
        rounds.MapGet("/compare", Compare).WithSummary("Two rounds side by side: status per target, scores per plan, area, task and department");
        rounds.MapGet("/{id:int}", GetRound).WithSummary("One round's summary");
        rounds.MapGet("/{id:int}/snapshot", GetSnapshot).Produces<EvaluationSnapshot>(StatusCodes.Status200OK, "application/json")
            .WithSummary("The frozen snapshot exactly as stored (its SHA-256 is the round's SnapshotSha256)");
        rounds.MapGet("/{id:int}/view", RoundView).WithSummary("The round's results for one region and method");
        rounds.MapGet("/{id:int}/targets/{targetId}", RoundExplain).WithSummary("One target as the round froze it, explained");
        rounds.MapPost("/{id:int}/close", CloseRound).RequireAuthorization(Policies.Admin).WithSummary("Close the round to further assessments");
        rounds.MapPost("/{id:int}/publish", PublishRound).RequireAuthorization(Policies.Admin)
            .WithSummary("Publish the round on the public showcase: its frozen statuses become the ones the public sees (the latest published round is shown)");
        rounds.MapPost("/{id:int}/unpublish", UnpublishRound).RequireAuthorization(Policies.Admin)
            .WithSummary("Withdraw the round from the public showcase");
        rounds.MapGet("/{id:int}/assessments", ListAssessments).WithSummary("The evaluators' qualitative assessments");
        rounds.MapPost("/{id:int}/assessments", Assess).RequireAuthorization(EvaluationPolicies.Assess)
            .WithSummary("Add or revise the caller's assessment of a target or task (score 0–100 and comment)");
        rounds.MapGet("/{id:int}/combined", Combined).WithSummary("Objective results combined with the assessments: C = α·O + (1 − α)·S");
        return app;
    }

    private static async Task<Results<CachedJson<EvaluationViewDto>, ValidationProblem>> Evaluate(
        string? planId, int? year, string? method, string? region, LiveEvaluation live, TimeProvider clock, CancellationToken ct)
    {
        var errors = EvaluationQueryRules.Validate(await live.CatalogueAsync(ct), planId, method, region, year);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var json = await live.ViewJsonAsync(year ?? clock.GetUtcNow().Year, planId, region ?? live.City.Code, method ?? live.Settings.PrimaryMethod, ct);
        return new CachedJson<EvaluationViewDto>(json);
    }

    private static async Task<Results<Ok<TargetExplainDto>, NotFound, ValidationProblem>> ExplainTarget(
        string targetId, int? year, string? method, string? region, LiveEvaluation live, TimeProvider clock, CancellationToken ct)
    {
        var catalogue = await live.CatalogueAsync(ct);
        var errors = EvaluationQueryRules.Validate(catalogue, null, method, region, year);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (catalogue.PlanOfTarget(targetId) is not { } planId)
            return TypedResults.NotFound();
        var snapshot = await live.SnapshotAsync(year ?? clock.GetUtcNow().Year, planId, region ?? live.City.Code, method, ct);
        var explain = EvaluationViews.Explain(snapshot, null, targetId, region ?? live.City.Code, method);
        return explain is null ? TypedResults.NotFound() : TypedResults.Ok(explain);
    }

    // ---- Rounds: each handler maps the operation's outcome to HTTP ----

    private static async Task<Ok<List<RoundSummaryDto>>> ListRounds(Rounds rounds, CancellationToken ct) => TypedResults.Ok(await rounds.ListAsync(ct));

    private static async Task<Results<Created<RoundSummaryDto>, Ok<RoundSummaryDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> CreateRound(
        CreateRoundRequest request, Rounds rounds, CancellationToken ct) =>
        (await rounds.FreezeAsync(request, ct)).ToHttpCreated(r => r.ToDto(), dto => $"/api/evaluation/rounds/{dto.Id}");

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> GetRound(
        int id, Rounds rounds, CancellationToken ct) =>
        (await rounds.GetAsync(id, ct)).ToHttp(r => r.ToDto());

    private static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> GetSnapshot(int id, Rounds rounds, CancellationToken ct) =>
        await rounds.SnapshotJsonAsync(id, ct) is { Succeeded: true, Value: { } json } ? TypedResults.Text(json, "application/json", Encoding.UTF8)
            : OutcomeHttp.NotFound(Rounds.NoRound(id).Message);

    private static async Task<Results<Ok<EvaluationViewDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> RoundView(
        int id, string? method, string? region, string? planId, Rounds rounds, CancellationToken ct) =>
        (await rounds.ViewAsync(id, method, region, planId, ct)).ToHttp(v => v);

    private static async Task<Results<Ok<TargetExplainDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> RoundExplain(
        int id, string targetId, string? method, string? region, Rounds rounds, CancellationToken ct) =>
        (await rounds.ExplainAsync(id, targetId, method, region, ct)).ToHttp(e => e);

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> CloseRound(
        int id, Rounds rounds, CancellationToken ct) =>
        (await rounds.CloseAsync(id, ct)).ToHttp(r => r.ToDto());

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> PublishRound(
        int id, Rounds rounds, CancellationToken ct) =>
        (await rounds.SetPublishedAsync(id, true, ct)).ToHttp(r => r.ToDto());

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> UnpublishRound(
        int id, Rounds rounds, CancellationToken ct) =>
        (await rounds.SetPublishedAsync(id, false, ct)).ToHttp(r => r.ToDto());

    private static async Task<Results<Ok<RoundComparisonDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Compare(
        int a, int b, string? method, string? region, Rounds rounds, CancellationToken ct) =>
        (await rounds.CompareAsync(a, b, method, region, ct)).ToHttp(c => c);

    // ---- Assessments ----

    private static async Task<Results<Ok<List<AssessmentDto>>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> ListAssessments(
        int id, Assessments assessments, CancellationToken ct) =>
        (await assessments.ListAsync(id, ct)).ToHttp(list => list);

    private static async Task<Results<Created<AssessmentDto>, Ok<AssessmentDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Assess(
        int id, AssessmentRequest request, Assessments assessments, CancellationToken ct) =>
        (await assessments.SaveAsync(id, request, ct)).ToHttpCreated(a => a, _ => $"/api/evaluation/rounds/{id}/assessments");

    private static async Task<Results<Ok<CombinedResultDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Combined(
        int id, string? method, Assessments assessments, CancellationToken ct) =>
        (await assessments.CombineAsync(id, method, ct)).ToHttp(c => c);
}
