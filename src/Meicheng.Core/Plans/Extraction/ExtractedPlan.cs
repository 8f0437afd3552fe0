namespace Meicheng.Core.Plans.Extraction;

/// <summary>A stretch of the source text, by character offset, so a page can highlight it in place.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset just past the span.</summary>
    public int End => Start + Length;
}

/// <summary>What the extractor proposes for one plan document: every item carries the span it was read from.</summary>
public sealed record ExtractedPlan(
    string? Title,
    string? Issuer,
    string? DocumentNumber,
    DateOnly? Date,
    int? PeriodStart,
    int? PeriodEnd,
    int? FrameYear,
    IReadOnlyList<ExtractedArea> Areas,
    IReadOnlyList<ExtractedTask> Tasks,
    IReadOnlyList<ExtractedTask> Measures,
    IReadOnlyList<ExtractedTarget> Targets,
    IReadOnlyList<ExtractedMilestone> Milestones)
{
    /// <summary>Unit names the document makes responsible that the department registry does not know: proposed as new.</summary>
    public IReadOnlyList<string> ProposedDepartments =>
        Tasks.Concat(Measures).SelectMany(t => t.Responsible).Where(r => r.DepartmentId is null)
            .Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>An area (a heading above numbered tasks).</summary>
public sealed record ExtractedArea(int Number, string Label, string Title, TextSpan Span);

/// <summary>A numbered task or a safeguard measure, with the units named responsible.</summary>
public sealed record ExtractedTask(
    int Number,
    string Label,
    int? AreaNumber,
    string Title,
    string Text,
    IReadOnlyList<ExtractedResponsibility> Responsible,
    string? ResponsibilityText,
    TextSpan Span);

/// <summary>The part a named unit plays: 牵头 (lead), 责任 (responsible) or 配合 (supporting).</summary>
public enum ExtractedRole
{
    /// <summary>牵头单位 or a name followed by 牵头.</summary>
    Lead,
    /// <summary>责任单位.</summary>
    Responsible,
    /// <summary>配合单位 / 参与单位.</summary>
    Supporting,
}

/// <summary>A unit as the document names it; <see cref="DepartmentId"/> is null when the registry does not know it.</summary>
public sealed record ExtractedResponsibility(string Name, string? DepartmentId, ExtractedRole Role);

/// <summary>Where a target's or milestone's year was found.</summary>
public enum YearSource
{
    /// <summary>In the clause itself (到2027年，… counts as the clause's own lead-in).</summary>
    Clause,
    /// <summary>Earlier in the same sentence.</summary>
    Sentence,
    /// <summary>Elsewhere in the same paragraph: the latest year the paragraph names.</summary>
    Paragraph,
    /// <summary>In the heading or the lead paragraph of the section it stands under.</summary>
    Section,
    /// <summary>Not stated: the document's frame year (the end of its period), so implied.</summary>
    Frame,
    /// <summary>No year found and no frame known.</summary>
    None,
}

/// <summary>A quantitative target candidate, with the value and unit exactly as written.</summary>
public sealed record ExtractedTarget(
    string Indicator,
    string ValueText,
    decimal? Value,
    decimal? ValueTo,
    string Unit,
    Comparator Comparator,
    bool Aspirational,
    int? Year,
    YearSource YearSource,
    string Kind,
    bool PerYear,
    bool Derived,
    int? BaselineYear,
    string? Scope,
    string Section,
    int? AreaNumber,
    int? TaskNumber,
    string Clause,
    TextSpan ClauseSpan,
    TextSpan ValueSpan)
{
    /// <summary>True when the year is not stated near the target and falls back to the document's frame.</summary>
    public bool YearImplied => YearSource is YearSource.Frame or YearSource.None;
}

/// <summary>A dated qualitative commitment (…年底前…, 到20XX年…); the title is a verbatim part of the clause.</summary>
public sealed record ExtractedMilestone(
    string Title,
    int? Year,
    YearSource YearSource,
    string? DeadlineText,
    bool Aspirational,
    string Section,
    int? AreaNumber,
    int? TaskNumber,
    string Clause,
    TextSpan ClauseSpan,
    TextSpan TitleSpan)
{
    /// <summary>True when the year is not stated near the milestone.</summary>
    public bool YearImplied => YearSource is YearSource.Frame or YearSource.None;
}
