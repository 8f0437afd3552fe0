using Meicheng.Web.Common;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// A reporting period. With an indicator it is that indicator's schedule (monthly, quarterly, annual); without one it is a
/// period for milestone progress. <see cref="Key"/> names it: "2026", "2026-Q3", "2026-07".
/// </summary>
public sealed class ReportingPeriod
{
    public int Id { get; set; }
    public string? IndicatorId { get; set; }
    public required string Frequency { get; set; }
    public required string Key { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public DateOnly Due { get; set; }
}

/// <summary>The workflow states of a report.</summary>
public static class ReportStatus
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Returned = "returned";

    public static string Chinese(string status) => status switch
    {
        Draft => "草稿",
        Submitted => "已报送",
        Approved => "已审核通过",
        Returned => "已退回",
        _ => status,
    };
}

/// <summary>
/// What an observation and a progress report share: one revision of a report for a cell (subject, period, region), its
/// workflow state and a concurrency token. A revision is a new row superseding the old one; rows are never overwritten
/// in value, only moved through the workflow.
/// </summary>
public abstract class Report
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    public required string RegionCode { get; set; }
    public int Revision { get; set; } = 1;
    public int? SupersedesId { get; set; }
    public bool IsCurrent { get; set; } = true;
    public required string Status { get; set; }
    /// <summary>Set on approval; an admin's reopen of the period clears it so a revision may follow.</summary>
    public bool Locked { get; set; }
    public string? ReviewComment { get; set; }
    /// <summary>"reported" by a department or district, "computed" from monitoring data, "survey" from a survey.</summary>
    public string Source { get; set; } = "reported";
    /// <summary>Where the value came from, as text or JSON (a computation's inputs, a survey's sample).</summary>
    public string? Provenance { get; set; }
    public bool IsDemo { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    /// <summary>Changes on every write; an UPDATE carries the version the client saw, so a second writer gets a conflict.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A value of a target's indicator for a period and region, stored in the indicator's unit.</summary>
public sealed class Observation : Report
{
    public required string TargetId { get; set; }
    public required string IndicatorId { get; set; }
    /// <summary>In the indicator's unit.</summary>
    public decimal Value { get; set; }
    public decimal EnteredValue { get; set; }
    public required string EnteredUnit { get; set; }
    public string? DataSource { get; set; }
    /// <summary>统计口径: how the value was counted.</summary>
    public string? Basis { get; set; }
}

public static class ProgressState
{
    public const string NotStarted = "not-started";
    public const string InProgress = "in-progress";
    public const string Done = "done";
    public const string Delayed = "delayed";

    public static readonly IReadOnlyList<string> All = [NotStarted, InProgress, Done, Delayed];

    public static string Chinese(string state) => state switch
    {
        NotStarted => "未开始",
        InProgress => "推进中",
        Done => "已完成",
        Delayed => "滞后",
        _ => state,
    };
}

/// <summary>Progress of a qualitative task or a milestone for a period.</summary>
public sealed class MilestoneProgress : Report
{
    private string? _milestoneId;
    private string? _taskId;

    public string? MilestoneId { get => _milestoneId; set { _milestoneId = value; SubjectKey = KeyOf(value, _taskId); } }

    public string? TaskId { get => _taskId; set { _taskId = value; SubjectKey = KeyOf(_milestoneId, value); } }

    /// <summary>
    /// "m:&lt;milestoneId&gt;" or "t:&lt;taskId&gt;": the report's subject as one non-null column, so the database's unique index
    /// on (subject, period, region, revision) holds on every provider (NULLs are distinct in a unique index).
    /// </summary>
    public string SubjectKey { get; private set; } = "";

    public static string KeyOf(string? milestoneId, string? taskId) => milestoneId is not null ? "m:" + milestoneId : "t:" + taskId;

    public required string State { get; set; }
    public required string Narrative { get; set; }
}

/// <summary>An evidence file, stored outside wwwroot under a random name; served only through the API to those who may read its report.</summary>
public sealed class Evidence
{
    public int Id { get; set; }
    public int? ObservationId { get; set; }
    public int? ProgressId { get; set; }
    /// <summary>A project's monthly progress (<see cref="Projects.ProjectProgress"/>) the file supports.</summary>
    public int? ProjectProgressId { get; set; }
    public required string FileName { get; set; }
    public required string StoredName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>One accepted workbook upload, by content hash, so the same file uploaded again is recognised.</summary>
public sealed class WorkbookImport
{
    public int Id { get; set; }
    public required string Sha256 { get; set; }
    public required string PeriodKey { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset At { get; set; }
    public int Created { get; set; }
    public int Unchanged { get; set; }
}

internal static class ReportingModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ReportingPeriod>(e =>
        {
            e.HasIndex(p => new { p.IndicatorId, p.Key }).IsUnique();
            e.HasOne<Plans.Indicator>().WithMany().HasForeignKey(p => p.IndicatorId);
        });
        model.Entity<Observation>(e =>
        {
            e.Property(o => o.Version).IsConcurrencyToken();
            e.HasOne<ReportingPeriod>().WithMany().HasForeignKey(o => o.PeriodId);
            e.HasOne<Plans.Target>().WithMany().HasForeignKey(o => o.TargetId);
            e.HasIndex(o => new { o.TargetId, o.PeriodId, o.RegionCode, o.Revision }).IsUnique();
            e.HasIndex(o => new { o.Status, o.IsCurrent });
        });
        model.Entity<MilestoneProgress>(e =>
        {
            e.Property(o => o.Version).IsConcurrencyToken();
            e.HasOne<ReportingPeriod>().WithMany().HasForeignKey(o => o.PeriodId);
            e.HasOne<Plans.Milestone>().WithMany().HasForeignKey(o => o.MilestoneId);
            e.HasOne<Plans.PlanTask>().WithMany().HasForeignKey(o => o.TaskId);
            e.Property(o => o.MilestoneId).HasField("_milestoneId");
            e.Property(o => o.TaskId).HasField("_taskId");
            e.Property(o => o.SubjectKey).HasMaxLength(200);
            e.HasIndex(o => new { o.SubjectKey, o.PeriodId, o.RegionCode, o.Revision }).IsUnique();
            e.HasIndex(o => new { o.MilestoneId, o.TaskId });
        });
        model.Entity<Evidence>(e =>
        {
            e.HasOne<Observation>().WithMany().HasForeignKey(x => x.ObservationId);
            e.HasOne<MilestoneProgress>().WithMany().HasForeignKey(x => x.ProgressId);
            e.HasOne<Projects.ProjectProgress>().WithMany().HasForeignKey(x => x.ProjectProgressId);
        });
        model.Entity<WorkbookImport>(e => e.HasIndex(w => new { w.UserId, w.PeriodKey, w.Sha256 }));
        model.Entity<AuditEntry>(e => e.HasIndex(a => new { a.EntityType, a.EntityId }));
    }
}
