using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Showcase;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Reporting;

public enum Outcome
{
    Created,
    Unchanged,
    Done,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

/// <summary>What a workflow step did; <see cref="Errors"/> explains Invalid, <see cref="Message"/> explains Conflict.</summary>
public sealed record StepResult<T>(Outcome Outcome, T? Row = null, Dictionary<string, string[]>? Errors = null, string? Message = null)
    where T : class;

/// <summary>
/// The reporting workflow: draft → submitted → approved (locked) or returned → (revised) → submitted … Every step is
/// checked against the version the caller saw, and audited in the same SaveChanges as the change.
/// </summary>
internal static class Workflow
{
    public const string LockedMessage = "该报告已审核通过并锁定；如需修改，须由管理员重新开放该期并说明理由。";
    public const string ConflictMessage = "该报告已被他人修改，请刷新后重试。";

    private static Dictionary<string, string[]> Error(string key, string message) => new() { [key] = [message] };

    /// <summary>Creates a report, or a revision superseding the current one; identical values create nothing.</summary>
    public static async Task<StepResult<Observation>> SaveObservationAsync(
        AppDbContext db, Actor actor, ObservationRequest request, DateTimeOffset now, CancellationToken ct, bool isDemo = false)
    {
        var errors = new Dictionary<string, string[]>();
        var target = await db.Targets.Include(t => t.Indicator).SingleOrDefaultAsync(t => t.Id == request.TargetId && !t.Retired, ct);
        if (target is null)
            return new(Outcome.Invalid, Errors: Error("targetId", $"目标 {request.TargetId} 不存在"));
        var period = await db.ReportingPeriods.FindAsync([request.PeriodId], ct);
        if (period is null || period.IndicatorId != target.IndicatorId)
            errors["periodId"] = ["该指标没有这一填报期"];
        var region = string.IsNullOrWhiteSpace(request.RegionCode) ? Scopes.DefaultRegion(actor) : request.RegionCode.Trim();
        if (!await db.Regions.AnyAsync(r => r.Code == region, ct))
            errors["regionCode"] = [$"行政区划代码 {region} 无效"];
        var value = Units.Convert(request.Value, request.Unit, target.Indicator!.Unit);
        if (value is null)
            errors["unit"] = [$"单位 {request.Unit} 不能换算为指标单位 {target.Indicator.Unit}"];
        var source = request.Source ?? "reported";
        if (source is not ("reported" or "computed" or "survey"))
            errors["source"] = ["来源须为 reported、computed 或 survey"];
        else if (source != "reported" && !actor.Is(Roles.Admin))
            errors["source"] = ["只有管理员（或其令牌）可写入计算或调查数据"];
        if (errors.Count > 0)
            return new(Outcome.Invalid, Errors: errors);
        if (!await Scopes.MayReportTaskAsync(db, actor, target.TaskId, region, ct))
            return new(Outcome.Forbidden);

        var current = await db.Observations.SingleOrDefaultAsync(o => o.TargetId == target.Id && o.PeriodId == period!.Id && o.RegionCode == region && o.IsCurrent, ct);
        if (current is not null)
        {
            var same = current.Value == value && current.EnteredValue == request.Value && current.EnteredUnit == request.Unit.Trim()
                && current.DataSource == Clean(request.DataSource) && current.Basis == Clean(request.Basis) && current.Source == source;
            if (same && (current.Status is ReportStatus.Submitted or ReportStatus.Approved || (current.Status == ReportStatus.Draft && !request.Submit)))
                return new(Outcome.Unchanged, current);
            if (current.Locked)
                return new(Outcome.Conflict, current, Message: LockedMessage);
            if (request.Version is { } seen && seen != current.Version)
                return new(Outcome.Conflict, current, Message: ConflictMessage);
            if (same && request.Submit)
                return await StepAsync(db, actor, current, "submit", new TransitionRequest(current.Version, null), now, ct);
        }
        var row = new Observation
        {
            TargetId = target.Id, IndicatorId = target.IndicatorId, PeriodId = period!.Id, RegionCode = region, Value = value!.Value,
            EnteredValue = request.Value, EnteredUnit = request.Unit.Trim(), DataSource = Clean(request.DataSource), Basis = Clean(request.Basis),
            Status = request.Submit ? ReportStatus.Submitted : ReportStatus.Draft, Source = source, Provenance = Clean(request.Provenance), IsDemo = isDemo,
            CreatedBy = actor.Email, CreatedAt = now,
            SubmittedBy = request.Submit ? actor.Email : null, SubmittedAt = request.Submit ? now : null,
            Revision = (current?.Revision ?? 0) + 1, SupersedesId = current?.Id,
        };
        if (current is not null)
        {
            current.IsCurrent = false;
            current.Version = Guid.NewGuid();
        }
        db.Observations.Add(row);
        try
        {
            // The new row needs its id before the audit entry can name it: two saves, one transaction.
            // A workbook import wraps all its rows in one transaction; then this joins it.
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            await db.SaveChangesAsync(ct);
            if (current is not null)
                await CarryEvidenceAsync(db, current.Id, row.Id, isProgress: false, ct);
            Audit.Record(db, actor, now, current is null ? "observation.create" : "observation.revise", "observation", Id(row.Id),
                current is null ? null : Snapshot(current), Snapshot(row));
            await db.SaveChangesAsync(ct);
            if (transaction is not null)
                await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new(Outcome.Conflict, Message: ConflictMessage);
        }
        return new(Outcome.Created, row);
    }

