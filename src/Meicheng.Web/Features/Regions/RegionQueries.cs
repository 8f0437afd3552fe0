using Meicheng.Web.Data;
using Meicheng.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Regions;

public sealed record RegionDto(string Code, string Name, string NameEn, string Kind, string? ParentCode, IReadOnlyList<string> AlsoKnownAs, string? Note);

public sealed record ZoneDto(string Id, string Name, string NameEn, string Kind, IReadOnlyList<string> Regions);

public sealed record RegionTaskDto(string PlanId, int Number, string Title);

public sealed record RegionDetailDto(
    RegionDto Region, IReadOnlyList<RegionDto> Children, IReadOnlyList<ZoneDto> Zones, IReadOnlyList<RegionTaskDto> Tasks,
    IReadOnlyList<TargetDto> Targets, IReadOnlyList<MilestoneDto> Milestones);

/// <summary>What the API and the pages read: one query each.</summary>
internal static class RegionQueries
{
    internal static RegionDto ToDto(this Region r) => new(r.Code, r.Name, r.NameEn, r.Kind, r.ParentCode, r.AlsoKnownAs, r.Note);

    internal static ZoneDto ToDto(this Zone z) => new(z.Id, z.Name, z.NameEn, z.Kind, z.Regions);

    internal static async Task<List<RegionDto>> RegionsAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder).ToListAsync(ct)).Select(r => r.ToDto()).ToList();

    internal static async Task<List<ZoneDto>> ZonesAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Zones.AsNoTracking().OrderBy(z => z.SortOrder).ToListAsync(ct)).Select(z => z.ToDto()).ToList();

    internal static async Task<RegionDetailDto?> GetRegionAsync(AppDbContext db, string code, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Code == code, ct);
        if (region is null)
            return null;
        var children = await db.Regions.AsNoTracking().Where(r => r.ParentCode == code).OrderBy(r => r.SortOrder).ToListAsync(ct);
        // Primitive-collection membership is filtered in memory: the lists are short and the translation differs by provider.
        var zones = (await db.Zones.AsNoTracking().OrderBy(z => z.SortOrder).ToListAsync(ct)).Where(z => z.Regions.Contains(code)).ToList();
        var zoneIds = zones.Select(z => z.Id).ToHashSet();
        bool InScope(List<string> regions, List<string> scopeZones) => regions.Contains(code) || scopeZones.Any(zoneIds.Contains);
        var tasks = (await db.PlanTasks.AsNoTracking().Where(t => !t.Retired && !t.IsMeasure).OrderBy(t => t.PlanId).ThenBy(t => t.Number).ToListAsync(ct))
            .Where(t => InScope(t.Regions, t.Zones)).Select(t => new RegionTaskDto(t.PlanId, t.Number, t.Title)).ToList();
        var targets = (await PlanQueries.TargetsAsync(db, t => !t.Retired, ct)).Where(t => InScope([.. t.Scope.Regions], [.. t.Scope.Zones])).ToList();
        var milestones = (await db.Milestones.AsNoTracking().Where(m => !m.Retired).OrderBy(m => m.PlanId).ThenBy(m => m.SortOrder).ToListAsync(ct))
            .Where(m => InScope(m.ScopeRegions, m.ScopeZones)).Select(m => m.ToDto()).ToList();
        return new RegionDetailDto(region.ToDto(), children.Select(c => c.ToDto()).ToList(), zones.Select(z => z.ToDto()).ToList(), tasks, targets, milestones);
    }
}
