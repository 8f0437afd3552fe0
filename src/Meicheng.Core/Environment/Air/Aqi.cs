namespace Meicheng.Core.Environment.Air;

/// <summary>Whether an AQI is the hourly (real-time) or the daily report.</summary>
public enum AqiPeriod
{
    /// <summary>Real-time report from 1-hour values (PM10 and PM2.5 use their 24-hour breakpoints).</summary>
    Hourly,
    /// <summary>Daily report from 24-hour means, the O3 maximum 1-hour value (2012 only) and the MDA8.</summary>
    Daily,
}

/// <summary>
/// Concentrations for one AQI (ug/m3; CO mg/m3). Null means missing. For an hourly AQI, <see cref="So2"/> .. <see cref="O3"/>
/// are 1-hour values, <see cref="O3Max8h"/> the optional 8-hour moving mean and <see cref="So2Day"/> the optional SO2
/// 24-hour mean used by rule (b) of 2012. For a daily AQI they are 24-hour means, <see cref="O3"/> the day's maximum
/// 1-hour value and <see cref="O3Max8h"/> the MDA8.
/// </summary>
public sealed record AirConcentrations
{
    /// <summary>SO2.</summary>
    public decimal? So2 { get; init; }
    /// <summary>NO2.</summary>
    public decimal? No2 { get; init; }
    /// <summary>PM10.</summary>
    public decimal? Pm10 { get; init; }
    /// <summary>CO, mg/m3.</summary>
    public decimal? Co { get; init; }
    /// <summary>O3 1-hour (daily: maximum 1-hour).</summary>
    public decimal? O3 { get; init; }
    /// <summary>O3 8-hour moving mean (daily: MDA8).</summary>
    public decimal? O3Max8h { get; init; }
    /// <summary>PM2.5.</summary>
    public decimal? Pm25 { get; init; }
    /// <summary>Hourly only: the SO2 24-hour mean, for rule (b) of 2012 (SO2 1h above 800).</summary>
    public decimal? So2Day { get; init; }
}

/// <summary>One item's IAQI.</summary>
/// <param name="Item">The breakpoint column used.</param>
/// <param name="Pollutant">The pollutant.</param>
/// <param name="Concentration">The concentration given.</param>
/// <param name="UsedConcentration">The concentration after the rule set's input rounding.</param>
/// <param name="Iaqi">The IAQI, rounded up; null when it cannot be computed (e.g. rule b of 2012 without an SO2 24h mean).</param>
/// <param name="AboveTop">The concentration is above the top breakpoint: the IAQI is capped at 500.</param>
/// <param name="Note">Which special rule applied, if any.</param>
public sealed record IaqiValue(AqiItem Item, AirPollutant Pollutant, decimal Concentration, decimal UsedConcentration, int? Iaqi, bool AboveTop, string? Note);

/// <summary>An AQI with its parts.</summary>
/// <param name="RuleSet">The HJ 633 generation used.</param>
/// <param name="Period">Hourly or daily.</param>
/// <param name="Value">The AQI (the largest IAQI), null when no IAQI could be computed.</param>
/// <param name="Level">The level of <paramref name="Value"/>.</param>
/// <param name="Primary">The primary pollutant(s): those with the highest IAQI when the AQI exceeds 50; ties list all.</param>
/// <param name="Items">Every IAQI computed.</param>
/// <param name="Capped">Some concentration was above its top breakpoint and its IAQI capped at 500.</param>
/// <param name="Missing">Pollutants the rule set needs that were not given: the AQI is computed from the others.</param>
/// <param name="Publishable">False when <paramref name="Missing"/> is not empty and the rule set (2026 s5.3.1) publishes such an AQI only above 100.</param>
public sealed record AqiResult(AqiRuleSet RuleSet, AqiPeriod Period, int? Value, AqiLevel? Level, IReadOnlyList<AirPollutant> Primary,
    IReadOnlyList<IaqiValue> Items, bool Capped, IReadOnlyList<AirPollutant> Missing, bool Publishable);

