using Meicheng.Core.Environment.Air;

namespace Meicheng.Core.Tests.Environment;

public sealed class Gb3095Tests
{
    // Every entry of STANDARDS.md s2: pollutant, averaging, generation, grade 1, grade 2.
    public static TheoryData<AirPollutant, AveragingTime, Gb3095Generation, int, int> Limits()
    {
        var rows = new (AirPollutant P, AveragingTime A, int[] G2012, int[] T2026, int[] F2026)[]
        {
            (AirPollutant.SO2, AveragingTime.Year, [20, 60], [20, 60], [20, 20]),
            (AirPollutant.SO2, AveragingTime.Day, [50, 150], [50, 150], [50, 50]),
            (AirPollutant.SO2, AveragingTime.Hour, [150, 500], [150, 500], [150, 150]),
            (AirPollutant.NO2, AveragingTime.Year, [40, 40], [40, 40], [30, 30]),
            (AirPollutant.NO2, AveragingTime.Day, [80, 80], [80, 80], [50, 50]),
            (AirPollutant.NO2, AveragingTime.Hour, [200, 200], [200, 200], [200, 200]),
            (AirPollutant.CO, AveragingTime.Day, [4, 4], [4, 4], [4, 4]),
            (AirPollutant.CO, AveragingTime.Hour, [10, 10], [10, 10], [10, 10]),
            (AirPollutant.O3, AveragingTime.Max8Hour, [100, 160], [100, 160], [100, 160]),
            (AirPollutant.O3, AveragingTime.Hour, [160, 200], [160, 200], [160, 200]),
            (AirPollutant.PM10, AveragingTime.Year, [40, 70], [40, 60], [20, 50]),
            (AirPollutant.PM10, AveragingTime.Day, [50, 150], [50, 120], [50, 100]),
            (AirPollutant.PM25, AveragingTime.Year, [15, 35], [15, 30], [10, 25]),
            (AirPollutant.PM25, AveragingTime.Day, [35, 75], [35, 60], [25, 50]),
        };
        var data = new TheoryData<AirPollutant, AveragingTime, Gb3095Generation, int, int>();
        foreach (var (p, a, g12, t26, f26) in rows)
        {
            data.Add(p, a, Gb3095Generation.V2012, g12[0], g12[1]);
            data.Add(p, a, Gb3095Generation.V2026Transitional, t26[0], t26[1]);
            data.Add(p, a, Gb3095Generation.V2026Final, f26[0], f26[1]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Limits))]
    public void Every_limit_of_every_generation(AirPollutant pollutant, AveragingTime averaging, Gb3095Generation generation, int grade1, int grade2)
    {
        Assert.Equal(grade1, Gb3095.Limit(generation, pollutant, averaging, 1));
        Assert.Equal(grade2, Gb3095.Limit(generation, pollutant, averaging, 2));
    }

    [Fact]
    public void The_table_has_exactly_the_documented_statistics()
    {
        Assert.Equal(14, Gb3095.LimitedStatistics.Count());
        Assert.Null(Gb3095.Limit(Gb3095Generation.V2012, AirPollutant.CO, AveragingTime.Year));
        Assert.Null(Gb3095.Limit(Gb3095Generation.V2012, AirPollutant.PM25, AveragingTime.Hour));
    }

    [Theory]
    [InlineData(2026, 2, 28, Gb3095Generation.V2012)]
    [InlineData(2026, 3, 1, Gb3095Generation.V2026Transitional)]
    [InlineData(2030, 12, 31, Gb3095Generation.V2026Transitional)]
    [InlineData(2031, 1, 1, Gb3095Generation.V2026Final)]
    public void Generation_in_force(int y, int m, int d, Gb3095Generation expected) =>
        Assert.Equal(expected, Gb3095.ForDate(new DateOnly(y, m, d)));

    [Fact]
    public void AQI_rule_set_in_force()
    {
        Assert.Same(AqiRuleSet.Hj633_2012, AqiRuleSet.ForDate(new DateOnly(2026, 2, 28)));
        Assert.Same(AqiRuleSet.Hj633_2026, AqiRuleSet.ForDate(new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void Daily_mean_needs_20_hours_and_8_hour_mean_6()
    {
        Assert.False(Gb3095.IsDailyMeanValid(19));
        Assert.True(Gb3095.IsDailyMeanValid(20));
        Assert.False(Gb3095.IsEightHourMeanValid(5));
        Assert.True(Gb3095.IsEightHourMeanValid(6));
    }

    [Fact]
    public void Annual_needs_324_days_and_27_per_month_25_in_February()
    {
        int[] full = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        Assert.True(Gb3095.IsAnnualValid(full));
        // 324 days, every month at its minimum or above.
        int[] exactly324 = [27, 25, 27, 27, 27, 27, 27, 27, 27, 27, 27, 29];
        Assert.Equal(324, exactly324.Sum());
        Assert.True(Gb3095.IsAnnualValid(exactly324));
        int[] only323 = [27, 25, 27, 27, 27, 27, 27, 27, 27, 27, 27, 28];
        Assert.False(Gb3095.IsAnnualValid(only323));
        int[] februaryShort = [31, 24, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        Assert.False(Gb3095.IsAnnualValid(februaryShort));
        int[] marchShort = [31, 28, 26, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        Assert.False(Gb3095.IsAnnualValid(marchShort));
    }
}
