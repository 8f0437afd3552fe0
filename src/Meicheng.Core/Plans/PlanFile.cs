using System.Globalization;
using System.Text.RegularExpressions;

namespace Meicheng.Core.Plans;

/// <summary>
/// Reads and validates a plan file (format <c>meicheng.plan/1</c>, see <c>data/plans/README.md</c>).
/// Every refusal is a <see cref="PlanFileException"/> naming the file, the item and the field.
/// </summary>
public static partial class PlanFile
{
    /// <summary>The format this reader accepts.</summary>
    public const string Schema = "meicheng.plan/1";

    private static readonly string[] Categories =
        ["economy", "energy-carbon", "air", "water", "marine", "soil", "ecology", "urban", "building", "transport", "waste", "culture", "governance", "finance", "social"];

    /// <summary>Parses one plan file and checks it against the reference data.</summary>
    public static PlanDocument Parse(string file, string json, ReferenceData reference)
    {
        var dto = ReferenceData.Deserialize<PlanDto>(file, json);
        return new Reader(file, reference).Read(dto);
    }

    /// <summary>
    /// Checks a set of plans together: item ids unique across plans, and an indicator shared by several plans
    /// defined alike (same unit and direction) in each.
    /// </summary>
    public static void ValidateSet(IReadOnlyList<(string File, PlanDocument Plan)> plans)
    {
        ReferenceData.Unique(plans.Count > 0 ? plans[0].File : "plans", "plan", plans.Select(p => p.Plan.Id));
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, plan) in plans)
        {
            var ids = plan.Targets.Select(t => t.Id).Concat(plan.Milestones.Select(m => m.Id)).Concat(plan.Facts.Select(f => f.Id));
            foreach (var id in ids)
            {
                if (!owner.TryAdd(id, file))
                    throw new PlanFileException(file, $"item {id}", "id", $"already used in {owner[id]}");
            }
        }

        var indicators = new Dictionary<string, (string File, IndicatorDefinition Definition)>(StringComparer.Ordinal);
        foreach (var (file, plan) in plans)
        {
            foreach (var indicator in plan.Indicators)
            {
                if (!indicators.TryGetValue(indicator.Id, out var first))
                {
                    indicators[indicator.Id] = (file, indicator);
                    continue;
                }
                if (first.Definition.Unit != indicator.Unit)
                    throw new PlanFileException(file, $"indicator {indicator.Id}", "unit", $"'{indicator.Unit}' differs from '{first.Definition.Unit}' in {first.File}");
                if (first.Definition.Direction != indicator.Direction)
                    throw new PlanFileException(file, $"indicator {indicator.Id}", "direction", $"'{indicator.Direction}' differs from '{first.Definition.Direction}' in {first.File}");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabId();

    private sealed class Reader(string file, ReferenceData reference)
    {
        private readonly HashSet<string> _regions = reference.Regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _zones = reference.Zones.Select(z => z.Id).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _departments = reference.Departments.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        private string _code = "";
        private int _periodStart;
        private int _periodEnd;
        private HashSet<int> _areaNumbers = [];
        private Dictionary<int, int> _taskArea = [];

        public PlanDocument Read(PlanDto p)
        {
            const string plan = "plan";
            if (p.Schema != Schema)
                throw Error(plan, "schema", $"expected '{Schema}', found '{p.Schema}'");
            var id = Id(plan, "id", p.Id);
            _code = Id(plan, "code", p.Code);
            if (!PlanTokens.TryParse<PlanStatus>(p.Status, out var status))
                throw Error(plan, "status", $"'{p.Status}' is not one of {string.Join(", ", PlanTokens.Tokens<PlanStatus>())}");
            DateOnly? date = null;
            if (p.Date is not null)
            {
                if (!DateOnly.TryParseExact(p.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    throw Error(plan, "date", $"'{p.Date}' is not a date written yyyy-MM-dd");
                date = d;
            }
            _periodStart = Year(plan, "periodStart", p.PeriodStart);
            _periodEnd = Year(plan, "periodEnd", p.PeriodEnd);
            if (_periodEnd < _periodStart)
                throw Error(plan, "periodEnd", "is before periodStart");
            var frameYear = Year(plan, "frameYear", p.FrameYear);

            var indicators = (p.Indicators ?? []).Select(ReadIndicator).ToList();
            ReferenceData.Unique(file, "indicator", indicators.Select(i => i.Id));
            var indicatorIds = indicators.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

            var areas = (p.Areas ?? []).Select(ReadArea).ToList();
            if (areas.Count == 0)
                throw Error(plan, "areas", "a plan has at least one area");
            ReferenceData.Unique(file, "area", areas.Select(a => a.Number.ToString(CultureInfo.InvariantCulture)));
            var tasks = areas.SelectMany(a => a.Tasks).ToList();
            ReferenceData.Unique(file, "task", tasks.Select(t => t.Number.ToString(CultureInfo.InvariantCulture)));
            _areaNumbers = areas.Select(a => a.Number).ToHashSet();
            _taskArea = tasks.ToDictionary(t => t.Number, t => t.AreaNumber);

            var measures = (p.Measures ?? []).Select(ReadMeasure).ToList();
            ReferenceData.Unique(file, "measure", measures.Select(m => m.Number.ToString(CultureInfo.InvariantCulture)));

            var targets = (p.Targets ?? []).Select(t => ReadTarget(t, indicatorIds)).ToList();
            var milestones = (p.Milestones ?? []).Select(ReadMilestone).ToList();
            var facts = (p.Facts ?? []).Select(ReadFact).ToList();
            ReferenceData.Unique(file, "item", targets.Select(t => t.Id).Concat(milestones.Select(m => m.Id)).Concat(facts.Select(f => f.Id)));

            var city = p.City ?? reference.City;
            if (!reference.Regions.Any(r => r.Code == city && r.Kind == "city"))
                throw Error(plan, "city", $"'{city}' is not the city of the reference data ({reference.City})");
            return new PlanDocument(id, _code, Text(plan, "title", p.Title), p.TitleEn, p.Issuer, p.DocumentNumber, date, status,
                _periodStart, _periodEnd, frameYear, Text(plan, "source", p.Source), indicators, areas, measures, targets, milestones, facts)
            {
                City = city,
            };
        }

        private IndicatorDefinition ReadIndicator(IndicatorDto i)
        {
            var item = $"indicator {i.Id ?? "?"}";
            var id = Id(item, "id", i.Id);
            if (!PlanTokens.TryParse<Direction>(i.Direction, out var direction))
                throw Error(item, "direction", $"'{i.Direction}' is not one of {string.Join(", ", PlanTokens.Tokens<Direction>())}");
            if (!Categories.Contains(i.Category))
                throw Error(item, "category", $"'{i.Category}' is not one of {string.Join(", ", Categories)}");
            return new IndicatorDefinition(id, Text(item, "name", i.Name), i.NameEn, Text(item, "unit", i.Unit), direction, i.Category!);
        }

        private PlanArea ReadArea(AreaDto a)
        {
            var item = $"area {a.Number?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
            var number = Positive(item, "number", a.Number);
            var tasks = (a.Tasks ?? []).Select(t => ReadTask(t, number)).ToList();
            return new PlanArea(number, Text(item, "label", a.Label), Text(item, "title", a.Title), a.TitleEn, a.Text, tasks);
        }

        private PlanTask ReadTask(TaskDto t, int area)
        {
            var item = $"task {t.Number?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
            var number = Positive(item, "number", t.Number);
            return new PlanTask(number, area, Text(item, "title", t.Title), t.TitleEn, Text(item, "text", t.Text),
                Units(item, t.ResponsibleUnits), t.ResponsibilityText, Regions(item, "regions", t.Regions), Zones(item, "zones", t.Zones));
        }

        private PlanMeasure ReadMeasure(TaskDto m)
        {
            var item = $"measure {m.Number?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
            return new PlanMeasure(Positive(item, "number", m.Number), Text(item, "label", m.Label), Text(item, "title", m.Title),
                Text(item, "text", m.Text), Units(item, m.ResponsibleUnits), m.ResponsibilityText);
        }

        private List<Responsibility> Units(string item, List<ResponsibilityDto>? units)
        {
            var result = new List<Responsibility>();
            foreach (var u in units ?? [])
            {
                if (u.Department is null || !_departments.Contains(u.Department))
                    throw Error(item, "responsibleUnits.department", $"unknown department '{u.Department}' (see data/reference/departments.json)");
                if (!ResponsibilityRoles.TryParse(u.Role, out var role))
                    throw Error(item, "responsibleUnits.role", $"'{u.Role}' is not one of {ResponsibilityRoles.LeadToken}, {ResponsibilityRoles.ResponsibleToken}");
                if (result.Any(r => r.DepartmentId == u.Department))
                    throw Error(item, "responsibleUnits.department", $"'{u.Department}' is listed twice");
                result.Add(new Responsibility(u.Department, role));
            }
            return result;
        }

        private PlanTarget ReadTarget(TargetDto t, HashSet<string> indicators)
        {
            var item = $"target {t.Id ?? "?"}";
            var id = ItemId(item, t.Id);
            if (t.Indicator is null || !indicators.Contains(t.Indicator))
                throw Error(item, "indicator", $"'{t.Indicator}' is not defined in this file's indicators");
            var value = t.Value ?? throw Error(item, "value", "is required");
            if (!Comparators.TryParse(t.Comparator, out var comparator))
                throw Error(item, "comparator", $"'{t.Comparator}' is not one of {string.Join(", ", Comparators.Tokens)}");
            if (!PlanTokens.TryParse<TargetKind>(t.Kind, out var kind))
                throw Error(item, "kind", $"'{t.Kind}' is not one of {string.Join(", ", PlanTokens.Tokens<TargetKind>())}");
            var (year, basis) = YearAndBasis(item, t.Year, t.YearBasis, t.YearImplied);
            if (kind == TargetKind.Share && t.Unit == "%" && value > 100)
                throw Error(item, "value", $"a share of {value}% is more than the whole");
            if (t.Baseline is { Year: { } by } && (by < 1949 || by > year))
                throw Error(item, "baseline.year", $"{by} is not a year before the target year {year}");
            if (t.Period is { } period && (period.From is null || period.To is null || period.To < period.From))
                throw Error(item, "period", "needs from and to, with to not before from");
            Projects.FeedRule? feed = null;
            if (t.Feed is { } f)
            {
                feed = new Projects.FeedRule(f.Measure ?? "", f.Types ?? [], f.Statuses ?? [], f.Window ?? "by");
                if (feed.Problems() is { Count: > 0 } problems)
                    throw Error(item, "feed", string.Join("; ", problems));
                if (feed.Types.Any(string.IsNullOrWhiteSpace))
                    throw Error(item, "feed.types", "a project type is empty");
            }
            return new PlanTarget(id, t.Indicator, Cite(item, t.Section, t.Area, t.Task, t.Clause), value, Text(item, "unit", t.Unit),
                comparator, year, basis, kind, t.Aspirational ?? false, ReadScope(item, t.Scope),
                t.Baseline?.Year, t.Baseline?.Value, t.Period?.From, t.Period?.To, t.Note) { Feed = feed };
        }

        private PlanMilestone ReadMilestone(MilestoneDto m)
        {
            var item = $"milestone {m.Id ?? "?"}";
            var id = ItemId(item, m.Id);
            var (year, basis) = YearAndBasis(item, m.Year, m.YearBasis, m.YearImplied);
            return new PlanMilestone(id, Text(item, "title", m.Title), Cite(item, m.Section, m.Area, m.Task, m.Clause), year, basis,
                m.DeadlineText, m.Aspirational ?? false, ReadScope(item, m.Scope), m.Note);
        }

        private PlanFact ReadFact(FactDto f)
        {
            var item = $"fact {f.Id ?? "?"}";
            var id = ItemId(item, f.Id);
            if (f.Value is not null && string.IsNullOrWhiteSpace(f.Unit))
                throw Error(item, "unit", "is required when the fact has a value");
            return new PlanFact(id, Cite(item, f.Section, f.Area, f.Task, f.Clause), Text(item, "subject", f.Subject), f.Value, f.Unit, f.Note);
        }

        private (int Year, YearBasis Basis) YearAndBasis(string item, int? year, string? basis, bool? implied)
        {
            var y = Year(item, "year", year);
            if (!PlanTokens.TryParse<YearBasis>(basis, out var b))
                throw Error(item, "yearBasis", $"'{basis}' is not one of {string.Join(", ", PlanTokens.Tokens<YearBasis>())}");
            if (implied is { } i && i != (b == YearBasis.Frame))
                throw Error(item, "yearImplied", $"must be {(b == YearBasis.Frame ? "true" : "false")} when yearBasis is '{basis}'");
            return (y, b);
        }

        private Citation Cite(string item, string? section, int? area, int? task, string? clause)
        {
            if (task is { } t)
            {
                if (!_taskArea.TryGetValue(t, out var taskArea))
                    throw Error(item, "task", $"there is no task {t} in this plan");
                if (area is { } a && a != taskArea)
                    throw Error(item, "area", $"task {t} belongs to area {taskArea}, not {a}");
                area = taskArea;
            }
            else if (area is { } a && !_areaNumbers.Contains(a))
            {
                throw Error(item, "area", $"there is no area {a} in this plan");
            }
            return new Citation(Text(item, "section", section), area, task, Text(item, "clause", clause));
        }

        private Scope ReadScope(string item, ScopeDto? s)
        {
            if (s is null)
                throw Error(item, "scope", "is required");
            if (!PlanTokens.TryParse<ScopeLevel>(s.Level, out var level))
                throw Error(item, "scope.level", $"'{s.Level}' is not one of {string.Join(", ", PlanTokens.Tokens<ScopeLevel>())}");
            return new Scope(level, Regions(item, "scope.regions", s.Regions), Zones(item, "scope.zones", s.Zones), s.Text);
        }

        private List<string> Regions(string item, string field, List<string>? codes)
        {
            foreach (var code in (codes ?? []).Where(c => !_regions.Contains(c)))
                throw Error(item, field, $"unknown region code '{code}' (see data/reference/regions.json)");
            return codes ?? [];
        }

        private List<string> Zones(string item, string field, List<string>? ids)
        {
            foreach (var id in (ids ?? []).Where(z => !_zones.Contains(z)))
                throw Error(item, field, $"unknown zone '{id}' (see data/reference/regions.json)");
            return ids ?? [];
        }

        private string ItemId(string item, string? id)
        {
            var value = Id(item, "id", id);
            if (!value.StartsWith(_code + "-", StringComparison.Ordinal))
                throw Error(item, "id", $"must start with the plan code '{_code}-'");
            return value;
        }

        private string Id(string item, string field, string? value)
        {
            var text = Text(item, field, value);
            if (!KebabId().IsMatch(text))
                throw Error(item, field, $"'{text}' is not a lower-case kebab-case id");
            return text;
        }

        private string Text(string item, string field, string? value) =>
            string.IsNullOrWhiteSpace(value) ? throw Error(item, field, "is required") : value;

        private int Positive(string item, string field, int? value) =>
            value is > 0 ? value.Value : throw Error(item, field, "must be a whole number from 1");

        private int Year(string item, string field, int? value) =>
            value is >= 1949 and <= 2100 ? value.Value : throw Error(item, field, value is null ? "is required" : $"{value} is not a plausible year");

        private PlanFileException Error(string item, string field, string reason) => new(file, item, field, reason);
    }
}
