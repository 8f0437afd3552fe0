using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using PlanTokens = Meicheng.Core.Plans.PlanTokens;
using ResponsibilityRole = Meicheng.Core.Plans.ResponsibilityRole;

namespace Meicheng.Web.Features.Departments;

public sealed record DepartmentDto(
    string Id, string Name, string FullName, string NameEn, string Kind, IReadOnlyList<string> Aliases, string? RegionCode, string? Note,
    int LeadTasks, int Tasks);

public sealed record DepartmentTaskDto(string PlanId, string TaskId, bool IsMeasure, int Number, string Title, string Role, string Source);

public sealed record DepartmentDetailDto(DepartmentDto Department, IReadOnlyList<DepartmentTaskDto> Tasks);

/// <summary>What the API and the pages read: one query each.</summary>
internal static class DepartmentQueries
{
    internal static async Task<List<DepartmentDto>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        var roles = await db.Responsibilities.AsNoTracking()
            .Join(db.PlanTasks.Where(t => !t.Retired), r => r.TaskId, t => t.Id, (r, t) => new { r.DepartmentId, r.Role })
            .ToListAsync(ct);
        return departments.Select(d => new DepartmentDto(d.Id, d.Name, d.FullName, d.NameEn, d.Kind, d.Aliases, d.RegionCode, d.Note,
            roles.Count(r => r.DepartmentId == d.Id && r.Role == ResponsibilityRole.Lead), roles.Count(r => r.DepartmentId == d.Id))).ToList();
    }

    internal static async Task<DepartmentDetailDto?> GetAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var department = (await ListAsync(db, ct)).FirstOrDefault(d => d.Id == id);
        if (department is null)
            return null;
        var tasks = await db.Responsibilities.AsNoTracking().Where(r => r.DepartmentId == id)
            .Join(db.PlanTasks.Where(t => !t.Retired), r => r.TaskId, t => t.Id,
                (r, t) => new DepartmentTaskDto(t.PlanId, t.Id, t.IsMeasure, t.Number, t.Title, PlanTokens.ToToken(r.Role), r.Source))
            .ToListAsync(ct);
        return new DepartmentDetailDto(department, tasks.OrderBy(t => t.PlanId).ThenBy(t => t.IsMeasure).ThenBy(t => t.Number).ToList());
    }
}
