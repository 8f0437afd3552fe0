using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;
using CorePlans = Meicheng.Core.Plans;

namespace Meicheng.Web.Features.Plans;

// The plans as the database holds them. Rows are keyed by the stable ids of the plan files, so a
// re-import updates them in place; items a file no longer contains are retired, never deleted,
// because user data (observations, assessments, assignments) hangs on their ids.

public sealed class Plan
{
    public required string Id { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Issuer { get; set; }
    public string? DocumentNumber { get; set; }
    public DateOnly? Date { get; set; }
    public CorePlans.PlanStatus Status { get; set; }
    public int PeriodStart { get; set; }
    public int PeriodEnd { get; set; }
    public int FrameYear { get; set; }

    /// <summary>The GB/T 2260 code of the city the plan belongs to (its root region): the plan document's, or its reference data's.</summary>
    public required string City { get; set; }

    public required string Source { get; set; }
    public required string SourceFile { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public List<PlanArea> Areas { get; set; } = [];
}

public sealed class PlanArea
{
    public required string Id { get; set; }
    public required string PlanId { get; set; }
    public int Number { get; set; }
    public required string Label { get; set; }
    public required string Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Text { get; set; }
    public bool Retired { get; set; }
    public List<PlanTask> Tasks { get; set; } = [];
}

/// <summary>A numbered task, or (with <see cref="IsMeasure"/>) a safeguard / work measure of the plan.</summary>
public sealed class PlanTask
{
    public required string Id { get; set; }
    public required string PlanId { get; set; }
    public string? AreaId { get; set; }
    public bool IsMeasure { get; set; }
    public int Number { get; set; }
    public string? Label { get; set; }
    public required string Title { get; set; }
    public string? TitleEn { get; set; }
    public required string Text { get; set; }
    public string? ResponsibilityText { get; set; }
    public List<string> Regions { get; set; } = [];
    public List<string> Zones { get; set; } = [];
    public bool Retired { get; set; }
    public List<Responsibility> Responsibilities { get; set; } = [];
}

/// <summary>A unit responsible for a task: named by the plan document, or assigned later by the plan office.</summary>
public sealed class Responsibility
{
    public int Id { get; set; }
    public required string TaskId { get; set; }
    public required string DepartmentId { get; set; }
    public CorePlans.ResponsibilityRole Role { get; set; }
    /// <summary>"plan" when the document names the unit (the importer owns these rows), "assigned" when the plan office did.</summary>
    public required string Source { get; set; }
}

public sealed class Indicator
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public required string Unit { get; set; }
    public CorePlans.Direction Direction { get; set; }
    public required string Category { get; set; }
}

public sealed class Target
{
    public required string Id { get; set; }
    public required string PlanId { get; set; }
    public required string IndicatorId { get; set; }
    public string? AreaId { get; set; }
    public string? TaskId { get; set; }
    public int? AreaNumber { get; set; }
    public int? TaskNumber { get; set; }
    public required string Section { get; set; }
    public required string Clause { get; set; }
    public decimal Value { get; set; }
    public required string Unit { get; set; }
    public CorePlans.Comparator Comparator { get; set; }
    public int Year { get; set; }
    public CorePlans.YearBasis YearBasis { get; set; }
    public bool YearImplied { get; set; }
    public CorePlans.TargetKind Kind { get; set; }
    public bool Aspirational { get; set; }
    public CorePlans.ScopeLevel ScopeLevel { get; set; }
    public List<string> ScopeRegions { get; set; } = [];
    public List<string> ScopeZones { get; set; } = [];
    public string? ScopeText { get; set; }
    public int? BaselineYear { get; set; }
    public decimal? BaselineValue { get; set; }
    public int? PeriodFrom { get; set; }
    public int? PeriodTo { get; set; }
    public string? Note { get; set; }
    public int SortOrder { get; set; }
    public bool Retired { get; set; }
    public Indicator? Indicator { get; set; }
}

public sealed class Milestone
{
    public required string Id { get; set; }
    public required string PlanId { get; set; }
    public string? AreaId { get; set; }
    public string? TaskId { get; set; }
    public int? AreaNumber { get; set; }
    public int? TaskNumber { get; set; }
    public required string Title { get; set; }
    public required string Section { get; set; }
    public required string Clause { get; set; }
    public int Year { get; set; }
    public CorePlans.YearBasis YearBasis { get; set; }
    public bool YearImplied { get; set; }
    public string? DeadlineText { get; set; }
    public bool Aspirational { get; set; }
    public CorePlans.ScopeLevel ScopeLevel { get; set; }
    public List<string> ScopeRegions { get; set; } = [];
    public List<string> ScopeZones { get; set; } = [];
    public string? ScopeText { get; set; }
    public string? Note { get; set; }
    public int SortOrder { get; set; }
    public bool Retired { get; set; }
}

public sealed class PlanFact
{
    public required string Id { get; set; }
    public required string PlanId { get; set; }
    public int? AreaNumber { get; set; }
    public int? TaskNumber { get; set; }
    public required string Section { get; set; }
    public required string Clause { get; set; }
    public required string Subject { get; set; }
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
    public string? Note { get; set; }
    public int SortOrder { get; set; }
    public bool Retired { get; set; }
}

/// <summary>One import of a plan file: what changed, from which file content.</summary>
public sealed class PlanImport
{
    public int Id { get; set; }
    public required string PlanId { get; set; }
    public required string File { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Retired { get; set; }
}

/// <summary>
/// One version of a plan document (征求意见稿, 正式稿, a revision), kept whole as a plan file (<c>meicheng.plan/1</c>) so
/// every version stays readable. Exactly one version of a plan is <see cref="PlanVersionStates.Current"/>: the one the
/// plan's rows (targets, milestones, tasks) show. An uploaded version waits as pending until the office confirms its
/// mapping; adopting it supersedes the current one.
/// </summary>
public sealed class PlanVersion
{
    public int Id { get; set; }
    public required string PlanId { get; set; }
    /// <summary>1, 2, 3… per plan, in upload order.</summary>
    public int Number { get; set; }
    /// <summary>What the office calls it: 征求意见稿, 正式稿, 修订稿…</summary>
    public required string Label { get; set; }
    /// <summary>"draft" or "final".</summary>
    public required string Status { get; set; }
    /// <summary>"pending", "current" or "superseded".</summary>
    public required string State { get; set; }
    /// <summary>"file" (data/plans, re-imported at start), "upload" (the browser or API), "edited" (a file or upload corrected in place).</summary>
    public required string Origin { get; set; }
    /// <summary>The whole document as a plan file.</summary>
    public required string Document { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? AdoptedAt { get; set; }
    public string? AdoptedBy { get; set; }
    /// <summary>The confirmed old→new mapping that carried data onto this version, as JSON.</summary>
    public string? Mapping { get; set; }
}

public static class PlanVersionStates
{
    public const string Pending = "pending";
    public const string Current = "current";
    public const string Superseded = "superseded";