    public static async Task<StepResult<MilestoneProgress>> SaveProgressAsync(
        AppDbContext db, Actor actor, ProgressRequest request, DateTimeOffset now, CancellationToken ct, bool isDemo = false)
    {
        var errors = new Dictionary<string, string[]>();
        if ((request.MilestoneId is null) == (request.TaskId is null))
            return new(Outcome.Invalid, Errors: Error("milestoneId", "须指定里程碑或任务之一"));
        if (request.MilestoneId is not null && !await db.Milestones.AnyAsync(m => m.Id == request.MilestoneId && !m.Retired, ct))
            errors["milestoneId"] = ["里程碑不存在"];
        if (request.TaskId is not null && !await db.PlanTasks.AnyAsync(t => t.Id == request.TaskId && !t.Retired, ct))
            errors["taskId"] = ["任务不存在"];
        var period = await db.ReportingPeriods.FindAsync([request.PeriodId], ct);
        if (period is null || period.IndicatorId is not null)
            errors["periodId"] = ["没有这一进展填报期"];
        if (!ProgressState.All.Contains(request.State))
            errors["state"] = ["状态须为 not-started（未开始）、in-progress（推进中）、done（已完成）或 delayed（滞后）"];
        var region = string.IsNullOrWhiteSpace(request.RegionCode) ? Scopes.DefaultRegion(actor) : request.RegionCode.Trim();
        if (!await db.Regions.AnyAsync(r => r.Code == region, ct))
            errors["regionCode"] = [$"行政区划代码 {region} 无效"];
        var source = request.Source ?? "reported";
        if (source is not ("reported" or "computed" or "survey") || (source != "reported" && !actor.Is(Roles.Admin)))
            errors["source"] = ["来源无效"];
        if (errors.Count > 0)
            return new(Outcome.Invalid, Errors: errors);
        if (!await Scopes.MayReportTaskAsync(db, actor, await Scopes.ProgressTaskIdAsync(db, request.MilestoneId, request.TaskId, ct), region, ct))
            return new(Outcome.Forbidden);

        var current = await db.MilestoneProgress.SingleOrDefaultAsync(p => p.MilestoneId == request.MilestoneId && p.TaskId == request.TaskId
            && p.PeriodId == period!.Id && p.RegionCode == region && p.IsCurrent, ct);
        if (current is not null)
        {
            var same = current.State == request.State && current.Narrative == request.Narrative.Trim() && current.Source == source;
            if (same && (current.Status is ReportStatus.Submitted or ReportStatus.Approved || (current.Status == ReportStatus.Draft && !request.Submit)))
                return new(Outcome.Unchanged, current);
            if (current.Locked)
                return new(Outcome.Conflict, current, Message: LockedMessage);
            if (request.Version is { } seen && seen != current.Version)
                return new(Outcome.Conflict, current, Message: ConflictMessage);
            if (same && request.Submit)
                return await StepAsync(db, actor, current, "submit", new TransitionRequest(current.Version, null), now, ct);
        }
        var row = new MilestoneProgress
        {
            MilestoneId = request.MilestoneId, TaskId = request.TaskId, PeriodId = period!.Id, RegionCode = region, State = request.State,
            Narrative = request.Narrative.Trim(), Status = request.Submit ? ReportStatus.Submitted : ReportStatus.Draft, Source = source,
            Provenance = Clean(request.Provenance), IsDemo = isDemo, CreatedBy = actor.Email, CreatedAt = now,
            SubmittedBy = request.Submit ? actor.Email : null, SubmittedAt = request.Submit ? now : null,
            Revision = (current?.Revision ?? 0) + 1, SupersedesId = current?.Id,
        };
        if (current is not null)
        {
            current.IsCurrent = false;
            current.Version = Guid.NewGuid();
        }
        db.MilestoneProgress.Add(row);
        try
        {
            // The new row needs its id before the audit entry can name it: two saves, one transaction.
            // A workbook import wraps all its rows in one transaction; then this joins it.
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            await db.SaveChangesAsync(ct);
            if (current is not null)
                await CarryEvidenceAsync(db, current.Id, row.Id, isProgress: true, ct);
            Audit.Record(db, actor, now, current is null ? "progress.create" : "progress.revise", "progress", Id(row.Id),
                current is null ? null : Snapshot(current), Snapshot(row));
            await db.SaveChangesAsync(ct);
            if (transaction is not null)
                await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new(Outcome.Conflict, Message: ConflictMessage);
        }
        return new(Outcome.Created, row);
    }

