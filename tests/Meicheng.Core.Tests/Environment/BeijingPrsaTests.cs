using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Core.Tests.Environment;

/// <summary>The real Beijing PRSA data: ingested once for the class, evaluated for 2014, 2015 and 2016.</summary>
public sealed class BeijingFixture
{
    public BeijingFixture()
    {
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        foreach (var file in Files)
        {
            using var reader = new StreamReader(file);
            AirCsvReader.Read(AirCsvFormat.Prsa, reader, Path.GetFileName(file), builder, Report);
        }
        Data = builder.Build();
    }

    public static string Directory => Path.Combine(RepoPaths.Shared, "data", "beijing-prsa");

    public static string[] Files => System.IO.Directory.GetFiles(Directory, "PRSA_Data_*.csv").Order(StringComparer.Ordinal).ToArray();

    public IngestionReport Report { get; } = new();

    public AirDataset Data { get; }

    public AirAnnualEvaluation Evaluate(int year) => AnnualEvaluation.Evaluate(Data, year,
        new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 });
}

public sealed class BeijingPrsaTests(BeijingFixture beijing) : IClassFixture<BeijingFixture>
{
    [Fact]
    public void All_twelve_stations_are_ingested_and_every_row_is_accounted_for()
    {
        Assert.Equal(12, BeijingFixture.Files.Length);
        Assert.Equal(12, beijing.Data.Stations.Count);
        Assert.Equal(12, beijing.Report.Files);
        Assert.Equal(12 * 35064, beijing.Report.RowsRead);
        Assert.Equal(beijing.Report.RowsRead, beijing.Report.RowsAccepted + beijing.Report.RowsRejected);
        // The files are clean at row level: NA marks missing values, no negative, text or duplicate hours.
        Assert.Equal(0, beijing.Report.RowsRejected);
        // 2013-03-01 00 is the hour ending at midnight: under PeriodEnd it belongs to 2013-02-28.
        Assert.All(beijing.Data.Stations, s => Assert.Equal(new DateOnly(2013, 2, 28), s.Days[0].Date));
        Assert.All(beijing.Data.Stations, s => Assert.Equal(1, System.Numerics.BitOperations.PopCount(s.Days[0].HoursSeen)));
        // The last label, 2017-02-28 23, ends 23:00: that day has 23 hours.
        Assert.All(beijing.Data.Stations, s => Assert.Equal(new DateOnly(2017, 2, 28), s.Days[^1].Date));
        Assert.All(beijing.Data.Stations, s => Assert.Equal(23, System.Numerics.BitOperations.PopCount(s.Days[^1].HoursSeen)));
    }

    [Theory]
    [InlineData(2014)]
    [InlineData(2015)]
    [InlineData(2016)]
    public void Annual_evaluation_is_plausible_and_consistent(int year)
    {
        var e = beijing.Evaluate(year);
        Assert.Equal(12, e.Stations.Count);
        foreach (var p in AirPollutants.All)
        {
            foreach (var name in e.City[p].Statistics.Select(s => s.Name))
            {
                // City = arithmetic mean of the station statistics.
                var stationValues = e.Stations.Select(s => s[p][name]!.Value!.Value).ToList();
                Assert.Equal(stationValues.Sum() / stationValues.Count, e.City[p][name]!.Value);
                Assert.Equal(e.City[p][name]!.Reported <= e.City[p][name]!.Limit, e.City[p][name]!.Attains);
            }
        }
        foreach (var s in e.Stations)
        {
            Assert.InRange(s.GoodDaysRatio!.Value, 0.01m, 0.99m);
            Assert.InRange(s.DaysWithAqi, 250, 366);
            // Percentiles lie between the annual mean's range of daily values: at least the mean for a right-skewed pollutant.
            Assert.True(s[AirPollutant.PM25]["p95"]!.Value > s[AirPollutant.PM25]["annualMean"]!.Value);
            Assert.True(s[AirPollutant.SO2]["p98"]!.Value > s[AirPollutant.SO2]["annualMean"]!.Value);
        }
        Assert.InRange(e.City.GoodDaysRatio!.Value, 0.01m, 0.99m);
        var pm25 = e.City[AirPollutant.PM25]["annualMean"]!.Value!.Value;
        Assert.InRange(pm25, 60m, 100m);
        Assert.False(e.City.Attains); // Beijing did not attain PM2.5 in any of these years
        Assert.False(e.City[AirPollutant.PM25]["annualMean"]!.Attains);
    }

