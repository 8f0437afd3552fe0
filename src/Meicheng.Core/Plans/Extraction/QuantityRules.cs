using System.Text.RegularExpressions;

namespace Meicheng.Core.Plans.Extraction;

/// <summary>A number with its unit as written, found in a clause (offsets relative to the clause).</summary>
internal sealed record Quantity(string ValueText, decimal Value, decimal? ValueTo, string Unit, bool MoreThan, int Start, int End, int NumberStart)
{
    public TextSpan SpanIn(int clauseStart) => new(clauseStart + Start, End - Start);
}

/// <summary>The rules for numbers, units and comparators.</summary>
internal static partial class QuantityRules
{
    // Longest first so 平方公里 wins over 公里 and 台次 over 台.
    private static readonly string[] BaseUnits =
    [
        "微克/立方米", "毫克/立方米", "毫克/升", "毫克/千克", "吨标准煤", "个百分点", "标准立方米",
        "平方公里", "平方千米", "平方米", "立方米", "千瓦时", "百分点",
        "公里", "千米", "公顷", "千瓦", "兆瓦", "千克", "公斤", "人次", "台次", "车次", "架次", "艘次", "户次", "标箱", "床位",
        "%", "％", "‰", "米", "亩", "吨", "元", "瓦", "个", "家", "处", "条", "所", "场", "项", "座", "台", "辆", "艘", "名", "人", "户",
        "套", "栋", "幢", "间", "张", "株", "棵", "只", "头", "种", "类", "批", "件", "次", "期", "本", "宗", "片", "部", "支", "届", "天",
    ];

    private static readonly string[] Magnitudes = ["万亿", "亿", "万", "千", "百"];

    private static readonly string[] RateSuffixes = ["/年", "/日", "/天", "/月", "/小时", "/人", "每年", "每日", "每天"];

    // Measure words a Chinese numeral may count (两个, 百个, 千家); other characters after 一二三 are idioms (一批, 三区三线).
    private const string CountingWords = "个家处条所项座名";

    [GeneratedRegex(@"(?<![\dA-Za-z.．+＋\-_/])([0-9０-９]+(?:[.．][0-9０-９]+)?)(?:\s*[—–\-－~～至到]\s*([0-9０-９]+(?:[.．][0-9０-９]+)?))?")]
    private static partial Regex DigitsPattern();

    [GeneratedRegex(@"(?<![0-9０-９.．])[零〇一二两三四五六七八九十百千万]+(?=[个家处条所项座名])")]
    private static partial Regex ChineseCountPattern();

    /// <summary>Every number with a unit in <paramref name="clause"/>, outside brackets and quotes, in order.</summary>
    public static List<Quantity> Find(string clause)
    {
        var enclosed = TextSegments.Enclosed(clause);
        var found = new List<Quantity>();
        foreach (Match m in DigitsPattern().Matches(clause))
        {
            if (enclosed[m.Index])
                continue;
            if (m.Index > 0 && clause[m.Index - 1] == '第')
                continue;
            var pos = m.Index + m.Length;
            var moreThan = false;
            if (pos < clause.Length && clause[pos] is '余' or '多')
            {
                moreThan = true;
                pos++;
            }
            var unit = ReadUnit(clause, pos);
            if (unit is null)
                continue;
            var prefixUnit = PerPrefix(clause, m.Index);
            var value = ChineseNumerals.Parse(m.Groups[1].Value)!.Value;
            var to = m.Groups[2].Success ? ChineseNumerals.Parse(m.Groups[2].Value) : null;
            var start = prefixUnit is null ? m.Index : m.Index - prefixUnit.Length;
            found.Add(new Quantity(m.Value, value, to, prefixUnit + unit, moreThan, start, pos + unit.Length, m.Index));
        }
        foreach (Match m in ChineseCountPattern().Matches(clause))
        {
            if (enclosed[m.Index] || m.Value is "一" || (m.Index > 0 && "第每这那各某".Contains(clause[m.Index - 1])))
                continue;
            var value = ChineseNumerals.Parse(m.Value);
            if (value is null)
                continue;
            var unit = ReadUnit(clause, m.Index + m.Length)!;
            found.Add(new Quantity(m.Value, value.Value, null, unit, false, m.Index, m.Index + m.Length + unit.Length, m.Index));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = found.Count - 1; i > 0; i--)
        {
            if (found[i].Start < found[i - 1].End)
                found.RemoveAt(i);
        }
        return found;
    }

