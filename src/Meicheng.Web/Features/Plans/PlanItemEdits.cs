using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Versions;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Plans;

/// <summary>A correction to a target; a null field stays as it is. The reason is required and goes into the audit log.</summary>
public sealed record EditTargetRequest(decimal? Value, int? Year, string? Comparator, string? ScopeLevel, IReadOnlyList<string>? ScopeRegions,
    IReadOnlyList<string>? ScopeZones, string? ScopeText, string? Reason);

/// <summary>A correction to a milestone; a null field stays as it is. The reason is required and goes into the audit log.</summary>
public sealed record EditMilestoneRequest(string? Title, int? Year, string? ScopeLevel, IReadOnlyList<string>? ScopeRegions,
    IReadOnlyList<string>? ScopeZones, string? ScopeText, string? Reason);

public sealed record ItemEditDto(string Id, string PlanId, IReadOnlyList<FieldChangeDto> Changes, PlanVersionDto Version);

/// <summary>
/// Corrects a target or a milestone of a plan's current version in place: the corrected document is checked by the same
/// rules as a plan file (<see cref="PlanFile.Parse"/>), the row and the version's document change together, and one audit
/// entry records every field old→new with the reason, in the same save. The save changes an evaluation input, so the
/// data stamp moves and cached evaluations are recomputed. The plan is then managed in the browser: the start-up import
/// no longer overwrites it from data/plans.
/// </summary>
public sealed class PlanItemEdits(AppDbContext db, TimeProvider clock, CurrentUser currentUser, PlanVersionOperations versions)
{
    public async Task<Outcome<ItemEditDto>> EditTargetAsync(string targetId, EditTargetRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!actor.Is(Roles.Admin))
            return Fail.Forbidden("只有规划办管理员可以更正规划目标。");
        var row = await db.Targets.SingleOrDefaultAsync(t => t.Id == targetId && !t.Retired, ct);
        if (row is null)
            return Fail.NotFound("没有这项目标。");
        if (Reason(request.Reason) is { } missing)
            return missing;
        var (version, document) = await CurrentAsync(row.PlanId, ct);
        var old = document.Targets.Single(t => t.Id == targetId);
        Comparator comparator = old.Comparator;
        if (request.Comparator is not null && !Comparators.TryParse(request.Comparator, out comparator))
            return Fail.Invalid("comparator", "比较方式须为 <=、>=、<、>、=、about 或 reach 之一");
        if (ScopeOf(old.Scope, request.ScopeLevel, request.ScopeRegions, request.ScopeZones, request.ScopeText) is not { } scope)
            return Fail.Invalid("scopeLevel", "范围须为全市（city）、区（市）（district）或具体地点（place）");
        var edited = old with { Value = request.Value ?? old.Value, Year = request.Year ?? old.Year, Comparator = comparator, Scope = scope };
        var changes = new List<FieldChange>();
        Change(changes, "value", Number(old.Value), Number(edited.Value));
        Change(changes, "year", Year(old.Year), Year(edited.Year));
        Change(changes, "comparator", old.Comparator.ToToken(), edited.Comparator.ToToken());
        Change(changes, "scope", PlanVersions.ScopeText(old.Scope), PlanVersions.ScopeText(edited.Scope));
        if (changes.Count == 0)
            return Fail.Invalid("value", "没有任何更改");
        var corrected = document with { Targets = document.Targets.Select(t => t.Id == targetId ? edited : t).ToList() };
        if (await CheckAsync(corrected, ct) is { } invalid)
            return invalid;

