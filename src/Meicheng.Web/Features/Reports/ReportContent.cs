using Meicheng.Web.Features.Evaluation;
using System.Globalization;

namespace Meicheng.Web.Features.Reports;

/// <summary>The annual monitoring report's text, tables and charts, from a frozen round (see docs/evaluation-web.md §5).</summary>
public static class ReportContent
{
    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    private static string N(double? value) => EvaluationText.Number(value);

    private static string Score(double? value) => EvaluationText.Score(value);

    public static ReportDocument Build(RoundReport r)
    {
        var s = r.Snapshot;
        var method = r.Round.PrimaryMethod;
        var city = r.City;
        var cityName = city.RegionName;
        var plans = s.Plans;
        var cityTargets = EvaluationViews.Results(s, s.City)?.Targets ?? [];
        var cityMilestones = EvaluationViews.Results(s, s.City)?.Milestones ?? [];
        var body = new List<Block>();
        var section = 0;
        string Next(string title) => $"{Numerals[section++]}、{title}";

        // 一、监测概况
        body.Add(new HeadingBlock(1, Next("监测概况")));
        body.Add(new ParagraphBlock(
            $"本报告为{r.Round.Title}（{r.Round.KindText}，评价年度 {r.Round.Year} 年）。评价依据截至评价基准日 {RoundReport.ChineseDate(s.EvaluationDate)} "
            + $"已审核通过的监测数据 {s.Observations.Count} 条、里程碑进展报告 {s.ProgressReports.Count} 份，对 {plans.Count} 项规划的 {plans.Sum(p => p.Targets)} 项量化目标、"
            + $"{plans.Sum(p => p.Milestones)} 个时间节点逐项评价，并按任务、领域、规划、责任单位和区（市）逐级汇总。"));
        body.Add(new ParagraphBlock(
            $"主评价方法为{EvaluationText.Method(method)}；各项目标同时按其余三种方法评价，结果载于附件工作簿。"
            + $"全部输入数据、方法参数和评价结果已于 {RoundReport.ChineseDate(r.Round.FrozenAt)} 冻结为评估快照（SHA-256：{r.Round.SnapshotSha256}），"
            + "此后新增或修改的数据不改变本报告的任何数字。"));
        body.Add(new TableBlock(
            ["规划", "规划期", "量化目标", "时间节点", "综合指数"],
            [.. plans.Select(p => (IReadOnlyList<string>)[p.Title, $"{p.PeriodStart}—{p.PeriodEnd}年", p.Targets.ToString(CultureInfo.InvariantCulture),
                p.Milestones.ToString(CultureInfo.InvariantCulture), Score(city.Plans.SingleOrDefault(x => x.PlanId == p.Id)?.Index)])],
            [4, 1.6, 1, 1, 1]));

        // 二、总体评价
        body.Add(new HeadingBlock(1, Next("总体评价")));
        var targetCounts = Count(cityTargets.Select(t => t.Results.Single(x => x.Method == method).Status));
        body.Add(new ParagraphBlock(
            $"全市规划实施综合指数为 {Score(city.CompositeIndex)}（0—100，已实现计 100 分、进度正常 75 分、需关注 50 分、进度滞后 0 分，无数据和未到期的不计分，按权重加权汇总）。"
            + $"{cityTargets.Count} 项量化目标中，已实现 {targetCounts["achieved"]} 项，进度正常 {targetCounts["on-track"]} 项，需关注 {targetCounts["needs-attention"]} 项，"
            + $"进度滞后 {targetCounts["off-track"]} 项，暂无审核数据 {targetCounts["no-data"]} 项，未到期 {targetCounts["not-yet-due"]} 项。", Emphasis: true));
        var statusRows = EvaluationText.StatusOrder.Select(st => (IReadOnlyList<string>)
            [EvaluationText.Status(st), .. city.Plans.Select(p => Count(cityTargets.Where(t => t.PlanId == p.PlanId).Select(t => t.Results.Single(x => x.Method == method).Status))[st].ToString(CultureInfo.InvariantCulture)),
                targetCounts[st].ToString(CultureInfo.InvariantCulture)]).ToList();
        body.Add(new TableBlock(["目标状态", .. city.Plans.Select(p => Short(p.Title, cityName)), "合计"], statusRows,
            [1.4, .. city.Plans.Select(_ => 1.6), 0.8],
            [.. EvaluationText.StatusOrder.Select(st => (IReadOnlyList<string?>)[st, .. city.Plans.Select(_ => (string?)null), null])]));
        body.Add(new ChartBlock(new BarChart("图1  各规划量化目标状态分布（项）",
            [.. city.Plans.Select(p => Short(p.Title, cityName))],
            [.. EvaluationText.StatusOrder.Select(st => new ChartSeries(EvaluationText.Status(st), BarChart.StatusColors[st],
                [.. city.Plans.Select(p => (double)Count(cityTargets.Where(t => t.PlanId == p.PlanId).Select(t => t.Results.Single(x => x.Method == method).Status))[st])]))],
            Stacked: true, Max: null, Unit: "项")));
        var figure = 2;
        foreach (var plan in city.Plans)
        {
            var areas = plan.Tree.Children.Where(c => c.Level is "area" or "goals" && c.Score is not null).ToList();
            body.Add(new ChartBlock(new BarChart($"图{figure++}  {Short(plan.Title, cityName)}各领域实施得分", [.. areas.Select(a => a.Label)],
                [new ChartSeries("得分", BarChart.ScoreColor, [.. areas.Select(a => a.Score!.Value)])], Stacked: false, Max: 100, Unit: "分")));
        }

        // 三、分领域评价
        body.Add(new HeadingBlock(1, Next("分领域和任务评价")));
        foreach (var plan in city.Plans)
        {
            body.Add(new HeadingBlock(2, $"（{Numerals[city.Plans.ToList().IndexOf(plan)]}）{plan.Title}"));
            body.Add(new ParagraphBlock($"规划综合指数 {Score(plan.Index)}。下表列出各领域（工作目标）和重点任务的得分与所辖目标、节点的状态分布。"));
            var rows = new List<IReadOnlyList<string>>();
            foreach (var area in plan.Tree.Children.Where(c => c.Level is "area" or "goals"))
            {
                rows.Add(NodeRow(area.Label, area));
                rows.AddRange(area.Children.Where(c => c.Level == "task").Select(t => NodeRow("　" + t.Label, t)));
            }
            body.Add(new TableBlock(["领域／任务", "得分", "已实现", "正常", "需关注", "滞后", "无数据", "未到期"], rows, [4.2, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]));
        }

        // 四、量化目标评价
        body.Add(new HeadingBlock(1, Next("量化目标评价明细")));
        body.Add(new ParagraphBlock($"按{EvaluationText.MethodShort(method)}逐项评价全市量化目标。进度比值为实际进度与应有进度之比（方法定义见附录）；最新值为评价所用的最近一次审核通过的数据。"));
        foreach (var plan in city.Plans)
        {
            body.Add(new HeadingBlock(2, plan.Title));
            var list = cityTargets.Where(t => t.PlanId == plan.PlanId).ToList();
            body.Add(new TableBlock(["序号", "目标（原文）", "目标值", "最新值（年份）", "比值", "状态"],
                [.. list.Select((t, i) =>
                {
                    var x = t.Results.Single(m => m.Method == method);
                    return (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), t.Clause, $"{t.TargetText}（{t.Year}年）",
                        x.AssessedValue is { } v ? $"{N(v)}（{x.AssessedYear}）" : "—", EvaluationText.Ratio(x.Ratio), x.StatusText];
                })],
                [0.6, 4.4, 1.8, 1.5, 0.8, 1.1],
                [.. list.Select(t => (IReadOnlyList<string?>)[null, null, null, null, null, t.Results.Single(m => m.Method == method).Status])]));
        }

