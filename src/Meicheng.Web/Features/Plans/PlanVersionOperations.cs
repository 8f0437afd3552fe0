using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Versions;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using CorePlans = Meicheng.Core.Plans;

namespace Meicheng.Web.Features.Plans;

/// <summary>Where a version's document came from, and the first version a plan file makes.</summary>
public static class PlanVersionOrigins
{
    public const string File = "file";
    public const string Upload = "upload";
    public const string Edited = "edited";

    public static string Chinese(string origin) => origin switch
    {
        File => "数据文件",
        Upload => "上传",
        Edited => "在线更正",
        _ => origin,
    };

    internal static PlanVersion FromFile(PlanDocument plan, string document, string contentHash, DateTimeOffset now) => new()
    {
        PlanId = plan.Id, Number = 1, Label = plan.Status == PlanStatus.DraftForComment ? "征求意见稿" : "正式稿",
        Status = plan.Status == PlanStatus.DraftForComment ? "draft" : "final", State = PlanVersionStates.Current, Origin = File,
        Document = document, ContentHash = contentHash, CreatedAt = now, CreatedBy = "data/plans", AdoptedAt = now, AdoptedBy = "data/plans",
    };
}

/// <summary>A version with its document read back.</summary>
public sealed record PlanVersionDocument(PlanVersionDto Version, PlanDocument Document, string Json);

