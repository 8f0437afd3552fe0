using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Projects;

/// <summary>
/// A project of the library (项目库): what it is, whom it serves (plan tasks, targets, a health-check problem and its
/// rectification task), who builds and supervises it, where, when, for how much (万元) and from which sources, its
/// status (Core's <see cref="Core.Projects.ProjectStatus"/>) and its filing in the central or provincial library.
/// </summary>
public sealed class Project
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public required string Status { get; set; }
    /// <summary>The health-check problem it rectifies, and the rectification task within it.</summary>
    public int? ProblemId { get; set; }
    public int? TaskId { get; set; }
    public List<string> PlanTaskIds { get; set; } = [];
    public List<string> TargetIds { get; set; } = [];
    /// <summary>建设单位.</summary>
    public string? OwnerUnit { get; set; }
    /// <summary>The supervising department (主管部门), whose reporters see, edit and report the project.</summary>
    public string? DepartmentId { get; set; }
    public required string RegionCode { get; set; }
    /// <summary>建设地点, as the sheet says it.</summary>
    public string? Location { get; set; }
    /// <summary>A GeoJSON geometry (Point or Polygon, WGS84) on the city's map.</summary>
    public string? Geometry { get; set; }
    /// <summary>建设内容及规模.</summary>
    public string? Content { get; set; }
    public DateOnly? Start { get; set; }
    public DateOnly? Completion { get; set; }
    /// <summary>总投资, 万元.</summary>
    public decimal Investment { get; set; }
    /// <summary>Capacity in the type's unit (万千瓦 for wind and grid), what a capacity feed rule sums.</summary>
    public decimal? Capacity { get; set; }
    /// <summary>万平方米, what an area feed rule sums.</summary>
    public decimal? Area { get; set; }
    public bool CentralLibrary { get; set; }
    public bool ProvincialLibrary { get; set; }
    public string? LibraryCode { get; set; }
    /// <summary>Shown on the public showcase and in open data (name, type, place, status, investment).</summary>
    public bool Published { get; set; }
    /// <summary>Where the row came from: "form", "import", "plan" (named by a plan, data/projects), "check".</summary>
    public string Origin { get; set; } = "form";
    /// <summary>The key of a project named in data/projects, so loading the file again updates rather than duplicates.</summary>
    public string? Key { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ProjectFunding> Funding { get; set; } = [];
}

/// <summary>One line of a project's annual investment plan: year, source (Core's FundingSource), amount in 万元.</summary>
public sealed class ProjectFunding
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public int Year { get; set; }
    public required string Source { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>
/// A month's progress of a project (形象进度, % complete, investment this month and to date, issues, requests for
/// coordination), a <see cref="Report"/> moved through the same workflow as observations. A project's progress needs no
/// opened reporting period: <see cref="Report.PeriodId"/> holds the month as yyyymm (202611), see <see cref="MonthOf"/>.
/// </summary>
public sealed class ProjectProgress : Report
{
    public int ProjectId { get; set; }
    public required string Narrative { get; set; }
    public decimal PercentComplete { get; set; }
    public decimal InvestedThisMonth { get; set; }
    public decimal InvestedToDate { get; set; }
    public string? Issues { get; set; }
    public string? Coordination { get; set; }

    public static int MonthOf(int year, int month) => year * 100 + month;

    public string MonthKey => $"{PeriodId / 100}-{PeriodId % 100:00}";
}

internal static class ProjectsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Project>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(300);
            e.Property(p => p.Type).HasMaxLength(50);
            e.Property(p => p.Status).HasMaxLength(30);
            e.Property(p => p.Investment).HasPrecision(18, 2);
            e.Property(p => p.Capacity).HasPrecision(18, 4);
            e.Property(p => p.Area).HasPrecision(18, 4);
            e.HasOne<Evaluation.CheckProblem>().WithMany().HasForeignKey(p => p.ProblemId);
            e.HasOne<Evaluation.RectificationTask>().WithMany().HasForeignKey(p => p.TaskId);
            e.HasMany(p => p.Funding).WithOne().HasForeignKey(f => f.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => p.DepartmentId);
            e.HasIndex(p => new { p.Type, p.Status });
            e.HasIndex(p => p.Key).IsUnique();
        });
        model.Entity<ProjectFunding>(e =>
        {
            e.Property(f => f.Amount).HasPrecision(18, 2);
            e.Property(f => f.Source).HasMaxLength(30);
            e.HasIndex(f => new { f.ProjectId, f.Year, f.Source }).IsUnique();
        });
        model.Entity<TargetFeed>(e =>
        {
            e.HasKey(f => f.TargetId);
            e.Property(f => f.Measure).HasMaxLength(20);
            e.Property(f => f.Window).HasMaxLength(10);
            e.Ignore(f => f.Rule);
        });
        model.Entity<ProjectProgress>(e =>
        {
            e.Property(o => o.Version).IsConcurrencyToken();
            e.HasOne<Project>().WithMany().HasForeignKey(o => o.ProjectId);
            e.Property(o => o.PercentComplete).HasPrecision(5, 2);
            e.Property(o => o.InvestedThisMonth).HasPrecision(18, 2);
            e.Property(o => o.InvestedToDate).HasPrecision(18, 2);
            e.HasIndex(o => new { o.ProjectId, o.PeriodId, o.Revision }).IsUnique();
            e.HasIndex(o => new { o.Status, o.IsCurrent });
        });
    }
}