        // 五、时间节点
        body.Add(new HeadingBlock(1, Next("时间节点进展")));
        var milestoneCounts = cityMilestones.GroupBy(m => m.Status).ToDictionary(g => g.Key, g => g.Count());
        body.Add(new ParagraphBlock(
            $"{cityMilestones.Count} 个时间节点中，已完成 {milestoneCounts.GetValueOrDefault("done")} 个，按计划推进 {milestoneCounts.GetValueOrDefault("on-track")} 个，"
            + $"存在风险 {milestoneCounts.GetValueOrDefault("at-risk")} 个，已逾期 {milestoneCounts.GetValueOrDefault("overdue")} 个，未到期 {milestoneCounts.GetValueOrDefault("not-yet-due")} 个。"
            + "节点状态依据审核通过的进展报告和期限判定；期限已过而未报告完成的，判为逾期。"));
        var flagged = cityMilestones.Where(m => m.Status is "at-risk" or "overdue").OrderBy(m => m.Deadline).ToList();
        if (flagged.Count > 0)
        {
            body.Add(new TableBlock(["时间节点", "期限", "状态", "依据"],
                [.. flagged.Select(m => (IReadOnlyList<string>)[m.Title, RoundReport.ChineseDate(m.Deadline), m.StatusText, m.State is { } st ? $"报告：{Reporting.ProgressState.Chinese(st)}" : "未报告进展"])],
                [4.6, 1.6, 1.1, 1.5],
                [.. flagged.Select(m => (IReadOnlyList<string?>)[null, null, m.CommonStatus, null])]));
        }

