namespace Meicheng.Core.Plans;

// The JSON shape of a plan file. Everything is nullable so that a missing field becomes a precise
// PlanFileException from the reader rather than a serializer error.
internal sealed class PlanDto
{
    public string? Schema { get; set; }
    public string? Id { get; set; }
    public string? Code { get; set; }
    public string? City { get; set; }
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Issuer { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Date { get; set; }
    public string? Status { get; set; }
    public int? PeriodStart { get; set; }
    public int? PeriodEnd { get; set; }
    public int? FrameYear { get; set; }
    public string? Source { get; set; }
    public List<IndicatorDto>? Indicators { get; set; }
    public List<AreaDto>? Areas { get; set; }
    public List<TaskDto>? Measures { get; set; }
    public List<TargetDto>? Targets { get; set; }
    public List<MilestoneDto>? Milestones { get; set; }
    public List<FactDto>? Facts { get; set; }
}

internal sealed class IndicatorDto
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public string? Unit { get; set; }
    public string? Direction { get; set; }
    public string? Category { get; set; }
    public string? Note { get; set; }
}

internal sealed class AreaDto
{
    public int? Number { get; set; }
    public string? Label { get; set; }
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Text { get; set; }
    public List<TaskDto>? Tasks { get; set; }
}

internal sealed class TaskDto
{
    public int? Number { get; set; }
    public string? Label { get; set; }
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Text { get; set; }
    public List<ResponsibilityDto>? ResponsibleUnits { get; set; }
    public string? ResponsibilityText { get; set; }
    public List<string>? Regions { get; set; }
    public List<string>? Zones { get; set; }
}

internal sealed class ResponsibilityDto
{
    public string? Department { get; set; }
    public string? Role { get; set; }
}

internal sealed class ScopeDto
{
    public string? Level { get; set; }
    public List<string>? Regions { get; set; }
    public List<string>? Zones { get; set; }
    public string? Text { get; set; }
}

internal sealed class BaselineDto
{
    public int? Year { get; set; }
    public decimal? Value { get; set; }
}

internal sealed class PeriodDto
{
    public int? From { get; set; }
    public int? To { get; set; }
}

internal sealed class TargetDto
{
    public string? Id { get; set; }
    public string? Indicator { get; set; }
    public string? Section { get; set; }
    public int? Area { get; set; }
    public int? Task { get; set; }
    public string? Clause { get; set; }
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
    public string? Comparator { get; set; }
    public int? Year { get; set; }
    public string? YearBasis { get; set; }
    public bool? YearImplied { get; set; }
    public string? Kind { get; set; }
    public bool? Aspirational { get; set; }
    public ScopeDto? Scope { get; set; }
    public BaselineDto? Baseline { get; set; }
    public PeriodDto? Period { get; set; }
    public string? Note { get; set; }
    public FeedDto? Feed { get; set; }
}

/// <summary>A target fed by a rule over the project library (see data/plans/README.md).</summary>
internal sealed class FeedDto
{
    public string? Measure { get; set; }
    public List<string>? Types { get; set; }
    public List<string>? Statuses { get; set; }
    public string? Window { get; set; }
}

internal sealed class MilestoneDto
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Section { get; set; }
    public int? Area { get; set; }
    public int? Task { get; set; }
    public string? Clause { get; set; }
    public int? Year { get; set; }
    public string? YearBasis { get; set; }
    public bool? YearImplied { get; set; }
    public string? DeadlineText { get; set; }
    public bool? Aspirational { get; set; }
    public ScopeDto? Scope { get; set; }
    public string? Note { get; set; }
}

internal sealed class FactDto
{
    public string? Id { get; set; }
    public string? Section { get; set; }
    public int? Area { get; set; }
    public int? Task { get; set; }
    public string? Clause { get; set; }
    public string? Subject { get; set; }
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
    public string? Note { get; set; }
}
