using System.Globalization;
using System.Text.Json.Nodes;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Extraction;

namespace Meicheng.Core.Tests.Plans;

/// <summary>
/// The two seed documents against the hand-encoded plans in data/plans: a target counts as found when a candidate
/// read from an occurrence of its clause has the same value, unit and year. Each candidate serves one target.
/// </summary>
public sealed class ExtractionRecallTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Plans => new()
    {
        { "000_feb32ed284493a53.txt", "qingdao-beautiful-city-2025-2027.json" },
        { "003_fe283b57d9bee6d3.txt", "qingdao-green-city-pilot-2021.json" },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Extraction_finds_at_least_95_percent_of_the_encoded_targets_with_value_unit_and_year(string seed, string planFile)
    {
        var result = Score(seed, planFile);
        output.WriteLine($"{seed}: recall {result.Recall:P1} ({result.Found}/{result.Expected}), precision {result.Precision:P1} ({result.Matched}/{result.Candidates}; {result.MatchedWithFacts} counting stated facts)");
        foreach (var miss in result.Missed)
            output.WriteLine("missed: " + miss);
        foreach (var extra in result.Unmatched)
            output.WriteLine("not encoded: " + extra);
        foreach (var d in result.Disagreements)
            output.WriteLine("differs: " + d);
        Assert.True(result.Recall >= 0.95, $"recall {result.Recall:P1}");
    }

    internal sealed record RecallResult(int Expected, int Found, int Candidates, int Matched, int MatchedWithFacts, List<string> Missed, List<string> Unmatched, List<string> Disagreements)
    {
        public double Recall => Expected == 0 ? 1 : (double)Found / Expected;

        public double Precision => Candidates == 0 ? 1 : (double)Matched / Candidates;
    }

    internal static RecallResult Score(string seed, string planFile)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Shared, "seeds", seed));
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Plans, planFile)))!.AsObject();
        var extracted = PlanExtractor.For(TestPlans.Reference()).Extract(text);
        var used = new HashSet<ExtractedTarget>();
        var missed = new List<string>();
        var disagreements = new List<string>();
        var found = 0;
        foreach (var t in plan["targets"]!.AsArray().Select(n => n!.AsObject()))
        {
            var clause = (string)t["clause"]!;
            var spans = Occurrences(text, clause).ToList();
            var value = decimal.Parse(t["value"]!.ToJsonString(), CultureInfo.InvariantCulture);
            var unit = (string)t["unit"]!;
            var year = (int)t["year"]!;
            var match = extracted.Targets.FirstOrDefault(c => !used.Contains(c) && c.Value == value && c.Unit == unit && c.Year == year
                && spans.Any(s => c.ValueSpan.Start >= s.Start && c.ValueSpan.Start < s.End));
            if (match is null)
            {
                var near = extracted.Targets.Where(c => spans.Any(s => c.ValueSpan.Start >= s.Start && c.ValueSpan.Start < s.End))
                    .Select(c => $"{c.ValueText} {c.Unit} {c.Year}");
                missed.Add($"{t["id"]}: {value} {unit} {year} in 「{clause}」 (read: {string.Join("; ", near)}) spans={spans.Count}");
                continue;
            }
            used.Add(match);
            found++;
            var expected = ((string)t["comparator"]!, (string)t["kind"]!, (bool)t["aspirational"]!);
            var read = (match.Comparator.ToToken(), match.Kind, match.Aspirational);
            if (expected != read)
                disagreements.Add($"{t["id"]}: encoded {expected}, read {read}");
        }
        var matched = used.Count;
        var facts = plan["facts"]!.AsArray().Select(n => n!.AsObject()).Where(f => f["value"] is not null)
            .SelectMany(f => Occurrences(text, (string)f["clause"]!)).ToList();
        var withFacts = matched + extracted.Targets.Count(c => !used.Contains(c) && facts.Any(s => c.ValueSpan.Start >= s.Start && c.ValueSpan.Start < s.End));
        var unmatched = extracted.Targets.Where(c => !used.Contains(c)).Select(c => $"{c.Indicator} {c.Comparator.ToToken()} {c.ValueText} {c.Unit} {c.Year} 「{c.Clause}」").ToList();
        return new RecallResult(plan["targets"]!.AsArray().Count, found, extracted.Targets.Count, matched, withFacts, missed, unmatched, disagreements);
    }

    private static IEnumerable<(int Start, int End)> Occurrences(string text, string clause)
    {
        for (var at = text.IndexOf(clause, StringComparison.Ordinal); at >= 0; at = text.IndexOf(clause, at + 1, StringComparison.Ordinal))
            yield return (at, at + clause.Length);
    }
}
