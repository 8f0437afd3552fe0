using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Cli;

/// <summary>
/// <c>meicheng bench air</c>: generates a year of hourly data for N stations in the generic CSV format, then times
/// Meicheng's ingest-and-annual-evaluation of it against DuckDB reading the same file and computing the same
/// concentration statistics in SQL.
/// </summary>
internal static class BenchCommands
{
    private const int Year = 2015;

    public static Command Create()
    {
        var stations = new Option<int>("--stations") { Description = "Stations to generate (one year hourly each)", DefaultValueFactory = _ => 1700 };
        var keep = new Option<string?>("--keep") { Description = "Write the generated CSV here and keep it (default: a temp file, deleted)" };
        var reuse = new Option<bool>("--reuse") { Description = "Reuse the --keep file when it exists (generated earlier with the same --stations) instead of generating it again" };
        var skipDuck = new Option<bool>("--no-duckdb") { Description = "Time Meicheng only" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var air = new Command("air", "Time ingest + HJ 663 annual evaluation of generated data: Meicheng vs DuckDB") { stations, keep, reuse, skipDuck, json };
        air.SetAction(parse =>
        {
            var n = parse.GetValue(stations);
            if (n < 1)
            {
                Console.Error.WriteLine("error: --stations must be at least 1");
                return 2;
            }
            var path = parse.GetValue(keep) ?? Path.Combine(Path.GetTempPath(), $"meicheng-bench-{Guid.NewGuid():N}.csv");
            try
            {
                return Run(n, path, parse.GetValue(keep) is not null && parse.GetValue(reuse) && File.Exists(path), !parse.GetValue(skipDuck), parse.GetValue(json));
            }
            finally
            {
                if (parse.GetValue(keep) is null && File.Exists(path))
                    File.Delete(path);
            }
        });
        return new Command("bench", "Benchmarks") { air };
    }

    private static int Run(int stations, string path, bool reuse, bool duck, bool json)
    {
        var sw = Stopwatch.StartNew();
        var hours = DateTime.IsLeapYear(Year) ? 8784 : 8760;
        long rows;
        if (reuse)
        {
            rows = (long)stations * hours;
            Console.Error.WriteLine($"reusing {path} ({stations} stations x {hours} hours)");
        }
        else
        {
            Console.Error.WriteLine($"generating {stations} stations x {hours} hours into {path} ...");
            rows = Generate(path, stations);
        }
        var size = new FileInfo(path).Length;
        if (!reuse)
            Console.Error.WriteLine($"generated {rows:N0} rows, {size / 1048576.0:F0} MiB in {sw.Elapsed.TotalSeconds:F1}s");

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        sw.Restart();
        var (data, report) = AirCommands.Ingest(AirCsvFormat.Generic, [path], HourLabelConvention.PeriodEnd, allOrNothing: false, progress: false);
        var ingestSeconds = sw.Elapsed.TotalSeconds;
        if (report.RowsRead != rows)
        {
            Console.Error.WriteLine($"error: {path} has {report.RowsRead:N0} rows, not the {rows:N0} of {stations} stations: generate it again (without --reuse)");
            return 1;
        }
        var evaluation = AnnualEvaluation.Evaluate(data, Year, new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 });
        var meichengSeconds = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var meichengPeak = process.PeakWorkingSet64;
        var gcInfo = GC.GetGCMemoryInfo();
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        Console.Error.WriteLine($"Meicheng: {meichengSeconds:F2}s (ingest {ingestSeconds:F2}s), {report.RowsAccepted:N0} rows, peak working set {meichengPeak / 1048576.0:F0} MiB");

        double? duckSeconds = null;
        long? duckPeak = null;
        Dictionary<string, double?>? duckCity = null;
        if (duck)
        {
            data = null;
            GC.Collect();
            sw.Restart();
            duckCity = DuckDbEvaluate(path);
            duckSeconds = sw.Elapsed.TotalSeconds;
            process.Refresh();
            duckPeak = process.PeakWorkingSet64;
            Console.Error.WriteLine($"DuckDB: {duckSeconds:F2}s, process peak working set {duckPeak / 1048576.0:F0} MiB");
        }

        var city = new Dictionary<string, double?>
        {
            ["pm25.annualMean"] = D(evaluation.City[AirPollutant.PM25]["annualMean"]!.Value),
            ["pm25.p95"] = D(evaluation.City[AirPollutant.PM25]["p95"]!.Value),
            ["pm10.annualMean"] = D(evaluation.City[AirPollutant.PM10]["annualMean"]!.Value),
            ["so2.p98"] = D(evaluation.City[AirPollutant.SO2]["p98"]!.Value),
            ["no2.annualMean"] = D(evaluation.City[AirPollutant.NO2]["annualMean"]!.Value),
            ["co.p95"] = D(evaluation.City[AirPollutant.CO]["p95"]!.Value),
            ["o3.mda8p90"] = D(evaluation.City[AirPollutant.O3]["mda8p90"]!.Value),
        };
        var maxDifference = duckCity is null ? (double?)null : city.Max(kv => Math.Abs((kv.Value ?? 0) - (duckCity.GetValueOrDefault(kv.Key) ?? double.NaN)));
        var result = new Dictionary<string, object?>
        {
            ["stations"] = stations,
            ["rows"] = rows,
            ["fileMiB"] = Math.Round(size / 1048576.0, 1),
            ["meichengSeconds"] = Math.Round(meichengSeconds, 3),
            ["meichengIngestSeconds"] = Math.Round(ingestSeconds, 3),
            ["meichengPeakWorkingSetMiB"] = Math.Round(meichengPeak / 1048576.0, 1),
            ["baselineWorkingSetMiB"] = Math.Round(baseline / 1048576.0, 1),
            ["meichengAllocatedMiB"] = Math.Round(allocated / 1048576.0, 1),
            ["gcHeapAfterMiB"] = Math.Round(gcInfo.HeapSizeBytes / 1048576.0, 1),
            ["rowsRejected"] = report.RowsRejected,
            ["duckdbSeconds"] = duckSeconds is { } ds ? Math.Round(ds, 3) : null,
            ["processPeakWorkingSetAfterDuckdbMiB"] = duckPeak is { } dp ? Math.Round(dp / 1048576.0, 1) : null,
            ["ratioMeichengToDuckdb"] = duckSeconds is { } d2 && d2 > 0 ? Math.Round(meichengSeconds / d2, 2) : null,
            ["city"] = city,
            ["duckdbCity"] = duckCity,
            ["maxCityDifference"] = maxDifference,
        };
        if (json)
            PlansCommands.Print(result);
        else
        {
            Console.WriteLine($"{stations} stations, {rows:N0} rows, {size / 1048576.0:F0} MiB");
            Console.WriteLine($"Meicheng ingest+evaluate: {meichengSeconds:F2}s, peak working set {meichengPeak / 1048576.0:F0} MiB");
            if (duckSeconds is not null)
            {
                Console.WriteLine($"DuckDB read_csv+SQL:      {duckSeconds:F2}s, process peak working set {duckPeak / 1048576.0:F0} MiB");
                Console.WriteLine($"ratio Meicheng/DuckDB:    {meichengSeconds / duckSeconds:F2}; largest city-statistic difference {maxDifference:G4}");
            }
        }
        return 0;
    }