    [Theory]
    [InlineData(2015, "2012")]
    [InlineData(2015, "2026")]
    public void The_counted_daily_values_give_the_daily_AQI_the_good_day_share_counts(int year, string rules)
    {
        var options = new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Parse(rules), Limits = rules == "2012" ? Gb3095Generation.V2012 : Gb3095Generation.V2026Transitional };
        var e = AnnualEvaluation.Evaluate(beijing.Data, year, options);
        foreach (var (series, evaluated) in beijing.Data.Stations.Zip(e.Stations))
        {
            var daily = series.Days.Where(d => d.Date.Year == year).Select(d => Aqi.Daily(options.AqiRules, AnnualEvaluation.CountedDailyValues(d, options)))
                .Where(a => a.Missing.Count == 0).ToList();
            Assert.Equal(evaluated.DaysWithAqi, daily.Count);
            Assert.Equal(evaluated.GoodDays, daily.Count(a => a.Value <= 100));
        }
    }

    [Fact]
    public void Beijing_2014_pm25_is_roughly_80_to_90_and_falls_by_2016()
    {
        var y2014 = beijing.Evaluate(2014).City[AirPollutant.PM25]["annualMean"]!.Value!.Value;
        var y2016 = beijing.Evaluate(2016).City[AirPollutant.PM25]["annualMean"]!.Value!.Value;
        Assert.InRange(y2014, 80m, 90m);
        Assert.True(y2016 < y2014);
    }

    [Fact]
    public void Percentiles_lie_within_the_days_values()
    {
        var e = beijing.Evaluate(2015);
        var station = beijing.Data.Stations[0];
        var days = station.Days.Where(d => d.Date.Year == 2015 && d.Mean(AirPollutant.PM10).Count >= 20).Select(d => d.Mean(AirPollutant.PM10).Value!.Value).ToList();
        var p95 = e.Stations[0][AirPollutant.PM10]["p95"]!.Value!.Value;
        Assert.InRange(p95, days.Min(), days.Max());
        var o3 = e.Stations[0][AirPollutant.O3]["mda8p90"]!;
        Assert.InRange(o3.Days, 300, 366);
    }

    [Fact]
    public void Hour_label_conventions_move_the_day_boundary_and_nothing_else()
    {
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodStart);
        var report = new IngestionReport();
        using (var reader = new StreamReader(BeijingFixture.Files[0]))
            AirCsvReader.Read(AirCsvFormat.Prsa, reader, "a.csv", builder, report);
        var start = builder.Build().Stations[0];
        Assert.Equal(new DateOnly(2013, 3, 1), start.Days[0].Date);
        Assert.Equal(new DateOnly(2017, 2, 28), start.Days[^1].Date);
        var end = beijing.Data.Stations[0];
        Assert.Equal(start.Days.Sum(d => d.Mean(AirPollutant.PM25).Count), end.Days.Sum(d => d.Mean(AirPollutant.PM25).Count));
    }

    [Fact]
    public void The_generic_format_with_declared_units_reads_the_same_data_to_the_same_results()
    {
        // Rewrite every PRSA file as one generic CSV (CO declared in ug/m3) and compare the 2015 evaluations exactly.
        var sb = new System.Text.StringBuilder("station,time,pm25,pm10,so2,no2,co[ug/m3],o3\n");
        foreach (var file in BeijingFixture.Files)
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var f = line.Split(',');
                var time = $"{int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture):D4}-{int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture):D2}-{int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture):D2} {int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture):D2}:00";
                sb.Append(f[17].Trim('"')).Append(',').Append(time).Append(',').AppendJoin(',', f[5..11]).Append('\n');
            }
        }
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var report = new IngestionReport();
        AirCsvReader.Read(AirCsvFormat.Generic, new StringReader(sb.ToString()), "all.csv", builder, report);
        Assert.Equal(beijing.Report.RowsAccepted, report.RowsAccepted);
        var generic = AnnualEvaluation.Evaluate(builder.Build(), 2015, new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 });
        var prsa = beijing.Evaluate(2015);
        foreach (var p in AirPollutants.All)
        {
            foreach (var stat in prsa.City[p].Statistics)
                Assert.Equal(stat.Value, generic.City[p][stat.Name]!.Value);
        }
        Assert.Equal(prsa.City.GoodDaysRatio, generic.City.GoodDaysRatio);
    }

    [Fact]
    public void The_city_daily_series_agrees_closely_with_the_mean_of_stations()
    {
        var options = new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012, CityAggregation = CityAggregation.CityDailySeries };
        var series = AnnualEvaluation.Evaluate(beijing.Data, 2016, options).City;
        var mean = beijing.Evaluate(2016).City;
        // Both average the same station-days; they differ only where stations miss days, so by a few percent at most.
        foreach (var p in new[] { AirPollutant.PM25, AirPollutant.PM10, AirPollutant.NO2 })
        {
            var a = series[p]["annualMean"]!.Value!.Value;
            var b = mean[p]["annualMean"]!.Value!.Value;
            Assert.InRange(Math.Abs(a - b) / b, 0m, 0.03m);
        }
        Assert.Equal(mean.GoodDaysRatio, series.GoodDaysRatio);
    }

    [Fact]
    public void The_2026_rules_and_limits_are_stricter_on_the_same_data()
    {
        var old = beijing.Evaluate(2016).City;
        var v2026 = AnnualEvaluation.Evaluate(beijing.Data, 2016, new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2026, Limits = Gb3095Generation.V2026Transitional }).City;
        Assert.True(v2026.GoodDaysRatio < old.GoodDaysRatio); // PM2.5 IAQI 100 moves from 75 to 60
        Assert.True(v2026.ComprehensiveIndex > old.ComprehensiveIndex); // PM10 and PM2.5 annual limits fall
        // The concentrations differ only through the exceedance rule (incomplete days above the lower 2026 daily limit
        // count): without it both generations average exactly the same days.
        var plain = new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012, IncompleteExceedingCounts = false };
        var a = AnnualEvaluation.Evaluate(beijing.Data, 2016, plain).City[AirPollutant.PM25]["annualMean"]!;
        var b = AnnualEvaluation.Evaluate(beijing.Data, 2016, plain with { Limits = Gb3095Generation.V2026Final }).City[AirPollutant.PM25]["annualMean"]!;
        Assert.Equal(a.Value, b.Value);
        Assert.True(a.Days <= old[AirPollutant.PM25]["annualMean"]!.Days);
    }
}
