namespace Meicheng.Web.Features.Plans;

public sealed record PlanDraftSummaryDto(int Id, string FileName, string Title, int Targets, int Milestones, int Undecided,
    DateTimeOffset CreatedAt, string CreatedBy, string? PublishedPlanId, int? PublishedVersion, DateTimeOffset? PublishedAt);

public sealed record PlanDraftMetaDto(string Title, string? Issuer, string? DocumentNumber, DateOnly? Date, string PlanId, string Code, string City,
    int? PeriodStart, int? PeriodEnd, int? FrameYear, string Status, string? TargetPlanId, string? VersionLabel);

public sealed record DraftOwnerDto(string Name, string? DepartmentId, string Role, bool Accepted);

public sealed record DraftItemDto(int Id, string Kind, string State, int Start, int Length, int? Number, string? Label, int? AreaNumber, int? TaskNumber,
    string Title, string? Text, string? Section, string? Clause, string? ValueText, decimal? Value, string? Unit, string? Comparator, int? Year,
    string? YearBasis, bool Aspirational, string? TargetKind, string? Scope, string? DeadlineText, string? ResponsibilityText, IReadOnlyList<DraftOwnerDto> Owners);

/// <summary>A draft import with its source text; each item's <c>Start</c>/<c>Length</c> is a character span of <c>SourceText</c>.</summary>
public sealed record PlanDraftDto(int Id, string FileName, PlanDraftMetaDto Meta, DateTimeOffset CreatedAt, string CreatedBy,
    string? PublishedPlanId, int? PublishedVersion, DateTimeOffset? PublishedAt, IReadOnlyList<DraftItemDto> Items, string SourceText);

/// <summary>accept, reject, or reopen (back to undecided).</summary>
public sealed record DraftDecisionRequest(string Decision);

/// <summary>A correction of a target (indicator, value, unit, comparator, year, kind, scope, clause) or a milestone (title, year, scope, clause), as typed.</summary>
public sealed record DraftItemEditRequest(string? Indicator, string? Value, string? Unit, string? Comparator, string? Year, string? Kind, string? Scope,
    string? Clause, string? Title);

/// <summary>
/// A target or milestone the extractor missed: the clause as selected (with its offsets in the source text when the page's
/// script supplied them) or pasted; blank fields are read from the clause where it states them.
/// </summary>
public sealed record DraftAddRequest(string ItemKind, string? Clause, int? Start, int? Length, string? Indicator, string? Value, string? Unit,
    string? Comparator, string? Year, string? Kind, string? Title);

/// <summary>The units of a task by name (separated by 、 or commas); <c>AcceptNew</c> confirms names the registry lacks as new departments.</summary>
public sealed record DraftOwnersRequest(string? Lead, string? Responsible, string? Supporting, bool AcceptNew);

public sealed record DraftMetaRequest(string? Title, string? Issuer, string? DocumentNumber, string? Date, string? PlanId, string? Code, string? City,
    string? PeriodStart, string? PeriodEnd, string? FrameYear, string? Status, string? TargetPlanId, string? VersionLabel);

/// <summary>Where a published draft went: a new plan (version 1), or a pending version of an existing plan to map and adopt.</summary>
public sealed record DraftPublishedDto(int DraftId, string PlanId, int Version, bool NewVersion, string Next);
