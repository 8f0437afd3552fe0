using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Tests.Projects;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>A department imports its project sheet and reports a month's progress; a reviewer approves it and sees the project on the map.</summary>
public sealed class ProjectsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static async Task SignInAsync(IPage page, string returnUrl, string email)
    {
        await page.GotoAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // Arrived once the redirect commits (as ChineseSiteBrowserTests waits): the "load" event also waits for the page's
        // scripts, which on a 2-core machine running the web tests beside it took longer than the 30 s default.
        await page.WaitForURLAsync($"**{returnUrl}", new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
    }

    [Fact]
    public async Task A_department_imports_projects_reports_progress_and_a_reviewer_approves_it_and_sees_the_map()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        await app.CreateUserAsync("projects@example.cn", Roles.Department, "qd-ecology-environment");
        await app.CreateUserAsync("reviewer@example.cn", Roles.Reviewer);
        var errors = new List<string>();
        var options = new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN" };
        string projectUrl;

        await using (var reporter = await fixture.Browser.NewContextAsync(options))
        {
            var page = await reporter.NewPageAsync();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            await SignInAsync(page, "/projects/import", "projects@example.cn");
            await page.Locator("input[name=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "项目清单.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Buffer = ProjectSheets.Build([[.. ProjectSheets.Row("董家口热电超低排放改造"), "120.1", "35.9"]], [.. ProjectSheets.Headers, "经度", "纬度"]),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("新建 1 个");

            await page.GotoAsync("/projects");
            await page.GetByRole(AriaRole.Link, new() { Name = "董家口热电超低排放改造" }).ClickAsync();
            projectUrl = new Uri(page.Url).AbsolutePath;
            await page.Locator("input[name='Progress.Month']").FillAsync("2026-11");
            await page.Locator("textarea[name='Progress.Narrative']").FillAsync("脱硝设备安装完成");
            await page.Locator("input[name='Progress.Percent']").FillAsync("60");
            await page.Locator("input[name='Progress.ThisMonth']").FillAsync("120");
            await page.Locator("input[name='Progress.ToDate']").FillAsync("600");
            await page.GetByRole(AriaRole.Button, new() { Name = "报送审核" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("进展已报送审核");
        }

        await using (var reviewer = await fixture.Browser.NewContextAsync(options))
        {
            var page = await reviewer.NewPageAsync();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            await SignInAsync(page, projectUrl, "reviewer@example.cn");
            await page.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("审核通过");
            await Assertions.Expect(page.Locator("table.progress")).ToContainTextAsync("已审核通过");

            await page.GotoAsync("/projects");
            var map = page.Locator("#chart-projects");
            await map.ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(page.Locator("#chart-projects[data-rendered=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            // The layer has the project's type as a series, in the Chinese legend, with the one imported project on it.
            var series = await page.EvaluateAsync<string[]>(
                "() => window.echarts.getInstanceByDom(document.getElementById('chart-projects')).getOption().series.map(s => s.name + ':' + s.data.length)");
            Assert.Equal(["大气减排:1"], series);
            await Assertions.Expect(page.Locator("table.project-map-counts")).ToContainTextAsync("在建");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "projects-map.png"), FullPage = true });
        }
        Assert.Empty(errors);
    }
}
