using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>A round as stored, with its snapshot read back.</summary>
public sealed record FrozenRound(EvaluationRound Round, EvaluationSnapshot Snapshot);

/// <summary>
/// Evaluation rounds (年度监测, 中期评估, 实施后评估): run the evaluation and freeze it, close a round to assessments,
/// publish it on the showcase or withdraw it, and read a round back (its view, one target explained, two rounds compared).
/// The API and the pages both call these; the plan office (admin) alone changes a round.
/// </summary>
public sealed class Rounds(
    AppDbContext db, CurrentUser currentUser, IOptions<EvaluationSettings> settings, TimeProvider clock, LiveEvaluation live, City city)
{
    private static readonly Expression<Func<EvaluationRound, RoundSummaryDto>> Summary = r => new RoundSummaryDto(
        r.Id, r.Kind, "", r.Year, r.Title, r.PlanId, r.PrimaryMethod, r.EvaluationDate, r.FrozenAt, r.FrozenBy, r.SnapshotSha256,
        r.ObservationsUsed, r.CompositeIndex, r.ObjectiveWeight, r.Closed, r.Note, r.PublishedAt, r.PublishedBy);

    /// <summary>The query's errors (<see cref="EvaluationQueryRules"/>), checked against the current plan catalogue.</summary>
    internal async Task<FieldErrors> ValidateQueryAsync(string? planId, string? method, string? region, int? year, CancellationToken ct) =>
        FieldErrors.From(EvaluationQueryRules.Validate(await live.CatalogueAsync(ct), planId, method, region, year));

    /// <summary>Every round, newest first.</summary>
    public async Task<List<RoundSummaryDto>> ListAsync(CancellationToken ct) =>
        (await db.EvaluationRounds.AsNoTracking().OrderByDescending(r => r.Id).Select(Summary).ToListAsync(ct))
            .Select(r => r with { KindText = EvaluationText.RoundKind(r.Kind) }).ToList();

    /// <summary>The plans a round may be limited to, in period order: (id, title).</summary>
    public async Task<List<(string Id, string Title)>> PlanChoicesAsync(CancellationToken ct) =>
        (await db.Plans.AsNoTracking().OrderBy(p => p.PeriodStart).Select(p => new { p.Id, p.Title }).ToListAsync(ct)).Select(p => (p.Id, p.Title)).ToList();

    /// <summary>The round with its snapshot, or null: for the operations that build on a round (assessments, the health check, reports).</summary>
    public async Task<FrozenRound?> FindAsync(int id, CancellationToken ct)
    {
        var round = await db.EvaluationRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        return round is null ? null : new FrozenRound(round, EvaluationViews.Deserialize(round.Snapshot));
    }

    public async Task<Outcome<FrozenRound>> LoadAsync(int id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } frozen ? frozen : NoRound(id);

    public async Task<Outcome<EvaluationRound>> GetAsync(int id, CancellationToken ct) =>
        await db.EvaluationRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } round ? round : NoRound(id);

    /// <summary>The snapshot JSON exactly as stored, the text its SHA-256 was taken of.</summary>
    public async Task<Outcome<string>> SnapshotJsonAsync(int id, CancellationToken ct) =>
        await db.EvaluationRounds.AsNoTracking().Where(r => r.Id == id).Select(r => r.Snapshot).SingleOrDefaultAsync(ct) is { } json ? json : NoRound(id);

    /// <summary>The round's results for one region (default the city) and method (default the round's).</summary>
    public async Task<Outcome<EvaluationViewDto>> ViewAsync(int id, string? method, string? region, string? planId, CancellationToken ct)
    {
        if (await ValidateQueryAsync(planId, method, region, null, ct) is { Any: true } errors)
            return errors.ToFailure();
        if (await FindAsync(id, ct) is not ({ } round, { } snapshot))
            return NoRound(id);
        return EvaluationViews.View(snapshot, round.Id, region ?? snapshot.City, method ?? round.PrimaryMethod, planId);
    }

    /// <summary>One target as the round froze it, explained.</summary>
    public async Task<Outcome<TargetExplainDto>> ExplainAsync(int id, string targetId, string? method, string? region, CancellationToken ct)
    {
        if (await ValidateQueryAsync(null, method, region, null, ct) is { Any: true } errors)
            return errors.ToFailure();
        if (await FindAsync(id, ct) is not ({ } round, { } snapshot))
            return NoRound(id);
        return EvaluationViews.Explain(snapshot, round.Id, targetId, region ?? snapshot.City, method) is { } explain
            ? explain : Fail.NotFound($"目标 {targetId} 不在轮次 {id} 中");
    }

    /// <summary>Two rounds side by side, by one method (default the first round's) and region (default the city).</summary>
    public async Task<Outcome<RoundComparisonDto>> CompareAsync(int a, int b, string? method, string? region, CancellationToken ct)
    {
        if (await ValidateQueryAsync(null, method, region, null, ct) is { Any: true } errors)
            return errors.ToFailure();
        if (await FindAsync(a, ct) is not ({ } roundA, { } snapshotA))
            return NoRound(a);
        if (await FindAsync(b, ct) is not ({ } roundB, { } snapshotB))
            return NoRound(b);
        return RoundComparison.Compare(roundA.ToDto(), snapshotA, roundB.ToDto(), snapshotB, method ?? roundA.PrimaryMethod, region ?? snapshotA.City);
    }

    /// <summary>Runs the evaluation and freezes it as a round: its inputs, method, parameters and results no longer change.</summary>
    public async Task<Outcome<EvaluationRound>> FreezeAsync(CreateRoundRequest request, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden("只有规划办管理员可以创建评估轮次。");
        var errors = await ValidateQueryAsync(request.PlanId, request.PrimaryMethod, null, request.Year, ct);
        if (!RoundKinds.All.Contains(request.Kind))
            errors.Add("kind", "轮次类型须为 annual（年度监测）、midterm（中期评估）或 post（实施后评估）");
        if (request.Weights?.Any(w => !double.IsFinite(w.Value) || w.Value < 0) == true)
            errors.Add("weights", "权重须为非负数");
        if (errors.Any)
            return errors.ToFailure();

        var now = clock.GetUtcNow();
        var plan = request.PlanId is null ? null : await db.Plans.AsNoTracking().SingleAsync(p => p.Id == request.PlanId, ct);
        // Stage evaluation looks at the middle of the plan period, post-evaluation at its end; annual monitoring at a year.
        var year = request.Year ?? request.Kind switch
        {
            RoundKinds.Midterm when plan is not null => (plan.PeriodStart + plan.PeriodEnd) / 2,
            RoundKinds.Post when plan is not null => plan.PeriodEnd,
            _ => now.Year,
        };
        var method = request.PrimaryMethod ?? settings.Value.PrimaryMethod;
        var parameters = EvaluationEngine.Parameters(settings.Value, request.Weights, request.ObjectiveWeight);
        var snapshot = await RunLiveAsync(year, request.PlanId, parameters, method, now, ct);
        var json = EvaluationViews.Serialize(snapshot);
        var subject = plan is null ? $"{city.Name}各项规划" : plan.Title;
        var title = !string.IsNullOrWhiteSpace(request.Title) ? request.Title.Trim() : request.Kind switch
        {
            RoundKinds.Annual => $"{subject}{year}年度实施监测",
            RoundKinds.Midterm => $"{subject}实施中期评估（{year}年）",
            _ => $"{subject}实施后评估（{year}年）",
        };
        // The versions evaluated stay named on the round when a plan later moves to a new version.
        var versions = await db.PlanVersions.AsNoTracking()
            .Where(v => v.State == PlanVersionStates.Current && (request.PlanId == null || v.PlanId == request.PlanId))
            .OrderBy(v => v.Id).Select(v => v.Id).ToListAsync(ct);
        var round = new EvaluationRound
        {
            Kind = request.Kind, Year = year, Title = title, PlanId = request.PlanId, PlanVersionIds = versions, PrimaryMethod = method, EvaluationDate = snapshot.EvaluationDate,
            FrozenAt = now, FrozenBy = actor.Email, Snapshot = json, SnapshotSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            ObservationsUsed = snapshot.Observations.Count, CompositeIndex = EvaluationViews.Index(snapshot, method, snapshot.City),
            ObjectiveWeight = parameters.ObjectiveWeight, Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
        };
        db.EvaluationRounds.Add(round);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "round.freeze", "evaluation-round", round.Id.ToString(CultureInfo.InvariantCulture), null,
            new { round.Kind, round.Year, round.PlanId, round.PrimaryMethod, round.SnapshotSha256, round.ObservationsUsed });
        await db.SaveChangesAsync(ct);
        return Outcomes.Created(round);
    }

    // The live evaluation a round freezes: one seam, so the cached Core evaluator can take its place.
    private Task<EvaluationSnapshot> RunLiveAsync(int year, string? planId, EvaluationParametersDto parameters, string method, DateTimeOffset now, CancellationToken ct) =>
        EvaluationEngine.RunAsync(db, city.Code, year, planId, parameters, method, now, ct);

    /// <summary>Closes the round to further assessments; closing a closed round changes nothing.</summary>
    public async Task<Outcome<EvaluationRound>> CloseAsync(int id, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden("只有规划办管理员可以关闭评估轮次。");
        if (await db.EvaluationRounds.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } round)
            return NoRound(id);
        if (round.Closed)
            return round;
        var now = clock.GetUtcNow();
        round.Closed = true;
        round.ClosedAt = now;
        Audit.Record(db, actor, now, "round.close", "evaluation-round", id.ToString(CultureInfo.InvariantCulture), null, null);
        await db.SaveChangesAsync(ct);
        return round;
    }

    /// <summary>
    /// Publishes or withdraws a frozen round: audited; the save renews the data stamp, which keys the showcase's cached
    /// pages, so the public sees the change at once. Publishing a published round (or withdrawing an unpublished one) changes nothing.
    /// </summary>
    public async Task<Outcome<EvaluationRound>> SetPublishedAsync(int id, bool publish, CancellationToken ct)
    {
        if (await PlanOfficeAsync(ct) is not { } actor)
            return Fail.Forbidden(publish ? "只有规划办管理员可以发布评估轮次。" : "只有规划办管理员可以撤回评估轮次。");
        if (await db.EvaluationRounds.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } round)
            return NoRound(id);
        if (publish == round.PublishedAt.HasValue)
            return round;
        var now = clock.GetUtcNow();
        var before = new { round.PublishedAt, round.PublishedBy };
        round.PublishedAt = publish ? now : null;
        round.PublishedBy = publish ? actor.Email : null;
        Audit.Record(db, actor, now, publish ? "round.publish" : "round.unpublish", "evaluation-round", id.ToString(CultureInfo.InvariantCulture),
            before, new { round.PublishedAt, round.PublishedBy });
        // The round is an evaluation input: the save renews the data stamp, which keys the showcase's cached pages.
        await db.SaveChangesAsync(ct);
        return round;
    }

    private async Task<Actor?> PlanOfficeAsync(CancellationToken ct) =>
        await currentUser.FindAsync(ct) is { } actor && actor.Is(Roles.Admin) ? actor : null;

    internal static Failure NoRound(int id) => Fail.NotFound($"评估轮次 {id} 不存在");
}

public static class RoundMapping
{
    public static RoundSummaryDto ToDto(this EvaluationRound r) => new(
        r.Id, r.Kind, EvaluationText.RoundKind(r.Kind), r.Year, r.Title, r.PlanId, r.PrimaryMethod, r.EvaluationDate, r.FrozenAt, r.FrozenBy, r.SnapshotSha256,
        r.ObservationsUsed, r.CompositeIndex, r.ObjectiveWeight, r.Closed, r.Note, r.PublishedAt, r.PublishedBy);
}
