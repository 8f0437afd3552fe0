using System.ComponentModel.DataAnnotations;
using Meicheng.Web.Features.Reporting;

namespace Meicheng.Web.Features.Projects;

/// <summary>The list filters of GET /api/projects and the export: plan task, target, type, status, district, department, text.</summary>
/// <remarks>Init properties, not a positional record: the compile-time request delegate generator cannot bind a
/// positional record of nullable strings with [AsParameters] (it emits <c>typeof(string?)</c>).</remarks>
public sealed record ProjectFilter
{
    public string? Task { get; init; }
    public string? Target { get; init; }
    public string? Type { get; init; }
    public string? Status { get; init; }
    public string? District { get; init; }
    public string? Department { get; init; }
    public string? Q { get; init; }
}

/// <summary>A project in a list: names, not ids, beside the codes; money in 万元; the latest approved progress; why it is behind schedule.</summary>
public sealed record ProjectSummaryDto(
    int Id, string Name, string Type, string Status, string StatusText, string? OwnerUnit, string? DepartmentId, string? DepartmentName,
    string RegionCode, string RegionName, string? Location, decimal Investment, decimal InvestedToDate, decimal? PercentComplete, DateOnly? Start,
    DateOnly? Completion, bool CentralLibrary, bool ProvincialLibrary, string? LibraryCode, bool Published, string? BehindSchedule, string? Geometry);

public sealed record FundingLineDto(int Year, string Source, string SourceText, decimal Amount);

public sealed record ProjectProgressDto(
    int Id, int ProjectId, string Month, string Narrative, decimal PercentComplete, decimal InvestedThisMonth, decimal InvestedToDate, string? Issues,
    string? Coordination, string Status, string StatusText, int Revision, bool IsCurrent, string CreatedBy, DateTimeOffset CreatedAt,
    string? ReviewedBy, string? ReviewComment, Guid Version, bool Locked, IReadOnlyList<EvidenceDto> Evidence);

/// <summary>Why an approved month is opened again for revision (audited with the reopening).</summary>
public sealed record ProjectReopenRequest([property: Required, MinLength(2), MaxLength(500)] string Reason);

/// <summary>One project in full: what it serves, its investment plan by source and its progress history.</summary>
public sealed record ProjectDetailDto(
    ProjectSummaryDto Summary, string? Content, decimal? Capacity, decimal? Area, IReadOnlyList<string> PlanTaskIds, IReadOnlyList<string> TargetIds,
    int? ProblemId, int? TaskId, string Origin, IReadOnlyList<FundingLineDto> Funding, IReadOnlyList<ProjectProgressDto> Progress, bool MayEdit);

public sealed record FundingLineRequest([property: Range(2000, 2100)] int Year, [property: Required] string Source, [property: Range(0, 100_000_000)] decimal Amount);

public sealed record ProjectSaveRequest(
    [property: Required, MaxLength(300)] string Name, [property: Required, MaxLength(50)] string Type, [property: Required] string Status,
    [property: MaxLength(200)] string? OwnerUnit, string? DepartmentId, [property: Required] string RegionCode, [property: MaxLength(300)] string? Location,
    string? Geometry, [property: MaxLength(4000)] string? Content, DateOnly? Start, DateOnly? Completion, decimal Investment, decimal? Capacity,
    decimal? Area, IReadOnlyList<string>? PlanTaskIds, IReadOnlyList<string>? TargetIds, int? ProblemId, bool CentralLibrary, bool ProvincialLibrary,
    [property: MaxLength(100)] string? LibraryCode, bool Published, IReadOnlyList<FundingLineRequest>? Funding,
    [property: MaxLength(500)] string? Reason = null);

/// <summary>Something a project form offers by name (a plan task, a target, a health-check problem).</summary>
public sealed record ProjectChoice(string Id, string Name);

public sealed record ProjectFormChoices(IReadOnlyList<ProjectChoice> Tasks, IReadOnlyList<ProjectChoice> Targets, IReadOnlyList<ProjectChoice> Problems);

public sealed record ProjectProgressRequest(
    [property: Range(2000, 2100)] int Year, [property: Range(1, 12)] int Month, [property: Required, MaxLength(4000)] string Narrative,
    decimal PercentComplete, decimal InvestedThisMonth, decimal InvestedToDate, [property: MaxLength(4000)] string? Issues,
    [property: MaxLength(4000)] string? Coordination, bool Submit, Guid? Version);

/// <summary>Totals of one group (a department or a district): projects, planned (总投资, the year's plan by source) and completed investment.</summary>
public sealed record ProjectTotalsRowDto(
    string Key, string Name, int Projects, int Built, decimal Investment, decimal Planned, decimal Completed, IReadOnlyDictionary<string, decimal> PlannedBySource);

public sealed record ProjectLibraryTotalsDto(int Year, ProjectTotalsRowDto All, IReadOnlyList<ProjectTotalsRowDto> ByDepartment, IReadOnlyList<ProjectTotalsRowDto> ByDistrict);

/// <summary>An import's result: rows read, projects created, changed and left as they were.</summary>
public sealed record ProjectImportResultDto(int Rows, int Created, int Updated, int Unchanged)
{
    /// <summary>Whether a project was added or changed status, so the targets fed by the library are recomputed.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool StatusChanged { get; init; }
}

/// <summary>A published project on the map and the showcase: name, type, place, status, investment.</summary>
public sealed record ProjectMapPointDto(int Id, string Name, string Type, string Status, string StatusText, string RegionName, string? Location, decimal Investment, string? Geometry);
