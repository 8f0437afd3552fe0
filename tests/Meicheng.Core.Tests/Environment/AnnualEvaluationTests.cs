using Meicheng.Core.Environment.Air;

namespace Meicheng.Core.Tests.Environment;

public sealed class AnnualEvaluationTests
{
    private static readonly AnnualEvaluationOptions Options2012 = new() { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 };

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 0.5, 3.0)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 0.95, 4.8)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 1.0, 5.0)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 0.0, 1.0)]
    [InlineData(new[] { 7.0 }, 0.98, 7.0)]
    [InlineData(new[] { 10.0, 20 }, 0.9, 19.0)]
    public void Percentile_is_Excel_PERCENTILE_INC(double[] values, double p, double expected) =>
        Assert.Equal((decimal)expected, AnnualEvaluation.Percentile(values.Select(v => (decimal)v).ToList(), (decimal)p));

    /// <summary>A builder fed with one station's hours: <paramref name="value"/>(day, hour) or null to skip the hour.</summary>
    private static AirDataset Station(int year, Func<DateOnly, int, decimal?[]?> value)
    {
        var b = new AirDatasetBuilder(HourLabelConvention.PeriodStart);
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            for (var h = 0; h < 24; h++)
            {
                if (value(d, h) is { } v)
                    Assert.Null(b.TryAdd("S", d, h, v));
            }
        }
        return b.Build();
    }

    // SO2, NO2, PM10, CO, O3, PM2.5
    private static decimal?[] Clean(decimal o3 = 60) => [10, 30, 50, 0.8m, o3, 30];

    [Fact]
    public void Days_with_19_hours_do_not_count_and_with_20_they_do()
    {
        var data = Station(2015, (d, h) => d.Day == 10 && h >= (d.Month % 2 == 0 ? 20 : 19) ? null : Clean());
        var e = AnnualEvaluation.Evaluate(data, 2015, Options2012);
        // Odd months lose the 10th (19 hours left), even months keep it (20 hours).
        Assert.Equal(365 - 6, e.Stations[0][AirPollutant.PM25]["annualMean"]!.Days);
        Assert.True(e.Stations[0][AirPollutant.PM25]["annualMean"]!.Valid);
    }

    [Fact]
    public void Years_with_323_days_are_invalid_and_324_valid()
    {
        // Drop 41 or 42 days spread over months, keeping every month at or above its minimum (27, Feb 25).
        static bool Drop(DateOnly d, int extra) => (d.Month == 2 ? d.Day > 25 : d.Day > 27 + (d.Month <= extra ? 1 : 0));
        // Months 1..k other than February keep day 28: Drop(d, 1) keeps 25 + 11*27 + 1 = 323 days, Drop(d, 3) 324.
        var v324 = AnnualEvaluation.Evaluate(Station(2015, (d, _) => Drop(d, 3) ? null : Clean()), 2015, Options2012).Stations[0][AirPollutant.NO2]["annualMean"]!;
        var v323 = AnnualEvaluation.Evaluate(Station(2015, (d, _) => Drop(d, 1) ? null : Clean()), 2015, Options2012).Stations[0][AirPollutant.NO2]["annualMean"]!;
        Assert.Equal(324, v324.Days);
        Assert.True(v324.Valid);
        Assert.Equal(323, v323.Days);
        Assert.False(v323.Valid);
    }

    [Fact]
    public void February_needs_25_days()
    {
        var v25 = AnnualEvaluation.Evaluate(Station(2015, (d, _) => d.Month == 2 && d.Day > 25 ? null : Clean()), 2015, Options2012).Stations[0][AirPollutant.SO2]["annualMean"]!;
        var v24 = AnnualEvaluation.Evaluate(Station(2015, (d, _) => d.Month == 2 && d.Day > 24 ? null : Clean()), 2015, Options2012).Stations[0][AirPollutant.SO2]["annualMean"]!;
        Assert.True(v25.Valid);
        Assert.False(v24.Valid);
    }

    [Fact]
    public void MDA8_windows_do_not_cross_midnight_and_need_6_hours()
    {
        var values = new decimal[24];
        // Hours ending 1..24: a peak of 200 in the last 8 hours of the day (ending 17..24), 40 before.
        for (var h = 0; h < 24; h++)
            values[h] = h >= 16 ? 200 : 40;
        var all = OzoneWindows.Mda8(values, (1u << 24) - 1);
        Assert.Equal(new DailyValue(200m, 17), all);
        // Drop hours ending 17..19: windows ending 19..24 keep only 5 hours each and are invalid, so the peak at 20..24
        // cannot make the MDA8; windows ending 8..18 keep at least 6 hours (all 40): 11 valid windows.
        var mask = (1u << 16) - 1 | (0b11111u << 19); // hours ending 1..16 and 20..24
        var five = OzoneWindows.Mda8(values, mask);
        Assert.Equal(new DailyValue(40m, 11), five);
    }

    [Fact]
    public void MDA8_needs_14_valid_windows_unless_it_already_exceeds_the_limit()
    {
        // Only hours ending 1..13 exist (6 windows ending 8..13 valid): incomplete. With O3 at 60 it does not count;
        // at 200 (above the 160 limit) it counts under the exceedance rule, and not when the rule is switched off.
        AirDataset Data(decimal o3) => Station(2015, (d, h) => h >= 13 ? [10, 30, 50, 0.8m, null, 30] : Clean(o3));
        var low = AnnualEvaluation.Evaluate(Data(60), 2015, Options2012).Stations[0][AirPollutant.O3]["mda8p90"]!;
        var high = AnnualEvaluation.Evaluate(Data(200), 2015, Options2012).Stations[0][AirPollutant.O3]["mda8p90"]!;
        var off = AnnualEvaluation.Evaluate(Data(200), 2015, Options2012 with { IncompleteExceedingCounts = false }).Stations[0][AirPollutant.O3]["mda8p90"]!;
        Assert.Equal(0, low.Days);
        Assert.Equal(365, high.Days);
        Assert.Equal(200m, high.Value);
        Assert.Equal(0, off.Days);
    }

    [Fact]
    public void An_incomplete_day_above_the_daily_limit_counts()
    {
        // 12 hours a day of PM2.5 100 (above the 2012 daily limit 75): counted; 12 hours of 50: not counted.
        decimal?[] Row(decimal pm) => [10, 30, 50, 0.8m, 60, pm];
        var high = AnnualEvaluation.Evaluate(Station(2015, (d, h) => h < 12 ? Row(100) : [10, 30, 50, 0.8m, 60, null]), 2015, Options2012);
        var low = AnnualEvaluation.Evaluate(Station(2015, (d, h) => h < 12 ? Row(50) : [10, 30, 50, 0.8m, 60, null]), 2015, Options2012);
        Assert.Equal(365, high.Stations[0][AirPollutant.PM25]["annualMean"]!.Days);
        Assert.Equal(0, low.Stations[0][AirPollutant.PM25]["annualMean"]!.Days);
        Assert.Equal(0, low.Stations[0].DaysWithAqi);
    }

    [Fact]
    public void Constant_data_gives_known_statistics_index_and_good_days()
    {
        var e = AnnualEvaluation.Evaluate(Station(2016, (d, h) => Clean()), 2016, Options2012);
        var s = e.Stations[0];
        Assert.Equal(30m, s[AirPollutant.PM25]["annualMean"]!.Value);
        Assert.Equal(30m, s[AirPollutant.PM25]["p95"]!.Value);
        Assert.Equal(0.8m, s[AirPollutant.CO]["p95"]!.Value);
        Assert.Equal(60m, s[AirPollutant.O3]["mda8p90"]!.Value);
        Assert.Equal(366, s.DaysWithAqi);
        Assert.Equal(1m, s.GoodDaysRatio);
        Assert.True(s.Attains);
        // 10/60 + 30/40 + 50/70 + 30/35 + 0.8/4 + 60/160 = 3.0631 -> 3.06.
        Assert.Equal(3.06m, s.ComprehensiveIndex);
        // Each term rounded first: 0.17 + 0.75 + 0.71 + 0.86 + 0.20 + 0.38 = 3.07.
        Assert.Equal(3.07m, AnnualEvaluation.Evaluate(Station(2016, (d, h) => Clean()), 2016, Options2012 with { IndexRounding = IndexRounding.EachTerm }).Stations[0].ComprehensiveIndex);
        // The same data judged against the 2026 final limits: PM2.5 30 exceeds 25.
        var final = AnnualEvaluation.Evaluate(Station(2016, (d, h) => Clean()), 2016, Options2012 with { Limits = Gb3095Generation.V2026Final });
        Assert.False(final.Stations[0][AirPollutant.PM25]["annualMean"]!.Attains);
        Assert.False(final.Stations[0].Attains);
    }

    [Fact]
    public void Attainment_compares_the_reported_value_rounded_half_to_even()
    {
        // PM2.5 35.5 -> reported 36 (above 35); 34.5 -> 34 (within).
        var above = AnnualEvaluation.Evaluate(Station(2015, (d, h) => [10, 30, 50, 0.8m, 60, 35.5m]), 2015, Options2012).Stations[0][AirPollutant.PM25]["annualMean"]!;
        var within = AnnualEvaluation.Evaluate(Station(2015, (d, h) => [10, 30, 50, 0.8m, 60, 35.5m - 1]), 2015, Options2012).Stations[0][AirPollutant.PM25]["annualMean"]!;
        Assert.Equal(36m, above.Reported);
        Assert.False(above.Attains);
        Assert.Equal(34m, within.Reported);
        Assert.True(within.Attains);
    }

    [Fact]
    public void City_daily_series_and_mean_of_stations_agree_on_complete_data()
    {
        var b = new AirDatasetBuilder(HourLabelConvention.PeriodStart);
        for (var d = new DateOnly(2015, 1, 1); d.Year == 2015; d = d.AddDays(1))
        {
            for (var h = 0; h < 24; h++)
            {
                b.TryAdd("A", d, h, [10, 30, 50, 0.8m, 60, 20 + d.DayOfYear % 7]);
                b.TryAdd("B", d, h, [20, 40, 70, 1.2m, 90, 40 + d.DayOfYear % 11]);
            }
        }
        var data = b.Build();
        var mean = AnnualEvaluation.Evaluate(data, 2015, Options2012);
        var series = AnnualEvaluation.Evaluate(data, 2015, Options2012 with { CityAggregation = CityAggregation.CityDailySeries });
        Assert.Equal(mean.City[AirPollutant.PM25]["annualMean"]!.Value, series.City[AirPollutant.PM25]["annualMean"]!.Value);
        Assert.Equal((mean.Stations[0][AirPollutant.SO2]["annualMean"]!.Value + mean.Stations[1][AirPollutant.SO2]["annualMean"]!.Value) / 2,
            mean.City[AirPollutant.SO2]["annualMean"]!.Value);
        Assert.Equal(mean.City.GoodDaysRatio, series.City.GoodDaysRatio);
    }
}
