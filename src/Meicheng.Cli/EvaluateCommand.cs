using System.CommandLine;
using System.Globalization;
using Meicheng.Core.Evaluation;
using Meicheng.Core.Plans;

namespace Meicheng.Cli;

/// <summary>
/// <c>meicheng evaluate</c>: the plans in data/plans judged from a CSV of values (target, region, year, value) through Core's
/// <see cref="Evaluator"/>, the same run the web app makes: each target's status per method, and the roll-ups per region and
/// department.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var observations = new Option<FileInfo>("--observations") { Description = "CSV with a header: target,region,year,value (region empty for the city)", Required = true };
        var year = new Option<int?>("--year") { Description = "The evaluation year; default: the latest year in the file" };
        var method = new Option<string?>("--method") { Description = "linear, eurostat, un or opensdg; default: all four" };
        method.AcceptOnlyFromAmong("linear", "eurostat", "un", "opensdg");
        var region = new Option<string?>("--region") { Description = "One region's results and roll-ups (the city's code or a district's); default: every region" };
        var dir = new Option<DirectoryInfo>("--dir") { Description = "The plans folder (reference data is read from ../reference)", DefaultValueFactory = _ => new DirectoryInfo(PlansCommands.FindPlansDirectory()) };
        var json = new Option<bool>("--json") { Description = "Print JSON" };

        var command = new Command("evaluate", "Evaluate the plans from a CSV of values, as the web app does (Core's Evaluator)") { observations, year, method, region, dir, json };
        command.SetAction(parse =>
        {
            try
            {
                var (reference, plans) = PlansCommands.LoadWithReference(parse.GetValue(dir)!);
                var city = reference.City;
                var regions = reference.Regions.Where(r => r.Code == city || r.ParentCode == city).Select(r => r.Code).ToList();
                var values = ReadValues(parse.GetValue(observations)!, regions, city);
                var evaluationYear = parse.GetValue(year) ?? (values.Count > 0 ? values.Max(v => v.Year) : throw new UsageException("the file has no values: give --year"));
                ProgressMethod? chosen = parse.GetValue(method) is { } m && ProgressMethods.TryParse(m, out var parsed) ? parsed : null;
                var asked = parse.GetValue(region);
                if (asked is not null && !regions.Contains(asked))
                    throw new UsageException($"--region '{asked}' is not {city} or one of its districts");
                var run = Evaluator.Run(plans.Select(p => p.Plan).ToList(), new EvaluationInputs(city, regions, values, []),
                    EvaluationParameters.Default, new EvaluationRequest(evaluationYear, new DateOnly(evaluationYear, 12, 31), chosen, asked is null ? null : [asked]));
                if (parse.GetValue(json))
                    PlansCommands.Print(ToJson(run));
                else
                    PrintText(run);
                return 0;
            }
            catch (PlanFileException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static List<TargetInput> ReadValues(FileInfo file, List<string> regions, string city)
    {
        if (!file.Exists)
            throw new UsageException($"--observations '{file.FullName}' does not exist");
        var lines = File.ReadAllLines(file.FullName);
        if (lines.Length == 0 || lines[0].Trim() != "target,region,year,value")
            throw new UsageException($"{file.Name}: the first line must be target,region,year,value");
        var values = new List<TargetInput>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
                continue;
            var f = lines[i].Split(',');
            var regionCode = f.Length == 4 && f[1].Trim().Length > 0 ? f[1].Trim() : city;
            if (f.Length != 4
                || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var y)
                || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v)
                || !regions.Contains(regionCode))
                throw new UsageException($"{file.Name} line {i + 1}: expected target,region,year,value with a known region, got '{lines[i]}'");
            values.Add(new TargetInput(f[0].Trim(), regionCode, y, v, i + 1));
        }
        return values;
    }

    private static object ToJson(EvaluationRun run) => new
    {
        run.Year,
        methods = run.Methods.Select(m => m.Token()),
        regions = run.Regions.Select(r => new
        {
            region = r.RegionCode,
            targets = r.Targets.Select(t => new
            {
                plan = t.Plan.Id, target = t.Target.Id, values = t.Inputs.Count,
                results = t.Results.Select(x => new { method = x.Method.Name, status = x.MethodStatus, commonStatus = x.Status.Token(), x.Ratio, x.Score }),
            }),
        }),
        rollups = run.Rollups.Select(m => new
        {
            method = m.Method.Token(),
            regions = m.Regions.Select(n => new { region = n.Label, n.Score, n.Assessed }),
            departments = m.Departments.Select(n => new { department = n.Label, n.Score, n.Assessed }),
        }),
    };

    private static void PrintText(EvaluationRun run)
    {
        var inv = CultureInfo.InvariantCulture;
        string Score(double? s) => s is { } v ? v.ToString("0.0", inv) : "-";
        foreach (var r in run.Regions.Where(r => r.Targets.Any(t => t.Inputs.Count > 0)))
        {
            Console.WriteLine($"region {r.RegionCode}:");
            foreach (var t in r.Targets.Where(t => t.Inputs.Count > 0))
                Console.WriteLine($"  {t.Target.Id}\t{string.Join("\t", t.Results.Select(x => $"{x.Method.Name}={x.Status.Token()}"))}");
        }
        foreach (var m in run.Rollups)
        {
            Console.WriteLine($"roll-up {m.Method.Token()}: {string.Join(", ", m.Regions.Select(n => $"{n.Label} {Score(n.Score)}"))}");
            if (m.Departments.Count > 0)
                Console.WriteLine($"  departments: {string.Join(", ", m.Departments.Where(d => d.Score is not null).Select(d => $"{d.Label} {Score(d.Score)}"))}");
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
