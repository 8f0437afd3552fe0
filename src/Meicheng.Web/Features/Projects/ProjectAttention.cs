using Meicheng.Core.Projects;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Dashboard;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Projects;

/// <summary>
/// Projects behind schedule (<see cref="ProjectFeeds.BehindSchedule"/>, with the office's threshold
/// <see cref="ProjectsOptions.BehindScheduleShare"/>) as the dashboard's attention list and the reporting reminders want
/// them: one query over the open projects and their latest approved completed investment.
/// </summary>
internal static class ProjectAttention
{
    public const string Kind = "project";
    public const string Status = "behind-schedule";
    public const string StatusText = "项目进度滞后";

    private sealed record Behind(int Id, string Name, string? DepartmentId, string RegionCode, string? OwnerUnit, DateOnly? Completion, string Reason);

    private static async Task<List<Behind>> BehindAsync(AppDbContext db, DateOnly today, CancellationToken ct)
    {
        var share = db.GetService<IDbContextOptions>().FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<IOptions<ProjectsOptions>>()?.Value.BehindScheduleShare ?? ProjectFeeds.DefaultBehindShare;
        string[] closed = [ProjectStatus.Completed, ProjectStatus.InOperation, ProjectStatus.Cancelled, ProjectStatus.Suspended];
        var open = await db.Projects.AsNoTracking().Where(p => !closed.Contains(p.Status) && p.Completion != null).ToListAsync(ct);
        if (open.Count == 0)
            return [];
        var ids = open.Select(p => p.Id).ToList();
        var invested = (await db.ProjectProgress.AsNoTracking().Where(x => x.Status == ReportStatus.Approved && x.IsCurrent && ids.Contains(x.ProjectId))
                .Select(x => new { x.ProjectId, x.PeriodId, x.InvestedToDate }).ToListAsync(ct))
            .GroupBy(x => x.ProjectId).ToDictionary(g => g.Key, g => g.MaxBy(x => x.PeriodId)!.InvestedToDate);
        return open.Select(p => (p, Reason: ProjectFeeds.BehindSchedule(ProjectOperations.Facts(p, invested.GetValueOrDefault(p.Id)), today, share)))
            .Where(x => x.Reason is not null)
            .Select(x => new Behind(x.p.Id, x.p.Name, x.p.DepartmentId, x.p.RegionCode, x.p.OwnerUnit, x.p.Completion, x.Reason!))
            .OrderBy(b => b.Completion).ThenBy(b => b.Id).ToList();
    }

    /// <summary>The dashboard's attention items for projects behind schedule on <paramref name="today"/> (the evaluation date).</summary>
    public static async Task<List<AttentionItemDto>> DashboardItemsAsync(AppDbContext db, DateOnly today, CancellationToken ct)
    {
        var behind = await BehindAsync(db, today, ct);
        if (behind.Count == 0)
            return [];
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        return behind.Select(b => new AttentionItemDto(
            Kind, b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "", $"项目：{b.Name}", Status, StatusText, b.RegionCode,
            regions.GetValueOrDefault(b.RegionCode, b.RegionCode),
            new[] { b.DepartmentId is { } d ? departments.GetValueOrDefault(d, d) : null, b.OwnerUnit }.OfType<string>().Distinct().ToList(),
            b.Completion!.Value, b.Reason, $"/projects/{b.Id}")).ToList();
    }

    /// <summary>
    /// Reminder items for projects behind schedule: to the supervising department, or to the district when no department
    /// supervises the project.
    /// </summary>
    public static async Task<List<MissingReportDto>> ReminderItemsAsync(AppDbContext db, string periodKey, DateOnly today, CancellationToken ct) =>
        (await BehindAsync(db, today, ct)).Select(b => new MissingReportDto(
            Kind, b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"项目进度滞后：{b.Name}（{b.Reason}）", 0, periodKey, b.Completion!.Value, true,
            b.DepartmentId, b.DepartmentId is null ? b.RegionCode : null, b.RegionCode, Status)).ToList();
}
