using System.Globalization;
using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Environment.Hj212;
using Meicheng.Web.Features.Evaluation;
using Microsoft.EntityFrameworkCore;
using PlanTokens = Meicheng.Core.Plans.PlanTokens;
using ResponsibilityRole = Meicheng.Core.Plans.ResponsibilityRole;

namespace Meicheng.Web.Features.Dashboard;

/// <summary>
/// The leadership dashboard and its drill-down, read off one live evaluation (<see cref="LiveEvaluation"/>, the same
/// snapshot /evaluation and GET /api/evaluation show). Nothing here judges a target: statuses, scores, roll-ups and
/// projections are the engine's; this class counts, groups, sorts and links them. What it builds is cached with the
/// evaluation, until the data changes.
/// </summary>
internal static class DashboardQueries
{
    /// <summary>At most this many trend charts, so the page stays readable and light.</summary>
    public const int MaxTrends = 6;

    /// <summary>Trend charts drawn when none are asked for: the indicators with the most approved city values.</summary>
    public const int DefaultTrendIndicators = 3;

    /// <summary>A pseudo-status of the drill-down: every target the method could judge (not 无数据, not 未到期).</summary>
    public const string Assessed = "assessed";

    public static readonly IReadOnlyList<string> MilestoneStatusOrder = ["done", "on-track", "at-risk", "overdue", "not-yet-due"];

    // Worst first: a list behind a chart puts what needs a push at the top.
    private static readonly string[] Severity = ["off-track", "needs-attention", "on-track", "achieved", "no-data", "not-yet-due"];

    private static readonly string[] MilestoneSeverity = ["overdue", "at-risk", "on-track", "done", "not-yet-due"];

