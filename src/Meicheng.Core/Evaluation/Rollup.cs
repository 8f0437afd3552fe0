using Meicheng.Core.Plans;

namespace Meicheng.Core.Evaluation;

/// <summary>Options of the roll-up: points per status, weights per node, and the weight of aspirational targets.</summary>
/// <param name="Points">Points (0–100) each common status earns; statuses absent here (no data, not yet due) are left out of scores and counted as not assessed.</param>
/// <param name="Weights">Weights by node id (target or milestone id, <c>{plan}/area-{n}</c>, <c>{plan}/task-{n}</c>, <c>{plan}/goals</c>); 1 when absent.</param>
/// <param name="AspirationalWeight">Multiplies the weight of 力争 targets (default 1: counted like the others).</param>
public sealed record RollupOptions(IReadOnlyDictionary<ProgressStatus, double> Points, IReadOnlyDictionary<string, double> Weights, double AspirationalWeight = 1)
{
    /// <summary>Achieved 100, on track 75, needs attention 50, off track 0; equal weights.</summary>
    public static RollupOptions Default { get; } = new(
        new Dictionary<ProgressStatus, double>
        {
            [ProgressStatus.Achieved] = 100,
            [ProgressStatus.OnTrack] = 75,
            [ProgressStatus.NeedsAttention] = 50,
            [ProgressStatus.OffTrack] = 0,
        },
        new Dictionary<string, double>(StringComparer.Ordinal));

    /// <summary>The weight of a node id (1 when not configured).</summary>
    public double WeightOf(string id) => Weights.TryGetValue(id, out var w) ? w : 1;
}

/// <summary>How many leaves have each common status.</summary>
public readonly record struct StatusCounts(int Achieved, int OnTrack, int NeedsAttention, int OffTrack, int NoData, int NotYetDue)
{
    /// <summary>The count of one status.</summary>
    public int this[ProgressStatus status] => status switch
    {
        ProgressStatus.Achieved => Achieved,
        ProgressStatus.OnTrack => OnTrack,
        ProgressStatus.NeedsAttention => NeedsAttention,
        ProgressStatus.OffTrack => OffTrack,
        ProgressStatus.NoData => NoData,
        _ => NotYetDue,
    };

    /// <summary>All leaves counted.</summary>
    public int Total => Achieved + OnTrack + NeedsAttention + OffTrack + NoData + NotYetDue;

    /// <summary>One leaf of <paramref name="status"/>.</summary>
    public static StatusCounts One(ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => new(1, 0, 0, 0, 0, 0),
        ProgressStatus.OnTrack => new(0, 1, 0, 0, 0, 0),
        ProgressStatus.NeedsAttention => new(0, 0, 1, 0, 0, 0),
        ProgressStatus.OffTrack => new(0, 0, 0, 1, 0, 0),
        ProgressStatus.NoData => new(0, 0, 0, 0, 1, 0),
        _ => new(0, 0, 0, 0, 0, 1),
    };

    /// <summary>The sum of two counts.</summary>
    public static StatusCounts operator +(StatusCounts a, StatusCounts b) => new(
        a.Achieved + b.Achieved, a.OnTrack + b.OnTrack, a.NeedsAttention + b.NeedsAttention, a.OffTrack + b.OffTrack, a.NoData + b.NoData, a.NotYetDue + b.NotYetDue);

    /// <summary>The sum of two counts (for languages without operators).</summary>
    public static StatusCounts Add(StatusCounts left, StatusCounts right) => left + right;
}

