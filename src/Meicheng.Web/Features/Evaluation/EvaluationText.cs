using System.Globalization;
using System.Text.RegularExpressions;
using Meicheng.Core.Evaluation;

namespace Meicheng.Web.Features.Evaluation;

/// <summary>
/// How evaluation words read in Chinese, on pages and in reports: the one place that turns Core's language-neutral codes
/// and its English explanation notes into Chinese. English pages and the API keep the codes.
/// </summary>
public static partial class EvaluationText
{
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

    /// <summary>The post-evaluation verdict's token, as stored in results.</summary>
    public static string VerdictToken(DeadlineVerdict verdict) => verdict switch
    {
        DeadlineVerdict.AchievedOnTime => "achieved-on-time",
        DeadlineVerdict.Missed => "missed",
        DeadlineVerdict.AchievedLate => "achieved-late",
        DeadlineVerdict.StillShort => "still-short",
        _ => "no-value",
    };

    /// <summary>按期达成, 未达成, 逾期达成, 仍未达到; null for no value (the progress status is shown instead).</summary>
    public static string? Verdict(string? token) => token switch
    {
        "achieved-on-time" => "按期达成",
        "missed" => "未达成",
        "achieved-late" => "逾期达成",
        "still-short" => "仍未达到",
        _ => null,
    };

    public static string MissingToken(MissingKind kind) => kind switch
    {
        MissingKind.TargetValue => "target-value",
        MissingKind.AnyValue => "any-value",
        MissingKind.TargetYearValue => "target-year-value",
        MissingKind.ValueAfterBaseline => "value-after-baseline",
        _ => "other",
    };

    /// <summary>What a no-data result lacks, in a short Chinese phrase (缺2022年数值, 缺基准值…).</summary>
    public static string Missing(MissingDto? missing)
    {
        if (missing is null)
            return "缺少可用数据";
        var years = missing.FromYear is { } f && missing.ToYear is { } t ? (f >= t ? $"{t}年" : $"{f}—{t}年") : "";
        return missing.Kind switch
        {
            "target-value" => "目标值不是有效数字",
            "any-value" => years.Length > 0 ? $"缺基准值和{years}的数值" : "缺基准值和监测数值",
            "target-year-value" => missing.BaselineYear is { } b ? $"缺目标年{years}的数值（现有最早数值为{b}年，晚于或等于目标年）" : $"缺目标年{years}的数值",
            "value-after-baseline" => missing.BaselineYear is { } b2
                ? $"缺{years}的数值（仅有{b2}年基准值，一个年度不能判断趋势）"
                : $"缺{years}的数值",
            _ => "缺少可用数据",
        };
    }

    /// <summary>
    /// The status as a person reads it: after the deadline the post-evaluation verdict (按期达成, 未达成, 逾期达成, 仍未达到);
    /// for no data, what is missing; otherwise the common status.
    /// </summary>
    public static string StatusText(string status, DeadlineDto? deadline, MissingDto? missing)
    {
        if (deadline is not null && Verdict(deadline.Verdict) is { } verdict)
            return verdict;
        if (status == "no-data")
            return $"无数据（{Missing(missing)}）";
        if (deadline is not null)
            return $"{Status(status)}（目标年{deadline.TargetYear}年无数值）";
        return Status(status);
    }

    /// <summary>A method's own status word in Chinese.</summary>
    public static string MethodStatus(string? word) => word switch
    {
        "achieved" => "已实现",
        "achieved-late" => "逾期达成",
        "still-short" => "仍未达到",
        "missed" => "未达成",
        "on-track" => "进度正常",
        "needs-attention" => "需关注",
        "off-track" => "进度滞后",
        "significant" => "显著进展",
        "moderate" => "一般进展",
        "insufficient" => "进展不足",
        "away" => "背离目标",
        "fair" => "有进展，需加快",
        "limited" => "进展有限",
        "deterioration" => "恶化",
        "substantial" => "进展显著",
        "moderate-away" => "轻度背离",
        "significant-away" => "显著背离",
        "no-data" => "无数据",
        "not-yet-due" => "未到期",
        null => "—",
        _ => word,
    };

    /// <summary>The final verdict of a method in words.</summary>
    public static string OutcomeText(string outcome) => outcome switch
    {
        "met" => "已到目标年，达标",
        "missed" => "已到目标年，未达标",
        _ => "尚无目标年数值，按进度判断",
    };

