using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using PlanTokens = Meicheng.Core.Plans.PlanTokens;

namespace Meicheng.Web.Features.Plans;

// The plan read model, shared by the JSON API and the Razor pages so both show the same thing.
// Plans are small (hundreds of rows): each query loads what it shows and shapes it in memory.
internal static class PlanQueries
{
    public static async Task<IReadOnlyList<PlanSummaryDto>> ListPlansAsync(AppDbContext db, CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.PeriodStart).ToListAsync(ct);
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => !t.Retired && !t.IsMeasure)
            .Select(t => new { t.PlanId, Assigned = t.Responsibilities.Any() }).ToListAsync(ct);
        var areas = await db.PlanAreas.AsNoTracking().Where(a => !a.Retired).GroupBy(a => a.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Where(t => !t.Retired).GroupBy(t => t.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var milestones = await db.Milestones.AsNoTracking().Where(m => !m.Retired).GroupBy(m => m.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var facts = await db.PlanFacts.AsNoTracking().Where(f => !f.Retired).GroupBy(f => f.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var cities = plans.Select(p => p.City).Distinct().ToList();
        var cityNames = await db.Regions.AsNoTracking().Where(r => cities.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return plans.Select(p => new PlanSummaryDto(
            p.Id, p.Code, p.Title, p.TitleEn, p.Issuer, p.DocumentNumber, p.Date, PlanTokens.ToToken(p.Status), p.PeriodStart, p.PeriodEnd,
            areas.FirstOrDefault(a => a.Key == p.Id)?.Count ?? 0,
            tasks.Count(t => t.PlanId == p.Id),
            targets.FirstOrDefault(a => a.Key == p.Id)?.Count ?? 0,
            milestones.FirstOrDefault(a => a.Key == p.Id)?.Count ?? 0,
            facts.FirstOrDefault(a => a.Key == p.Id)?.Count ?? 0,
            tasks.Count(t => t.PlanId == p.Id && !t.Assigned), p.City, cityNames.GetValueOrDefault(p.City) ?? p.City)).ToList();
    }

    public static async Task<PlanDetailDto?> GetPlanAsync(AppDbContext db, string planId, CancellationToken ct)
    {
        var summary = (await ListPlansAsync(db, ct)).FirstOrDefault(p => p.Id == planId);
        if (summary is null)
            return null;
        var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == planId, ct);
        var names = await DepartmentNamesAsync(db, ct);
        var areas = await db.PlanAreas.AsNoTracking().Where(a => a.PlanId == planId && !a.Retired).OrderBy(a => a.Number).ToListAsync(ct);
        var tasks = await db.PlanTasks.AsNoTracking().Include(t => t.Responsibilities).Where(t => t.PlanId == planId && !t.Retired)
            .OrderBy(t => t.Number).ToListAsync(ct);
        var targetCounts = await db.Targets.AsNoTracking().Where(t => t.PlanId == planId && !t.Retired && t.TaskNumber != null)
            .GroupBy(t => t.TaskNumber).Select(g => new { Task = g.Key!.Value, Count = g.Count() }).ToDictionaryAsync(g => g.Task, g => g.Count, ct);
        var milestoneCounts = await db.Milestones.AsNoTracking().Where(m => m.PlanId == planId && !m.Retired && m.TaskNumber != null)
            .GroupBy(m => m.TaskNumber).Select(g => new { Task = g.Key!.Value, Count = g.Count() }).ToDictionaryAsync(g => g.Task, g => g.Count, ct);

        var areaDtos = areas.Select(a => new AreaDto(a.Id, a.Number, a.Label, a.Title, a.TitleEn, a.Text,
            tasks.Where(t => !t.IsMeasure && t.AreaId == a.Id).Select(t =>
            {
                var units = t.Units(names);
                return new TaskSummaryDto(t.Id, t.Number, t.Title, t.TitleEn, units, units.Count == 0,
                    targetCounts.GetValueOrDefault(t.Number), milestoneCounts.GetValueOrDefault(t.Number));
            }).ToList())).ToList();
        var measures = tasks.Where(t => t.IsMeasure).Select(t => new MeasureDto(t.Id, t.Number, t.Label, t.Title, t.Text, t.Units(names))).ToList();
        return new PlanDetailDto(summary, plan.Source, plan.FrameYear, areaDtos, measures);
    }

    public static async Task<TaskDetailDto?> GetTaskAsync(AppDbContext db, string planId, int number, CancellationToken ct)
    {
        var task = await db.PlanTasks.AsNoTracking().Include(t => t.Responsibilities)
            .SingleOrDefaultAsync(t => t.PlanId == planId && t.Number == number && !t.IsMeasure, ct);
        if (task is null)
            return null;
        var names = await DepartmentNamesAsync(db, ct);
        var area = task.AreaId is null ? null : await db.PlanAreas.AsNoTracking().SingleAsync(a => a.Id == task.AreaId, ct);
        var targets = await TargetsAsync(db, t => t.PlanId == planId && t.TaskNumber == number && !t.Retired, ct);
        var milestones = await db.Milestones.AsNoTracking().Where(m => m.PlanId == planId && m.TaskNumber == number && !m.Retired)
            .OrderBy(m => m.SortOrder).ToListAsync(ct);
        var facts = await db.PlanFacts.AsNoTracking().Where(f => f.PlanId == planId && f.TaskNumber == number && !f.Retired)
            .OrderBy(f => f.SortOrder).ToListAsync(ct);
        var units = task.Units(names);
        return new TaskDetailDto(task.Id, task.PlanId, task.Number, area?.Number, task.Title, task.TitleEn, task.Text, task.ResponsibilityText,
            units, units.Count == 0, task.Regions, task.Zones, targets,
            milestones.Select(m => m.ToDto()).ToList(), facts.Select(f => f.ToDto()).ToList());
    }

    public static Task<List<TargetDto>> TargetsAsync(AppDbContext db, System.Linq.Expressions.Expression<Func<Target, bool>> where, CancellationToken ct) =>
        db.Targets.AsNoTracking().Where(where).Include(t => t.Indicator).OrderBy(t => t.PlanId).ThenBy(t => t.SortOrder)
            .Select(t => t.ToDto(t.Indicator!)).ToListAsync(ct);

    public static async Task<IReadOnlyList<MilestoneDto>> MilestonesAsync(AppDbContext db, string planId, CancellationToken ct) =>
        (await db.Milestones.AsNoTracking().Where(m => m.PlanId == planId && !m.Retired).OrderBy(m => m.SortOrder).ToListAsync(ct))
            .Select(m => m.ToDto()).ToList();

    public static async Task<IReadOnlyList<FactDto>> FactsAsync(AppDbContext db, string planId, CancellationToken ct) =>
        (await db.PlanFacts.AsNoTracking().Where(f => f.PlanId == planId && !f.Retired).OrderBy(f => f.SortOrder).ToListAsync(ct))
            .Select(f => f.ToDto()).ToList();

    public static async Task<IndicatorDto?> GetIndicatorAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var indicator = await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (indicator is null)
            return null;
        var targets = await TargetsAsync(db, t => t.IndicatorId == id && !t.Retired, ct);
        return new IndicatorDto(indicator.Id, indicator.Name, indicator.NameEn, indicator.Unit, PlanTokens.ToToken(indicator.Direction), indicator.Category,
            targets.OrderBy(t => t.Year).ToList());
    }

    public static async Task<IReadOnlyDictionary<string, string>> DepartmentNamesAsync(AppDbContext db, CancellationToken ct) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
}
