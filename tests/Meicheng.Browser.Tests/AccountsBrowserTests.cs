using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>The security admin (三员分立 on) creates an account, changes its roles, and issues and revokes a token, only through the Chinese pages.</summary>
public sealed class AccountsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_security_admin_creates_an_account_keeps_what_was_typed_after_an_error_and_issues_and_revokes_a_token()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Security:ThreeRoleSeparation", "true");
        app.UseKestrel(0);
        app.StartServer();
        await app.CreateUserAsync("anquan@example.cn", Roles.Security);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync("/account/login?ReturnUrl=%2Fadmin%2Fusers");
        await page.Locator("#email").FillAsync("anquan@example.cn");
        await page.Locator("#password").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/users");

        // Two of the three duties and a weak password: both refused beside their fields, the rest kept.
        await page.Locator("#create-email").FillAsync("li.hua@example.cn");
        await page.Locator("#create-name").FillAsync("李华");
        await page.Locator("#create-password").FillAsync("weak");
        await page.Locator("#create-role-admin").CheckAsync();
        await page.Locator("#create-role-auditor").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "新建账户" }).ClickAsync();
        await Assertions.Expect(page.Locator("#create ~ form .field-error[data-field='password']")).ToContainTextAsync("密码至少 12 位");
        await Assertions.Expect(page.Locator("#create ~ form .field-error[data-field='roles']")).ToContainTextAsync("三员分立");
        await Assertions.Expect(page.Locator("#create-email")).ToHaveValueAsync("li.hua@example.cn");
        await Assertions.Expect(page.Locator("#create-name")).ToHaveValueAsync("李华");
        await Assertions.Expect(page.Locator("#create-role-auditor")).ToBeCheckedAsync();

        await page.Locator("#create-password").FillAsync("Li-Hua-2026-pass");
        await page.Locator("#create-role-auditor").UncheckAsync();
        await page.Locator("#create-role-admin").UncheckAsync();
        await page.Locator("#create-role-department").CheckAsync();
        await page.Locator("#create-department").SelectOptionAsync(new SelectOptionValue { Label = "市住房城乡建设局" });
        await page.GetByRole(AriaRole.Button, new() { Name = "新建账户" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("已新建账户 李华");
        var row = page.Locator("table.users tr", new() { HasText = "li.hua@example.cn" });
        await Assertions.Expect(row).ToContainTextAsync("部门填报人");
        await Assertions.Expect(row).ToContainTextAsync("市住房城乡建设局");

        // Change the roles from the row's link: the form comes filled in.
        await row.GetByRole(AriaRole.Link, new() { Name = "修改" }).ClickAsync();
        await Assertions.Expect(page.Locator("#update-role-department")).ToBeCheckedAsync();
        await page.Locator("#update-role-leader").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("部门填报人、领导");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "admin-users.png"), FullPage = true });

        await page.GotoAsync("/admin/tokens");
        await page.Locator("#token-user").SelectOptionAsync(new SelectOptionValue { Label = "李华（li.hua@example.cn）" });
        // Blank (spaces pass the browser's own "required"): refused beside the field, the chosen account kept.
        await page.Locator("#token-name").FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "签发" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field-error[data-field='name']")).ToContainTextAsync("请填写令牌名称");
        await Assertions.Expect(page.Locator("#token-user option:checked")).ToHaveTextAsync("李华（li.hua@example.cn）");
        await page.Locator("#token-name").FillAsync("住建局数据接口");
        await page.GetByRole(AriaRole.Button, new() { Name = "签发" }).ClickAsync();
        await Assertions.Expect(page.Locator("#issued-token")).ToContainTextAsync("mc_");
        await Assertions.Expect(page.Locator("table.tokens")).ToContainTextAsync("2026-11-22 16:00");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "admin-tokens.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "撤销令牌“住建局数据接口”" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.tokens")).ToContainTextAsync("已于 2026-11-22 16:00 撤销");
        await Assertions.Expect(page.Locator("#issued-token")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }
}
