namespace Meicheng.Core.Environment.Air;

/// <summary>An AQI level of HJ 633 (the same in 2012 and 2026).</summary>
/// <param name="Number">1 (优) to 6 (严重污染).</param>
/// <param name="Chinese">优, 良, 轻度污染, 中度污染, 重度污染, 严重污染.</param>
/// <param name="English">Excellent, Good, Lightly polluted, Moderately polluted, Heavily polluted, Severely polluted.</param>
/// <param name="Colour">The published colour, e.g. #00E400.</param>
/// <param name="MinAqi">The lowest AQI of the level.</param>
/// <param name="MaxAqi">The highest AQI of the level (null for the open-ended top level).</param>
public sealed record AqiLevel(int Number, string Chinese, string English, string Colour, int MinAqi, int? MaxAqi)
{
    /// <summary>The six levels, best first.</summary>
    public static IReadOnlyList<AqiLevel> All { get; } =
    [
        new(1, "优", "Excellent", "#00E400", 0, 50),
        new(2, "良", "Good", "#FFFF00", 51, 100),
        new(3, "轻度污染", "Lightly polluted", "#FF7E00", 101, 150),
        new(4, "中度污染", "Moderately polluted", "#FF0000", 151, 200),
        new(5, "重度污染", "Heavily polluted", "#99004C", 201, 300),
        new(6, "严重污染", "Severely polluted", "#7E0023", 301, null),
    ];

    /// <summary>The level of an (integer) AQI.</summary>
    public static AqiLevel Of(int aqi)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(aqi);
        return All.First(l => l.MaxAqi is null || aqi <= l.MaxAqi);
    }
}