/// <summary>
/// Versions of a plan: upload a new version (the plan-file format), see its diff against the current one with the
/// proposed old→new mapping, and adopt it with the mapping the office confirmed. Adoption writes the new document into
/// the plan's rows and carries observations, progress reports and assigned owners over to the mapped items, with the
/// evidence attached to those reports, in one transaction with one audit entry. Old items nothing maps to are retired
/// with their data: they stay on the old version, which stays readable.
/// </summary>
public sealed class PlanVersionOperations(AppDbContext db, TimeProvider clock, CurrentUser currentUser)
{
    public async Task<Outcome<IReadOnlyList<PlanVersionDto>>> ListAsync(string planId, CancellationToken ct)
    {
        if (!await db.Plans.AnyAsync(p => p.Id == planId, ct))
            return Fail.NotFound("没有这项规划。");
        var admin = (await currentUser.FindAsync(ct))?.Is(Roles.Admin) == true;
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).OrderByDescending(v => v.Number).ToListAsync(ct);
        return versions.Where(v => admin || v.State != PlanVersionStates.Pending).Select(v => v.ToDto()).ToList();
    }

    /// <summary>The version current for a plan, as the plan pages name it; null before the first import.</summary>
    public static async Task<PlanVersionDto?> CurrentAsync(AppDbContext db, string planId, CancellationToken ct) =>
        (await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId && v.State == PlanVersionStates.Current).ToListAsync(ct))
            .Select(v => v.ToDto()).SingleOrDefault();

    public async Task<Outcome<PlanVersionDocument>> GetAsync(string planId, int number, CancellationToken ct)
    {
        var version = await db.PlanVersions.AsNoTracking().SingleOrDefaultAsync(v => v.PlanId == planId && v.Number == number, ct);
        if (version is null || (version.State == PlanVersionStates.Pending && (await currentUser.FindAsync(ct))?.Is(Roles.Admin) != true))
            return Fail.NotFound("没有这个版本。");
        return new PlanVersionDocument(version.ToDto(), await ReadAsync(version, ct), version.Document);
    }

    public async Task<Outcome<PlanVersionDto>> UploadAsync(string planId, UploadVersionRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!actor.Is(Roles.Admin))
            return Fail.Forbidden("只有规划办管理员可以上传规划新版本。");
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null)
            return Fail.NotFound("没有这项规划。");
        var errors = new FieldErrors();
        var label = request.Label?.Trim() ?? "";
        if (label.Length is 0 or > 100)
            errors.Add("label", "请填写版本名称（如 正式稿、修订稿），不超过100字");
        if (request.Status is not ("draft" or "final"))
            errors.Add("status", "版本状态须为草案（draft）或定稿（final）");
        if (string.IsNullOrWhiteSpace(request.Document))
            errors.Add("document", "请提供规划文件（meicheng.plan/1 格式的 JSON）");
        if (errors.Any)
            return errors.ToFailure();

        PlanDocument document;
        try
        {
            document = PlanFile.Parse("上传的文件", request.Document, await ReferenceAsync(db, ct));
        }
        catch (PlanFileException e)
        {
            return Fail.Invalid("document", $"文件不符合规划格式，未作任何更改：{e.Message}");
        }
        if (await CheckDocumentAsync(plan, document, ct) is { } refusal)
            return Fail.Invalid("document", refusal);

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Document)));
        if (await db.PlanVersions.AsNoTracking().FirstOrDefaultAsync(v => v.PlanId == planId && v.ContentHash == hash, ct) is { } same)
            return Fail.Conflict($"同一文件已是第{same.Number}版（{same.Label}）。");
        var now = clock.GetUtcNow();
        var number = (await db.PlanVersions.Where(v => v.PlanId == planId).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = new PlanVersion
        {
            PlanId = planId, Number = number, Label = label, Status = request.Status, State = PlanVersionStates.Pending, Origin = PlanVersionOrigins.Upload,
            Document = request.Document, ContentHash = hash, CreatedAt = now, CreatedBy = actor.Email,
        };
        db.PlanVersions.Add(version);
        Audit.Record(db, actor, now, "plan.version.upload", "plan", planId, null, new { number, label, request.Status, hash });
        await db.SaveChangesAsync(ct);
        return Outcomes.Created(version.ToDto());
    }

    public async Task<Outcome<VersionDiffDto>> DiffAsync(string planId, int number, CancellationToken ct)
    {
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).OrderBy(v => v.Number).ToListAsync(ct);
        var to = versions.SingleOrDefault(v => v.Number == number);
        if (to is null || (to.State == PlanVersionStates.Pending && (await currentUser.FindAsync(ct))?.Is(Roles.Admin) != true))
            return Fail.NotFound("没有这个版本。");
        // A pending version compares with the current one; an adopted one with the version it replaced.
        var from = to.State == PlanVersionStates.Pending
            ? versions.Single(v => v.State == PlanVersionStates.Current)
            : versions.LastOrDefault(v => v.Number < number && v.State != PlanVersionStates.Pending);
        if (from is null)
            return Fail.Conflict("这是该规划的第一个版本，没有可比较的上一版本。");
        var diff = PlanVersions.Compare(await ReadAsync(from, ct), await ReadAsync(to, ct));
        return ToDto(from, to, diff);
    }

    public async Task<Outcome<AdoptResultDto>> AdoptAsync(string planId, int number, AdoptVersionRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!actor.Is(Roles.Admin))
            return Fail.Forbidden("只有规划办管理员可以确认规划新版本。");
        var version = await db.PlanVersions.SingleOrDefaultAsync(v => v.PlanId == planId && v.Number == number, ct);
        if (version is null)
            return Fail.NotFound("没有这个版本。");
        if (version.State != PlanVersionStates.Pending)
            return Fail.Conflict($"第{number}版已确认过（{PlanVersionStates.Chinese(version.State)}），不能再次确认。");
        var current = await db.PlanVersions.SingleAsync(v => v.PlanId == planId && v.State == PlanVersionStates.Current, ct);
        var oldDoc = await ReadAsync(current, ct);
        var newDoc = await ReadAsync(version, ct);

        PlanDiff diff;
        try
        {
            diff = request.Mapping is null ? PlanVersions.Compare(oldDoc, newDoc)
                : PlanVersions.WithMapping(oldDoc, newDoc, request.Mapping.Select(m => (ParseKind(m.Kind), m.OldKey, m.NewKey)).ToList());
        }
        catch (ArgumentException e)
        {
            return Fail.Invalid("mapping", $"对应关系有误：{e.Message.Split(" (Parameter", 2)[0]}");
        }

        var targetMoves = Moves(diff, PlanItemKind.Target, k => k);
        var milestoneMoves = Moves(diff, PlanItemKind.Milestone, k => k);
        var taskMoves = diff.PairsOf(PlanItemKind.Task)
            .Select(p => (Old: PlanImporter.TaskId(oldDoc, Number(p.Old.Key)), New: PlanImporter.TaskId(newDoc, Number(p.New.Key))))
            .Where(p => p.Old != p.New).ToDictionary(p => p.Old, p => p.New, StringComparer.Ordinal);
        if (await RefuseAsync(oldDoc, newDoc, diff, targetMoves, ct) is { } refusal)
            return Fail.Invalid("mapping", refusal);

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Owners the office assigned leave the old task rows first: the new document's tasks may reuse those numbers.
        var taskKeys = taskMoves.Keys.ToList();
        var assigned = await db.Responsibilities.Where(r => r.Source == "assigned" && taskKeys.Contains(r.TaskId)).ToListAsync(ct);
        var carried = assigned.Select(r => (Task: taskMoves[r.TaskId], r.DepartmentId, r.Role)).ToList();
        db.Responsibilities.RemoveRange(assigned);
        await db.SaveChangesAsync(ct);

        await PlanImporter.WritePlanAsync(db, newDoc, $"第{number}版 {version.Label}", version.ContentHash, now, [], ct);
        await db.SaveChangesAsync(ct);

        // Moves may swap ids between items (tasks renumbered both ways), so rows move with a negated revision first and
        // get it back in a second save: the unique (subject, period, region, revision) index never sees two rows at once.
        var targetKeys = targetMoves.Keys.ToList();
        var observations = await db.Observations.Where(o => targetKeys.Contains(o.TargetId)).ToListAsync(ct);
        foreach (var o in observations)
        {
            o.TargetId = targetMoves[o.TargetId];
            o.Revision = -o.Revision;
        }
        var milestoneKeys = milestoneMoves.Keys.ToList();
        var progress = await db.MilestoneProgress
            .Where(p => (p.MilestoneId != null && milestoneKeys.Contains(p.MilestoneId)) || (p.TaskId != null && taskKeys.Contains(p.TaskId))).ToListAsync(ct);
        foreach (var p in progress)
        {
            if (p.MilestoneId is { } m && milestoneMoves.TryGetValue(m, out var newMilestone))
                p.MilestoneId = newMilestone;
            if (p.TaskId is { } t && taskMoves.TryGetValue(t, out var newTask))
                p.TaskId = newTask;
            p.Revision = -p.Revision;
        }
        await db.SaveChangesAsync(ct);
        foreach (var o in observations)
            o.Revision = -o.Revision;
        foreach (var p in progress)
            p.Revision = -p.Revision;

        var assignmentsMoved = 0;
        foreach (var (task, department, role) in carried)
        {
            if (await db.Responsibilities.AnyAsync(r => r.TaskId == task && r.DepartmentId == department, ct))
                continue;
            db.Responsibilities.Add(new Responsibility { TaskId = task, DepartmentId = department, Role = role, Source = "assigned" });
            assignmentsMoved++;
        }

        var observationIds = observations.Select(o => o.Id).ToList();
        var progressIds = progress.Select(p => p.Id).ToList();
        var evidence = await db.Evidence.CountAsync(e => (e.ObservationId != null && observationIds.Contains(e.ObservationId.Value))
            || (e.ProgressId != null && progressIds.Contains(e.ProgressId.Value)), ct);
        var mapping = diff.Pairs.Select(p => new MappingEntryDto(KindToken(p.Kind), p.Old.Key, p.New.Key)).ToList();
        current.State = PlanVersionStates.Superseded;
        version.State = PlanVersionStates.Current;
        version.AdoptedAt = now;
        version.AdoptedBy = actor.Email;
        version.Mapping = JsonSerializer.Serialize(mapping);
        Audit.Record(db, actor, now, "plan.version.adopt", "plan", planId,
            new { version = current.Number, current.Label },
            new
            {
                version = number, version.Label,
                moved = diff.Pairs.Where(p => p.Old.Key != p.New.Key).Select(p => new { kind = KindToken(p.Kind), from = p.Old.Key, to = p.New.Key, reason = ReasonToken(p.Reason) }),
                leftOnOldVersion = diff.Removed.Select(r => new { kind = KindToken(r.Kind), r.Key }),
                observations = observations.Count, progress = progress.Count, assignments = assignmentsMoved, evidence,
            });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new AdoptResultDto(version.ToDto(), observations.Count, progress.Count, assignmentsMoved, evidence, diff.Removed.Count);
    }

    /// <summary>The reference data plans are validated against, as the database holds it (loaded from data/reference at start).</summary>
    internal static async Task<ReferenceData> ReferenceAsync(AppDbContext db, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder).ToListAsync(ct);
        var zones = await db.Zones.AsNoTracking().OrderBy(z => z.SortOrder).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        return new ReferenceData(
            regions.Select(r => new CorePlans.Region(r.Code, r.Name, r.NameEn, r.Kind, r.ParentCode, r.AlsoKnownAs, r.Note)).ToList(),
            zones.Select(z => new CorePlans.Zone(z.Id, z.Name, z.NameEn, z.Kind, z.Regions)).ToList(),
            departments.Select(d => new CorePlans.Department(d.Id, d.Name, d.FullName, d.NameEn, d.Kind, d.Aliases, d.RegionCode, d.Note)).ToList());
    }

    internal async Task<PlanDocument> ReadAsync(PlanVersion version, CancellationToken ct) =>
        PlanFile.Parse($"{version.PlanId} 第{version.Number}版", version.Document, await ReferenceAsync(db, ct));

    /// <summary>What a document must satisfy to become a version of this plan, beyond the plan-file rules; null when it does.</summary>
    internal async Task<string?> CheckDocumentAsync(Plan plan, PlanDocument document, CancellationToken ct)
    {
        if (document.Id != plan.Id)
            return $"文件中的规划编号“{document.Id}”与本规划“{plan.Id}”不符。";
        if (document.Code != plan.Code)
            return $"文件中的规划代码“{document.Code}”与本规划“{plan.Code}”不符。";
        var ids = document.Targets.Select(t => t.Id).Concat(document.Milestones.Select(m => m.Id)).Concat(document.Facts.Select(f => f.Id)).ToList();
        var taken = await db.Targets.Where(t => t.PlanId != plan.Id && ids.Contains(t.Id)).Select(t => t.Id)
            .Concat(db.Milestones.Where(m => m.PlanId != plan.Id && ids.Contains(m.Id)).Select(m => m.Id))
            .Concat(db.PlanFacts.Where(f => f.PlanId != plan.Id && ids.Contains(f.Id)).Select(f => f.Id)).FirstOrDefaultAsync(ct);
        if (taken is not null)
            return $"编号“{taken}”已被另一项规划使用。";
        var indicatorIds = document.Indicators.Select(i => i.Id).ToList();
        var known = await db.Indicators.AsNoTracking().Where(i => indicatorIds.Contains(i.Id)).ToListAsync(ct);
        foreach (var i in document.Indicators)
        {
            if (known.FirstOrDefault(k => k.Id == i.Id) is { } k && (k.Unit != i.Unit || k.Direction != i.Direction))
                return $"指标“{i.Name}”的单位或方向与已有定义（{k.Unit}）不一致。";
        }
        return null;
    }

    // Data on an old item whose id the new version gives to a different item would otherwise land on that item unseen.
    private async Task<string?> RefuseAsync(PlanDocument oldDoc, PlanDocument newDoc, PlanDiff diff, Dictionary<string, string> targetMoves, CancellationToken ct)
    {
        foreach (var removed in diff.Removed)
        {
            var reused = removed.Kind switch
            {
                PlanItemKind.Target => newDoc.Targets.Any(t => t.Id == removed.Key),
                PlanItemKind.Milestone => newDoc.Milestones.Any(m => m.Id == removed.Key),
                _ => newDoc.Tasks.Any(t => t.Number == Number(removed.Key)),
            };
            if (!reused)
                continue;
            var hasData = removed.Kind switch
            {
                PlanItemKind.Target => await db.Observations.AnyAsync(o => o.TargetId == removed.Key, ct),
                PlanItemKind.Milestone => await db.MilestoneProgress.AnyAsync(p => p.MilestoneId == removed.Key, ct),
                _ => await TaskHasDataAsync(PlanImporter.TaskId(oldDoc, Number(removed.Key)), ct),
            };
            if (hasData)
                return $"旧版“{removed.Label}”已有填报数据，而新版把同一编号给了另一项：请为它选择新版中的对应项。";
        }
        foreach (var (oldId, newId) in targetMoves)
        {
            var o = oldDoc.Targets.Single(t => t.Id == oldId);
            var n = newDoc.Targets.Single(t => t.Id == newId);
            if (o.IndicatorId != n.IndicatorId && await db.Observations.AnyAsync(x => x.TargetId == oldId, ct))
                return $"旧目标“{oldId}”与新目标“{newId}”的指标不同，已填报的数据不能随之迁移。";
        }
        return null;
    }

    private async Task<bool> TaskHasDataAsync(string taskId, CancellationToken ct) =>
        await db.MilestoneProgress.AnyAsync(p => p.TaskId == taskId, ct)
        || await db.Responsibilities.AnyAsync(r => r.TaskId == taskId && r.Source == "assigned", ct);

    private static Dictionary<string, string> Moves(PlanDiff diff, PlanItemKind kind, Func<string, string> id) =>
        diff.PairsOf(kind).Where(p => p.Old.Key != p.New.Key).ToDictionary(p => id(p.Old.Key), p => id(p.New.Key), StringComparer.Ordinal);

    private static int Number(string key) => int.Parse(key, CultureInfo.InvariantCulture);

    internal static PlanItemKind ParseKind(string kind) => kind switch
    {
        "target" => PlanItemKind.Target,
        "milestone" => PlanItemKind.Milestone,
        "task" => PlanItemKind.Task,
        _ => throw new ArgumentException($"'{kind}' is not one of target, milestone, task"),
    };

    internal static string KindToken(PlanItemKind kind) => kind.ToString().ToLowerInvariant();

    internal static string ReasonToken(MatchReason reason) => reason switch
    {
        MatchReason.SameId => "same-id",
        MatchReason.SimilarText => "similar-text",
        _ => "office",
    };

    private static VersionDiffDto ToDto(PlanVersion from, PlanVersion to, PlanDiff diff)
    {
        static VersionItemDto Item(PlanItemRef r) => new(KindToken(r.Kind), r.Key, r.Label);
        return new VersionDiffDto(from.ToDto(), to.ToDto(), diff.Threshold,
            diff.Pairs.Select(p => new VersionPairDto(KindToken(p.Kind), p.Old.Key, p.Old.Label, p.New.Key, p.New.Label, ReasonToken(p.Reason), p.Similarity,
                p.Changes.Select(c => new FieldChangeDto(c.Field, FieldName(c.Field), c.Old, c.New)).ToList())).ToList(),
            diff.Added.Select(Item).ToList(), diff.Removed.Select(Item).ToList());
    }

    /// <summary>The Chinese name of a field the diff or an edit reports.</summary>
    public static string FieldName(string field) => field switch
    {
        "indicator" => "指标",
        "value" => "目标值",
        "unit" => "单位",
        "comparator" => "比较方式",
        "year" => "年份",
        "kind" => "目标类型",
        "aspirational" => "力争",
        "clause" => "原文",
        "scope" => "范围",
        "task" => "所属任务",
        "title" => "标题",
        "deadline" => "时限",
        "text" => "正文",
        "responsible" => "责任单位",
        _ => field,
    };
}

internal static class PlanVersionMapping
{
    public static PlanVersionDto ToDto(this PlanVersion v)
    {
        using var json = JsonDocument.Parse(v.Document);
        static int Count(JsonElement root, string name) =>
            root.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
        return new PlanVersionDto(v.Id, v.PlanId, v.Number, v.Label, v.Status, v.State, v.Origin, v.CreatedAt, v.CreatedBy, v.AdoptedAt, v.AdoptedBy,
            Count(json.RootElement, "targets"), Count(json.RootElement, "milestones"));
    }
}