        // 六、责任单位与区（市）
        body.Add(new HeadingBlock(1, Next("责任单位和区（市）评价")));
        if (city.Departments.Count == 0)
            body.Add(new ParagraphBlock("规划文件和规划办均未明确任务的责任单位，暂无责任单位评价。"));
        else
        {
            body.Add(new ParagraphBlock("责任单位得分按其牵头或参与的任务所含目标汇总（各目标等权）。"));
            body.Add(new TableBlock(["责任单位", "得分", "已评价目标", "滞后目标", "无数据"],
                [.. city.Departments.OrderByDescending(d => d.Score ?? -1).Select(d => (IReadOnlyList<string>)[d.Label, Score(d.Score),
                    (d.Counts.Achieved + d.Counts.OnTrack + d.Counts.NeedsAttention + d.Counts.OffTrack).ToString(CultureInfo.InvariantCulture),
                    d.Counts.OffTrack.ToString(CultureInfo.InvariantCulture), d.Counts.NoData.ToString(CultureInfo.InvariantCulture)])],
                [3.6, 1, 1.2, 1.2, 1]));
        }
        var districts = city.Districts.ToList();
        body.Add(new ParagraphBlock("区（市）指数由各区（市）报送并审核通过的数据单独评价后汇总；规划写明的基期值为全市口径，区（市）以其自身的数据为基期。"));
        body.Add(new TableBlock(["区（市）", "综合指数", "已评价目标和节点", "进度滞后", "无数据"],
            [.. districts.Select(d => (IReadOnlyList<string>)[d.Label, Score(d.Score),
                (d.Counts.Achieved + d.Counts.OnTrack + d.Counts.NeedsAttention + d.Counts.OffTrack).ToString(CultureInfo.InvariantCulture),
                d.Counts.OffTrack.ToString(CultureInfo.InvariantCulture), d.Counts.NoData.ToString(CultureInfo.InvariantCulture)])],
            [2, 1.2, 1.6, 1.2, 1.2]));
        var scored = districts.Where(d => d.Score is not null).ToList();
        body.Add(new ChartBlock(new BarChart($"图{figure}  各区（市）实施指数", [.. scored.Select(d => d.Label)],
            [new ChartSeries("指数", BarChart.ScoreColor, [.. scored.Select(d => d.Score!.Value)])], Stacked: false, Max: 100, Unit: "分")));

