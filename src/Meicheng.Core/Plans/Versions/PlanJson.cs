using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Meicheng.Core.Plans.Versions;

/// <summary>
/// Writes a <see cref="PlanDocument"/> as a plan file (<c>meicheng.plan/1</c>), the inverse of <see cref="PlanFile.Parse"/>:
/// a version uploaded or edited in the browser is stored, exported and re-validated in the same format as <c>data/plans/</c>.
/// </summary>
public static class PlanJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = true,
    };

    /// <summary>The plan as the JSON text of a plan file.</summary>
    public static string Write(PlanDocument p) => JsonSerializer.Serialize(ToDto(p), Options);

    private static PlanDto ToDto(PlanDocument p) => new()
    {
        Schema = PlanFile.Schema, Id = p.Id, Code = p.Code, City = p.City, Title = p.Title, TitleEn = p.TitleEn, Issuer = p.Issuer,
        DocumentNumber = p.DocumentNumber, Date = p.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Status = PlanTokens.ToToken(p.Status),
        PeriodStart = p.PeriodStart, PeriodEnd = p.PeriodEnd, FrameYear = p.FrameYear, Source = p.Source,
        Indicators = p.Indicators.Select(i => new IndicatorDto
        {
            Id = i.Id, Name = i.Name, NameEn = i.NameEn, Unit = i.Unit, Direction = PlanTokens.ToToken(i.Direction), Category = i.Category,
        }).ToList(),
        Areas = p.Areas.Select(a => new AreaDto
        {
            Number = a.Number, Label = a.Label, Title = a.Title, TitleEn = a.TitleEn, Text = a.Text,
            Tasks = a.Tasks.Select(t => new TaskDto
            {
                Number = t.Number, Title = t.Title, TitleEn = t.TitleEn, Text = t.Text, ResponsibleUnits = Units(t.ResponsibleUnits),
                ResponsibilityText = t.ResponsibilityText, Regions = [.. t.Regions], Zones = [.. t.Zones],
            }).ToList(),
        }).ToList(),
        Measures = p.Measures.Select(m => new TaskDto
        {
            Number = m.Number, Label = m.Label, Title = m.Title, Text = m.Text, ResponsibleUnits = Units(m.ResponsibleUnits), ResponsibilityText = m.ResponsibilityText,
        }).ToList(),
        Targets = p.Targets.Select(t => new TargetDto
        {
            Id = t.Id, Indicator = t.IndicatorId, Section = t.Citation.Section, Area = t.Citation.AreaNumber, Task = t.Citation.TaskNumber,
            Clause = t.Citation.Clause, Value = t.Value, Unit = t.Unit, Comparator = t.Comparator.ToToken(), Year = t.Year,
            YearBasis = Basis(t.YearBasis), YearImplied = t.YearImplied, Kind = Kind(t.Kind), Aspirational = t.Aspirational, Scope = Scope(t.Scope),
            Baseline = t.BaselineYear is null && t.BaselineValue is null ? null : new BaselineDto { Year = t.BaselineYear, Value = t.BaselineValue },
            Period = t.PeriodFrom is null && t.PeriodTo is null ? null : new PeriodDto { From = t.PeriodFrom, To = t.PeriodTo },
            Note = t.Note,
        }).ToList(),
        Milestones = p.Milestones.Select(m => new MilestoneDto
        {
            Id = m.Id, Title = m.Title, Section = m.Citation.Section, Area = m.Citation.AreaNumber, Task = m.Citation.TaskNumber, Clause = m.Citation.Clause,
            Year = m.Year, YearBasis = Basis(m.YearBasis), YearImplied = m.YearImplied, DeadlineText = m.DeadlineText, Aspirational = m.Aspirational,
            Scope = Scope(m.Scope), Note = m.Note,
        }).ToList(),
        Facts = p.Facts.Select(f => new FactDto
        {
            Id = f.Id, Section = f.Citation.Section, Area = f.Citation.AreaNumber, Task = f.Citation.TaskNumber, Clause = f.Citation.Clause,
            Subject = f.Subject, Value = f.Value, Unit = f.Unit, Note = f.Note,
        }).ToList(),
    };

    private static List<ResponsibilityDto> Units(IReadOnlyList<Responsibility> units) =>
        units.Select(u => new ResponsibilityDto { Department = u.DepartmentId, Role = u.Role.ToToken() }).ToList();

    private static ScopeDto Scope(Scope s) => new() { Level = PlanTokens.ToToken(s.Level), Regions = [.. s.Regions], Zones = [.. s.Zones], Text = s.Text };

    private static string Basis(YearBasis b) => PlanTokens.ToToken(b);

    private static string Kind(TargetKind k) => PlanTokens.ToToken(k);
}
