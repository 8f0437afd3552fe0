using Meicheng.Core.Environment.Sponge;

namespace Meicheng.Core.Tests.Environment;

public sealed class SpongeTests
{
    [Fact]
    public void Capture_ratio_against_a_hand_computed_year()
    {
        // A 2.5 km² zone; rain 30 + 45.5 + 24.5 = 100 mm in 2025 (and 80 mm in 2024, not counted):
        // rainfall volume = 100 mm × 2.5 km² × 1000 m³/(mm·km²) = 250 000 m³.
        // Outflow 20 000 + 35 000 + 5 000 = 60 000 m³ → ratio = 1 − 60 000 / 250 000 = 0.76 → 76.0 %.
        RainfallDay[] rain = [new(new(2024, 12, 30), 80m), new(new(2025, 6, 1), 30m), new(new(2025, 7, 20), 45.5m), new(new(2025, 8, 3), 24.5m)];
        OutflowDay[] flow = [new(new(2025, 6, 1), 20_000m), new(new(2025, 7, 20), 35_000m), new(new(2025, 8, 4), 5_000m)];
        var r = RunoffCapture.Compute(2025, 2.5m, rain, flow);
        Assert.Equal(100m, r.RainfallMm);
        Assert.Equal(250_000m, r.RainfallVolumeM3);
        Assert.Equal(60_000m, r.OutflowVolumeM3);
        Assert.Equal(76.0m, r.Ratio);
        Assert.Equal(3, r.RainDays);
        Assert.True(RunoffCapture.Meets(r, 75m));
        Assert.False(RunoffCapture.Meets(r, 80m));
    }

    [Fact]
    public void Rounding_to_a_tenth_is_half_even()
    {
        // 1 − 1 2375 / 50 000 = 0.7525 → 75.25 % → 75.2 (GB/T 8170: a 5 after an even digit is dropped).
        var r = RunoffCapture.Compute(2025, 1m, [new(new(2025, 5, 1), 50m)], [new(new(2025, 5, 1), 12_375m)]);
        Assert.Equal(75.2m, r.Ratio);
    }

    [Fact]
    public void Without_outflow_data_there_is_no_ratio()
    {
        var r = RunoffCapture.Compute(2025, 1m, [new(new(2025, 5, 1), 50m)], []);
        Assert.Null(r.Ratio);
        Assert.Equal("当年没有排口流量监测数据", r.Missing);
        Assert.Null(RunoffCapture.Meets(r, 70m));
    }
}
