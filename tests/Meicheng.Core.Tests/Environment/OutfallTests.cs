using Meicheng.Core.Environment.Outfalls;

namespace Meicheng.Core.Tests.Environment;

public sealed class OutfallTests
{
    private static readonly DischargeCatalogue Catalogue = DischargeStandards.Parse(File.ReadAllText(Path.Combine(RepoPaths.Reference, DischargeStandards.FileName)));

    [Fact]
    public void The_reference_file_loads_with_its_sources_and_defaults()
    {
        var a = Catalogue.DefaultFor(OutfallType.MunicipalWastewater)!;
        Assert.Equal("gb18918-2002-1a", a.Id);
        Assert.Contains("表1", a.Clause, StringComparison.Ordinal);
        Assert.Equal(50m, a.Limits.Single(l => l.Parameter == DischargeParameter.COD).Max);
        Assert.Equal("gb8978-1996-grade1", Catalogue.DefaultFor(OutfallType.Industrial)!.Id);
        Assert.Null(Catalogue.DefaultFor(OutfallType.Stormwater));
    }

    [Fact]
    public void A_result_within_every_limit_complies_and_equality_is_within()
    {
        var j = DischargeJudge.Judge(Catalogue.Find("gb18918-2002-1a"), new Dictionary<DischargeParameter, decimal>
        {
            [DischargeParameter.COD] = 50m, [DischargeParameter.NH3N] = 4.9m, [DischargeParameter.TP] = 0.3m, [DischargeParameter.PH] = 7.2m,
        });
        Assert.True(j.Complies);
        Assert.Equal("达标", j.Text);
        Assert.Equal(4, j.Judged.Count);
    }

    [Fact]
    public void An_exceedance_names_the_limit_and_ph_has_a_lower_bound()
    {
        var j = DischargeJudge.Judge(Catalogue.Find("gb18918-2002-1a"), new Dictionary<DischargeParameter, decimal>
        {
            [DischargeParameter.COD] = 62m, [DischargeParameter.PH] = 5.5m, [DischargeParameter.PO4P] = 3m,
        });
        Assert.False(j.Complies);
        Assert.Equal([DischargeParameter.COD, DischargeParameter.PH], j.Exceedances.Select(e => e.Parameter));
        Assert.Equal(50m, j.Exceedances[0].Max);
        Assert.Contains("化学需氧量 62 mg/L，超过限值 50", j.Text, StringComparison.Ordinal);
        Assert.Equal([DischargeParameter.PO4P], j.NotLimited);
    }

    [Fact]
    public void Cold_water_takes_the_bracketed_ammonia_limit()
    {
        var standard = Catalogue.Find("gb18918-2002-1a");
        var warm = DischargeJudge.Judge(standard, new Dictionary<DischargeParameter, decimal> { [DischargeParameter.NH3N] = 6m, [DischargeParameter.WaterTemperature] = 18m });
        var cold = DischargeJudge.Judge(standard, new Dictionary<DischargeParameter, decimal> { [DischargeParameter.NH3N] = 6m, [DischargeParameter.WaterTemperature] = 12m });
        Assert.False(warm.Complies);
        Assert.True(cold.Complies);
    }

    [Fact]
    public void Without_a_standard_nothing_is_judged()
    {
        var j = DischargeJudge.Judge(null, new Dictionary<DischargeParameter, decimal> { [DischargeParameter.COD] = 500m });
        Assert.Null(j.Complies);
        Assert.Equal("未确定排放标准，不作判定", j.Text);
    }

    [Fact]
    public void Supervision_by_online_monitor_or_by_schedule()
    {
        var now = new DateTimeOffset(2025, 12, 31, 12, 0, 0, TimeSpan.Zero);
        var day = new DateOnly(2025, 12, 31);
        var window = TimeSpan.FromHours(48);
        Assert.Equal(SupervisionBasis.Online, DigitalSupervision.Judge(new(now.AddHours(-47), null, null), now, window, day).Basis);
        Assert.Equal(SupervisionBasis.None, DigitalSupervision.Judge(new(now.AddHours(-49), null, null), now, window, day).Basis);
        Assert.Equal(SupervisionBasis.Schedule, DigitalSupervision.Judge(new(null, 90, day.AddDays(-90)), now, window, day).Basis);
        var late = DigitalSupervision.Judge(new(now.AddDays(-5), 90, day.AddDays(-91)), now, window, day);
        Assert.False(late.Supervised);
        Assert.Contains("超过周期 90 天", late.Reason, StringComparison.Ordinal);
        Assert.False(DigitalSupervision.Judge(new(null, null, day), now, window, day).Supervised);
    }

    [Theory]
    [InlineData("wwtp", OutfallType.MunicipalWastewater)]
    [InlineData("城镇污水处理厂", OutfallType.MunicipalWastewater)]
    [InlineData("工业排污口", OutfallType.Industrial)]
    [InlineData("养殖", OutfallType.Aquaculture)]
    [InlineData("雨洪", OutfallType.Stormwater)]
    public void Types_parse_by_code_or_chinese(string text, OutfallType expected) => Assert.Equal(expected, OutfallNames.ParseType(text));

    [Fact]
    public void A_malformed_standards_file_names_the_fault()
    {
        var e = Assert.Throws<DischargeStandardsException>(() => DischargeStandards.Parse(
            """{"schema":"meicheng.discharge-standards/1","standards":[{"id":"x","name":"n","source":"s","clause":"c","limits":[{"parameter":"Lead","max":1}]}]}"""));
        Assert.Contains("unknown parameter Lead", e.Message, StringComparison.Ordinal);
    }
}
