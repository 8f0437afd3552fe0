using System.Globalization;
using Meicheng.Core.Plans;

namespace Meicheng.Web.Components;

/// <summary>How plan values are worded on the pages (Simplified Chinese).</summary>
public static class Display
{
    public static string Status(string status) => status switch
    {
        "draft-for-comment" => "征求意见稿",
        "in-force" => "现行有效",
        "expired" => "已到期",
        _ => status,
    };

    public static string StatusClass(string status) => status == "in-force" ? "ok" : "muted";

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

    /// <summary>A value as the plan writes it: 1.6, not 1.6000.</summary>
    public static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>"≤ 28 微克/立方米", "约 6.5 %", "达到 800 万千瓦".</summary>
    public static string Target(string comparator, decimal value, string unit) => $"{Comparator(comparator)} {Number(value)} {unit}";
}
