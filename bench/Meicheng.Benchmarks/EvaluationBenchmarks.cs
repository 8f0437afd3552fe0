using BenchmarkDotNet.Attributes;
using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;

namespace Meicheng.Benchmarks;

/// <summary>
/// The whole evaluation: both plans (133 targets) for Qingdao and its ten districts (11 regions), ten years of
/// synthetic data per target and region, by all four methods, then the roll-ups (plan trees per region and method,
/// a city index over the regions, and departments). Target: under 20 ms warm.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private static readonly ProgressMethod[] AllMethods = [ProgressMethod.Linear, ProgressMethod.Eurostat, ProgressMethod.Un, ProgressMethod.OpenSdg];
    private PlanDocument[] _plans = [];
    private string[] _regions = [];
    // [plan][target] evaluation targets; [region][plan][target] observations.
    private EvaluationTarget[][] _targets = [];
    private Observation[][][][] _observations = [];
    private int _evaluationYear;

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Meicheng.slnx")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Meicheng.slnx not found");
        var reference = ReferenceData.Parse(
            "regions.json", File.ReadAllText(Path.Combine(root, "data", "reference", "regions.json")),
            "departments.json", File.ReadAllText(Path.Combine(root, "data", "reference", "departments.json")));
        _plans = Directory.GetFiles(Path.Combine(root, "data", "plans"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => PlanFile.Parse(Path.GetFileName(f), File.ReadAllText(f), reference)).ToArray();
        _regions = reference.Regions.Where(r => r.Code == "370200" || r.ParentCode == "370200").Select(r => r.Code).ToArray();
        _targets = _plans.Select(p =>
        {
            var indicators = p.Indicators.ToDictionary(i => i.Id);
            return p.Targets.Select(t => EvaluationTarget.FromPlan(t, indicators[t.IndicatorId].Direction, p.PeriodStart)).ToArray();
        }).ToArray();

        // Ten years ending at the latest target year's eve, so that targets are variously open, due and past.
        _evaluationYear = 2026;
        var random = new Random(370200);
        _observations = _regions.Select(_ => _targets.Select(plan => plan.Select(t => Synthetic(t, random)).ToArray()).ToArray()).ToArray();
        if (_regions.Length != 11 || _targets.Sum(t => t.Length) != 133)
            throw new InvalidOperationException($"expected 11 regions and 133 targets, found {_regions.Length} and {_targets.Sum(t => t.Length)}");
    }

    [Benchmark]
    public double EvaluateAllRegionsPlansMethodsAndRollUp()
    {
        var regionNodes = new List<RollupNode>(_regions.Length);
        var cityByMethod = new List<(PlanDocument, IReadOnlyDictionary<string, ProgressStatus>)>(_plans.Length * AllMethods.Length);
        var total = 0.0;
        foreach (var method in AllMethods)
        {
            regionNodes.Clear();
            for (var r = 0; r < _regions.Length; r++)
            {
                var planNodes = new List<RollupNode>(_plans.Length);
                for (var p = 0; p < _plans.Length; p++)
                {
                    var targets = _targets[p];
                    var statuses = new Dictionary<string, ProgressStatus>(targets.Length, StringComparer.Ordinal);
                    for (var t = 0; t < targets.Length; t++)
                    {
                        var result = Progress.Evaluate(targets[t], _observations[r][p][t], _evaluationYear, method);
                        statuses[_plans[p].Targets[t].Id] = result.Status;
                    }
                    planNodes.Add(Rollup.Plan(_plans[p], statuses));
                    if (r == 0)
                        cityByMethod.Add((_plans[p], statuses));
                }
                regionNodes.Add(Rollup.Group($"region:{_regions[r]}", _regions[r], "region", 1, planNodes));
            }
            total += Rollup.Group($"index:{method.Token()}", method.Token(), "index", 1, regionNodes).Score ?? 0;
        }
        foreach (var department in Rollup.ByDepartment(cityByMethod))
            total += department.Score ?? 0;
        return total;
    }

    /// <summary>Ten years up to the evaluation year, moving from a start value toward the target at a random pace with noise.</summary>
    internal static Observation[] Synthetic(EvaluationTarget target, Random random)
    {
        var pace = random.NextDouble() * 1.6 - 0.3;
        var start = target.BaselineYear ?? target.StartYear!.Value - 1;
        var span = Math.Max(1, target.Year - start);
        var falling = target.Comparator is Comparator.AtMost or Comparator.LessThan;
        var from = target.Value * (falling ? 1.5 : 0.6);
        var result = new Observation[10];
        for (var i = 0; i < 10; i++)
        {
            var year = 2017 + i;
            var noise = (random.NextDouble() - 0.5) * 0.04;
            var fraction = (double)(year - start) / span;
            var value = target.Kind switch
            {
                TargetKind.AnnualRate => target.Value * (pace + noise * 5),
                TargetKind.Cumulative or TargetKind.Change => year <= start ? 0 : target.Value * pace * fraction * (1 + noise),
                _ => (from + (target.Value - from) * pace * fraction) * (1 + noise),
            };
            result[i] = new Observation(year, value);
        }
        return result;
    }
}
