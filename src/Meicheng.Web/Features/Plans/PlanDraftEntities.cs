using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Plans;

/// <summary>
/// A plan document uploaded for review: its text as read, the plan's metadata as the office sets it, and every
/// candidate the extractor proposed (or the office added) as an item with a decision. Review can take several
/// sittings; publishing turns the kept items into a plan file (<c>meicheng.plan/1</c>) and records where it went.
/// </summary>
public sealed class PlanDraft
{
    public int Id { get; set; }
    public required string FileName { get; set; }
    /// <summary>The document's text as <c>PlanDocumentReader</c> read it; every item's span is an offset into it.</summary>
    public required string SourceText { get; set; }
    public required string Title { get; set; }
    public string? Issuer { get; set; }
    public string? DocumentNumber { get; set; }
    public DateOnly? Date { get; set; }
    public int? PeriodStart { get; set; }
    public int? PeriodEnd { get; set; }
    public int? FrameYear { get; set; }
    /// <summary>The plan id and code the published plan gets (lower-case kebab-case).</summary>
    public required string PlanId { get; set; }
    public required string Code { get; set; }
    /// <summary>The GB/T 2260 code of the plan's city; a plain string until plans carry their city as data.</summary>
    public required string City { get; set; }
    /// <summary>"draft" (征求意见稿) or "final" (正式稿).</summary>
    public required string Status { get; set; }
    /// <summary>When set, publishing makes the document a new (pending) version of this existing plan instead of a new plan.</summary>
    public string? TargetPlanId { get; set; }
    public string? VersionLabel { get; set; }
    public string? PublishedPlanId { get; set; }
    public int? PublishedVersion { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<PlanDraftItem> Items { get; set; } = [];
}

/// <summary>One candidate of a draft: an area, task or measure of the outline, a target or a milestone.</summary>
public sealed class PlanDraftItem
{
    public int Id { get; set; }
    public int DraftId { get; set; }
    /// <summary>See <see cref="DraftItemKinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>See <see cref="DraftItemStates"/>.</summary>
    public required string State { get; set; }
    public int SpanStart { get; set; }
    public int SpanLength { get; set; }
    public int? Number { get; set; }
    public string? Label { get; set; }
    public int? AreaNumber { get; set; }
    public int? TaskNumber { get; set; }
    /// <summary>The indicator name for a target; the title for the others.</summary>
    public required string Title { get; set; }
    public string? Text { get; set; }
    public string? Section { get; set; }
    public string? Clause { get; set; }
    public string? ValueText { get; set; }
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
    public string? Comparator { get; set; }
    public int? Year { get; set; }
    public string? YearBasis { get; set; }
    public bool Aspirational { get; set; }
    public string? TargetKind { get; set; }
    public int? BaselineYear { get; set; }
    public string? Scope { get; set; }
    public string? DeadlineText { get; set; }
    public string? ResponsibilityText { get; set; }
    /// <summary>The units named or assigned for a task or measure, as JSON (<see cref="DraftOwner"/>).</summary>
    public string? Owners { get; set; }

    public IReadOnlyList<DraftOwner> OwnerList =>
        string.IsNullOrEmpty(Owners) ? [] : JsonSerializer.Deserialize<List<DraftOwner>>(Owners, DraftOwner.Json) ?? [];

    public void SetOwners(IEnumerable<DraftOwner> owners) => Owners = JsonSerializer.Serialize(owners.ToList(), DraftOwner.Json);
}

/// <summary>
/// A unit for a task: <paramref name="DepartmentId"/> when the registry knows the name; otherwise proposed, and created
/// in the registry on publishing once the office accepted it (<paramref name="Accepted"/>). Role: lead, responsible, supporting.
/// </summary>
public sealed record DraftOwner(string Name, string? DepartmentId, string Role, bool Accepted)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public static class DraftItemKinds
{
    public const string Area = "area";
    public const string Task = "task";
    public const string Measure = "measure";
    public const string Target = "target";
    public const string Milestone = "milestone";

    public static string Chinese(string kind) => kind switch
    {
        Area => "领域",
        Task => "任务",
        Measure => "保障措施",
        Target => "量化目标",
        Milestone => "时间节点",
        _ => kind,
    };
}

public static class DraftItemStates
{
    public const string Proposed = "proposed";
    public const string Accepted = "accepted";
    public const string Edited = "edited";
    public const string Rejected = "rejected";
    public const string Added = "added";

    /// <summary>Whether the item goes into the published plan.</summary>
    public static bool Kept(string state) => state is Accepted or Edited or Added;

    public static string Chinese(string state) => state switch
    {
        Proposed => "待定",
        Accepted => "已接受",
        Edited => "已修改",
        Rejected => "已拒绝",
        Added => "已补充",
        _ => state,
    };
}

internal static class PlanDraftsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<PlanDraft>(e =>
        {
            e.HasMany(d => d.Items).WithOne().HasForeignKey(i => i.DraftId).OnDelete(DeleteBehavior.Cascade);
            e.Property(d => d.FileName).HasMaxLength(260);
            e.Property(d => d.PlanId).HasMaxLength(100);
            e.Property(d => d.Code).HasMaxLength(100);
            e.Property(d => d.City).HasMaxLength(12);
            e.Property(d => d.Status).HasMaxLength(10);
        });
        model.Entity<PlanDraftItem>(e =>
        {
            e.HasIndex(i => new { i.DraftId, i.SpanStart });
            e.Ignore(i => i.OwnerList);
            e.Property(i => i.Kind).HasMaxLength(20);
            e.Property(i => i.State).HasMaxLength(20);
            e.Property(i => i.Value).HasPrecision(18, 6);
        });
    }
}