        row.Value = edited.Value;
        row.Year = edited.Year;
        row.Comparator = edited.Comparator;
        row.ScopeLevel = edited.Scope.Level;
        row.ScopeRegions = [.. edited.Scope.Regions];
        row.ScopeZones = [.. edited.Scope.Zones];
        row.ScopeText = edited.Scope.Text;
        return await SaveAsync(actor, version, corrected, "plan.target.edit", "target", targetId, row.PlanId, changes, request.Reason!, ct);
    }

    public async Task<Outcome<ItemEditDto>> EditMilestoneAsync(string milestoneId, EditMilestoneRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!actor.Is(Roles.Admin))
            return Fail.Forbidden("只有规划办管理员可以更正时间节点。");
        var row = await db.Milestones.SingleOrDefaultAsync(m => m.Id == milestoneId && !m.Retired, ct);
        if (row is null)
            return Fail.NotFound("没有这个时间节点。");
        if (Reason(request.Reason) is { } missing)
            return missing;
        var (version, document) = await CurrentAsync(row.PlanId, ct);
        var old = document.Milestones.Single(m => m.Id == milestoneId);
        if (ScopeOf(old.Scope, request.ScopeLevel, request.ScopeRegions, request.ScopeZones, request.ScopeText) is not { } scope)
            return Fail.Invalid("scopeLevel", "范围须为全市（city）、区（市）（district）或具体地点（place）");
        var edited = old with { Title = string.IsNullOrWhiteSpace(request.Title) ? old.Title : request.Title.Trim(), Year = request.Year ?? old.Year, Scope = scope };
        var changes = new List<FieldChange>();
        Change(changes, "title", old.Title, edited.Title);
        Change(changes, "year", Year(old.Year), Year(edited.Year));
        Change(changes, "scope", PlanVersions.ScopeText(old.Scope), PlanVersions.ScopeText(edited.Scope));
        if (changes.Count == 0)
            return Fail.Invalid("title", "没有任何更改");
        var corrected = document with { Milestones = document.Milestones.Select(m => m.Id == milestoneId ? edited : m).ToList() };
        if (await CheckAsync(corrected, ct) is { } invalid)
            return invalid;

        row.Title = edited.Title;
        row.Year = edited.Year;
        row.ScopeLevel = edited.Scope.Level;
        row.ScopeRegions = [.. edited.Scope.Regions];
        row.ScopeZones = [.. edited.Scope.Zones];
        row.ScopeText = edited.Scope.Text;
        return await SaveAsync(actor, version, corrected, "plan.milestone.edit", "milestone", milestoneId, row.PlanId, changes, request.Reason!, ct);
    }

    private async Task<(PlanVersion Version, PlanDocument Document)> CurrentAsync(string planId, CancellationToken ct)
    {
        var version = await db.PlanVersions.SingleAsync(v => v.PlanId == planId && v.State == PlanVersionStates.Current, ct);
        return (version, await versions.ReadAsync(version, ct));
    }

    // The corrected document goes through the plan-file reader, so an edit can make nothing a plan file could not hold.
    private async Task<Failure?> CheckAsync(PlanDocument corrected, CancellationToken ct)
    {
        try
        {
            PlanFile.Parse("更正后的规划", PlanJson.Write(corrected), await PlanVersionOperations.ReferenceAsync(db, ct));
            return null;
        }
        catch (PlanFileException e)
        {
            var field = e.Field switch
            {
                "value" or "year" or "comparator" or "title" => e.Field,
                "scope.regions" => "scopeRegions",
                "scope.zones" => "scopeZones",
                "baseline.year" or "period" => "year",
                _ => "scopeLevel",
            };
            return Fail.Invalid(field, $"不符合规划文件的规则：{e.Reason}");
        }
    }

    private async Task<Outcome<ItemEditDto>> SaveAsync(Actor actor, PlanVersion version, PlanDocument corrected, string action, string entityType,
        string id, string planId, List<FieldChange> changes, string reason, CancellationToken ct)
    {
        var json = PlanJson.Write(corrected);
        version.Document = json;
        version.ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        version.Origin = PlanVersionOrigins.Edited;
        Audit.Record(db, actor, clock.GetUtcNow(), action, entityType, id,
            changes.ToDictionary(c => c.Field, c => c.Old), changes.ToDictionary(c => c.Field, c => c.New), reason.Trim());
        await db.SaveChangesAsync(ct);
        return new ItemEditDto(id, planId, changes.Select(c => new FieldChangeDto(c.Field, PlanVersionOperations.FieldName(c.Field), c.Old, c.New)).ToList(),
            version.ToDto());
    }

    private static Failure? Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2 ? Fail.Invalid("reason", "请写明更正的理由（至少2个字）") : null;

    private static Scope? ScopeOf(Scope old, string? level, IReadOnlyList<string>? regions, IReadOnlyList<string>? zones, string? text)
    {
        var parsed = level switch
        {
            null => old.Level,
            "city" => ScopeLevel.City,
            "district" => ScopeLevel.District,
            "place" => ScopeLevel.Place,
            _ => (ScopeLevel?)null,
        };
        if (parsed is not { } l)
            return null;
        return new Scope(l, regions is null ? old.Regions : [.. regions], zones is null ? old.Zones : [.. zones], text is null ? old.Text : text.Trim().Length == 0 ? null : text.Trim());
    }

    private static void Change(List<FieldChange> changes, string field, string? old, string? @new)
    {
        if (!string.Equals(old, @new, StringComparison.Ordinal))
            changes.Add(new FieldChange(field, old, @new));
    }

    private static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
