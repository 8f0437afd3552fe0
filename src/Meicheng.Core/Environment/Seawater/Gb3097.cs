namespace Meicheng.Core.Environment.Seawater;

/// <summary>The items of GB 3097-1997 (mg/L; pH dimensionless).</summary>
public enum SeaItem
{
    /// <summary>pH.</summary>
    PH,
    /// <summary>Dissolved oxygen (strictly above the limit).</summary>
    DissolvedOxygen,
    /// <summary>Chemical oxygen demand.</summary>
    COD,
    /// <summary>Five-day biochemical oxygen demand.</summary>
    BOD5,
    /// <summary>Inorganic nitrogen.</summary>
    InorganicNitrogen,
    /// <summary>Non-ionic ammonia.</summary>
    NonIonicAmmonia,
    /// <summary>Active phosphate.</summary>
    ActivePhosphate,
    /// <summary>Petroleum.</summary>
    Petroleum,
    /// <summary>Mercury.</summary>
    Hg,
    /// <summary>Cadmium.</summary>
    Cd,
    /// <summary>Lead.</summary>
    Pb,
    /// <summary>Hexavalent chromium.</summary>
    Cr6,
    /// <summary>Total chromium.</summary>
    TotalCr,
    /// <summary>Arsenic.</summary>
    As,
    /// <summary>Copper.</summary>
    Cu,
    /// <summary>Zinc.</summary>
    Zn,
    /// <summary>Selenium.</summary>
    Se,
    /// <summary>Nickel.</summary>
    Ni,
    /// <summary>Cyanide.</summary>
    Cyanide,
    /// <summary>Sulfide.</summary>
    Sulfide,
    /// <summary>Volatile phenol.</summary>
    VolatilePhenol,
    /// <summary>Anionic surfactant (LAS).</summary>
    LAS,
}

/// <summary>A GB 3097 seawater class.</summary>
public enum SeaClass
{
    /// <summary>Class 1.</summary>
    Class1 = 1,
    /// <summary>Class 2.</summary>
    Class2,
    /// <summary>Class 3.</summary>
    Class3,
    /// <summary>Class 4.</summary>
    Class4,
    /// <summary>Worse than class 4 (劣四类).</summary>
    WorseThan4,
}

/// <summary>GB 3097-1997 limits as data and the single-factor class.</summary>
public static class Gb3097
{
    private static readonly Dictionary<SeaItem, decimal[]> Limits = new()
    {
        [SeaItem.DissolvedOxygen] = [6, 5, 4, 3],
        [SeaItem.COD] = [2, 3, 4, 5],
        [SeaItem.BOD5] = [1, 3, 4, 5],
        [SeaItem.InorganicNitrogen] = [0.20m, 0.30m, 0.40m, 0.50m],
        [SeaItem.NonIonicAmmonia] = [0.020m, 0.020m, 0.020m, 0.020m],
        [SeaItem.ActivePhosphate] = [0.015m, 0.030m, 0.030m, 0.045m],
        [SeaItem.Petroleum] = [0.05m, 0.05m, 0.30m, 0.50m],
        [SeaItem.Hg] = [0.00005m, 0.0002m, 0.0002m, 0.0005m],
        [SeaItem.Cd] = [0.001m, 0.005m, 0.010m, 0.010m],
        [SeaItem.Pb] = [0.001m, 0.005m, 0.010m, 0.050m],
        [SeaItem.Cr6] = [0.005m, 0.010m, 0.020m, 0.050m],
        [SeaItem.TotalCr] = [0.05m, 0.10m, 0.20m, 0.50m],
        [SeaItem.As] = [0.020m, 0.030m, 0.050m, 0.050m],
        [SeaItem.Cu] = [0.005m, 0.010m, 0.050m, 0.050m],
        [SeaItem.Zn] = [0.020m, 0.050m, 0.10m, 0.50m],
        [SeaItem.Se] = [0.010m, 0.020m, 0.020m, 0.050m],
        [SeaItem.Ni] = [0.005m, 0.010m, 0.020m, 0.050m],
        [SeaItem.Cyanide] = [0.005m, 0.005m, 0.10m, 0.20m],
        [SeaItem.Sulfide] = [0.02m, 0.05m, 0.10m, 0.25m],
        [SeaItem.VolatilePhenol] = [0.005m, 0.005m, 0.010m, 0.050m],
        [SeaItem.LAS] = [0.03m, 0.10m, 0.10m, 0.10m],
    };

    /// <summary>The pH range of a class: 7.8-8.5 for classes 1-2, 6.8-8.8 for classes 3-4.</summary>
    public static (decimal Min, decimal Max) PhRange(SeaClass cls) => cls switch
    {
        SeaClass.Class1 or SeaClass.Class2 => (7.8m, 8.5m),
        SeaClass.Class3 or SeaClass.Class4 => (6.8m, 8.8m),
        _ => throw new ArgumentOutOfRangeException(nameof(cls)),
    };

    /// <summary>The limit of an item for a class 1..4 (DO: the value must be strictly greater); null for pH.</summary>
    public static decimal? Limit(SeaItem item, SeaClass cls)
    {
        if (cls == SeaClass.WorseThan4)
            throw new ArgumentOutOfRangeException(nameof(cls), "劣四类 has no limit");
        return item == SeaItem.PH ? null : Limits[item][(int)cls - 1];
    }

    /// <summary>The class of one item's value: the best class it meets (at most the limit; DO strictly above; pH in range).</summary>
    public static SeaClass ClassOf(SeaItem item, decimal value)
    {
        for (var c = SeaClass.Class1; c <= SeaClass.Class4; c++)
        {
            var meets = item switch
            {
                SeaItem.PH => value >= PhRange(c).Min && value <= PhRange(c).Max,
                SeaItem.DissolvedOxygen => value > Limit(item, c),
                _ => value <= Limit(item, c),
            };
            if (meets)
                return c;
        }
        return SeaClass.WorseThan4;
    }

    /// <summary>"一类".."四类" or "劣四类".</summary>
    public static string Label(this SeaClass cls) => cls switch
    {
        SeaClass.Class1 => "一类",
        SeaClass.Class2 => "二类",
        SeaClass.Class3 => "三类",
        SeaClass.Class4 => "四类",
        _ => "劣四类",
    };

    /// <summary>Good (优良) water: classes 1 and 2.</summary>
    public static bool IsGood(this SeaClass cls) => cls <= SeaClass.Class2;
}
