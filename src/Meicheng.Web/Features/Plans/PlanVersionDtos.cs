using System.ComponentModel.DataAnnotations;

namespace Meicheng.Web.Features.Plans;

public sealed record PlanVersionDto(int Id, string PlanId, int Number, string Label, string Status, string State, string Origin,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? AdoptedAt, string? AdoptedBy, int Targets, int Milestones)
{
    /// <summary>How pages name the version: 正式稿（第2版，现行）.</summary>
    public string Display => $"{Label}（第{Number}版，{PlanVersionStates.Chinese(State)}）";
}

/// <summary>A new version of a plan: the document in the plan-file format (<c>meicheng.plan/1</c>, see data/plans/README.md).</summary>
public sealed record UploadVersionRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string Label,
    [property: Required] string Status,
    [property: Required] string Document);

public sealed record VersionItemDto(string Kind, string Key, string Label);

public sealed record FieldChangeDto(string Field, string FieldName, string? Old, string? New);

public sealed record VersionPairDto(string Kind, string OldKey, string OldLabel, string NewKey, string NewLabel, string Reason, double Similarity,
    IReadOnlyList<FieldChangeDto> Changes);

public sealed record VersionDiffDto(PlanVersionDto From, PlanVersionDto To, double Threshold, IReadOnlyList<VersionPairDto> Pairs,
    IReadOnlyList<VersionItemDto> Added, IReadOnlyList<VersionItemDto> Removed);

public sealed record MappingEntryDto([property: Required] string Kind, [property: Required] string OldKey, [property: Required] string NewKey);

/// <summary>The mapping the office confirms; null adopts the proposal as it stands.</summary>
public sealed record AdoptVersionRequest(IReadOnlyList<MappingEntryDto>? Mapping);

public sealed record AdoptResultDto(PlanVersionDto Version, int ObservationsMoved, int ProgressMoved, int AssignmentsMoved, int EvidenceFollowing,
    int ItemsLeftOnOldVersion);
