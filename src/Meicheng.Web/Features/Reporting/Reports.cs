using System.Globalization;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using TargetKind = Meicheng.Core.Plans.TargetKind;
using City = Meicheng.Web.Features.Regions.City;

namespace Meicheng.Web.Features.Reporting;

/// <summary>When a save may replace the current report of its cell without the version the caller saw.</summary>
public enum Supersede
{
    /// <summary>People, through the API and the pages: never; the request carries the version of the report it replaces.</summary>
    WithVersion,
    /// <summary>A workbook upload: only the uploader's own earlier entry; another person's report is changed on the page or through the API, with its version.</summary>
    OwnEntry,
    /// <summary>A recomputation (monitoring data, a survey): only an earlier figure of the same computed source.</summary>
    SameSource,
}

/// <summary>
/// The reporting workflow, one code path for observations and milestone progress: draft → submitted → approved (locked) or
/// returned → (revised) → submitted … Every change of an existing report is checked against the version the caller saw
/// and audited in the same SaveChanges; a refusal (forbidden, conflict, invalid) is audited in a SaveChanges of its own,
/// since the change it refused is not saved. Nobody approves or returns a report they entered or revised.
/// </summary>
internal sealed class Reports(AppDbContext db, TimeProvider clock, CurrentUser currentUser, EvidenceStore evidence, City city)
{
    public const string LockedMessage = "该报告已审核通过并锁定；如需修改，须由管理员重新开放该期并说明理由。";
    public const string ConflictMessage = "该报告已被他人修改，请刷新后重试。";
    public const string VersionRequiredMessage = "该目标本期在该区域已有报告；修改须基于您看到的版本（version），请刷新后在其基础上修改。";
    public const string OwnEntryMessage = "不能审核自己填报或修改的报告（含计算、调查数据）：须由另一位审核人审核。";

    public async Task<Outcome<Observation>> SaveObservationAsync(ObservationRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        // A report that names no region is for the reporter's own: its district, or the city.
        request = request with { RegionCode = string.IsNullOrWhiteSpace(request.RegionCode) ? Scopes.DefaultRegion(actor, city) : request.RegionCode };
        var saved = await SaveObservationAsync(db, actor, request, clock.GetUtcNow(), Supersede.WithVersion, ct);
        return await AuditRefusalAsync(saved, actor, "observation.save", "observation",
            $"{request.TargetId}/{request.PeriodId}/{request.RegionCode}", request.Version, ct);
    }

    public async Task<Outcome<MilestoneProgress>> SaveProgressAsync(ProgressRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        request = request with { RegionCode = string.IsNullOrWhiteSpace(request.RegionCode) ? Scopes.DefaultRegion(actor, city) : request.RegionCode };
        var saved = await SaveProgressAsync(db, actor, request, clock.GetUtcNow(), Supersede.WithVersion, ct);
        return await AuditRefusalAsync(saved, actor, "progress.save", "progress",
            $"{MilestoneProgress.KeyOf(request.MilestoneId, request.TaskId)}/{request.PeriodId}/{request.RegionCode}", request.Version, ct);
    }

    public Task<Outcome<T>> SubmitAsync<T>(int id, TransitionRequest request, CancellationToken ct) where T : Report => TransitAsync<T>(id, "submit", request, ct);

    public Task<Outcome<T>> ApproveAsync<T>(int id, TransitionRequest request, CancellationToken ct) where T : Report => TransitAsync<T>(id, "approve", request, ct);

    public Task<Outcome<T>> ReturnAsync<T>(int id, TransitionRequest request, CancellationToken ct) where T : Report => TransitAsync<T>(id, "return", request, ct);

