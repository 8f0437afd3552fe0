using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Meicheng.Web.Data;
using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Tests.Accounts;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Evaluation;

/// <summary>The evaluation pages, read as HTML: the overview and explain pages are public; rounds and the health check are for staff.</summary>
public sealed class EvaluationPagesTests
{
    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_overview_shows_status_per_area_and_task_and_the_explain_page_shows_inputs_and_steps()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        var baseline = await w.ReportAsync(Enterprises, 2024, 40);
        var latest = await w.ReportAsync(Enterprises, 2026, 50);
        var leader = w.Leader;

        var page = await PageAsync(leader, $"/evaluation?year=2026&planId={BeautifulCity}");
        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("规划实施评价", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var tree = page.QuerySelector($"table.plan-tree[data-plan='{BeautifulCity}']")!;
        Assert.Contains(tree.QuerySelectorAll("tr.sub td:first-child"), td => td.TextContent.Contains("清新空气示范区", StringComparison.Ordinal));
        var row = page.QuerySelector($"table.targets tr[data-target='{Enterprises}']")!;
        Assert.Equal("进度滞后", row.QuerySelector(".badge")!.TextContent);
        Assert.Contains("50（2026）", row.TextContent, StringComparison.Ordinal);
        Assert.Equal(10, page.QuerySelectorAll("table.districts tbody tr").Length);

        var explain = await PageAsync(leader, row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal([baseline.Id.ToString(), latest.Id.ToString()], explain.QuerySelectorAll("table.inputs tbody tr td:first-child").Select(td => td.TextContent));
        var linear = explain.QuerySelector("section.method[data-method='linear']")!;
        Assert.Contains(linear.QuerySelectorAll("table.steps code"), c => c.TextContent == "P");
        Assert.Contains("0.375", linear.TextContent, StringComparison.Ordinal);
        Assert.Equal(4, explain.QuerySelectorAll("section.method").Length);

        // Rounds are for signed-in staff.
        var redirect = await w.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/evaluation/rounds", Ct);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/account/login", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_sees_no_live_statuses_only_published_rounds_on_the_showcase()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var anonymous = w.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Live statuses change with every approval and are not published: the pages ask for sign-in, the API answers 401.
        foreach (var url in new[] { "/evaluation?year=2026", $"/evaluation/targets/{Enterprises}?year=2026" })
        {
            var page = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/evaluation?year=2026", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/evaluation/targets/{Enterprises}?year=2026", Ct)).StatusCode);
        // Nor does the public navigation lead there.
        var home = await PageAsync(anonymous, "/plans");
        Assert.Null(home.QuerySelector("header nav a[href='/evaluation']"));
        Assert.NotNull((await PageAsync(w.Leader, "/plans")).QuerySelector("header nav a[href='/evaluation']"));
    }

    [Fact]
    public async Task The_health_check_loop_is_visible_on_the_pages_from_round_to_problem_task_project_and_resolution()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        var indicator = (await w.TargetAsync(Enterprises)).IndicatorId;
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2025, 45);
        var first = await w.FreezeAsync(RoundKinds.Annual, 2025);
        var check = await (await w.Admin.PostAsJsonAsync("/api/evaluation/health-checks", new CreateHealthCheckRequest(2025, null, [indicator], null), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<HealthCheckDto>(Ct);
        var problem = check!.Problems.Single();
        var task = await (await w.Admin.PostAsJsonAsync($"/api/evaluation/problems/{problem.Id}/tasks",
            new RectificationTaskRequest("培育A级绩效企业", "qd-ecology-environment", new DateOnly(2026, 12, 31), null), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<RectificationTaskDto>(Ct);
        (await w.Admin.PostAsJsonAsync("/api/evaluation/projects",
            new ProjectRequest(problem.Id, task!.Id, "重点企业深度治理工程", "污染治理", "370281", null, 880m, "planned", "qd-ecology-environment", 2026, 2026), Ct)).EnsureSuccessStatusCode();
        await w.ReportAsync(Enterprises, 2026, 85);
        var second = await w.FreezeAsync(RoundKinds.Annual, 2026);
        var next = await (await w.Admin.PostAsJsonAsync("/api/evaluation/health-checks", new CreateHealthCheckRequest(2026, null, [indicator], null), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<HealthCheckDto>(Ct);

        var rounds = await PageAsync(w.Leader, "/evaluation/rounds");
        Assert.Equal(2, rounds.QuerySelectorAll("table.rounds tbody tr").Length);
        var round = await PageAsync(w.Leader, $"/evaluation/rounds/{first.Id}");
        Assert.Equal(["report.docx", "report.pdf", "results.xlsx"], round.QuerySelectorAll(".downloads a").Select(a => a.GetAttribute("href")!.Split('/')[^1]));
        Assert.Equal("进度滞后", round.QuerySelector($"table.targets tr[data-target='{Enterprises}'] .badge")!.TextContent);
        var compare = await PageAsync(w.Leader, $"/evaluation/rounds/compare?a={first.Id}&b={second.Id}");
        Assert.Contains("改善", compare.QuerySelector($"table.compare-targets tr[data-target='{Enterprises}']")!.TextContent, StringComparison.Ordinal);

        var firstCheck = await PageAsync(w.Leader, $"/evaluation/health-checks/{check.Summary.Id}");
        var row = firstCheck.QuerySelector($"table.problems tr[data-problem='{problem.Id}']")!;
        Assert.Contains("培育A级绩效企业", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("重点企业深度治理工程", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("已销号", row.TextContent, StringComparison.Ordinal);
        var nextCheck = await PageAsync(w.Leader, $"/evaluation/health-checks/{next!.Summary.Id}");
        Assert.Contains("上年问题已销号（1）", nextCheck.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Contains(problem.Title, nextCheck.QuerySelector("table.problems")!.TextContent, StringComparison.Ordinal);
        var list = await PageAsync(w.Leader, "/evaluation/rectification?department=qd-ecology-environment");
        Assert.Single(list.QuerySelectorAll("table.rectification-tasks tbody tr"));
        Assert.Contains("880", list.QuerySelector("table.projects")!.TextContent, StringComparison.Ordinal);
        var checks = await PageAsync(w.Leader, "/evaluation/health-checks");
        Assert.Equal(2, checks.QuerySelectorAll("table.checks tbody tr").Length);
    }

    [Fact]
    public async Task The_plan_office_freezes_a_round_and_runs_the_health_check_from_the_pages()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var indicator = (await w.TargetAsync(Enterprises)).IndicatorId;

        // Only the plan office sees the forms.
        Assert.Null((await PageAsync(w.Leader, "/evaluation/rounds")).QuerySelector("form.freeze"));
        var page = await PageAsync(w.Admin, "/evaluation/rounds");
        var token = TestAccounts.AntiforgeryToken(page.Source.Text);
        var frozen = await w.Admin.PostAsync("/evaluation/rounds", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "freeze-round", ["__RequestVerificationToken"] = token, ["Freeze.Kind"] = "annual", ["Freeze.Year"] = "2026", ["Freeze.PlanId"] = "",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, frozen.StatusCode);
        var roundUrl = frozen.Headers.Location!.OriginalString;
        var round = await PageAsync(w.Admin, roundUrl);
        Assert.Contains("2026年度实施监测", round.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        var checks = await PageAsync(w.Admin, "/evaluation/health-checks");
        var ran = await w.Admin.PostAsync("/evaluation/health-checks", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "run-check", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(checks.Source.Text), ["Check.Year"] = "2026", ["Check.IndicatorIds"] = indicator,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);
        var check = await PageAsync(w.Admin, ran.Headers.Location!.OriginalString);
        Assert.Contains("进度滞后", check.QuerySelector("table.problems")!.TextContent, StringComparison.Ordinal);

        // A second check for the same year is refused with the reason on the page.
        var again = await w.Admin.PostAsync("/evaluation/health-checks", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "run-check", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(checks.Source.Text), ["Check.Year"] = "2026", ["Check.IndicatorIds"] = "",
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var refused = await new HtmlParser().ParseDocumentAsync(await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal("2026年的城市体检已存在", refused.QuerySelector(".notice")!.TextContent);
    }
}
