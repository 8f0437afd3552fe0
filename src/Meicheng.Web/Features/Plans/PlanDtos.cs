using PlanTokens = Meicheng.Core.Plans.PlanTokens;
using ResponsibilityRole = Meicheng.Core.Plans.ResponsibilityRole;

namespace Meicheng.Web.Features.Plans;

public sealed record PlanSummaryDto(
    string Id, string Code, string Title, string? TitleEn, string? Issuer, string? DocumentNumber, DateOnly? Date, string Status,
    int PeriodStart, int PeriodEnd, int Areas, int Tasks, int Targets, int Milestones, int Facts, int UnassignedTasks, string City, string CityName);

public sealed record ResponsibleUnitDto(string DepartmentId, string Name, string Role, string Source);

public sealed record TaskSummaryDto(
    string Id, int Number, string Title, string? TitleEn, IReadOnlyList<ResponsibleUnitDto> ResponsibleUnits, bool Unassigned, int Targets, int Milestones);

public sealed record AreaDto(string Id, int Number, string Label, string Title, string? TitleEn, string? Text, IReadOnlyList<TaskSummaryDto> Tasks);

public sealed record MeasureDto(string Id, int Number, string? Label, string Title, string Text, IReadOnlyList<ResponsibleUnitDto> ResponsibleUnits);

public sealed record PlanDetailDto(PlanSummaryDto Plan, string Source, int FrameYear, IReadOnlyList<AreaDto> Areas, IReadOnlyList<MeasureDto> Measures);

public sealed record TaskDetailDto(
    string Id, string PlanId, int Number, int? AreaNumber, string Title, string? TitleEn, string Text, string? ResponsibilityText,
    IReadOnlyList<ResponsibleUnitDto> ResponsibleUnits, bool Unassigned, IReadOnlyList<string> Regions, IReadOnlyList<string> Zones,
    IReadOnlyList<TargetDto> Targets, IReadOnlyList<MilestoneDto> Milestones, IReadOnlyList<FactDto> Facts);

public sealed record CitationDto(string Section, int? AreaNumber, int? TaskNumber, string Clause, string Text);

public sealed record ScopeDto(string Level, IReadOnlyList<string> Regions, IReadOnlyList<string> Zones, string? Text);

public sealed record TargetDto(
    string Id, string PlanId, int? AreaNumber, int? TaskNumber, string IndicatorId, string Indicator, string? IndicatorEn,
    decimal Value, string Unit, string Comparator, int Year, bool YearImplied, string YearBasis, string Kind, bool Aspirational,
    ScopeDto Scope, int? BaselineYear, decimal? BaselineValue, int? PeriodFrom, int? PeriodTo, string Direction, string Clause,
    CitationDto Citation, string? Note, bool Retired);

public sealed record MilestoneDto(
    string Id, string PlanId, int? AreaNumber, int? TaskNumber, string Title, int Year, bool YearImplied, string YearBasis,
    string? DeadlineText, bool Aspirational, ScopeDto Scope, string Clause, CitationDto Citation, string? Note, bool Retired);

public sealed record FactDto(string Id, string PlanId, int? AreaNumber, int? TaskNumber, string Subject, decimal? Value, string? Unit, string Clause, CitationDto Citation, string? Note);

public sealed record IndicatorDto(string Id, string Name, string? NameEn, string Unit, string Direction, string Category, IReadOnlyList<TargetDto> Targets);

internal static class PlanMappings
{
    public static CitationDto Cite(string section, int? area, int? task, string clause) =>
        new(section, area, task, clause, task is { } t ? $"{section} 第{t}项：「{clause}」" : $"{section}：「{clause}」");

    public static TargetDto ToDto(this Target t, Indicator indicator) => new(
        t.Id, t.PlanId, t.AreaNumber, t.TaskNumber, t.IndicatorId, indicator.Name, indicator.NameEn, t.Value, t.Unit, PlanTokens.ToToken(t.Comparator), t.Year,
        t.YearImplied, PlanTokens.ToToken(t.YearBasis), PlanTokens.ToToken(t.Kind), t.Aspirational, new ScopeDto(PlanTokens.ToToken(t.ScopeLevel), t.ScopeRegions, t.ScopeZones, t.ScopeText),
        t.BaselineYear, t.BaselineValue, t.PeriodFrom, t.PeriodTo, PlanTokens.ToToken(indicator.Direction), t.Clause,
        Cite(t.Section, t.AreaNumber, t.TaskNumber, t.Clause), t.Note, t.Retired);

    public static MilestoneDto ToDto(this Milestone m) => new(
        m.Id, m.PlanId, m.AreaNumber, m.TaskNumber, m.Title, m.Year, m.YearImplied, PlanTokens.ToToken(m.YearBasis), m.DeadlineText, m.Aspirational,
        new ScopeDto(PlanTokens.ToToken(m.ScopeLevel), m.ScopeRegions, m.ScopeZones, m.ScopeText), m.Clause, Cite(m.Section, m.AreaNumber, m.TaskNumber, m.Clause),
        m.Note, m.Retired);

    public static FactDto ToDto(this PlanFact f) =>
        new(f.Id, f.PlanId, f.AreaNumber, f.TaskNumber, f.Subject, f.Value, f.Unit, f.Clause, Cite(f.Section, f.AreaNumber, f.TaskNumber, f.Clause), f.Note);

    public static IReadOnlyList<ResponsibleUnitDto> Units(this PlanTask task, IReadOnlyDictionary<string, string> departmentNames) =>
        task.Responsibilities
            .OrderBy(r => r.Role == ResponsibilityRole.Lead ? 0 : 1).ThenBy(r => r.Id)
            .Select(r => new ResponsibleUnitDto(r.DepartmentId, departmentNames.GetValueOrDefault(r.DepartmentId, r.DepartmentId), PlanTokens.ToToken(r.Role), r.Source))
            .ToList();
}