    private static double? D(decimal? v) => v is { } x ? (double)x : null;

    /// <summary>Generic CSV, time-major (every station for an hour, then the next hour), about 1% of values NA.</summary>
    private static long Generate(string path, int stations)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("station,time,pm25,pm10,so2,no2,co,o3\n");
        var names = Enumerable.Range(0, stations).Select(i => $"S{i:D5}").ToArray();
        var start = new DateTime(Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var hours = DateTime.IsLeapYear(Year) ? 8784 : 8760;
        Span<char> buffer = stackalloc char[128];
        long rows = 0;
        for (var h = 0; h < hours; h++)
        {
            var t = start.AddHours(h);
            var time = t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var season = Math.Cos((t.DayOfYear - 15) / 365.0 * 2 * Math.PI); // 1 in winter, -1 in summer
            var diurnal = Math.Sin((t.Hour - 9) / 24.0 * 2 * Math.PI);       // O3 peaks in the afternoon
            for (var s = 0; s < stations; s++)
            {
                var rnd = new Mix((ulong)(uint)s << 32 | (uint)h);
                var len = 0;
                Append(buffer, ref len, names[s]);
                buffer[len++] = ',';
                Append(buffer, ref len, time);
                var pollution = 1 + 0.5 * season + 0.6 * rnd.Next();
                Value(buffer, ref len, ref rnd, 55 * pollution, 0);
                Value(buffer, ref len, ref rnd, 90 * pollution, 0);
                Value(buffer, ref len, ref rnd, 12 * (1 + season) + 3 * rnd.Next(), 0);
                Value(buffer, ref len, ref rnd, 40 * pollution, 0);
                Value(buffer, ref len, ref rnd, 0.9 * pollution, 1);
                Value(buffer, ref len, ref rnd, Math.Max(2, 70 - 40 * season + 50 * diurnal + 20 * rnd.Next()), 0);
                buffer[len++] = '\n';
                writer.Write(buffer[..len]);
                rows++;
            }
        }
        return rows;
    }

    private static void Append(Span<char> buffer, ref int len, string text)
    {
        text.AsSpan().CopyTo(buffer[len..]);
        len += text.Length;
    }

