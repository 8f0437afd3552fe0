using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;

namespace Meicheng.Core.Tests.Evaluation;

/// <summary>Short forms for the worked examples.</summary>
internal static class Eval
{
    public static EvaluationTarget Target(double value, int year, Comparator comparator = Comparator.AtLeast, Direction direction = Direction.Up,
        TargetKind kind = TargetKind.Level, int? baselineYear = null, double? baselineValue = null, int? startYear = null, bool aspirational = false) =>
        new(value, comparator, direction, kind, year, aspirational, baselineYear, baselineValue, startYear);

    public static Observation[] Obs(params (int Year, double Value)[] points) => points.Select(p => new Observation(p.Year, p.Value)).ToArray();

    public static ProgressResult Run(EvaluationTarget target, int evaluationYear, ProgressMethod method, params (int Year, double Value)[] points) =>
        Progress.Evaluate(target, Obs(points), evaluationYear, method);

    /// <summary>Every result carries its method, a version and parameters, and an explanation with the inputs.</summary>
    public static void AssertRecorded(ProgressResult result, ProgressMethod method)
    {
        Assert.Equal(method.Token(), result.Method.Name);
        Assert.Equal(ProgressMethods.Version, result.Method.Version);
        Assert.NotEmpty(result.Method.Parameters);
        Assert.NotEmpty(result.Explanation.Inputs);
    }

    public static double Step(ProgressResult result, string symbol) =>
        result.Explanation.Steps.Single(s => s.Symbol == symbol).Value ?? double.NaN;
}
