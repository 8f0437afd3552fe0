using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Dashboard;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Tests.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Dashboard;

/// <summary>
/// The dashboard is a view of the live evaluation: every count, score, index and projection it shows is compared with what
/// GET /api/evaluation (and the explain endpoint) give for the same year, plan, region and method, never with a number typed here.
/// </summary>
public sealed class DashboardTests
{
    private const string Huangdao = "370211";
    private const string Jiaozhou = "370281";

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>City: 40 → 50 (off track against ≥ 80); 黄岛区 40 → 85 (achieved); 胶州市 40 → 60.</summary>
    private static async Task<EvaluationWorld> SeededAsync(DatabaseProvider provider)
    {
        var w = await CreateAsync(provider);
        // The 2025–2027 plan names no units: the plan office assigns the task a lead and a responsible unit.
        var task = (await w.TargetAsync(Enterprises)).TaskId!;
        foreach (var (department, role) in new[] { ("qd-ecology-environment", "lead"), ("qd-industry-it", "responsible") })
            (await w.Admin.PostAsJsonAsync("/api/admin/assignments", new AssignRequest(task, department, role, "驾驶舱测试"), Ct)).EnsureSuccessStatusCode();
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        await w.ReportAsync(Enterprises, 2024, 40, Huangdao);
        await w.ReportAsync(Enterprises, 2026, 85, Huangdao);
        await w.ReportAsync(Enterprises, 2024, 40, Jiaozhou);
        await w.ReportAsync(Enterprises, 2026, 60, Jiaozhou);
        await w.ReportAsync(Pm25, 2024, 30);
        await w.ReportAsync(Pm25, 2025, 29);
        return w;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_dashboard_shows_what_the_live_evaluation_gives_counts_heat_map_map_trends_and_attention(DatabaseProvider provider)
    {
        await using var w = await SeededAsync(provider);
        var target = await w.TargetAsync(Enterprises);
        var d = (await w.Leader.GetFromJsonAsync<DashboardDto>($"/api/dashboard?year=2026&plan={BeautifulCity}&trend={target.IndicatorId}", Ct))!;
        var city = (await w.Leader.GetFromJsonAsync<EvaluationViewDto>($"/api/evaluation?year=2026&planId={BeautifulCity}", Ct))!;

        // Status counts: targets by the method's common status, milestones by theirs, each the evaluation's own.
        Assert.Equal("linear", d.Method);
        Assert.Equal(city.CompositeIndex, d.CompositeIndex);
        Assert.Equal(city.Targets.Count, d.TargetCount);
        foreach (var slice in d.TargetStatuses)
            Assert.Equal(city.Targets.Count(t => t.Results.Single().Status == slice.Status), slice.Count);
        Assert.Equal(d.TargetCount, d.TargetStatuses.Sum(s => s.Count));
        Assert.True(d.TargetStatuses.Single(s => s.Status == "off-track").Count >= 1);
        foreach (var slice in d.MilestoneStatuses)
            Assert.Equal(city.Milestones.Count(m => m.Status == slice.Status), slice.Count);
        Assert.Equal(city.Milestones.Count, d.MilestoneStatuses.Sum(s => s.Count));

        // Heat map: the area node's score in each region; a district without data has none (无数据).
        var areaKey = target.AreaNumber!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var row = d.Heatmap.Rows.ToList().FindIndex(r => r.PlanId == BeautifulCity && r.Area == areaKey);
        Assert.True(row >= 0);
        Assert.Equal(11, d.Heatmap.Columns.Count);
        foreach (var region in new[] { "370200", Huangdao, Jiaozhou })
        {
            var view = (await w.Leader.GetFromJsonAsync<EvaluationViewDto>($"/api/evaluation?year=2026&planId={BeautifulCity}&region={region}", Ct))!;
            var area = view.Plans.Single().Tree.Children.Single(c => c.Id == $"{BeautifulCity}/area-{areaKey}");
            var column = d.Heatmap.Columns.ToList().FindIndex(c => c.Code == region);
            var cell = d.Heatmap.Cells.Single(c => c.Row == row && c.Column == column);
            Assert.NotNull(cell.Score);
            Assert.Equal(area.Score, cell.Score);
            // The map's status index is the district's composite index.
            if (region != "370200")
                Assert.Equal(view.CompositeIndex, d.Map.Districts.Single(x => x.Code == region).Value);
        }
        var laoshan = d.Heatmap.Columns.ToList().FindIndex(c => c.Code == "370212");
        Assert.All(d.Heatmap.Cells.Where(c => c.Column == laoshan), c => Assert.Null(c.Score));
        Assert.Equal("index", d.Map.Metric);
        Assert.Equal(10, d.Map.Districts.Count);
        Assert.Null(d.Map.Districts.Single(x => x.Code == "370212").Value);

        // Trend: the city's approved values, the target, and the engine's projections from the last assessed value.
        var trend = d.Trends.Single(t => t.TargetId == Enterprises);
        Assert.Equal([(2024, 40d), (2026, 50d)], trend.Points.Select(p => (p.Year, p.Value)));
        Assert.Equal((double)target.Value, trend.TargetValue);
        Assert.Equal(target.Year, trend.TargetYear);
        var explain = (await w.Leader.GetFromJsonAsync<TargetExplainDto>($"/api/evaluation/targets/{Enterprises}?year=2026&method=linear", Ct))!;
        var linear = explain.Target.Results.Single();
        Assert.Equal(linear.Projections.Select(p => (p.Method, p.ValueAtTargetYear)), trend.Projections.Select(p => (p.Method, p.ToValue)));
        Assert.All(trend.Projections, p => Assert.Equal((linear.AssessedYear, linear.AssessedValue), (p.FromYear, (double?)p.FromValue)));
        Assert.Contains(d.TrendIndicators, i => i.Id == target.IndicatorId);

        // Attention: the off-track target in the city with its owners by name; the most urgent first.
        var item = d.Attention.Single(a => a.Id == Enterprises && a.RegionCode == "370200");
        Assert.Equal("off-track", item.Status);
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var owners = await db.Responsibilities.Where(r => r.TaskId == target.TaskId)
                .Join(db.Departments, r => r.DepartmentId, x => x.Id, (r, x) => x.Name).ToListAsync(Ct);
            Assert.Equal(2, owners.Count);
            // Names, the lead first.
            Assert.Equal(owners.OrderBy(n => n == item.Owners[0] ? 0 : 1), item.Owners);
            Assert.Equal(await db.Departments.Where(x => x.Id == "qd-ecology-environment").Select(x => x.Name).SingleAsync(Ct), item.Owners[0]);
        }
        Assert.DoesNotContain(d.Attention, a => a.Id == Enterprises && a.RegionCode == Huangdao);
        var severities = d.Attention.Select(a => a.Status is "off-track" or "overdue" ? 0 : 1).ToList();
        Assert.Equal(severities.Order(), severities);
        Assert.All(d.Attention, a => Assert.True(a.Status is "off-track" or "needs-attention" or "overdue", a.Status));

        // Coloured by one indicator: each district's latest approved value, in the indicator's unit.
        var byIndicator = (await w.Leader.GetFromJsonAsync<DashboardDto>($"/api/dashboard?year=2026&plan={BeautifulCity}&mapIndicator={target.IndicatorId}", Ct))!;
        Assert.Equal("indicator", byIndicator.Map.Metric);
        Assert.Equal((85d, 2026), (byIndicator.Map.Districts.Single(x => x.Code == Huangdao).Value!.Value, byIndicator.Map.Districts.Single(x => x.Code == Huangdao).Year!.Value));
        Assert.Equal(60d, byIndicator.Map.Districts.Single(x => x.Code == Jiaozhou).Value);
        Assert.Null(byIndicator.Map.Districts.Single(x => x.Code == "370212").Value);
        Assert.Equal([target.IndicatorId], byIndicator.MapIndicators.Select(i => i.Id));

        // Without a trend choice: the indicators with the most approved city years.
        Assert.Equal(2, byIndicator.SelectedTrendIndicators.Count);

        var bad = await w.Leader.GetAsync("/api/dashboard?method=nonsense&trend=no-such-indicator", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("method", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("indicator", out _));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_drill_down_selects_exactly_the_targets_behind_each_chart_element(DatabaseProvider provider)
    {
        await using var w = await SeededAsync(provider);
        var target = await w.TargetAsync(Enterprises);
        var d = (await w.Leader.GetFromJsonAsync<DashboardDto>($"/api/dashboard?year=2026", Ct))!;
        var city = (await w.Leader.GetFromJsonAsync<EvaluationViewDto>("/api/evaluation?year=2026", Ct))!;

        // Every status slice's URL lists exactly the city's targets with that status.
        foreach (var slice in d.TargetStatuses)
        {
            var drill = (await w.Leader.GetFromJsonAsync<DrillDownDto>("/api" + slice.Url, Ct))!;
            Assert.Equal(city.Targets.Where(t => t.Results.Single().Status == slice.Status).Select(t => t.TargetId).Order(),
                drill.Targets.Select(t => t.TargetId).Order());
            Assert.All(drill.Targets, t => Assert.Equal(slice.Status, t.Status));
        }
        var overdue = (await w.Leader.GetFromJsonAsync<DrillDownDto>("/api" + d.MilestoneStatuses.Single(s => s.Status == "overdue").Url, Ct))!;
        Assert.Equal(city.Milestones.Where(m => m.Status == "overdue").Select(m => m.MilestoneId).Order(), overdue.Milestones.Select(m => m.MilestoneId).Order());

        // A district on the map: its assessed targets, only 黄岛区's.
        var huangdao = (await w.Leader.GetFromJsonAsync<DrillDownDto>("/api" + d.Map.Districts.Single(x => x.Code == Huangdao).Url, Ct))!;
        var only = Assert.Single(huangdao.Targets);
        Assert.Equal((Enterprises, Huangdao, "achieved", 85d), (only.TargetId, only.RegionCode, only.Status, only.LatestValue!.Value));
        Assert.Equal($"/evaluation/targets/{Enterprises}?region={Huangdao}&year=2026", only.ExplainUrl);

        // A heat-map cell: that plan's area in that region.
        var areaKey = target.AreaNumber!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var row = d.Heatmap.Rows.ToList().FindIndex(r => r.PlanId == BeautifulCity && r.Area == areaKey);
        var column = d.Heatmap.Columns.ToList().FindIndex(c => c.Code == Jiaozhou);
        var cell = (await w.Leader.GetFromJsonAsync<DrillDownDto>("/api" + d.Heatmap.Cells.Single(c => c.Row == row && c.Column == column).Url, Ct))!;
        Assert.Equal([Enterprises], cell.Targets.Select(t => t.TargetId));
        var wholeArea = (await w.Leader.GetFromJsonAsync<DrillDownDto>($"/api/dashboard/targets?plan={BeautifulCity}&area={areaKey}&year=2026", Ct))!;
        Assert.Equal(city.Targets.Where(t => t.PlanId == BeautifulCity && t.AreaNumber == target.AreaNumber).Select(t => t.TargetId).Order(),
            wholeArea.Targets.Select(t => t.TargetId).Order());
        var goals = (await w.Leader.GetFromJsonAsync<DrillDownDto>($"/api/dashboard/targets?plan={BeautifulCity}&area=goals&year=2026", Ct))!;
        Assert.Contains(goals.Targets, t => t.TargetId == Pm25);
        Assert.All(goals.Targets, t => Assert.Null(t.AreaNumber));

        // A trend point: the indicator's targets in the city.
        var trend = d.Trends.Single(t => t.TargetId == Pm25);
        var byIndicator = (await w.Leader.GetFromJsonAsync<DrillDownDto>("/api" + trend.Points[0].Url, Ct))!;
        Assert.Equal(city.Targets.Where(t => t.IndicatorId == trend.IndicatorId && t.PlanId == trend.PlanId).Select(t => t.TargetId).Order(),
            byIndicator.Targets.Select(t => t.TargetId).Order());

        // The page lists the same targets with status, latest value, target, owners and the explanation link.
        var html = await w.Leader.GetStringAsync(d.Map.Districts.Single(x => x.Code == Huangdao).Url, Ct);
        var page = await new HtmlParser().ParseDocumentAsync(html);
        var tr = Assert.Single(page.QuerySelectorAll("table.drill-targets tbody tr"));
        Assert.Equal(Enterprises, tr.GetAttribute("data-target"));
        Assert.Equal("已实现", tr.QuerySelector(".badge")!.TextContent);
        Assert.Contains("85（2026）", tr.TextContent, StringComparison.Ordinal);
        Assert.Contains(only.Owners[0], tr.TextContent, StringComparison.Ordinal);
        Assert.Equal(only.ExplainUrl, tr.QuerySelector("a[href^='/evaluation/targets/']")!.GetAttribute("href"));
        Assert.Contains("黄岛区", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        var bad = await w.Leader.GetAsync("/api/dashboard/targets?status=nonsense&area=3", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("plan", out _));
        // Milestones have no indicator.
        var milestonesByIndicator = await w.Leader.GetAsync($"/api/dashboard/targets?kind=milestones&indicator={target.IndicatorId}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, milestonesByIndicator.StatusCode);
    }

    [Fact]
    public async Task The_page_renders_every_chart_with_its_data_its_text_alternative_and_export_marks_and_the_nav_shows_it_to_readers_only()
    {
        await using var w = await SeededAsync(DatabaseProvider.Sqlite);
        var html = await w.Leader.GetStringAsync("/dashboard?year=2026", Ct);
        var page = await new HtmlParser().ParseDocumentAsync(html);
        Assert.Contains(page.QuerySelectorAll("header nav a"), a => a.GetAttribute("href") == "/dashboard" && a.TextContent == "驾驶舱");
        // Each chart draws from its own JSON block, written by the <Chart> component beside it.
        var data = (await w.Leader.GetFromJsonAsync<DashboardDto>("/api/dashboard?year=2026", Ct))!;
        var statuses = JsonSerializer.Deserialize<StatusSliceDto[]>(page.QuerySelector("script#chart-target-status-data[type='application/json']")!.TextContent, WebJson)!;
        Assert.Equal(data.TargetStatuses.ToArray(), statuses);
        Assert.All(page.QuerySelectorAll(".chart"), c => Assert.NotNull(page.GetElementById(c.GetAttribute("data-source")!)));

        // Every chart is marked for export, has an accessible description, and a table beside it.
        var charts = page.QuerySelectorAll(".chart");
        Assert.Equal(4 + data.Trends.Count, charts.Length);
        Assert.All(charts, c => Assert.False(string.IsNullOrEmpty(c.GetAttribute("data-export"))));
        Assert.All(charts, c => Assert.False(string.IsNullOrEmpty(c.GetAttribute("aria-label"))));
        // The map, ECharts and the chart modules come from the static-asset manifest: fingerprinted URLs (served as immutable
        // outside Development, where MapStaticAssets answers no-cache).
        var geo = page.QuerySelector("#chart-map")!.GetAttribute("data-geo")!;
        Assert.Matches(@"^lib/maps/qingdao\.geo\.[a-z0-9]+\.json$", geo);
        var module = page.QuerySelector("script[type=module][data-echarts]")!;
        foreach (var url in new[] { geo, module.GetAttribute("src")!, module.GetAttribute("data-echarts")!, page.QuerySelector("#chart-map")!.GetAttribute("data-module")! })
        {
            using var asset = await w.Leader.GetAsync(url, Ct);
            asset.EnsureSuccessStatusCode();
        }
        foreach (var slice in data.TargetStatuses)
        {
            var link = page.QuerySelector($"table.targets-status tr[data-status='{slice.Status}'] a")!;
            Assert.Equal(slice.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), link.TextContent);
            Assert.Equal(slice.Url, link.GetAttribute("href"));
        }
        Assert.Equal(10, page.QuerySelectorAll("table.dash-districts tbody tr").Length);
        Assert.Contains(page.QuerySelectorAll("table.dash-heat td"), td => td.TextContent.Trim() == "无数据");
        Assert.Equal(data.Attention.Count, page.QuerySelectorAll("table.attention tbody tr").Length);
        Assert.All(page.QuerySelectorAll("table"), t => Assert.False(string.IsNullOrEmpty(t.GetAttribute("data-export"))));
        // The chart module (which adds the exports) is on every page, charts or not; no page has an inline script.
        Assert.Matches(@"^js/charts\.[a-z0-9]+\.js$", module.GetAttribute("src"));
        Assert.All(page.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("src") || s.GetAttribute("type") == "application/json", s.OuterHtml));

        // A department reporter sees no dashboard link and may not open it.
        var department = await w.App.ClientForAsync(Roles.Department, (await w.App.ReportableTargetAsync()).DepartmentId);
        var home = await new HtmlParser().ParseDocumentAsync(await department.GetStringAsync("/reporting", Ct));
        Assert.DoesNotContain(home.QuerySelectorAll("header nav a"), a => a.GetAttribute("href") == "/dashboard");
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync("/api/dashboard", Ct)).StatusCode);
    }
}
