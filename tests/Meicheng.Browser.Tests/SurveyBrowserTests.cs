using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Survey;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Tests.Survey;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>A member of the public answers a published survey in Chromium, without an account, once.</summary>
public sealed class SurveyBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_member_of_the_public_answers_once_and_the_results_count_the_answer()
    {
        // The test clock stands still, so the minimum fill time is switched off here (the web tests check it with the clock).
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Survey:MinFillSeconds", "0");
        app.UseKestrel(0);
        app.StartServer();
        var ct = TestContext.Current.CancellationToken;
        // The plan office builds and publishes the survey through the admin API, signed in over the real socket.
        await app.CreateUserAsync("office@example.cn", Roles.Admin);
        using var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = app.ClientOptions.BaseAddress };
        var login = await admin.GetStringAsync("/account/login", ct);
        var signedIn = await admin.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "office@example.cn", ["password"] = TestAccounts.Password, ["returnUrl"] = "/admin/surveys", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(login),
        }), ct);
        Assert.Equal("/admin/surveys", signedIn.Headers.Location?.OriginalString);
        var survey = await SurveyWorld.PublishedAsync(admin, new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 20));
        var errors = new List<string>();

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync("/survey");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("公众满意度调查");
        await page.GetByRole(AriaRole.Link, new() { Name = survey.Title }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(survey.Title);
        // The questions are fieldsets named by their legends; the radios are reached by their labels.
        var satisfaction = page.GetByRole(AriaRole.Group, new() { Name = "您对青岛市生态文明建设的总体满意程度" });
        await satisfaction.GetByLabel("4", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "近一年您身边的空气质量" }).GetByLabel("明显改善").CheckAsync();
        await page.Locator($"#q{survey.Questions[2].Id}").FillAsync("希望海边步道再延长一些");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "survey-form.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交回答" }).ClickAsync();
        await Assertions.Expect(page.Locator(".survey-thanks h2")).ToHaveTextAsync("感谢参与！");
        await Assertions.Expect(page.Locator("form.survey-form")).ToHaveCountAsync(0);

        // Coming back: told they have answered, no form.
        await page.GotoAsync($"/survey/{survey.Id}");
        await Assertions.Expect(page.Locator(".survey-message")).ToContainTextAsync("您已参与过本次调查");
        await Assertions.Expect(page.Locator("form.survey-form")).ToHaveCountAsync(0);

        // The plan office closes the survey; the public results count the one answer.
        (await admin.PostAsync($"/api/admin/surveys/{survey.Id}/close", null, ct)).EnsureSuccessStatusCode();
        await page.GotoAsync($"/survey/{survey.Id}/results");
        await Assertions.Expect(page.Locator(".survey-stats .n")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator(".survey-stats .share")).ToHaveTextAsync("100.0%");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "survey-results.png"), FullPage = true });
        var results = await admin.GetFromJsonAsync<SurveyResultsDto>($"/api/admin/surveys/{survey.Id}/results", ct);
        Assert.Equal(["希望海边步道再延长一些"], results!.Questions[2].TextAnswers);

        Assert.Empty(errors);
    }
}