    /// <summary>
    /// submit (reporters, in their scope), approve or return (reviewers and the plan office, never on their own entry): one
    /// step, checked against the version the caller saw. An approval puts a value on the public showcase: its save renews
    /// the data stamp, which keys the showcase's cached pages.
    /// </summary>
    public async Task<Outcome<T>> TransitAsync<T>(int id, string action, TransitionRequest request, CancellationToken ct) where T : Report
    {
        var actor = await currentUser.GetAsync(ct);
        var kind = KindOf<T>();
        if (await db.Set<T>().FindAsync([id], ct) is not { } row)
            return Fail.NotFound("报告不存在");
        Outcome<T> result;
        if (action == "submit"
            ? !(actor.Is(Roles.Admin) || actor.Is(Roles.Department) || actor.Is(Roles.District)) || !await Scopes.MayReportAsync(db, actor, row, ct)
            : !(actor.Is(Roles.Admin) || actor.Is(Roles.Reviewer)))
            result = Fail.Forbidden(action == "submit" ? "无权报送该报告" : "只有审核人或规划办可以审核");
        else
            result = await StepAsync(db, actor, row, action, request, clock.GetUtcNow(), ct);
        return await AuditRefusalAsync(result, actor, $"{kind}.{action}", kind, Id(id), request.Version, ct);
    }

    /// <summary>Attaches an evidence file to a report the caller may report on, while it is open for changes.</summary>
    public async Task<Outcome<Evidence>> AttachAsync<T>(int id, IFormFile file, CancellationToken ct) where T : Report
    {
        if (await db.Set<T>().FindAsync([id], ct) is not { } row)
            return Fail.NotFound("报告不存在");
        return await AttachAsync(row, file, ct);
    }

    public async Task<Outcome<Evidence>> AttachAsync(Report row, IFormFile file, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var kind = KindOf(row);
        var now = clock.GetUtcNow();
        Outcome<Evidence> result;
        if (!await Scopes.MayReportAsync(db, actor, row, ct))
            result = Fail.Forbidden("无权为该报告添加佐证材料");
        else if (!row.IsCurrent || row.Locked || row.Status == ReportStatus.Approved)
            result = Fail.Conflict("已审核通过或已被取代的报告不能再添加佐证材料");
        else if (await evidence.StoreAsync(file, actor, now, ct) is var (stored, error) && stored is null)
            result = Fail.Invalid("file", error!);
        else
        {
            if (row is Observation)
                stored!.ObservationId = row.Id;
            else if (row is Projects.ProjectProgress)
                stored!.ProjectProgressId = row.Id;
            else
                stored!.ProgressId = row.Id;
            db.Evidence.Add(stored);
            Audit.Record(db, actor, now, $"{kind}.evidence", kind, Id(row.Id), null, new { stored.FileName, stored.Size, stored.Sha256, stored.ContentType });
            await db.SaveChangesAsync(ct);
            result = stored;
        }
        return await AuditRefusalAsync(result, actor, $"{kind}.evidence", kind, Id(row.Id), null, ct);
    }

