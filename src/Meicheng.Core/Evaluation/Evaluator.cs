using Meicheng.Core.Plans;

namespace Meicheng.Core.Evaluation;

/// <summary>One approved value of a target in a region for a year, in the target's unit.</summary>
/// <param name="TargetId">The target.</param>
/// <param name="RegionCode">The city or one of its districts.</param>
/// <param name="Year">The year the value is for.</param>
/// <param name="Value">The value, in the target's terms (see <see cref="Observation"/>).</param>
/// <param name="Source">The caller's identifier of the record behind the value, carried through to the results.</param>
public sealed record TargetInput(string TargetId, string RegionCode, int Year, double Value, int Source = 0);

/// <summary>The state a region last reported for a milestone.</summary>
/// <param name="MilestoneId">The milestone.</param>
/// <param name="RegionCode">The city or one of its districts.</param>
/// <param name="State">The reported state; null when the report's state is not one of the known words.</param>
/// <param name="Source">The caller's identifier of the report.</param>
public sealed record MilestoneInput(string MilestoneId, string RegionCode, MilestoneState? State, int Source = 0);

/// <summary>What an evaluation judges: the regions (the city first is usual), and the approved inputs in them.</summary>
/// <param name="City">The city's region code: the plans' stated baselines are the city's, and only the city answers for every milestone.</param>
/// <param name="Regions">Every region to evaluate and roll up, in display order.</param>
/// <param name="Observations">At most one value per target, region and year.</param>
/// <param name="Progress">At most one report per milestone and region.</param>
public sealed record EvaluationInputs(string City, IReadOnlyList<string> Regions, IReadOnlyList<TargetInput> Observations, IReadOnlyList<MilestoneInput> Progress)
{
    /// <summary>The regions with any input, and the city (which is always shown), in <see cref="Regions"/> order.</summary>
    public IReadOnlyList<string> RegionsWithInputs()
    {
        var with = Observations.Select(o => o.RegionCode).Concat(Progress.Select(p => p.RegionCode)).Append(City).ToHashSet(StringComparer.Ordinal);
        return Regions.Where(with.Contains).ToList();
    }
}

/// <summary>The parameters of a run: the methods' options, the milestone rule's window, the roll-up's points and weights.</summary>
public sealed record EvaluationParameters(EvaluationOptions Options, MilestoneOptions Milestones, RollupOptions Rollup)
{
    /// <summary>The documented defaults.</summary>
    public static EvaluationParameters Default { get; } = new(EvaluationOptions.Default, MilestoneOptions.Default, RollupOptions.Default);
}

/// <summary>What to compute.</summary>
/// <param name="Year">The evaluation year: observations after it are not known yet.</param>
/// <param name="EvaluationDate">The date milestones are judged on.</param>
/// <param name="Method">One method, or null for all four.</param>
/// <param name="Regions">
/// The regions whose per-target results and roll-ups are wanted, or null for every region. Only these regions are evaluated
/// (unless <paramref name="CompareRegions"/>); the departments' roll-ups come with the city.
/// </param>
/// <param name="CompareRegions">
/// Also roll up every other region of the inputs, as a view that compares the districts shows them: their statuses are
/// computed, their per-target results are not kept. Implied when <paramref name="Regions"/> is null.
/// </param>
public sealed record EvaluationRequest(int Year, DateOnly EvaluationDate, ProgressMethod? Method = null, IReadOnlyCollection<string>? Regions = null, bool CompareRegions = false);

/// <summary>The result of a run.</summary>
/// <param name="Year">The evaluation year.</param>
/// <param name="EvaluationDate">The date milestones were judged on.</param>
/// <param name="Methods">The methods run, in the order of each target's results.</param>
/// <param name="Regions">Per-target and per-milestone results of the regions asked for, in the inputs' region order.</param>
/// <param name="Rollups">One roll-up per method run, over the regions evaluated.</param>
public sealed record EvaluationRun(int Year, DateOnly EvaluationDate, IReadOnlyList<ProgressMethod> Methods, IReadOnlyList<RegionEvaluation> Regions, IReadOnlyList<MethodRollup> Rollups);