/// <summary>
/// A node of a roll-up: a target or milestone (a leaf with its status), or a group whose score is the weighted mean
/// of its assessed children's scores. Every number is explainable from <see cref="Children"/>.
/// </summary>
/// <param name="Id">The node id (a target id, <c>{plan}/task-9</c>, <c>dept:…</c>, <c>region:…</c>).</param>
/// <param name="Label">A display label.</param>
/// <param name="Level">target, milestone, task, area, goals, plan, department, region.</param>
/// <param name="Weight">This node's weight within its parent.</param>
/// <param name="Status">The leaf's status; null for groups.</param>
/// <param name="Score">0–100: a leaf's points, or Σ wᵢ·sᵢ / Σ wᵢ over assessed children; null when nothing below is assessed.</param>
/// <param name="Counts">How many leaves below have each status.</param>
/// <param name="Children">The children with their weights and scores.</param>
public sealed record RollupNode(
    string Id,
    string Label,
    string Level,
    double Weight,
    ProgressStatus? Status,
    double? Score,
    StatusCounts Counts,
    IReadOnlyList<RollupNode> Children)
{
    /// <summary>Leaves below that were assessed (everything but no data and not yet due).</summary>
    public int Assessed => Counts.Total - Counts.NoData - Counts.NotYetDue;

    /// <summary>How a group's score is computed, for display.</summary>
    public const string Formula = "score = Σ wᵢ·sᵢ / Σ wᵢ over children with a score";
}

/// <summary>Roll-ups: targets → task → area → plan, and by department and by region, into a 0–100 index.</summary>
public static class Rollup
{
    /// <summary>A leaf for a target's or milestone's common status.</summary>
    public static RollupNode Leaf(string id, string label, string level, ProgressStatus status, double weight, RollupOptions? options = null)
    {
        var o = options ?? RollupOptions.Default;
        double? score = o.Points.TryGetValue(status, out var p) ? p : null;
        return new RollupNode(id, label, level, weight, status, score, StatusCounts.One(status), []);
    }

    /// <summary>A group node over <paramref name="children"/>: the weighted mean of the scores they have, and their leaf counts summed.</summary>
    public static RollupNode Group(string id, string label, string level, double weight, IReadOnlyList<RollupNode> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        double sum = 0, weights = 0;
        var counts = default(StatusCounts);
        foreach (var c in children)
        {
            if (c.Score is { } s && c.Weight > 0)
            {
                sum += c.Weight * s;
                weights += c.Weight;
            }
            counts += c.Counts;
        }
        return new RollupNode(id, label, level, weight, null, weights > 0 ? sum / weights : null, counts, children);
    }

    /// <summary>
    /// A plan's tree: targets (and milestones, when given) under their task, tasks under their area, areas under the plan.
    /// Items with an area but no task sit directly under the area; items with no area (the plan's general goals, 工作目标)
    /// form a "goals" group beside the areas. A target without a status in <paramref name="statuses"/> counts as no data;
    /// a milestone without one is left out.
    /// </summary>
    public static RollupNode Plan(PlanDocument plan, IReadOnlyDictionary<string, ProgressStatus> statuses, RollupOptions? options = null, bool includeMilestones = false)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(statuses);
        var o = options ?? RollupOptions.Default;
        var leaves = new List<(Citation Citation, RollupNode Node)>(plan.Targets.Count + plan.Milestones.Count);
        foreach (var t in plan.Targets)
        {
            var status = statuses.TryGetValue(t.Id, out var s) ? s : ProgressStatus.NoData;
            var weight = o.WeightOf(t.Id) * (t.Aspirational ? o.AspirationalWeight : 1);
            leaves.Add((t.Citation, Leaf(t.Id, t.Citation.Clause, "target", status, weight, o)));
        }
        if (includeMilestones)
        {
            foreach (var m in plan.Milestones)
            {
                if (statuses.TryGetValue(m.Id, out var s))
                    leaves.Add((m.Citation, Leaf(m.Id, m.Title, "milestone", s, o.WeightOf(m.Id) * (m.Aspirational ? o.AspirationalWeight : 1), o)));
            }
        }

