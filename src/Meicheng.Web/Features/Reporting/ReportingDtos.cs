using System.ComponentModel.DataAnnotations;

namespace Meicheng.Web.Features.Reporting;

public sealed record PeriodDto(int Id, string? IndicatorId, string Frequency, string Key, DateOnly Start, DateOnly End, DateOnly Due);

public sealed record CreatePeriodsRequest(
    [property: Required] string Frequency, [property: Range(2000, 2100)] int Year, [property: Range(1, 12)] int Number, DateOnly? Due,
    IReadOnlyList<string>? IndicatorIds, bool Progress);

public sealed record ReopenRequest([property: Required, MinLength(2)] string Reason, string? TargetId, string? RegionCode);

public sealed record ReopenResultDto(int PeriodId, int Reopened);

public sealed record EvidenceDto(int Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, string Url);

public sealed record ObservationDto(
    int Id, string TargetId, string IndicatorId, string IndicatorName, int PeriodId, string PeriodKey, string RegionCode,
    decimal Value, string Unit, decimal DisplayValue, string DisplayUnit, decimal EnteredValue, string EnteredUnit, string? DataSource, string? Basis,
    string Status, string StatusText, int Revision, int? SupersedesId, bool IsCurrent, bool Locked, string? ReviewComment,
    string Source, string? Provenance, bool IsDemo, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt,
    string? ReviewedBy, DateTimeOffset? ReviewedAt, Guid Version, IReadOnlyList<EvidenceDto> Evidence);

public sealed record ObservationRequest(
    [property: Required] string TargetId, int PeriodId, string? RegionCode, decimal Value, [property: Required] string Unit,
    [property: MaxLength(500)] string? DataSource, [property: MaxLength(1000)] string? Basis, bool Submit, Guid? Version,
    string? Source, string? Provenance);

public sealed record ProgressDto(
    int Id, string? MilestoneId, string? TaskId, string Title, int PeriodId, string PeriodKey, string RegionCode, string State, string StateText,
    string Narrative, string Status, string StatusText, int Revision, int? SupersedesId, bool IsCurrent, bool Locked, string? ReviewComment,
    string Source, string? Provenance, bool IsDemo, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt,
    string? ReviewedBy, DateTimeOffset? ReviewedAt, Guid Version, IReadOnlyList<EvidenceDto> Evidence);

public sealed record ProgressRequest(
    string? MilestoneId, string? TaskId, int PeriodId, string? RegionCode, [property: Required] string State,
    [property: Required, MaxLength(4000)] string Narrative, bool Submit, Guid? Version, string? Source, string? Provenance);

public sealed record TransitionRequest(Guid Version, [property: MaxLength(2000)] string? Comment);

public sealed record MissingReportDto(
    string Kind, string SubjectId, string SubjectTitle, int PeriodId, string PeriodKey, DateOnly Due, bool Overdue,
    string? DepartmentId, string? DistrictCode, string RegionCode, string State);

public sealed record MissingSummaryDto(string Reporter, string? DepartmentId, string? DistrictCode, int Missing, int Overdue);

public sealed record MissingReportsDto(string PeriodKey, DateOnly Today, IReadOnlyList<MissingSummaryDto> Summary, IReadOnlyList<MissingReportDto> Items);

public sealed record ReminderDto(string? DepartmentId, string? DistrictCode, IReadOnlyList<string> Recipients, int Missing, int Overdue);

public sealed record ReminderResultDto(string PeriodKey, IReadOnlyList<ReminderDto> Reminders, bool WebhookSent, int EmailsSent);

public sealed record WorkbookIssueDto(string Sheet, int Row, string Column, string Reason);

public sealed record WorkbookResultDto(string Sha256, int Rows, int Created, int Unchanged, bool AlreadyImported);