    private static void Value(Span<char> buffer, ref int len, ref Mix rnd, double value, int decimals)
    {
        buffer[len++] = ',';
        if (rnd.Next() < 0.01)
        {
            buffer[len++] = 'N';
            buffer[len++] = 'A';
            return;
        }
        var v = Math.Round(Math.Max(0, value), decimals);
        v.TryFormat(buffer[len..], out var written, decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture);
        len += written;
    }

    /// <summary>A small deterministic generator (SplitMix64), so the data are the same on every run.</summary>
    private struct Mix(ulong seed)
    {
        private ulong _state = seed;

        public double Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }

    /// <summary>
    /// The same concentration statistics in DuckDB SQL: hour-ending labels (label 0 closes the previous day), daily means
    /// valid with 20 hours or when above the 2012 grade-2 daily limit, MDA8 from 17 windows ending 8..24 valid with 6
    /// hours and 14 valid windows (or above 160), PERCENTILE.INC = quantile_cont, city = mean of station statistics.
    /// The good-day share (a piecewise AQI) is left to Meicheng.
    /// </summary>
    private static Dictionary<string, double?> DuckDbEvaluate(string path)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var file = path.Replace("'", "''", StringComparison.Ordinal);
        command.CommandText = $$"""
            WITH raw AS (
                SELECT station, time, pm25, pm10, so2, no2, co, o3 FROM read_csv('{{file}}', header = true, nullstr = 'NA',
                    columns = {'station': 'VARCHAR', 'time': 'TIMESTAMP', 'pm25': 'DOUBLE', 'pm10': 'DOUBLE', 'so2': 'DOUBLE', 'no2': 'DOUBLE', 'co': 'DOUBLE', 'o3': 'DOUBLE'})
            ),
            x AS (
                SELECT station,
                    CASE WHEN hour(time) = 0 THEN CAST(time AS DATE) - 1 ELSE CAST(time AS DATE) END AS d,
                    CASE WHEN hour(time) = 0 THEN 24 ELSE hour(time) END AS eh,
                    pm25, pm10, so2, no2, co, o3
                FROM raw
            ),
            days AS (
                SELECT station, d,
                    CASE WHEN count(pm25) >= 20 OR avg(pm25) > 75 THEN avg(pm25) END AS pm25,
                    CASE WHEN count(pm10) >= 20 OR avg(pm10) > 150 THEN avg(pm10) END AS pm10,
                    CASE WHEN count(so2) >= 20 OR avg(so2) > 150 THEN avg(so2) END AS so2,
                    CASE WHEN count(no2) >= 20 OR avg(no2) > 80 THEN avg(no2) END AS no2,
                    CASE WHEN count(co) >= 20 OR avg(co) > 4 THEN avg(co) END AS co
                FROM x GROUP BY station, d
            ),
            windows AS (
                SELECT station, d, eh,
                    avg(o3) OVER w AS m, count(o3) OVER w AS n
                FROM x
                WINDOW w AS (PARTITION BY station, d ORDER BY eh RANGE BETWEEN 7 PRECEDING AND CURRENT ROW)
            ),
            mda8 AS (
                SELECT station, d,
                    max(m) FILTER (WHERE n >= 6 AND eh >= 8) AS v,
                    count(*) FILTER (WHERE n >= 6 AND eh >= 8) AS nw
                FROM windows GROUP BY station, d
            ),
            station_stats AS (
                SELECT s.station,
                    avg(pm25) AS pm25_mean, quantile_cont(pm25, 0.95) AS pm25_p95,
                    avg(pm10) AS pm10_mean, quantile_cont(so2, 0.98) AS so2_p98,
                    avg(no2) AS no2_mean, quantile_cont(co, 0.95) AS co_p95
                FROM days s WHERE year(s.d) = {{Year}} GROUP BY s.station
            ),
            o3_stats AS (
                SELECT station, quantile_cont(CASE WHEN nw >= 14 OR v > 160 THEN v END, 0.90) AS o3_p90
                FROM mda8 WHERE year(d) = {{Year}} GROUP BY station
            )
            SELECT avg(pm25_mean), avg(pm25_p95), avg(pm10_mean), avg(so2_p98), avg(no2_mean), avg(co_p95), avg(o3_p90)
            FROM station_stats JOIN o3_stats USING (station)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        string[] keys = ["pm25.annualMean", "pm25.p95", "pm10.annualMean", "so2.p98", "no2.annualMean", "co.p95", "o3.mda8p90"];
        return keys.Select((k, i) => (k, v: reader.IsDBNull(i) ? (double?)null : reader.GetDouble(i))).ToDictionary(p => p.k, p => p.v);
    }
}
