using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Meicheng.Core.Plans;
using CorePlans = Meicheng.Core.Plans;

namespace Meicheng.Web.Features.Plans;

/// <summary>
/// Turns a reviewed draft into a plan document (<c>meicheng.plan/1</c>): the kept items (accepted, edited, added) in
/// document order, with ids the plan-file rules accept, indicators defined from the targets' names and units, and the
/// units assigned to each task. What cannot become a valid item is listed in Chinese naming the item, and left out, so
/// the JSON of an unfinished draft can still be downloaded.
/// </summary>
internal static class PlanDraftDocument
{
    public sealed record Result(PlanDocument Document, IReadOnlyList<string> Errors, IReadOnlyList<(string Id, string Name)> NewDepartments);

    // previous: the current version of the plan this draft becomes a new version of. Its indicators and item ids are
    // reused where the item is the same, so the version diff pairs them and reports follow.
    public static Result Build(PlanDraft draft, IReadOnlyList<PlanDraftItem> allItems, PlanDocument? previous, int versionNumber)
    {
        var errors = new List<string>();
        var items = allItems.Where(i => DraftItemStates.Kept(i.State)).OrderBy(i => i.SpanStart).ThenBy(i => i.Id).ToList();
        var code = draft.Code;
        var planId = draft.PlanId;
        var frame = draft.FrameYear ?? draft.PeriodEnd ?? 0;
        if (draft.PeriodStart is null || draft.PeriodEnd is null)
            errors.Add("规划信息：请填写规划期的起止年份。");

        // Areas, and the tasks under them; a task the document put under no heading goes to an area of its own.
        var areaItems = items.Where(i => i.Kind == DraftItemKinds.Area && i.Number is > 0).GroupBy(i => i.Number!.Value).Select(g => g.First()).ToList();
        var taskItems = items.Where(i => i.Kind == DraftItemKinds.Task && i.Number is > 0).GroupBy(i => i.Number!.Value).Select(g => g.First()).ToList();
        var areaNumbers = areaItems.Select(a => a.Number!.Value).ToHashSet();
        var looseArea = areaNumbers.Count == 0 ? 1 : areaNumbers.Max() + 1;
        int AreaOf(PlanDraftItem task) => task.AreaNumber is { } a && areaNumbers.Contains(a) ? a : looseArea;
        var newDepartments = new List<(string Id, string Name)>();
        var tasks = taskItems.Select(t => new CorePlans.PlanTask(t.Number!.Value, AreaOf(t), t.Title, null, string.IsNullOrWhiteSpace(t.Text) ? t.Title : t.Text,
            Units(t, errors, newDepartments), t.ResponsibilityText, [], [])).ToList();
        var areas = areaItems.Select(a => new CorePlans.PlanArea(a.Number!.Value, a.Label ?? Numerals(a.Number!.Value), a.Title, null, null,
            tasks.Where(t => t.AreaNumber == a.Number).ToList())).ToList();
        if (tasks.Any(t => t.AreaNumber == looseArea))
            areas.Add(new CorePlans.PlanArea(looseArea, Numerals(looseArea), "未归入领域的任务", null, null, tasks.Where(t => t.AreaNumber == looseArea).ToList()));
        if (areas.Count == 0)
            errors.Add("规划结构：至少需要一个领域或任务，请接受或补充。");
        var taskArea = tasks.ToDictionary(t => t.Number, t => t.AreaNumber);
        var measures = items.Where(i => i.Kind == DraftItemKinds.Measure && i.Number is > 0).GroupBy(i => i.Number!.Value).Select(g => g.First())
            .Select(m => new PlanMeasure(m.Number!.Value, m.Label ?? Numerals(m.Number!.Value), m.Title, string.IsNullOrWhiteSpace(m.Text) ? m.Title : m.Text,
                Units(m, errors, newDepartments), m.ResponsibilityText)).ToList();

        Citation Cite(PlanDraftItem i)
        {
            var clause = string.IsNullOrWhiteSpace(i.Clause) ? i.Title : i.Clause;
            if (i.TaskNumber is { } t && taskArea.TryGetValue(t, out var area))
                return new Citation(i.Section ?? "重点任务", area, t, clause);
            // The task was rejected or never read: the item stays under its area when that is kept.
            return new Citation(string.IsNullOrWhiteSpace(i.Section) ? "全文" : i.Section, i.AreaNumber is { } a && areaNumbers.Contains(a) ? a : null, null, clause);
        }
        var cityScope = CorePlans.Scope.WholeCity(draft.City);
        CorePlans.Scope ScopeOf(PlanDraftItem i) => string.IsNullOrWhiteSpace(i.Scope) ? cityScope : cityScope with { Text = i.Scope };

        // Indicators: one per name and unit; a new version reuses the previous version's definition of the same name and unit.
        var indicators = new List<IndicatorDefinition>();
        var targets = new List<PlanTarget>();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var prefix = previous is null ? code : $"{code}-v{versionNumber}";
        var n = 0;
        foreach (var t in items.Where(i => i.Kind == DraftItemKinds.Target))
        {
            var label = ItemLabel(t);
            var problems = new List<string>();
            if (t.Value is null)
                problems.Add("没有目标值");
            if (string.IsNullOrWhiteSpace(t.Unit))
                problems.Add("没有单位");
            if (t.Year is not (>= 1949 and <= 2100))
                problems.Add("没有年份");
            if (!Comparators.TryParse(t.Comparator, out var comparator))
                problems.Add("比较方式不明");
            if (!PlanTokens.TryParse<TargetKind>(t.TargetKind, out var kind))
                problems.Add("目标类型不明");
            if (kind == TargetKind.Share && t.Unit == "%" && t.Value > 100)
                problems.Add("比例超过100%");
            if (problems.Count > 0)
            {
                errors.Add($"{label}：{string.Join("、", problems)}，请修改或拒绝。");
                continue;
            }
            var unit = t.Unit!.Trim();
            var indicator = indicators.FirstOrDefault(i => i.Name == t.Title && i.Unit == unit);
            if (indicator is null)
            {
                var direction = comparator is Comparator.AtMost or Comparator.LessThan ? Direction.Down : Direction.Up;
                indicator = previous?.Indicators.FirstOrDefault(i => i.Name == t.Title && i.Unit == unit)
                    ?? new IndicatorDefinition($"{prefix}-i{indicators.Count + 1}", t.Title, null, unit, direction, Category(t.Title + t.Clause));
                indicators.Add(indicator);
            }
            var year = t.Year!.Value;
            var same = previous?.Targets.FirstOrDefault(p => p.IndicatorId == indicator.Id && p.Year == year && !usedIds.Contains(p.Id));
            var id = same?.Id ?? $"{prefix}-t{++n}";
            usedIds.Add(id);
            var baseline = t.BaselineYear is { } by && by < year ? by : (int?)null;
            targets.Add(new PlanTarget(id, indicator.Id, Cite(t), t.Value!.Value, unit, comparator, year, Basis(t.YearBasis, t.Year, frame), kind,
                t.Aspirational, ScopeOf(t), baseline, null, null, null, t.ValueText is { } written && written != t.Value!.Value.ToString(CultureInfo.InvariantCulture) ? $"原文数值：{written}" : null));
        }

        var milestones = new List<PlanMilestone>();
        var m = 0;
        foreach (var i in items.Where(i => i.Kind == DraftItemKinds.Milestone))
        {
            if (i.Year is not (>= 1949 and <= 2100))
            {
                errors.Add($"{ItemLabel(i)}：没有年份，请修改或拒绝。");
                continue;
            }
            var same = previous?.Milestones.FirstOrDefault(p => p.Title == i.Title && !usedIds.Contains(p.Id));
            var id = same?.Id ?? $"{prefix}-m{++m}";
            usedIds.Add(id);
            milestones.Add(new PlanMilestone(id, i.Title, Cite(i), i.Year.Value, Basis(i.YearBasis, i.Year, frame), i.DeadlineText, i.Aspirational, ScopeOf(i), null));
        }

        var document = new PlanDocument(planId, code, draft.Title, null, Blank(draft.Issuer), Blank(draft.DocumentNumber), draft.Date,
            draft.Status == "final" ? PlanStatus.InForce : PlanStatus.DraftForComment, draft.PeriodStart ?? 0, draft.PeriodEnd ?? 0,
            frame, $"上传的文件：{draft.FileName}", indicators, areas, measures, targets, milestones, [])
        { City = draft.City };
        return new Result(document, errors, newDepartments.DistinctBy(d => d.Id).ToList());
    }