        // 七、定性评价与综合评价
        body.Add(new HeadingBlock(1, Next("定性评价与综合评价")));
        var c = r.Combined;
        body.Add(new ParagraphBlock(
            $"按定量与定性、客观与主观相结合的要求，综合指数 C = α·O + (1 − α)·S，其中客观指数 O = {Score(c.ObjectiveIndex)}，"
            + $"主观指数 S = {Score(c.SubjectiveIndex)}（{r.Assessments.Count} 条第三方评估意见，按对象取均值后加权），客观权重 α = {N(c.ObjectiveWeight)}，"
            + $"综合指数 C = {Score(c.CompositeIndex)}。" + (c.SubjectiveIndex is null ? "本轮尚无专家评分，综合指数取客观指数。" : ""), Emphasis: true));
        var assessed = c.Subjects.Where(x => x.Assessments > 0).ToList();
        if (assessed.Count > 0)
        {
            body.Add(new TableBlock(["评价对象", "客观得分", "专家评分", "综合得分", "规则"],
                [.. assessed.Select(x => (IReadOnlyList<string>)[x.Label, Score(x.Objective), $"{Score(x.Subjective)}（{x.Assessments}人）", Score(x.Combined), x.Rule])],
                [4, 1, 1.3, 1, 2]));
            foreach (var a in r.Assessments)
                body.Add(new ParagraphBlock($"【{a.SubjectLabel}】{a.EvaluatorName}（{N(a.Score)} 分）：{a.Comment}"));
        }

