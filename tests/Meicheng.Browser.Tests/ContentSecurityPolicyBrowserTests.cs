using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Features.Cases;
using Microsoft.Playwright;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Browser.Tests;

/// <summary>
/// The pages with charts under a strict Content-Security-Policy (no inline script, no inline style, no eval): every chart
/// draws and the browser reports no violation. The header is added here by Playwright to each page the app serves, so the
/// test holds whatever headers the app itself sends.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // The app's own policy, which has no 'unsafe-inline' for scripts or styles.
    private const string Policy = Meicheng.Web.Common.SecurityHeaders.Policy;

    [Fact]
    public async Task The_dashboard_environment_showcase_and_a_case_draw_their_charts_under_script_src_self_without_a_violation()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite, app =>
        {
            app.UseKestrel(0);
            app.StartServer();
        });
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).EnsureSuccessStatusCode();
        var created = await w.Admin.PostAsJsonAsync("/api/admin/cases", new CaseRequest(
            "胶州湾岸线生态修复", null, "拆除养殖围堰 3.2 公里，恢复自然岸线。", null, "370211", "唐岛湾滨海公园", null, 120.1772, 35.9493, ["bc-task-1"], null), Ct);
        created.EnsureSuccessStatusCode();
        var caseId = (await created.Content.ReadFromJsonAsync<AdminCaseDto>(Ct))!.Case.Id;
        (await w.Admin.PostAsync($"/api/admin/cases/{caseId}/publish", null, Ct)).EnsureSuccessStatusCode();
        const string email = "csp-leader@example.cn";
        await w.App.CreateUserAsync(email, Roles.Leader);

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = w.App.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 },
        });
        // A violation is reported to the page as an event (and by Chromium on the console); both end up in errors.
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error('CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
            """);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add($"{page.Url}: {m.Text}"); };
        page.PageError += (_, e) => errors.Add($"{page.Url}: {e}");
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        var policed = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.ResourceType != "document")
            {
                await route.ContinueAsync();
                return;
            }
            var response = await route.FetchAsync(new() { MaxRedirects = 0 });
            var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase) { ["content-security-policy"] = Policy };
            policed.Add(route.Request.Url);
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });

        await page.GotoAsync("/account/login?returnUrl=/dashboard");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await ChartsDrawnAsync(page);
        // A tooltip is drawn too (as rich text: ECharts' HTML tooltip would carry style attributes).
        var pie = page.Locator("#chart-target-status");
        var box = (await pie.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2) + (box.Width * 0.27f), box.Y + (box.Height * 0.45f));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "csp-dashboard.png") });

        foreach (var url in new[] { "/environment", "/showcase", $"/showcase/targets/{Enterprises}", $"/showcase/cases/{caseId}" })
        {
            await page.GotoAsync(url);
            await ChartsDrawnAsync(page);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "csp-case.png") });

        Assert.Contains(policed, u => u.EndsWith($"/showcase/cases/{caseId}", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", Policy, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Every chart on the page is drawn (a canvas in it), scrolled to one by one as a reader would.</summary>
    private static async Task ChartsDrawnAsync(IPage page)
    {
        var charts = page.Locator(".chart");
        var count = await charts.CountAsync();
        Assert.True(count > 0, $"{page.Url} has charts");
        for (var i = 0; i < count; i++)
        {
            await charts.Nth(i).ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(charts.Nth(i)).ToHaveAttributeAsync("data-rendered", "true", new() { Timeout = 30_000 });
            // ECharts draws a canvas; the showcase's sparklines are plain SVG.
            await Assertions.Expect(charts.Nth(i).Locator("canvas, svg").First).ToBeAttachedAsync();
        }
    }
}
