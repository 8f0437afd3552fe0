using System.ComponentModel.DataAnnotations;

namespace Meicheng.Web.Features.Evaluation;

// One shape for live results and frozen rounds: a round's snapshot is an EvaluationSnapshot serialised as JSON, so what
// the API shows for a round is exactly what was frozen. These records are the stored format: change them only by adding
// members (old snapshots must keep reading), and bump EvaluationSnapshot.CurrentSchema when a meaning changes.

/// <summary>The parameters an evaluation ran with, stored with every round.</summary>
public sealed record EvaluationParametersDto(
    double AboutTolerance, double LinearOnTrack, double LinearNeedsAttention, int MilestoneAtRiskWindowDays,
    IReadOnlyDictionary<string, double> Points, IReadOnlyDictionary<string, double> Weights, double AspirationalWeight, double ObjectiveWeight);

public sealed record SnapshotPlanDto(string Id, string Code, string Title, int PeriodStart, int PeriodEnd, string ContentHash, int Targets, int Milestones);

public sealed record SnapshotRegionDto(string Code, string Name, bool Evaluated);

/// <summary>An approved observation an evaluation used: its id and revision, the value as stored (indicator unit) and in the target's unit.</summary>
public sealed record InputObservationDto(
    int Id, string TargetId, string RegionCode, string PeriodKey, int Year, decimal Value, string IndicatorUnit, double TargetValue, string TargetUnit,
    int Revision, bool IsDemo, DateTimeOffset? ApprovedAt);

/// <summary>An approved progress report an evaluation used for a milestone.</summary>
public sealed record InputProgressDto(int Id, string MilestoneId, string RegionCode, string PeriodKey, string State, int Revision, bool IsDemo, DateTimeOffset? ApprovedAt);

public sealed record ParameterDto(string Name, double Value);

public sealed record ExplainInputDto(string Name, double? Value, string? Text);

public sealed record ExplainStepDto(string Symbol, string Formula, double? Value);

public sealed record ExplanationDto(IReadOnlyList<ExplainInputDto> Inputs, IReadOnlyList<ExplainStepDto> Steps, IReadOnlyList<string> Notes);

public sealed record ProjectionDto(string Method, double? ValueAtTargetYear, bool MeetsTarget, int? YearReached);

/// <summary>One method's verdict on one target in one region; <see cref="Explanation"/> is left out of list views.</summary>
public sealed record MethodResultDto(
    string Method, string MethodName, string Version, IReadOnlyList<ParameterDto> Parameters, string Status, string StatusText, string MethodStatus,
    string Outcome, double? Ratio, double? Score, int? AssessedYear, double? AssessedValue, IReadOnlyList<ProjectionDto> Projections,
    ExplanationDto? Explanation, DeadlineDto? Deadline = null, MissingDto? Missing = null);

/// <summary>
/// The post-evaluation once the target year has passed: verdict achieved-on-time, missed, achieved-late, still-short or
/// no-value; the target year's value and the latest later one.
/// </summary>
public sealed record DeadlineDto(string Verdict, int TargetYear, double? TargetYearValue, int? LaterYear, double? LaterValue, bool? LaterMeets);

/// <summary>What a no-data result lacks: target-value, any-value, target-year-value or value-after-baseline, and the years.</summary>
public sealed record MissingDto(string Kind, int? FromYear, int? ToYear, int? BaselineYear);

/// <summary>A target evaluated in one region by every method.</summary>
public sealed record TargetEvaluationDto(
    string TargetId, string PlanId, string IndicatorId, string IndicatorName, string Clause, int? AreaNumber, int? TaskNumber, string? TaskId,
    string TargetText, string Unit, int Year, string Kind, bool Aspirational, string RegionCode, IReadOnlyList<int> ObservationIds,
    IReadOnlyList<MethodResultDto> Results);

public sealed record MilestoneEvaluationDto(
    string MilestoneId, string PlanId, string Title, int? AreaNumber, int? TaskNumber, int Year, string RegionCode, int? ProgressId, string? State,
    string Status, string StatusText, string CommonStatus, DateOnly Deadline, int DaysLeft, string Rule);

public sealed record StatusCountsDto(int Achieved, int OnTrack, int NeedsAttention, int OffTrack, int NoData, int NotYetDue)
{
    public int Total => Achieved + OnTrack + NeedsAttention + OffTrack + NoData + NotYetDue;
}

/// <summary>A roll-up node: score = Σ wᵢ·sᵢ / Σ wᵢ over the children that have a score.</summary>
public sealed record RollupNodeDto(
    string Id, string Label, string Level, double Weight, string? Status, double? Score, StatusCountsDto Counts, IReadOnlyList<RollupNodeDto> Children);

/// <summary>The roll-ups by one method: one node per region (its children are the plans' trees), and departments (city results).</summary>
public sealed record MethodRollupDto(string Method, IReadOnlyList<RollupNodeDto> Regions, IReadOnlyList<RollupNodeDto> Departments);

/// <summary>The results for one region: every target by every method, and the milestones.</summary>
public sealed record RegionResultsDto(string RegionCode, IReadOnlyList<TargetEvaluationDto> Targets, IReadOnlyList<MilestoneEvaluationDto> Milestones);

