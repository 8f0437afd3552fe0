namespace Meicheng.Core.Plans;

/// <summary>A plan document held as data: metadata, areas and tasks, targets, milestones and facts.</summary>
public sealed record PlanDocument(
    string Id,
    string Code,
    string Title,
    string? TitleEn,
    string? Issuer,
    string? DocumentNumber,
    DateOnly? Date,
    PlanStatus Status,
    int PeriodStart,
    int PeriodEnd,
    int FrameYear,
    string Source,
    IReadOnlyList<IndicatorDefinition> Indicators,
    IReadOnlyList<PlanArea> Areas,
    IReadOnlyList<PlanMeasure> Measures,
    IReadOnlyList<PlanTarget> Targets,
    IReadOnlyList<PlanMilestone> Milestones,
    IReadOnlyList<PlanFact> Facts)
{
    /// <summary>
    /// The GB/T 2260 code of the city the plan belongs to (its root region). A plan file may state it (<c>"city"</c>);
    /// otherwise it is the city of the reference data the plan was read with.
    /// </summary>
    public string? City { get; init; }

    /// <summary>All numbered tasks of the plan, in document order.</summary>
    public IEnumerable<PlanTask> Tasks => Areas.SelectMany(a => a.Tasks);
}

/// <summary>The standing of a plan document.</summary>
public enum PlanStatus
{
    /// <summary>征求意见稿: published for comment, not yet in force.</summary>
    DraftForComment,
    /// <summary>In force.</summary>
    InForce,
    /// <summary>Past its period or replaced.</summary>
    Expired,
}

/// <summary>Whether more of an indicator is better, less is better, or neither.</summary>
public enum Direction
{
    /// <summary>More is better.</summary>
    Up,
    /// <summary>Less is better.</summary>
    Down,
    /// <summary>Neither: the value is reported, not judged.</summary>
    None,
}

/// <summary>One measurable thing that targets set values for; shared across plans by id.</summary>
public sealed record IndicatorDefinition(string Id, string Name, string? NameEn, string Unit, Direction Direction, string Category);

/// <summary>An area (重点任务 part) of a plan, with its numbered tasks.</summary>
public sealed record PlanArea(int Number, string Label, string Title, string? TitleEn, string? Text, IReadOnlyList<PlanTask> Tasks);

/// <summary>A numbered task with the units the document makes responsible for it.</summary>
public sealed record PlanTask(
    int Number,
    int AreaNumber,
    string Title,
    string? TitleEn,
    string Text,
    IReadOnlyList<Responsibility> ResponsibleUnits,
    string? ResponsibilityText,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Zones);

/// <summary>A safeguard or work measure (保障措施, 工作措施).</summary>
public sealed record PlanMeasure(
    int Number,
    string Label,
    string Title,
    string Text,
    IReadOnlyList<Responsibility> ResponsibleUnits,
    string? ResponsibilityText);

/// <summary>A unit named as responsible; <see cref="ResponsibilityRole.Lead"/> where the document says 牵头.</summary>
public sealed record Responsibility(string DepartmentId, ResponsibilityRole Role);

/// <summary>The part a unit plays in a task.</summary>
public enum ResponsibilityRole
{
    /// <summary>牵头: leads the task.</summary>
    Lead,
    /// <summary>Named as responsible without leading.</summary>
    Responsible,
}

/// <summary>The words plan files and the database use for a <see cref="ResponsibilityRole"/>.</summary>
public static class ResponsibilityRoles
{
    /// <summary>The token of <see cref="ResponsibilityRole.Lead"/>.</summary>
    public const string LeadToken = "lead";

    /// <summary>The token of <see cref="ResponsibilityRole.Responsible"/>.</summary>
    public const string ResponsibleToken = "responsible";

    /// <summary>The role's token: <c>lead</c> or <c>responsible</c>.</summary>
    public static string ToToken(this ResponsibilityRole role) => role == ResponsibilityRole.Lead ? LeadToken : ResponsibleToken;

    /// <summary>Reads a token written by <see cref="ToToken"/>.</summary>
    public static bool TryParse(string? token, out ResponsibilityRole role)
    {
        role = token == LeadToken ? ResponsibilityRole.Lead : ResponsibilityRole.Responsible;
        return token is LeadToken or ResponsibleToken;
    }
}

