using System.CommandLine;
using System.Diagnostics;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Cli;

/// <summary><c>meicheng air evaluate</c>: HJ 663 annual evaluation of hourly CSV files, per station and for the city.</summary>
internal static class AirCommands
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "prsa (Beijing PRSA files) or generic (station,time,pm25,pm10,so2,no2,co,o3)", DefaultValueFactory = _ => "generic" };
        format.AcceptOnlyFromAmong("prsa", "generic");
        var input = new Option<string[]>("--input") { Description = "CSV files or folders of *.csv", Required = true, AllowMultipleArgumentsPerToken = true };
        var year = new Option<int>("--year") { Description = "Calendar year to evaluate", Required = true };
        var rules = new Option<string>("--rules") { Description = "HJ 633 rule set for the daily AQI: 2012 or 2026", DefaultValueFactory = _ => "2012" };
        rules.AcceptOnlyFromAmong("2012", "2026");
        var limits = new Option<string?>("--limits") { Description = "GB 3095 limits: 2012, 2026-transitional or 2026-final (default: 2012 with --rules 2012, else 2026-transitional)" };
        limits.AcceptOnlyFromAmong("2012", "2026-transitional", "2026-final");
        var hourLabels = new Option<string>("--hour-labels") { Description = "period-end (label h = hour ending at h; label 0 closes the previous day) or period-start", DefaultValueFactory = _ => "period-end" };
        hourLabels.AcceptOnlyFromAmong("period-end", "period-start");
        var indexRounding = new Option<string>("--index-rounding") { Description = "Comprehensive index: sum (round only the sum) or each (round each term)", DefaultValueFactory = _ => "sum" };
        indexRounding.AcceptOnlyFromAmong("sum", "each");
        var city = new Option<string>("--city") { Description = "City statistics: mean-of-stations or daily-series", DefaultValueFactory = _ => "mean-of-stations" };
        city.AcceptOnlyFromAmong("mean-of-stations", "daily-series");
        var strictIncomplete = new Option<bool>("--no-incomplete-exceeding") { Description = "Do not count incomplete days or MDA8 that already exceed the limit" };
        var allOrNothing = new Option<bool>("--strict") { Description = "All-or-nothing per file: a file with any refused row is not imported" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };

        var evaluate = new Command("evaluate", "HJ 663 annual evaluation per station and for the city; progress on stderr")
        {
            format, input, year, rules, limits, hourLabels, indexRounding, city, strictIncomplete, allOrNothing, json,
        };
        evaluate.SetAction(parse =>
        {
            var files = ExpandInputs(parse.GetValue(input)!);
            if (files.Count == 0)
            {
                Console.Error.WriteLine("error: no CSV files found in --input");
                return 2;
            }
            if (files.FirstOrDefault(f => !File.Exists(f)) is { } absent)
            {
                Console.Error.WriteLine($"error: {absent} does not exist");
                return 2;
            }
            var aqiRules = AqiRuleSet.Parse(parse.GetValue(rules)!);
            var options = new AnnualEvaluationOptions
            {
                AqiRules = aqiRules,
                Limits = parse.GetValue(limits) is { } l ? Gb3095.ParseGeneration(l) : aqiRules.Year >= 2026 ? Gb3095Generation.V2026Transitional : Gb3095Generation.V2012,
                IndexRounding = parse.GetValue(indexRounding) == "each" ? IndexRounding.EachTerm : IndexRounding.SumOnly,
                CityAggregation = parse.GetValue(city) == "daily-series" ? CityAggregation.CityDailySeries : CityAggregation.MeanOfStationStatistics,
                IncompleteExceedingCounts = !parse.GetValue(strictIncomplete),
            };
            var convention = parse.GetValue(hourLabels) == "period-start" ? HourLabelConvention.PeriodStart : HourLabelConvention.PeriodEnd;
            var csvFormat = parse.GetValue(format) == "prsa" ? AirCsvFormat.Prsa : AirCsvFormat.Generic;
            var (data, report) = Ingest(csvFormat, files, convention, parse.GetValue(allOrNothing), progress: true);
            var evaluation = AnnualEvaluation.Evaluate(data, parse.GetValue(year), options);
            if (evaluation.Stations.All(st => st.Pollutants.All(p => p.Statistics.All(x => x.Days == 0))))
                Console.Error.WriteLine($"warning: no valid daily values in {parse.GetValue(year)}");
            if (parse.GetValue(json))
                PlansCommands.Print(ToJson(evaluation, report));
            else
                PrintText(evaluation, report);
            return 0;
        });
        return new Command("air", "Ambient air: annual evaluation (HJ 663)") { evaluate };
    }

    internal static List<string> ExpandInputs(IEnumerable<string> inputs) =>
        inputs.SelectMany(i => Directory.Exists(i) ? Directory.GetFiles(i, "*.csv").Order(StringComparer.Ordinal) : (IEnumerable<string>)[i]).ToList();

    /// <summary>Reads every file into one dataset; progress (one line per file) goes to stderr.</summary>
    internal static (AirDataset Data, IngestionReport Report) Ingest(AirCsvFormat format, IReadOnlyList<string> files, HourLabelConvention convention, bool allOrNothing, bool progress)
    {
        var builder = new AirDatasetBuilder(convention);
        var report = new IngestionReport();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (progress)
                Console.Error.WriteLine($"[{i + 1}/{files.Count}] reading {Path.GetFileName(file)} ({sw.Elapsed.TotalSeconds:F1}s)");
            if (allOrNothing)
            {
                if (!AirCsvReader.ReadAllOrNothing(format, () => Open(file), Path.GetFileName(file), builder, report) && progress)
                    Console.Error.WriteLine($"  {Path.GetFileName(file)}: refused rows, nothing of it imported (--strict)");
            }
            else
            {
                AirCsvReader.Read(format, () => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan),
                    Path.GetFileName(file), builder, report, Environment.ProcessorCount, progress ? new StderrProgress(sw) : null);
            }
        }
        var data = builder.Build();
        if (progress)
            Console.Error.WriteLine($"read {report.RowsRead} rows ({report.RowsAccepted} accepted, {report.RowsRejected} refused) from {report.Files} files in {sw.Elapsed.TotalSeconds:F1}s");
        return (data, report);
    }

    private static StreamReader Open(string file) => new(file, System.Text.Encoding.UTF8, true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });

    private static string Key(AirPollutant p) => p == AirPollutant.PM25 ? "pm25" : p.ToString().ToLowerInvariant();

    private static Dictionary<string, object?> AreaJson(AreaAnnual a)
    {
        var result = new Dictionary<string, object?> { ["name"] = a.Name };
        foreach (var p in a.Pollutants)
        {
            var o = new Dictionary<string, object?>();
            foreach (var s in p.Statistics)
                o[s.Name] = s.Value is { } v ? Math.Round(v, 4, MidpointRounding.ToEven) : null;
            o["reported"] = p.Statistics.ToDictionary(s => s.Name, s => s.Reported);
            o["limit"] = p.Statistics.ToDictionary(s => s.Name, s => s.Limit);
            o["attains"] = p.Statistics.ToDictionary(s => s.Name, s => s.Attains);
            o["days"] = p.Statistics.ToDictionary(s => s.Name, s => s.Days);
            o["valid"] = p.Statistics.ToDictionary(s => s.Name, s => s.Valid);
            result[Key(p.Pollutant)] = o;
        }
        result["goodDays"] = a.GoodDays;
        result["daysWithAqi"] = a.DaysWithAqi;
        result["goodDaysRatio"] = a.GoodDaysRatio is { } r ? Math.Round(r, 4, MidpointRounding.ToEven) : null;
        result["comprehensiveIndex"] = a.ComprehensiveIndex;
        result["attains"] = a.Attains;
        return result;
    }

    private static Dictionary<string, object?> ToJson(AirAnnualEvaluation e, IngestionReport report) => new Dictionary<string, object?>
    {
        ["year"] = e.Year,
        ["rules"] = e.Options.AqiRules.Id,
        ["limits"] = e.Options.Limits.ToString(),
        ["hourLabels"] = e.Convention == HourLabelConvention.PeriodEnd ? "period-end" : "period-start",
        ["incompleteExceedingCounts"] = e.Options.IncompleteExceedingCounts,
        ["indexRounding"] = e.Options.IndexRounding == IndexRounding.SumOnly ? "sum" : "each",
        ["cityAggregation"] = e.Options.CityAggregation == CityAggregation.MeanOfStationStatistics ? "mean-of-stations" : "daily-series",
        ["ingestion"] = new Dictionary<string, object?>
        {
            ["files"] = report.Files,
            ["rowsRead"] = report.RowsRead,
            ["rowsAccepted"] = report.RowsAccepted,
            ["rowsRejected"] = report.RowsRejected,
            ["rejectedByKind"] = report.CountsByKind.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            ["rejected"] = report.Rejected.Select(r => new { file = r.File, line = r.Line, field = r.Field, kind = r.Kind.ToString(), reason = r.Reason }).ToList(),
        },
        ["city"] = AreaJson(e.City),
        ["stations"] = e.Stations.Select(AreaJson).ToList(),
    };

    private static void PrintText(AirAnnualEvaluation e, IngestionReport report)
    {
        Console.WriteLine($"{e.Year}, {e.Options.AqiRules.Id}, GB 3095 {e.Options.Limits}, hour labels {e.Convention}; rows {report.RowsRead} read, {report.RowsRejected} refused");
        foreach (var r in report.Rejected.Take(20))
            Console.WriteLine($"  refused {r}");
        Console.WriteLine("values as reported (GB/T 8170); ! exceeds the limit, * too few daily values (324 a year, 27 a month, 25 in February)");
        foreach (var a in e.Stations.Append(e.City))
        {
            var stats = a.Pollutants.SelectMany(p => p.Statistics.Select(s =>
                $"{p.Pollutant.Code()} {s.Name} {s.Reported?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}{(s.Attains == false ? "!" : "")}{(s.Valid ? "" : "*")}"));
            Console.WriteLine($"{a.Name}: {string.Join("; ", stats)}; good days {a.GoodDays}/{a.DaysWithAqi}; index {a.ComprehensiveIndex}");
        }
    }
}

/// <summary>Writes the running row count to stderr, synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class StderrProgress(Stopwatch clock) : IProgress<long>
{
    public void Report(long value) => Console.Error.WriteLine($"  {value:N0} rows ({clock.Elapsed.TotalSeconds:F1}s)");
}