/// <summary>
/// Everything an evaluation used and produced: the plans (with content hashes), the parameters, the observations and
/// progress reports it read (ids, revisions, values), every result with its explanation, and the roll-ups by every method.
/// </summary>
public sealed record EvaluationSnapshot(
    int Schema, int Year, DateOnly EvaluationDate, DateTimeOffset ComputedAt, IReadOnlyList<string> Methods, string PrimaryMethod,
    EvaluationParametersDto Parameters, IReadOnlyList<SnapshotPlanDto> Plans, IReadOnlyList<SnapshotRegionDto> Regions,
    IReadOnlyList<InputObservationDto> Observations, IReadOnlyList<InputProgressDto> ProgressReports,
    IReadOnlyList<RegionResultsDto> Results, IReadOnlyList<MethodRollupDto> Rollups)
{
    public const int CurrentSchema = 1;

    /// <summary>
    /// The city evaluated: its root region among <see cref="Regions"/> (a GB/T 2260 city code ends in 00, a district's never
    /// does), so a frozen round names its city without the instance's reference data.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string City => Regions.FirstOrDefault(r => r.Code.EndsWith("00", StringComparison.Ordinal))?.Code ?? "";
}

public sealed record PlanEvaluationDto(string PlanId, string Title, double? Index, StatusCountsDto Counts, RollupNodeDto Tree);

/// <summary>What <c>GET /api/evaluation</c> and a round's view show: one region, one method, the plans' trees and the targets.</summary>
public sealed record EvaluationViewDto(
    int? RoundId, int Year, DateOnly EvaluationDate, string Method, string MethodName, string RegionCode, string RegionName,
    EvaluationParametersDto Parameters, double? CompositeIndex, StatusCountsDto Counts, IReadOnlyList<PlanEvaluationDto> Plans,
    IReadOnlyList<RollupNodeDto> Departments, IReadOnlyList<RollupNodeDto> Districts, IReadOnlyList<TargetEvaluationDto> Targets,
    IReadOnlyList<MilestoneEvaluationDto> Milestones, int ObservationsUsed, bool IncludesDemoData);

/// <summary>One target explained: the observations it used, and each method's result with inputs, steps and notes.</summary>
public sealed record TargetExplainDto(int? RoundId, int Year, DateOnly EvaluationDate, string RegionCode, TargetEvaluationDto Target, IReadOnlyList<InputObservationDto> Observations);

// ---- Rounds ----

public sealed record CreateRoundRequest(
    [property: Required] string Kind, int? Year, [property: MaxLength(200)] string? Title, string? PlanId, string? PrimaryMethod,
    IReadOnlyDictionary<string, double>? Weights, [property: Range(0, 1)] double? ObjectiveWeight, [property: MaxLength(2000)] string? Note);

public sealed record RoundSummaryDto(
    int Id, string Kind, string KindText, int Year, string Title, string? PlanId, string PrimaryMethod, DateOnly EvaluationDate, DateTimeOffset FrozenAt,
    string FrozenBy, string SnapshotSha256, int ObservationsUsed, double? CompositeIndex, double ObjectiveWeight, bool Closed, string? Note,
    DateTimeOffset? PublishedAt, string? PublishedBy);

public sealed record AssessmentRequest(
    [property: Required] string SubjectType, [property: Required] string SubjectId, [property: Range(0, 100)] double Score,
    [property: Required, MaxLength(4000)] string Comment);

public sealed record AssessmentDto(
    int Id, int RoundId, string SubjectType, string SubjectId, string SubjectLabel, double Score, string Comment, string EvaluatorId, string EvaluatorName,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A target or task with its objective score (status points or roll-up), the evaluators' mean score, and the combination.</summary>
public sealed record CombinedSubjectDto(
    string SubjectType, string SubjectId, string Label, double? Objective, double? Subjective, int Assessments, double? Combined, string Rule);

/// <summary>定量与定性、客观与主观: C = α·O + (1 − α)·S, with the objective index O, the subjective index S and α the objective weight.</summary>
public sealed record CombinedResultDto(
    int RoundId, string Method, double ObjectiveWeight, double? ObjectiveIndex, double? SubjectiveIndex, double? CompositeIndex, string Formula,
    IReadOnlyList<CombinedSubjectDto> Subjects);

public sealed record ComparedTargetDto(
    string TargetId, string PlanId, string Clause, string? StatusA, string? StatusB, double? RatioA, double? RatioB, double? ValueA, double? ValueB,
    int? YearA, int? YearB, bool Changed, string Change);

public sealed record ComparedNodeDto(string Id, string Label, string Level, double? ScoreA, double? ScoreB, double? Delta);

public sealed record RoundComparisonDto(
    RoundSummaryDto A, RoundSummaryDto B, string Method, string RegionCode, StatusCountsDto CountsA, StatusCountsDto CountsB,
    IReadOnlyList<ComparedNodeDto> Nodes, IReadOnlyList<ComparedTargetDto> Targets, int Improved, int Worsened, int Unchanged);
