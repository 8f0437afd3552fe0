namespace Meicheng.Web.Features.Evaluation;

/// <summary>Two frozen rounds side by side, by one method and region.</summary>
internal static class RoundComparison
{
    // Better statuses rank higher; no data and not yet due are not a judgement, so a move to or from them is "unassessed".
    private static int? Rank(string? status) => status switch
    {
        "achieved" => 4,
        "on-track" => 3,
        "needs-attention" => 2,
        "off-track" => 1,
        _ => null,
    };

    public static RoundComparisonDto Compare(RoundSummaryDto a, EvaluationSnapshot sa, RoundSummaryDto b, EvaluationSnapshot sb, string method, string region)
    {
        var targetsA = Targets(sa, region, method);
        var targetsB = Targets(sb, region, method);
        var targets = new List<ComparedTargetDto>();
        foreach (var id in targetsA.Keys.Union(targetsB.Keys).OrderBy(k => k, StringComparer.Ordinal))
        {
            targetsA.TryGetValue(id, out var ta);
            targetsB.TryGetValue(id, out var tb);
            var ra = ta?.Results.SingleOrDefault();
            var rb = tb?.Results.SingleOrDefault();
            var (rankA, rankB) = (Rank(ra?.Status), Rank(rb?.Status));
            var change = (rankA, rankB) switch
            {
                ({ } x, { } y) when y > x => "improved",
                ({ } x, { } y) when y < x => "worsened",
                ({ }, { }) => "unchanged",
                _ when ra?.Status == rb?.Status => "unchanged",
                _ => "unassessed",
            };
            var changed = ra?.Status != rb?.Status || ra?.Ratio != rb?.Ratio || ra?.AssessedValue != rb?.AssessedValue;
            var t = (ta ?? tb)!;
            targets.Add(new ComparedTargetDto(id, t.PlanId, t.Clause, ra?.Status, rb?.Status, ra?.Ratio, rb?.Ratio, ra?.AssessedValue, rb?.AssessedValue,
                ra?.AssessedYear, rb?.AssessedYear, changed, change));
        }

        var nodesA = Nodes(sa, method, region);
        var nodesB = Nodes(sb, method, region);
        var nodes = nodesA.Keys.Union(nodesB.Keys).Select(id =>
        {
            nodesA.TryGetValue(id, out var na);
            nodesB.TryGetValue(id, out var nb);
            var n = (na ?? nb)!;
            double? delta = na?.Score is { } x && nb?.Score is { } y ? Math.Round(y - x, 4) : null;
            return new ComparedNodeDto(id, n.Label, n.Level, na?.Score, nb?.Score, delta);
        }).ToList();

        var empty = new StatusCountsDto(0, 0, 0, 0, 0, 0);
        return new RoundComparisonDto(a, b, method, region,
            EvaluationViews.RegionNode(sa, method, region)?.Counts ?? empty, EvaluationViews.RegionNode(sb, method, region)?.Counts ?? empty,
            nodes, targets, targets.Count(t => t.Change == "improved"), targets.Count(t => t.Change == "worsened"), targets.Count(t => t.Change == "unchanged"));
    }

    private static Dictionary<string, TargetEvaluationDto> Targets(EvaluationSnapshot s, string region, string method) =>
        (EvaluationViews.Results(s, region)?.Targets ?? []).ToDictionary(
            t => t.TargetId, t => t with { Results = t.Results.Where(r => r.Method == method).ToList() }, StringComparer.Ordinal);

    // The region's node, its plans, areas, goals and tasks, in tree order; then the departments (city only).
    private static Dictionary<string, RollupNodeDto> Nodes(EvaluationSnapshot s, string method, string region)
    {
        var result = new Dictionary<string, RollupNodeDto>(StringComparer.Ordinal);
        void Walk(RollupNodeDto n)
        {
            if (n.Level is "target" or "milestone")
                return;
            result.TryAdd(n.Id, n);
            foreach (var c in n.Children)
                Walk(c);
        }
        if (EvaluationViews.RegionNode(s, method, region) is { } node)
            Walk(node);
        if (region == s.City)
        {
            foreach (var d in EvaluationViews.Rollup(s, method).Departments)
                result.TryAdd(d.Id, d);
        }
        return result;
    }
}
