using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Meicheng.Web.Components;
using Meicheng.Web.Features.Evaluation;
using Microsoft.AspNetCore.Components;

namespace Meicheng.Web.Features.Showcase;

/// <summary>The showcase's words in Chinese and English; the Chinese ones are the platform's own (EvaluationText).</summary>
public static class ShowcaseText
{
    public static string Status(HttpContext? context, string? token, string? verdict = null) => Lang.IsEnglish(context) ? (verdict ?? token) switch
    {
        "achieved" => "Achieved",
        "on-track" => "On track",
        "needs-attention" => "Needs attention",
        "off-track" => "Off track",
        "no-data" => "No data",
        "not-yet-due" => "Not yet due",
        "achieved-on-time" => "Achieved on time",
        "achieved-late" => "Achieved late",
        "missed" => "Missed",
        "still-short" => "Still short",
        null => "Not evaluated",
        var other => other,
    } : token is null ? "未评价" : EvaluationText.Verdict(verdict) ?? EvaluationText.Status(token);

    /// <summary>A sign beside the word, so a status never rests on colour (and reads the same in greyscale).</summary>
    public static string Symbol(string? token, string? verdict = null) => Shown(token, verdict) switch
    {
        "achieved" => "✓",
        "on-track" => "↗",
        "needs-attention" => "!",
        "off-track" => "✗",
        _ => "–",
    };

    public static string StatusClass(string? token, string? verdict = null) => Shown(token, verdict) switch
    {
        "achieved" => "achieved",
        "on-track" => "on-track",
        "needs-attention" => "needs-attention",
        "off-track" => "off-track",
        _ => "none",
    };

    /// <summary>The status whose sign and colour a verdict takes: met (on time or late) is achieved, otherwise off track.</summary>
    private static string? Shown(string? token, string? verdict) => verdict switch
    {
        "achieved-on-time" or "achieved-late" => "achieved",
        "missed" or "still-short" => "off-track",
        _ => token,
    };

    public static string Method(HttpContext? context, string token) => Lang.IsEnglish(context) ? token switch
    {
        "linear" => "linear progress (actual ÷ expected progress)",
        "eurostat" => "ratio of growth rates (Eurostat)",
        "un" => "UN SDG progress chart",
        "opensdg" => "Open SDG progress score",
        _ => token,
    } : EvaluationText.Method(token);

    public static string RoundKind(HttpContext? context, string kind) => Lang.IsEnglish(context) ? kind switch
    {
        RoundKinds.Annual => "annual monitoring",
        RoundKinds.Midterm => "mid-term evaluation",
        RoundKinds.Post => "post-implementation evaluation",
        _ => kind,
    } : EvaluationText.RoundKind(kind);

    public static string PlanTitle(HttpContext? context, ShowcasePlan plan) => Lang.IsEnglish(context) && plan.TitleEn is { } en ? en : plan.Title;

    public static string AreaTitle(HttpContext? context, ShowcaseArea area) => Lang.IsEnglish(context) && area.TitleEn is { } en ? en : area.Title;

    public static string TaskTitle(HttpContext? context, ShowcaseTask task) => Lang.IsEnglish(context) && task.TitleEn is { } en ? en : task.Title;

    public static string Indicator(HttpContext? context, ShowcaseTarget target) => Lang.IsEnglish(context) && target.IndicatorEn is { } en ? en : target.Indicator;

    public static string Comparator(HttpContext? context, string token) => Lang.IsEnglish(context) ? token switch
    {
        "<=" => "≤",
        ">=" => "≥",
        "<" => "<",
        ">" => ">",
        "=" => "=",
        "about" => "about",
        "reach" => "reach",
        _ => token,
    } : Display.Comparator(token);

    public static string Target(HttpContext? context, ShowcaseTarget t) => $"{Comparator(context, t.Comparator)} {Display.Number(t.Value)} {t.Unit}";

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Blazor's static renderer encodes text with HtmlEncoder.Default, which writes every Chinese character as an entity
    // (&#x7F8E;, 8 bytes for 3). The home page repeats its table rows a hundred times, so their text goes through an encoder
    // that lets CJK through as UTF-8 and still escapes everything HTML needs escaped (< > & ' " and the unsafe code points).
    private static readonly HtmlEncoder Utf8Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text for element content, HTML-encoded but with Chinese left as UTF-8.</summary>
    public static MarkupString Html(string? text) => new(Utf8Html.Encode(text ?? ""));

    /// <summary>The series as words, the chart's accessible name: "2024: 70; 2025: 75 (单位)".</summary>
    public static string SeriesText(HttpContext? context, ShowcaseTarget t) => t.Series.Count == 0
        ? Lang.T(context, "暂无已审核数据", "no approved data yet")
        : string.Join(Lang.T(context, "；", "; "), t.Series.Select(p => $"{p.Year}: {Number(p.Value)}")) + $" ({t.Unit})";

