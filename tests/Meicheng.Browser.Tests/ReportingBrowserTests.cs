using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>A department reporter signs in, reports a value with an evidence file; a reviewer signs in and approves it.</summary>
public sealed class ReportingBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_reporter_reports_a_value_with_evidence_and_a_reviewer_approves_it()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        var target = await app.ReportableTargetAsync();
        await app.CreateUserAsync("reporter@example.cn", Roles.Department, target.DepartmentId);
        await app.CreateUserAsync("reviewer@example.cn", Roles.Reviewer);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ReportingPeriods.Add(new ReportingPeriod
            {
                IndicatorId = target.IndicatorId, Frequency = "annual", Key = "2026", Start = new DateOnly(2026, 1, 1), End = new DateOnly(2026, 12, 31), Due = new DateOnly(2027, 1, 15),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var errors = new List<string>();

        await using (var reporter = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN" }))
        {
            var page = await reporter.NewPageAsync();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            await page.GotoAsync("/reporting");
            await page.WaitForURLAsync("**/account/login?*");
            await page.Locator("#email").FillAsync("reporter@example.cn");
            await page.Locator("#password").FillAsync(TestAccounts.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.WaitForURLAsync("**/reporting");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("数据填报");

            await page.Locator("#targetId").SelectOptionAsync(target.TargetId);
            await page.Locator("#value").FillAsync("42.5 吨");
            await page.Locator("#unit").SelectOptionAsync(target.TargetUnit);
            await page.Locator("#dataSource").FillAsync("部门年度统计台账");
            await page.Locator("#evidence").SetInputFilesAsync(new FilePayload
            {
                Name = "佐证材料.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% evidence\n%%EOF\n"),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "报送" }).ClickAsync();
            // Refused for the value: what was typed stays, and so does the chosen file (held by the server, named beside the field).
            await Assertions.Expect(page.Locator(".field-error")).ToContainTextAsync("不是数字");
            await Assertions.Expect(page.Locator("#value")).ToHaveValueAsync("42.5 吨");
            await Assertions.Expect(page.Locator("#dataSource")).ToHaveValueAsync("部门年度统计台账");
            await Assertions.Expect(page.Locator(".held-evidence")).ToContainTextAsync("佐证材料.pdf");
            await page.Locator("#value").FillAsync("42.5");
            await page.GetByRole(AriaRole.Button, new() { Name = "报送" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已报送");
            var row = page.Locator($"table.observations tr:has(a[href='/targets/{target.TargetId}'])");
            await Assertions.Expect(row.Locator("td.status-submitted")).ToContainTextAsync("已报送");
            await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "佐证材料.pdf" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "reporting-submitted.png"), FullPage = true });
        }

        await using (var reviewer = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN" }))
        {
            var page = await reviewer.NewPageAsync();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            await page.GotoAsync("/account/login?ReturnUrl=%2Freporting%2Freview");
            await page.Locator("#email").FillAsync("reviewer@example.cn");
            await page.Locator("#password").FillAsync(TestAccounts.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.WaitForURLAsync("**/reporting/review");
            var row = page.Locator($"table.observations tr:has(a[href='/targets/{target.TargetId}'])");
            await Assertions.Expect(row.Locator(".value")).ToHaveTextAsync("42.5");
            // The reviewer can open the evidence.
            var download = await page.APIRequest.GetAsync(await row.GetByRole(AriaRole.Link, new() { Name = "佐证材料.pdf" }).GetAttributeAsync("href") ?? "");
            Assert.Equal(200, download.Status);
            Assert.StartsWith("%PDF", Encoding.ASCII.GetString(await download.BodyAsync()), StringComparison.Ordinal);
            await row.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已审核通过");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "reporting-approved.png"), FullPage = true });

            // Approved: the public target page now shows the value.
            await page.GotoAsync($"/targets/{target.TargetId}");
            await Assertions.Expect(page.Locator("table.observations")).ToContainTextAsync("42.5");
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