    // A revision keeps the evidence of the one it supersedes (the stored file is shared, never copied or deleted).
    private static async Task CarryEvidenceAsync(AppDbContext db, int fromId, int toId, bool isProgress, CancellationToken ct)
    {
        var evidence = await db.Evidence.AsNoTracking().Where(e => isProgress ? e.ProgressId == fromId : e.ObservationId == fromId).ToListAsync(ct);
        foreach (var e in evidence)
        {
            db.Evidence.Add(new Evidence
            {
                ObservationId = isProgress ? null : toId, ProgressId = isProgress ? toId : null, FileName = e.FileName, StoredName = e.StoredName,
                ContentType = e.ContentType, Size = e.Size, Sha256 = e.Sha256, UploadedBy = e.UploadedBy, UploadedAt = e.UploadedAt,
            });
        }
    }

    /// <summary>
    /// submit (reporter), approve or return (reviewer): one step, checked against the version the caller saw. An approval puts
    /// a value on the public showcase, so it drops the showcase's cached pages.
    /// </summary>
    public static async Task<StepResult<T>> TransitAsync<T>(
        AppDbContext db, Actor actor, T row, string action, TransitionRequest request, IOutputCacheStore showcase, DateTimeOffset now, CancellationToken ct)
        where T : Report
    {
        var result = await StepAsync(db, actor, row, action, request, now, ct);
        if (action == "approve" && result.Outcome == Outcome.Done)
            await showcase.EvictShowcaseAsync(ct);
        return result;
    }

