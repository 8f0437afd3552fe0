using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Projects;

/// <summary>
/// Who sees and changes which projects. Those who read everything (plan office, reviewers, evaluators, leaders) see all;
/// a department's reporter sees, edits and reports the projects its department supervises; a district's reporter those
/// in its district. Only the plan office and reporters change projects; a financial institution sees none of this.
/// </summary>
public static class ProjectScope
{
    public static IQueryable<Project> Visible(IQueryable<Project> projects, Actor actor)
    {
        if (actor.ReadsAll)
            return projects;
        if (actor.Is(Roles.Department) && actor.DepartmentId is { } department)
            return projects.Where(p => p.DepartmentId == department);
        if (actor.Is(Roles.District) && actor.DistrictCode is { } district)
            return projects.Where(p => p.RegionCode == district);
        return projects.Where(_ => false);
    }

    /// <summary>
    /// What <see cref="Visible"/> depends on, as a cache key (<see cref="ProjectCache"/>): two actors with the same key see
    /// the same projects.
    /// </summary>
    public static string Key(Actor actor)
    {
        if (actor.ReadsAll)
            return "all";
        if (actor.Is(Roles.Department) && actor.DepartmentId is { } department)
            return "department:" + department;
        if (actor.Is(Roles.District) && actor.DistrictCode is { } district)
            return "district:" + district;
        return "none";
    }

    /// <summary>Whether the actor may change a project supervised by <paramref name="departmentId"/> in <paramref name="regionCode"/>.</summary>
    public static bool MayEdit(Actor actor, string? departmentId, string regionCode) =>
        actor.Is(Roles.Admin)
        || (actor.Is(Roles.Department) && actor.DepartmentId is { } d && d == departmentId)
        || (actor.Is(Roles.District) && actor.DistrictCode is { } c && c == regionCode);

    /// <summary>Whether the actor sees the project of a monthly progress report (and so its evidence files).</summary>
    public static async Task<bool> MayReadProgressAsync(AppDbContext db, Actor actor, int progressId, CancellationToken ct)
    {
        var project = db.ProjectProgress.Where(x => x.Id == progressId).Select(x => x.ProjectId);
        return await Visible(db.Projects, actor).AnyAsync(p => project.Contains(p.Id), ct);
    }

    public static async Task<bool> MayEditAsync(AppDbContext db, Actor actor, int projectId, CancellationToken ct) =>
        await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.DepartmentId, p.RegionCode }).SingleOrDefaultAsync(ct) is { } p
        && MayEdit(actor, p.DepartmentId, p.RegionCode);
}
