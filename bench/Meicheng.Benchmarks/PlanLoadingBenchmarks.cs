using BenchmarkDotNet.Attributes;
using Meicheng.Core.Plans;

namespace Meicheng.Benchmarks;

/// <summary>Parsing and validating both plan files, as the web host does at every start.</summary>
[MemoryDiagnoser]
public class PlanLoadingBenchmarks
{
    private string _regions = "";
    private string _departments = "";
    private (string File, string Json)[] _plans = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Meicheng.slnx")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Meicheng.slnx not found");
        _regions = File.ReadAllText(Path.Combine(root, "data", "reference", "regions.json"));
        _departments = File.ReadAllText(Path.Combine(root, "data", "reference", "departments.json"));
        _plans = Directory.GetFiles(Path.Combine(root, "data", "plans"), "*.json").Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();
    }

    [Benchmark]
    public int ParseAndValidateBothPlans()
    {
        var reference = ReferenceData.Parse("regions.json", _regions, "departments.json", _departments);
        var plans = _plans.Select(p => (p.File, PlanFile.Parse(p.File, p.Json, reference))).ToList();
        PlanFile.ValidateSet(plans);
        return plans.Sum(p => p.Item2.Targets.Count);
    }
}