/// <summary>HJ 633: IAQI and AQI, computed in <see cref="decimal"/> so that values on a breakpoint stay exact.</summary>
public static class Aqi
{
    /// <summary>
    /// The IAQI of one concentration: linear between breakpoints, rounded up. A concentration on a breakpoint takes the
    /// lower segment (its IAQI is the breakpoint's). Above the top breakpoint: 500, flagged. Beyond the end of the SO2 1h or
    /// O3 8h columns (rules b, c): the 2026 fixed value, or null under 2012.
    /// </summary>
    public static (int? Iaqi, bool AboveTop) Iaqi(AqiRuleSet rules, AqiItem item, decimal concentration)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfNegative(concentration);
        var bp = rules.Breakpoints(item);
        var levels = AqiRuleSet.IaqiBreakpoints;
        if (concentration == 0)
            return (0, false);
        for (var i = 1; i < bp.Count; i++)
        {
            if (concentration <= bp[i])
            {
                // Multiply before dividing: when the exact result is an integer, decimal division returns it exactly.
                var iaqi = (levels[i] - levels[i - 1]) * (concentration - bp[i - 1]) / (bp[i] - bp[i - 1]) + levels[i - 1];
                return ((int)decimal.Ceiling(iaqi), false);
            }
        }
        if (bp.Count < levels.Count)
            return (rules.BeyondTableIaqi(item), false);
        return (500, true);
    }

    /// <summary>The pollutant of a breakpoint column.</summary>
    public static AirPollutant PollutantOf(AqiItem item) => item switch
    {
        AqiItem.So2Day or AqiItem.So2Hour => AirPollutant.SO2,
        AqiItem.No2Day or AqiItem.No2Hour => AirPollutant.NO2,
        AqiItem.Pm10Day => AirPollutant.PM10,
        AqiItem.CoDay or AqiItem.CoHour => AirPollutant.CO,
        AqiItem.O3Hour or AqiItem.O3Max8h => AirPollutant.O3,
        AqiItem.Pm25Day => AirPollutant.PM25,
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };

    /// <summary>The hourly (real-time) AQI from 1-hour values.</summary>
    public static AqiResult Hourly(AqiRuleSet rules, AirConcentrations c)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        var items = new List<IaqiValue>();
        var missing = new List<AirPollutant>();
        if (c.So2 is { } so2)
        {
            var v = Item(rules, AqiItem.So2Hour, so2);
            if (v.Iaqi is null && c.So2Day is { } so2Day)
            {
                var day = Item(rules, AqiItem.So2Day, so2Day);
                v = v with { Iaqi = day.Iaqi, AboveTop = day.AboveTop, Note = "rule (b): SO2 1h above 800, the SO2 24h IAQI is used" };
            }
            else if (v.Iaqi is null)
                v = v with { Note = "rule (b): SO2 1h above 800 and no SO2 24h mean given: no IAQI" };
            else if (so2 > 800m && rules.Year >= 2026)
                v = v with { Note = "rule (b): SO2 1h above 800, IAQI 200" };
            items.Add(v);
        }
        else
            missing.Add(AirPollutant.SO2);
        Add(rules, items, missing, AqiItem.No2Hour, c.No2);
        Add(rules, items, missing, AqiItem.Pm10Day, c.Pm10);
        Add(rules, items, missing, AqiItem.CoHour, c.Co);
        Add(rules, items, missing, AqiItem.O3Hour, c.O3);
        if (c.O3Max8h is { } o38)
            items.Add(O3Eight(rules, o38, items.FirstOrDefault(i => i.Item == AqiItem.O3Hour)));
        Add(rules, items, missing, AqiItem.Pm25Day, c.Pm25);
        return Result(rules, AqiPeriod.Hourly, items, missing);
    }

    /// <summary>The daily AQI from 24-hour means, the O3 maximum 1-hour value (2012) and the MDA8.</summary>
    public static AqiResult Daily(AqiRuleSet rules, AirConcentrations c)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        var items = new List<IaqiValue>();
        var missing = new List<AirPollutant>();
        Add(rules, items, missing, AqiItem.So2Day, c.So2);
        Add(rules, items, missing, AqiItem.No2Day, c.No2);
        Add(rules, items, missing, AqiItem.Pm10Day, c.Pm10);
        Add(rules, items, missing, AqiItem.CoDay, c.Co);
        IaqiValue? o3Hour = null;
        if (c.O3 is { } o3)
        {
            o3Hour = Item(rules, AqiItem.O3Hour, o3);
            if (rules.DailyUsesO3OneHour)
                items.Add(o3Hour);
        }
        if (c.O3Max8h is { } o38)
            items.Add(O3Eight(rules, o38, o3Hour));
        else if (!missing.Contains(AirPollutant.O3))
            missing.Add(AirPollutant.O3);
        if (rules.DailyUsesO3OneHour && c.O3 is null && !missing.Contains(AirPollutant.O3))
            missing.Add(AirPollutant.O3);
        Add(rules, items, missing, AqiItem.Pm25Day, c.Pm25);
        return Result(rules, AqiPeriod.Daily, items, missing);
    }

    /// <summary>
    /// The daily AQI value alone, for bulk evaluation: the same result as <see cref="Daily"/>'s Value when every pollutant
    /// is given, without building the per-item report. Null when an IAQI cannot be computed.
    /// </summary>
    public static int? DailyValue(AqiRuleSet rules, decimal so2, decimal no2, decimal pm10, decimal co, decimal? o3Max1h, decimal mda8, decimal pm25)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var max = Value(rules, AqiItem.So2Day, AirPollutant.SO2, so2);
        max = Math.Max(max, Value(rules, AqiItem.No2Day, AirPollutant.NO2, no2));
        max = Math.Max(max, Value(rules, AqiItem.Pm10Day, AirPollutant.PM10, pm10));
        max = Math.Max(max, Value(rules, AqiItem.CoDay, AirPollutant.CO, co));
        max = Math.Max(max, Value(rules, AqiItem.Pm25Day, AirPollutant.PM25, pm25));
        int? oneHour = o3Max1h is { } h ? Value(rules, AqiItem.O3Hour, AirPollutant.O3, h) : null;
        if (rules.DailyUsesO3OneHour)
        {
            if (oneHour is null)
                return null;
            max = Math.Max(max, oneHour.Value);
        }
        var eight = Iaqi(rules, AqiItem.O3Max8h, rules.RoundInput(AirPollutant.O3, mda8)).Iaqi ?? oneHour;
        return eight is null ? null : Math.Max(max, eight.Value);
    }

    /// <summary>
    /// Whether <see cref="DailyValue"/> of these concentrations is at most 100 (a good day), null when it is null; for
    /// bulk evaluation, which only counts good days. A concentration at or below the breakpoint of IAQI 100 gives an
    /// IAQI of at most 100, and one clearly above it (by more than 10^-20, far beyond decimal's rounding) an IAQI above
    /// 100, so most days are decided by comparisons alone; any other day gets its AQI computed.
    /// </summary>
    public static bool? DailyAtMost100(AqiRuleSet rules, decimal so2, decimal no2, decimal pm10, decimal co, decimal? o3Max1h, decimal mda8, decimal pm25)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.DailyUsesO3OneHour && o3Max1h is null)
            return null;
        var below = 0;
        var above = 0;
        Classify(rules, AqiItem.So2Day, AirPollutant.SO2, so2, ref below, ref above);
        Classify(rules, AqiItem.No2Day, AirPollutant.NO2, no2, ref below, ref above);
        Classify(rules, AqiItem.Pm10Day, AirPollutant.PM10, pm10, ref below, ref above);
        Classify(rules, AqiItem.CoDay, AirPollutant.CO, co, ref below, ref above);
        Classify(rules, AqiItem.Pm25Day, AirPollutant.PM25, pm25, ref below, ref above);
        if (rules.DailyUsesO3OneHour)
            Classify(rules, AqiItem.O3Hour, AirPollutant.O3, o3Max1h!.Value, ref below, ref above);
        // The 8-hour item beyond its table takes a fixed IAQI or the 1-hour one's: left to the full computation.
        var eight = rules.RoundInput(AirPollutant.O3, mda8);
        if (eight <= rules.Breakpoints(AqiItem.O3Max8h)[^1])
            Classify(rules, AqiItem.O3Max8h, AirPollutant.O3, mda8, ref below, ref above);
        if (above > 0)
            return false;
        if (below == (rules.DailyUsesO3OneHour ? 7 : 6))
            return true;
        return DailyValue(rules, so2, no2, pm10, co, o3Max1h, mda8, pm25) is { } aqi ? aqi <= 100 : null;
    }

    private static void Classify(AqiRuleSet rules, AqiItem item, AirPollutant pollutant, decimal c, ref int below, ref int above)
    {
        var used = rules.RoundInput(pollutant, c);
        var at100 = rules.Breakpoints(item)[2];
        if (used < 0)
            return; // neither: the full computation refuses it
        if (used <= at100)
            below++;
        else if (used > at100 + 0.00000000000000000001m)
            above++;
    }

    private static int Value(AqiRuleSet rules, AqiItem item, AirPollutant pollutant, decimal c) =>
        Iaqi(rules, item, rules.RoundInput(pollutant, c)).Iaqi!.Value;

    private static IaqiValue O3Eight(AqiRuleSet rules, decimal o38, IaqiValue? o3Hour)
    {
        var v = Item(rules, AqiItem.O3Max8h, o38);
        if (v.Iaqi is not null)
            return o38 > 800m ? v with { Note = "rule (c): O3 8h above 800, IAQI 300" } : v;
        return o3Hour?.Iaqi is { } h
            ? v with { Iaqi = h, AboveTop = o3Hour.AboveTop, Note = "rule (c): O3 8h above 800, the O3 1h IAQI is used" }
            : v with { Note = "rule (c): O3 8h above 800 and no O3 1h value given: no IAQI" };
    }

    private static void Add(AqiRuleSet rules, List<IaqiValue> items, List<AirPollutant> missing, AqiItem item, decimal? concentration)
    {
        if (concentration is { } c)
            items.Add(Item(rules, item, c));
        else
            missing.Add(PollutantOf(item));
    }

    private static IaqiValue Item(AqiRuleSet rules, AqiItem item, decimal concentration)
    {
        var pollutant = PollutantOf(item);
        var used = rules.RoundInput(pollutant, concentration);
        var (iaqi, aboveTop) = Iaqi(rules, item, used);
        return new IaqiValue(item, pollutant, concentration, used, iaqi, aboveTop, aboveTop ? "above the top breakpoint: capped at 500" : null);
    }

    private static AqiResult Result(AqiRuleSet rules, AqiPeriod period, List<IaqiValue> items, List<AirPollutant> missing)
    {
        var computed = items.Where(i => i.Iaqi is not null).ToList();
        foreach (var p in items.Where(i => i.Iaqi is null).Select(i => i.Pollutant))
        {
            if (!missing.Contains(p) && computed.All(i => i.Pollutant != p))
                missing.Add(p);
        }
        if (computed.Count == 0)
            return new AqiResult(rules, period, null, null, [], items, false, missing, false);
        var aqi = computed.Max(i => i.Iaqi!.Value);
        var primary = aqi > 50
            ? computed.Where(i => i.Iaqi == aqi).Select(i => i.Pollutant).Distinct().ToList()
            : [];
        var publishable = missing.Count == 0 || !rules.PublishesIncompleteOnlyAbove100 || aqi > 100;
        return new AqiResult(rules, period, aqi, AqiLevel.Of(aqi), primary, items, computed.Any(i => i.AboveTop), missing, publishable);
    }
}
