using Meicheng.Core.Environment.Water;

namespace Meicheng.Core.Tests.Environment;

public sealed class WaterTests
{
    // STANDARDS.md s4, every row but pH, TP (two rows) handled below: item, limits I..V.
    public static TheoryData<WaterItem, decimal, decimal, decimal, decimal, decimal> Table() => new()
    {
        { WaterItem.DissolvedOxygen, 7.5m, 6, 5, 3, 2 },
        { WaterItem.CODMn, 2, 4, 6, 10, 15 },
        { WaterItem.COD, 15, 15, 20, 30, 40 },
        { WaterItem.BOD5, 3, 3, 4, 6, 10 },
        { WaterItem.NH3N, 0.15m, 0.5m, 1.0m, 1.5m, 2.0m },
        { WaterItem.TN, 0.2m, 0.5m, 1.0m, 1.5m, 2.0m },
        { WaterItem.Cu, 0.01m, 1.0m, 1.0m, 1.0m, 1.0m },
        { WaterItem.Zn, 0.05m, 1.0m, 1.0m, 2.0m, 2.0m },
        { WaterItem.Fluoride, 1.0m, 1.0m, 1.0m, 1.5m, 1.5m },
        { WaterItem.Se, 0.01m, 0.01m, 0.01m, 0.02m, 0.02m },
        { WaterItem.As, 0.05m, 0.05m, 0.05m, 0.1m, 0.1m },
        { WaterItem.Hg, 0.00005m, 0.00005m, 0.0001m, 0.001m, 0.001m },
        { WaterItem.Cd, 0.001m, 0.005m, 0.005m, 0.005m, 0.01m },
        { WaterItem.Cr6, 0.01m, 0.05m, 0.05m, 0.05m, 0.1m },
        { WaterItem.Pb, 0.01m, 0.01m, 0.05m, 0.05m, 0.1m },
        { WaterItem.Cyanide, 0.005m, 0.05m, 0.2m, 0.2m, 0.2m },
        { WaterItem.VolatilePhenol, 0.002m, 0.002m, 0.005m, 0.01m, 0.1m },
        { WaterItem.Petroleum, 0.05m, 0.05m, 0.05m, 0.5m, 1.0m },
        { WaterItem.LAS, 0.2m, 0.2m, 0.2m, 0.3m, 0.3m },
        { WaterItem.Sulfide, 0.05m, 0.1m, 0.2m, 0.5m, 1.0m },
        { WaterItem.FecalColiform, 200, 2000, 10000, 20000, 40000 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_limit_and_a_value_equal_to_a_limit_meets_that_class(WaterItem item, decimal i, decimal ii, decimal iii, decimal iv, decimal v)
    {
        decimal[] limits = [i, ii, iii, iv, v];
        for (var c = 0; c < 5; c++)
        {
            var cls = (WaterClass)(c + 1);
            Assert.Equal(limits[c], Gb3838.Limit(item, cls));
            // Equal to the limit: this class or a better one sharing the limit.
            var best = (WaterClass)(Array.IndexOf(limits, limits[c]) + 1);
            Assert.Equal(best, Gb3838.ClassOf(item, limits[c]));
        }
        var beyond = item == WaterItem.DissolvedOxygen ? v - 0.01m : v * 1.001m;
        Assert.Equal(WaterClass.WorseThanV, Gb3838.ClassOf(item, beyond));
    }

    [Theory]
    [InlineData(WaterBody.River, "0.02", "0.1", "0.2", "0.3", "0.4")]
    [InlineData(WaterBody.Lake, "0.01", "0.025", "0.05", "0.1", "0.2")]
    public void TP_limits_differ_for_rivers_and_lakes(WaterBody body, string i, string ii, string iii, string iv, string v)
    {
        string[] limits = [i, ii, iii, iv, v];
        for (var c = 0; c < 5; c++)
        {
            var limit = decimal.Parse(limits[c], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(limit, Gb3838.Limit(WaterItem.TP, (WaterClass)(c + 1), body));
            Assert.Equal((WaterClass)(c + 1), Gb3838.ClassOf(WaterItem.TP, limit, body));
            Assert.Equal(c == 4 ? WaterClass.WorseThanV : (WaterClass)(c + 2), Gb3838.ClassOf(WaterItem.TP, limit + 0.0001m, body));
        }
    }

    [Theory]
    [InlineData("5.99", WaterClass.WorseThanV)]
    [InlineData("6", WaterClass.I)]
    [InlineData("9", WaterClass.I)]
    [InlineData("9.01", WaterClass.WorseThanV)]
    public void PH_outside_6_to_9_is_worse_than_V(string ph, WaterClass expected) =>
        Assert.Equal(expected, Gb3838.ClassOf(WaterItem.PH, decimal.Parse(ph, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void DO_at_the_limit_meets_the_class()
    {
        Assert.Equal(WaterClass.III, Gb3838.ClassOf(WaterItem.DissolvedOxygen, 5m));
        Assert.Equal(WaterClass.IV, Gb3838.ClassOf(WaterItem.DissolvedOxygen, 4.99m));
    }

    [Fact]
    public void A_sample_takes_its_worst_item_and_names_the_deciding_items()
    {
        var r = WaterQuality.Classify(new Dictionary<WaterItem, decimal>
        {
            [WaterItem.PH] = 7.5m, [WaterItem.DissolvedOxygen] = 6.5m, [WaterItem.CODMn] = 5m, [WaterItem.NH3N] = 1.2m, [WaterItem.TP] = 0.35m,
        });
        Assert.Equal(WaterClass.V, r.Class); // TP 0.35 river -> V
        Assert.Equal([WaterItem.TP], r.DecidingItems);
        Assert.Equal("中度污染", r.Descriptor);
        // Main pollutants: exceedance over class III: TP (0.35-0.2)/0.2 = 0.75, NH3-N 0.2.
        Assert.Equal([WaterItem.TP, WaterItem.NH3N], r.MainPollutants.Select(m => m.Item));
        Assert.Equal(0.75m, r.MainPollutants[0].ExceedanceOverIII);
    }

    [Fact]
    public void The_same_TP_is_worse_in_a_lake()
    {
        var values = new Dictionary<WaterItem, decimal> { [WaterItem.TP] = 0.04m, [WaterItem.CODMn] = 3 };
        Assert.Equal(WaterClass.II, WaterQuality.Classify(values).Class);
        Assert.Equal(WaterClass.III, WaterQuality.Classify(values, WaterBody.Lake).Class);
    }

    [Fact]
    public void TN_and_fecal_coliform_are_reported_apart()
    {
        var r = WaterQuality.Classify(new Dictionary<WaterItem, decimal> { [WaterItem.CODMn] = 3, [WaterItem.TN] = 5, [WaterItem.FecalColiform] = 50000 }, WaterBody.Lake);
        Assert.Equal(WaterClass.II, r.Class);
        Assert.Equal(2, r.ReportedApart.Count);
        Assert.All(r.ReportedApart, i => Assert.Equal(WaterClass.WorseThanV, i.Class));
        Assert.Empty(r.MainPollutants);
    }

    [Fact]
    public void Main_pollutants_are_at_most_three_and_never_DO()
    {
        var r = WaterQuality.Classify(new Dictionary<WaterItem, decimal>
        {
            [WaterItem.DissolvedOxygen] = 1, [WaterItem.CODMn] = 12, [WaterItem.NH3N] = 3, [WaterItem.TP] = 0.5m, [WaterItem.COD] = 45,
        });
        Assert.Equal(WaterClass.WorseThanV, r.Class);
        Assert.Equal(3, r.MainPollutants.Count);
        Assert.DoesNotContain(r.MainPollutants, m => m.Item == WaterItem.DissolvedOxygen);
        Assert.Equal([WaterItem.NH3N, WaterItem.TP, WaterItem.COD], r.MainPollutants.Select(m => m.Item)); // 2.0, 1.5, 1.25
    }

    private static WaterSection Section(string name, decimal codmn, WaterClass? target = null) =>
        new(name, new Dictionary<WaterItem, decimal> { [WaterItem.CODMn] = codmn }, target);

    [Theory]
    [InlineData(new[] { 3.0, 3, 3, 3, 3, 3, 3, 3, 3, 20 }, "优")] // 90% I-III
    [InlineData(new[] { 3.0, 3, 3, 3, 3, 3, 3, 3, 20, 20 }, "良好")] // 80%
    [InlineData(new[] { 3.0, 3, 3, 20 }, "轻度污染")] // < 5 sections: mean 7.25 -> IV
    [InlineData(new[] { 3.0, 3, 3, 12, 12, 12, 12, 12, 12, 20 }, "轻度污染")] // 30% I-III, 10% 劣V
    [InlineData(new[] { 3.0, 3, 3, 12, 12, 12, 12, 12, 20, 20 }, "中度污染")] // 劣V exactly 20%
    [InlineData(new[] { 3.0, 3, 3, 12, 12, 12, 20, 20, 20, 20 }, "重度污染")] // 劣V exactly 40%
    public void River_assessment(double[] codmn, string descriptor)
    {
        var sections = codmn.Select((c, i) => Section($"s{i}", (decimal)c)).ToList();
        var r = WaterQuality.AssessRiver(sections);
        Assert.Equal(descriptor, r.Descriptor);
        Assert.Equal(sections.Count >= 5 ? "share-of-sections" : "mean-concentration", r.Method);
    }

    [Fact]
    public void Exactly_75_percent_is_good_and_fewer_than_five_sections_average_first()
    {
        var four = new[] { Section("a", 3), Section("b", 3), Section("c", 3), Section("d", 14) };
        var r = WaterQuality.AssessRiver(four);
        Assert.Equal(0.75m, r.GoodShare);
        Assert.Equal(5.75m, r.MeanClassification!.Items.Single().Value);
        Assert.Equal(WaterClass.III, r.MeanClassification.Class);
        Assert.Equal("良好", r.Descriptor);
    }

    [Fact]
    public void Compliance_rate_has_two_named_meanings()
    {
        var sections = new[] { Section("a", 3, WaterClass.II), Section("b", 5, WaterClass.II), Section("c", 5, WaterClass.III), Section("d", 9) };
        var bySections = WaterQuality.SectionsMeetingTarget(sections);
        Assert.Equal(ComplianceMeaning.SectionsMeetingTarget, bySections.Meaning);
        Assert.Equal((2, 3), (bySections.Compliant, bySections.Assessed));
        var samples = new IReadOnlyDictionary<WaterItem, decimal>[]
        {
            new Dictionary<WaterItem, decimal> { [WaterItem.NH3N] = 0.4m },
            new Dictionary<WaterItem, decimal> { [WaterItem.NH3N] = 1.1m },
            new Dictionary<WaterItem, decimal> { [WaterItem.NH3N] = 1.0m },
            new Dictionary<WaterItem, decimal> { [WaterItem.NH3N] = 0.9m },
        };
        var bySamples = WaterQuality.SamplesAtSection(samples, WaterClass.III);
        Assert.Equal(ComplianceMeaning.SamplesAtSection, bySamples.Meaning);
        Assert.Equal(0.75m, bySamples.Rate);
    }
}
