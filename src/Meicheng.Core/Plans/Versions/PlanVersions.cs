using System.Globalization;

namespace Meicheng.Core.Plans.Versions;

/// <summary>
/// Compares two versions of a plan (征求意见稿 → 正式稿, or a revision) and proposes which old item becomes which new one.
/// Targets and milestones pair by id first; what is left pairs by <see cref="TextSimilarity.Dice"/> over the indicator
/// name + clause (targets) or title + clause (milestones); tasks pair by title + text, since their numbers are what a
/// revision renumbers. Text pairing is greedy on the highest score at or above the threshold, ties broken by document
/// order (old, then new), so the same two documents always give the same proposal. Items only pair within their kind.
/// </summary>
public static class PlanVersions
{
    /// <summary>
    /// The similarity from which two texts are proposed as the same item. A changed number, year or a few words keeps a
    /// clause well above it (a value changed in a 30-character clause scores about 0.9); two different targets of one
    /// task that share only the task's wording stay below it.
    /// </summary>
    public const double DefaultThreshold = 0.6;

    /// <summary>The diff with the proposed mapping.</summary>
    public static PlanDiff Compare(PlanDocument old, PlanDocument @new, double threshold = DefaultThreshold)
    {
        var oldItems = Items(old);
        var newItems = Items(@new);
        var pairs = new List<(PlanItemRef Old, PlanItemRef New, MatchReason Reason, double Score)>();
        foreach (var kind in new[] { PlanItemKind.Task, PlanItemKind.Target, PlanItemKind.Milestone })
        {
            var olds = oldItems.Where(i => i.Kind == kind).ToList();
            var news = newItems.Where(i => i.Kind == kind).ToList();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var usedNew = new HashSet<string>(StringComparer.Ordinal);
            if (kind != PlanItemKind.Task)
            {
                foreach (var o in olds)
                {
                    var n = news.FirstOrDefault(n => n.Key == o.Key);
                    if (n is null)
                        continue;
                    pairs.Add((o, n, MatchReason.SameId, TextSimilarity.Dice(o.Text, n.Text)));
                    taken.Add(o.Key);
                    usedNew.Add(n.Key);
                }
            }
            var candidates = new List<(int OldIndex, int NewIndex, double Score)>();
            for (var i = 0; i < olds.Count; i++)
            {
                if (taken.Contains(olds[i].Key))
                    continue;
                for (var j = 0; j < news.Count; j++)
                {
                    if (usedNew.Contains(news[j].Key))
                        continue;
                    var score = TextSimilarity.Dice(olds[i].Text, news[j].Text);
                    if (score >= threshold)
                        candidates.Add((i, j, score));
                }
            }
            foreach (var (i, j, score) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.OldIndex).ThenBy(c => c.NewIndex))
            {
                if (taken.Contains(olds[i].Key) || usedNew.Contains(news[j].Key))
                    continue;
                taken.Add(olds[i].Key);
                usedNew.Add(news[j].Key);
                var reason = kind == PlanItemKind.Task && olds[i].Key == news[j].Key ? MatchReason.SameId : MatchReason.SimilarText;
                pairs.Add((olds[i], news[j], reason, score));
            }
        }
        return Build(old, @new, oldItems, newItems, pairs, threshold);
    }

    /// <summary>
    /// The diff for a mapping the plan office confirmed or edited: each (kind, old key, new key) is a pair; a pair the
    /// proposal also made keeps the proposal's reason, any other is <see cref="MatchReason.Office"/>. Unknown keys and
    /// an old or new item used twice are refused with <see cref="ArgumentException"/>.
    /// </summary>
    public static PlanDiff WithMapping(PlanDocument old, PlanDocument @new, IEnumerable<(PlanItemKind Kind, string OldKey, string NewKey)> mapping, double threshold = DefaultThreshold)
    {
        var proposal = Compare(old, @new, threshold);
        var oldItems = Items(old);
        var newItems = Items(@new);
        var pairs = new List<(PlanItemRef Old, PlanItemRef New, MatchReason Reason, double Score)>();
        var seenOld = new HashSet<(PlanItemKind, string)>();
        var seenNew = new HashSet<(PlanItemKind, string)>();
        foreach (var (kind, oldKey, newKey) in mapping)
        {
            var o = oldItems.FirstOrDefault(i => i.Kind == kind && i.Key == oldKey) ?? throw new ArgumentException($"the old version has no {kind} '{oldKey}'", nameof(mapping));
            var n = newItems.FirstOrDefault(i => i.Kind == kind && i.Key == newKey) ?? throw new ArgumentException($"the new version has no {kind} '{newKey}'", nameof(mapping));
            if (!seenOld.Add((kind, oldKey)))
                throw new ArgumentException($"the old {kind} '{oldKey}' is mapped twice", nameof(mapping));
            if (!seenNew.Add((kind, newKey)))
                throw new ArgumentException($"the new {kind} '{newKey}' is mapped to twice", nameof(mapping));
            var proposed = proposal.Pairs.FirstOrDefault(p => p.Kind == kind && p.Old.Key == oldKey && p.New.Key == newKey);
            pairs.Add((o, n, proposed?.Reason ?? MatchReason.Office, TextSimilarity.Dice(o.Text, n.Text)));
        }
        return Build(old, @new, oldItems, newItems, pairs, threshold);
    }

    /// <summary>The items of a version as the diff sees them, in document order.</summary>
    public static IReadOnlyList<PlanItemRef> Items(PlanDocument plan)
    {
        var indicatorNames = plan.Indicators.ToDictionary(i => i.Id, i => i.Name, StringComparer.Ordinal);
        var items = new List<PlanItemRef>();
        foreach (var t in plan.Tasks)
            items.Add(new PlanItemRef(PlanItemKind.Task, t.Number.ToString(CultureInfo.InvariantCulture), $"第{t.Number}项 {t.Title}", t.Title + t.Text));
        foreach (var t in plan.Targets)
        {
            var name = indicatorNames.GetValueOrDefault(t.IndicatorId, t.IndicatorId);
            items.Add(new PlanItemRef(PlanItemKind.Target, t.Id, $"{name} {t.Comparator.ToChinese()}{Number(t.Value)}{t.Unit}（{t.Year}年）", name + t.Citation.Clause));
        }
        foreach (var m in plan.Milestones)
            items.Add(new PlanItemRef(PlanItemKind.Milestone, m.Id, $"{m.Title}（{m.Year}年）", m.Title + m.Citation.Clause));
        return items;
    }

    private static PlanDiff Build(PlanDocument old, PlanDocument @new, IReadOnlyList<PlanItemRef> oldItems, IReadOnlyList<PlanItemRef> newItems,
        List<(PlanItemRef Old, PlanItemRef New, MatchReason Reason, double Score)> pairs, double threshold)
    {
        // A target's task counts as changed only when it moved to a task that is not its old task's counterpart:
        // renumbering alone is reported once, on the task.
        var taskMap = pairs.Where(p => p.Old.Kind == PlanItemKind.Task)
            .ToDictionary(p => int.Parse(p.Old.Key, CultureInfo.InvariantCulture), p => int.Parse(p.New.Key, CultureInfo.InvariantCulture));
        var result = new List<ItemPair>();
        foreach (var (o, n, reason, score) in pairs)
        {
            var changes = o.Kind switch
            {
                PlanItemKind.Target => TargetChanges(old, @new, old.Targets.Single(t => t.Id == o.Key), @new.Targets.Single(t => t.Id == n.Key), taskMap),
                PlanItemKind.Milestone => MilestoneChanges(old.Milestones.Single(m => m.Id == o.Key), @new.Milestones.Single(m => m.Id == n.Key), taskMap),
                _ => TaskChanges(old.Tasks.Single(t => t.Number.ToString(CultureInfo.InvariantCulture) == o.Key), @new.Tasks.Single(t => t.Number.ToString(CultureInfo.InvariantCulture) == n.Key)),
            };
            result.Add(new ItemPair(o.Kind, o, n, reason, Math.Round(score, 3), changes));
        }
        var order = oldItems.Select((item, i) => (item, i)).ToDictionary(x => (x.item.Kind, x.item.Key), x => x.i);
        result = result.OrderBy(p => order[(p.Kind, p.Old.Key)]).ToList();
        var added = newItems.Where(n => !pairs.Any(p => p.New.Kind == n.Kind && p.New.Key == n.Key)).ToList();
        var removed = oldItems.Where(o => !pairs.Any(p => p.Old.Kind == o.Kind && p.Old.Key == o.Key)).ToList();
        return new PlanDiff(result, added, removed, threshold);
    }

    private static List<FieldChange> TargetChanges(PlanDocument oldPlan, PlanDocument newPlan, PlanTarget o, PlanTarget n, Dictionary<int, int> taskMap)
    {
        var changes = new List<FieldChange>();
        var oldIndicator = oldPlan.Indicators.FirstOrDefault(i => i.Id == o.IndicatorId)?.Name ?? o.IndicatorId;
        var newIndicator = newPlan.Indicators.FirstOrDefault(i => i.Id == n.IndicatorId)?.Name ?? n.IndicatorId;
        Compare(changes, "indicator", oldIndicator, newIndicator);
        Compare(changes, "value", Number(o.Value), Number(n.Value));
        Compare(changes, "unit", o.Unit, n.Unit);
        Compare(changes, "comparator", o.Comparator.ToToken(), n.Comparator.ToToken());
        Compare(changes, "year", o.Year.ToString(CultureInfo.InvariantCulture), n.Year.ToString(CultureInfo.InvariantCulture));
        Compare(changes, "kind", o.Kind.ToString(), n.Kind.ToString());
        Compare(changes, "aspirational", o.Aspirational ? "力争" : "", n.Aspirational ? "力争" : "");
        Compare(changes, "clause", o.Citation.Clause, n.Citation.Clause);
        Compare(changes, "scope", ScopeText(o.Scope), ScopeText(n.Scope));
        CompareTask(changes, o.Citation.TaskNumber, n.Citation.TaskNumber, taskMap);
        return changes;
    }

    private static List<FieldChange> MilestoneChanges(PlanMilestone o, PlanMilestone n, Dictionary<int, int> taskMap)
    {
        var changes = new List<FieldChange>();
        Compare(changes, "title", o.Title, n.Title);
        Compare(changes, "year", o.Year.ToString(CultureInfo.InvariantCulture), n.Year.ToString(CultureInfo.InvariantCulture));
        Compare(changes, "deadline", o.DeadlineText, n.DeadlineText);
        Compare(changes, "aspirational", o.Aspirational ? "力争" : "", n.Aspirational ? "力争" : "");
        Compare(changes, "clause", o.Citation.Clause, n.Citation.Clause);
        Compare(changes, "scope", ScopeText(o.Scope), ScopeText(n.Scope));
        CompareTask(changes, o.Citation.TaskNumber, n.Citation.TaskNumber, taskMap);
        return changes;
    }

    private static List<FieldChange> TaskChanges(PlanTask o, PlanTask n)
    {
        var changes = new List<FieldChange>();
        Compare(changes, "title", o.Title, n.Title);
        Compare(changes, "text", o.Text, n.Text);
        Compare(changes, "responsible", Units(o.ResponsibleUnits), Units(n.ResponsibleUnits));
        return changes;
    }

    private static void CompareTask(List<FieldChange> changes, int? oldTask, int? newTask, Dictionary<int, int> taskMap)
    {
        int? expected = oldTask is { } t ? (taskMap.TryGetValue(t, out var mapped) ? mapped : null) : null;
        if (oldTask is null ? newTask is not null : expected != newTask)
            changes.Add(new FieldChange("task", oldTask?.ToString(CultureInfo.InvariantCulture), newTask?.ToString(CultureInfo.InvariantCulture)));
    }

    private static void Compare(List<FieldChange> changes, string field, string? old, string? @new)
    {
        if (!string.Equals(old ?? "", @new ?? "", StringComparison.Ordinal))
            changes.Add(new FieldChange(field, old, @new));
    }

    /// <summary>A scope as one comparable line: level, regions, zones and its wording.</summary>
    public static string ScopeText(Scope scope) =>
        $"{PlanTokens.ToToken(scope.Level)}|{string.Join(",", scope.Regions)}|{string.Join(",", scope.Zones)}|{scope.Text}";

    private static string Units(IReadOnlyList<Responsibility> units) =>
        string.Join(",", units.Select(u => $"{u.DepartmentId}:{u.Role.ToToken()}"));

    private static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
