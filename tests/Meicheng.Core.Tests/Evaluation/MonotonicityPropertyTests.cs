using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>
/// Property: a better observation never yields a worse status under the same method, across comparators,
/// directions and kinds. Cases come from a seeded System.Random, so a failure reproduces; the case is in the message.
/// </summary>
public sealed class MonotonicityPropertyTests
{
    private const int Cases = 4000;

    public static TheoryData<ProgressMethod> Methods => [ProgressMethod.Linear, ProgressMethod.Eurostat, ProgressMethod.Un, ProgressMethod.OpenSdg];

    private static int Rank(ProgressStatus s) => s switch
    {
        ProgressStatus.Achieved => 3,
        ProgressStatus.OnTrack => 2,
        ProgressStatus.NeedsAttention => 1,
        _ => 0,
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_better_latest_observation_never_gives_a_worse_status(ProgressMethod method)
    {
        var random = new Random(20261122 + (int)method);
        var comparators = Enum.GetValues<Comparator>();
        var kinds = Enum.GetValues<TargetKind>();
        var directions = Enum.GetValues<Direction>();
        var checkedPairs = 0;
        for (var i = 0; i < Cases; i++)
        {
            var kind = kinds[random.Next(kinds.Length)];
            var comparator = comparators[random.Next(comparators.Length)];
            var direction = directions[random.Next(directions.Length)];
            var t0 = 2010 + random.Next(10);
            var targetYear = t0 + 1 + random.Next(12);
            var evaluationYear = t0 + 1 + random.Next(targetYear - t0 + 2);
            var targetValue = Value(random, kind);
            double? baselineValue = kind is TargetKind.Level or TargetKind.Share or TargetKind.Count ? Value(random, kind) : null;
            var target = new EvaluationTarget(targetValue, comparator, direction, kind, targetYear, random.Next(4) == 0,
                t0, baselineValue, kind is TargetKind.Level or TargetKind.Share or TargetKind.Count ? null : t0 + 1);

            // Some earlier observations, then the one judged: the latest year up to both the evaluation and target years.
            var latestYear = Math.Min(evaluationYear, targetYear);
            var observations = new List<Observation>();
            for (var y = t0 + 1; y < latestYear; y++)
            {
                if (random.Next(3) > 0)
                    observations.Add(new Observation(y, Value(random, kind)));
            }
            var a = Value(random, kind);
            var b = Value(random, kind);
            var ra = Progress.Evaluate(target, [.. observations, new Observation(latestYear, a)], evaluationYear, method);
            var rb = Progress.Evaluate(target, [.. observations, new Observation(latestYear, b)], evaluationYear, method);

            // Which is better: for ≤, <, ≥, > and reach, further in the target's sense; for = and about, closer to the
            // target in the terms the target is stated in (the average rate for annual rates, which is what is compared).
            var sense = Progress.Sense(comparator, kind == TargetKind.AnnualRate ? 0 : baselineValue ?? 0, kind == TargetKind.AnnualRate ? targetValue : targetValue, direction);
            bool aBetter;
            if (comparator is Comparator.About or Comparator.EqualTo)
            {
                if (ra.AssessedValue is not { } va || rb.AssessedValue is not { } vb)
                    continue;
                aBetter = Math.Abs(va - targetValue) <= Math.Abs(vb - targetValue);
            }
            else
            {
                aBetter = sense * (a - b) >= 0;
            }
            var (better, worse) = aBetter ? (ra, rb) : (rb, ra);
            var message = $"case {i}: {target} obs {string.Join(",", observations)} latest {latestYear}: {a} → {ra.Status}/{ra.MethodStatus}/{ra.Ratio}, {b} → {rb.Status}/{rb.MethodStatus}/{rb.Ratio}";
            Assert.True(Rank(better.Status) >= Rank(worse.Status), message);
            if (better.Ratio is { } r1 && worse.Ratio is { } r2 && better.Status != ProgressStatus.Achieved)
                Assert.True(r1 >= r2 - 1e-9, message);
            if (better.Score is { } s1 && worse.Score is { } s2)
                Assert.True(s1 >= s2, message);
            checkedPairs++;
        }
        Assert.True(checkedPairs > Cases / 2, $"only {checkedPairs} comparable pairs");
    }

    /// <summary>Values across the edge cases: zero, negative, small, large; rates between −20% and 30%.</summary>
    private static double Value(Random random, TargetKind kind)
    {
        if (kind == TargetKind.AnnualRate)
            return Math.Round(random.NextDouble() * 50 - 20, 2);
        return random.Next(10) switch
        {
            0 => 0,
            1 => -random.NextDouble() * 50,
            _ => Math.Round(random.NextDouble() * 200, random.Next(3)),
        };
    }
}
