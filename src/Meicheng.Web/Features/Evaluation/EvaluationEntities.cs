using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>
/// An evaluation round (年度监测, 中期评估, 实施后评估). Creating a round runs the evaluation once and freezes it: the
/// snapshot holds the inputs (observation ids, revisions and values), methods, parameters and every result. No code path
/// writes <see cref="Snapshot"/> after the insert; later data changes what the live evaluation shows, never a round.
/// </summary>
public sealed class EvaluationRound
{
    public int Id { get; set; }
    public required string Kind { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    public string? PlanId { get; set; }
    /// <summary>The plan versions (<c>PlanVersion.Id</c>) current when the round was frozen: the versions it evaluated.</summary>
    public List<int> PlanVersionIds { get; set; } = [];
    public required string PrimaryMethod { get; set; }
    public DateOnly EvaluationDate { get; set; }
    public DateTimeOffset FrozenAt { get; set; }
    public required string FrozenBy { get; set; }
    /// <summary>The <see cref="EvaluationSnapshot"/> as JSON.</summary>
    public required string Snapshot { get; set; }
    /// <summary>SHA-256 of <see cref="Snapshot"/>, so anyone can check a downloaded snapshot or report against the round.</summary>
    public required string SnapshotSha256 { get; set; }
    public int ObservationsUsed { get; set; }
    public double? CompositeIndex { get; set; }
    public double ObjectiveWeight { get; set; }
    /// <summary>A closed round takes no more assessments.</summary>
    public bool Closed { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Note { get; set; }
    /// <summary>When the plan office published the round on the public showcase; null while it is not published.</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
}

/// <summary>An evaluator's qualitative assessment (定性评价) and 0–100 score of a target or task in a round; one per evaluator and subject.</summary>
public sealed class EvaluationAssessment
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    public double Score { get; set; }
    public required string Comment { get; set; }
    public required string EvaluatorId { get; set; }
    public required string EvaluatorName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A yearly city health check (城市体检) over an indicator set, drawing on a frozen annual monitoring round.</summary>
public sealed class HealthCheck
{
    public int Id { get; set; }
    public int Year { get; set; }
    public int RoundId { get; set; }
    public required string Title { get; set; }
    public List<string> IndicatorIds { get; set; } = [];
    public int? PreviousCheckId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>A problem found by a health check: generated from an off-track or at-risk target in a region, or entered by hand.</summary>
public sealed class CheckProblem
{
    public int Id { get; set; }
    public int CheckId { get; set; }
    /// <summary>"generated" or "manual".</summary>
    public required string Origin { get; set; }
    /// <summary>"off-track" (问题) or "at-risk" (风险); hand-entered problems say which.</summary>
    public required string Severity { get; set; }
    public string? TargetId { get; set; }
    public string? IndicatorId { get; set; }
    public string? RegionCode { get; set; }
    public string? DepartmentId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>open → rectifying → rectified, then by next year's check resolved (销号) or carried-over (转入下年).</summary>
    public required string Status { get; set; }
    public int? CarriedFromId { get; set; }
    public int? ClosedByCheckId { get; set; }
    public string? ClosingNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>A rectification task (整改任务) for a problem: an owner department, a deadline and a status.</summary>
public sealed class RectificationTask
{
    public int Id { get; set; }
    public int ProblemId { get; set; }
    public required string Title { get; set; }
    public required string OwnerDepartmentId { get; set; }
    public DateOnly Deadline { get; set; }
    public required string Status { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

internal static class EvaluationModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<EvaluationRound>(e =>
        {
            e.Property(r => r.Kind).HasMaxLength(20);
            e.Property(r => r.PrimaryMethod).HasMaxLength(20);
            e.Property(r => r.SnapshotSha256).HasMaxLength(64);
            e.HasOne<Plans.Plan>().WithMany().HasForeignKey(r => r.PlanId);
            e.HasIndex(r => new { r.Kind, r.Year });
            // The showcase asks for the latest published round on every (uncached) request.
            e.HasIndex(r => r.PublishedAt);
        });
        model.Entity<EvaluationAssessment>(e =>
        {
            e.HasOne<EvaluationRound>().WithMany().HasForeignKey(a => a.RoundId);
            e.HasIndex(a => new { a.RoundId, a.SubjectType, a.SubjectId, a.EvaluatorId }).IsUnique();
        });
        model.Entity<HealthCheck>(e =>
        {
            e.HasOne<EvaluationRound>().WithMany().HasForeignKey(c => c.RoundId);
            e.HasOne<HealthCheck>().WithMany().HasForeignKey(c => c.PreviousCheckId);
            e.HasIndex(c => c.Year);
        });
        model.Entity<CheckProblem>(e =>
        {
            e.HasOne<HealthCheck>().WithMany().HasForeignKey(p => p.CheckId);
            e.HasOne<CheckProblem>().WithMany().HasForeignKey(p => p.CarriedFromId);
            e.HasIndex(p => new { p.CheckId, p.Status });
            e.HasIndex(p => p.DepartmentId);
        });
        model.Entity<RectificationTask>(e =>
        {
            e.HasOne<CheckProblem>().WithMany().HasForeignKey(t => t.ProblemId);
            e.HasIndex(t => new { t.OwnerDepartmentId, t.Status });
        });
    }
}