    private static string? ReadUnit(string text, int pos)
    {
        var rest = text.AsSpan(pos);
        var magnitude = "";
        foreach (var mg in Magnitudes)
        {
            if (rest.StartsWith(mg, StringComparison.Ordinal))
            {
                magnitude = mg;
                rest = rest[mg.Length..];
                break;
            }
        }
        foreach (var u in BaseUnits)
        {
            if (!rest.StartsWith(u, StringComparison.Ordinal))
                continue;
            var unit = magnitude + u;
            rest = rest[u.Length..];
            foreach (var r in RateSuffixes)
            {
                if (rest.StartsWith(r, StringComparison.Ordinal))
                    return unit + r;
            }
            return unit;
        }
        return null;
    }

    // 每日34.5万吨: the unit as written keeps the 每日 that stands before the number.
    private static string? PerPrefix(string clause, int numberStart)
    {
        if (numberStart < 2)
            return null;
        var two = clause.Substring(numberStart - 2, 2);
        return two is "每日" or "每天" or "每年" or "每月" ? two : null;
    }

    private static readonly (string Word, Comparator Comparator)[] PrefixWords =
    [
        ("达到或超过", Comparator.AtLeast), ("达到或高于", Comparator.AtLeast), ("不低于", Comparator.AtLeast), ("不少于", Comparator.AtLeast),
        ("不小于", Comparator.AtLeast), ("不下于", Comparator.AtLeast), ("至少", Comparator.AtLeast),
        ("不超过", Comparator.AtMost), ("不高于", Comparator.AtMost), ("不大于", Comparator.AtMost), ("不多于", Comparator.AtMost), ("最多", Comparator.AtMost),
        ("低于", Comparator.LessThan), ("小于", Comparator.LessThan), ("少于", Comparator.LessThan),
        ("大于", Comparator.GreaterThan), ("超过", Comparator.GreaterThan), ("高于", Comparator.GreaterThan), ("多于", Comparator.GreaterThan), ("突破", Comparator.GreaterThan),
        ("保持在", Comparator.EqualTo), ("稳定在", Comparator.EqualTo), ("维持在", Comparator.EqualTo), ("保持", Comparator.EqualTo), ("稳定", Comparator.EqualTo),
    ];

    /// <summary>
    /// The comparator of a quantity from the words around it: an explicit bound after the number (以上, 以下, 以内) wins,
    /// then 左右, then the word before the number, then 余/多; a plain amount is <see cref="Comparator.Reach"/>.
    /// </summary>
    public static Comparator ComparatorFor(string before, string after, bool moreThan)
    {
        var a = after.TrimStart();
        if (a.StartsWith("以上") || a.StartsWith("及以上"))
            return Comparator.AtLeast;
        if (a.StartsWith("以下") || a.StartsWith("以内") || a.StartsWith("之内") || a.StartsWith("及以下"))
            return Comparator.AtMost;
        if (a.StartsWith("左右") || a.StartsWith("上下"))
            return Comparator.About;
        var b = before.TrimEnd();
        foreach (var (word, comparator) in PrefixWords)
        {
            if (b.EndsWith(word, StringComparison.Ordinal))
                return comparator;
        }
        return moreThan ? Comparator.GreaterThan : Comparator.Reach;
    }

    public static bool IsShareUnit(string unit) => unit is "%" or "％" or "‰" || unit.EndsWith("百分点");

    public static bool IsCountUnit(string unit)
    {
        var u = unit.TrimStart('万', '千', '百', '亿');
        return u.Length > 0 && (u.Length == 1 ? "个家处条所场项座台辆艘名人户套栋幢间张株棵只头种类批件次期本宗片部支届".Contains(u[0]) : u is "台次" or "人次" or "车次" or "架次" or "艘次" or "户次" or "标箱");
    }

    private static readonly string[] LevelWords = ["人均", "浓度", "余额", "规模", "容量", "总量", "强度", "总值", "产值", "增加值", "总长度达到", "面积不", "面积达到", "利用量"];
    private static readonly string[] BuildVerbs = ["累计", "新增", "新建", "改建", "改造", "造林", "治理", "完成", "建设", "建成", "养护", "提升", "提质", "整治", "实施", "启动", "修复"];

    /// <summary>
    /// The kind: a change against a stated base year, an annual rate (年均), a share (a percentage), a cumulative
    /// amount (累计/新增, or an amount of works built), a count of things, else a level.
    /// </summary>
    public static string KindFor(string clause, string before, string unit, int? baseYear)
    {
        if (baseYear is not null)
            return "change";
        if (IsShareUnit(unit) && (before.Contains("年均") || before.Contains("年增长") || before.Contains("每年增长")))
            return "annual-rate";
        if (IsShareUnit(unit))
            return "share";
        if (before.Contains("累计") || before.Contains("新增"))
            return "cumulative";
        if (IsCountUnit(unit))
            return "count";
        if (unit.Contains('/') || unit.StartsWith('每') || LevelWords.Any(w => clause.Contains(w)))
            return "level";
        return BuildVerbs.Any(v => clause.Contains(v)) ? "cumulative" : "level";
    }
}
