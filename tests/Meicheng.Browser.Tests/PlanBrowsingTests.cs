using Meicheng.Web.Data;
using Meicheng.Web.Tests;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>A person opens the home page in Chromium and browses to a target of each plan.</summary>
public sealed class PlanBrowsingTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("qingdao-beautiful-city-2025-2027", "打造绿色城市建设发展试点样本", "累计建成绿色建筑面积不低于1.6亿平方米", "1.6", "亿平方米")]
    [InlineData("qingdao-green-city-pilot-2021", "实施城市生态修复工程", "90个自然宜居、层次感丰富的“口袋公园”", "90", "个")]
    public async Task From_the_home_page_to_a_target_and_its_value(string planId, string taskTitle, string clause, string value, string unit)
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        var errors = new List<string>();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("规划即数据");
        // The stylesheet applies (a served file with the wrong Content-Type is silently ignored by the browser).
        Assert.Equal("rgb(11, 110, 79)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.site-header')).backgroundColor"));
        await page.Locator($".plan-card a[href='/plans/{planId}']").ClickAsync();
        await page.WaitForURLAsync($"**/plans/{planId}");
        await page.GetByRole(AriaRole.Link, new() { Name = taskTitle, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(taskTitle);

        var row = page.Locator("table.targets tbody tr").Filter(new() { HasText = unit }).Filter(new() { HasText = value });
        await row.First.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/targets/*");
        await Assertions.Expect(page.Locator("dl.facts .value")).ToHaveTextAsync(value);
        await Assertions.Expect(page.Locator("blockquote.clause")).ToContainTextAsync(clause);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, $"target-{planId}.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Searching_in_chinese_from_the_header_finds_targets_of_both_plans()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Searchbox).First.FillAsync("人均公园绿地面积");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/search?q=*");
        var hits = page.Locator("ul.hits li");
        await Assertions.Expect(hits.Filter(new() { HasText = "15" }).First).ToBeVisibleAsync();
        await Assertions.Expect(hits.Filter(new() { HasText = "13" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "search.png"), FullPage = true });
    }
}
