using Meicheng.Core.Evaluation;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using CorePlans = Meicheng.Core.Plans;
using CoreObservation = Meicheng.Core.Evaluation.Observation;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>
/// Runs Meicheng.Core's evaluation over what the database holds: the plans as imported (with the responsibilities the
/// plan office assigned), the latest approved revision of each observation and progress report, and the parameters
/// given. Nothing is computed here that Core computes; this class only gathers inputs and shapes results.
/// </summary>
internal static class EvaluationEngine
{
    public static EvaluationParametersDto Parameters(EvaluationSettings settings, IReadOnlyDictionary<string, double>? weights = null, double? objectiveWeight = null)
    {
        var merged = new SortedDictionary<string, double>(settings.Weights, StringComparer.Ordinal);
        foreach (var (id, w) in weights ?? new Dictionary<string, double>())
            merged[id] = w;
        return new EvaluationParametersDto(
            settings.AboutTolerance, settings.LinearOnTrack, settings.LinearNeedsAttention, settings.MilestoneAtRiskWindowDays,
            RollupOptions.Default.Points.OrderBy(p => p.Key).ToDictionary(p => p.Key.Token(), p => p.Value),
            merged, settings.AspirationalWeight, objectiveWeight ?? settings.ObjectiveWeight);
    }

    /// <summary>Annual monitoring judges as of 31 December of its year; a year not yet over is judged as of today.</summary>
    public static DateOnly EvaluationDate(int year, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return year < today.Year ? new DateOnly(year, 12, 31) : today;
    }

    private sealed record PlanData(Plans.Plan Row, CorePlans.PlanDocument Document, Dictionary<string, Plans.Target> Targets, Dictionary<string, Plans.Milestone> Milestones);

    private sealed record ObservationRow(int Id, string TargetId, string RegionCode, int PeriodId, int Revision, decimal Value, bool IsDemo, DateTimeOffset? ReviewedAt);

    private sealed record ProgressRow(int Id, string MilestoneId, string RegionCode, int PeriodId, int Revision, string State, bool IsDemo, DateTimeOffset? ReviewedAt);

