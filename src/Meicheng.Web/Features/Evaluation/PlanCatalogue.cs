using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using CorePlans = Meicheng.Core.Plans;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>An imported plan twice over: its rows (for names, clauses and display) and its Core document (for the evaluation).</summary>
public sealed record CataloguePlan(
    Plans.Plan Row, CorePlans.PlanDocument Document, IReadOnlyDictionary<string, Plans.Target> Targets, IReadOnlyDictionary<string, Plans.Milestone> Milestones);

/// <summary>The city or one of its districts, in display order.</summary>
public sealed record CatalogueRegion(string Code, string Name);

/// <summary>
/// The plans as imported, with the responsibilities the plan office assigned, as Core documents; the regions evaluated and
/// the departments' names. Built once per data stamp (<see cref="LiveEvaluation"/> keeps it), so the string tokens the
/// tables store are parsed once, not on every request.
/// </summary>
public sealed class PlanCatalogue
{
    private readonly Dictionary<string, CataloguePlan> _byId;
    private readonly Dictionary<string, string> _targetPlans;

    private PlanCatalogue(string city, IReadOnlyList<CataloguePlan> plans, IReadOnlyList<CatalogueRegion> regions, IReadOnlyDictionary<string, string> departmentNames)
    {
        City = city;
        Plans = plans;
        Regions = regions;
        DepartmentNames = departmentNames;
        RegionNames = regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        _byId = plans.ToDictionary(p => p.Row.Id, StringComparer.Ordinal);
        _targetPlans = plans.SelectMany(p => p.Targets.Keys.Select(t => (Target: t, Plan: p.Row.Id))).ToDictionary(x => x.Target, x => x.Plan, StringComparer.Ordinal);
    }

    /// <summary>The GB/T 2260 code of the city evaluated (the instance's city).</summary>
    public string City { get; }

    /// <summary>Every plan, by period start then id.</summary>
    public IReadOnlyList<CataloguePlan> Plans { get; }

    /// <summary>The city, then its districts in their sort order.</summary>
    public IReadOnlyList<CatalogueRegion> Regions { get; }

    public IReadOnlyDictionary<string, string> RegionNames { get; }

    public IReadOnlyDictionary<string, string> DepartmentNames { get; }

    public bool HasPlan(string planId) => _byId.ContainsKey(planId);

    public bool HasRegion(string code) => RegionNames.ContainsKey(code);

    /// <summary>The plan a current (not retired) target belongs to.</summary>
    public string? PlanOfTarget(string targetId) => _targetPlans.GetValueOrDefault(targetId);

    /// <summary>One plan, or all when <paramref name="planId"/> is null.</summary>
    public IReadOnlyList<CataloguePlan> Select(string? planId) =>
        planId is null ? Plans : _byId.TryGetValue(planId, out var plan) ? [plan] : [];

    public static async Task<PlanCatalogue> LoadAsync(AppDbContext db, string city, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.PeriodStart).ThenBy(p => p.Id).ToListAsync(ct);
        var areas = await db.PlanAreas.AsNoTracking().Where(a => !a.Retired).OrderBy(a => a.Number).ToListAsync(ct);
        var tasks = await db.PlanTasks.AsNoTracking().Include(t => t.Responsibilities)
            .Where(t => !t.Retired && !t.IsMeasure).OrderBy(t => t.Number).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator).Where(t => !t.Retired).OrderBy(t => t.SortOrder).ToListAsync(ct);
        var milestones = await db.Milestones.AsNoTracking().Where(m => !m.Retired).OrderBy(m => m.SortOrder).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code == city || r.ParentCode == city)
            .OrderBy(r => r.Code == city ? 0 : 1).ThenBy(r => r.SortOrder).Select(r => new CatalogueRegion(r.Code, r.Name)).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        return new PlanCatalogue(city, plans.Select(p => Document(p, areas, tasks, targets, milestones)).ToList(), regions, departments);
    }

    private static CataloguePlan Document(Plans.Plan p, List<Plans.PlanArea> areas, List<Plans.PlanTask> tasks, List<Plans.Target> targets, List<Plans.Milestone> milestones)
    {
        var coreAreas = areas.Where(a => a.PlanId == p.Id).Select(a => new CorePlans.PlanArea(a.Number, a.Label, a.Title, a.TitleEn, a.Text,
            tasks.Where(t => t.PlanId == p.Id && t.AreaId == a.Id).Select(t => new CorePlans.PlanTask(t.Number, a.Number, t.Title, t.TitleEn, t.Text,
                t.Responsibilities.OrderBy(r => r.Role == CorePlans.ResponsibilityRole.Lead ? 0 : 1).ThenBy(r => r.DepartmentId)
                    .Select(r => new CorePlans.Responsibility(r.DepartmentId, r.Role)).ToList(),
                t.ResponsibilityText, t.Regions, t.Zones)).ToList())).ToList();
        var planTargets = targets.Where(t => t.PlanId == p.Id).ToList();
        var planMilestones = milestones.Where(m => m.PlanId == p.Id).ToList();
        var indicators = planTargets.Select(t => t.Indicator!).DistinctBy(i => i.Id)
            .Select(i => new CorePlans.IndicatorDefinition(i.Id, i.Name, i.NameEn, i.Unit, i.Direction, i.Category)).ToList();
        var document = new CorePlans.PlanDocument(
            p.Id, p.Code, p.Title, p.TitleEn, p.Issuer, p.DocumentNumber, p.Date, p.Status, p.PeriodStart, p.PeriodEnd, p.FrameYear, p.Source,
            indicators, coreAreas, [],
            planTargets.Select(t => new CorePlans.PlanTarget(
                t.Id, t.IndicatorId, new CorePlans.Citation(t.Section, t.AreaNumber, t.TaskNumber, t.Clause), t.Value, t.Unit, t.Comparator, t.Year,
                t.YearBasis, t.Kind, t.Aspirational, new CorePlans.Scope(t.ScopeLevel, t.ScopeRegions, t.ScopeZones, t.ScopeText),
                t.BaselineYear, t.BaselineValue, t.PeriodFrom, t.PeriodTo, t.Note)).ToList(),
            planMilestones.Select(m => new CorePlans.PlanMilestone(
                m.Id, m.Title, new CorePlans.Citation(m.Section, m.AreaNumber, m.TaskNumber, m.Clause), m.Year, m.YearBasis, m.DeadlineText,
                m.Aspirational, new CorePlans.Scope(m.ScopeLevel, m.ScopeRegions, m.ScopeZones, m.ScopeText), m.Note)).ToList(),
            [])
        { City = p.City };
        return new CataloguePlan(p, document, planTargets.ToDictionary(t => t.Id), planMilestones.ToDictionary(m => m.Id));
    }
}