/// <summary>How a target's value is compared with what is achieved.</summary>
public enum Comparator
{
    /// <summary>&lt;= (以下, 不超过).</summary>
    AtMost,
    /// <summary>&gt;= (以上, 不低于, 不少于).</summary>
    AtLeast,
    /// <summary>&lt; (低于).</summary>
    LessThan,
    /// <summary>&gt; (大于, 超过, 突破).</summary>
    GreaterThan,
    /// <summary>= (保持, 全覆盖).</summary>
    EqualTo,
    /// <summary>About the value (左右).</summary>
    About,
    /// <summary>Reach the value (达到, 提升至, 完成).</summary>
    Reach,
}

/// <summary>What sort of quantity a target sets.</summary>
public enum TargetKind
{
    /// <summary>A state at the target year (a concentration, a capacity, a stock).</summary>
    Level,
    /// <summary>An amount built up over the plan period (累计, 新增).</summary>
    Cumulative,
    /// <summary>A growth rate per year (年均增长).</summary>
    AnnualRate,
    /// <summary>A percentage of a whole (率, 比例, 占比).</summary>
    Share,
    /// <summary>A number of things (家, 个, 处, 条).</summary>
    Count,
    /// <summary>A change against a stated base (比2005年下降70%).</summary>
    Change,
}

/// <summary>Where a target's or milestone's year comes from.</summary>
public enum YearBasis
{
    /// <summary>The clause states the year.</summary>
    Clause,
    /// <summary>The heading sentence of its paragraph or section states it.</summary>
    Section,
    /// <summary>Nothing states it: the year is implied by the document's frame.</summary>
    Frame,
    /// <summary>Its own sentence names no year, another sentence of its paragraph does (the paragraph's latest year).</summary>
    Paragraph,
}

/// <summary>The geographic scope of a target or milestone.</summary>
public sealed record Scope(ScopeLevel Level, IReadOnlyList<string> Regions, IReadOnlyList<string> Zones, string? Text)
{
    /// <summary>The whole of the city with the given root code.</summary>
    public static Scope WholeCity(string cityCode) => new(ScopeLevel.City, [cityCode], [], null);
}

/// <summary>City-wide, per district, or a named place.</summary>
public enum ScopeLevel
{
    /// <summary>The whole city.</summary>
    City,
    /// <summary>One or more districts, or every district.</summary>
    District,
    /// <summary>A named place: a bay, a river, a zone.</summary>
    Place,
}

/// <summary>Where an item stands in its document: the heading, the area, the task, and the verbatim clause.</summary>
public sealed record Citation(string Section, int? AreaNumber, int? TaskNumber, string Clause)
{
    /// <summary>A one-line citation such as "三、重点任务 第9项：「…」".</summary>
    public string Display => TaskNumber is { } t ? $"{Section} 第{t}项：「{Clause}」" : $"{Section}：「{Clause}」";
}

/// <summary>A quantitative target, exactly as the document writes it.</summary>
public sealed record PlanTarget(
    string Id,
    string IndicatorId,
    Citation Citation,
    decimal Value,
    string Unit,
    Comparator Comparator,
    int Year,
    YearBasis YearBasis,
    TargetKind Kind,
    bool Aspirational,
    Scope Scope,
    int? BaselineYear,
    decimal? BaselineValue,
    int? PeriodFrom,
    int? PeriodTo,
    string? Note)
{
    /// <summary>True when no year is written in the clause or its heading.</summary>
    public bool YearImplied => YearBasis == YearBasis.Frame;

    /// <summary>The rule over the project library that feeds this target, when its value counts or sums projects.</summary>
    public Projects.FeedRule? Feed { get; init; }
}

/// <summary>A dated qualitative commitment.</summary>
public sealed record PlanMilestone(
    string Id,
    string Title,
    Citation Citation,
    int Year,
    YearBasis YearBasis,
    string? DeadlineText,
    bool Aspirational,
    Scope Scope,
    string? Note)
{
    /// <summary>True when no year is written in the clause or its heading.</summary>
    public bool YearImplied => YearBasis == YearBasis.Frame;
}

/// <summary>A scope fact the document states as context (e.g. 66 monitored sections), not a target.</summary>
public sealed record PlanFact(string Id, Citation Citation, string Subject, decimal? Value, string? Unit, string? Note);