        var children = new List<RollupNode>(plan.Areas.Count + 1);
        var goals = leaves.Where(l => l.Citation.AreaNumber is null).Select(l => l.Node).ToList();
        if (goals.Count > 0)
            children.Add(Group($"{plan.Id}/goals", "工作目标", "goals", o.WeightOf($"{plan.Id}/goals"), goals));
        foreach (var area in plan.Areas)
        {
            var inArea = leaves.Where(l => l.Citation.AreaNumber == area.Number).ToList();
            if (inArea.Count == 0)
                continue;
            var areaChildren = new List<RollupNode>();
            areaChildren.AddRange(inArea.Where(l => l.Citation.TaskNumber is null).Select(l => l.Node));
            foreach (var task in area.Tasks)
            {
                var inTask = inArea.Where(l => l.Citation.TaskNumber == task.Number).Select(l => l.Node).ToList();
                if (inTask.Count > 0)
                    areaChildren.Add(Group($"{plan.Id}/task-{task.Number}", task.Title, "task", o.WeightOf($"{plan.Id}/task-{task.Number}"), inTask));
            }
            // Items citing a task number the area does not list still count, directly under the area.
            areaChildren.AddRange(inArea.Where(l => l.Citation.TaskNumber is { } n && area.Tasks.All(t => t.Number != n)).Select(l => l.Node));
            children.Add(Group($"{plan.Id}/area-{area.Number}", area.Title, "area", o.WeightOf($"{plan.Id}/area-{area.Number}"), areaChildren));
        }
        var orphans = leaves.Where(l => l.Citation.AreaNumber is { } a && plan.Areas.All(x => x.Number != a)).Select(l => l.Node).ToList();
        children.AddRange(orphans);
        return Group(plan.Id, plan.Title, "plan", o.WeightOf(plan.Id), children);
    }

    /// <summary>
    /// One node per department: the targets of every task that names the department (leading or responsible), across
    /// the plans given, as equally weighted leaves (or as configured). Departments named by no task with targets are absent.
    /// </summary>
    public static IReadOnlyList<RollupNode> ByDepartment(IEnumerable<(PlanDocument Plan, IReadOnlyDictionary<string, ProgressStatus> Statuses)> plans, RollupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var o = options ?? RollupOptions.Default;
        var byDepartment = new SortedDictionary<string, List<RollupNode>>(StringComparer.Ordinal);
        foreach (var (plan, statuses) in plans)
        {
            var tasks = plan.Tasks.ToDictionary(t => t.Number);
            foreach (var t in plan.Targets)
            {
                if (t.Citation.TaskNumber is not { } n || !tasks.TryGetValue(n, out var task))
                    continue;
                var status = statuses.TryGetValue(t.Id, out var s) ? s : ProgressStatus.NoData;
                foreach (var unit in task.ResponsibleUnits.Select(u => u.DepartmentId).Distinct())
                {
                    if (!byDepartment.TryGetValue(unit, out var list))
                        byDepartment[unit] = list = [];
                    list.Add(Leaf(t.Id, t.Citation.Clause, "target", status, o.WeightOf(t.Id) * (t.Aspirational ? o.AspirationalWeight : 1), o));
                }
            }
        }
        return byDepartment.Select(d => Group($"dept:{d.Key}", d.Key, "department", o.WeightOf($"dept:{d.Key}"), d.Value)).ToList();
    }

    /// <summary>
    /// One node per region named in the targets' scopes (city-wide targets count for the city), over the plans given.
    /// For per-region evaluations use <see cref="Group"/> over each region's plan trees instead.
    /// </summary>
    public static IReadOnlyList<RollupNode> ByScopeRegion(IEnumerable<(PlanDocument Plan, IReadOnlyDictionary<string, ProgressStatus> Statuses)> plans, RollupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var o = options ?? RollupOptions.Default;
        var byRegion = new SortedDictionary<string, List<RollupNode>>(StringComparer.Ordinal);
        foreach (var (plan, statuses) in plans)
        {
            foreach (var t in plan.Targets)
            {
                var status = statuses.TryGetValue(t.Id, out var s) ? s : ProgressStatus.NoData;
                foreach (var region in t.Scope.Regions.Distinct())
                {
                    if (!byRegion.TryGetValue(region, out var list))
                        byRegion[region] = list = [];
                    list.Add(Leaf(t.Id, t.Citation.Clause, "target", status, o.WeightOf(t.Id) * (t.Aspirational ? o.AspirationalWeight : 1), o));
                }
            }
        }
        return byRegion.Select(r => Group($"region:{r.Key}", r.Key, "region", o.WeightOf($"region:{r.Key}"), r.Value)).ToList();
    }
}
