using System.Net;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Evaluation;
using Microsoft.Playwright;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Browser.Tests;

/// <summary>The public showcase in Chromium: both languages, charts, no console errors, axe-core WCAG checks and the keyboard.</summary>
public sealed class ShowcaseBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>An app on a real socket with two approved values of one target and a published annual round.</summary>
    private static async Task<EvaluationWorld> PublishedAsync()
    {
        var w = await CreateAsync(DatabaseProvider.Sqlite, app =>
        {
            app.UseKestrel(0);
            app.StartServer();
        });
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).EnsureSuccessStatusCode();
        return w;
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(MeichengApp app)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        return (context, page, errors);
    }

    [Fact]
    public async Task The_showcase_home_is_a_summary_per_area_in_chinese_and_in_english_with_statuses_and_sparklines()
    {
        await using var w = await PublishedAsync();
        var (context, page, errors) = await OpenAsync(w.App);
        await using var _ = context;

        await page.GotoAsync("/showcase");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("美丽青岛建设成果");
        await Assertions.Expect(page.Locator("h2").First).ToHaveTextAsync("两个规划");
        // The target's area card: its published status among the counts, and the target among the headlines with its sparkline.
        var card = page.Locator(".area-card").Filter(new() { Has = page.Locator($"a[href='/showcase/targets/{Enterprises}']") });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".status-counts")).ToContainTextAsync("进度滞后");
        var headline = card.Locator(".headline-targets li").Filter(new() { Has = page.Locator($"a[href='/showcase/targets/{Enterprises}']") });
        await Assertions.Expect(headline.Locator(".status")).ToContainTextAsync("进度滞后");
        await Assertions.Expect(headline).ToContainTextAsync("50 家");
        var spark = headline.Locator("div.chart.spark");
        await spark.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(headline.Locator("div.chart.spark[data-rendered='true'] svg circle")).ToHaveCountAsync(2);
        // Export buttons per section (one CSV under each plan's table), none per row or per chart.
        await Assertions.Expect(page.Locator("button.export-button")).ToHaveCountAsync(await page.Locator("section.showcase-plan").CountAsync());
        Assert.Equal(0, await page.Locator(".area-card button").CountAsync());
        Assert.Equal("rgb(11, 110, 79)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.site-header')).backgroundColor"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "showcase-zh.png"), FullPage = true });

        await page.Locator("a.lang-switch").ClickAsync();
        await page.WaitForURLAsync("**/en/showcase");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Beautiful Qingdao: results");
        await Assertions.Expect(page.Locator("h2").First).ToHaveTextAsync("The two plans");
        headline = page.Locator(".headline-targets li").Filter(new() { Has = page.Locator($"a[href='/en/showcase/targets/{Enterprises}']") });
        await Assertions.Expect(headline.Locator(".status")).ToContainTextAsync("Off track");
        await headline.Locator("div.chart.spark").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(headline.Locator("div.chart.spark[data-rendered='true'] svg")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "showcase-en.png"), FullPage = true });
        await Assertions.Expect(page.Locator("a.lang-switch")).ToHaveAttributeAsync("href", "/showcase");

        // The target page has the details: the chart with its target line, the table beside it.
        await headline.Locator("a.headline-name").ClickAsync();
        await page.WaitForURLAsync($"**/en/showcase/targets/{Enterprises}");
        var trend = page.Locator("div.chart.trend");
        await trend.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("div.chart.trend[data-rendered='true'] canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.series tbody tr")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "showcase-target-en.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Charts_are_drawn_only_when_scrolled_into_view_and_the_home_never_loads_echarts()
    {
        await using var w = await PublishedAsync();
        var (context, page, errors) = await OpenAsync(w.App);
        await using var _ = context;
        // A short window, so the area cards start well below it.
        await page.SetViewportSizeAsync(1280, 400);
        await page.GotoAsync("/showcase", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var spark = page.Locator($"#spark-{Enterprises}");
        Assert.True(await page.EvaluateAsync<bool>($"document.getElementById('spark-{Enterprises}').getBoundingClientRect().top > innerHeight + 200"),
            "The sparkline starts out of view.");
        // Loaded and idle, the page has not drawn the chart nobody has scrolled to.
        await page.WaitForTimeoutAsync(500);
        Assert.Null(await spark.GetAttributeAsync("data-rendered"));
        Assert.Equal(0, await spark.Locator("svg").CountAsync());

        await spark.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator($"#spark-{Enterprises}[data-rendered='true'] svg polyline")).ToHaveCountAsync(1);
        // Sparklines are SVG: the home page never fetched the chart library.
        Assert.True(await page.EvaluateAsync<bool>("typeof window.echarts === 'undefined'"));
        Assert.Equal(0, await page.EvaluateAsync<int>("performance.getEntriesByType('resource').filter(r => r.name.includes('echarts')).length"));

        // The target page's large chart (ECharts) likewise waits for the scroll.
        await page.GotoAsync($"/showcase/targets/{Enterprises}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var trend = page.Locator("div.chart.trend");
        if (await page.EvaluateAsync<bool>("document.querySelector('div.chart.trend').getBoundingClientRect().top > innerHeight + 200"))
            Assert.Null(await trend.GetAttributeAsync("data-rendered"));
        await trend.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("div.chart.trend[data-rendered='true'] canvas")).ToBeVisibleAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task On_a_phone_no_showcase_page_scrolls_sideways()
    {
        await using var w = await PublishedAsync();
        var (context, page, errors) = await OpenAsync(w.App);
        await using var _ = context;
        await page.SetViewportSizeAsync(390, 844);
        string[] pages =
        [
            "/showcase", "/en/showcase", $"/showcase/areas/{BeautifulCity}/1", $"/en/showcase/areas/{BeautifulCity}/1",
            $"/showcase/targets/{Enterprises}", $"/en/showcase/targets/{Enterprises}", "/showcase/methods", "/en/showcase/methods",
        ];
        var wide = new List<string>();
        foreach (var url in pages)
        {
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (width > 390)
                wide.Add($"{url}: {width} px");
        }
        await page.GotoAsync("/showcase");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "showcase-phone.png") });
        Assert.True(wide.Count == 0, string.Join("\n", wide));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_public_pages_have_no_WCAG_2_A_or_AA_violations_by_axe_core()
    {
        await using var w = await PublishedAsync();
        var (context, page, errors) = await OpenAsync(w.App);
        await using var _ = context;
        string[] pages =
        [
            "/showcase", "/en/showcase", $"/showcase/targets/{Enterprises}", $"/en/showcase/targets/{Enterprises}", "/showcase/methods",
            "/en/showcase/methods", $"/showcase/areas/{BeautifulCity}/1", "/", "/plans", $"/plans/{BeautifulCity}", $"/plans/{BeautifulCity}/tasks/9",
            $"/targets/{Enterprises}", "/indicators", "/environment",
        ];
        var options = new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };
        var violations = new List<string>();
        foreach (var url in pages)
        {
            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal((int)HttpStatusCode.OK, response!.Status);
            var result = await page.RunAxe(options);
            violations.AddRange(result.Violations.Select(v =>
                $"{url}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_keyboard_reaches_the_skip_link_first_then_the_navigation_and_the_skip_link_jumps_to_the_content()
    {
        await using var w = await PublishedAsync();
        var (context, page, _) = await OpenAsync(w.App);
        await using var __ = context;
        await page.GotoAsync("/showcase");

        async Task<string> TabAsync()
        {
            await page.Keyboard.PressAsync("Tab");
            return await page.EvaluateAsync<string>("document.activeElement.getAttribute('href') + ' ' + document.activeElement.textContent.trim()");
        }

        Assert.Equal("/showcase#main 跳到正文", await TabAsync());
        // Focused, the skip link is on screen.
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.getBoundingClientRect().left >= 0"));
        string[] expected = ["/showcase", "/showcase", "/showcase/cases", "/showcase/projects", "/showcase/open-data", "/survey", "/showcase/methods", "/en/showcase"];
        var reached = new List<string>();
        foreach (var _ in expected)
            reached.Add((await TabAsync()).Split(' ')[0]);
        Assert.Equal(expected, reached);

        await page.GotoAsync("/showcase");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/showcase#main");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.closest('main') !== null"), "After the skip link, Tab goes into the main content.");
    }
}
