using System.Linq.Expressions;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using PlanTokens = Meicheng.Core.Plans.PlanTokens;
using ScopeLevel = Meicheng.Core.Plans.ScopeLevel;

namespace Meicheng.Web.Features.Showcase;

/// <summary>The round the public sees: the latest published one, with its frozen snapshot.</summary>
public sealed record ShowcaseRound(
    int Id, string Title, string Kind, int Year, DateOnly EvaluationDate, string Method, DateTimeOffset PublishedAt, EvaluationSnapshot Snapshot)
{
    public bool Covers(string planId) => Snapshot.Plans.Any(p => p.Id == planId);
}

/// <summary>One year of a target's approved series (the latest approved revision; the annual period when there is one), in the target's unit.</summary>
public sealed record SeriesPoint(int Year, string Period, double Value, bool IsDemo);

/// <summary>
/// A target as the public sees it: the published status (null when the published round does not cover it, or when it rested
/// on demo data and demo mode is off) and the approved series.
/// </summary>
public sealed record ShowcaseTarget(
    string Id, string PlanId, int? AreaNumber, int? TaskNumber, string IndicatorId, string Indicator, string? IndicatorEn, string Comparator,
    decimal Value, string Unit, int Year, bool Aspirational, string ScopeLevel, string Section, string Clause,
    string? Status, bool StatusFromDemo, TargetEvaluationDto? Evaluation, MethodResultDto? Result, IReadOnlyList<SeriesPoint> Series)
{
    public SeriesPoint? Latest => Series.Count > 0 ? Series[^1] : null;

    public string TargetText => Components.Display.Target(Comparator, Value, Unit);

    public bool ShowsDemo => StatusFromDemo || Series.Any(p => p.IsDemo);

    /// <summary>
    /// Once the target year has passed, the published post-evaluation verdict (achieved-on-time, achieved-late, missed,
    /// still-short), shown instead of the status word: a target met only after its year is 逾期达成, not 已实现.
    /// </summary>
    public string? Verdict => Status is null ? null : EvaluationText.Verdict(Result?.Deadline?.Verdict) is null ? null : Result!.Deadline!.Verdict;
}

public sealed record ShowcaseTask(string PlanId, int Number, int AreaNumber, string Title, string? TitleEn);

public sealed record ShowcaseArea(string PlanId, int Number, string Label, string Title, string? TitleEn);

public sealed record ShowcasePlan(string Id, string Title, string? TitleEn, string Status, int PeriodStart, int PeriodEnd, IReadOnlyList<ShowcaseArea> Areas);

/// <summary>
/// What the public pages read, and only this: approved observations (never submitted ones; demo rows only in demo mode) and
/// the latest published round. A page costs a fixed handful of queries however many targets it shows.
/// </summary>
public static class ShowcaseQueries
{
    public static async Task<ShowcaseRound?> PublishedRoundAsync(AppDbContext db, CancellationToken ct)
    {
        var round = await db.EvaluationRounds.AsNoTracking().Where(r => r.PublishedAt != null)
            .OrderByDescending(r => r.EvaluationDate).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return round is null ? null : new ShowcaseRound(
            round.Id, round.Title, round.Kind, round.Year, round.EvaluationDate, round.PrimaryMethod, round.PublishedAt!.Value, EvaluationViews.Deserialize(round.Snapshot));
    }

