using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>An admin imports a real PRSA file through the upload page; anyone then sees the stations on the map and a station's calendar.</summary>
public sealed class EnvironmentBrowsingTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string PrsaFile(string station)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Meicheng.slnx")))
                return Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "data", "beijing-prsa", $"PRSA_Data_{station}_20130301-20170228.csv"));
        }
        throw new InvalidOperationException("Meicheng.slnx not found");
    }

    [Fact]
    public async Task An_upload_with_a_progress_bar_then_the_stations_map_and_a_station_calendar_render_without_console_errors()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        var email = "env-admin@example.cn";
        await app.CreateUserAsync(email, Roles.Admin);
        var errors = new List<string>();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };

        // The admin signs in and imports one station's four years through the page.
        await page.GotoAsync("/account/login?returnUrl=/environment/imports");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", TestAccounts.Password);
        await page.ClickAsync("form.stack button[type=submit]");
        await page.WaitForURLAsync("**/environment/imports");
        await page.SetInputFilesAsync("input[name=file]", PrsaFile("Aotizhongxin"));
        await page.SelectOptionAsync("select[name=format]", "prsa");
        await page.ClickAsync("#air-import-form button[type=submit]");
        await Assertions.Expect(page.Locator("#import-status")).ToContainTextAsync("已完成", new() { Timeout = 120_000 });
        Assert.Equal(100, await page.EvaluateAsync<int>("document.getElementById('import-progress').value"));
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("写入 35064 行");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "environment-import.png"), FullPage = true });

        // The stations page: the Qingdao map is drawn, the Beijing stations are listed.
        await page.GotoAsync("/environment");
        await Assertions.Expect(page.Locator("#station-map[data-rendered=true] canvas").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("table.stations").First).ToContainTextAsync("市南区东部");
        // Exports (js/exports.js): the map once drawn gets PNG and CSV buttons, the station tables a CSV button.
        await Assertions.Expect(page.Locator("#station-map + .export-buttons button")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "下载 CSV：环境监测站点-青岛市站点", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "environment-stations.png"), FullPage = true });

        // A Beijing station, 2015: the calendar heat map and the lines are drawn, with their tables as text.
        await page.GetByRole(AriaRole.Link, new() { Name = "奥体中心", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/environment/stations/1011A");
        await page.SelectOptionAsync("select[name=year]", "2015");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync("**/environment/stations/1011A?*year=2015*");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        // ECharts draws into one or more canvases (a hover layer comes and goes): at least one must be there.
        await page.Locator("#aqi-calendar").ScrollIntoViewIfNeededAsync(); // charts are drawn when they come into view
        await Assertions.Expect(page.Locator("#aqi-calendar[data-rendered=true] canvas").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#aqi-daily-line").ScrollIntoViewIfNeededAsync(); // charts are drawn when they come into view
        await Assertions.Expect(page.Locator("#aqi-daily-line[data-rendered=true] canvas").First).ToBeVisibleAsync();
        await page.Locator("#aqi-hourly-line").ScrollIntoViewIfNeededAsync(); // charts are drawn when they come into view
        await Assertions.Expect(page.Locator("#aqi-hourly-line[data-rendered=true] canvas").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#aqi-calendar + .export-buttons button")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#aqi-daily-line + .export-buttons button")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#aqi-hourly-line + .export-buttons button")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("h2").First).ToHaveTextAsync("2015 年日空气质量指数");
        await Assertions.Expect(page.Locator("table.levels tbody tr")).ToHaveCountAsync(6);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "environment-station-calendar.png"), FullPage = true });


        // The annual evaluation of Beijing's stations with data: ten statistics, judged against three generations of GB 3095.
        await page.GotoAsync("/environment/air/evaluation?year=2015&region=110000");
        await Assertions.Expect(page.Locator("table.evaluation tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("table.evaluation-stations tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.evaluation tbody tr").First).ToContainTextAsync("SO2 年平均");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "environment-evaluation.png"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