    /// <summary>The chart data of a target: its series, target value and year, for showcase.js.</summary>
    public static object ChartData(HttpContext? context, ShowcaseTarget t) => new
    {
        id = t.Id,
        unit = t.Unit,
        target = (double)t.Value,
        targetYear = t.Year,
        targetLabel = Lang.T(context, "目标", "Target"),
        valueLabel = Lang.T(context, "已审核值", "Approved value"),
        points = t.Series.Select(p => new { year = p.Year, value = p.Value, demo = p.IsDemo }),
    };

    /// <summary>
    /// What every showcase page says while no evaluation round is published: one sentence, said once per page (in the
    /// round note), so no other place on the page contradicts it.
    /// </summary>
    public static string NotPublished(HttpContext? context) => Lang.T(context,
        "尚未发布评估结果：目前只展示目标和已审核的数据，评价状态待规划办发布评估轮次后显示。",
        "No evaluation has been published yet: the targets and approved figures are shown; statuses appear once the plan office publishes an evaluation round.");

    /// <summary>
    /// The published result in plain words (only said when a round is published: <see cref="NotPublished"/> otherwise), from the round's frozen explanation: the start, the latest approved value, what the
    /// method expected, the ratio and the rule that gave the status.
    /// </summary>
    public static string Explain(HttpContext? context, ShowcaseTarget t, EvaluationParametersDto parameters)
    {
        var en = Lang.IsEnglish(context);
        if (t.Result is not { } r)
            return t.Status is null
                ? (en ? "The published evaluation round does not include this target." : "已发布的评估轮次未包含该目标。")
                : (en ? "There is not enough approved data to evaluate this target." : "尚无足够的已审核数据，无法评价该目标。");
        var inputs = r.Explanation?.Inputs ?? [];
        double? Input(string name) => inputs.FirstOrDefault(i => i.Name == name)?.Value;
        double? Step(string symbol) => r.Explanation?.Steps.FirstOrDefault(s => s.Symbol == symbol)?.Value;
        string N(double? v) => v is { } x ? Number(Math.Round(x, 4)) : "—";
        string P(double v) => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        var target = Target(context, t);
        var parts = new List<string>();
        if (Input("baselineYear") is { } by)
            parts.Add(en ? $"Start: {N(by)}, value {N(Input("baselineValue"))}." : $"起点为 {N(by)} 年的 {N(Input("baselineValue"))}。");
        if (Input("latestYear") is { } ly)
            parts.Add(en ? $"Latest approved value: {N(Input("latestValue"))} in {N(ly)}; target {target} by {t.Year}." : $"最新已审核值为 {N(ly)} 年的 {N(Input("latestValue"))}；目标为 {t.Year} 年 {target}。");
        var status = Status(context, r.Status);
        if (r.Status == "no-data")
            parts.Add(en ? "That is not enough approved data to judge progress (a start and a later year are needed): “No data”." : "已审核数据不足以判断进度（需要起点和之后年份的数据），因此状态为“无数据”。");
        else if (r.Status == "achieved")
            parts.Add(en ? "The target is met, so the status is “Achieved”." : "已达到目标，状态为“已实现”。");
        else if (r.Method == "linear" && Step("E_t") is { } expected && r.Ratio is { } ratio)
            parts.Add(en
                ? $"On a straight line from the start to the target, {N(expected)} was due by now: actual progress is {P(ratio)} of the progress due. At least {P(parameters.LinearOnTrack)} is on track, {P(parameters.LinearNeedsAttention)} to {P(parameters.LinearOnTrack)} needs attention, less is off track: “{status}”."
                : $"按起点到目标的直线进度，此时应达到 {N(expected)}，实际进度为应有进度的 {P(ratio)}。不低于 {P(parameters.LinearOnTrack)} 为进度正常，{P(parameters.LinearNeedsAttention)} 至 {P(parameters.LinearOnTrack)} 为需关注，更低为进度滞后，因此状态为“{status}”。");
        else if (r.Ratio is { } growth)
            parts.Add(en
                ? $"The pace so far is {N(growth)} times the pace the target needs (the method's rules are on the methods page): “{status}”."
                : $"目前的变化速度是实现目标所需速度的 {N(growth)} 倍（各方法的判定规则见评价方法页），因此状态为“{status}”。");
        else
            parts.Add(en ? $"Status: “{status}”." : $"状态为“{status}”。");
        return string.Join(en ? " " : "", parts);
    }
}
