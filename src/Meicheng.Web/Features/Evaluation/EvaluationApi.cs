using Meicheng.Web.Common;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation.Reports;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Features.Showcase;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
        services.AddSingleton<ReportFonts>();
        services.AddLiveEvaluation();
        return services;
    }

    public static IEndpointRouteBuilder MapEvaluation(this IEndpointRouteBuilder app)
    {
        // The live evaluation reads only approved data, which is public (/api/public/observations): so is the evaluation.
        var live = app.MapGroup("/api/evaluation").WithTags("Evaluation").AllowAnonymous();
        live.MapGet("/", Evaluate).WithSummary("Evaluate every target of the plans from approved observations, for one region (default 370200) and method (default the configured one), with roll-ups to task, area, plan, department and district");
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
        rounds.MapGet("/{id:int}/report.docx", ReportDocx).Produces<byte[]>(StatusCodes.Status200OK, RoundReports.DocxType)
            .WithSummary("The monitoring report from the frozen round, as Word (.docx)");
        rounds.MapGet("/{id:int}/report.pdf", ReportPdf).Produces<byte[]>(StatusCodes.Status200OK, "application/pdf")
            .WithSummary("The monitoring report from the frozen round, as PDF");
        rounds.MapGet("/{id:int}/results.xlsx", ResultsXlsx).Produces<byte[]>(StatusCodes.Status200OK, ReportingApi.XlsxType)
            .WithSummary("Every result of the round (each region, target and method), milestones, roll-ups, inputs, assessments and problems, as Excel");

        HealthCheckApi.Map(app);
        return app;
    }

    private static Dictionary<string, string[]> Error(string key, string message) => new() { [key] = [message] };

    private static async Task<Actor> ActorAsync(ClaimsPrincipal principal, AppDbContext db, CancellationToken ct) =>
        await Actor.LoadAsync(principal, db, ct) ?? throw new InvalidOperationException("An authorised request has no user.");

    private static async Task<Dictionary<string, string[]>> ValidateAsync(AppDbContext db, string? planId, string? method, string? region, int? year, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (method is not null && !EvaluationText.MethodTokens.Contains(method))
            errors["method"] = [$"方法须为 {string.Join("、", EvaluationText.MethodTokens)} 之一"];
        if (planId is not null && !await db.Plans.AnyAsync(p => p.Id == planId, ct))
            errors["planId"] = [$"规划 {planId} 不存在"];
        if (region is not null && !await db.Regions.AnyAsync(r => r.Code == region && (r.Code == EvaluationText.City || r.ParentCode == EvaluationText.City), ct))
            errors["region"] = [$"区域 {region} 不是青岛市或其所辖区（市）"];
        if (year is < 2000 or > 2100)
            errors["year"] = ["年份须在 2000–2100 之间"];
        return errors;
    }

    private static async Task<Results<CachedJson<EvaluationViewDto>, ValidationProblem>> Evaluate(
        string? planId, int? year, string? method, string? region, LiveEvaluation live, TimeProvider clock, CancellationToken ct)
    {
        var errors = LiveEvaluation.Validate(await live.CatalogueAsync(ct), planId, method, region, year);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var json = await live.ViewJsonAsync(year ?? clock.GetUtcNow().Year, planId, region ?? EvaluationText.City, method ?? live.Settings.PrimaryMethod, ct);
        return new CachedJson<EvaluationViewDto>(json);
    }

    private static async Task<Results<Ok<TargetExplainDto>, NotFound, ValidationProblem>> ExplainTarget(
        string targetId, int? year, string? method, string? region, LiveEvaluation live, TimeProvider clock, CancellationToken ct)
    {
        var catalogue = await live.CatalogueAsync(ct);
        var errors = LiveEvaluation.Validate(catalogue, null, method, region, year);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (catalogue.PlanOfTarget(targetId) is not { } planId)
            return TypedResults.NotFound();
        var snapshot = await live.SnapshotAsync(year ?? clock.GetUtcNow().Year, planId, region ?? EvaluationText.City, method, ct);
        var explain = EvaluationViews.Explain(snapshot, null, targetId, region ?? EvaluationText.City, method);
        return explain is null ? TypedResults.NotFound() : TypedResults.Ok(explain);
    }

    // ---- Rounds ----

    internal static RoundSummaryDto ToDto(this EvaluationRound r) => new(
        r.Id, r.Kind, EvaluationText.RoundKind(r.Kind), r.Year, r.Title, r.PlanId, r.PrimaryMethod, r.EvaluationDate, r.FrozenAt, r.FrozenBy, r.SnapshotSha256,
        r.ObservationsUsed, r.CompositeIndex, r.ObjectiveWeight, r.Closed, r.Note, r.PublishedAt, r.PublishedBy);

    private static readonly System.Linq.Expressions.Expression<Func<EvaluationRound, RoundSummaryDto>> Summary = r => new RoundSummaryDto(
        r.Id, r.Kind, "", r.Year, r.Title, r.PlanId, r.PrimaryMethod, r.EvaluationDate, r.FrozenAt, r.FrozenBy, r.SnapshotSha256,
        r.ObservationsUsed, r.CompositeIndex, r.ObjectiveWeight, r.Closed, r.Note, r.PublishedAt, r.PublishedBy);

    internal static async Task<List<RoundSummaryDto>> RoundsAsync(AppDbContext db, CancellationToken ct) =>
        (await db.EvaluationRounds.AsNoTracking().OrderByDescending(r => r.Id).Select(Summary).ToListAsync(ct))
            .Select(r => r with { KindText = EvaluationText.RoundKind(r.Kind) }).ToList();

    private static async Task<Ok<List<RoundSummaryDto>>> ListRounds(AppDbContext db, CancellationToken ct) => TypedResults.Ok(await RoundsAsync(db, ct));

    private static async Task<Results<Created<RoundSummaryDto>, ValidationProblem>> CreateRound(
        CreateRoundRequest request, ClaimsPrincipal principal, AppDbContext db, IOptions<EvaluationSettings> settings, TimeProvider clock, CancellationToken ct)
    {
        var (round, errors) = await FreezeAsync(db, await ActorAsync(principal, db, ct), request, settings.Value, clock.GetUtcNow(), ct);
        return round is null ? TypedResults.ValidationProblem(errors!) : TypedResults.Created($"/api/evaluation/rounds/{round.Id}", round.ToDto());
    }

    /// <summary>Runs the evaluation and freezes it as a round (the API's and the rounds page's one code path).</summary>
    internal static async Task<(EvaluationRound? Round, Dictionary<string, string[]>? Errors)> FreezeAsync(
        AppDbContext db, Actor actor, CreateRoundRequest request, EvaluationSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var errors = await ValidateAsync(db, request.PlanId, request.PrimaryMethod, null, request.Year, ct);
        if (!RoundKinds.All.Contains(request.Kind))
            errors["kind"] = ["轮次类型须为 annual（年度监测）、midterm（中期评估）或 post（实施后评估）"];
        if (request.Weights?.Any(w => !double.IsFinite(w.Value) || w.Value < 0) == true)
            errors["weights"] = ["权重须为非负数"];
        if (errors.Count > 0)
            return (null, errors);

        var plan = request.PlanId is null ? null : await db.Plans.AsNoTracking().SingleAsync(p => p.Id == request.PlanId, ct);
        // Stage evaluation looks at the middle of the plan period, post-evaluation at its end; annual monitoring at a year.
        var year = request.Year ?? request.Kind switch
        {
            RoundKinds.Midterm when plan is not null => (plan.PeriodStart + plan.PeriodEnd) / 2,
            RoundKinds.Post when plan is not null => plan.PeriodEnd,
            _ => now.Year,
        };
        var method = request.PrimaryMethod ?? settings.PrimaryMethod;
        var parameters = EvaluationEngine.Parameters(settings, request.Weights, request.ObjectiveWeight);
        var snapshot = await EvaluationEngine.RunAsync(db, year, request.PlanId, parameters, method, now, ct);
        var json = EvaluationViews.Serialize(snapshot);
        var subject = plan is null ? "青岛市美丽城市与绿色城市建设规划" : plan.Title;
        var title = !string.IsNullOrWhiteSpace(request.Title) ? request.Title.Trim() : request.Kind switch
        {
            RoundKinds.Annual => $"{subject}{year}年度实施监测",
            RoundKinds.Midterm => $"{subject}实施中期评估（{year}年）",
            _ => $"{subject}实施后评估（{year}年）",
        };
        var round = new EvaluationRound
        {
            Kind = request.Kind, Year = year, Title = title, PlanId = request.PlanId, PrimaryMethod = method, EvaluationDate = snapshot.EvaluationDate,
            FrozenAt = now, FrozenBy = actor.Email, Snapshot = json, SnapshotSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            ObservationsUsed = snapshot.Observations.Count, CompositeIndex = EvaluationViews.Index(snapshot, method, EvaluationText.City),
            ObjectiveWeight = parameters.ObjectiveWeight, Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
        };
        db.EvaluationRounds.Add(round);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "round.freeze", "evaluation-round", round.Id.ToString(CultureInfo.InvariantCulture), null,
            new { round.Kind, round.Year, round.PlanId, round.PrimaryMethod, round.SnapshotSha256, round.ObservationsUsed });
        await db.SaveChangesAsync(ct);
        return (round, null);
    }

    internal static async Task<(EvaluationRound Round, EvaluationSnapshot Snapshot)?> LoadRoundAsync(AppDbContext db, int id, CancellationToken ct)
    {
        var round = await db.EvaluationRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        return round is null ? null : (round, EvaluationViews.Deserialize(round.Snapshot));
    }

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound>> GetRound(int id, AppDbContext db, CancellationToken ct) =>
        await db.EvaluationRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } round ? TypedResults.Ok(round.ToDto()) : TypedResults.NotFound();

    private static async Task<Results<ContentHttpResult, NotFound>> GetSnapshot(int id, AppDbContext db, CancellationToken ct)
    {
        var json = await db.EvaluationRounds.AsNoTracking().Where(r => r.Id == id).Select(r => r.Snapshot).SingleOrDefaultAsync(ct);
        return json is null ? TypedResults.NotFound() : TypedResults.Text(json, "application/json", Encoding.UTF8);
    }

    private static async Task<Results<Ok<EvaluationViewDto>, NotFound, ValidationProblem>> RoundView(
        int id, string? method, string? region, string? planId, AppDbContext db, CancellationToken ct)
    {
        var errors = await ValidateAsync(db, planId, method, region, null, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await LoadRoundAsync(db, id, ct) is not ({ } round, { } snapshot))
            return TypedResults.NotFound();
        return TypedResults.Ok(EvaluationViews.View(snapshot, round.Id, region ?? EvaluationText.City, method ?? round.PrimaryMethod, planId));
    }

    private static async Task<Results<Ok<TargetExplainDto>, NotFound, ValidationProblem>> RoundExplain(
        int id, string targetId, string? method, string? region, AppDbContext db, CancellationToken ct)
    {
        var errors = await ValidateAsync(db, null, method, region, null, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await LoadRoundAsync(db, id, ct) is not ({ } round, { } snapshot))
            return TypedResults.NotFound();
        var explain = EvaluationViews.Explain(snapshot, round.Id, targetId, region ?? EvaluationText.City, method);
        return explain is null ? TypedResults.NotFound() : TypedResults.Ok(explain);
    }

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound>> CloseRound(int id, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.EvaluationRounds.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } round)
            return TypedResults.NotFound();
        if (!round.Closed)
        {
            var now = clock.GetUtcNow();
            round.Closed = true;
            round.ClosedAt = now;
            Audit.Record(db, await ActorAsync(principal, db, ct), now, "round.close", "evaluation-round", id.ToString(CultureInfo.InvariantCulture), null, null);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(round.ToDto());
    }

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound>> PublishRound(
        int id, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore cache, TimeProvider clock, CancellationToken ct) =>
        await SetPublishedAsync(db, await ActorAsync(principal, db, ct), id, true, cache, clock.GetUtcNow(), ct) is { } round
            ? TypedResults.Ok(round.ToDto()) : TypedResults.NotFound();

    private static async Task<Results<Ok<RoundSummaryDto>, NotFound>> UnpublishRound(
        int id, ClaimsPrincipal principal, AppDbContext db, IOutputCacheStore cache, TimeProvider clock, CancellationToken ct) =>
        await SetPublishedAsync(db, await ActorAsync(principal, db, ct), id, false, cache, clock.GetUtcNow(), ct) is { } round
            ? TypedResults.Ok(round.ToDto()) : TypedResults.NotFound();

    /// <summary>
    /// Publishes or withdraws a frozen round (the API's and the round page's one code path): audited, and the showcase's cached
    /// pages are dropped so the public sees the change at once. Publishing a published round changes nothing.
    /// </summary>
    internal static async Task<EvaluationRound?> SetPublishedAsync(
        AppDbContext db, Actor actor, int id, bool publish, IOutputCacheStore cache, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.EvaluationRounds.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } round)
            return null;
        if (publish == round.PublishedAt.HasValue)
            return round;
        var before = new { round.PublishedAt, round.PublishedBy };
        round.PublishedAt = publish ? now : null;
        round.PublishedBy = publish ? actor.Email : null;
        Audit.Record(db, actor, now, publish ? "round.publish" : "round.unpublish", "evaluation-round", id.ToString(CultureInfo.InvariantCulture),
            before, new { round.PublishedAt, round.PublishedBy });
        await db.SaveChangesAsync(ct);
        await cache.EvictShowcaseAsync(ct);
        return round;
    }

    private static async Task<Results<Ok<RoundComparisonDto>, NotFound, ValidationProblem>> Compare(
        int a, int b, string? method, string? region, AppDbContext db, CancellationToken ct)
    {
        var errors = await ValidateAsync(db, null, method, region, null, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await LoadRoundAsync(db, a, ct) is not ({ } roundA, { } snapshotA) || await LoadRoundAsync(db, b, ct) is not ({ } roundB, { } snapshotB))
            return TypedResults.NotFound();
        return TypedResults.Ok(RoundComparison.Compare(roundA.ToDto(), snapshotA, roundB.ToDto(), snapshotB, method ?? roundA.PrimaryMethod, region ?? EvaluationText.City));
    }

    // ---- Assessments ----

    private static async Task<Results<Ok<List<AssessmentDto>>, NotFound>> ListAssessments(int id, AppDbContext db, CancellationToken ct)
    {
        if (!await db.EvaluationRounds.AnyAsync(r => r.Id == id, ct))
            return TypedResults.NotFound();
        return TypedResults.Ok(await Assessments.ListAsync(db, id, ct));
    }

    private static async Task<Results<Ok<AssessmentDto>, Created<AssessmentDto>, NotFound, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> Assess(
        int id, AssessmentRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await LoadRoundAsync(db, id, ct) is not ({ } round, { } snapshot))
            return TypedResults.NotFound();
        if (round.Closed)
            return ReportingApi.Conflict("该评估轮次已关闭，不再接受评价");
        var actor = await ActorAsync(principal, db, ct);
        var (assessment, created, errors) = await Assessments.SaveAsync(db, actor, round, snapshot, request, clock.GetUtcNow(), ct);
        if (assessment is null)
            return TypedResults.ValidationProblem(errors!);
        return created ? TypedResults.Created($"/api/evaluation/rounds/{id}/assessments", assessment) : TypedResults.Ok(assessment);
    }

    private static async Task<Results<Ok<CombinedResultDto>, NotFound, ValidationProblem>> Combined(int id, string? method, AppDbContext db, CancellationToken ct)
    {
        var errors = await ValidateAsync(db, null, method, null, null, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await LoadRoundAsync(db, id, ct) is not ({ } round, { } snapshot))
            return TypedResults.NotFound();
        return TypedResults.Ok(await Assessments.CombineAsync(db, round, snapshot, method ?? round.PrimaryMethod, ct));
    }

    // ---- Reports ----

    private static async Task<Results<FileContentHttpResult, NotFound>> ReportDocx(int id, AppDbContext db, ReportFonts fonts, TimeProvider clock, CancellationToken ct) =>
        await RoundReports.LoadAsync(db, id, Today(clock), ct) is { } report
            ? TypedResults.File(DocxReport.Build(report, fonts), RoundReports.DocxType, report.FileName("docx")) : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> ReportPdf(int id, AppDbContext db, ReportFonts fonts, TimeProvider clock, CancellationToken ct) =>
        await RoundReports.LoadAsync(db, id, Today(clock), ct) is { } report
            ? TypedResults.File(PdfReport.Build(report, fonts), "application/pdf", report.FileName("pdf")) : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> ResultsXlsx(int id, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        await RoundReports.LoadAsync(db, id, Today(clock), ct) is { } report
            ? TypedResults.File(XlsxResults.Build(report), ReportingApi.XlsxType, report.FileName("xlsx")) : TypedResults.NotFound();

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
