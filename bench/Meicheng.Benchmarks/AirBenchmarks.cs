using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Benchmarks;

/// <summary>HJ 633 AQI: hourly and daily, both rule sets, over a fixed spread of concentrations.</summary>
[MemoryDiagnoser]
public class AqiBenchmarks
{
    private AirConcentrations[] _inputs = [];

    [Params("2012", "2026")]
    public string Rules { get; set; } = "2012";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(633);
        _inputs = Enumerable.Range(0, 1000).Select(_ => new AirConcentrations
        {
            So2 = random.Next(0, 900), No2 = random.Next(0, 500), Pm10 = random.Next(0, 700), Co = random.Next(0, 400) / 10m,
            O3 = random.Next(0, 900), O3Max8h = random.Next(0, 700), Pm25 = random.Next(0, 600) + random.Next(0, 10) / 10m,
        }).ToArray();
    }

    [Benchmark]
    public int Daily1000()
    {
        var rules = AqiRuleSet.Parse(Rules);
        var sum = 0;
        foreach (var c in _inputs)
            sum += Aqi.Daily(rules, c).Value ?? 0;
        return sum;
    }

    [Benchmark]
    public int Hourly1000()
    {
        var rules = AqiRuleSet.Parse(Rules);
        var sum = 0;
        foreach (var c in _inputs)
            sum += Aqi.Hourly(rules, c).Value ?? 0;
        return sum;
    }
}

/// <summary>Ingest a generated year of hourly generic CSV (20 stations, 175,200 rows) and run the HJ 663 annual evaluation.</summary>
[MemoryDiagnoser]
public class AnnualEvaluationBenchmarks
{
    private string _csv = "";
    private AirDataset? _data;

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder("station,time,pm25,pm10,so2,no2,co,o3\n");
        var random = new Random(663);
        for (var t = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Unspecified); t.Year == 2015; t = t.AddHours(1))
        {
            var time = t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            for (var s = 0; s < 20; s++)
                sb.Append(CultureInfo.InvariantCulture, $"S{s:D2},{time},{random.Next(5, 300)},{random.Next(10, 400)},{random.Next(1, 60)},{random.Next(5, 120)},{random.Next(2, 40) / 10.0:0.0},{random.Next(2, 250)}\n");
        }
        _csv = sb.ToString();
        _data = Ingest();
    }

    private AirDataset Ingest()
    {
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        AirCsvReader.Read(AirCsvFormat.Generic, new StringReader(_csv), "generated.csv", builder, new IngestionReport());
        return builder.Build();
    }

    private static readonly AnnualEvaluationOptions Options = new() { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 };

    [Benchmark]
    public AirDataset IngestOnly() => Ingest();

    [Benchmark]
    public decimal? EvaluateOnly() => AnnualEvaluation.Evaluate(_data!, 2015, Options).City.ComprehensiveIndex;

    [Benchmark]
    public decimal? IngestAndEvaluate() => AnnualEvaluation.Evaluate(Ingest(), 2015, Options).City.ComprehensiveIndex;
}
