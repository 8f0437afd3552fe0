using System.Text;
using System.Text.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>
/// A leader opens the dashboard in Chromium: every chart is drawn, the district map is coloured, a click on a district and
/// a click on a status slice land on the targets behind them, and a chart and a table export as PNG and CSV.
/// </summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>≥ 80 家 A级绩效企业 by 2027 (task 9 of the 2025–2027 plan).</summary>
    private const string Enterprises = "bc-t09-performance-ab-enterprises";

    /// <summary>PM2.5 ≤ 28 微克/立方米 by 2027, a city-wide goal.</summary>
    private const string Pm25 = "bc-goal-pm25-2027";

    private const string City = "370200";
    private const string Pingdu = "370283";
    private const string Huangdao = "370211";

    private sealed record Point(float X, float Y);

    [Fact]
    public async Task A_leader_sees_every_chart_drills_down_from_the_map_and_a_status_slice_and_exports_png_and_csv()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        // Approved values in the city and in two districts, so the heat map and the map have colour.
        await SeedAsync(app, Enterprises, City, 2024, 40);
        await SeedAsync(app, Enterprises, City, 2026, 50);
        await SeedAsync(app, Enterprises, Pingdu, 2024, 40);
        await SeedAsync(app, Enterprises, Pingdu, 2026, 85);
        await SeedAsync(app, Enterprises, Huangdao, 2024, 40);
        await SeedAsync(app, Enterprises, Huangdao, 2026, 60);
        await SeedAsync(app, Pm25, City, 2024, 30);
        await SeedAsync(app, Pm25, City, 2025, 29);
        const string email = "leader@example.cn";
        await app.CreateUserAsync(email, Roles.Leader);

        var errors = new List<string>();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };

        await page.GotoAsync("/account/login?returnUrl=/dashboard");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("header nav a[href='/dashboard']")).ToHaveTextAsync("驾驶舱");

        // Every chart is drawn as it scrolls into view: an ECharts instance with series on each container, the map once its
        // GeoJSON has loaded.
        var charts = page.Locator(".chart");
        var count = await charts.CountAsync();
        Assert.True(count >= 6, $"{count} charts");
        foreach (var chart in await charts.AllAsync())
            await chart.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator(".chart[data-rendered=true]")).ToHaveCountAsync(count, new() { Timeout = 30_000 });
        var series = await page.EvaluateAsync<int[]>(
            "Array.from(document.querySelectorAll('.chart')).map(el => { const c = echarts.getInstanceByDom(el); return c ? c.getOption().series.length : 0; })");
        Assert.All(series, n => Assert.True(n > 0));
        foreach (var chart in await charts.AllAsync())
            await Assertions.Expect(chart.Locator("canvas").First).ToBeVisibleAsync();
        // The map: ten districts, 平度市 and 黄岛区 coloured by their index, the others without data.
        var map = await page.EvaluateAsync<JsonElement>(
            "(() => { const o = echarts.getInstanceByDom(document.getElementById('chart-map')).getOption().series[0]; return { type: o.type, data: o.data.map(d => ({ code: d.name, value: d.raw })) }; })()");
        Assert.Equal("map", map.GetProperty("type").GetString());
        var districts = map.GetProperty("data").EnumerateArray().ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("value"));
        Assert.Equal(10, districts.Count);
        Assert.Equal(JsonValueKind.Number, districts[Pingdu].ValueKind);
        Assert.Equal(JsonValueKind.Number, districts[Huangdao].ValueKind);
        Assert.Equal(JsonValueKind.Null, districts["370212"].ValueKind);
        // The heat map has scored cells.
        Assert.True(await page.EvaluateAsync<int>("echarts.getInstanceByDom(document.getElementById('chart-heatmap')).getOption().series[0].data.length") >= 3);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "dashboard.png"), FullPage = true });

        // Exports: the status chart as PNG and CSV, the status table as CSV.
        var png = await DownloadAsync(page, "下载图片 PNG：驾驶舱-目标状态");
        Assert.Equal("驾驶舱-目标状态.png", png.Name);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png.Bytes[..8]);
        var chartCsv = await DownloadAsync(page, "下载数据 CSV：驾驶舱-目标状态");
        Assert.Equal("驾驶舱-目标状态.csv", chartCsv.Name);
        var chartLines = Csv(chartCsv.Bytes);
        Assert.Equal("系列,名称,数值", chartLines[0]);
        Assert.Contains(chartLines, l => l.StartsWith("量化目标,进度滞后,", StringComparison.Ordinal));
        var tableCsv = await DownloadAsync(page, "下载 CSV：驾驶舱-目标状态");
        var tableLines = Csv(tableCsv.Bytes);
        Assert.Equal("状态,目标数", tableLines[0]);
        Assert.Equal(7, tableLines.Length);
        var offTrack = await page.Locator("table.targets-status tr[data-status='off-track'] td.num").InnerTextAsync();
        Assert.Contains($"进度滞后,{offTrack}", tableLines);
        Assert.Contains($"量化目标,进度滞后,{offTrack}", chartLines);

        // A real mouse click on 平度市, at the pixel ECharts computes for the district's centre.
        var pingdu = await PixelAsync(page, "chart-map", $"echarts.getInstanceByDom(el).convertToPixel({{ seriesIndex: 0 }}, '{Pingdu}')");
        await page.Mouse.ClickAsync(pingdu.X, pingdu.Y);
        await page.WaitForURLAsync($"**/dashboard/targets?*region={Pingdu}*");
        var rows = page.Locator("table.drill-targets tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-target", Enterprises);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-region", Pingdu);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("平度市");

        // Back on the dashboard, a click on the 进度滞后 slice of the status chart.
        // (The browser restores the scroll position, by the map: the status chart is drawn once it is back in view.)
        await page.GoBackAsync();
        await page.Locator("#chart-target-status").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("#chart-target-status[data-rendered=true]")).ToHaveCountAsync(1);
        var slice = await PixelAsync(page, "chart-target-status", """
            (() => {
              const c = echarts.getInstanceByDom(el);
              const data = c.getModel().getSeriesByIndex(0).getData();
              let idx = -1;
              for (let i = 0; i < data.count(); i++) if (data.getRawDataItem(i).status === 'off-track') idx = i;
              const l = data.getItemLayout(idx);
              const a = (l.startAngle + l.endAngle) / 2, r = (l.r0 + l.r) / 2;
              return [l.cx + r * Math.cos(a), l.cy + r * Math.sin(a)];
            })()
            """);
        await page.Mouse.ClickAsync(slice.X, slice.Y);
        await page.WaitForURLAsync("**/dashboard/targets?status=off-track*");
        var offTrackRows = page.Locator("table.drill-targets tbody tr");
        await Assertions.Expect(offTrackRows).ToHaveCountAsync(int.Parse(offTrack, System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"table.drill-targets tr[data-target='{Enterprises}'] .badge")).ToHaveTextAsync("进度滞后");
        foreach (var row in await offTrackRows.AllAsync())
            Assert.Equal("off-track", await row.GetAttributeAsync("data-status"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "dashboard-drilldown.png"), FullPage = true });

        // A page without charts or tables: the exports script is there and does nothing, without an error.
        await page.GotoAsync("/account/denied");
        Assert.Equal(0, await page.Locator(".export-buttons").CountAsync());

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_leader_picks_trend_indicators_by_name_the_choice_stays_in_the_url_and_the_map_hides_overlapping_labels()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        await SeedAsync(app, Enterprises, City, 2024, 40);
        await SeedAsync(app, Enterprises, City, 2026, 50);
        await SeedAsync(app, Pm25, City, 2024, 30);
        await SeedAsync(app, Pm25, City, 2025, 29);
        const string email = "leader@example.cn";
        await app.CreateUserAsync(email, Roles.Leader);
        var errors = new List<string>();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync("/account/login?returnUrl=/dashboard");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");

        // No wall of checkboxes: the chosen indicators by name, and a search.
        await page.GotoAsync("/dashboard?year=2026&trend=pm25-annual-mean");
        var picker = page.Locator("fieldset.trend-pick");
        Assert.Equal(0, await page.Locator("form.filters input[type=checkbox]").CountAsync());
        await Assertions.Expect(picker.Locator(".trend-chosen li")).ToHaveCountAsync(1);
        await Assertions.Expect(picker.Locator(".trend-chosen li")).ToContainTextAsync("细颗粒物（PM2.5）浓度");

        await picker.GetByLabel("按名称查找指标").FillAsync("绩效");
        await picker.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard?*q=*");
        var add = picker.GetByRole(AriaRole.Link, new() { Name = "添加 环保绩效A、B级及绩效引领企业数量" });
        await Assertions.Expect(add).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "dashboard-picker.png") });
        await add.ClickAsync();
        await page.WaitForURLAsync("**/dashboard?*trend=env-performance-grade-ab-enterprises*");
        Assert.Contains("trend=pm25-annual-mean", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(picker.Locator(".trend-chosen li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"figure.dash-trend[data-target='{Enterprises}']")).ToHaveCountAsync(1);
        // A reload keeps the choice: it is the URL.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"figure.dash-trend[data-target='{Enterprises}']")).ToHaveCountAsync(1);

        await picker.GetByRole(AriaRole.Link, new() { Name = "移除 细颗粒物（PM2.5）浓度" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("trend=pm25-annual-mean", StringComparison.Ordinal));
        await Assertions.Expect(picker.Locator(".trend-chosen li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"figure.dash-trend[data-target='{Pm25}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"figure.dash-trend[data-target='{Enterprises}']")).ToHaveCountAsync(1);

        // The district map: smaller labels, none drawn over another, and the three small urban districts named on hover only.
        await page.Locator("#chart-map").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("#chart-map[data-rendered=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>(
            "(() => { const s = echarts.getInstanceByDom(document.getElementById('chart-map')).getOption().series[0]; return s.labelLayout.hideOverlap === true && s.label.fontSize <= 10; })()"));
        Assert.Equal(["370202", "370203", "370213"], await page.EvaluateAsync<string[]>(
            "echarts.getInstanceByDom(document.getElementById('chart-map')).getOption().series[0].data.filter(d => d.label && d.label.show === false).map(d => d.name).sort()"));
        // The labels drawn do not overlap: their boxes, as ECharts laid them out, are disjoint.
        Assert.Equal(0, await page.EvaluateAsync<int>("""
            (() => {
              const chart = echarts.getInstanceByDom(document.getElementById('chart-map'));
              const boxes = [];
              chart.getZr().storage.getDisplayList().forEach((el) => {
                const label = el.getTextContent && el.getTextContent();
                if (label && !label.ignore && !label.invisible && label.style && label.style.text) {
                  const r = label.getBoundingRect().clone();
                  r.applyTransform(label.getComputedTransform());
                  boxes.push(r);
                }
              });
              let overlaps = 0;
              for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (boxes[i].intersect(boxes[j])) overlaps++;
              return boxes.length >= 5 ? overlaps : -1;
            })()
            """));
        await page.Locator("#chart-map").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "dashboard-map.png") });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Exports_speak_english_on_english_pages_and_a_category_chart_exports_one_column_per_series()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        var errors = new List<string>();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "en-GB", AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);

        // A real English page first (same origin), then a page of our own with a chart and a table, in English, served
        // at a path of the same origin by the browser itself: the app's pages carry a CSP that refuses the inline script
        // this page needs to draw a chart by hand, and SetContent would keep that CSP.
        await page.GotoAsync("/en/showcase");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await page.RouteAsync("**/test-only/exports", route => route.FulfillAsync(new() { ContentType = "text/html; charset=utf-8", Body = ExportsPage }));
        await page.GotoAsync("/test-only/exports");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Download image (PNG): district-scores", Exact = true })).ToBeVisibleAsync();
        var csv = await DownloadAsync(page, "Download data (CSV): district-scores");
        Assert.Equal("district-scores.csv", csv.Name);
        Assert.Equal(["Year,A,B", "2024,1,3", "2025,2,4"], Csv(csv.Bytes));
        var table = await DownloadAsync(page, "Download CSV: plain-table");
        Assert.Equal("plain-table.csv", table.Name);
        // RFC 4180 quoting; text that a spreadsheet would run as a formula is defused, a number is left alone.
        Assert.Equal(["District,Note", "市南区,\"'=1+1, \"\"quoted\"\"\"", "黄岛区,-3"], Csv(table.Bytes));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private const string ExportsPage = """
            <!DOCTYPE html><html lang="en"><head><script type="module" src="/js/charts.js"></script></head><body>
            <div id="c" class="chart" data-export="district scores" style="width:600px;height:300px"></div>
            <table data-export="plain/table"><thead><tr><th>District</th><th>Note</th></tr></thead>
              <tbody><tr><td>市南区</td><td>=1+1, "quoted"</td></tr><tr><td>黄岛区</td><td>-3</td></tr></tbody></table>
            <script src="/lib/echarts/echarts.min.js"></script>
            <script>
              document.addEventListener('DOMContentLoaded', () => {
                const el = document.getElementById('c');
                echarts.init(el).setOption({ xAxis: { type: 'category', name: 'Year', data: ['2024', '2025'] }, yAxis: { type: 'value' },
                  series: [{ type: 'bar', name: 'A', data: [1, 2] }, { type: 'line', name: 'B', data: [{ value: 3 }, 4] }] });
                el.dataset.rendered = 'true';
              });
            </script></body></html>
            """;

    /// <summary>An approved annual value in the target's unit, as the reporting workflow leaves it after review.</summary>
    private static async Task SeedAsync(MeichengApp app, string targetId, string region, int year, decimal value)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var target = await db.Targets.Include(t => t.Indicator).SingleAsync(t => t.Id == targetId, ct);
        Assert.Equal(target.Unit, target.Indicator!.Unit);
        var key = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var period = await db.ReportingPeriods.SingleOrDefaultAsync(p => p.IndicatorId == target.IndicatorId && p.Key == key, ct);
        if (period is null)
        {
            period = new ReportingPeriod
            {
                IndicatorId = target.IndicatorId, Frequency = "annual", Key = key, Start = new DateOnly(year, 1, 1), End = new DateOnly(year, 12, 31), Due = new DateOnly(year + 1, 1, 15),
            };
            db.ReportingPeriods.Add(period);
            await db.SaveChangesAsync(ct);
        }
        var at = app.Clock.GetUtcNow();
        db.Observations.Add(new Observation
        {
            TargetId = targetId, IndicatorId = target.IndicatorId, Value = value, EnteredValue = value, EnteredUnit = target.Unit, DataSource = "测试数据",
            PeriodId = period.Id, RegionCode = region, Status = ReportStatus.Approved, Locked = true, CreatedBy = "seed", CreatedAt = at,
            SubmittedBy = "seed", SubmittedAt = at, ReviewedBy = "seed", ReviewedAt = at,
        });
        await db.SaveChangesAsync(ct);
    }

    private static async Task<(string Name, byte[] Bytes)> DownloadAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(path));
    }

    /// <summary>The CSV's lines after checking the UTF-8 byte order mark Excel needs.</summary>
    private static string[] Csv(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A chart-relative pixel (from ECharts) as a page coordinate, after scrolling the chart into view.</summary>
    private static async Task<Point> PixelAsync(IPage page, string chartId, string expression)
    {
        var xy = await page.EvaluateAsync<double[]>($$"""
            (() => {
              const el = document.getElementById('{{chartId}}');
              el.scrollIntoView({ block: 'center' });
              const p = {{expression}};
              const box = el.getBoundingClientRect();
              return [box.left + p[0], box.top + p[1]];
            })()
            """);
        return new Point((float)xy[0], (float)xy[1]);
    }
}