    public static string Comparator(string? token) => token switch
    {
        "<=" => "不高于",
        ">=" => "不低于",
        "<" => "低于",
        ">" => "高于",
        "=" => "等于",
        "about" => "左右",
        "reach" => "达到",
        _ => token ?? "",
    };

    public static string Kind(string? token) => token switch
    {
        "level" => "水平值",
        "cumulative" => "累计量",
        "annual-rate" => "年均增速",
        "share" => "比例",
        "count" => "数量",
        "change" => "变化量",
        _ => token ?? "",
    };

    public static string Direction(string? token) => token switch
    {
        "up" => "越高越好",
        "down" => "越低越好",
        "none" => "无好坏方向",
        _ => token ?? "",
    };

    /// <summary>An explanation input's name in Chinese.</summary>
    public static string InputName(string name) => name switch
    {
        "target" => "目标值",
        "targetYear" => "目标年",
        "evaluationYear" => "评价年度",
        "kind" => "目标类型",
        "direction" => "指标方向",
        "aboutBand" => "“左右”容差",
        "baselineYear" => "基准年",
        "baselineValue" => "基准值",
        "baselineSource" => "基准来源",
        "latestYear" => "最新年份",
        "latestValue" => "最新值",
        _ => name,
    };

    /// <summary>An explanation input's text in Chinese (comparators, kinds, directions, where the baseline came from).</summary>
    public static string InputText(string name, string? text) => (name, text) switch
    {
        (_, null) => "",
        ("target", _) => Comparator(text),
        ("kind", _) => Kind(text),
        ("direction", _) => Direction(text),
        ("aboutBand", _) => "目标值的 ±" + text.Replace("± ", "", StringComparison.Ordinal).Replace("±", "", StringComparison.Ordinal).Replace(" × |target|", "", StringComparison.Ordinal) + " 倍",
        ("baselineSource", "stated") => "规划文本给定",
        ("baselineSource", "observed in the stated base year") => "给定基准年的监测值",
        ("baselineSource", "the last observation before the period starts") => "规划期开始前的最后一个监测值",
        ("baselineSource", "the earliest observation") => "最早的监测值",
        _ => text,
    };

    /// <summary>A method parameter's name in Chinese.</summary>
    public static string ParameterName(string name) => name switch
    {
        "onTrack" => "进度正常阈值",
        "needsAttention" => "需关注阈值",
        "aboutTolerance" => "“左右”容差",
        "significant" => "显著进展阈值",
        "moderate" => "一般进展阈值",
        "insufficient" => "进展不足阈值",
        "fair" => "有进展阈值",
        "limited" => "进展有限阈值",
        "substantial" => "进展显著阈值",
        "zeroReplacement" => "零值替代",
        "moderateAway" => "轻度背离阈值",
        "naturalLimit" => "自然极限",
        "limitExponent" => "极限修正指数",
        _ => name,
    };

    /// <summary>A formula, with the few words in it in Chinese; the symbols stay.</summary>
    public static string Formula(string formula) => formula switch
    {
        "+1 when the target needs a rise, −1 when it needs a fall" => "目标要求上升为 +1，要求下降为 −1",
        "100·∏(1 + r_i/100)^(years since the previous rate)" => "100·∏(1 + r_i/100)^(距上一个增速的年数)",
        "R ≥ 0.6: min(7.1429R − 4.2857, 5); else max(4.1667R − 2.5, −5); achieved: 5" => "R ≥ 0.6：min(7.1429R − 4.2857, 5)；否则 max(4.1667R − 2.5, −5)；已实现：5",
        "b ≥ 2L: 1; b ≤ L: 1 − (b/L)^4.44; else 1 − ((2L − b)/L)^4.44, b = |y0|" => "b ≥ 2L：1；b ≤ L：1 − (b/L)^4.44；否则 1 − ((2L − b)/L)^4.44，b = |y0|",
        _ => formula,
    };

    /// <summary>A roll-up level in Chinese.</summary>
    public static string Level(string level) => level switch
    {
        "region" => "区域",
        "plan" => "规划",
        "area" => "领域",
        "task" => "任务",
        "goals" => "工作目标",
        "department" => "部门",
        "target" => "目标",
        "milestone" => "时间节点",
        _ => level,
    };

