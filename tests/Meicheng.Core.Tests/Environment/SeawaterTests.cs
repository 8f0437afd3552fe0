using Meicheng.Core.Environment.Seawater;

namespace Meicheng.Core.Tests.Environment;

public sealed class SeawaterTests
{
    public static TheoryData<SeaItem, decimal, decimal, decimal, decimal> Table() => new()
    {
        { SeaItem.DissolvedOxygen, 6, 5, 4, 3 },
        { SeaItem.COD, 2, 3, 4, 5 },
        { SeaItem.BOD5, 1, 3, 4, 5 },
        { SeaItem.InorganicNitrogen, 0.20m, 0.30m, 0.40m, 0.50m },
        { SeaItem.NonIonicAmmonia, 0.020m, 0.020m, 0.020m, 0.020m },
        { SeaItem.ActivePhosphate, 0.015m, 0.030m, 0.030m, 0.045m },
        { SeaItem.Petroleum, 0.05m, 0.05m, 0.30m, 0.50m },
        { SeaItem.Hg, 0.00005m, 0.0002m, 0.0002m, 0.0005m },
        { SeaItem.Cd, 0.001m, 0.005m, 0.010m, 0.010m },
        { SeaItem.Pb, 0.001m, 0.005m, 0.010m, 0.050m },
        { SeaItem.Cr6, 0.005m, 0.010m, 0.020m, 0.050m },
        { SeaItem.TotalCr, 0.05m, 0.10m, 0.20m, 0.50m },
        { SeaItem.As, 0.020m, 0.030m, 0.050m, 0.050m },
        { SeaItem.Cu, 0.005m, 0.010m, 0.050m, 0.050m },
        { SeaItem.Zn, 0.020m, 0.050m, 0.10m, 0.50m },
        { SeaItem.Se, 0.010m, 0.020m, 0.020m, 0.050m },
        { SeaItem.Ni, 0.005m, 0.010m, 0.020m, 0.050m },
        { SeaItem.Cyanide, 0.005m, 0.005m, 0.10m, 0.20m },
        { SeaItem.Sulfide, 0.02m, 0.05m, 0.10m, 0.25m },
        { SeaItem.VolatilePhenol, 0.005m, 0.005m, 0.010m, 0.050m },
        { SeaItem.LAS, 0.03m, 0.10m, 0.10m, 0.10m },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_limit(SeaItem item, decimal c1, decimal c2, decimal c3, decimal c4)
    {
        decimal[] limits = [c1, c2, c3, c4];
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(limits[c], Gb3097.Limit(item, (SeaClass)(c + 1)));
            var best = (SeaClass)(Array.IndexOf(limits, limits[c]) + 1);
            if (item == SeaItem.DissolvedOxygen)
            {
                // Strictly greater: DO equal to a class's limit does not meet it.
                Assert.Equal((SeaClass)(c + 2), Gb3097.ClassOf(item, limits[c]));
                Assert.Equal((SeaClass)(c + 1), Gb3097.ClassOf(item, limits[c] + 0.01m));
            }
            else
                Assert.Equal(best, Gb3097.ClassOf(item, limits[c]));
        }
        if (item != SeaItem.DissolvedOxygen)
            Assert.Equal(SeaClass.WorseThan4, Gb3097.ClassOf(item, c4 * 1.001m));
    }

    [Theory]
    [InlineData("7.8", SeaClass.Class1)]
    [InlineData("8.5", SeaClass.Class1)]
    [InlineData("8.51", SeaClass.Class3)]
    [InlineData("6.8", SeaClass.Class3)]
    [InlineData("8.8", SeaClass.Class3)]
    [InlineData("6.79", SeaClass.WorseThan4)]
    [InlineData("8.81", SeaClass.WorseThan4)]
    public void PH_ranges(string ph, SeaClass expected) =>
        Assert.Equal(expected, Gb3097.ClassOf(SeaItem.PH, decimal.Parse(ph, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_sample_is_single_factor_and_good_means_classes_1_and_2()
    {
        var r = SeawaterQuality.Classify(new Dictionary<SeaItem, decimal> { [SeaItem.PH] = 8.1m, [SeaItem.DissolvedOxygen] = 7, [SeaItem.InorganicNitrogen] = 0.35m, [SeaItem.ActivePhosphate] = 0.02m });
        Assert.Equal(SeaClass.Class3, r.Class);
        Assert.Equal([SeaItem.InorganicNitrogen], r.DecidingItems);
        Assert.False(r.Good);
        Assert.Equal("劣四类", SeaClass.WorseThan4.Label());
    }

    [Fact]
    public void Point_and_IDW_area_shares_name_their_method()
    {
        // Two points: a clean one in the west, a nitrogen-rich one in the east; a 10 x 2 grid of unit cells between them.
        var points = new[]
        {
            new SeaPoint("west", 0, 1, new Dictionary<SeaItem, decimal> { [SeaItem.InorganicNitrogen] = 0.10m }),
            new SeaPoint("east", 10, 1, new Dictionary<SeaItem, decimal> { [SeaItem.InorganicNitrogen] = 0.60m }),
        };
        var pointShare = SeawaterQuality.PointShare(points);
        Assert.Equal(0.5m, pointShare.GoodShare);
        Assert.StartsWith("point-share", pointShare.Method, StringComparison.Ordinal);
        var grid = SeawaterQuality.Grid(0, 0, 10, 2, 1);
        Assert.Equal(20, grid.Count);
        var area = SeawaterQuality.AreaShareIdw(points, grid);
        Assert.Contains("IDW", area.Method, StringComparison.Ordinal);
        // IDW between 0.10 and 0.60 crosses 0.30 (the class 2 limit) where w_w/(w_w+w_e) = 0.6, i.e. d_e/d_w = sqrt(1.5):
        // x = 10/(1+sqrt(1.5)), about 4.495: cell centres 0.5..3.5 are good, 4.5 is just past: 4 columns of 10 -> 0.4.
        Assert.Equal(0.4m, area.GoodShare);
        Assert.Equal(20.0, area.AreaByClass.Values.Sum());
    }

    [Fact]
    public void A_cell_on_a_point_takes_its_value()
    {
        var points = new[] { new SeaPoint("p", 0.5, 0.5, new Dictionary<SeaItem, decimal> { [SeaItem.COD] = 1 }), new SeaPoint("q", 5, 5, new Dictionary<SeaItem, decimal> { [SeaItem.COD] = 9 }) };
        var share = SeawaterQuality.AreaShareIdw(points, [new SeaCell(0.5, 0.5, 1)]);
        Assert.Equal(1m, share.GoodShare);
    }
}
