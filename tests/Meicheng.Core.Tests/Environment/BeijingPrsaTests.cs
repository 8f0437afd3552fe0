using System.Diagnostics;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;

namespace Meicheng.Core.Tests.Environment;

/// <summary>The real Beijing PRSA data: ingested once for the class, evaluated for 2014, 2015 and 2016.</summary>
public sealed class BeijingFixture
{
    public BeijingFixture()
    {
        var sw = Stopwatch.StartNew();
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        foreach (var file in Files)
        {
            using var reader = new StreamReader(file);
            AirCsvReader.Read(AirCsvFormat.Prsa, reader, Path.GetFileName(file), builder, Report);
        }
        Data = builder.Build();
        IngestSeconds = sw.Elapsed.TotalSeconds;
    }

    public static string Directory => Path.Combine(RepoPaths.Shared, "data", "beijing-prsa");

    public static string[] Files => System.IO.Directory.GetFiles(Directory, "PRSA_Data_*.csv").Order(StringComparer.Ordinal).ToArray();

    public IngestionReport Report { get; } = new();

    public AirDataset Data { get; }

    public double IngestSeconds { get; }

    public AirAnnualEvaluation Evaluate(int year) => AnnualEvaluation.Evaluate(Data, year,
        new AnnualEvaluationOptions { AqiRules = AqiRuleSet.Hj633_2012, Limits = Gb3095Generation.V2012 });
}

public sealed class BeijingPrsaTests(BeijingFixture beijing) : IClassFixture<BeijingFixture>
{
    [Fact]
    public void All_twelve_stations_are_ingested_quickly_and_every_row_is_accounted_for()
    {
        Assert.Equal(12, BeijingFixture.Files.Length);
        Assert.Equal(12, beijing.Data.Stations.Count);
        Assert.Equal(12, beijing.Report.Files);
        Assert.Equal(12 * 35064, beijing.Report.RowsRead);
        Assert.Equal(beijing.Report.RowsRead, beijing.Report.RowsAccepted + beijing.Report.RowsRejected);
        // The files are clean at row level: NA marks missing values, no negative, text or duplicate hours.
        Assert.Equal(0, beijing.Report.RowsRejected);
        Assert.True(beijing.IngestSeconds < 20, $"ingestion took {beijing.IngestSeconds:F1}s");
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
}
