namespace Meicheng.Web.Features.Dashboard;

// What the leadership dashboard (驾驶舱) shows, derived from one live evaluation snapshot. Every item that a chart draws
// carries the drill-down URL it navigates to, so the page's tables and the charts link to the same place.

public sealed record DashboardPlanDto(string Id, string Title);

/// <summary>One status and how many targets (or milestones) have it; <see cref="Url"/> lists them.</summary>
public sealed record StatusSliceDto(string Status, string Text, int Count, string Url);

public sealed record HeatRowDto(string PlanId, string Area, string Label);

public sealed record RegionRefDto(string Code, string Name);

/// <summary>One area in one region: the roll-up score (0–100) of its targets and milestones there; null is 无数据.</summary>
public sealed record HeatCellDto(int Row, int Column, double? Score, int Assessed, int Total, string Url);

public sealed record HeatmapDto(IReadOnlyList<HeatRowDto> Rows, IReadOnlyList<RegionRefDto> Columns, IReadOnlyList<HeatCellDto> Cells);

/// <summary>A district on the map: its status index, or an indicator's latest approved value (with the year), null when none.</summary>
public sealed record DistrictValueDto(string Code, string Name, double? Value, int? Year, string Url);

public sealed record IndicatorOptionDto(string Id, string Name, string Unit);

/// <summary>The map's colouring: <c>index</c> (the district's status index by the method) or <c>indicator</c> (one indicator's latest value).</summary>
public sealed record DistrictMapDto(string Metric, string Title, string? IndicatorId, string? Unit, IReadOnlyList<DistrictValueDto> Districts);

public sealed record TrendPointDto(int Year, double Value, string PeriodKey, string Url);

/// <summary>One projection as the engine computed it: from the last assessed value to its value in the target year.</summary>
public sealed record TrendProjectionDto(string Method, string Text, int FromYear, double FromValue, int ToYear, double? ToValue, bool MeetsTarget, int? YearReached);

/// <summary>One target's trajectory in the city: approved values by year, the target, and the projections.</summary>
public sealed record TrendDto(
    string TargetId, string PlanId, string IndicatorId, string IndicatorName, string Clause, string Unit, string TargetText, int TargetYear, double TargetValue,
    string Comparator, string Status, string StatusText, IReadOnlyList<TrendPointDto> Points, IReadOnlyList<TrendProjectionDto> Projections, string Url, string ExplainUrl);

/// <summary>A target off track or needing attention, or an overdue milestone, with its owners (names) and region.</summary>
public sealed record AttentionItemDto(
    string Kind, string Id, string PlanId, string Title, string Status, string StatusText, string RegionCode, string RegionName,
    IReadOnlyList<string> Owners, DateOnly Deadline, string Detail, string Url);

public sealed record DashboardDto(
    int Year, DateOnly EvaluationDate, string Method, string MethodName, string? PlanId, IReadOnlyList<DashboardPlanDto> Plans,
    double? CompositeIndex, int TargetCount, int MilestoneCount,
    IReadOnlyList<StatusSliceDto> TargetStatuses, IReadOnlyList<StatusSliceDto> MilestoneStatuses,
    HeatmapDto Heatmap, DistrictMapDto Map, IReadOnlyList<IndicatorOptionDto> MapIndicators,
    IReadOnlyList<IndicatorOptionDto> TrendIndicators, IReadOnlyList<string> SelectedTrendIndicators, IReadOnlyList<TrendDto> Trends,
    IReadOnlyList<AttentionItemDto> Attention, int ObservationsUsed, bool IncludesDemoData);

/// <summary>A target behind a chart: its status by the method, latest value, the target, its owners and where it is explained.</summary>
public sealed record DrillTargetDto(
    string TargetId, string PlanId, string IndicatorId, string IndicatorName, string Clause, int? AreaNumber, string TargetText, int TargetYear,
    string RegionCode, string RegionName, string Status, string StatusText, double? Ratio, double? LatestValue, int? LatestYear, string Unit,
    IReadOnlyList<string> Owners, string ExplainUrl);

public sealed record DrillMilestoneDto(
    string MilestoneId, string PlanId, string Title, int? AreaNumber, string RegionCode, string RegionName, string Status, string StatusText,
    DateOnly Deadline, int DaysLeft, IReadOnlyList<string> Owners, string Url);

/// <summary>The drill-down: the filters as understood, and the targets (or milestones) they select.</summary>
public sealed record DrillDownDto(
    int Year, string Method, string Kind, string? Status, string? Area, string Region, string RegionName, string? PlanId, string? IndicatorId,
    string Description, IReadOnlyList<DrillTargetDto> Targets, IReadOnlyList<DrillMilestoneDto> Milestones);
