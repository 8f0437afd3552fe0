using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Tests.Cases;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>The plan office writes a typical case with a photo through the admin pages and publishes it; the public reads it in Chinese and English.</summary>
public sealed class CasesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_publishes_a_case_with_a_photo_and_the_public_page_shows_it_in_chinese_and_english()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        await app.CreateUserAsync("office@example.cn", Roles.Admin);
        var errors = new List<string>();
        var options = new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } };
        string caseUrl;

        await using (var office = await fixture.Browser.NewContextAsync(options))
        {
            var page = await office.NewPageAsync();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            await page.GotoAsync("/account/login?ReturnUrl=%2Fadmin%2Fcases");
            await page.Locator("#email").FillAsync("office@example.cn");
            await page.Locator("#password").FillAsync(TestAccounts.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/cases");
            await page.GetByRole(AriaRole.Link, new() { Name = "新建案例" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/cases/new");

            await page.Locator("#title").FillAsync("唐岛湾滨海岸线生态修复");
            await page.Locator("#titleEn").FillAsync("Restoring the Tangdao Bay shoreline");
            await page.Locator("#narrative").FillAsync("拆除养殖围堰 3.2 公里，恢复自然岸线与滩涂湿地。\n修复后的岸线向市民开放，成为滨海步道的一段。");
            await page.Locator("#districtCode").SelectOptionAsync("370211");
            await page.Locator("#placeName").FillAsync("唐岛湾滨海公园");
            await page.Locator("#placeNameEn").FillAsync("Tangdao Bay Coastal Park");
            await page.Locator("#longitude").FillAsync("120.1772");
            await page.Locator("#latitude").FillAsync("35.9493");
            await page.Locator("#taskIds").SelectOptionAsync("bc-task-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存（未发布）" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已保存（未发布）");
            var path = new Uri(page.Url).AbsolutePath;
            caseUrl = "/showcase/cases/" + path["/admin/cases/".Length..];

            await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "唐岛湾.png", MimeType = "image/png", Buffer = CaseImages.Make(SkiaSharp.SKEncodedImageFormat.Png, 480, 300) });
            await page.Locator("#altText").FillAsync("修复后的唐岛湾岸线，滩涂上有市民散步");
            await page.Locator("#altTextEn").FillAsync("The restored Tangdao Bay shoreline with people walking on the mudflat");
            await page.Locator("#caption").FillAsync("2026 年 5 月，修复完成后的岸线");
            await page.GetByRole(AriaRole.Button, new() { Name = "上传照片" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已添加照片");
            await Assertions.Expect(page.Locator(".case-admin-photos img")).ToHaveAttributeAsync("alt", "修复后的唐岛湾岸线，滩涂上有市民散步");

            await page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已发布");
        }

        await using (var reader = await fixture.Browser.NewContextAsync(options))
        {
            var page = await reader.NewPageAsync();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            await page.GotoAsync("/showcase/cases");
            await page.GetByRole(AriaRole.Link, new() { Name = "唐岛湾滨海岸线生态修复" }).ClickAsync();
            await page.WaitForURLAsync("**" + caseUrl);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("唐岛湾滨海岸线生态修复");
            var photo = page.GetByRole(AriaRole.Img, new() { Name = "修复后的唐岛湾岸线，滩涂上有市民散步" });
            await Assertions.Expect(photo).ToBeVisibleAsync();
            Assert.True(await photo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") == 480, "the photo loads");
            await Assertions.Expect(page.Locator(".case-photos figcaption")).ToHaveTextAsync("2026 年 5 月，修复完成后的岸线");
            await Assertions.Expect(page.Locator(".case-location")).ToContainTextAsync("黄岛区");
            await Assertions.Expect(page.Locator("#case-map")).ToHaveAttributeAsync("data-rendered", "true");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "深化国家碳达峰城市试点建设" })).ToHaveAttributeAsync("href", "/plans/qingdao-beautiful-city-2025-2027/tasks/1");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "case-page.png"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
            await page.WaitForURLAsync("**/en" + caseUrl);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Restoring the Tangdao Bay shoreline");
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "The restored Tangdao Bay shoreline with people walking on the mudflat" })).ToBeVisibleAsync();
            // No English caption was written: the Chinese one shows, marked as Chinese.
            await Assertions.Expect(page.Locator(".case-photos figcaption")).ToHaveAttributeAsync("lang", "zh-CN");
            await Assertions.Expect(page.Locator("#case-map")).ToHaveAttributeAsync("data-rendered", "true");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "case-page-en.png"), FullPage = true });

            await page.GotoAsync("/showcase/open-data");
            await Assertions.Expect(page.Locator("table.open-data tbody tr").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "open-data.png"), FullPage = false });
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