    /// <summary>How the office and the error list name an item: its kind, and its indicator, title or number.</summary>
    public static string ItemLabel(PlanDraftItem i) => i.Kind switch
    {
        DraftItemKinds.Target => $"量化目标“{i.Title}”{(i.TaskNumber is { } t ? $"（任务{t}）" : "")}",
        DraftItemKinds.Milestone => $"时间节点“{Short(i.Title)}”",
        DraftItemKinds.Task => $"任务{i.Number}“{Short(i.Title)}”",
        DraftItemKinds.Measure => $"保障措施{i.Number}“{Short(i.Title)}”",
        _ => $"领域{i.Label}“{Short(i.Title)}”",
    };

    private static string Short(string text) => text.Length <= 24 ? text : text[..24] + "…";

    private static List<CorePlans.Responsibility> Units(PlanDraftItem task, List<string> errors, List<(string Id, string Name)> newDepartments)
    {
        var units = new List<CorePlans.Responsibility>();
        foreach (var owner in task.OwnerList)
        {
            var id = owner.DepartmentId;
            if (id is null && owner.Accepted)
            {
                id = NewDepartmentId(owner.Name);
                newDepartments.Add((id, owner.Name));
            }
            if (id is null)
            {
                errors.Add($"{ItemLabel(task)}：责任单位“{owner.Name}”不在部门名录中，请改为名录中的部门或确认新增。");
                continue;
            }
            if (units.Any(u => u.DepartmentId == id))
                continue;
            units.Add(new CorePlans.Responsibility(id, owner.Role == "lead" ? ResponsibilityRole.Lead : ResponsibilityRole.Responsible));
        }
        return units;
    }