    public static async Task<List<ShowcasePlan>> PlansAsync(AppDbContext db, CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.PeriodStart).ThenBy(p => p.Id).ToListAsync(ct);
        var areas = await db.PlanAreas.AsNoTracking().Where(a => !a.Retired).OrderBy(a => a.Number)
            .Select(a => new ShowcaseArea(a.PlanId, a.Number, a.Label, a.Title, a.TitleEn)).ToListAsync(ct);
        // The newer plan (Beautiful City 2025–2027) first: it is the one in force.
        return plans.OrderByDescending(p => p.PeriodStart)
            .Select(p => new ShowcasePlan(p.Id, p.Title, p.TitleEn, PlanTokens.ToToken(p.Status), p.PeriodStart, p.PeriodEnd, areas.Where(a => a.PlanId == p.Id).ToList())).ToList();
    }

    public static Task<List<ShowcaseTask>> TasksAsync(AppDbContext db, string planId, int areaNumber, CancellationToken ct) =>
        db.PlanTasks.AsNoTracking()
            .Where(t => t.PlanId == planId && !t.Retired && !t.IsMeasure && db.PlanAreas.Any(a => a.Id == t.AreaId && a.Number == areaNumber))
            .OrderBy(t => t.Number).Select(t => new ShowcaseTask(t.PlanId, t.Number, areaNumber, t.Title, t.TitleEn)).ToListAsync(ct);

    /// <summary>The home page's headline targets: every city-wide target (each has an indicator), in plan order.</summary>
    public static Expression<Func<Target, bool>> Headline => t => t.ScopeLevel == ScopeLevel.City;

    /// <summary>Targets matching <paramref name="filter"/> with their published status and approved city-wide series: three queries.</summary>
    public static async Task<List<ShowcaseTarget>> TargetsAsync(
        AppDbContext db, string city, Expression<Func<Target, bool>> filter, ShowcaseRound? round, bool demo, CancellationToken ct)
    {
        var targets = await db.Targets.AsNoTracking().Where(t => !t.Retired).Where(filter)
            .OrderBy(t => t.PlanId).ThenBy(t => t.SortOrder)
            .Select(t => new
            {
                t.Id, t.PlanId, t.AreaNumber, t.TaskNumber, t.IndicatorId, Indicator = t.Indicator!.Name, IndicatorEn = t.Indicator.NameEn, IndicatorUnit = t.Indicator.Unit,
                t.Comparator, t.Value, t.Unit, t.Year, t.Aspirational, t.ScopeLevel, t.Section, t.Clause,
            })
            .ToListAsync(ct);
        var ids = targets.Select(t => t.Id).ToList();
        var series = (await ApprovedInputs.ApprovedValuesAsync(
                db, o => o.RegionCode == city && ids.Contains(o.TargetId) && (demo || !o.IsDemo), ct))
            .ToLookup(o => o.TargetId);

        var results = round?.Snapshot.Results.SingleOrDefault(r => r.RegionCode == city)?.Targets.ToDictionary(t => t.TargetId, StringComparer.Ordinal);
        var demoInputs = round?.Snapshot.Observations.Where(o => o.IsDemo).Select(o => o.Id).ToHashSet() ?? [];

        return targets.Select(t =>
        {
            var points = series[t.Id].OrderBy(o => o.PeriodEnd)
                .Select(o => new SeriesPoint(o.Year, o.PeriodKey, (double)(Units.Convert(o.Value, t.IndicatorUnit, t.Unit) ?? o.Value), o.IsDemo)).ToList();
            string? status = null;
            TargetEvaluationDto? evaluation = null;
            MethodResultDto? result = null;
            var fromDemo = false;
            if (round is not null && round.Covers(t.PlanId))
            {
                status = "no-data";
                if (results?.GetValueOrDefault(t.Id) is { } e && e.Results.SingleOrDefault(r => r.Method == round.Method) is { } r)
                {
                    fromDemo = e.ObservationIds.Any(demoInputs.Contains);
                    // A status computed from demo rows is demo data itself: withheld unless demo mode is on (then labelled).
                    if (!fromDemo || demo)
                        (status, evaluation, result) = (r.Status, e, r);
                    else
                        (status, fromDemo) = (null, false);
                }
            }
            return new ShowcaseTarget(
                t.Id, t.PlanId, t.AreaNumber, t.TaskNumber, t.IndicatorId, t.Indicator, t.IndicatorEn, PlanTokens.ToToken(t.Comparator), t.Value, t.Unit, t.Year, t.Aspirational,
                PlanTokens.ToToken(t.ScopeLevel), t.Section, t.Clause, status, fromDemo, evaluation, result, points);
        }).ToList();
    }

    /// <summary>
    /// The few targets an area's summary shows: those with a published judgement (not 无数据) first, then those with the
    /// longest approved series, so the summary shows progress rather than blanks; in plan order otherwise.
    /// </summary>
    public static IReadOnlyList<ShowcaseTarget> Headlines(IEnumerable<ShowcaseTarget> targets, int count) =>
        targets.OrderByDescending(t => t.Status is not null and not "no-data").ThenByDescending(t => Math.Min(t.Series.Count, 2)).Take(count).ToList();

    /// <summary>How many targets have each status, in the order statuses are listed; targets without a published status are counted apart.</summary>
    public static IReadOnlyList<(string Status, int Count)> Counts(IEnumerable<ShowcaseTarget> targets)
    {
        var list = targets.ToList();
        return EvaluationText.StatusOrder.Select(s => (s, list.Count(t => t.Status == s))).Where(c => c.Item2 > 0).ToList();
    }
}
