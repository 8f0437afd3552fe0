using System.Globalization;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>
/// Evaluators' qualitative assessments and their combination with the frozen objective results (定量与定性、客观与主观相结合):
/// per subject C = α·O + (1 − α)·S, and for the round C = α·O_index + (1 − α)·S_index, where O is the status points (a target)
/// or roll-up score (a task), S the mean of the evaluators' 0–100 scores, and α the round's objective weight. Where one side
/// is missing the other stands alone, and the rule says so. See docs/evaluation-web.md.
/// </summary>
public sealed class Assessments(AppDbContext db, CurrentUser currentUser, TimeProvider clock, Rounds rounds)
{
    public const string Formula = "C = α·O + (1 − α)·S；O 为客观指数（状态得分加权汇总，0–100），S 为主观评分（评估专家评分均值，0–100），α 为客观权重";

    /// <summary>The round's assessments, oldest first.</summary>
    public async Task<Outcome<List<AssessmentDto>>> ListAsync(int roundId, CancellationToken ct)
    {
        if (!await db.EvaluationRounds.AnyAsync(r => r.Id == roundId, ct))
            return Rounds.NoRound(roundId);
        return await RowsAsync(roundId, ct);
    }

    internal async Task<List<AssessmentDto>> RowsAsync(int roundId, CancellationToken ct)
    {
        var rows = await db.EvaluationAssessments.AsNoTracking().Where(a => a.RoundId == roundId).OrderBy(a => a.Id).ToListAsync(ct);
        var labels = await LabelsAsync(rows.Select(r => (r.SubjectType, r.SubjectId)).ToList(), ct);
        return rows.Select(a => a.ToDto(labels.GetValueOrDefault((a.SubjectType, a.SubjectId), a.SubjectId))).ToList();
    }