    private static async Task<StepResult<T>> StepAsync<T>(AppDbContext db, Actor actor, T row, string action, TransitionRequest request, DateTimeOffset now, CancellationToken ct)
        where T : Report
    {
        if (request.Version != row.Version)
            return new(Outcome.Conflict, row, Message: ConflictMessage);
        var before = Snapshot(row);
        switch (action)
        {
            case "submit" when row.Status is ReportStatus.Draft or ReportStatus.Returned && row.IsCurrent:
                row.Status = ReportStatus.Submitted;
                row.SubmittedBy = actor.Email;
                row.SubmittedAt = now;
                break;
            case "approve" when row.Status == ReportStatus.Submitted && row.IsCurrent:
                row.Status = ReportStatus.Approved;
                row.Locked = true;
                row.ReviewedBy = actor.Email;
                row.ReviewedAt = now;
                row.ReviewComment = request.Comment;
                break;
            case "return" when row.Status == ReportStatus.Submitted && row.IsCurrent:
                if (string.IsNullOrWhiteSpace(request.Comment))
                    return new(Outcome.Invalid, row, Error("comment", "退回须说明理由"));
                row.Status = ReportStatus.Returned;
                row.ReviewedBy = actor.Email;
                row.ReviewedAt = now;
                row.ReviewComment = request.Comment.Trim();
                break;
            default:
                return new(Outcome.Invalid, row, Error("status", $"状态为“{ReportStatus.Chinese(row.Status)}”{(row.IsCurrent ? "" : "（已被新版本取代）")}的报告不能执行此操作"));
        }
        row.Version = Guid.NewGuid();
        var kind = row is Observation ? "observation" : "progress";
        Audit.Record(db, actor, now, $"{kind}.{action}", kind, Id(row.Id), before, Snapshot(row), request.Comment);
        try
        {
            // The UPDATE carries the version loaded with the row: a reviewer who acted first wins, the other gets a conflict.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(Outcome.Conflict, Message: ConflictMessage);
        }
        return new(Outcome.Done, row);
    }

    /// <summary>
    /// Unlocks the approved reports of a period so they may be revised; the reason is audited with each. The public pages drop
    /// their cached copies too: what they show of the period is under revision.
    /// </summary>
    public static async Task<int> ReopenAsync(
        AppDbContext db, Actor actor, ReportingPeriod period, ReopenRequest request, IOutputCacheStore showcase, DateTimeOffset now, CancellationToken ct)
    {
        var observations = await db.Observations.Where(o => o.PeriodId == period.Id && o.Locked && o.IsCurrent
            && (request.TargetId == null || o.TargetId == request.TargetId) && (request.RegionCode == null || o.RegionCode == request.RegionCode)).ToListAsync(ct);
        var progress = await db.MilestoneProgress.Where(p => p.PeriodId == period.Id && p.Locked && p.IsCurrent
            && (request.RegionCode == null || p.RegionCode == request.RegionCode)).ToListAsync(ct);
        foreach (var row in observations.Cast<Report>().Concat(progress))
        {
            var before = Snapshot(row);
            row.Locked = false;
            row.Version = Guid.NewGuid();
            var kind = row is Observation ? "observation" : "progress";
            Audit.Record(db, actor, now, $"{kind}.reopen", kind, Id(row.Id), before, Snapshot(row), request.Reason);
        }
        Audit.Record(db, actor, now, "period.reopen", "period", Id(period.Id), null,
            new { period.Key, period.IndicatorId, request.TargetId, request.RegionCode, Reopened = observations.Count + progress.Count }, request.Reason);
        await db.SaveChangesAsync(ct);
        await showcase.EvictShowcaseAsync(ct);
        return observations.Count + progress.Count;
    }

    public static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static object Snapshot(Report row) => row switch
    {
        Observation o => new
        {
            o.Id, o.TargetId, o.PeriodId, o.RegionCode, o.Value, o.EnteredValue, o.EnteredUnit, o.DataSource, o.Basis, o.Status, o.Revision,
            o.SupersedesId, o.IsCurrent, o.Locked, o.ReviewComment, o.Source, o.IsDemo,
        },
        MilestoneProgress p => new
        {
            p.Id, p.MilestoneId, p.TaskId, p.PeriodId, p.RegionCode, p.State, p.Narrative, p.Status, p.Revision, p.SupersedesId, p.IsCurrent,
            p.Locked, p.ReviewComment, p.Source, p.IsDemo,
        },
        _ => new { row.Id },
    };
}
