using Meicheng.Core.Evaluation;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>How evaluation words read in Chinese, on pages and in reports.</summary>
public static class EvaluationText
{
    public const string City = Core.Plans.ReferenceData.CityCode;

    public static readonly IReadOnlyList<string> MethodTokens = [.. Enum.GetValues<ProgressMethod>().Select(m => m.Token())];

    public static readonly IReadOnlyList<string> StatusOrder = ["achieved", "on-track", "needs-attention", "off-track", "no-data", "not-yet-due"];

    public static string Status(string? token) => token switch
    {
        "achieved" => "已实现",
        "on-track" => "进度正常",
        "needs-attention" => "需关注",
        "off-track" => "进度滞后",
        "no-data" => "无数据",
        "not-yet-due" => "未到期",
        null => "—",
        _ => token,
    };

    public static string StatusClass(string? token) => token switch
    {
        "achieved" => "ok",
        "on-track" => "ok",
        "needs-attention" => "warn",
        "off-track" => "bad",
        _ => "muted",
    };

    public static string Method(string token) => token switch
    {
        "linear" => "线性进度法（实际进度÷应有进度）",
        "eurostat" => "增速比法（欧盟统计局）",
        "un" => "联合国可持续发展目标进展法",
        "opensdg" => "Open SDG 进展评分法",
        _ => token,
    };

    public static string MethodShort(string token) => token switch
    {
        "linear" => "线性进度法",
        "eurostat" => "增速比法",
        "un" => "联合国进展法",
        "opensdg" => "Open SDG 评分法",
        _ => token,
    };

    public static string Milestone(string token) => token switch
    {
        "done" => "已完成",
        "on-track" => "按计划推进",
        "at-risk" => "存在风险",
        "overdue" => "已逾期",
        "not-yet-due" => "未到期",
        _ => token,
    };

    public static string MilestoneToken(MilestoneStatus status) => status switch
    {
        MilestoneStatus.Done => "done",
        MilestoneStatus.OnTrack => "on-track",
        MilestoneStatus.AtRisk => "at-risk",
        MilestoneStatus.Overdue => "overdue",
        _ => "not-yet-due",
    };

    public static string Outcome(Outcome outcome) => outcome switch
    {
        Core.Evaluation.Outcome.Met => "met",
        Core.Evaluation.Outcome.Missed => "missed",
        _ => "open",
    };

    public static string RoundKind(string kind) => kind switch
    {
        RoundKinds.Annual => "年度监测",
        RoundKinds.Midterm => "中期评估",
        RoundKinds.Post => "实施后评估",
        _ => kind,
    };

    public static string Score(double? score) => score is { } s ? s.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string Number(double? value) => value is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "—";
}

/// <summary>The three kinds of round: 年度监测 (annual monitoring), 中期评估 (stage evaluation), 实施后评估 (post-evaluation).</summary>
public static class RoundKinds
{
    public const string Annual = "annual";
    public const string Midterm = "midterm";
    public const string Post = "post";

    public static readonly IReadOnlyList<string> All = [Annual, Midterm, Post];
}
