using System.CommandLine;
using System.Globalization;
using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;

namespace Meicheng.Cli;

/// <summary>
/// <c>meicheng progress</c>: one target, a series of observations, one named method; prints the status, the ratio
/// (and the Open SDG score), the projections and the explanation. Without <c>--target</c> the trend alone is judged.
/// </summary>
internal static class ProgressCommand
{
    public static Command Create()
    {
        var baseline = new Option<string?>("--baseline") { Description = "Base year and value, YEAR:VALUE (e.g. 2015:100); default: from the observations" };
        var observed = new Option<string[]>("--observed") { Description = "Observations, YEAR:VALUE; repeat the option or list several", AllowMultipleArgumentsPerToken = true };
        var target = new Option<string?>("--target") { Description = "Target year and value, YEAR:VALUE (e.g. 2030:50); omit to judge the trend alone (eurostat, opensdg)" };
        var direction = new Option<string>("--direction") { Description = "up, down or none", DefaultValueFactory = _ => "up" };
        direction.AcceptOnlyFromAmong("up", "down", "none");
        var comparator = new Option<string?>("--comparator") { Description = "<=, >=, <, >, =, about or reach; default >= for up, <= for down, reach for none" };
        comparator.AcceptOnlyFromAmong([.. Comparators.Tokens]);
        var kind = new Option<string>("--kind") { Description = "level, share, count, cumulative, annual-rate or change", DefaultValueFactory = _ => "level" };
        kind.AcceptOnlyFromAmong("level", "share", "count", "cumulative", "annual-rate", "change");
        var method = new Option<string>("--method") { Description = "linear, eurostat, un or opensdg", DefaultValueFactory = _ => "linear" };
        method.AcceptOnlyFromAmong("linear", "eurostat", "un", "opensdg");
        var year = new Option<int?>("--evaluation-year") { Description = "Judge as of this year; default: the latest observed year" };
        var startYear = new Option<int?>("--start-year") { Description = "First year of the target's period (before it the target is not yet due)" };
        var tolerance = new Option<double>("--about-tolerance") { Description = "Tolerance of 'about' (左右) as a fraction of the target", DefaultValueFactory = _ => EvaluationOptions.Default.AboutTolerance };
        var aspirational = new Option<bool>("--aspirational") { Description = "力争: flag the target as aspirational" };
        var limit = new Option<double?>("--natural-limit") { Description = "Open SDG without a target: the indicator's natural limit (e.g. 100 for a share)" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };

        var command = new Command("progress", "Evaluate progress toward a target by a named method (linear, eurostat, un, opensdg)")
        {
            baseline, observed, target, direction, comparator, kind, method, year, startYear, tolerance, aspirational, limit, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var points = (parse.GetValue(observed) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Select(v => ParsePoint("--observed", v)).Select(p => new Observation(p.Year, p.Value)).ToList();
                var base0 = parse.GetValue(baseline) is { } b ? ParsePoint("--baseline", b) : ((int Year, double Value)?)null;
                var dir = parse.GetValue(direction) switch { "down" => Direction.Down, "none" => Direction.None, _ => Direction.Up };
                if (!ProgressMethods.TryParse(parse.GetValue(method), out var m))
                    throw new UsageException($"--method '{parse.GetValue(method)}' is not linear, eurostat, un or opensdg");
                var evaluationYear = parse.GetValue(year)
                    ?? (points.Count > 0 ? points.Max(p => p.Year) : base0?.Year)
                    ?? throw new UsageException("give --observed values or --evaluation-year");

                ProgressResult result;
                if (parse.GetValue(target) is { } targetText)
                {
                    var (targetYear, targetValue) = ParsePoint("--target", targetText);
                    var cmp = parse.GetValue(comparator) is { } c && Comparators.TryParse(c, out var parsed)
                        ? parsed
                        : dir switch { Direction.Down => Comparator.AtMost, Direction.Up => Comparator.AtLeast, _ => Comparator.Reach };
                    var t = new EvaluationTarget(targetValue, cmp, dir, ParseKind(parse.GetValue(kind)!), targetYear, parse.GetValue(aspirational),
                        base0?.Year, base0?.Value, parse.GetValue(startYear));
                    result = Progress.Evaluate(t, points, evaluationYear, m, new EvaluationOptions(AboutTolerance: parse.GetValue(tolerance)));
                }
                else
                {
                    if (base0 is { } bp)
                        points.Insert(0, new Observation(bp.Year, bp.Value));
                    result = Progress.EvaluateTrend(points, dir, evaluationYear, m, parse.GetValue(limit));
                }

                if (parse.GetValue(json))
                    PlansCommands.Print(ToJson(result));
                else
                    PrintText(result);
                return 0;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static (int Year, double Value) ParsePoint(string option, string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var y)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            || !double.IsFinite(v))
            throw new UsageException($"{option} '{text}' is not YEAR:VALUE (e.g. 2020:80)");
        return (y, v);
    }

    private static TargetKind ParseKind(string token) => token switch
    {
        "share" => TargetKind.Share,
        "count" => TargetKind.Count,
        "cumulative" => TargetKind.Cumulative,
        "annual-rate" => TargetKind.AnnualRate,
        "change" => TargetKind.Change,
        _ => TargetKind.Level,
    };

    /// <summary>The JSON shape: <c>status</c> is the method's own word, <c>commonStatus</c> the shared one.</summary>
    internal static object ToJson(ProgressResult r) => new
    {
        method = new { r.Method.Name, r.Method.Version, parameters = r.Method.Parameters.ToDictionary(p => p.Name, p => p.Value) },
        status = r.MethodStatus,
        commonStatus = r.Status.Token(),
        outcome = r.Outcome.ToString().ToLowerInvariant(),
        r.Ratio,
        r.Score,
        r.Aspirational,
        r.AssessedYear,
        r.AssessedValue,
        projections = r.Projections.Select(p => new { p.Method, p.ValueAtTargetYear, p.MeetsTarget, p.YearReached, never = p.YearReached is null }),
        explanation = new
        {
            inputs = r.Explanation.Inputs.Select(i => new { i.Name, i.Value, i.Text }),
            steps = r.Explanation.Steps.Select(s => new { s.Symbol, s.Formula, s.Value }),
            notes = r.Explanation.Notes,
        },
    };

    private static void PrintText(ProgressResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"method:  {r.Method.Name} {r.Method.Version} ({string.Join(", ", r.Method.Parameters.Select(p => $"{p.Name}={p.Value.ToString(inv)}"))})");
        Console.WriteLine($"status:  {r.MethodStatus} ({r.Status.Token()}, {r.Outcome.ToString().ToLowerInvariant()}){(r.Aspirational ? " 力争" : "")}");
        Console.WriteLine($"ratio:   {(r.Ratio is { } ratio ? ratio.ToString("0.####", inv) : "undefined")}");
        if (r.Score is { } score)
            Console.WriteLine($"score:   {score.ToString("0.####", inv)}");
        foreach (var p in r.Projections)
            Console.WriteLine($"projection {p.Method}: {(p.ValueAtTargetYear is { } v ? v.ToString("0.####", inv) : "undefined")} in the target year, "
                + (p.YearReached is { } y ? $"target reached in {y}" : "never at current pace"));
        Console.WriteLine("inputs:");
        foreach (var i in r.Explanation.Inputs)
            Console.WriteLine($"  {i.Name} = {(i.Value is { } v ? v.ToString("0.######", inv) : "")}{(i.Text is null ? "" : (i.Value is null ? "" : " ") + i.Text)}");
        Console.WriteLine("steps:");
        foreach (var s in r.Explanation.Steps)
            Console.WriteLine($"  {s.Symbol} = {s.Formula} = {(s.Value is { } v ? v.ToString("0.######", inv) : "undefined")}");
        foreach (var n in r.Explanation.Notes)
            Console.WriteLine($"note: {n}");
    }

    private sealed class UsageException(string message) : Exception(message);
}
