using System.Globalization;
using Meicheng.Core.Plans;

namespace Meicheng.Web.Components;

/// <summary>How plan values are worded on the pages (Simplified Chinese).</summary>
public static partial class Display
{
    public static string Status(string status) => status switch
    {
        "draft-for-comment" => "征求意见稿",
        "in-force" => "现行有效",
        "expired" => "已到期",
        _ => status,
    };

    public static string StatusClass(string status) => status == "in-force" ? "ok" : "muted";

    /// <summary>
    /// A plan's status as of today in China Standard Time (Asia/Shanghai): a plan in force whose period ended before this year is
    /// expired (已到期), and its targets are post-evaluated.
    /// </summary>
    public static string EffectiveStatus(string status, int periodEnd, TimeProvider clock) =>
        status == "in-force" && periodEnd < ChinaYear(clock) ? "expired" : status;

    /// <summary>An indicator's category in Chinese.</summary>
    public static string Category(string category) => category switch
    {
        "air" => "大气",
        "building" => "建筑",
        "culture" => "文化",
        "ecology" => "生态",
        "economy" => "经济",
        "energy-carbon" => "能源与碳排放",
        "finance" => "金融",
        "governance" => "治理",
        "marine" => "海洋",
        "social" => "社会民生",
        "soil" => "土壤",
        "transport" => "交通",
        "urban" => "城市建设",
        "waste" => "固体废物",
        "water" => "水",
        _ => category,
    };

    /// <summary>A zone's or region's type in Chinese.</summary>
    public static string ZoneKind(string kind) => kind switch
    {
        "city" => "地级市",
        "district" => "市辖区",
        "county-level-city" => "县级市",
        "bay" => "海湾",
        "facility" => "设施",
        "functional-zone" => "功能区",
        "historic-area" => "历史城区",
        "island" => "海岛",
        "mountain" => "山体",
        "park" => "公园",
        "river" => "河流",
        "town" => "镇街",
        "urban-area" => "城区",
        _ => kind,
    };

    /// <summary>
    /// A target's or milestone's note as a Chinese page may show it: the plan files' curators wrote some notes in English
    /// (how a clause was read); the common ones are said in Chinese, other English notes are left to the data files and
    /// the API. Null when there is nothing to show.
    /// </summary>
    public static string? ChineseNote(string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
            return null;
        var frame = FrameYearNote().Match(note);
        if (frame.Success)
            return $"条文及所在段落未写年份，按规划期末{frame.Groups[1].Value}年计。" + (frame.Groups[2].Value is { Length: > 0 } rest ? ChineseNote(rest) : "");
        var span = SpanNote().Match(note);
        if (span.Success)
            return $"年均增长：以规划期{span.Groups[1].Value}—{span.Groups[2].Value}年为时间跨度。";
        return LatinWords().IsMatch(note) ? null : note;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^No year in the clause or its paragraph; plan frame year (\d{4}) applied\.\s*(.*)$")]
    private static partial System.Text.RegularExpressions.Regex FrameYearNote();

    [System.Text.RegularExpressions.GeneratedRegex(@"^年均增长: the plan period (\d{4})–(\d{4}) is implied as the span\.$")]
    private static partial System.Text.RegularExpressions.Regex SpanNote();

    // Two English words in a row: a sentence, not an id or a unit.
    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Za-z]{2,}\s+[A-Za-z]{2,}")]
    private static partial System.Text.RegularExpressions.Regex LatinWords();

    /// <summary>The calendar year now in China Standard Time (Asia/Shanghai).</summary>
    public static int ChinaYear(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return ChinaTime(clock.GetUtcNow()).Year;
    }

    public static string Comparator(string token) => Comparators.TryParse(token, out var comparator) ? comparator.ToChinese() : token;

    public static string Kind(string kind) => kind switch
    {
        "level" => "水平值",
        "cumulative" => "累计量",
        "annual-rate" => "年均增速",
        "share" => "比例",
        "count" => "数量",
        "change" => "较基期变化",
        _ => kind,
    };

    public static string YearBasis(string basis) => basis switch
    {
        "clause" => "条款写明",
        "section" => "段首写明",
        "paragraph" => "同段写明",
        "frame" => "据文件期限推定",
        _ => basis,
    };

    public static string Scope(string level) => level switch
    {
        "city" => "全市",
        "district" => "区（市）",
        "place" => "特定区域",
        _ => level,
    };

    public static string Direction(string direction) => direction switch
    {
        "up" => "越大越好",
        "down" => "越小越好",
        _ => "不判方向",
    };

    public static string Role(string role) => role == ResponsibilityRoles.LeadToken ? "牵头" : "责任";

    public static string Role(ResponsibilityRole role) => role == ResponsibilityRole.Lead ? "牵头" : "责任";

    public static string Direction(Direction direction) => Direction(PlanTokens.ToToken(direction));

    public static string Kind(TargetKind kind) => Kind(PlanTokens.ToToken(kind));

    /// <summary>A value as the plan writes it: 1.6, not 1.6000.</summary>
    public static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>"≤ 28 微克/立方米", "约 6.5 %", "达到 800 万千瓦".</summary>
    public static string Target(string comparator, decimal value, string unit) => $"{Comparator(comparator)} {Number(value)} {unit}";

    public static string Target(Comparator comparator, decimal value, string unit) => $"{comparator.ToChinese()} {Number(value)} {unit}";

    /// <summary>China Standard Time (Asia/Shanghai, UTC+8 all year, no daylight saving), the clock of every Chinese city: how people read a time on the pages.</summary>
    public static DateTimeOffset ChinaTime(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8));

    /// <summary>"2026-12-05 05:31" in China Standard Time.</summary>
    public static string Time(DateTimeOffset time) => ChinaTime(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Today on the Chinese calendar (UTC+8).</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(ChinaTime(now).DateTime);
}
