using System.CommandLine;
using System.Text.Json;
using Meicheng.Core.Plans;

namespace Meicheng.Cli;

/// <summary><c>meicheng plans validate|list|targets</c>: the plan files, read and checked without a database.</summary>
internal static class PlansCommands
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "The plans folder (reference data is read from ../reference)", DefaultValueFactory = _ => new DirectoryInfo(FindPlansDirectory()) };
        var json = new Option<bool>("--json") { Description = "Print JSON" };

        var validate = new Command("validate", "Parse and validate every plan file; exit 1 with file, item, field and reason on the first error") { dir };
        validate.SetAction(parse => Run(() =>
        {
            var plans = Load(parse.GetValue(dir)!);
            foreach (var (file, plan) in plans)
                Console.WriteLine($"{file}: {plan.Id} ok — {plan.Areas.Count} areas, {plan.Tasks.Count()} tasks, {plan.Targets.Count} targets, {plan.Milestones.Count} milestones, {plan.Facts.Count} facts");
        }));

        var list = new Command("list", "List the plans") { dir, json };
        list.SetAction(parse => Run(() =>
        {
            var plans = Load(parse.GetValue(dir)!).Select(p => p.Plan).ToList();
            if (parse.GetValue(json))
                Print(plans.Select(p => new { p.Id, p.Title, p.Status, p.PeriodStart, p.PeriodEnd, tasks = p.Tasks.Count(), targets = p.Targets.Count, milestones = p.Milestones.Count }));
            else
                plans.ForEach(p => Console.WriteLine($"{p.Id}\t{p.Title}\t{p.Targets.Count} targets"));
        }));

        var planId = new Argument<string>("plan-id") { Description = "The plan id, e.g. qingdao-beautiful-city-2025-2027" };
        var targets = new Command("targets", "List a plan's quantitative targets as written") { planId, dir, json };
        targets.SetAction(parse => Run(() =>
        {
            var id = parse.GetValue(planId);
            var plan = Load(parse.GetValue(dir)!).Select(p => p.Plan).FirstOrDefault(p => p.Id == id)
                ?? throw new PlanFileException(id ?? "", "plan", "plan-id", "no plan with this id");
            var indicators = plan.Indicators.ToDictionary(i => i.Id);
            if (parse.GetValue(json))
            {
                Print(plan.Targets.Select(t => new
                {
                    t.Id, planId = plan.Id, taskNumber = t.Citation.TaskNumber, indicator = indicators[t.IndicatorId].Name, t.Value, t.Unit,
                    comparator = t.Comparator.ToToken(), t.Year, t.YearImplied, clause = t.Citation.Clause,
                }));
                return;
            }
            foreach (var t in plan.Targets)
                Console.WriteLine($"{t.Id}\t{indicators[t.IndicatorId].Name}\t{t.Comparator.ToToken()} {t.Value} {t.Unit}\t{t.Year}{(t.YearImplied ? " (implied)" : "")}");
        }));

        return new Command("plans", "The plan files: validate, list, targets; extract a draft plan from a document") { validate, list, targets, PlanExtractCommand.Create(dir, json) };
    }

    internal static List<(string File, PlanDocument Plan)> Load(DirectoryInfo dir) => LoadWithReference(dir).Plans;

    /// <summary>The plan files of <paramref name="dir"/>, validated, and the reference data beside them.</summary>
    internal static (ReferenceData Reference, List<(string File, PlanDocument Plan)> Plans) LoadWithReference(DirectoryInfo dir)
    {
        var referenceDir = Path.Combine(dir.Parent?.FullName ?? ".", "reference");
        var reference = ReferenceData.Parse("regions.json", File.ReadAllText(Path.Combine(referenceDir, "regions.json")),
            "departments.json", File.ReadAllText(Path.Combine(referenceDir, "departments.json")));
        var plans = dir.GetFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => (f.Name, PlanFile.Parse(f.Name, File.ReadAllText(f.FullName), reference))).ToList();
        PlanFile.ValidateSet(plans);
        return (reference, plans);
    }

    /// <summary>data/plans of the repository this is run from, or beside the tool.</summary>
    internal static string FindPlansDirectory()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "data", "plans");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, "data", "plans");
    }

    private static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (PlanFileException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    internal static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, CliJson.Options));
}

internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
