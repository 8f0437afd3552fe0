namespace Meicheng.Core.Plans.Versions;

/// <summary>The items a version change maps: quantitative targets, milestones and numbered tasks.</summary>
public enum PlanItemKind
{
    /// <summary>A quantitative target.</summary>
    Target,
    /// <summary>A dated milestone.</summary>
    Milestone,
    /// <summary>A numbered task (its number may change between versions).</summary>
    Task,
}

/// <summary>Why an old item was paired with a new one.</summary>
public enum MatchReason
{
    /// <summary>Both versions use the same id (for tasks: the same text under the same number).</summary>
    SameId,
    /// <summary>Their texts are alike: <see cref="TextSimilarity.Dice"/> at or above the threshold.</summary>
    SimilarText,
    /// <summary>The plan office paired them by hand.</summary>
    Office,
}

/// <summary>One field that differs between the old and the new item, as text for people.</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>
/// One item in one version: <see cref="Key"/> is its id (targets, milestones) or its task number as text (tasks);
/// <see cref="Text"/> is what similarity is computed over (indicator name + clause; title + clause; title + text).
/// </summary>
public sealed record PlanItemRef(PlanItemKind Kind, string Key, string Label, string Text);

/// <summary>An old item paired with a new one, why, how alike they are, and what changed.</summary>
public sealed record ItemPair(PlanItemKind Kind, PlanItemRef Old, PlanItemRef New, MatchReason Reason, double Similarity, IReadOnlyList<FieldChange> Changes)
{
    /// <summary>True when nothing the diff compares differs.</summary>
    public bool Unchanged => Changes.Count == 0;
}

/// <summary>
/// What changed from one version of a plan to the next: the proposed old→new <see cref="Pairs"/> (by id first, then by
/// text similarity), the new items nothing maps to (<see cref="Added"/>), the old items nothing maps to
/// (<see cref="Removed"/>), and per pair the fields that changed.
/// </summary>
public sealed record PlanDiff(IReadOnlyList<ItemPair> Pairs, IReadOnlyList<PlanItemRef> Added, IReadOnlyList<PlanItemRef> Removed, double Threshold)
{
    /// <summary>Pairs of the given kind.</summary>
    public IEnumerable<ItemPair> PairsOf(PlanItemKind kind) => Pairs.Where(p => p.Kind == kind);

    /// <summary>Pairs whose item changed (value, unit, year, comparator, wording, scope…).</summary>
    public IEnumerable<ItemPair> Changed => Pairs.Where(p => p.Kind != PlanItemKind.Task && !p.Unchanged);

    /// <summary>Tasks whose number changed: (old number, new number).</summary>
    public IEnumerable<(int Old, int New)> TasksRenumbered => PairsOf(PlanItemKind.Task)
        .Select(p => (Old: int.Parse(p.Old.Key, System.Globalization.CultureInfo.InvariantCulture), New: int.Parse(p.New.Key, System.Globalization.CultureInfo.InvariantCulture)))
        .Where(p => p.Old != p.New);
}