    public static string Chinese(string state) => state switch
    {
        Pending => "待确认",
        Current => "现行",
        Superseded => "已被取代",
        _ => state,
    };

    public static string StatusChinese(string status) => status == "final" ? "定稿" : "草案";
}

internal static class PlansModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Plan>(e =>
        {
            e.HasMany(p => p.Areas).WithOne().HasForeignKey(a => a.PlanId);
            e.Property(p => p.Id).HasMaxLength(100);
            e.Property(p => p.City).HasMaxLength(6);
            e.Property(p => p.Status).HasConversion<PlanTokenConverter<CorePlans.PlanStatus>>();
            e.HasIndex(p => p.Code).IsUnique();
        });
        model.Entity<PlanArea>(e =>
        {
            e.HasIndex(a => new { a.PlanId, a.Number }).IsUnique();
            e.HasMany(a => a.Tasks).WithOne().HasForeignKey(t => t.AreaId);
        });
        model.Entity<PlanTask>(e =>
        {
            e.HasIndex(t => new { t.PlanId, t.IsMeasure, t.Number }).IsUnique();
            e.HasOne<Plan>().WithMany().HasForeignKey(t => t.PlanId);
            e.HasMany(t => t.Responsibilities).WithOne().HasForeignKey(r => r.TaskId);
        });
        model.Entity<Responsibility>(e =>
        {
            e.Property(r => r.Role).HasConversion<PlanTokenConverter<CorePlans.ResponsibilityRole>>();
            e.HasIndex(r => new { r.TaskId, r.DepartmentId }).IsUnique();
            e.HasIndex(r => r.DepartmentId);
        });
        model.Entity<Target>(e =>
        {
            e.HasOne(t => t.Indicator).WithMany().HasForeignKey(t => t.IndicatorId);
            e.Property(t => t.Comparator).HasConversion<PlanTokenConverter<CorePlans.Comparator>>();
            e.Property(t => t.YearBasis).HasConversion<PlanTokenConverter<CorePlans.YearBasis>>();
            e.Property(t => t.Kind).HasConversion<PlanTokenConverter<CorePlans.TargetKind>>();
            e.Property(t => t.ScopeLevel).HasConversion<PlanTokenConverter<CorePlans.ScopeLevel>>();
            e.HasOne<Plan>().WithMany().HasForeignKey(t => t.PlanId);
            e.HasOne<PlanTask>().WithMany().HasForeignKey(t => t.TaskId);
            e.HasIndex(t => new { t.PlanId, t.SortOrder });
        });
        model.Entity<Milestone>(e =>
        {
            e.HasOne<Plan>().WithMany().HasForeignKey(m => m.PlanId);
            e.HasOne<PlanTask>().WithMany().HasForeignKey(m => m.TaskId);
            e.Property(m => m.YearBasis).HasConversion<PlanTokenConverter<CorePlans.YearBasis>>();
            e.Property(m => m.ScopeLevel).HasConversion<PlanTokenConverter<CorePlans.ScopeLevel>>();
            e.HasIndex(m => new { m.PlanId, m.SortOrder });
        });
        model.Entity<PlanFact>(e =>
        {
            e.HasOne<Plan>().WithMany().HasForeignKey(f => f.PlanId);
        });
        model.Entity<Indicator>(e => e.Property(i => i.Direction).HasConversion<PlanTokenConverter<CorePlans.Direction>>());
        model.Entity<PlanImport>(e => e.HasIndex(i => new { i.PlanId, i.ImportedAt }));
        model.Entity<PlanVersion>(e =>
        {
            e.HasOne<Plan>().WithMany().HasForeignKey(v => v.PlanId);
            e.HasIndex(v => new { v.PlanId, v.Number }).IsUnique();
            e.Property(v => v.Label).HasMaxLength(100);
        });
        PlanDraftsModel.Configure(model);
    }
}
