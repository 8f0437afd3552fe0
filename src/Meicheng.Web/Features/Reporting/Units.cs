namespace Meicheng.Web.Features.Reporting;

/// <summary>
/// Converts a reported value between units of the same dimension: 平方米 / 万平方米 / 亿平方米 / 平方公里 / 亩 / 万亩,
/// 米 / 公里, and any unit with a 万 or 亿 prefix (万千瓦, 亿元, 万吨/日). Percent converts only to itself.
/// </summary>
public static class Units
{
    // Base factors within a dimension: (base unit, factor to base).
    private static readonly Dictionary<string, (string Base, decimal Factor)> Known = new()
    {
        ["平方米"] = ("平方米", 1m),
        ["平方公里"] = ("平方米", 1_000_000m),
        ["公顷"] = ("平方米", 10_000m),
        ["亩"] = ("平方米", 10_000m / 15m),
        ["米"] = ("米", 1m),
        ["公里"] = ("米", 1000m),
        ["千米"] = ("米", 1000m),
        ["%"] = ("%", 1m),
        ["微克/立方米"] = ("微克/立方米", 1m),
        ["毫克/立方米"] = ("微克/立方米", 1000m),
        ["千瓦"] = ("千瓦", 1m),
        ["元"] = ("元", 1m),
        ["吨/日"] = ("吨/日", 1m),
        ["吨/年"] = ("吨/年", 1m),
    };

    private static (string Base, decimal Factor) Resolve(string unit)
    {
        unit = unit.Trim();
        if (Known.TryGetValue(unit, out var known))
            return known;
        if (unit.Length > 1 && unit[0] is '万' or '亿')
        {
            var (b, f) = Resolve(unit[1..]);
            return (b, f * (unit[0] == '万' ? 10_000m : 100_000_000m));
        }
        return (unit, 1m);
    }

    /// <summary>The units a value for <paramref name="unit"/> may be entered in (for the workbook's validation lists).</summary>
    public static IReadOnlyList<string> Compatible(string unit)
    {
        var b = Resolve(unit).Base;
        var candidates = Known.Keys.Concat(Known.Keys.Where(k => k != "%").SelectMany(k => new[] { "万" + k, "亿" + k })).Append(unit);
        return candidates.Where(c => Resolve(c).Base == b).Distinct().OrderBy(c => c == unit ? 0 : 1).ThenBy(c => Resolve(c).Factor).ToList();
    }

    /// <summary>The value in <paramref name="to"/>, or null when the units measure different things.</summary>
    public static decimal? Convert(decimal value, string from, string to)
    {
        var (fromBase, fromFactor) = Resolve(from);
        var (toBase, toFactor) = Resolve(to);
        if (fromBase != toBase)
            return null;
        return fromFactor == toFactor ? value : Math.Round(value * fromFactor / toFactor, 10);
    }
}
