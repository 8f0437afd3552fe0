using BenchmarkDotNet.Attributes;
using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;

namespace Meicheng.Benchmarks;

/// <summary>
/// The whole evaluation as the app runs it, through Core's <see cref="Evaluator"/>: both plans (131 targets) for Qingdao and
/// its ten districts (11 regions), ten years of synthetic data per target and region, by all four methods, then the
/// roll-ups (plan trees per region and method, and departments). Each call is cold: nothing is kept between runs.
/// Targets: the full run under 20 ms; one region by one method (that region's results and roll-ups) under 2 ms. The web's
/// views also show every district's roll-up beside the region asked (<see cref="EvaluationRequest.CompareRegions"/>), which
/// evaluates every region by the one method: measured separately.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private string _city = "";
    private PlanDocument[] _plans = [];
    private EvaluationInputs _inputs = null!;
    private readonly DateOnly _evaluationDate = new(2026, 12, 31);
    private const int EvaluationYear = 2026;

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
        _city = reference.City;
        var regions = reference.Regions.Where(r => r.Code == _city || r.ParentCode == _city).Select(r => r.Code).ToArray();

        // Ten years ending at the evaluation year, so that targets are variously open, due and past.
        var random = new Random(370200);
        var observations = new List<TargetInput>();
        foreach (var region in regions)
        {
            foreach (var plan in _plans)
            {
                var indicators = plan.Indicators.ToDictionary(i => i.Id);
                foreach (var t in plan.Targets)
                {
                    var target = EvaluationTarget.FromPlan(t, indicators[t.IndicatorId].Direction, plan.PeriodStart);
                    observations.AddRange(Synthetic(target, random).Select(o => new TargetInput(t.Id, region, o.Year, o.Value)));
                }
            }
        }
        _inputs = new EvaluationInputs(_city, regions, observations, []);
        var targets = _plans.Sum(p => p.Targets.Count);
        if (regions.Length != 11 || targets != 131)
            throw new InvalidOperationException($"expected 11 regions and 131 targets, found {regions.Length} and {targets}");
    }

    [Benchmark]
    public double EvaluateAllRegionsPlansMethodsAndRollUp() =>
        Score(Evaluator.Run(_plans, _inputs, EvaluationParameters.Default, new EvaluationRequest(EvaluationYear, _evaluationDate)));

    [Benchmark]
    public double EvaluateOneRegionByOneMethod() =>
        Score(Evaluator.Run(_plans, _inputs, EvaluationParameters.Default, new EvaluationRequest(EvaluationYear, _evaluationDate, ProgressMethod.Linear, [_city])));

    [Benchmark]
    public double EvaluateOneRegionByOneMethodComparedWithTheDistricts() =>
        Score(Evaluator.Run(_plans, _inputs, EvaluationParameters.Default, new EvaluationRequest(EvaluationYear, _evaluationDate, ProgressMethod.Linear, [_city], CompareRegions: true)));

    private static double Score(EvaluationRun run) =>
        run.Rollups.Sum(r => r.Regions.Sum(n => n.Score ?? 0) + r.Departments.Sum(d => d.Score ?? 0));

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
