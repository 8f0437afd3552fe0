using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Reporting;

/// <summary>Reads of reports, shaped into DTOs and filtered to what the reader may see.</summary>
internal static class ReportingQueries
{
    internal static PeriodDto ToDto(this ReportingPeriod p) => new(p.Id, p.IndicatorId, p.Frequency, p.Key, p.Start, p.End, p.Due);

    /// <summary>
    /// The period a reporter means when they name none: the latest one running today, else the latest already begun, else
    /// the earliest there is; null when no period is open at all.
    /// </summary>
    public static async Task<string?> CurrentPeriodKeyAsync(AppDbContext db, DateOnly today, CancellationToken ct)
    {
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => p.IndicatorId != null).Select(p => new { p.Key, p.Start, p.End }).ToListAsync(ct);
        return periods.Where(p => p.Start <= today && today <= p.End).OrderByDescending(p => p.Start).Select(p => p.Key).FirstOrDefault()
            ?? periods.Where(p => p.Start <= today).OrderByDescending(p => p.Start).Select(p => p.Key).FirstOrDefault()
            ?? periods.OrderBy(p => p.Start).Select(p => p.Key).FirstOrDefault();
    }

    public static async Task<List<ObservationDto>> ObservationsAsync(AppDbContext db, IQueryable<Observation> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct);
        var targetIds = rows.Select(r => r.TargetId).Distinct().ToList();
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator).Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var periodIds = rows.Select(r => r.PeriodId).Distinct().ToList();
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => periodIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var evidence = (await EvidenceStore.For(db, progress: false, ids).AsNoTracking().ToListAsync(ct)).ToLookup(e => e.ObservationId);
        return rows.Select(o =>
        {
            var target = targets[o.TargetId];
            var display = Units.Convert(o.Value, target.Indicator!.Unit, target.Unit) ?? o.Value;
            return new ObservationDto(o.Id, o.TargetId, o.IndicatorId, target.Indicator.Name, o.PeriodId, periods[o.PeriodId].Key, o.RegionCode,
                o.Value, target.Indicator.Unit, display, target.Unit, o.EnteredValue, o.EnteredUnit, o.DataSource, o.Basis,
                o.Status, ReportStatus.Chinese(o.Status), o.Revision, o.SupersedesId, o.IsCurrent, o.Locked, o.ReviewComment, o.Source, o.Provenance,
                o.IsDemo, o.CreatedBy, o.CreatedAt, o.SubmittedAt, o.ReviewedBy, o.ReviewedAt, o.Version,
                evidence[o.Id].OrderBy(e => e.Id).Select(EvidenceStore.ToDto).ToList());
        }).ToList();
    }

    public static async Task<List<ProgressDto>> ProgressAsync(AppDbContext db, IQueryable<MilestoneProgress> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct);
        var milestoneIds = rows.Where(r => r.MilestoneId != null).Select(r => r.MilestoneId!).Distinct().ToList();
        var milestones = await db.Milestones.AsNoTracking().Where(m => milestoneIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Title, ct);
        var taskIds = rows.Where(r => r.TaskId != null).Select(r => r.TaskId!).Distinct().ToList();
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
        var periodIds = rows.Select(r => r.PeriodId).Distinct().ToList();
        var periods = await db.ReportingPeriods.AsNoTracking().Where(p => periodIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var evidence = (await EvidenceStore.For(db, progress: true, rows.Select(r => r.Id).ToList()).AsNoTracking().ToListAsync(ct)).ToLookup(e => e.ProgressId);
        return rows.Select(p => new ProgressDto(p.Id, p.MilestoneId, p.TaskId,
            p.MilestoneId is { } m ? milestones[m] : tasks[p.TaskId!], p.PeriodId, periods[p.PeriodId].Key, p.RegionCode, p.State, ProgressState.Chinese(p.State),
            p.Narrative, p.Status, ReportStatus.Chinese(p.Status), p.Revision, p.SupersedesId, p.IsCurrent, p.Locked, p.ReviewComment, p.Source,
            p.Provenance, p.IsDemo, p.CreatedBy, p.CreatedAt, p.SubmittedAt, p.ReviewedBy, p.ReviewedAt, p.Version,
            evidence[p.Id].OrderBy(e => e.Id).Select(EvidenceStore.ToDto).ToList())).ToList();
    }

    /// <summary>Reporters see their own scope and whatever is approved; the others see everything.</summary>
    public static IQueryable<Observation> Visible(AppDbContext db, Actor actor, IQueryable<Observation> q)
    {
        if (actor.ReadsAll)
            return q;
        var department = actor.Is(Roles.Department) ? actor.DepartmentId : null;
        var district = actor.Is(Roles.District) ? actor.DistrictCode : null;
        var tasks = Scopes.DepartmentTaskIds(db, department ?? "");
        var targets = db.Targets.Where(t => t.TaskId != null && tasks.Contains(t.TaskId)).Select(t => t.Id);
        return q.Where(o => o.Status == ReportStatus.Approved || o.RegionCode == district || targets.Contains(o.TargetId));
    }

    public static IQueryable<MilestoneProgress> Visible(AppDbContext db, Actor actor, IQueryable<MilestoneProgress> q)
    {
        if (actor.ReadsAll)
            return q;
        var department = actor.Is(Roles.Department) ? actor.DepartmentId : null;
        var district = actor.Is(Roles.District) ? actor.DistrictCode : null;
        var tasks = Scopes.DepartmentTaskIds(db, department ?? "");
        var milestones = db.Milestones.Where(m => m.TaskId != null && tasks.Contains(m.TaskId)).Select(m => m.Id);
        return q.Where(p => p.Status == ReportStatus.Approved || p.RegionCode == district
            || (p.TaskId != null && tasks.Contains(p.TaskId)) || (p.MilestoneId != null && milestones.Contains(p.MilestoneId)));
    }

    /// <summary>The latest approved revision of each cell: what the public, and evaluation, read.</summary>
    public static async Task<List<ObservationDto>> ApprovedObservationsAsync(AppDbContext db, string? indicatorId, string? targetId, CancellationToken ct)
    {
        var q = db.Observations.Where(o => o.Status == ReportStatus.Approved);
        if (indicatorId is not null)
            q = q.Where(o => o.IndicatorId == indicatorId);
        if (targetId is not null)
            q = q.Where(o => o.TargetId == targetId);
        var all = await ObservationsAsync(db, q, ct);
        return all.GroupBy(o => (o.TargetId, o.PeriodId, o.RegionCode)).Select(g => g.MaxBy(o => o.Revision)!).ToList();
    }

    public static async Task<List<ProgressDto>> ApprovedProgressAsync(AppDbContext db, CancellationToken ct)
    {
        var all = await ProgressAsync(db, db.MilestoneProgress.Where(p => p.Status == ReportStatus.Approved), ct);
        return all.GroupBy(p => (p.MilestoneId, p.TaskId, p.PeriodId, p.RegionCode)).Select(g => g.MaxBy(p => p.Revision)!).ToList();
    }
}
