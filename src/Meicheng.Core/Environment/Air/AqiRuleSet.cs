using System.Diagnostics.CodeAnalysis;

namespace Meicheng.Core.Environment.Air;

/// <summary>
/// One generation of HJ 633 (Technical Regulation on Ambient Air Quality Index): its IAQI breakpoint table and
/// the rules that changed between 2012 and 2026. Every AQI computation takes one as an explicit input.
/// </summary>
public sealed class AqiRuleSet
{
    /// <summary>The IAQI values at the breakpoints, 0 to 500.</summary>
    public static IReadOnlyList<int> IaqiBreakpoints { get; } = [0, 50, 100, 150, 200, 300, 400, 500];

    private readonly Dictionary<AqiItem, decimal[]> _table;

    private AqiRuleSet(string id, int year, Dictionary<AqiItem, decimal[]> table)
    {
        Id = id;
        Year = year;
        _table = table;
    }

    /// <summary>HJ 633-2012, in force until 2026-02-28.</summary>
    [SuppressMessage("Naming", "CA1707", Justification = "Named after the standard's number and year.")]
    public static AqiRuleSet Hj633_2012 { get; } = new("HJ 633-2012", 2012, Table(pm10At100: 150m, pm25At100: 75m));

    /// <summary>HJ 633-2026, in force from 2026-03-01.</summary>
    [SuppressMessage("Naming", "CA1707", Justification = "Named after the standard's number and year.")]
    public static AqiRuleSet Hj633_2026 { get; } = new("HJ 633-2026", 2026, Table(pm10At100: 120m, pm25At100: 60m));

    /// <summary>Both generations.</summary>
    public static IReadOnlyList<AqiRuleSet> All { get; } = [Hj633_2012, Hj633_2026];

    /// <summary>The standard's designation, e.g. "HJ 633-2012".</summary>
    public string Id { get; }

    /// <summary>2012 or 2026.</summary>
    public int Year { get; }

    /// <summary>2026 s4.2.2: concentrations are rounded (GB/T 8170) before the IAQI is computed.</summary>
    public bool RoundsInputs => Year >= 2026;

    /// <summary>2012's daily AQI includes the O3 maximum 1-hour IAQI; 2026 drops it.</summary>
    public bool DailyUsesO3OneHour => Year < 2026;

    /// <summary>2026 s5.3.1: with a pollutant missing, the AQI of the others is published only when it exceeds 100.</summary>
    public bool PublishesIncompleteOnlyAbove100 => Year >= 2026;

    /// <summary>"2012" or "2026" to a rule set.</summary>
    public static AqiRuleSet Parse(string text) => text.Trim() switch
    {
        "2012" or "HJ 633-2012" => Hj633_2012,
        "2026" or "HJ 633-2026" => Hj633_2026,
        _ => throw new ArgumentException($"unknown HJ 633 rule set '{text}' (expected 2012 or 2026)", nameof(text)),
    };

    /// <summary>The rule set in force on a date: 2026 from 2026-03-01, else 2012.</summary>
    public static AqiRuleSet ForDate(DateOnly date) => date >= new DateOnly(2026, 3, 1) ? Hj633_2026 : Hj633_2012;

    /// <summary>
    /// The concentration breakpoints of an item, one per entry of <see cref="IaqiBreakpoints"/> as far as the table
    /// goes: SO2 1h stops at IAQI 200 (rule b) and O3 8h at IAQI 300 (rule c).
    /// </summary>
    public IReadOnlyList<decimal> Breakpoints(AqiItem item) => _table[item];

    /// <summary>
    /// The value beyond the table's end for SO2 1h above 800 (rule b) and O3 8h above 800 (rule c):
    /// 2026 fixes it (200, 300); 2012 gives none (null): the caller uses the SO2 24h or O3 1h IAQI instead.
    /// </summary>
    public int? BeyondTableIaqi(AqiItem item) => (Year, item) switch
    {
        ( >= 2026, AqiItem.So2Hour) => 200,
        ( >= 2026, AqiItem.O3Max8h) => 300,
        _ => null,
    };

    /// <summary>
    /// The input rounding of 2026 s4.2.2 (GB/T 8170, round half to even on the exact decimal): SO2, NO2, O3, PM10,
    /// PM2.5 to integers, CO to one decimal. 2012 returns the value unchanged.
    /// </summary>
    public decimal RoundInput(AirPollutant pollutant, decimal concentration) =>
        RoundsInputs ? Gbt8170.Round(concentration, pollutant == AirPollutant.CO ? 1 : 0) : concentration;

    /// <inheritdoc/>
    public override string ToString() => Id;

    private static Dictionary<AqiItem, decimal[]> Table(decimal pm10At100, decimal pm25At100) => new()
    {
        [AqiItem.So2Day] = [0, 50, 150, 475, 800, 1600, 2100, 2620],
        [AqiItem.So2Hour] = [0, 150, 500, 650, 800],
        [AqiItem.No2Day] = [0, 40, 80, 180, 280, 565, 750, 940],
        [AqiItem.No2Hour] = [0, 100, 200, 700, 1200, 2340, 3090, 3840],
        [AqiItem.Pm10Day] = [0, 50, pm10At100, 250, 350, 420, 500, 600],
        [AqiItem.CoDay] = [0, 2, 4, 14, 24, 36, 48, 60],
        [AqiItem.CoHour] = [0, 5, 10, 35, 60, 90, 120, 150],
        [AqiItem.O3Hour] = [0, 160, 200, 300, 400, 800, 1000, 1200],
        [AqiItem.O3Max8h] = [0, 100, 160, 215, 265, 800],
        [AqiItem.Pm25Day] = [0, 35, pm25At100, 115, 150, 250, 350, 500],
    };
}

/// <summary>GB/T 8170 rounding (四舍六入五成双): round half to even, applied to the exact decimal value.</summary>
public static class Gbt8170
{
    /// <summary>Rounds to <paramref name="decimals"/> places, halves to the even neighbour.</summary>
    public static decimal Round(decimal value, int decimals) => decimal.Round(value, decimals, MidpointRounding.ToEven);
}