/// <summary>One region's results: each target of each plan (plan order, then document order), then each milestone judged there.</summary>
public sealed record RegionEvaluation(string RegionCode, IReadOnlyList<TargetEvaluation> Targets, IReadOnlyList<MilestoneEvaluation> Milestones);

/// <summary>One target in one region: the inputs used (by year) and one result per method run.</summary>
public sealed record TargetEvaluation(PlanDocument Plan, PlanTarget Target, IReadOnlyList<TargetInput> Inputs, IReadOnlyList<ProgressResult> Results);

/// <summary>One milestone in one region: the report judged (none in the city means no report yet) and the verdict.</summary>
public sealed record MilestoneEvaluation(PlanDocument Plan, PlanMilestone Milestone, MilestoneInput? Report, MilestoneResult Result);

/// <summary>
/// A method's roll-ups: one node per region evaluated (in the inputs' order, labelled with the region code) and the city's
/// departments (empty when the city was not evaluated).
/// </summary>
public sealed record MethodRollup(ProgressMethod Method, IReadOnlyList<RollupNode> Regions, IReadOnlyList<RollupNode> Departments);

/// <summary>
/// The whole evaluation of plans over regions: each target by the methods asked for (<see cref="Progress"/>), each milestone
/// (<see cref="Milestones"/>), and the roll-ups per region and department (<see cref="Rollup"/>). Pure: the caller gathers the
/// inputs, and the same call serves the web app, the command line and the benchmarks.
/// </summary>
public static class Evaluator
{
    private static readonly ProgressMethod[] AllMethods = [ProgressMethod.Linear, ProgressMethod.Eurostat, ProgressMethod.Un, ProgressMethod.OpenSdg];

