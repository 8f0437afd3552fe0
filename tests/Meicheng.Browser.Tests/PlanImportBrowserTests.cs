using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>The plan office uploads a plan document, sees its candidates highlighted in the text, accepts, publishes, and finds the plan in /plans.</summary>
public sealed class PlanImportBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // A short plan in the genre, for a city whose plans Meicheng does not hold (the web tests' PlanDraftTests use the same).
    private const string PlanText = """
        海滨市美丽城市建设实施方案
        （2025—2027年）

        一、总体要求
        坚持生态优先、绿色发展，全面推进美丽海滨建设。
        二、工作目标
        到2027年，细颗粒物（PM2.5）年均浓度控制在22微克/立方米以下，空气质量优良天数比例达到90%以上，城市生活污水集中收集率达到75%以上。
        三、重点任务
        （一）持续改善空气质量
        1.推进工业污染深度治理。2026年底前完成钢铁行业超低排放改造。到2027年，完成50家企业挥发性有机物深度治理。（牵头单位：市生态环境局；配合单位：市工业和信息化局）
        （二）建设美丽河湖
        2.提升污水收集处理能力。新建污水管网200公里，到2027年，城市建成区黑臭水体保持动态清零。（牵头单位：市水务管理局）
        """;

    [Fact]
    public async Task A_plan_document_is_uploaded_reviewed_beside_its_text_and_published()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        await app.CreateUserAsync("office@example.cn", Roles.Admin);
        var errors = new List<string>();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync("/admin/plans/import");
        await page.WaitForURLAsync("**/account/login?*");
        await page.Locator("#email").FillAsync("office@example.cn");
        await page.Locator("#password").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/plans/import");

        const string text = PlanText;
        await page.Locator("#plan-file").SetInputFilesAsync(new FilePayload { Name = "海滨市美丽城市建设实施方案.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(text) });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并读取" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/plans/import/*");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("海滨市美丽城市建设实施方案");

        // Each candidate is highlighted where it stands in the text, and the draft item links to it.
        var pm25 = page.Locator("article[data-kind='target']").Filter(new() { HasText = "PM2.5" });
        await Assertions.Expect(page.Locator("#plan-source mark.src-mark").First).ToBeVisibleAsync();
        var anchor = await pm25.GetByRole(AriaRole.Link, new() { Name = "原文位置" }).GetAttributeAsync("href");
        await Assertions.Expect(page.Locator($"#plan-source {anchor} + mark")).ToContainTextAsync("22微克/立方米");

        // Selecting text in the source fills the add form with the clause and its offsets (the script; CSP allows it).
        const string missed = "新建污水管网200公里";
        await page.EvaluateAsync("""
            clause => {
              const source = document.getElementById('plan-source');
              const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const i = walker.currentNode.data.indexOf(clause);
                if (i < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, i);
                range.setEnd(walker.currentNode, i + clause.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                source.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
                return;
              }
            }
            """, missed);
        await Assertions.Expect(page.Locator("#add-clause")).ToHaveValueAsync(missed);
        await Assertions.Expect(page.Locator("#add-start")).ToHaveValueAsync(text.IndexOf(missed, StringComparison.Ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await pm25.GetByRole(AriaRole.Button, new() { Name = "接受" }).ClickAsync();
        await Assertions.Expect(page.Locator("article[data-kind='target']").Filter(new() { HasText = "PM2.5" }).Locator(".badge").First).ToHaveTextAsync("已接受");
        await page.Locator("#publish").ClickAsync();
        await page.WaitForURLAsync("**/plans/imported-plan-*");
        await page.GotoAsync("/plans");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "海滨市美丽城市建设实施方案" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "plan-import.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
