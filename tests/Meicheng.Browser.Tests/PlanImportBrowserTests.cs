using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Tests.Plans;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>The plan office uploads a plan document, sees its candidates highlighted in the text, accepts, publishes, and finds the plan in /plans.</summary>
public sealed class PlanImportBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
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

        var text = PlanDraftTests.PlanText.Replace("、海滨市环保产业协会", "", StringComparison.Ordinal);
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
