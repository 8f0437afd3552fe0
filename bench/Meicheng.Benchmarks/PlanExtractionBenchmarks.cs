using System.Text;
using BenchmarkDotNet.Attributes;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Extraction;

namespace Meicheng.Benchmarks;

/// <summary>
/// Reading a 30,000-character plan into a draft (issue 11: under 200 ms). The plan is the two seed documents
/// (../shared/seeds) run together and cut at a paragraph near 30,000 characters, with the city's department registry.
/// </summary>
[MemoryDiagnoser]
public class PlanExtractionBenchmarks
{
    private static readonly string[] Seeds = ["000_feb32ed284493a53.txt", "003_fe283b57d9bee6d3.txt"];
    private string _text = "";
    private PlanExtractor _extractor = new();

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Meicheng.slnx")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Meicheng.slnx not found");
        var seeds = Path.GetFullPath(Path.Combine(root, "..", "shared", "seeds"));
        var parts = Seeds.Select(f => File.ReadAllText(Path.Combine(seeds, f))).ToArray();
        var text = new StringBuilder();
        for (var i = 0; text.Length < 30_000; i++)
        {
            foreach (var line in parts[i % 2].Split('\n'))
            {
                if (text.Length + line.Length + 1 > 30_000)
                    break;
                text.Append(line).Append('\n');
            }
            if (text.Length > 29_000)
                break;
        }
        _text = text.ToString();
        var reference = ReferenceData.Parse(
            "regions.json", File.ReadAllText(Path.Combine(root, "data", "reference", "regions.json")),
            "departments.json", File.ReadAllText(Path.Combine(root, "data", "reference", "departments.json")));
        _extractor = PlanExtractor.For(reference);
    }

    [Benchmark]
    public int Extract30000CharacterPlan() => _extractor.Extract(_text).Targets.Count;
}