    private async Task<Dictionary<(string, string), string>> LabelsAsync(List<(string Type, string Id)> subjects, CancellationToken ct)
    {
        var targetIds = subjects.Where(s => s.Type == "target").Select(s => s.Id).Distinct().ToList();
        var taskIds = subjects.Where(s => s.Type == "task").Select(s => s.Id).Distinct().ToList();
        var targets = await db.Targets.AsNoTracking().Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Clause, ct);
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => $"{t.Number}. {t.Title}", ct);
        return subjects.Distinct().ToDictionary(s => s, s => (s.Type == "target" ? targets.GetValueOrDefault(s.Id) : tasks.GetValueOrDefault(s.Id)) ?? s.Id);
    }

    /// <summary>The tasks of a round's plans that can be assessed, by plan and number, labelled with plan title (when several) and task title.</summary>
    internal async Task<List<(string Id, string Label)>> TasksAsync(EvaluationSnapshot snapshot, CancellationToken ct)
    {
        var plans = snapshot.Plans.ToDictionary(p => p.Id, p => p.Title);
        var planIds = plans.Keys.ToList();
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => planIds.Contains(t.PlanId) && !t.IsMeasure).OrderBy(t => t.PlanId).ThenBy(t => t.Number)
            .Select(t => new { t.Id, t.PlanId, t.Number, t.Title }).ToListAsync(ct);
        return tasks.Select(t => (t.Id, plans.Count > 1 ? $"{plans[t.PlanId]} · {t.Number}. {t.Title}" : $"{t.Number}. {t.Title}")).ToList();
    }

    /// <summary>
    /// Adds the signed-in evaluator's assessment of a target or task of an open round (Created), or revises the one they
    /// already gave (Ok). A closed round refuses with a conflict.
    /// </summary>
    public async Task<Outcome<AssessmentDto>> SaveAsync(int roundId, AssessmentRequest request, CancellationToken ct)
    {
        if (await currentUser.FindAsync(ct) is not { } actor || !actor.Is(Roles.Evaluator))
            return Fail.Forbidden("只有第三方评估专家可以提交评价。");
        if (await rounds.FindAsync(roundId, ct) is not ({ } round, { } snapshot))
            return Rounds.NoRound(roundId);
        if (round.Closed)
            return Fail.Conflict("该评估轮次已关闭，不再接受评价");

        var errors = new FieldErrors();
        var planIds = snapshot.Plans.Select(p => p.Id).ToList();
        if (request.SubjectType == "target")
        {
            if (EvaluationViews.Results(snapshot, snapshot.City)?.Targets.Any(t => t.TargetId == request.SubjectId) != true)
                errors.Add("subjectId", $"目标 {request.SubjectId} 不在本轮评估范围内");
        }
        else if (request.SubjectType == "task")
        {
            if (!await db.PlanTasks.AnyAsync(t => t.Id == request.SubjectId && !t.IsMeasure && planIds.Contains(t.PlanId), ct))
                errors.Add("subjectId", $"任务 {request.SubjectId} 不在本轮评估范围内");
        }
        else
        {
            errors.Add("subjectType", "评价对象须为 target（目标）或 task（任务）");
        }
        if (!double.IsFinite(request.Score) || request.Score is < 0 or > 100)
            errors.Add("score", "评分须在 0–100 之间");
        if (string.IsNullOrWhiteSpace(request.Comment))
            errors.Add("comment", "须填写定性评价意见");
        if (errors.Any)
            return errors.ToFailure();

        var now = clock.GetUtcNow();
        var row = await db.EvaluationAssessments.SingleOrDefaultAsync(a => a.RoundId == round.Id && a.SubjectType == request.SubjectType
            && a.SubjectId == request.SubjectId && a.EvaluatorId == actor.UserId, ct);
        var created = row is null;
        var old = row is null ? null : new { row.Score, row.Comment };
        if (row is null)
        {
            row = new EvaluationAssessment
            {
                RoundId = round.Id, SubjectType = request.SubjectType, SubjectId = request.SubjectId, Comment = "", EvaluatorId = actor.UserId,
                EvaluatorName = string.IsNullOrWhiteSpace(actor.Name) ? actor.Email : actor.Name, CreatedAt = now,
            };
            db.EvaluationAssessments.Add(row);
        }
        row.Score = request.Score;
        row.Comment = request.Comment.Trim();
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, created ? "assessment.create" : "assessment.revise", "evaluation-assessment", row.Id.ToString(CultureInfo.InvariantCulture),
            old, new { row.RoundId, row.SubjectType, row.SubjectId, row.Score, row.Comment });
        await db.SaveChangesAsync(ct);
        var labels = await LabelsAsync([(row.SubjectType, row.SubjectId)], ct);
        var dto = row.ToDto(labels[(row.SubjectType, row.SubjectId)]);
        return created ? Outcomes.Created(dto) : dto;
    }

    /// <summary>The round's objective results combined with the assessments, by one method (default the round's).</summary>
    public async Task<Outcome<CombinedResultDto>> CombineAsync(int roundId, string? method, CancellationToken ct)
    {
        if (await rounds.ValidateQueryAsync(null, method, null, null, ct) is { Any: true } errors)
            return errors.ToFailure();
        if (await rounds.FindAsync(roundId, ct) is not { } frozen)
            return Rounds.NoRound(roundId);
        return await CombineAsync(frozen, method ?? frozen.Round.PrimaryMethod, ct);
    }

    internal async Task<CombinedResultDto> CombineAsync(FrozenRound frozen, string method, CancellationToken ct)
    {
        var (round, snapshot) = frozen;
        var alpha = round.ObjectiveWeight;
        var assessments = await RowsAsync(round.Id, ct);
        var bySubject = assessments.GroupBy(a => (a.SubjectType, a.SubjectId)).ToDictionary(g => g.Key, g => g.ToList());
        var points = snapshot.Parameters.Points;
        var cityTargets = EvaluationViews.Results(snapshot, snapshot.City)?.Targets ?? [];
        var cityNode = EvaluationViews.RegionNode(snapshot, method, snapshot.City);
        var taskNodes = new Dictionary<string, RollupNodeDto>(StringComparer.Ordinal);
        void Walk(RollupNodeDto n)
        {
            if (n.Level == "task")
                taskNodes[n.Id] = n;
            foreach (var c in n.Children)
                Walk(c);
        }
        if (cityNode is not null)
            Walk(cityNode);

        var subjects = new List<CombinedSubjectDto>();
        var weighted = new List<(double Weight, double Score)>();
        foreach (var t in cityTargets)
        {
            var status = t.Results.Single(r => r.Method == method).Status;
            double? objective = points.TryGetValue(status, out var p) ? p : null;
            bySubject.TryGetValue(("target", t.TargetId), out var list);
            var subject = Combine("target", t.TargetId, t.Clause, objective, list, alpha);
            if (list is not null || objective is not null)
                subjects.Add(subject);
            if (subject.Subjective is { } s)
                weighted.Add((snapshot.Parameters.Weights.GetValueOrDefault(t.TargetId, 1), s));
        }
        var planIds = snapshot.Plans.Select(p => p.Id).ToList();
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => planIds.Contains(t.PlanId) && !t.IsMeasure).OrderBy(t => t.PlanId).ThenBy(t => t.Number)
            .Select(t => new { t.Id, t.PlanId, t.Number, t.Title }).ToListAsync(ct);
        foreach (var task in tasks)
        {
            var nodeId = $"{task.PlanId}/task-{task.Number}";
            taskNodes.TryGetValue(nodeId, out var node);
            bySubject.TryGetValue(("task", task.Id), out var list);
            if (node?.Score is null && list is null)
                continue;
            var subject = Combine("task", task.Id, $"{task.Number}. {task.Title}", node?.Score, list, alpha);
            subjects.Add(subject);
            if (subject.Subjective is { } s)
                weighted.Add((snapshot.Parameters.Weights.GetValueOrDefault(nodeId, 1), s));
        }

        var objectiveIndex = cityNode?.Score;
        double? subjectiveIndex = weighted.Sum(w => w.Weight) is > 0 and var total ? Math.Round(weighted.Sum(w => w.Weight * w.Score) / total, 4) : null;
        return new CombinedResultDto(round.Id, method, alpha, objectiveIndex, subjectiveIndex, Mix(objectiveIndex, subjectiveIndex, alpha), Formula, subjects);
    }

    private static CombinedSubjectDto Combine(string type, string id, string label, double? objective, List<AssessmentDto>? list, double alpha)
    {
        double? subjective = list is { Count: > 0 } ? Math.Round(list.Average(a => a.Score), 4) : null;
        var rule = (objective, subjective) switch
        {
            ({ }, { }) => "α·O + (1 − α)·S",
            ({ }, null) => "无专家评分：取客观得分",
            (null, { }) => "无客观得分（无数据或未到期）：取专家评分",
            _ => "无得分",
        };
        return new CombinedSubjectDto(type, id, label, objective, subjective, list?.Count ?? 0, Mix(objective, subjective, alpha), rule);
    }

    internal static double? Mix(double? objective, double? subjective, double alpha) => (objective, subjective) switch
    {
        ({ } o, { } s) => Math.Round(alpha * o + (1 - alpha) * s, 4),
        ({ } o, null) => o,
        (null, { } s) => s,
        _ => null,
    };
}

internal static class AssessmentMapping
{
    public static AssessmentDto ToDto(this EvaluationAssessment a, string label) =>
        new(a.Id, a.RoundId, a.SubjectType, a.SubjectId, label, a.Score, a.Comment, a.EvaluatorId, a.EvaluatorName, a.CreatedAt, a.UpdatedAt);
}