    /// <summary>Runs <paramref name="request"/> over <paramref name="plans"/>, whose indicators give each target's direction.</summary>
    /// <exception cref="ArgumentException">A target names an indicator its plan does not define.</exception>
    public static EvaluationRun Run(IReadOnlyList<PlanDocument> plans, EvaluationInputs inputs, EvaluationParameters parameters, EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(request);

        var methods = request.Method is { } one ? [one] : AllMethods;
        var detail = request.Regions is null ? null : new HashSet<string>(request.Regions, StringComparer.Ordinal);
        // Only the regions evaluated are read: one region's view does not group the other regions' values.
        var onlyRegions = detail is null || request.CompareRegions ? null : detail;
        var observations = new Dictionary<(string, string), List<TargetInput>>();
        foreach (var o in inputs.Observations)
        {
            if (onlyRegions is not null && !onlyRegions.Contains(o.RegionCode))
                continue;
            if (!observations.TryGetValue((o.TargetId, o.RegionCode), out var list))
                observations[(o.TargetId, o.RegionCode)] = list = [];
            list.Add(o);
        }
        foreach (var list in observations.Values)
            list.Sort((a, b) => a.Year.CompareTo(b.Year));
        var reports = new Dictionary<(string, string), MilestoneInput>();
        foreach (var p in inputs.Progress)
            reports[(p.MilestoneId, p.RegionCode)] = p;
        var targets = plans.Select(p => Targets(p)).ToList();

        var regions = new List<RegionEvaluation>();
        // [method][region] → each plan with its statuses, for the roll-ups; null for a region not evaluated.
        var statuses = methods.Select(_ => new List<(PlanDocument Plan, IReadOnlyDictionary<string, ProgressStatus> Statuses)>?[inputs.Regions.Count]).ToArray();
        for (var r = 0; r < inputs.Regions.Count; r++)
        {
            var region = inputs.Regions[r];
            var keep = detail is null || detail.Contains(region);
            // A region neither asked for nor compared with is not evaluated at all: one region's view costs one region.
            if (!keep && !request.CompareRegions)
                continue;
            var isCity = region == inputs.City;
            var targetResults = keep ? new List<TargetEvaluation>() : null;
            var milestoneResults = keep ? new List<MilestoneEvaluation>() : null;
            for (var m = 0; m < methods.Length; m++)
                statuses[m][r] = new(plans.Count);
            for (var p = 0; p < plans.Count; p++)
            {
                var plan = plans[p];
                var byMethod = new Dictionary<string, ProgressStatus>[methods.Length];
                for (var m = 0; m < methods.Length; m++)
                    byMethod[m] = new(plan.Targets.Count + plan.Milestones.Count, StringComparer.Ordinal);
                foreach (var (target, evaluationTarget) in targets[p])
                {
                    var used = observations.GetValueOrDefault((target.Id, region)) ?? [];
                    var series = new Observation[used.Count];
                    for (var i = 0; i < used.Count; i++)
                        series[i] = new Observation(used[i].Year, used[i].Value);
                    // A plan's stated baseline value is the city's; a district is judged from its own observations.
                    var judged = isCity ? evaluationTarget : evaluationTarget with { BaselineValue = null };
                    var results = methods.Length == 1
                        ? [Progress.Evaluate(judged, series, request.Year, methods[0], parameters.Options)]
                        : Progress.EvaluateAll(judged, series, request.Year, parameters.Options);
                    for (var m = 0; m < methods.Length; m++)
                        byMethod[m][target.Id] = results[m].Status;
                    targetResults?.Add(new TargetEvaluation(plan, target, used, results));
                }
                foreach (var milestone in plan.Milestones)
                {
                    var report = reports.GetValueOrDefault((milestone.Id, region));
                    // A district is judged on the milestones it reported; the city's own milestones are not its overdue items.
                    if (!isCity && report is null)
                        continue;
                    var result = Milestones.Evaluate(Milestones.Deadline(milestone), report?.State, request.EvaluationDate, parameters.Milestones);
                    for (var m = 0; m < methods.Length; m++)
                        byMethod[m][milestone.Id] = result.CommonStatus;
                    milestoneResults?.Add(new MilestoneEvaluation(plan, milestone, report, result));
                }
                for (var m = 0; m < methods.Length; m++)
                    statuses[m][r]!.Add((plan, byMethod[m]));
            }
            if (keep)
                regions.Add(new RegionEvaluation(region, targetResults!, milestoneResults!));
        }

        var rollup = parameters.Rollup;
        var cityIndex = IndexOf(inputs.Regions, inputs.City);
        var rollups = new List<MethodRollup>(methods.Length);
        for (var m = 0; m < methods.Length; m++)
        {
            var nodes = new List<RollupNode>(inputs.Regions.Count);
            for (var r = 0; r < inputs.Regions.Count; r++)
            {
                if (statuses[m][r] is not { } evaluated)
                    continue;
                var code = inputs.Regions[r];
                var planNodes = evaluated.Select(x => Rollup.Plan(x.Plan, x.Statuses, rollup, includeMilestones: true)).ToList();
                nodes.Add(Rollup.Group($"region:{code}", code, "region", rollup.WeightOf($"region:{code}"), planNodes));
            }
            var departments = cityIndex < 0 || statuses[m][cityIndex] is not { } city ? [] : Rollup.ByDepartment(city, rollup);
            rollups.Add(new MethodRollup(methods[m], nodes, departments));
        }
        return new EvaluationRun(request.Year, request.EvaluationDate, methods, regions, rollups);
    }

    private static List<(PlanTarget Target, EvaluationTarget Evaluation)> Targets(PlanDocument plan)
    {
        var directions = new Dictionary<string, Direction>(StringComparer.Ordinal);
        foreach (var i in plan.Indicators)
            directions[i.Id] = i.Direction;
        return plan.Targets.Select(t => (t, EvaluationTarget.FromPlan(t,
            directions.TryGetValue(t.IndicatorId, out var d) ? d : throw new ArgumentException($"Target {t.Id} names indicator {t.IndicatorId}, which plan {plan.Id} does not define.", nameof(plan)),
            plan.PeriodStart))).ToList();
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
                return i;
        }
        return -1;
    }
}
