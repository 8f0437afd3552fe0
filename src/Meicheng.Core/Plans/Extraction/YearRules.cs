using System.Globalization;
using System.Text.RegularExpressions;

namespace Meicheng.Core.Plans.Extraction;

/// <summary>A year a clause names as a deadline or target year (not a base year, a date or a document number).</summary>
internal readonly record struct YearMention(int Year, int Start, int Length, string Text);

/// <summary>The year rules: which years in a text are target years, and which clauses only lead in with a year.</summary>
internal static partial class YearRules
{
    // 2027年, 到2027年底, 2027年底前, 2024—2025年 (the range's end counts), 至2025年末.
    [GeneratedRegex(@"(?:(?:到|至|截至|截止到|在)\s*)?((?:19|20)\d{2})(?:\s*[—–\-－~～至到]\s*((?:19|20)\d{2}))?\s*年(?:年底前|年底|底前|底|末|前|内|上半年|下半年)?")]
    private static partial Regex YearPattern();

    // A clause that is only a year frame: 到2027年 / 2027年底前 / 力争到2025年 / 到“十四五”末 is not handled.
    [GeneratedRegex(@"^(?:力争|争取|确保|计划|预计)?(?:到|至|截至|在)?\s*(?:19|20)\d{2}(?:\s*[—–\-－~～至到]\s*(?:19|20)\d{2})?\s*年(?:年底前|年底|底前|底|末|前|内)?(?:全市|全面|前后)?$")]
    private static partial Regex LeadInPattern();

    /// <summary>The target years named in <paramref name="text"/>, skipping base years (比2005年), dates (2021年5月), bracketed numbers and titles.</summary>
    /// <remarks>A span of years (2021-2025年老旧小区改造规划) names a programme's period, not a deadline: it counts only
    /// where <paramref name="ranges"/> is set (a heading's title, 推进“2024—2025年上合组织旅游和文化之都”建设).</remarks>
    public static List<YearMention> Find(string text, bool[]? enclosed = null, bool ranges = false)
    {
        enclosed ??= TextSegments.Enclosed(text);
        var result = new List<YearMention>();
        foreach (Match m in YearPattern().Matches(text))
        {
            var yearGroup = m.Groups[1];
            if (enclosed[yearGroup.Index] && !InParenthesisedPeriod(text, m))
                continue;
            if (yearGroup.Index > 0 && char.IsAsciiDigit(text[yearGroup.Index - 1]))
                continue;
            if (m.Groups[2].Success && !ranges && !m.Value.StartsWith('到') && !m.Value.StartsWith('至'))
                continue;
            var after = m.Index + m.Length;
            if (after < text.Length && (char.IsAsciiDigit(text[after]) || "一二三四五六七八九十".Contains(text[after])) && text.IndexOf('月', after, Math.Min(4, text.Length - after)) >= 0)
                continue; // a date: 2021年5月13日
            if (after < text.Length && text[after] == '度')
                continue; // 2025年度 names a year's report, not a deadline
            var before = text[Math.Max(0, m.Index - 3)..m.Index];
            if (IsBaseYearContext(before, text.AsSpan(after)))
                continue;
            var year = int.Parse(m.Groups[2].Success ? m.Groups[2].Value : yearGroup.Value, CultureInfo.InvariantCulture);
            result.Add(new YearMention(year, m.Index, m.Length, m.Value));
        }
        return result;
    }

    /// <summary>True when the clause is nothing but a year frame (到2027年, 2027年底前): it leads the clauses after it.</summary>
    public static bool IsLeadIn(string clause) => LeadInPattern().IsMatch(clause);

    /// <summary>The document's period from its title: （2025—2027年） → (2025, 2027).</summary>
    public static (int Start, int End)? Period(string? title)
    {
        if (title is null)
            return null;
        var m = PeriodPattern().Match(title);
        return m.Success ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
    }

    [GeneratedRegex(@"((?:19|20)\d{2})\s*[—–\-－~～至到]+\s*((?:19|20)\d{2})\s*年")]
    private static partial Regex PeriodPattern();

    // A year in parentheses that is itself a period (（2025—2027年）) still frames the text it follows.
    private static bool InParenthesisedPeriod(string text, Match m) => m.Groups[2].Success && text.Length > 0 && m.Index > 0 && text[m.Index - 1] is '（' or '(';

    private static bool IsBaseYearContext(string before, ReadOnlySpan<char> after) =>
        before.EndsWith('比') || before.EndsWith('较') || before.EndsWith("相比") || before.EndsWith('以') || before.EndsWith('自') || before.EndsWith('从')
        || before.EndsWith("基于") || after.StartsWith("基础上") || after.StartsWith("水平") || after.StartsWith("为基") || after.StartsWith("相比")
        || after.StartsWith("以来") || after.StartsWith('起');

    /// <summary>A stated base year (比2005年, 较2020年), for a change target.</summary>
    public static int? BaseYear(string text)
    {
        var m = BaseYearPattern().Match(text);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"(?:比|较|与|相比)\s*((?:19|20)\d{2})\s*年")]
    private static partial Regex BaseYearPattern();
}
