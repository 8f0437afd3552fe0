using Meicheng.Core.Environment.Air;

namespace Meicheng.Core.Tests.Environment;

public sealed class AqiTests
{
    private static readonly AqiRuleSet R2012 = AqiRuleSet.Hj633_2012;
    private static readonly AqiRuleSet R2026 = AqiRuleSet.Hj633_2026;

    // Every breakpoint of STANDARDS.md s1, per rule set: (item, IAQI level, concentration).
    public static TheoryData<string, AqiItem, int, string> Breakpoints()
    {
        var data = new TheoryData<string, AqiItem, int, string>();
        var columns = new (AqiItem Item, string[] V2012, string[] V2026)[]
        {
            (AqiItem.So2Day, ["0", "50", "150", "475", "800", "1600", "2100", "2620"], ["0", "50", "150", "475", "800", "1600", "2100", "2620"]),
            (AqiItem.So2Hour, ["0", "150", "500", "650", "800"], ["0", "150", "500", "650", "800"]),
            (AqiItem.No2Day, ["0", "40", "80", "180", "280", "565", "750", "940"], ["0", "40", "80", "180", "280", "565", "750", "940"]),
            (AqiItem.No2Hour, ["0", "100", "200", "700", "1200", "2340", "3090", "3840"], ["0", "100", "200", "700", "1200", "2340", "3090", "3840"]),
            (AqiItem.Pm10Day, ["0", "50", "150", "250", "350", "420", "500", "600"], ["0", "50", "120", "250", "350", "420", "500", "600"]),
            (AqiItem.CoDay, ["0", "2", "4", "14", "24", "36", "48", "60"], ["0", "2", "4", "14", "24", "36", "48", "60"]),
            (AqiItem.CoHour, ["0", "5", "10", "35", "60", "90", "120", "150"], ["0", "5", "10", "35", "60", "90", "120", "150"]),
            (AqiItem.O3Hour, ["0", "160", "200", "300", "400", "800", "1000", "1200"], ["0", "160", "200", "300", "400", "800", "1000", "1200"]),
            (AqiItem.O3Max8h, ["0", "100", "160", "215", "265", "800"], ["0", "100", "160", "215", "265", "800"]),
            (AqiItem.Pm25Day, ["0", "35", "75", "115", "150", "250", "350", "500"], ["0", "35", "60", "115", "150", "250", "350", "500"]),
        };
        int[] levels = [0, 50, 100, 150, 200, 300, 400, 500];
        foreach (var (item, v2012, v2026) in columns)
        {
            for (var i = 0; i < v2012.Length; i++)
                data.Add("2012", item, levels[i], v2012[i]);
            for (var i = 0; i < v2026.Length; i++)
                data.Add("2026", item, levels[i], v2026[i]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Breakpoints))]
    public void A_concentration_on_a_breakpoint_has_the_breakpoints_IAQI(string rules, AqiItem item, int level, string concentration)
    {
        var set = AqiRuleSet.Parse(rules);
        var c = decimal.Parse(concentration, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(c, set.Breakpoints(item)[AqiRuleSet.IaqiBreakpoints.ToList().IndexOf(level)]);
        Assert.Equal((level, false), Aqi.Iaqi(set, item, c));
    }

    [Theory]
    [MemberData(nameof(Breakpoints))]
    public void Just_above_a_breakpoint_takes_the_next_segment_rounded_up(string rules, AqiItem item, int level, string concentration)
    {
        var set = AqiRuleSet.Parse(rules);
        var bp = set.Breakpoints(item);
        var c = decimal.Parse(concentration, System.Globalization.CultureInfo.InvariantCulture);
        if (c == bp[^1])
            return; // the top: covered by the above-the-top tests
        var (iaqi, top) = Aqi.Iaqi(set, item, c + 0.001m);
        Assert.False(top);
        Assert.Equal(level + 1, iaqi);
    }

    [Theory]
    [InlineData("2012", AqiItem.Pm25Day, "500.1")]
    [InlineData("2026", AqiItem.Pm25Day, "999")]
    [InlineData("2012", AqiItem.Pm10Day, "600.0001")]
    [InlineData("2012", AqiItem.CoHour, "151")]
    [InlineData("2026", AqiItem.O3Hour, "1201")]
    [InlineData("2012", AqiItem.So2Day, "3000")]
    public void Above_the_top_breakpoint_caps_at_500_and_flags_it(string rules, AqiItem item, string concentration)
    {
        var (iaqi, top) = Aqi.Iaqi(AqiRuleSet.Parse(rules), item, decimal.Parse(concentration, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(500, iaqi);
        Assert.True(top);
    }

    [Fact]
    public void PM25_75_under_2012_is_100_and_under_2026_is_above_100()
    {
        Assert.Equal(100, Aqi.Iaqi(R2012, AqiItem.Pm25Day, 75m).Iaqi);
        // 2026: 60..115 maps to 100..150: 75 gives 100 + 50*15/55 = 113.6..., rounded up 114.
        Assert.Equal(114, Aqi.Iaqi(R2026, AqiItem.Pm25Day, 75m).Iaqi);
    }

    [Fact]
    public void Decimal_arithmetic_keeps_exact_results_that_doubles_would_push_over_an_integer()
    {
        // SO2 24h 150..475 maps to 100..150 (slope 50/325, a repeating fraction). 475 exactly must give 150, and NO2 1h
        // 200 + 500*0.98 = 690 must give 149 (binary floating point computes 148.99999999999997 or 149.00000000000003).
        Assert.Equal(150, Aqi.Iaqi(R2012, AqiItem.So2Day, 475m).Iaqi);
        Assert.Equal(149, Aqi.Iaqi(R2012, AqiItem.No2Hour, 690m).Iaqi);
        // O3 8h 163.3: 100 + 50/55 * 3.3 = 103 exactly; in doubles 103.00000000000001, which a ceiling turns into 104.
        var asDouble = (150.0 - 100.0) / (215.0 - 160.0) * (163.3 - 160.0) + 100.0;
        Assert.Equal(104, (int)Math.Ceiling(asDouble)); // the pitfall the decimal path avoids
        Assert.Equal(103, Aqi.Iaqi(R2012, AqiItem.O3Max8h, 163.3m).Iaqi);
        Assert.Equal(203, Aqi.Iaqi(R2012, AqiItem.Pm10Day, 352.1m).Iaqi);
    }

    [Fact]
    public void IAQI_is_rounded_up_not_to_nearest()
    {
        // PM2.5 35.1 under 2012: 50 + 50*0.1/40 = 50.125 -> 51.
        Assert.Equal(51, Aqi.Iaqi(R2012, AqiItem.Pm25Day, 35.1m).Iaqi);
        Assert.Equal(1, Aqi.Iaqi(R2012, AqiItem.Pm25Day, 0.01m).Iaqi);
    }

    [Theory]
    [InlineData("35.5", "36")]
    [InlineData("36.5", "36")]
    [InlineData("37.5", "38")]
    [InlineData("35.4999", "35")]
    [InlineData("35.5001", "36")]
    public void The_2026_rules_round_inputs_half_to_even(string input, string rounded)
    {
        var c = decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(decimal.Parse(rounded, System.Globalization.CultureInfo.InvariantCulture), R2026.RoundInput(AirPollutant.PM25, c));
        Assert.Equal(c, R2012.RoundInput(AirPollutant.PM25, c));
    }

    [Fact]
    public void CO_is_rounded_to_one_decimal_under_2026()
    {
        Assert.Equal(2.2m, R2026.RoundInput(AirPollutant.CO, 2.25m));
        Assert.Equal(2.4m, R2026.RoundInput(AirPollutant.CO, 2.35m));
        // 2.04 rounds to 2.0, on the breakpoint: IAQI 50 under 2026; 2012 uses 2.04 and gives 51.
        var c = new AirConcentrations { Co = 2.04m };
        Assert.Equal(50, Aqi.Daily(R2026, c).Items.Single().Iaqi);
        Assert.Equal(51, Aqi.Daily(R2012, c).Items.Single().Iaqi);
    }

    [Fact]
    public void Input_rounding_moves_a_value_onto_a_breakpoint_under_2026()
    {
        var c = new AirConcentrations { Pm25 = 35.4m };
        Assert.Equal(50, Aqi.Daily(R2026, c).Value);
        Assert.Equal(51, Aqi.Daily(R2012, c).Value);
    }

    [Fact]
    public void Daily_AQI_of_2012_uses_O3_one_hour_and_2026_does_not()
    {
        var c = new AirConcentrations { So2 = 10, No2 = 20, Pm10 = 40, Co = 0.5m, O3 = 300, O3Max8h = 90, Pm25 = 20 };
        var r12 = Aqi.Daily(R2012, c);
        var r26 = Aqi.Daily(R2026, c);
        Assert.Equal(150, r12.Value);
        Assert.Equal([AirPollutant.O3], r12.Primary);
        Assert.Contains(r12.Items, i => i.Item == AqiItem.O3Hour);
        Assert.DoesNotContain(r26.Items, i => i.Item == AqiItem.O3Hour);
        Assert.Equal(Aqi.Iaqi(R2026, AqiItem.Pm10Day, 40).Iaqi, r26.Items.Single(i => i.Item == AqiItem.Pm10Day).Iaqi);
        Assert.Equal(45, r26.Value); // O3 8h 90 -> 45 beats PM10 40 -> 40 and PM2.5 20 -> 28.6 -> 29
        Assert.Empty(r26.Primary);
    }

    [Fact]
    public void Primary_pollutants_list_ties_and_none_at_or_below_50()
    {
        var tie = Aqi.Daily(R2012, new AirConcentrations { So2 = 150, No2 = 80, Pm10 = 150, Co = 4, O3 = 200, O3Max8h = 160, Pm25 = 75 });
        Assert.Equal(100, tie.Value);
        Assert.Equal([AirPollutant.SO2, AirPollutant.NO2, AirPollutant.PM10, AirPollutant.CO, AirPollutant.O3, AirPollutant.PM25], tie.Primary);
        var clean = Aqi.Daily(R2012, new AirConcentrations { So2 = 50, No2 = 40, Pm10 = 50, Co = 2, O3 = 160, O3Max8h = 100, Pm25 = 35 });
        Assert.Equal(50, clean.Value);
        Assert.Empty(clean.Primary);
        Assert.Equal("优", clean.Level!.Chinese);
    }

    [Theory]
    [InlineData(0, "优", "#00E400")]
    [InlineData(50, "优", "#00E400")]
    [InlineData(51, "良", "#FFFF00")]
    [InlineData(100, "良", "#FFFF00")]
    [InlineData(101, "轻度污染", "#FF7E00")]
    [InlineData(150, "轻度污染", "#FF7E00")]
    [InlineData(151, "中度污染", "#FF0000")]
    [InlineData(200, "中度污染", "#FF0000")]
    [InlineData(201, "重度污染", "#99004C")]
    [InlineData(300, "重度污染", "#99004C")]
    [InlineData(301, "严重污染", "#7E0023")]
    [InlineData(500, "严重污染", "#7E0023")]
    public void Levels_and_colours(int aqi, string chinese, string colour)
    {
        var level = AqiLevel.Of(aqi);
        Assert.Equal(chinese, level.Chinese);
        Assert.Equal(colour, level.Colour);
        Assert.False(string.IsNullOrEmpty(level.English));
    }

    [Fact]
    public void Rule_b_SO2_one_hour_above_800()
    {
        var c = new AirConcentrations { So2 = 900, So2Day = 300 };
        var r12 = Aqi.Hourly(R2012, c).Items.Single(i => i.Pollutant == AirPollutant.SO2);
        Assert.Equal(Aqi.Iaqi(R2012, AqiItem.So2Day, 300).Iaqi, r12.Iaqi);
        Assert.Contains("rule (b)", r12.Note, StringComparison.Ordinal);
        Assert.Null(Aqi.Hourly(R2012, new AirConcentrations { So2 = 900 }).Value);
        Assert.Equal(200, Aqi.Hourly(R2026, new AirConcentrations { So2 = 900 }).Value);
        Assert.Equal(200, Aqi.Hourly(R2012, new AirConcentrations { So2 = 800 }).Value);
    }

    [Fact]
    public void Rule_c_O3_eight_hour_above_800()
    {
        var r12 = Aqi.Daily(R2012, new AirConcentrations { O3 = 900, O3Max8h = 850 });
        Assert.Equal(Aqi.Iaqi(R2012, AqiItem.O3Hour, 900).Iaqi, r12.Items.Single(i => i.Item == AqiItem.O3Max8h).Iaqi);
        var r26 = Aqi.Daily(R2026, new AirConcentrations { O3 = 900, O3Max8h = 850 });
        Assert.Equal(300, r26.Value);
    }

    [Fact]
    public void Hourly_uses_one_hour_breakpoints_except_PM_which_use_24_hour_ones()
    {
        var r = Aqi.Hourly(R2012, new AirConcentrations { So2 = 150, No2 = 100, Pm10 = 50, Co = 5, O3 = 160, Pm25 = 35 });
        Assert.Equal(50, r.Value);
        Assert.All(r.Items, i => Assert.Equal(50, i.Iaqi));
        Assert.Equal([AqiItem.So2Hour, AqiItem.No2Hour, AqiItem.Pm10Day, AqiItem.CoHour, AqiItem.O3Hour, AqiItem.Pm25Day], r.Items.Select(i => i.Item));
    }

    [Fact]
    public void Missing_pollutants_are_computed_from_the_others_and_2026_publishes_only_above_100()
    {
        var low = new AirConcentrations { Pm25 = 50, Pm10 = 60 };
        var r26 = Aqi.Hourly(R2026, low);
        Assert.NotNull(r26.Value);
        Assert.Contains(AirPollutant.SO2, r26.Missing);
        Assert.False(r26.Publishable);
        Assert.True(Aqi.Hourly(R2026, new AirConcentrations { Pm25 = 100 }).Publishable);
        Assert.True(Aqi.Hourly(R2012, low).Publishable);
    }

    [Fact]
    public void Negative_concentrations_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Aqi.Iaqi(R2012, AqiItem.Pm25Day, -1));
    }
}

public sealed class AqiDailyValueTests
{
    [Theory]
    [InlineData("2012")]
    [InlineData("2026")]
    public void The_bulk_daily_value_equals_the_full_daily_report(string rules)
    {
        var set = AqiRuleSet.Parse(rules);
        var random = new Random(2012);
        for (var i = 0; i < 5000; i++)
        {
            var c = new AirConcentrations
            {
                So2 = random.Next(0, 3000) / 1.0m, No2 = random.Next(0, 1000), Pm10 = random.Next(0, 700) + random.Next(0, 100) / 100m,
                Co = random.Next(0, 700) / 10m, O3 = random.Next(0, 1300), O3Max8h = random.Next(0, 1000) + random.Next(0, 10) / 10m,
                Pm25 = random.Next(0, 600) + random.Next(0, 100) / 100m,
            };
            var full = Aqi.Daily(set, c);
            Assert.Equal(full.Value, Aqi.DailyValue(set, c.So2!.Value, c.No2!.Value, c.Pm10!.Value, c.Co!.Value, c.O3, c.O3Max8h!.Value, c.Pm25!.Value));
        }
    }
}
