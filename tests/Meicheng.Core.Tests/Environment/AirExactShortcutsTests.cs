using System.Globalization;
using Meicheng.Core.Environment.Air;

namespace Meicheng.Core.Tests.Environment;

/// <summary>
/// The shortcuts of the bulk evaluation against the definitions they replace: the MDA8 without a division per window,
/// the good-day test without the AQI, the percentile without a full sort. Equal means the same decimal, scale included.
/// </summary>
public sealed class AirExactShortcutsTests
{
    private static string Exact(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";

    // HJ 663 as written: every valid window's mean, the first largest kept.
    private static DailyValue Mda8ByDefinition(decimal[] hours, uint present)
    {
        decimal? max = null;
        var valid = 0;
        for (var end = 8; end <= 24; end++)
        {
            decimal sum = 0;
            var n = 0;
            for (var h = end - 8; h < end; h++)
            {
                if ((present & (1u << h)) != 0)
                {
                    sum += hours[h];
                    n++;
                }
            }
            if (n < 6)
                continue;
            valid++;
            var mean = sum / n;
            if (max is null || mean > max)
                max = mean;
        }
        return new DailyValue(max, valid);
    }

    [Fact]
    public void Mda8_is_the_definitions_decimal_for_any_hours()
    {
        var random = new Random(663);
        for (var day = 0; day < 20_000; day++)
        {
            var hours = new decimal[24];
            var present = 0u;
            for (var h = 0; h < 24; h++)
            {
                if (random.NextDouble() < 0.85)
                    present |= 1u << h;
                hours[h] = (day % 5) switch
                {
                    0 => random.Next(0, 300),                                         // integers
                    1 => random.Next(0, 3000) / 10m,                                  // one decimal
                    2 => random.Next(0, 3) switch { 0 => 12.5m, 1 => 12.50m, _ => 25m / 2 }, // ties written differently
                    3 => (decimal)random.NextDouble() * 1_000_000_000_000m,           // long mantissas, many decimals
                    _ => random.Next(0, 2) == 0 ? 79228162514264337593543950m : 1.0000000000000000000000000001m, // beyond the integer shortcut
                };
            }
            var expected = Mda8ByDefinition(hours, present);
            var actual = OzoneWindows.Mda8(hours, present);
            Assert.Equal((Exact(expected.Value), expected.Count), (Exact(actual.Value), actual.Count));
        }
    }

    [Fact]
    public void Good_day_test_agrees_with_the_daily_AQI_even_next_to_the_breakpoints()
    {
        var random = new Random(633);
        decimal[] nudges = [0m, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m, 0.00000000000000000001m, 0.000000000000000000011m, 0.5m, -0.5m, 1m];
        foreach (var rules in AqiRuleSet.All)
        {
            decimal Near(AqiItem item)
            {
                var bp = rules.Breakpoints(item);
                var x = random.Next(0, 4) switch
                {
                    0 => bp[2] + nudges[random.Next(nudges.Length)],
                    1 => bp[random.Next(bp.Count)] + nudges[random.Next(nudges.Length)],
                    2 => bp[^1] + random.Next(0, 200),
                    _ => (decimal)random.NextDouble() * bp[3],
                };
                return Math.Max(0, x);
            }
            for (var i = 0; i < 50_000; i++)
            {
                var so2 = Near(AqiItem.So2Day);
                var no2 = Near(AqiItem.No2Day);
                var pm10 = Near(AqiItem.Pm10Day);
                var co = Near(AqiItem.CoDay);
                decimal? o3 = random.Next(0, 10) == 0 ? null : Near(AqiItem.O3Hour);
                var mda8 = Near(AqiItem.O3Max8h);
                var pm25 = Near(AqiItem.Pm25Day);
                var aqi = Aqi.DailyValue(rules, so2, no2, pm10, co, o3, mda8, pm25);
                Assert.Equal(aqi is { } a ? a <= 100 : null, Aqi.DailyAtMost100(rules, so2, no2, pm10, co, o3, mda8, pm25));
            }
        }
    }

    [Fact]
    public void Percentiles_are_the_sorted_definitions_decimal_even_with_ties_written_differently()
    {
        var random = new Random(98);
        var options = new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 };
        for (var run = 0; run < 12; run++)
        {
            // One station, a year of hours; some days' PM2.5 means are 12.5 and some 12.50 (hours of 2 decimals).
            var builder = new AirDatasetBuilder(HourLabelConvention.PeriodStart);
            for (var d = new DateOnly(2015, 1, 1); d.Year == 2015; d = d.AddDays(1))
            {
                var kind = random.Next(0, 4);
                for (var h = 0; h < 24; h++)
                {
                    decimal pm25 = kind switch
                    {
                        0 => 12.5m,
                        1 => 12.50m,
                        _ => random.Next(0, run < 6 ? 30 : 3000) / (run % 2 == 0 ? 1m : 10m),
                    };
                    Assert.Null(builder.TryAdd("S", d, h, [10m, 20m, 30m, 0.5m, random.Next(0, 200), pm25]));
                }
            }
            var data = builder.Build();
            var evaluation = AnnualEvaluation.Evaluate(data, 2015, options);
            var days = data.Stations[0].Days.Select(day => AnnualEvaluation.CountedDailyValues(day, options)).ToList();
            void Check(AirPollutant pollutant, string name, Func<AirConcentrations, decimal?> select, decimal p)
            {
                var sorted = days.Select(select).OfType<decimal>().ToList();
                sorted.Sort();
                Assert.Equal(Exact(AnnualEvaluation.Percentile(sorted, p)), Exact(evaluation.Stations[0][pollutant][name]!.Value));
            }
            Check(AirPollutant.PM25, "p95", c => c.Pm25, 0.95m);
            Check(AirPollutant.SO2, "p98", c => c.So2, 0.98m);
            Check(AirPollutant.CO, "p95", c => c.Co, 0.95m);
            Check(AirPollutant.O3, "mda8p90", c => c.O3Max8h, 0.90m);
        }
    }
}