    public static async Task<EvaluationSnapshot> RunAsync(
        AppDbContext db, int year, string? planId, EvaluationParametersDto parameters, string primaryMethod, DateTimeOffset now, CancellationToken ct,
        string? alsoInclude = null)
    {
        var evaluationDate = EvaluationDate(year, now);
        var plans = await LoadPlansAsync(db, planId, ct);
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code == EvaluationText.City || r.ParentCode == EvaluationText.City)
            .OrderBy(r => r.SortOrder).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var targetsById = plans.SelectMany(p => p.Targets.Values).ToDictionary(t => t.Id);
        var milestonesById = plans.SelectMany(p => p.Milestones.Values).ToDictionary(m => m.Id);
        var periods = await db.ReportingPeriods.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);

        var observations = await ApprovedObservationsAsync(db, targetsById, periods, year, ct);
        var progress = await ApprovedProgressAsync(db, milestonesById, periods, evaluationDate, ct);
        var observationsByCell = observations.ToLookup(o => (o.TargetId, o.RegionCode));
        var progressByCell = progress.ToDictionary(p => (p.MilestoneId, p.RegionCode));

        var options = new EvaluationOptions(parameters.AboutTolerance, parameters.LinearOnTrack, parameters.LinearNeedsAttention);
        var milestoneOptions = new MilestoneOptions(parameters.MilestoneAtRiskWindowDays);
        var rollupOptions = RollupOptionsFrom(parameters);
        var methods = Enum.GetValues<ProgressMethod>();

        var regionsWithInputs = observations.Select(o => o.RegionCode).Concat(progress.Select(p => p.RegionCode)).Append(EvaluationText.City).Append(alsoInclude ?? EvaluationText.City).ToHashSet();
        var results = new List<RegionResultsDto>();
        // [method][region] → the statuses per plan, for the roll-ups.
        var statuses = methods.ToDictionary(m => m, _ => new Dictionary<string, List<(CorePlans.PlanDocument Plan, IReadOnlyDictionary<string, ProgressStatus> Statuses)>>());
        foreach (var region in regions)
        {
            var targetResults = new List<TargetEvaluationDto>();
            var milestoneResults = new List<MilestoneEvaluationDto>();
            foreach (var method in methods)
                statuses[method][region.Code] = [];
            foreach (var plan in plans)
            {
                var byMethod = methods.ToDictionary(m => m, _ => new Dictionary<string, ProgressStatus>(StringComparer.Ordinal));
                foreach (var target in plan.Document.Targets)
                {
                    var row = plan.Targets[target.Id];
                    var inputs = observationsByCell[(target.Id, region.Code)].OrderBy(o => o.Year).ToList();
                    var evaluationTarget = EvaluationTarget.FromPlan(target, Direction(row.Indicator!.Direction), plan.Document.PeriodStart);
                    // A plan's stated baseline value is the city's; a district is judged from its own observations.
                    if (region.Code != EvaluationText.City)
                        evaluationTarget = evaluationTarget with { BaselineValue = null };
                    var series = inputs.Select(o => new CoreObservation(o.Year, o.TargetValue)).ToList();
                    var methodResults = new List<MethodResultDto>(methods.Length);
                    foreach (var method in methods)
                    {
                        var result = Progress.Evaluate(evaluationTarget, series, year, method, options);
                        byMethod[method][target.Id] = result.Status;
                        methodResults.Add(result.ToDto());
                    }
                    targetResults.Add(new TargetEvaluationDto(
                        target.Id, plan.Row.Id, row.IndicatorId, row.Indicator.Name, row.Clause, row.AreaNumber, row.TaskNumber, row.TaskId,
                        Display.Target(row.Comparator, row.Value, row.Unit), row.Unit, row.Year, row.Kind, row.Aspirational, region.Code,
                        inputs.Select(o => o.Id).ToList(), methodResults));
                }
                foreach (var milestone in plan.Document.Milestones)
                {
                    var row = plan.Milestones[milestone.Id];
                    progressByCell.TryGetValue((milestone.Id, region.Code), out var report);
                    // A district is judged on the milestones it reported; the city's own milestones are not its overdue items.
                    if (region.Code != EvaluationText.City && report is null)
                        continue;
                    MilestoneState? state = report is not null && Milestones.TryParseState(report.State, out var s) ? s : null;
                    var result = Milestones.Evaluate(Milestones.Deadline(milestone), state, evaluationDate, milestoneOptions);
                    foreach (var method in methods)
                        byMethod[method][milestone.Id] = result.CommonStatus;
                    var token = EvaluationText.MilestoneToken(result.Status);
                    milestoneResults.Add(new MilestoneEvaluationDto(
                        milestone.Id, plan.Row.Id, row.Title, row.AreaNumber, row.TaskNumber, row.Year, region.Code, report?.Id, report?.State,
                        token, EvaluationText.Milestone(token), result.CommonStatus.Token(), result.Deadline, result.DaysLeft, result.Rule));
                }
                foreach (var method in methods)
                    statuses[method][region.Code].Add((plan.Document, byMethod[method]));
            }
            if (regionsWithInputs.Contains(region.Code))
                results.Add(new RegionResultsDto(region.Code, targetResults, milestoneResults));
        }

        var departmentNames = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var regionNames = regions.ToDictionary(r => r.Code, r => r.Name);
        var rollups = new List<MethodRollupDto>();
        foreach (var method in methods)
        {
            var regionNodes = new List<RollupNodeDto>();
            foreach (var region in regions)
            {
                var planNodes = statuses[method][region.Code].Select(x => Rollup.Plan(x.Plan, x.Statuses, rollupOptions, includeMilestones: true)).ToList();
                var node = Rollup.Group($"region:{region.Code}", region.Name, "region", rollupOptions.WeightOf($"region:{region.Code}"), planNodes).ToDto(departmentNames, regionNames);
                // A region without any approved input has nothing to show below its counts; keep the snapshot small.
                regionNodes.Add(regionsWithInputs.Contains(region.Code) ? node : node with { Children = [] });
            }
            var departments = Rollup.ByDepartment(statuses[method][EvaluationText.City], rollupOptions).Select(d => d.ToDto(departmentNames, regionNames)).ToList();
            rollups.Add(new MethodRollupDto(method.Token(), regionNodes, departments));
        }

        return new EvaluationSnapshot(
            EvaluationSnapshot.CurrentSchema, year, evaluationDate, now, EvaluationText.MethodTokens, primaryMethod, parameters,
            plans.Select(p => new SnapshotPlanDto(p.Row.Id, p.Row.Code, p.Row.Title, p.Row.PeriodStart, p.Row.PeriodEnd, p.Row.ContentHash, p.Targets.Count, p.Milestones.Count)).ToList(),
            regions.Select(r => new SnapshotRegionDto(r.Code, r.Name, regionsWithInputs.Contains(r.Code))).ToList(),
            observations, progress, results, rollups);
    }

    internal static RollupOptions RollupOptionsFrom(EvaluationParametersDto parameters)
    {
        var points = new Dictionary<ProgressStatus, double>();
        foreach (var status in Enum.GetValues<ProgressStatus>())
        {
            if (parameters.Points.TryGetValue(status.Token(), out var p))
                points[status] = p;
        }
        return new RollupOptions(points, new Dictionary<string, double>(parameters.Weights, StringComparer.Ordinal), parameters.AspirationalWeight);
    }

    private static async Task<List<PlanData>> LoadPlansAsync(AppDbContext db, string? planId, CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => planId == null || p.Id == planId).OrderBy(p => p.PeriodStart).ThenBy(p => p.Id).ToListAsync(ct);
        var ids = plans.Select(p => p.Id).ToList();
        var areas = await db.PlanAreas.AsNoTracking().Where(a => ids.Contains(a.PlanId) && !a.Retired).OrderBy(a => a.Number).ToListAsync(ct);
        var tasks = await db.PlanTasks.AsNoTracking().Include(t => t.Responsibilities)
            .Where(t => ids.Contains(t.PlanId) && !t.Retired && !t.IsMeasure).OrderBy(t => t.Number).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator).Where(t => ids.Contains(t.PlanId) && !t.Retired)
            .OrderBy(t => t.SortOrder).ToListAsync(ct);
        var milestones = await db.Milestones.AsNoTracking().Where(m => ids.Contains(m.PlanId) && !m.Retired).OrderBy(m => m.SortOrder).ToListAsync(ct);

        return plans.Select(p =>
        {
            var planAreas = areas.Where(a => a.PlanId == p.Id).ToList();
            var coreAreas = planAreas.Select(a => new CorePlans.PlanArea(a.Number, a.Label, a.Title, a.TitleEn, a.Text,
                tasks.Where(t => t.AreaId == a.Id).Select(t => new CorePlans.PlanTask(t.Number, a.Number, t.Title, t.TitleEn, t.Text,
                    t.Responsibilities.OrderBy(r => r.Role == "lead" ? 0 : 1).ThenBy(r => r.DepartmentId)
                        .Select(r => new CorePlans.Responsibility(r.DepartmentId, r.Role == "lead" ? CorePlans.ResponsibilityRole.Lead : CorePlans.ResponsibilityRole.Responsible)).ToList(),
                    t.ResponsibilityText, t.Regions, t.Zones)).ToList())).ToList();
            var planTargets = targets.Where(t => t.PlanId == p.Id).ToList();
            var planMilestones = milestones.Where(m => m.PlanId == p.Id).ToList();
            var document = new CorePlans.PlanDocument(
                p.Id, p.Code, p.Title, p.TitleEn, p.Issuer, p.DocumentNumber, p.Date, CorePlans.PlanStatus.InForce, p.PeriodStart, p.PeriodEnd, p.FrameYear, p.Source,
                [], coreAreas, [],
                planTargets.Select(t => new CorePlans.PlanTarget(
                    t.Id, t.IndicatorId, new CorePlans.Citation(t.Section, t.AreaNumber, t.TaskNumber, t.Clause), t.Value, t.Unit, Comparator(t.Comparator), t.Year,
                    ParseEnum<CorePlans.YearBasis>(t.YearBasis), Kind(t.Kind), t.Aspirational, Scope(t.ScopeLevel, t.ScopeRegions, t.ScopeZones, t.ScopeText),
                    t.BaselineYear, t.BaselineValue, t.PeriodFrom, t.PeriodTo, t.Note)).ToList(),
                planMilestones.Select(m => new CorePlans.PlanMilestone(
                    m.Id, m.Title, new CorePlans.Citation(m.Section, m.AreaNumber, m.TaskNumber, m.Clause), m.Year, ParseEnum<CorePlans.YearBasis>(m.YearBasis), m.DeadlineText,
                    m.Aspirational, Scope(m.ScopeLevel, m.ScopeRegions, m.ScopeZones, m.ScopeText), m.Note)).ToList(),
                []);
            return new PlanData(p, document, planTargets.ToDictionary(t => t.Id), planMilestones.ToDictionary(m => m.Id));
        }).ToList();
    }

    /// <summary>
    /// The latest approved revision of each (target, period, region) cell, one per year: an annual period's value when there
    /// is one, else the value of the period that ends latest in the year. Periods after <paramref name="year"/> are not known yet.
    /// </summary>
    private static async Task<List<InputObservationDto>> ApprovedObservationsAsync(
        AppDbContext db, Dictionary<string, Plans.Target> targets, Dictionary<int, ReportingPeriod> periods, int year, CancellationToken ct)
    {
        var rows = await db.Observations.AsNoTracking().Where(o => o.Status == ReportStatus.Approved)
            .Select(o => new ObservationRow(o.Id, o.TargetId, o.RegionCode, o.PeriodId, o.Revision, o.Value, o.IsDemo, o.ReviewedAt)).ToListAsync(ct);
        return rows.Where(o => targets.ContainsKey(o.TargetId) && periods[o.PeriodId].End.Year <= year)
            .GroupBy(o => (o.TargetId, o.PeriodId, o.RegionCode)).Select(g => g.MaxBy(o => o.Revision)!)
            .GroupBy(o => (o.TargetId, o.RegionCode, periods[o.PeriodId].End.Year))
            .Select(g => g.OrderByDescending(o => periods[o.PeriodId].Frequency == "annual").ThenByDescending(o => periods[o.PeriodId].End).ThenByDescending(o => o.Id).First())
            .Select(o =>
            {
                var target = targets[o.TargetId];
                var indicatorUnit = target.Indicator!.Unit;
                var inTargetUnit = Units.Convert(o.Value, indicatorUnit, target.Unit) ?? o.Value;
                var period = periods[o.PeriodId];
                return new InputObservationDto(o.Id, o.TargetId, o.RegionCode, period.Key, period.End.Year, o.Value, indicatorUnit, (double)inTargetUnit, target.Unit,
                    o.Revision, o.IsDemo, o.ReviewedAt);
            })
            .OrderBy(o => o.TargetId, StringComparer.Ordinal).ThenBy(o => o.RegionCode, StringComparer.Ordinal).ThenBy(o => o.Year).ToList();
    }

    /// <summary>For each milestone and region, the latest approved progress report of a period begun by the evaluation date.</summary>
    private static async Task<List<InputProgressDto>> ApprovedProgressAsync(
        AppDbContext db, Dictionary<string, Plans.Milestone> milestones, Dictionary<int, ReportingPeriod> periods, DateOnly evaluationDate, CancellationToken ct)
    {
        var rows = await db.MilestoneProgress.AsNoTracking().Where(p => p.Status == ReportStatus.Approved && p.MilestoneId != null)
            .Select(p => new ProgressRow(p.Id, p.MilestoneId!, p.RegionCode, p.PeriodId, p.Revision, p.State, p.IsDemo, p.ReviewedAt)).ToListAsync(ct);
        return rows.Where(p => milestones.ContainsKey(p.MilestoneId) && periods[p.PeriodId].Start <= evaluationDate)
            .GroupBy(p => (p.MilestoneId, p.PeriodId, p.RegionCode)).Select(g => g.MaxBy(p => p.Revision)!)
            .GroupBy(p => (p.MilestoneId, p.RegionCode))
            .Select(g => g.OrderByDescending(p => periods[p.PeriodId].End).ThenByDescending(p => p.Id).First())
            .Select(p => new InputProgressDto(p.Id, p.MilestoneId, p.RegionCode, periods[p.PeriodId].Key, p.State, p.Revision, p.IsDemo, p.ReviewedAt))
            .OrderBy(p => p.MilestoneId, StringComparer.Ordinal).ThenBy(p => p.RegionCode, StringComparer.Ordinal).ToList();
    }

    private static CorePlans.Direction Direction(string token) => ParseEnum<CorePlans.Direction>(token);

    private static CorePlans.Comparator Comparator(string token) =>
        CorePlans.Comparators.TryParse(token, out var c) ? c : throw new InvalidOperationException($"Unknown comparator '{token}'.");

    private static CorePlans.TargetKind Kind(string token) => token == "annual-rate" ? CorePlans.TargetKind.AnnualRate : ParseEnum<CorePlans.TargetKind>(token);

    private static CorePlans.Scope Scope(string level, List<string> regions, List<string> zones, string? text) =>
        new(ParseEnum<CorePlans.ScopeLevel>(level), regions, zones, text);

    private static TEnum ParseEnum<TEnum>(string token) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(token.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value)
            ? value : throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} '{token}'.");
}

