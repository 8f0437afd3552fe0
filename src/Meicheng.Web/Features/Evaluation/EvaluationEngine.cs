using Meicheng.Core.Evaluation;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using PlanTokens = Meicheng.Core.Plans.PlanTokens;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>
/// Runs Meicheng.Core's <see cref="Evaluator"/> over what the database holds: the plans as imported (with the responsibilities
/// the plan office assigned, <see cref="PlanCatalogue"/>), the approved inputs (<see cref="ApprovedInputs"/>) and the
/// parameters given. Nothing is computed here that Core computes; this class only maps inputs in and results out.
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

    /// <summary>The full evaluation, read fresh from the database: every method, every region with inputs (what a round freezes).</summary>
    public static async Task<EvaluationSnapshot> RunAsync(
        AppDbContext db, string city, int year, string? planId, EvaluationParametersDto parameters, string primaryMethod, DateTimeOffset now, CancellationToken ct,
        string? alsoInclude = null) =>
        Snapshot(await EvaluationData.LoadAsync(db, city, ct), year, planId, parameters, primaryMethod, now, method: null, region: null, alsoInclude);

    /// <summary>
    /// Runs Core's <see cref="Evaluator"/> over <paramref name="data"/> and shapes a snapshot: every method when
    /// <paramref name="method"/> is null, else that one; the results of every region with inputs when <paramref name="region"/>
    /// is null, else of that region only. Roll-ups always cover every region.
    /// </summary>
    public static EvaluationSnapshot Snapshot(
        EvaluationData data, int year, string? planId, EvaluationParametersDto parameters, string primaryMethod, DateTimeOffset now,
        ProgressMethod? method, string? region, string? alsoInclude = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var catalogue = data.Catalogue;
        var evaluationDate = EvaluationDate(year, now);
        var plans = catalogue.Select(planId);
        var targetsById = plans.SelectMany(p => p.Targets.Values).ToDictionary(t => t.Id);
        var milestoneIds = plans.SelectMany(p => p.Milestones.Keys).ToHashSet(StringComparer.Ordinal);

        var observations = data.Values.Where(o => o.Year <= year && targetsById.ContainsKey(o.TargetId)).Select(o =>
        {
            var target = targetsById[o.TargetId];
            var indicatorUnit = target.Indicator!.Unit;
            var inTargetUnit = Units.Convert(o.Value, indicatorUnit, target.Unit) ?? o.Value;
            return new InputObservationDto(o.Id, o.TargetId, o.RegionCode, o.PeriodKey, o.Year, o.Value, indicatorUnit, (double)inTargetUnit, target.Unit,
                o.Revision, o.IsDemo, o.ReviewedAt);
        }).ToList();
        var progress = ApprovedInputs.LatestReports(data.Reports.Where(p => milestoneIds.Contains(p.MilestoneId)), evaluationDate)
            .Select(p => new InputProgressDto(p.Id, p.MilestoneId, p.RegionCode, p.PeriodKey, p.State, p.Revision, p.IsDemo, p.ReviewedAt)).ToList();
        var reportsById = progress.ToDictionary(p => p.Id);

        var regionsWithInputs = observations.Select(o => o.RegionCode).Concat(progress.Select(p => p.RegionCode))
            .Append(catalogue.City).Append(alsoInclude ?? region ?? catalogue.City).ToHashSet(StringComparer.Ordinal);
        var inputs = new EvaluationInputs(
            catalogue.City, catalogue.Regions.Select(r => r.Code).ToList(),
            observations.Select(o => new TargetInput(o.TargetId, o.RegionCode, o.Year, o.TargetValue, o.Id)).ToList(),
            progress.Select(p => new MilestoneInput(p.MilestoneId, p.RegionCode, Milestones.TryParseState(p.State, out var s) ? s : null, p.Id)).ToList());
        // Every view compares the districts (their roll-ups are in it), so every region is rolled up even when one is asked.
        var request = new EvaluationRequest(year, evaluationDate, method, region is null ? regionsWithInputs : [region], CompareRegions: true);
        var run = Evaluator.Run(plans.Select(p => p.Document).ToList(), inputs, CoreParameters(parameters), request);

        var rowsByPlan = plans.ToDictionary(p => p.Document.Id);
        var results = run.Regions.Select(r => new RegionResultsDto(
            r.RegionCode,
            r.Targets.Select(t =>
            {
                var plan = rowsByPlan[t.Plan.Id];
                var row = plan.Targets[t.Target.Id];
                return new TargetEvaluationDto(
                    row.Id, plan.Row.Id, row.IndicatorId, row.Indicator!.Name, row.Clause, row.AreaNumber, row.TaskNumber, row.TaskId,
                    Display.Target(row.Comparator, row.Value, row.Unit), row.Unit, row.Year, PlanTokens.ToToken(row.Kind), row.Aspirational, r.RegionCode,
                    t.Inputs.Select(o => o.Source).ToList(), t.Results.Select(x => x.ToDto()).ToList());
            }).ToList(),
            r.Milestones.Select(m =>
            {
                var plan = rowsByPlan[m.Plan.Id];
                var row = plan.Milestones[m.Milestone.Id];
                var report = m.Report is null ? null : reportsById[m.Report.Source];
                var token = EvaluationText.MilestoneToken(m.Result.Status);
                return new MilestoneEvaluationDto(
                    row.Id, plan.Row.Id, row.Title, row.AreaNumber, row.TaskNumber, row.Year, r.RegionCode, report?.Id, report?.State,
                    token, EvaluationText.Milestone(token), m.Result.CommonStatus.Token(), m.Result.Deadline, m.Result.DaysLeft, m.Result.Rule);
            }).ToList())).ToList();

        var rollups = run.Rollups.Select(m => new MethodRollupDto(
            m.Method.Token(),
            m.Regions.Select(node =>
            {
                var dto = node.ToDto(catalogue.DepartmentNames, catalogue.RegionNames);
                // A region without any approved input has nothing to show below its counts; keep the snapshot small.
                return regionsWithInputs.Contains(node.Label) ? dto : dto with { Children = [] };
            }).ToList(),
            m.Departments.Select(d => d.ToDto(catalogue.DepartmentNames, catalogue.RegionNames)).ToList())).ToList();

        return new EvaluationSnapshot(
            EvaluationSnapshot.CurrentSchema, year, evaluationDate, now, EvaluationText.MethodTokens, primaryMethod, parameters,
            plans.Select(p => new SnapshotPlanDto(p.Row.Id, p.Row.Code, p.Row.Title, p.Row.PeriodStart, p.Row.PeriodEnd, p.Row.ContentHash, p.Targets.Count, p.Milestones.Count)).ToList(),
            catalogue.Regions.Select(r => new SnapshotRegionDto(r.Code, r.Name, regionsWithInputs.Contains(r.Code))).ToList(),
            observations, progress, results, rollups);
    }

    /// <summary>A method token (<c>linear</c>, <c>eurostat</c>, <c>un</c>, <c>opensdg</c>) as Core's enum.</summary>
    public static ProgressMethod Method(string token)
    {
        foreach (var m in Enum.GetValues<ProgressMethod>())
        {
            if (m.Token() == token)
                return m;
        }
        throw new ArgumentException($"Unknown method '{token}'.", nameof(token));
    }

    internal static EvaluationParameters CoreParameters(EvaluationParametersDto parameters) => new(
        new EvaluationOptions(parameters.AboutTolerance, parameters.LinearOnTrack, parameters.LinearNeedsAttention),
        new MilestoneOptions(parameters.MilestoneAtRiskWindowDays),
        RollupOptionsFrom(parameters));

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
}