    /// <summary>The query's errors, by the evaluation's one rule; the dashboard names the plan's field <c>plan</c>.</summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(
        LiveEvaluation live, int? year, string? planId, string? method, string? region, CancellationToken ct) =>
        EvaluationQueryRules.Validate(await live.CatalogueAsync(ct), planId, method, region, year, planKey: "plan");

    public static async Task<Dictionary<string, string[]>> ValidateIndicatorsAsync(AppDbContext db, IEnumerable<string> ids, string key, CancellationToken ct)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
            return [];
        var known = await db.Indicators.AsNoTracking().Where(i => wanted.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
        var unknown = wanted.Except(known, StringComparer.Ordinal).ToList();
        return unknown.Count == 0 ? [] : new() { [key] = [$"指标 {string.Join("、", unknown)} 不存在"] };
    }

    // ---- URLs ----

    /// <summary>The drill-down URL: the same year and method, and the chart element's filters.</summary>
    public static string DrillUrl(int year, string method, string? plan, string? status = null, string? area = null, string? region = null,
        string? indicator = null, string? kind = null)
    {
        var q = new StringBuilder("/dashboard/targets?");
        void Add(string name, string? value)
        {
            if (value is { Length: > 0 })
                q.Append(name).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }
        Add("kind", kind);
        Add("status", status);
        Add("area", area);
        Add("region", region);
        Add("plan", plan);
        Add("indicator", indicator);
        Add("year", year.ToString(CultureInfo.InvariantCulture));
        Add("method", method);
        return q.ToString(0, q.Length - 1);
    }

    public static string ExplainUrl(string targetId, string region, int year) =>
        $"/evaluation/targets/{Uri.EscapeDataString(targetId)}?region={region}&year={year.ToString(CultureInfo.InvariantCulture)}";

    public static string AreaKey(int? areaNumber) => areaNumber?.ToString(CultureInfo.InvariantCulture) ?? "goals";

    // ---- The dashboard ----

    /// <summary>The dashboard, from the cache while the data stamp stands.</summary>
    /// <remarks>The live-feed alerts head its attention list, so their version is part of the cache key.</remarks>
    public static async Task<DashboardDto> BuildAsync(LiveEvaluation live, StationAlerts alerts, AppDbContext db,
        int year, string? planId, string method, string? mapIndicator, IReadOnlyList<string> trendIndicators, CancellationToken ct) =>
        await BuildAsync(live, await alerts.CurrentAsync(ct), db, year, planId, method, mapIndicator, trendIndicators, ct);

    /// <summary>The dashboard serialized as GET /api/dashboard answers, from the cache while the data stamp stands.</summary>
    public static async Task<byte[]> JsonAsync(LiveEvaluation live, StationAlerts alerts, AppDbContext db,
        int year, string? planId, string method, string? mapIndicator, IReadOnlyList<string> trendIndicators, CancellationToken ct)
    {
        var set = await alerts.CurrentAsync(ct);
        return await live.CachedAsync("dashboard.json", year, planId, null, method, Extra(mapIndicator, trendIndicators, set),
            async () => live.Serialize(await BuildAsync(live, set, db, year, planId, method, mapIndicator, trendIndicators, ct)), ct);
    }

    private static Task<DashboardDto> BuildAsync(LiveEvaluation live, StationAlertSet alerts, AppDbContext db,
        int year, string? planId, string method, string? mapIndicator, IReadOnlyList<string> trendIndicators, CancellationToken ct) =>
        live.CachedAsync("dashboard", year, planId, null, method, Extra(mapIndicator, trendIndicators, alerts),
            () => ComputeAsync(live, alerts, db, year, planId, method, mapIndicator, trendIndicators, ct), ct);

    private static string Extra(string? mapIndicator, IReadOnlyList<string> trendIndicators, StationAlertSet alerts) =>
        $"{mapIndicator}|{string.Join('|', trendIndicators)}|alerts:{alerts.Version}";

    private static async Task<DashboardDto> ComputeAsync(LiveEvaluation live, StationAlertSet alerts, AppDbContext db,
        int year, string? planId, string method, string? mapIndicator, IReadOnlyList<string> trendIndicators, CancellationToken ct)
    {
        var s = await live.SnapshotAsync(year, planId, null, method, ct);
        var city = EvaluationViews.Results(s, s.City)!;
        var regionNames = s.Regions.ToDictionary(r => r.Code, r => r.Name);
        var owners = await OwnersAsync(db, ct);
        var plans = (await db.Plans.AsNoTracking().Where(p => planId == null || p.Id == planId).OrderBy(p => p.PeriodStart)
            .Select(p => new { p.Id, p.Title, p.PeriodStart, p.PeriodEnd }).ToListAsync(ct));
        string Url(string? status = null, string? area = null, string? region = null, string? indicator = null, string? kind = null, string? plan = null) =>
            DrillUrl(year, method, plan ?? planId, status, area, region, indicator, kind);

        // Status counts in the city: targets by the method's common status, milestones by their own status words.
        var cityTargets = city.Targets.Select(t => (Target: t, Result: t.Results.Single(r => r.Method == method))).ToList();
        var targetStatuses = EvaluationText.StatusOrder
            .Select(st => new StatusSliceDto(st, EvaluationText.Status(st), cityTargets.Count(t => t.Result.Status == st), Url(status: st)))
            .ToList();
        var milestoneStatuses = MilestoneStatusOrder
            .Select(st => new StatusSliceDto(st, EvaluationText.Milestone(st), city.Milestones.Count(m => m.Status == st), Url(status: st, kind: "milestones")))
            .ToList();

        // Heat map: each area (of the plans shown) × the city and each district, the area node's roll-up score there.
        var columns = s.Regions.Select(r => new RegionRefDto(r.Code, r.Name)).ToList();
        var cityNode = EvaluationViews.RegionNode(s, method, s.City)!;
        var rows = new List<HeatRowDto>();
        var rowNodes = new List<(string PlanId, string NodeId)>();
        foreach (var planNode in cityNode.Children)
        {
            var plan = plans.Single(p => p.Id == planNode.Id);
            foreach (var area in planNode.Children.Where(c => c.Level is "area" or "goals"))
            {
                var key = area.Level == "goals" ? "goals" : area.Id[(area.Id.LastIndexOf('-') + 1)..];
                rows.Add(new HeatRowDto(plan.Id, key, $"{plan.PeriodStart}—{plan.PeriodEnd}·{area.Label}"));
                rowNodes.Add((plan.Id, area.Id));
            }
        }
        var cells = new List<HeatCellDto>();
        for (var c = 0; c < columns.Count; c++)
        {
            var regionNode = EvaluationViews.RegionNode(s, method, columns[c].Code);
            for (var r = 0; r < rows.Count; r++)
            {
                var node = regionNode?.Children.SingleOrDefault(p => p.Id == rowNodes[r].PlanId)?.Children.SingleOrDefault(a => a.Id == rowNodes[r].NodeId);
                var counts = node?.Counts;
                cells.Add(new HeatCellDto(r, c, node?.Score, counts is null ? 0 : counts.Total - counts.NoData - counts.NotYetDue, counts?.Total ?? 0,
                    Url(status: Assessed, area: rows[r].Area, region: columns[c].Code, plan: rows[r].PlanId)));
            }
        }

        // Indicators: the city's results name every target's indicator.
        var targetsById = city.Targets.ToDictionary(t => t.TargetId);
        var indicatorUnits = s.Observations.GroupBy(o => targetsById[o.TargetId].IndicatorId).ToDictionary(g => g.Key, g => g.First().IndicatorUnit);
        IndicatorOptionDto Option(string indicatorId) => new(indicatorId, city.Targets.First(t => t.IndicatorId == indicatorId).IndicatorName, indicatorUnits[indicatorId]);
        var districtObservations = s.Observations.Where(o => o.RegionCode != s.City).ToList();
        var mapIndicators = districtObservations.Select(o => targetsById[o.TargetId].IndicatorId).Distinct().Order(StringComparer.Ordinal).Select(Option).ToList();

        // The map: every district's status index, or one indicator's latest approved value (in the indicator's unit).
        var districts = s.Regions.Where(r => r.Code != s.City).ToList();
        DistrictMapDto map;
        if (mapIndicator is not null)
        {
            var unit = indicatorUnits.GetValueOrDefault(mapIndicator);
            var name = (await db.Indicators.AsNoTracking().Where(i => i.Id == mapIndicator).Select(i => new { i.Name, i.Unit }).SingleAsync(ct));
            map = new DistrictMapDto("indicator", $"{name.Name}（{unit ?? name.Unit}）最新审核值", mapIndicator, unit ?? name.Unit, districts.Select(d =>
            {
                var latest = districtObservations.Where(o => o.RegionCode == d.Code && targetsById[o.TargetId].IndicatorId == mapIndicator)
                    .OrderByDescending(o => o.Year).ThenByDescending(o => o.ApprovedAt).FirstOrDefault();
                return new DistrictValueDto(d.Code, d.Name, latest is null ? null : (double)latest.Value, latest?.Year, Url(region: d.Code, indicator: mapIndicator));
            }).ToList());
        }
        else
        {
            map = new DistrictMapDto("index", $"区（市）综合指数（{EvaluationText.MethodShort(method)}）", null, null, districts
                .Select(d => new DistrictValueDto(d.Code, d.Name, EvaluationViews.Index(s, method, d.Code, planId), null, Url(status: Assessed, region: d.Code)))
                .ToList());
        }

        // Trends: the city's approved values of the chosen indicators, each target's line and the engine's projections.
        var cityObservations = s.Observations.Where(o => o.RegionCode == s.City).ToList();
        var trendOptions = cityObservations.GroupBy(o => targetsById[o.TargetId].IndicatorId)
            .OrderByDescending(g => g.Select(o => o.Year).Distinct().Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Option(g.Key)).ToList();
        var selected = trendIndicators.Count > 0 ? trendIndicators.Distinct(StringComparer.Ordinal).ToList()
            : trendOptions.Take(DefaultTrendIndicators).Select(o => o.Id).ToList();
        var trendTargets = cityTargets.Where(t => selected.Contains(t.Target.IndicatorId))
            .OrderBy(t => selected.IndexOf(t.Target.IndicatorId)).ThenByDescending(t => cityObservations.Count(o => o.TargetId == t.Target.TargetId))
            .Take(MaxTrends).ToList();
        var trendIds = trendTargets.Select(t => t.Target.TargetId).ToList();
        var targetValues = await db.Targets.AsNoTracking().Where(t => trendIds.Contains(t.Id)).Select(t => new { t.Id, t.Value, t.Comparator }).ToDictionaryAsync(t => t.Id, ct);
        var trends = trendTargets.Select(t =>
        {
            var (target, result) = t;
            var points = cityObservations.Where(o => o.TargetId == target.TargetId).OrderBy(o => o.Year)
                .Select(o => new TrendPointDto(o.Year, o.TargetValue, o.PeriodKey, Url(indicator: target.IndicatorId, region: s.City, plan: target.PlanId))).ToList();
            var projections = result is { AssessedYear: { } fromYear, AssessedValue: { } fromValue }
                ? result.Projections.Select(p => new TrendProjectionDto(p.Method, ProjectionText(p.Method), fromYear, fromValue, target.Year, p.ValueAtTargetYear, p.MeetsTarget, p.YearReached)).ToList()
                : [];
            return new TrendDto(target.TargetId, target.PlanId, target.IndicatorId, target.IndicatorName, target.Clause, target.Unit, target.TargetText, target.Year,
                (double)targetValues[target.TargetId].Value, PlanTokens.ToToken(targetValues[target.TargetId].Comparator), result.Status, result.StatusText, points, projections,
                Url(indicator: target.IndicatorId, region: s.City, plan: target.PlanId), ExplainUrl(target.TargetId, s.City, year));
        }).ToList();

        var attention = Attention(s, method, year, regionNames, owners, await MilestoneTasksAsync(db, ct));
        // Live monitoring alerts (a silent station, an hourly exceedance) first: they are today's.
        attention.InsertRange(0, alerts.Attention());
        attention.AddRange(await Projects.ProjectAttention.DashboardItemsAsync(db, s.EvaluationDate, ct));
        var used = s.Observations.Count;
        return new DashboardDto(
            year, s.EvaluationDate, method, EvaluationText.Method(method), planId, plans.Select(p => new DashboardPlanDto(p.Id, p.Title)).ToList(),
            EvaluationViews.Index(s, method, s.City, planId), city.Targets.Count, city.Milestones.Count, targetStatuses, milestoneStatuses,
            new HeatmapDto(rows, columns, cells), map, mapIndicators, trendOptions, selected, trends, attention, used,
            s.Observations.Any(o => o.IsDemo) || s.ProgressReports.Any(p => p.IsDemo));
    }

    private static string ProjectionText(string method) => method switch
    {
        "linear-trend" => "线性趋势外推（最小二乘）",
        "cagr" => "年均增长率（CAGR）外推",
        _ => method,
    };

    /// <summary>
    /// Off-track and needs-attention targets and overdue milestones in the city and every district with data, most urgent
    /// first: off track and overdue before needs attention, then the earlier deadline (a target's is 31 December of its year),
    /// then the lower ratio.
    /// </summary>
    private static List<AttentionItemDto> Attention(
        EvaluationSnapshot s, string method, int year, Dictionary<string, string> regionNames, Dictionary<string, List<string>> owners,
        Dictionary<string, string?> milestoneTasks)
    {
        var items = new List<(int Severity, double Ratio, AttentionItemDto Item)>();
        foreach (var region in s.Results)
        {
            var regionName = regionNames[region.RegionCode];
            foreach (var t in region.Targets)
            {
                var r = t.Results.Single(x => x.Method == method);
                if (r.Status is not ("off-track" or "needs-attention"))
                    continue;
                var detail = $"最新值 {EvaluationText.Number(r.AssessedValue)}（{r.AssessedYear?.ToString(CultureInfo.InvariantCulture) ?? "—"}），目标 {t.TargetText}，比值 {EvaluationText.Ratio(r.Ratio)}";
                items.Add((r.Status == "off-track" ? 0 : 1, r.Ratio ?? double.MaxValue, new AttentionItemDto(
                    "target", t.TargetId, t.PlanId, $"{t.IndicatorName}：{t.Clause}", r.Status, r.StatusText, region.RegionCode, regionName,
                    t.TaskId is null ? [] : owners.GetValueOrDefault(t.TaskId) ?? [], new DateOnly(t.Year, 12, 31), detail,
                    ExplainUrl(t.TargetId, region.RegionCode, year))));
            }
            foreach (var m in region.Milestones.Where(m => m.Status == "overdue"))
            {
                var task = milestoneTasks.GetValueOrDefault(m.MilestoneId);
                items.Add((0, double.MaxValue, new AttentionItemDto(
                    "milestone", m.MilestoneId, m.PlanId, m.Title, m.Status, m.StatusText, region.RegionCode, regionName,
                    task is null ? [] : owners.GetValueOrDefault(task) ?? [], m.Deadline,
                    $"逾期 {-m.DaysLeft} 天；{(m.State is null ? "未报告进展" : "最新进展：" + Reporting.ProgressState.Chinese(m.State))}", $"/milestones/{Uri.EscapeDataString(m.MilestoneId)}")));
            }
        }
        return items.OrderBy(i => i.Severity).ThenBy(i => i.Item.Deadline).ThenBy(i => i.Ratio)
            .ThenBy(i => i.Item.RegionCode, StringComparer.Ordinal).ThenBy(i => i.Item.Id, StringComparer.Ordinal).Select(i => i.Item).ToList();
    }

    /// <summary>Each task's responsible units by name, the lead (牵头) first, as the plan office assigned or the plan names them.</summary>
    private static async Task<Dictionary<string, List<string>>> OwnersAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.Responsibilities.AsNoTracking()
            .Join(db.Departments, r => r.DepartmentId, d => d.Id, (r, d) => new { r.TaskId, r.Role, d.Name, d.SortOrder })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.TaskId).ToDictionary(
            g => g.Key,
            g => g.OrderBy(r => r.Role == ResponsibilityRole.Lead ? 0 : 1).ThenBy(r => r.SortOrder).Select(r => r.Name).Distinct().ToList());
    }

    private static Task<Dictionary<string, string?>> MilestoneTasksAsync(AppDbContext db, CancellationToken ct) =>
        db.Milestones.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.TaskId, ct);

    // ---- The drill-down ----

    public static bool IsTargetStatus(string status) => status == Assessed || EvaluationText.StatusOrder.Contains(status);

    public static Dictionary<string, string[]> ValidateDrill(string kind, string? status, string? area, string? planId, string? indicator)
    {
        var errors = new Dictionary<string, string[]>();
        if (kind is not ("targets" or "milestones"))
            errors["kind"] = ["kind 须为 targets 或 milestones"];
        else if (status is not null && (kind == "targets" ? !IsTargetStatus(status) : !MilestoneStatusOrder.Contains(status)))
            errors["status"] = [kind == "targets"
                ? $"目标状态须为 {string.Join("、", EvaluationText.StatusOrder.Append(Assessed))} 之一"
                : $"节点状态须为 {string.Join("、", MilestoneStatusOrder)} 之一"];
        if (area is not null && area != "goals" && !int.TryParse(area, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            errors["area"] = ["领域须为领域序号或 goals（工作目标）"];
        if (area is not null && planId is null)
            errors["plan"] = ["按领域筛选时须指明规划（plan）"];
        if (kind == "milestones" && indicator is not null)
            errors["indicator"] = ["时间节点没有指标，按指标筛选只适用于量化目标"];
        return errors;
    }

    /// <summary>The drill-down, from the cache while the data stamp stands.</summary>
    public static Task<DrillDownDto> DrillAsync(
        LiveEvaluation live, AppDbContext db, int year, string method, string kind, string? status, string? area,
        string region, string? planId, string? indicator, CancellationToken ct) =>
        live.CachedAsync("drill", year, planId, region, method, $"{kind}|{status}|{area}|{indicator}",
            () => ComputeDrillAsync(live, db, year, method, kind, status, area, region, planId, indicator, ct), ct);

    private static async Task<DrillDownDto> ComputeDrillAsync(
        LiveEvaluation live, AppDbContext db, int year, string method, string kind, string? status, string? area,
        string region, string? planId, string? indicator, CancellationToken ct)
    {
        var s = await live.SnapshotAsync(year, planId, region, method, ct);
        var results = EvaluationViews.Results(s, region)!;
        var regionName = s.Regions.Single(r => r.Code == region).Name;
        var owners = await OwnersAsync(db, ct);
        int? areaNumber = area is null or "goals" ? null : int.Parse(area, CultureInfo.InvariantCulture);
        bool InArea(int? n) => area is null || n == areaNumber;
        var description = await DescribeAsync(db, kind, status, area, regionName, planId, indicator, ct);

        if (kind == "milestones")
        {
            var tasks = await MilestoneTasksAsync(db, ct);
            var milestones = results.Milestones
                .Where(m => (status is null || m.Status == status) && InArea(m.AreaNumber) && (planId is null || m.PlanId == planId))
                .OrderBy(m => Array.IndexOf(MilestoneSeverity, m.Status)).ThenBy(m => m.Deadline)
                .Select(m => new DrillMilestoneDto(m.MilestoneId, m.PlanId, m.Title, m.AreaNumber, region, regionName, m.Status, m.StatusText, m.Deadline, m.DaysLeft,
                    tasks.GetValueOrDefault(m.MilestoneId) is { } task ? owners.GetValueOrDefault(task) ?? [] : [], $"/milestones/{Uri.EscapeDataString(m.MilestoneId)}"))
                .ToList();
            return new DrillDownDto(year, method, kind, status, area, region, regionName, planId, indicator, description, [], milestones);
        }

        var targets = results.Targets
            .Select(t => (Target: t, Result: t.Results.Single(r => r.Method == method)))
            .Where(x => status is null || (status == Assessed ? x.Result.Status is not ("no-data" or "not-yet-due") : x.Result.Status == status))
            .Where(x => InArea(x.Target.AreaNumber) && (indicator is null || x.Target.IndicatorId == indicator))
            .OrderBy(x => Array.IndexOf(Severity, x.Result.Status)).ThenBy(x => x.Result.Ratio ?? double.MaxValue)
            .Select(x => new DrillTargetDto(
                x.Target.TargetId, x.Target.PlanId, x.Target.IndicatorId, x.Target.IndicatorName, x.Target.Clause, x.Target.AreaNumber, x.Target.TargetText, x.Target.Year,
                region, regionName, x.Result.Status, x.Result.StatusText, x.Result.Ratio, x.Result.AssessedValue, x.Result.AssessedYear, x.Target.Unit,
                x.Target.TaskId is null ? [] : owners.GetValueOrDefault(x.Target.TaskId) ?? [], ExplainUrl(x.Target.TargetId, region, year)))
            .ToList();
        return new DrillDownDto(year, method, kind, status, area, region, regionName, planId, indicator, description, targets, []);
    }

    /// <summary>The filters in words, for the page's heading.</summary>
    private static async Task<string> DescribeAsync(
        AppDbContext db, string kind, string? status, string? area, string regionName, string? planId, string? indicator, CancellationToken ct)
    {
        var parts = new List<string> { regionName };
        if (planId is not null)
            parts.Add(await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.Title).SingleAsync(ct));
        if (area == "goals")
            parts.Add("工作目标");
        else if (area is not null)
        {
            var n = int.Parse(area, CultureInfo.InvariantCulture);
            var title = await db.PlanAreas.AsNoTracking().Where(a => a.PlanId == planId && a.Number == n).Select(a => a.Title).SingleOrDefaultAsync(ct);
            parts.Add(title ?? $"领域 {area}");
        }
        if (indicator is not null)
            parts.Add(await db.Indicators.AsNoTracking().Where(i => i.Id == indicator).Select(i => i.Name).SingleAsync(ct));
        if (status is not null)
            parts.Add(status == Assessed ? "已评价" : kind == "milestones" ? EvaluationText.Milestone(status) : EvaluationText.Status(status));
        parts.Add(kind == "milestones" ? "时间节点" : "量化目标");
        return string.Join(" · ", parts);
    }
}