        // 八、问题清单与整改
        body.Add(new HeadingBlock(1, Next("问题清单与整改")));
        if (r.Check is not { } check)
        {
            body.Add(new ParagraphBlock($"{r.Round.Year} 年度城市体检尚未开展；开展后，进度滞后和存在风险的目标将列入问题清单并形成整改任务。"));
        }
        else
        {
            body.Add(new ParagraphBlock(
                $"{check.Summary.Title}共查找问题 {check.Problems.Count} 个（其中延续上年 {check.CarriedOverFromPrevious.Count} 个），"
                + $"上年问题经复核销号 {check.ResolvedFromPrevious.Count} 个；列入项目清单 {check.Projects.Count} 个，计划投资 {check.Projects.Investment.ToString("0.##", CultureInfo.InvariantCulture)} 万元。"));
            body.Add(new TableBlock(["序号", "问题", "性质", "区域", "责任单位", "状态", "整改任务（期限）"],
                [.. check.Problems.Select((p, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), p.Title, p.Severity == "off-track" ? "问题" : "风险",
                    p.RegionName ?? "—", p.DepartmentName ?? "待明确", p.StatusText,
                    p.Tasks.Count == 0 ? "待安排" : string.Join("；", p.Tasks.Select(t => $"{t.Title}（{RoundReport.ChineseDate(t.Deadline)}，{t.StatusText}）"))])],
                [0.6, 3, 0.7, 1, 1.4, 1.1, 3.2]));
            var projects = check.Problems.SelectMany(p => p.Projects).ToList();
            if (projects.Count > 0)
            {
                body.Add(new TableBlock(["项目", "类型", "区域（地点）", "投资（万元）", "状态"],
                    [.. projects.Select(p => (IReadOnlyList<string>)[p.Name, p.Type, p.Location is null ? p.RegionName : $"{p.RegionName}（{p.Location}）",
                        p.Investment.ToString("0.##", CultureInfo.InvariantCulture), p.StatusText])],
                    [3.4, 1.2, 2.4, 1.2, 1]));
            }
            if (check.ResolvedFromPrevious.Count > 0)
                body.Add(new ParagraphBlock("上年问题销号情况：" + string.Join("；", check.ResolvedFromPrevious.Select(p => $"{p.Title}（{p.ClosingNote}）")) + "。"));
        }

        // 附录
        body.Add(new HeadingBlock(1, "附录  评价方法与参数"));
        var p0 = s.Parameters;
        body.Add(new ParagraphBlock("线性进度法：应有值 E = y₀ + (y* − y₀)·(t − t₀)/(T − t₀)，进度比值 P = (y_t − y₀)/(E − y₀)；"
            + $"P ≥ {N(p0.LinearOnTrack)} 为进度正常，{N(p0.LinearNeedsAttention)} ≤ P < {N(p0.LinearOnTrack)} 为需关注，以下为进度滞后；已达到目标值的为已实现。"));
        body.Add(new ParagraphBlock("增速比法（欧盟统计局）与联合国进展法：实际年均增速与所需年均增速之比；Open SDG 评分法另给出 −5 至 5 的得分。"
            + $"“左右”类目标的容差为目标值的 ±{N(p0.AboutTolerance * 100)}%；时间节点在期限前 {p0.MilestoneAtRiskWindowDays} 天内仍未开始（或未报告）的判为存在风险。"));
        body.Add(new ParagraphBlock("汇总得分 = Σ wᵢ·sᵢ / Σ wᵢ（对有得分的下级求加权平均），状态计分："
            + string.Join("，", p0.Points.Select(kv => $"{EvaluationText.Status(kv.Key)} {N(kv.Value)} 分"))
            + (p0.Weights.Count == 0 ? "；各项权重均为 1。" : "；另设权重：" + string.Join("，", p0.Weights.Select(kv => $"{kv.Key} = {N(kv.Value)}")) + "。")));
        body.Add(new ParagraphBlock("评估快照中的规划文件校验：" + string.Join("；", plans.Select(p => $"{p.Title}（{p.ContentHash[..16]}）")) + "。"));

        var cover = new TitlePage(
            $"{cityName}规划实施监测评估", $"{r.Round.Title}报告", $"（{r.Round.KindText}　评价年度：{r.Round.Year}年）",
            "美城 Meicheng 规划实施监测平台", RoundReport.ChineseDate(r.Round.FrozenAt), $"评估快照 SHA-256：{r.Round.SnapshotSha256}");
        return new ReportDocument($"{r.Round.Title}报告", r.Round.Title, cover, body);
    }

    private static IReadOnlyList<string> NodeRow(string label, RollupNodeDto n) =>
        [label, Score(n.Score), .. new[] { n.Counts.Achieved, n.Counts.OnTrack, n.Counts.NeedsAttention, n.Counts.OffTrack, n.Counts.NoData, n.Counts.NotYetDue }
            .Select(x => x.ToString(CultureInfo.InvariantCulture))];

    private static Dictionary<string, int> Count(IEnumerable<string> statuses)
    {
        var counts = EvaluationText.StatusOrder.ToDictionary(s => s, _ => 0);
        foreach (var s in statuses)
            counts[s]++;
        return counts;
    }

    /// <summary>
    /// A plan's title without brackets, 关于, the city's name and 的实施意见/实施方案: for example "美丽城市建设",
    /// "加快推进绿色城市建设发展试点".
    /// </summary>
    internal static string Short(string title, string cityName)
    {
        var cut = title.IndexOfAny(['（', '(']);
        var head = cut > 0 ? title[..cut] : title;
        foreach (var prefix in new[] { "关于", cityName })
        {
            if (head.StartsWith(prefix, StringComparison.Ordinal) && head.Length > prefix.Length + 4)
                head = head[prefix.Length..];
        }
        foreach (var suffix in new[] { "的实施意见", "实施意见", "的实施方案", "实施方案", "行动方案", "规划" })
        {
            if (head.EndsWith(suffix, StringComparison.Ordinal) && head.Length > suffix.Length + 4)
                return head[..^suffix.Length];
        }
        return head;
    }
}