    /// <summary>
    /// Unlocks the approved reports of a period (all, or one target and region) so they may be revised; the reason is audited
    /// with each. The public pages drop their cached copies too: what they show of the period is under revision.
    /// </summary>
    public async Task<Outcome<int>> ReopenAsync(int periodId, ReopenRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var now = clock.GetUtcNow();
        if (await db.ReportingPeriods.FindAsync([periodId], ct) is not { } period)
            return Fail.NotFound("没有这一填报期");
        if (!actor.Is(Roles.Admin))
            return await AuditRefusalAsync<int>(Fail.Forbidden("只有规划办可以重新开放"), actor, "period.reopen", "period", Id(periodId), null, ct);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length < 2)
            return await AuditRefusalAsync<int>(Fail.Invalid("reason", "重新开放须说明理由"), actor, "period.reopen", "period", Id(periodId), null, ct);
        var reason = request.Reason.Trim();
        var observations = await db.Observations.Where(o => o.PeriodId == period.Id && o.Locked && o.IsCurrent
            && (request.TargetId == null || o.TargetId == request.TargetId) && (request.RegionCode == null || o.RegionCode == request.RegionCode)).ToListAsync(ct);
        var progress = await db.MilestoneProgress.Where(p => p.PeriodId == period.Id && p.Locked && p.IsCurrent
            && (request.RegionCode == null || p.RegionCode == request.RegionCode)).ToListAsync(ct);
        foreach (var row in observations.Cast<Report>().Concat(progress))
        {
            var before = Snapshot(row);
            row.Locked = false;
            row.Version = Guid.NewGuid();
            var kind = KindOf(row);
            Audit.Record(db, actor, now, $"{kind}.reopen", kind, Id(row.Id), before, Snapshot(row), reason);
        }
        Audit.Record(db, actor, now, "period.reopen", "period", Id(period.Id), null,
            new { period.Key, period.IndicatorId, request.TargetId, request.RegionCode, Reopened = observations.Count + progress.Count }, reason);
        await db.SaveChangesAsync(ct);
        return observations.Count + progress.Count;
    }

    /// <summary>The review page's reopen: the locked observation's period, for its target and region only.</summary>
    public async Task<Outcome<(Observation Row, ReportingPeriod Period, int Reopened)>> ReopenObservationAsync(int observationId, string? reason, CancellationToken ct)
    {
        if (await db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == observationId && o.IsCurrent && o.Locked, ct) is not { } row
            || await db.ReportingPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.Id == row.PeriodId, ct) is not { } period)
            return Fail.Invalid("id", "该报告未锁定或不存在");
        var reopened = await ReopenAsync(period.Id, new ReopenRequest(reason ?? "", row.TargetId, row.RegionCode), ct);
        return reopened.Succeeded ? (row, period, reopened.Value) : reopened.AsFailure();
    }

    /// <summary>Creates a report, or a revision superseding the current one; identical values create nothing (Ok with the current row).</summary>
    internal static async Task<Outcome<Observation>> SaveObservationAsync(
        AppDbContext db, Actor actor, ObservationRequest request, DateTimeOffset now, Supersede rule, CancellationToken ct, bool isDemo = false)
    {
        var errors = new FieldErrors();
        var target = await db.Targets.Include(t => t.Indicator).SingleOrDefaultAsync(t => t.Id == request.TargetId && !t.Retired, ct);
        if (target is null)
            return Fail.Invalid("targetId", $"目标 {request.TargetId} 不存在");
        var period = await db.ReportingPeriods.FindAsync([request.PeriodId], ct);
        if (period is null || period.IndicatorId != target.IndicatorId)
            errors.Add("periodId", "该指标没有这一填报期");
        var region = request.RegionCode?.Trim() ?? "";
        if (!await db.Regions.AnyAsync(r => r.Code == region, ct))
            errors.Add("regionCode", $"行政区划代码 {region} 无效");
        var value = Units.Convert(request.Value, request.Unit, target.Indicator!.Unit);
        if (value is null)
            errors.Add("unit", $"单位 {request.Unit} 不能换算为指标单位 {target.Indicator.Unit}");
        else if (target.Kind == TargetKind.Share && value is < 0 or > 100)
            errors.Add("value", $"比例须在 0 到 100 之间（{Components.Display.Number(value.Value)} {target.Indicator.Unit} 超出范围）");
        var source = SourceError(actor, request.Source, errors);
        if (errors.Any)
            return errors.ToFailure();
        if (!Scopes.MayReportRegion(actor, region, await Scopes.IsCityAsync(db, region, ct)))
            return Fail.Forbidden(Scopes.RegionRefusal(actor, region));
        if (!await Scopes.MayReportTaskAsync(db, actor, target.TaskId, region, ct))
            return Fail.Forbidden("无权填报该目标");

        var current = await db.Observations.SingleOrDefaultAsync(o => o.TargetId == target.Id && o.PeriodId == period!.Id && o.RegionCode == region && o.IsCurrent, ct);
        var row = new Observation
        {
            TargetId = target.Id, IndicatorId = target.IndicatorId, PeriodId = period!.Id, RegionCode = region, Value = value!.Value,
            EnteredValue = request.Value, EnteredUnit = request.Unit.Trim(), DataSource = Clean(request.DataSource), Basis = Clean(request.Basis),
            Status = request.Submit ? ReportStatus.Submitted : ReportStatus.Draft, Source = source, Provenance = Clean(request.Provenance), IsDemo = isDemo,
            CreatedBy = actor.Email, CreatedAt = now,
            SubmittedBy = request.Submit ? actor.Email : null, SubmittedAt = request.Submit ? now : null,
        };
        var same = current is not null && current.Value == row.Value && current.EnteredValue == row.EnteredValue && current.EnteredUnit == row.EnteredUnit
            && current.DataSource == row.DataSource && current.Basis == row.Basis && current.Source == row.Source;
        return await ReviseAsync(db, actor, current, row, same, request.Submit, request.Version, rule, now, ct);
    }

    internal static async Task<Outcome<MilestoneProgress>> SaveProgressAsync(
        AppDbContext db, Actor actor, ProgressRequest request, DateTimeOffset now, Supersede rule, CancellationToken ct, bool isDemo = false)
    {
        var errors = new FieldErrors();
        if ((request.MilestoneId is null) == (request.TaskId is null))
            return Fail.Invalid("milestoneId", "须指定里程碑或任务之一");
        if (request.MilestoneId is not null && !await db.Milestones.AnyAsync(m => m.Id == request.MilestoneId && !m.Retired, ct))
            errors.Add("milestoneId", "里程碑不存在");
        if (request.TaskId is not null && !await db.PlanTasks.AnyAsync(t => t.Id == request.TaskId && !t.Retired, ct))
            errors.Add("taskId", "任务不存在");
        var period = await db.ReportingPeriods.FindAsync([request.PeriodId], ct);
        if (period is null || period.IndicatorId is not null)
            errors.Add("periodId", "没有这一进展填报期");
        if (!ProgressState.All.Contains(request.State))
            errors.Add("state", "状态须为 not-started（未开始）、in-progress（推进中）、done（已完成）或 delayed（滞后）");
        if (string.IsNullOrWhiteSpace(request.Narrative))
            errors.Add("narrative", "请填写进展说明");
        var region = request.RegionCode?.Trim() ?? "";
        if (!await db.Regions.AnyAsync(r => r.Code == region, ct))
            errors.Add("regionCode", $"行政区划代码 {region} 无效");
        var source = SourceError(actor, request.Source, errors);
        if (errors.Any)
            return errors.ToFailure();
        if (!Scopes.MayReportRegion(actor, region, await Scopes.IsCityAsync(db, region, ct)))
            return Fail.Forbidden(Scopes.RegionRefusal(actor, region));
        if (!await Scopes.MayReportTaskAsync(db, actor, await Scopes.ProgressTaskIdAsync(db, request.MilestoneId, request.TaskId, ct), region, ct))
            return Fail.Forbidden("无权填报该里程碑或任务");

        var subject = MilestoneProgress.KeyOf(request.MilestoneId, request.TaskId);
        var current = await db.MilestoneProgress.SingleOrDefaultAsync(p => p.SubjectKey == subject && p.PeriodId == period!.Id && p.RegionCode == region && p.IsCurrent, ct);
        var row = new MilestoneProgress
        {
            MilestoneId = request.MilestoneId, TaskId = request.TaskId, PeriodId = period!.Id, RegionCode = region, State = request.State,
            Narrative = request.Narrative.Trim(), Status = request.Submit ? ReportStatus.Submitted : ReportStatus.Draft, Source = source,
            Provenance = Clean(request.Provenance), IsDemo = isDemo, CreatedBy = actor.Email, CreatedAt = now,
            SubmittedBy = request.Submit ? actor.Email : null, SubmittedAt = request.Submit ? now : null,
        };
        var same = current is not null && current.State == row.State && current.Narrative == row.Narrative && current.Source == row.Source;
        return await ReviseAsync(db, actor, current, row, same, request.Submit, request.Version, rule, now, ct);
    }

    private static string SourceError(Actor actor, string? requested, FieldErrors errors)
    {
        var source = requested ?? "reported";
        if (source is not ("reported" or "computed" or "survey"))
            errors.Add("source", "来源须为 reported、computed 或 survey");
        else if (source != "reported" && !actor.Is(Roles.Admin))
            errors.Add("source", "只有管理员（或其令牌）可写入计算或调查数据");
        return source;
    }

    // The one save path: unchanged, locked, stale or version-less, a submit of the same values, or a new revision.
    internal static async Task<Outcome<T>> ReviseAsync<T>(
        AppDbContext db, Actor actor, T? current, T row, bool same, bool submit, Guid? version, Supersede rule, DateTimeOffset now, CancellationToken ct)
        where T : Report
    {
        if (current is not null)
        {
            if (same && (current.Status is ReportStatus.Submitted or ReportStatus.Approved || (current.Status == ReportStatus.Draft && !submit)))
                return current;
            if (current.Locked)
                return Fail.Conflict(LockedMessage);
            if (version is { } seen ? seen != current.Version : !MaySupersedeUnseen(rule, actor, current, row))
                return Fail.Conflict(version is null ? VersionRequiredMessage : ConflictMessage);
            if (same && submit)
                return await StepAsync(db, actor, current, "submit", new TransitionRequest(current.Version, null), now, ct);
        }
        row.Revision = (current?.Revision ?? 0) + 1;
        row.SupersedesId = current?.Id;
        if (current is not null)
        {
            current.IsCurrent = false;
            current.Version = Guid.NewGuid();
        }
        db.Add(row);
        var kind = KindOf(row);
        try
        {
            // The new row needs its id before the audit entry can name it: two saves, one transaction.
            // A workbook import wraps all its rows in one transaction; then this joins it.
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            await db.SaveChangesAsync(ct);
            if (current is not null && row is Observation or MilestoneProgress)
                await CarryEvidenceAsync(db, current.Id, row.Id, row is MilestoneProgress, ct);
            Audit.Record(db, actor, now, current is null ? $"{kind}.create" : $"{kind}.revise", kind, Id(row.Id),
                current is null ? null : Snapshot(current), Snapshot(row));
            await db.SaveChangesAsync(ct);
            if (transaction is not null)
                await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A unique index (subject, period, region, revision) or the version of the superseded row: someone saved first.
            db.ChangeTracker.Clear();
            return Fail.Conflict(ConflictMessage);
        }
        return Outcomes.Created(row);
    }

    private static bool MaySupersedeUnseen(Supersede rule, Actor actor, Report current, Report row) => rule switch
    {
        Supersede.OwnEntry => current.CreatedBy == actor.Email,
        Supersede.SameSource => row.Source != "reported" && current.Source == row.Source,
        _ => false,
    };

    // A revision keeps the evidence of the one it supersedes (the stored file is shared, never copied or deleted).
    private static async Task CarryEvidenceAsync(AppDbContext db, int fromId, int toId, bool isProgress, CancellationToken ct)
    {
        var rows = await db.Evidence.AsNoTracking().Where(e => isProgress ? e.ProgressId == fromId : e.ObservationId == fromId).ToListAsync(ct);
        foreach (var e in rows)
        {
            db.Evidence.Add(new Evidence
            {
                ObservationId = isProgress ? null : toId, ProgressId = isProgress ? toId : null, FileName = e.FileName, StoredName = e.StoredName,
                ContentType = e.ContentType, Size = e.Size, Sha256 = e.Sha256, UploadedBy = e.UploadedBy, UploadedAt = e.UploadedAt,
            });
        }
    }

    private static async Task<Outcome<T>> StepAsync<T>(AppDbContext db, Actor actor, T row, string action, TransitionRequest request, DateTimeOffset now, CancellationToken ct)
        where T : Report
    {
        if (request.Version != row.Version)
            return Fail.Conflict(ConflictMessage);
        if (action is "approve" or "return" && await EnteredByAsync(db, actor, row, ct))
            return Fail.Forbidden(OwnEntryMessage);
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
                    return Fail.Invalid("comment", "退回须说明理由");
                row.Status = ReportStatus.Returned;
                row.ReviewedBy = actor.Email;
                row.ReviewedAt = now;
                row.ReviewComment = request.Comment.Trim();
                break;
            default:
                return Fail.Invalid("status", $"状态为“{ReportStatus.Chinese(row.Status)}”{(row.IsCurrent ? "" : "（已被新版本取代）")}的报告不能执行此操作");
        }
        row.Version = Guid.NewGuid();
        var kind = KindOf(row);
        Audit.Record(db, actor, now, $"{kind}.{action}", kind, Id(row.Id), before, Snapshot(row), request.Comment);
        try
        {
            // The UPDATE carries the version loaded with the row: a reviewer who acted first wins, the other gets a conflict.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict(ConflictMessage);
        }
        return row;
    }

    // Separation of duties: whoever entered, revised or submitted any revision of the report's cell does not review it.
    private static async Task<bool> EnteredByAsync(AppDbContext db, Actor actor, Report row, CancellationToken ct)
    {
        if (row.CreatedBy == actor.Email || row.SubmittedBy == actor.Email)
            return true;
        return row switch
        {
            Observation o => await db.Observations.AnyAsync(x => x.TargetId == o.TargetId && x.PeriodId == o.PeriodId && x.RegionCode == o.RegionCode
                && (x.CreatedBy == actor.Email || x.SubmittedBy == actor.Email), ct),
            MilestoneProgress p => await db.MilestoneProgress.AnyAsync(x => x.SubjectKey == p.SubjectKey && x.PeriodId == p.PeriodId && x.RegionCode == p.RegionCode
                && (x.CreatedBy == actor.Email || x.SubmittedBy == actor.Email), ct),
            Projects.ProjectProgress p => await db.ProjectProgress.AnyAsync(x => x.ProjectId == p.ProjectId && x.PeriodId == p.PeriodId
                && (x.CreatedBy == actor.Email || x.SubmittedBy == actor.Email), ct),
            _ => false,
        };
    }

    // A refused change is not saved, so its audit entry gets a SaveChanges of its own (等保: failed attempts are recorded).
    private async Task<Outcome<T>> AuditRefusalAsync<T>(Outcome<T> outcome, Actor actor, string action, string entityType, string entityId, Guid? version, CancellationToken ct)
    {
        if (outcome.Succeeded)
            return outcome;
        db.ChangeTracker.Clear();
        Audit.Record(db, actor, clock.GetUtcNow(), action + ".refused", entityType, entityId, null,
            new { Outcome = outcome.Kind.ToString(), outcome.Message, outcome.Errors, Version = version });
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    private static string KindOf<T>() where T : Report =>
        typeof(T) == typeof(Observation) ? "observation" : typeof(T) == typeof(Projects.ProjectProgress) ? "project-progress" : "progress";

    private static string KindOf(Report row) => row switch
    {
        Observation => "observation",
        Projects.ProjectProgress => "project-progress",
        _ => "progress",
    };

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

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
        Projects.ProjectProgress p => new
        {
            p.Id, p.ProjectId, Month = p.MonthKey, p.Narrative, p.PercentComplete, p.InvestedThisMonth, p.InvestedToDate, p.Issues, p.Coordination,
            p.Status, p.Revision, p.SupersedesId, p.IsCurrent, p.Locked, p.ReviewComment,
        },
        _ => new { row.Id },
    };
}