    /// <summary>A stable id for a unit the registry did not know, from its name.</summary>
    public static string NewDepartmentId(string name) =>
        "new-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name.Trim())))[..10];

    private static YearBasis Basis(string? token, int? year, int frame) =>
        PlanTokens.TryParse<YearBasis>(token, out var basis) ? basis : year == frame ? YearBasis.Frame : YearBasis.Section;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Numerals(int number) => number is >= 1 and <= 10 ? "一二三四五六七八九十"[number - 1].ToString() : number.ToString(CultureInfo.InvariantCulture);

    // The plan-file categories, guessed from the words of the indicator and its clause; the office can correct the JSON.
    private static readonly (string Category, string[] Words)[] CategoryWords =
    [
        ("air", ["PM2.5", "空气", "大气", "臭氧", "颗粒物", "优良天数"]),
        ("marine", ["海", "岸线", "湾"]),
        ("water", ["水", "河", "湖", "污水", "断面"]),
        ("energy-carbon", ["碳", "能源", "能耗", "光伏", "风电", "储能", "清洁能源"]),
        ("soil", ["土壤", "耕地", "地块"]),
        ("waste", ["垃圾", "固废", "废物", "无废"]),
        ("ecology", ["生态", "森林", "绿地", "公园", "湿地", "物种"]),
        ("building", ["建筑", "住宅"]),
        ("transport", ["交通", "公交", "车", "充电", "港"]),
        ("finance", ["贷款", "金融", "投资"]),
        ("economy", ["GDP", "产值", "生产总值", "产业", "企业"]),
        ("urban", ["城市", "社区", "小区", "街道"]),
    ];

    private static string Category(string text) =>
        CategoryWords.FirstOrDefault(c => c.Words.Any(w => text.Contains(w, StringComparison.Ordinal))).Category ?? "governance";
}