    /// <summary>A projection's method in Chinese.</summary>
    public static string Projection(string method) => method == "cagr" ? "复合增速" : "线性趋势";

    /// <summary>A milestone rule (Core's English sentence) in Chinese.</summary>
    public static string MilestoneRule(string rule)
    {
        var window = WindowRule().Match(rule);
        if (window.Success)
        {
            var what = window.Groups[1].Value == "not reported" ? "未报告进展" : "未开始";
            return window.Groups[2].Value == "within" ? $"{what}，距截止不足{window.Groups[3].Value}天" : $"{what}，距截止超过{window.Groups[3].Value}天";
        }
        return rule switch
        {
            "reported done (已完成)" => "已报告完成",
            "deadline passed and not done" => "已过截止日期仍未完成",
            "reported delayed (滞后)" => "已报告滞后",
            "reported in progress (推进中) before the deadline" => "截止前已报告推进中",
            _ => rule,
        };
    }

    [GeneratedRegex(@"^(not reported|not started \(未开始\)), deadline (within|more than) (\d+) days")]
    private static partial Regex WindowRule();

    /// <summary>An explanation note (Core writes them in English) in Chinese; an unknown note is shown as written.</summary>
    public static string Note(string note)
    {
        foreach (var (pattern, render) in Notes)
        {
            var m = pattern.Match(note);
            if (m.Success)
                return render(m.Groups);
        }
        return note;
    }