internal static class EvaluationMapping
{
    public static MethodResultDto ToDto(this ProgressResult r) => new(
        r.Method.Name, EvaluationText.Method(r.Method.Name), r.Method.Version, r.Method.Parameters.Select(p => new ParameterDto(p.Name, p.Value)).ToList(),
        r.Status.Token(), EvaluationText.Status(r.Status.Token()), r.MethodStatus, EvaluationText.Outcome(r.Outcome), r.Ratio, r.Score,
        r.AssessedYear, r.AssessedValue, r.Projections.Select(p => new ProjectionDto(p.Method, p.ValueAtTargetYear, p.MeetsTarget, p.YearReached)).ToList(),
        new ExplanationDto(
            r.Explanation.Inputs.Select(i => new ExplainInputDto(i.Name, i.Value, i.Text)).ToList(),
            r.Explanation.Steps.Select(s => new ExplainStepDto(s.Symbol, s.Formula, s.Value)).ToList(),
            r.Explanation.Notes.ToList()));

    public static RollupNodeDto ToDto(this RollupNode n, IReadOnlyDictionary<string, string> departments, IReadOnlyDictionary<string, string> regions)
    {
        var label = n.Level switch
        {
            "department" when departments.TryGetValue(n.Label, out var d) => d,
            "region" when regions.TryGetValue(n.Label, out var r) => r,
            _ => n.Label,
        };
        return new RollupNodeDto(n.Id, label, n.Level, n.Weight, n.Status?.Token(), n.Score is { } s ? Math.Round(s, 4) : null, n.Counts.ToDto(),
            n.Children.Select(c => c.ToDto(departments, regions)).ToList());
    }

    public static StatusCountsDto ToDto(this StatusCounts c) => new(c.Achieved, c.OnTrack, c.NeedsAttention, c.OffTrack, c.NoData, c.NotYetDue);
}
