using System.Text.Json;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>Views over a snapshot (live or frozen): one region and one method at a time.</summary>
internal static class EvaluationViews
{
    // Chinese stays readable (and a third the size) in the stored snapshot; it is served as application/json, never into HTML.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(EvaluationSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Json);

    public static EvaluationSnapshot Deserialize(string json) =>
        JsonSerializer.Deserialize<EvaluationSnapshot>(json, Json) ?? throw new InvalidOperationException("An empty snapshot.");

    public static MethodRollupDto Rollup(EvaluationSnapshot s, string method) => s.Rollups.Single(r => r.Method == method);

    public static RollupNodeDto? RegionNode(EvaluationSnapshot s, string method, string region) =>
        Rollup(s, method).Regions.SingleOrDefault(r => r.Id == $"region:{region}");

    public static RegionResultsDto? Results(EvaluationSnapshot s, string region) => s.Results.SingleOrDefault(r => r.RegionCode == region);

    /// <summary>The score of the region's node, or of the plan's tree when one plan is asked for.</summary>
    public static double? Index(EvaluationSnapshot s, string method, string region, string? planId = null)
    {
        var node = RegionNode(s, method, region);
        return planId is null ? node?.Score : node?.Children.SingleOrDefault(c => c.Id == planId)?.Score;
    }

    public static EvaluationViewDto View(EvaluationSnapshot s, int? roundId, string region, string method, string? planId)
    {
        var rollup = Rollup(s, method);
        var regionNode = RegionNode(s, method, region)!;
        var plans = regionNode.Children.Where(c => planId is null || c.Id == planId)
            .Select(c => new PlanEvaluationDto(c.Id, c.Label, c.Score, c.Counts, c)).ToList();
        var results = Results(s, region);
        var targets = (results?.Targets ?? []).Where(t => planId is null || t.PlanId == planId)
            .Select(t => t with { Results = t.Results.Where(r => r.Method == method).Select(r => r with { Explanation = null }).ToList() }).ToList();
        var milestones = (results?.Milestones ?? []).Where(m => planId is null || m.PlanId == planId).ToList();
        var used = s.Observations.Where(o => o.RegionCode == region).ToList();
        var composite = planId is null ? regionNode.Score : plans.SingleOrDefault()?.Index;
        var counts = planId is null ? regionNode.Counts : plans.SingleOrDefault()?.Counts ?? new StatusCountsDto(0, 0, 0, 0, 0, 0);
        return new EvaluationViewDto(
            roundId, s.Year, s.EvaluationDate, method, EvaluationText.Method(method), region, s.Regions.Single(r => r.Code == region).Name,
            s.Parameters, composite, counts, plans,
            region == s.City ? rollup.Departments : [],
            rollup.Regions.Where(r => r.Id != $"region:{s.City}").ToList(),
            targets, milestones, used.Count, used.Any(o => o.IsDemo) || s.ProgressReports.Any(p => p.RegionCode == region && p.IsDemo));
    }

    public static TargetExplainDto? Explain(EvaluationSnapshot s, int? roundId, string targetId, string region, string? method)
    {
        var target = Results(s, region)?.Targets.SingleOrDefault(t => t.TargetId == targetId);
        if (target is null)
            return null;
        if (method is not null)
            target = target with { Results = target.Results.Where(r => r.Method == method).ToList() };
        var ids = target.ObservationIds.ToHashSet();
        return new TargetExplainDto(roundId, s.Year, s.EvaluationDate, region, target, s.Observations.Where(o => ids.Contains(o.Id)).ToList());
    }
}
