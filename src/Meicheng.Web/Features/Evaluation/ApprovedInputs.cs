using System.Linq.Expressions;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>The approved value a target has in a region for one year, as stored (in the indicator's unit).</summary>
public sealed record ApprovedValue(
    int Id, string TargetId, string RegionCode, int PeriodId, string PeriodKey, DateOnly PeriodEnd, int Revision, decimal Value, bool IsDemo, DateTimeOffset? ReviewedAt)
{
    public int Year => PeriodEnd.Year;
}

/// <summary>An approved progress report with its period, before the evaluation date picks the one that counts.</summary>
public sealed record ApprovedReport(
    int Id, string MilestoneId, string RegionCode, int PeriodId, string PeriodKey, DateOnly PeriodStart, DateOnly PeriodEnd, int Revision, string State, bool IsDemo,
    DateTimeOffset? ReviewedAt);

/// <summary>
/// What counts as an approved input, written once: the evaluation, the dashboard (through the evaluation) and the public
/// showcase read their values here. Open data publishes every period's latest approved revision instead (not one per year),
/// so it keeps <see cref="ReportingQueries.ApprovedObservationsAsync"/>.
/// </summary>
public static class ApprovedInputs
{
    private sealed record ValueRow(
        int Id, string TargetId, string RegionCode, int PeriodId, int Revision, decimal Value, bool IsDemo, DateTimeOffset? ReviewedAt, string Key, string Frequency, DateOnly End);

    /// <summary>
    /// The latest approved revision of each (target, period, region) cell, one per year: an annual period's value when there
    /// is one, else the value of the period that ends latest in the year (the later id breaks a tie). Ordered by target,
    /// region (ordinal) and year. <paramref name="filter"/> narrows the observations before the rule applies.
    /// </summary>
    public static async Task<List<ApprovedValue>> ApprovedValuesAsync(AppDbContext db, Expression<Func<Observation, bool>>? filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Observations.AsNoTracking().Where(o => o.Status == ReportStatus.Approved);
        if (filter is not null)
            query = query.Where(filter);
        var rows = await query
            .Join(db.ReportingPeriods, o => o.PeriodId, p => p.Id,
                (o, p) => new ValueRow(o.Id, o.TargetId, o.RegionCode, o.PeriodId, o.Revision, o.Value, o.IsDemo, o.ReviewedAt, p.Key, p.Frequency, p.End))
            .ToListAsync(ct);
        return rows
            .GroupBy(o => (o.TargetId, o.PeriodId, o.RegionCode)).Select(g => g.MaxBy(o => o.Revision)!)
            .GroupBy(o => (o.TargetId, o.RegionCode, o.End.Year))
            .Select(g => g.OrderByDescending(o => o.Frequency == "annual").ThenByDescending(o => o.End).ThenByDescending(o => o.Id).First())
            .Select(o => new ApprovedValue(o.Id, o.TargetId, o.RegionCode, o.PeriodId, o.Key, o.End, o.Revision, o.Value, o.IsDemo, o.ReviewedAt))
            .OrderBy(o => o.TargetId, StringComparer.Ordinal).ThenBy(o => o.RegionCode, StringComparer.Ordinal).ThenBy(o => o.Year).ToList();
    }

    /// <summary>Every approved progress report on a milestone, with its period; <see cref="LatestReports"/> picks the one that counts.</summary>
    public static Task<List<ApprovedReport>> ApprovedReportsAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.MilestoneProgress.AsNoTracking().Where(p => p.Status == ReportStatus.Approved && p.MilestoneId != null)
            .Join(db.ReportingPeriods, p => p.PeriodId, r => r.Id,
                (p, r) => new ApprovedReport(p.Id, p.MilestoneId!, p.RegionCode, p.PeriodId, r.Key, r.Start, r.End, p.Revision, p.State, p.IsDemo, p.ReviewedAt))
            .ToListAsync(ct);
    }

    /// <summary>For each milestone and region, the latest approved revision of the latest-ending period begun by <paramref name="evaluationDate"/>.</summary>
    public static List<ApprovedReport> LatestReports(IEnumerable<ApprovedReport> reports, DateOnly evaluationDate) =>
        reports.Where(p => p.PeriodStart <= evaluationDate)
            .GroupBy(p => (p.MilestoneId, p.PeriodId, p.RegionCode)).Select(g => g.MaxBy(p => p.Revision)!)
            .GroupBy(p => (p.MilestoneId, p.RegionCode))
            .Select(g => g.OrderByDescending(p => p.PeriodEnd).ThenByDescending(p => p.Id).First())
            .OrderBy(p => p.MilestoneId, StringComparer.Ordinal).ThenBy(p => p.RegionCode, StringComparer.Ordinal).ToList();
}
