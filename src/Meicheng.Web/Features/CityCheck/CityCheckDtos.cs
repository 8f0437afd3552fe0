using System.ComponentModel.DataAnnotations;

namespace Meicheng.Web.Features.CityCheck;

public sealed record CreateHealthCheckRequest([property: Range(2000, 2100)] int Year, int? RoundId, IReadOnlyList<string>? IndicatorIds, [property: MaxLength(200)] string? Title);

public sealed record HealthCheckSummaryDto(
    int Id, int Year, string Title, int RoundId, string Method, int? PreviousCheckId, int Indicators, int Problems, int OpenProblems,
    int ResolvedFromPrevious, int CarriedOver, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>One target of the check's indicator set in one region, as the round froze it.</summary>
public sealed record CheckIndicatorDto(
    string TargetId, string IndicatorId, string IndicatorName, string Clause, string TargetText, string RegionCode, string RegionName,
    string Status, string StatusText, double? Ratio, double? Value, int? ValueYear);

public sealed record RectificationTaskDto(
    int Id, int ProblemId, string Title, string OwnerDepartmentId, string OwnerName, DateOnly Deadline, string Status, string StatusText, bool Overdue,
    string? Note, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

public sealed record ProjectDto(
    int Id, int? ProblemId, int? TaskId, string Name, string Type, string RegionCode, string RegionName, string? Location, decimal Investment,
    string Status, string StatusText, string? DepartmentId, string? DepartmentName, int? StartYear, int? EndYear);

public sealed record ProblemDto(
    int Id, int CheckId, int CheckYear, string Origin, string Severity, string SeverityText, string? TargetId, string? IndicatorId, string? RegionCode,
    string? RegionName, string? DepartmentId, string? DepartmentName, string Title, string Description, string Status, string StatusText,
    int? CarriedFromId, int? ClosedByCheckId, string? ClosingNote, IReadOnlyList<RectificationTaskDto> Tasks, IReadOnlyList<ProjectDto> Projects,
    DateTimeOffset CreatedAt);

public sealed record ProjectTotalsDto(int Count, decimal Investment, IReadOnlyDictionary<string, int> ByStatus);

/// <summary>
/// A check end to end: the indicator set's results, this year's problems (new and carried over), what the previous
/// check's problems became (resolved or carried over), with their rectification tasks and projects.
/// </summary>
public sealed record HealthCheckDto(
    HealthCheckSummaryDto Summary, IReadOnlyList<CheckIndicatorDto> Indicators, IReadOnlyList<ProblemDto> Problems,
    IReadOnlyList<ProblemDto> ResolvedFromPrevious, IReadOnlyList<ProblemDto> CarriedOverFromPrevious, ProjectTotalsDto Projects);

public sealed record ProblemRequest(
    [property: Required, MaxLength(200)] string Title, [property: Required, MaxLength(4000)] string Description, [property: Required] string Severity,
    string? TargetId, string? RegionCode, string? DepartmentId);

public sealed record RectificationTaskRequest(
    [property: Required, MaxLength(300)] string Title, [property: Required] string OwnerDepartmentId, DateOnly Deadline, [property: MaxLength(2000)] string? Note);

public sealed record TaskUpdateRequest([property: Required] string Status, [property: MaxLength(2000)] string? Note);

public sealed record ProjectRequest(
    int? ProblemId, int? TaskId, [property: Required, MaxLength(300)] string Name, [property: Required, MaxLength(50)] string Type,
    [property: Required] string RegionCode, [property: MaxLength(300)] string? Location, [property: Range(0, 100_000_000)] decimal Investment,
    [property: Required] string Status, string? DepartmentId, [property: Range(2000, 2100)] int? StartYear, [property: Range(2000, 2100)] int? EndYear);

/// <summary>The rectification page: tasks and projects (of one department, or all), the problems' titles and the departments to filter by.</summary>
public sealed record RectificationListDto(
    IReadOnlyList<RectificationTaskDto> Tasks, IReadOnlyList<ProjectDto> Projects, IReadOnlyDictionary<int, string> ProblemTitles,
    IReadOnlyDictionary<string, string> Departments);
