using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// Who may report on what. A department reporter: the targets and milestones of the tasks its department is responsible
/// for (Responsibility rows, from the plan or assigned by the plan office). A district reporter: any target or milestone,
/// for its own district code only. An admin: anything.
/// </summary>
internal static class Scopes
{
    public static IQueryable<string> DepartmentTaskIds(AppDbContext db, string departmentId) =>
        db.Responsibilities.Where(r => r.DepartmentId == departmentId).Select(r => r.TaskId);

    public static async Task<bool> MayReportTaskAsync(AppDbContext db, Actor actor, string? taskId, string regionCode, CancellationToken ct)
    {
        if (actor.Is(Roles.Admin))
            return true;
        if (actor.Is(Roles.District) && actor.DistrictCode == regionCode)
            return true;
        return actor.Is(Roles.Department) && MayReportRegion(actor, regionCode, await IsCityAsync(db, regionCode, ct)) && actor.DepartmentId is { } department && taskId is not null
            && await db.Responsibilities.AnyAsync(r => r.TaskId == taskId && r.DepartmentId == department, ct);
    }

    /// <summary>
    /// The regions a reporter reports for: an admin any; a district reporter its own district; a department reporter (a
    /// city bureau) the city as a whole. Districts report their own figures, so a department cannot overwrite them.
    /// </summary>
    public static bool MayReportRegion(Actor actor, string regionCode, bool regionIsCity) =>
        actor.Is(Roles.Admin)
        || (actor.Is(Roles.District) && actor.DistrictCode == regionCode)
        || (actor.Is(Roles.Department) && regionIsCity);

    /// <summary>Whether a region is a city's root (kind city in its reference data), the one region a city bureau reports for.</summary>
    public static Task<bool> IsCityAsync(AppDbContext db, string regionCode, CancellationToken ct) =>
        db.Regions.AnyAsync(r => r.Code == regionCode && r.Kind == "city", ct);

    public static string RegionRefusal(Actor actor, string regionCode) => actor.Is(Roles.District)
        ? $"只能填报本区（市）{actor.DistrictCode}，不能填报 {regionCode}"
        : "责任单位只能填报全市的数值，区（市）的数值由各区（市）填报";

    public static Task<bool> MayReportAsync(AppDbContext db, Actor actor, Report row, CancellationToken ct) => row switch
    {
        Observation o => MayReportAsync(db, actor, o, ct),
        MilestoneProgress p => MayReportAsync(db, actor, p, ct),
        Projects.ProjectProgress p => Projects.ProjectScope.MayEditAsync(db, actor, p.ProjectId, ct),
        _ => Task.FromResult(false),
    };

    public static async Task<bool> MayReportAsync(AppDbContext db, Actor actor, Observation o, CancellationToken ct) =>
        await MayReportTaskAsync(db, actor, await db.Targets.Where(t => t.Id == o.TargetId).Select(t => t.TaskId).SingleOrDefaultAsync(ct), o.RegionCode, ct);

    public static async Task<bool> MayReportAsync(AppDbContext db, Actor actor, MilestoneProgress p, CancellationToken ct) =>
        await MayReportTaskAsync(db, actor, await ProgressTaskIdAsync(db, p.MilestoneId, p.TaskId, ct), p.RegionCode, ct);

    public static async Task<string?> ProgressTaskIdAsync(AppDbContext db, string? milestoneId, string? taskId, CancellationToken ct) =>
        milestoneId is null ? taskId : await db.Milestones.Where(m => m.Id == milestoneId).Select(m => m.TaskId).SingleOrDefaultAsync(ct);

    /// <summary>The targets a reporter may fill in (for the workbook and the entry page).</summary>
    public static async Task<List<Plans.Target>> ReportableTargetsAsync(AppDbContext db, Actor actor, CancellationToken ct)
    {
        var q = db.Targets.AsNoTracking().Include(t => t.Indicator).Where(t => !t.Retired);
        if (!actor.Is(Roles.Admin) && !actor.Is(Roles.District))
        {
            if (actor.DepartmentId is not { } department || !actor.Is(Roles.Department))
                return [];
            var tasks = DepartmentTaskIds(db, department);
            q = q.Where(t => t.TaskId != null && tasks.Contains(t.TaskId));
        }
        return (await q.ToListAsync(ct)).OrderBy(t => t.PlanId).ThenBy(t => t.SortOrder).ToList();
    }

    /// <summary>The region a reporter reports for when it does not say: its district, or the city.</summary>
    public static string DefaultRegion(Actor actor, City city) => actor.Is(Roles.District) && actor.DistrictCode is { } d ? d : city.Code;
}
