namespace Meicheng.Web.Features.Cases;

/// <summary>A case as written or changed by the plan office. Empty strings count as not given.</summary>
public sealed record CaseRequest(
    string? Title, string? TitleEn, string? Narrative, string? NarrativeEn, string? DistrictCode, string? PlaceName, string? PlaceNameEn,
    double? Longitude, double? Latitude, IReadOnlyList<string>? TaskIds, int? SortOrder);

public sealed record CaseTaskDto(string Id, string PlanId, string PlanTitle, string? PlanTitleEn, int Number, string Title, string? TitleEn, string Url);

public sealed record CasePhotoDto(int Id, string Url, string ContentType, long Size, string AltText, string? AltTextEn, string? Caption, string? CaptionEn, int SortOrder);

/// <summary>A case as the public reads it (nothing about who wrote it).</summary>
public sealed record CaseDto(
    int Id, string Title, string? TitleEn, string Narrative, string? NarrativeEn, string DistrictCode, string DistrictName, string? DistrictNameEn,
    string PlaceName, string? PlaceNameEn, double? Longitude, double? Latitude, DateTimeOffset? PublishedAt,
    IReadOnlyList<CaseTaskDto> Tasks, IReadOnlyList<CasePhotoDto> Photos);

/// <summary>A case as the plan office manages it: with its publication state and who changed it when.</summary>
public sealed record AdminCaseDto(
    CaseDto Case, bool Published, int SortOrder, string CreatedBy, DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt);
