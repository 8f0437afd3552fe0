namespace Meicheng.Core.Environment.Water;

/// <summary>The items of GB 3838-2002 table 1 that Meicheng classifies (mg/L; pH dimensionless; fecal coliform per L).</summary>
public enum WaterItem
{
    /// <summary>pH.</summary>
    PH,
    /// <summary>Dissolved oxygen (at or above the limit).</summary>
    DissolvedOxygen,
    /// <summary>Permanganate index.</summary>
    CODMn,
    /// <summary>Chemical oxygen demand.</summary>
    COD,
    /// <summary>Five-day biochemical oxygen demand.</summary>
    BOD5,
    /// <summary>Ammonia nitrogen.</summary>
    NH3N,
    /// <summary>Total phosphorus (river and lake limits differ).</summary>
    TP,
    /// <summary>Total nitrogen (lakes and reservoirs; reported apart, not in the class).</summary>
    TN,
    /// <summary>Copper.</summary>
    Cu,
    /// <summary>Zinc.</summary>
    Zn,
    /// <summary>Fluoride.</summary>
    Fluoride,
    /// <summary>Selenium.</summary>
    Se,
    /// <summary>Arsenic.</summary>
    As,
    /// <summary>Mercury.</summary>
    Hg,
    /// <summary>Cadmium.</summary>
    Cd,
    /// <summary>Hexavalent chromium.</summary>
    Cr6,
    /// <summary>Lead.</summary>
    Pb,
    /// <summary>Cyanide.</summary>
    Cyanide,
    /// <summary>Volatile phenol.</summary>
    VolatilePhenol,
    /// <summary>Petroleum.</summary>
    Petroleum,
    /// <summary>Anionic surfactant (LAS).</summary>
    LAS,
    /// <summary>Sulfide.</summary>
    Sulfide,
    /// <summary>Fecal coliform, per litre (reported apart, not in the class).</summary>
    FecalColiform,
}

/// <summary>A GB 3838 water quality class.</summary>
public enum WaterClass
{
    /// <summary>Class I.</summary>
    I = 1,
    /// <summary>Class II.</summary>
    II,
    /// <summary>Class III.</summary>
    III,
    /// <summary>Class IV.</summary>
    IV,
    /// <summary>Class V.</summary>
    V,
    /// <summary>Worse than class V (劣V).</summary>
    WorseThanV,
}

/// <summary>A river (TP river limits) or a lake or reservoir (TP lake limits).</summary>
public enum WaterBody
{
    /// <summary>River.</summary>
    River,
    /// <summary>Lake or reservoir.</summary>
    Lake,
}

/// <summary>GB 3838-2002 limits as data.</summary>
public static class Gb3838
{
    private static readonly Dictionary<WaterItem, decimal[]> Limits = new()
    {
        [WaterItem.DissolvedOxygen] = [7.5m, 6, 5, 3, 2],
        [WaterItem.CODMn] = [2, 4, 6, 10, 15],
        [WaterItem.COD] = [15, 15, 20, 30, 40],
        [WaterItem.BOD5] = [3, 3, 4, 6, 10],
        [WaterItem.NH3N] = [0.15m, 0.5m, 1.0m, 1.5m, 2.0m],
        [WaterItem.TN] = [0.2m, 0.5m, 1.0m, 1.5m, 2.0m],
        [WaterItem.Cu] = [0.01m, 1.0m, 1.0m, 1.0m, 1.0m],
        [WaterItem.Zn] = [0.05m, 1.0m, 1.0m, 2.0m, 2.0m],
        [WaterItem.Fluoride] = [1.0m, 1.0m, 1.0m, 1.5m, 1.5m],
        [WaterItem.Se] = [0.01m, 0.01m, 0.01m, 0.02m, 0.02m],
        [WaterItem.As] = [0.05m, 0.05m, 0.05m, 0.1m, 0.1m],
        [WaterItem.Hg] = [0.00005m, 0.00005m, 0.0001m, 0.001m, 0.001m],
        [WaterItem.Cd] = [0.001m, 0.005m, 0.005m, 0.005m, 0.01m],
        [WaterItem.Cr6] = [0.01m, 0.05m, 0.05m, 0.05m, 0.1m],
        [WaterItem.Pb] = [0.01m, 0.01m, 0.05m, 0.05m, 0.1m],
        [WaterItem.Cyanide] = [0.005m, 0.05m, 0.2m, 0.2m, 0.2m],
        [WaterItem.VolatilePhenol] = [0.002m, 0.002m, 0.005m, 0.01m, 0.1m],
        [WaterItem.Petroleum] = [0.05m, 0.05m, 0.05m, 0.5m, 1.0m],
        [WaterItem.LAS] = [0.2m, 0.2m, 0.2m, 0.3m, 0.3m],
        [WaterItem.Sulfide] = [0.05m, 0.1m, 0.2m, 0.5m, 1.0m],
        [WaterItem.FecalColiform] = [200, 2000, 10000, 20000, 40000],
    };

    private static readonly decimal[] TpRiver = [0.02m, 0.1m, 0.2m, 0.3m, 0.4m];
    private static readonly decimal[] TpLake = [0.01m, 0.025m, 0.05m, 0.1m, 0.2m];

    /// <summary>pH range of every class.</summary>
    public const decimal PhMin = 6, PhMax = 9;

    /// <summary>Items that are not part of a sample's class and are reported apart.</summary>
    public static IReadOnlySet<WaterItem> ReportedApart { get; } = new HashSet<WaterItem> { WaterItem.TN, WaterItem.FecalColiform };

    /// <summary>The limit of an item for a class I..V (for DO the minimum); null for pH.</summary>
    public static decimal? Limit(WaterItem item, WaterClass cls, WaterBody body = WaterBody.River)
    {
        if (cls == WaterClass.WorseThanV)
            throw new ArgumentOutOfRangeException(nameof(cls), "劣V has no limit");
        if (item == WaterItem.PH)
            return null;
        var row = item == WaterItem.TP ? (body == WaterBody.Lake ? TpLake : TpRiver) : Limits[item];
        return row[(int)cls - 1];
    }

    /// <summary>The class of one item's value: the best class whose limit it meets (equal meets; DO at or above).</summary>
    public static WaterClass ClassOf(WaterItem item, decimal value, WaterBody body = WaterBody.River)
    {
        if (item == WaterItem.PH)
            return value is >= PhMin and <= PhMax ? WaterClass.I : WaterClass.WorseThanV;
        for (var c = WaterClass.I; c <= WaterClass.V; c++)
        {
            var limit = Limit(item, c, body)!.Value;
            if (item == WaterItem.DissolvedOxygen ? value >= limit : value <= limit)
                return c;
        }
        return WaterClass.WorseThanV;
    }

    /// <summary>"I".."V" or "劣V".</summary>
    public static string Label(this WaterClass cls) => cls == WaterClass.WorseThanV ? "劣V" : cls.ToString();

    /// <summary>The descriptor of a class: I-II 优, III 良好, IV 轻度污染, V 中度污染, 劣V 重度污染.</summary>
    public static string Descriptor(this WaterClass cls) => cls switch
    {
        WaterClass.I or WaterClass.II => "优",
        WaterClass.III => "良好",
        WaterClass.IV => "轻度污染",
        WaterClass.V => "中度污染",
        _ => "重度污染",
    };
}