    private static readonly (Regex Pattern, Func<GroupCollection, string> Render)[] Notes =
    [
        (Exact("力争 (aspirational): evaluated like any other target and flagged."), _ => "力争目标：与其他目标一样评价，并加以标注。"),
        (Exact("The target value is not a finite number."), _ => "目标值不是有效数字，无法评价。"),
        (Rx(@"^The target's period starts in (\d+), after the evaluation year\.$"), g => $"目标的实施期从{g[1].Value}年开始，晚于评价年度，尚未到期。"),
        (Rx(@"^The evaluation year is not after the base year (\d+)\.$"), g => $"评价年度不晚于基准年{g[1].Value}年，尚未到期。"),
        (Exact("No observation to serve as a baseline."), _ => "没有可作基准值的数据：缺基准值和监测数值。"),
        (Exact("The baseline already meets the target; there is no later observation."), _ => "基准值已达到目标，其后尚无数据。"),
        (Rx(@"^Progress needs an observation after the base year (\d+) and not after the target year (\d+): one data year is not a trend\.$"),
            g => $"判断进度需要基准年{g[1].Value}年之后、目标年{g[2].Value}年及以前的数值：只有一个年度的数据不能形成趋势。"),
        (Rx(@"^The target year (\d+) has passed without an observation for it: judged on (\d+), not final\.$"),
            g => $"目标年{g[1].Value}年已过但没有该年数值：暂按{g[2].Value}年的进度判断，不是最终结论。"),
        (Rx(@"^For = and about, distance to the target counts"), _ => "对“等于”和“左右”目标，只看与目标的距离而不看偏向哪一侧：超出x与差x同样看待。"),
        (Rx(@"^The average rate so far meets the target rate"), _ => "目前的年均增速已达到目标增速；期间平均增速要到目标年的数值才能最终确定。"),
        (Exact("The target year's value does not meet the target: missed."), _ => "目标年的数值未达到目标：未达成。"),
        (Rx(@"^The base year (\d+) is not before the target year (\d+); progress cannot be measured\.$"),
            g => $"基准年{g[1].Value}年不早于目标年{g[2].Value}年，无法计算进度；需要目标年{g[2].Value}年的数值。"),
        (Exact("The first observation is in the target year: only met or missed can be said."), _ => "最早的数值即为目标年数值：只能判断达成或未达成。"),
        (Rx(@"^(\d+) observation\(s\) after the evaluation year (\d+) ignored\.$"), g => $"{g[1].Value}个晚于评价年度{g[2].Value}年的数值未计入。"),
        (Rx(@"^(\d+) non-finite observation\(s\) ignored\.$"), g => $"{g[1].Value}个无效数值未计入。"),
        (Rx(@"^Annual rates are chained into an index"), _ => "年度增速连乘为指数（基准年为100）；间隔若干年后报送的增速视为间隔期内的年均增速。"),
        (Rx(@"^Cumulative: observations are the amount built"), _ => "累计目标：数值为规划期开始以来的累计完成量，基准值为0。"),
        (Rx(@"^Change: observations are the change against the base year"), _ => "变化目标：数值为相对基准年的变化量（目标单位），基准值为0。"),
        (Rx(@"^No observation in the stated base year (\d+): the earliest observation is the baseline\.$"), g => $"给定基准年{g[1].Value}年没有数值：以最早的数值为基准值。"),
        (Rx(@"^(\d+) observation\(s\) after the target year (\d+) ignored"), g => $"{g[1].Value}个晚于目标年{g[2].Value}年的数值不计入进度判断：目标按目标年评价（后评价另行说明）。"),
        (Rx(@"^The baseline already meets or equals the target: no change is required"), _ => "基准值已达到或等于目标，无需变化，比值无定义；状态取决于当前是否达标，未达标时看指标是否背离目标。"),
        (Rx(@"^Open SDG: a zero base or target is replaced by 0\.001"), _ => "Open SDG 方法：基准值或目标值为0时以0.001代替后再计算增速。"),
        (Exact("Open SDG: a zero base is replaced by 0.001."), _ => "Open SDG 方法：基准值为0时以0.001代替。"),
        (Rx(@"^The base or target value is not positive, so growth rates are undefined"), _ => "基准值或目标值不为正，增速无定义：改用年均绝对变化量之比。"),
        (Rx(@"^The target asks for movement against the indicator's direction"), _ => "目标要求的变化方向与指标的好坏方向相反，按目标方向评价。"),
        (Rx(@"^Post-evaluation: the target year's value meets the target"), _ => "后评价：目标年数值达到目标，按期达成。"),
        (Rx(@"^Post-evaluation: the target year's value does not meet the target"), _ => "后评价：目标年数值未达到目标，未达成。"),
        (Rx(@"^Post-evaluation: no value meets the target in the target year (\d+); the value of (\d+) meets it"),
            g => $"后评价：目标年{g[1].Value}年没有达标数值，{g[2].Value}年的数值已达到目标，逾期达成。"),
        (Rx(@"^Post-evaluation: no value for the target year (\d+); the value of (\d+) does not meet the target"),
            g => $"后评价：目标年{g[1].Value}年没有数值，{g[2].Value}年的数值仍未达到目标。"),
        (Exact("No quantitative target: the trend alone is judged."), _ => "没有定量目标：只评价趋势。"),
        (Rx(@"^The (\w+) method needs a target\.$"), _ => "该方法需要定量目标。"),
        (Exact("The indicator has no good direction: it is reported, not judged."), _ => "该指标没有好坏方向：只报告，不评价。"),
        (Exact("At least two data years are needed."), _ => "至少需要两个年度的数据。"),
        (Exact("The base value is not positive: a growth rate is undefined."), _ => "基准值不为正：增速无定义。"),
    ];

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static Regex Exact(string text) => Rx("^" + Regex.Escape(text) + "$");

    /// <summary>
    /// One sentence on what the post-evaluation found, for the target pages: the target year's value and any later value.
    /// </summary>
    public static string? DeadlineSentence(DeadlineDto? d, string unit)
    {
        if (d is null)
            return null;
        var at = d.TargetYearValue is { } v ? $"目标年{d.TargetYear}年数值为{Number(v)}{unit}" : $"目标年{d.TargetYear}年没有已审核的数值";
        var later = d.LaterYear is { } y && d.LaterValue is { } lv
            ? $"；{y}年数值为{Number(lv)}{unit}{(d.LaterMeets switch { true => "，已达到目标", false => "，仍未达到目标", _ => "" })}"
            : "";
        var verdict = Verdict(d.Verdict) is { } w ? $"后评价结论：{w}。" : "后评价：目标年及其后均无数值，暂按进度判断。";
        return $"目标年已过。{at}{later}。{verdict}";
    }

    public static string Score(double? score) => score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    public static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";
}

/// <summary>The three kinds of round: 年度监测 (annual monitoring), 中期评估 (stage evaluation), 实施后评估 (post-evaluation).</summary>
public static class RoundKinds
{
    public const string Annual = "annual";
    public const string Midterm = "midterm";
    public const string Post = "post";

    public static readonly IReadOnlyList<string> All = [Annual, Midterm, Post];
}