/// <summary>What the evaluation reads from the database, loaded once per data stamp: the plan catalogue and every approved input.</summary>
public sealed record EvaluationData(PlanCatalogue Catalogue, IReadOnlyList<ApprovedValue> Values, IReadOnlyList<ApprovedReport> Reports)
{
    public static async Task<EvaluationData> LoadAsync(AppDbContext db, string city, CancellationToken ct) => new(
        await PlanCatalogue.LoadAsync(db, city, ct),
        await ApprovedInputs.ApprovedValuesAsync(db, null, ct),
        await ApprovedInputs.ApprovedReportsAsync(db, ct));
}

internal static class EvaluationMapping
{
    public static MethodResultDto ToDto(this ProgressResult r)
    {
        var deadline = r.Deadline is { } d
            ? new DeadlineDto(EvaluationText.VerdictToken(d.Verdict), d.TargetYear, d.TargetYearValue, d.LaterYear, d.LaterValue, d.LaterMeets)
            : null;
        var missing = r.Missing is { } m ? new MissingDto(EvaluationText.MissingToken(m.Kind), m.FromYear, m.ToYear, m.BaselineYear) : null;
        return new(
            r.Method.Name, EvaluationText.Method(r.Method.Name), r.Method.Version, r.Method.Parameters.Select(p => new ParameterDto(p.Name, p.Value)).ToList(),
            r.Status.Token(), EvaluationText.StatusText(r.Status.Token(), deadline, missing), r.MethodStatus, EvaluationText.Outcome(r.Outcome), r.Ratio, r.Score,
            r.AssessedYear, r.AssessedValue, r.Projections.Select(p => new ProjectionDto(p.Method, p.ValueAtTargetYear, p.MeetsTarget, p.YearReached)).ToList(),
            new ExplanationDto(
                r.Explanation.Inputs.Select(i => new ExplainInputDto(i.Name, i.Value, i.Text)).ToList(),
                r.Explanation.Steps.Select(s => new ExplainStepDto(s.Symbol, s.Formula, s.Value)).ToList(),
                r.Explanation.Notes.ToList()),
            deadline, missing);
    }

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
