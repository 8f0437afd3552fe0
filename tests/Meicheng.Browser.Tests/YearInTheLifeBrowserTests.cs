using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Meicheng.Browser.Tests;

/// <summary>
/// A year of the plan office's work, only through the pages, each person in their own browser: owners assigned and periods
/// opened, a value reported with evidence, returned, corrected and approved, scored by an evaluator in the frozen round, the
/// round published and seen by the public, the health check's problem with its rectification task and project, and next
/// year's check closing it. A full-page screenshot of every step goes to artifacts/screenshots/year-*.png.
/// </summary>
public sealed class YearInTheLifeBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>≥ 80 A/B-class performance enterprises by 2027 (beautiful-city plan, 2025–2027): the 2024 value is its baseline.</summary>
    private const string TargetId = "bc-t09-performance-ab-enterprises";
    private const string Owner = "qd-ecology-environment";
    private const string Password = TestAccounts.Password;

    private readonly List<string> _errors = [];
    private int _step;

    [Fact]
    public async Task The_plan_office_runs_its_year_in_the_browser_from_owners_to_next_years_check()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        app.UseKestrel(0);
        app.StartServer();
        await app.CreateUserAsync("office@example.cn", Roles.Admin);
        await app.CreateUserAsync("reporter@example.cn", Roles.Department, Owner);
        await app.CreateUserAsync("reviewer@example.cn", Roles.Reviewer);
        await app.CreateUserAsync("evaluator@example.cn", Roles.Evaluator);
        string taskId, indicatorName, clause, unit, ownerName;
        using (var scope = app.Services.CreateScope())
        {
            // Read only: the names the pages offer, to pick them as a person would.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var target = await db.Targets.AsNoTracking().Include(t => t.Indicator).SingleAsync(t => t.Id == TargetId, TestContext.Current.CancellationToken);
            (taskId, indicatorName, clause, unit) = (target.TaskId!, target.Indicator!.Name, target.Clause, target.Unit);
            ownerName = (await db.Departments.AsNoTracking().SingleAsync(d => d.Id == Owner, TestContext.Current.CancellationToken)).Name;
        }

        var office = await SignInAsync(app, "office@example.cn", "/admin/assignments");
        var reporter = await SignInAsync(app, "reporter@example.cn", "/reporting");
        var reviewer = await SignInAsync(app, "reviewer@example.cn", "/reporting/review");
        var evaluator = await SignInAsync(app, "evaluator@example.cn", "/evaluation/rounds");
        var citizen = await (await NewContextAsync(app)).NewPageAsync();

        // The plan office gives the task an owner and opens the periods (the baseline year and the year under review).
        await office.Locator("#assign-task").SelectOptionAsync(taskId);
        await office.Locator("#assign-department").SelectOptionAsync(new SelectOptionValue { Label = ownerName });
        await office.Locator("#assign-role").SelectOptionAsync("lead");
        await office.Locator("#assign-reason").FillAsync("年度分工");
        await office.GetByRole(AriaRole.Button, new() { Name = "指派", Exact = true }).ClickAsync();
        await Assertions.Expect(office.Locator(".notice")).ToBeVisibleAsync();
        await ShotAsync(office, "office-assigns-owner");
        foreach (var year in new[] { "2024", "2025" })
            await OpenPeriodAsync(office, year, indicatorName);
        await ShotAsync(office, "office-opens-periods");

        // The department reports the baseline and the year's value, with evidence; the year's value is wrong.
        await ReportAsync(reporter, "2024", "40", unit);
        await ReportAsync(reporter, "2025", "60", unit);
        await ShotAsync(reporter, "department-reports-with-evidence");

        // The reviewer approves the baseline and returns the wrong value with a reason.
        await ReviewAsync(reviewer, "40", "通过", null);
        await ReviewAsync(reviewer, "60", "退回", "与企业名录不符，请核对");
        await ShotAsync(reviewer, "reviewer-returns");

        // The department sees why, corrects the value and submits it again; the reviewer approves.
        await reporter.GotoAsync("/reporting?period=2025");
        await Assertions.Expect(reporter.Locator("table.observations")).ToContainTextAsync("与企业名录不符");
        await ReportAsync(reporter, "2025", "45", unit);
        await ShotAsync(reporter, "department-corrects");
        await ReviewAsync(reviewer, "45", "通过", null);
        await ShotAsync(reviewer, "reviewer-approves");

        // The office freezes the year's round; the evaluator scores the target in it; the office publishes it.
        var roundUrl = await FreezeAsync(office, "2025");
        await evaluator.GotoAsync(roundUrl);
        await evaluator.Locator("#assess-subject").SelectOptionAsync(new SelectOptionValue { Label = $"{indicatorName} · {clause}" });
        await evaluator.Locator("#assess-score").FillAsync("60");
        await evaluator.Locator("#assess-comment").FillAsync("培育工作起步较晚，需加大帮扶");
        await evaluator.GetByRole(AriaRole.Button, new() { Name = "保存评价" }).ClickAsync();
        await Assertions.Expect(evaluator.Locator(".notice")).ToContainTextAsync("60 分");
        await Assertions.Expect(evaluator.Locator("table.assessments")).ToContainTextAsync("培育工作起步较晚");
        await ShotAsync(evaluator, "evaluator-scores");
        await office.GotoAsync(roundUrl);
        await office.GetByRole(AriaRole.Button, new() { Name = "发布到成果展示平台" }).ClickAsync();
        await Assertions.Expect(office.Locator("dl.facts")).ToContainTextAsync("已于");
        await ShotAsync(office, "office-publishes-round");

        // The public sees the published status.
        await citizen.GotoAsync("/showcase");
        await Assertions.Expect(citizen.Locator("body")).ToContainTextAsync("进度滞后");
        await ShotAsync(citizen, "public-sees-status");

        // The health check raises the problem; the office gives it a rectification task and a project.
        var checkUrl = await RunCheckAsync(office, "2025", indicatorName);
        var problem = office.Locator("table.problems tbody tr").First;
        await Assertions.Expect(problem).ToContainTextAsync("进度滞后");
        await ShotAsync(office, "health-check-raises-problem");
        await office.Locator("#task-title").FillAsync("建立绩效分级企业培育清单并逐企帮扶");
        await office.Locator("#task-owner").SelectOptionAsync(new SelectOptionValue { Label = ownerName });
        await office.Locator("#task-deadline").FillAsync("2026-06-30");
        await office.GetByRole(AriaRole.Button, new() { Name = "安排整改任务" }).ClickAsync();
        await Assertions.Expect(office.Locator(".notice")).ToContainTextAsync("已安排整改任务");
        await office.Locator("#project-name").FillAsync("重点企业深度治理工程");
        await office.Locator("#project-type").FillAsync("污染治理");
        await office.Locator("#project-region").SelectOptionAsync(new SelectOptionValue { Label = "胶州市" });
        await office.Locator("#project-location").FillAsync("胶州湾产业园");
        await office.Locator("#project-investment").FillAsync("880");
        await office.Locator("#project-status").SelectOptionAsync(new SelectOptionValue { Label = "在建" });
        await office.GetByRole(AriaRole.Button, new() { Name = "添加项目" }).ClickAsync();
        await Assertions.Expect(office.Locator(".notice")).ToContainTextAsync("已添加项目");
        await Assertions.Expect(office.Locator("table.problems tbody tr").First).ToContainTextAsync("重点企业深度治理工程（污染治理，胶州市，880 万元，在建）");
        await ShotAsync(office, "rectification-task-and-project");

        // The owner reports the task done on the rectification page.
        await reporter.GotoAsync("/evaluation/rectification");
        var task = reporter.Locator("table.rectification-tasks tbody tr").First;
        await task.Locator("select[name='TaskStatus.Status']").SelectOptionAsync(new SelectOptionValue { Label = "已完成" });
        await task.Locator("input[name='TaskStatus.Note']").FillAsync("培育清单已建立，12 家企业完成提级");
        await task.GetByRole(AriaRole.Button, new() { Name = "更新" }).ClickAsync();
        await Assertions.Expect(reporter.Locator(".notice")).ToContainTextAsync("已更新为已完成");
        await ShotAsync(reporter, "owner-reports-task-done");

        // Next year: the value is reported and approved, the round frozen, and the check closes last year's problem.
        await OpenPeriodAsync(office, "2026", indicatorName);
        await ReportAsync(reporter, "2026", "85", unit);
        await ReviewAsync(reviewer, "85", "通过", null);
        await FreezeAsync(office, "2026");
        await RunCheckAsync(office, "2026", indicatorName);
        await Assertions.Expect(office.Locator("h2", new() { HasTextString = "上年问题已销号（1）" })).ToBeVisibleAsync();
        await ShotAsync(office, "next-years-check-closes-problem");
        await office.GotoAsync(checkUrl);
        await Assertions.Expect(office.Locator("table.problems tbody tr").First).ToContainTextAsync("已销号");
        await ShotAsync(office, "last-years-problem-resolved");

        Assert.True(_errors.Count == 0, string.Join("\n", _errors));
    }

    private async Task<IBrowserContext> NewContextAsync(MeichengApp app) =>
        await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });

    private async Task<IPage> SignInAsync(MeichengApp app, string email, string path)
    {
        var page = await (await NewContextAsync(app)).NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") _errors.Add($"{email}: {m.Text}"); };
        await page.GotoAsync(path);
        await page.WaitForURLAsync("**/account/login?*");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**" + path);
        return page;
    }

    private async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, $"year-{++_step:00}-{name}.png"), FullPage = true });

    private static async Task OpenPeriodAsync(IPage office, string year, string indicatorName)
    {
        await office.GotoAsync("/reporting/missing");
        var form = office.Locator("details.open-period");
        if (await form.GetAttributeAsync("open") is null)
            await form.Locator("summary").ClickAsync();
        await office.Locator("#period-frequency").SelectOptionAsync("annual");
        await office.Locator("#period-year").FillAsync(year);
        await office.Locator("#period-number").FillAsync("1");
        await office.Locator("#period-indicators").SelectOptionAsync(new SelectOptionValue { Label = indicatorName });
        await office.GetByRole(AriaRole.Button, new() { Name = "开设填报期" }).ClickAsync();
        await Assertions.Expect(office.Locator(".notice")).ToContainTextAsync($"已开设填报期 {year}");
    }

    private static async Task ReportAsync(IPage reporter, string period, string value, string unit)
    {
        await reporter.GotoAsync($"/reporting?period={period}");
        await reporter.Locator("#targetId").SelectOptionAsync(TargetId);
        await reporter.Locator("#value").FillAsync(value);
        await reporter.Locator("#unit").SelectOptionAsync(unit);
        await reporter.Locator("#dataSource").FillAsync("市生态环境局企业绩效分级名录");
        var evidence = new FilePayload
        {
            Name = $"绩效分级名录{period}.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes($"%PDF-1.4\n% {period}\n%%EOF\n"),
        };
        await reporter.Locator("#evidence").SetInputFilesAsync(evidence);
        await reporter.GetByRole(AriaRole.Button, new() { Name = "报送", Exact = true }).ClickAsync();
        // Correcting a returned value: the form names the report it replaces and asks for a second click.
        var notice = reporter.Locator(".notice");
        var replace = reporter.GetByText("再次点击");
        await Assertions.Expect(notice.Or(replace)).ToBeVisibleAsync();
        if (await replace.IsVisibleAsync())
        {
            await reporter.Locator("#evidence").SetInputFilesAsync(evidence);
            await reporter.GetByRole(AriaRole.Button, new() { Name = "报送", Exact = true }).ClickAsync();
        }
        await Assertions.Expect(notice).ToContainTextAsync("已报送");
    }

    /// <summary>Approves (通过) or returns (退回) the row of the review queue whose value is <paramref name="value"/>.</summary>
    private static async Task ReviewAsync(IPage reviewer, string value, string action, string? comment)
    {
        await reviewer.GotoAsync("/reporting/review");
        var row = reviewer.Locator("table.observations tbody tr").Filter(new() { Has = reviewer.Locator(".value", new() { HasTextRegex = new($"^{value}$") }) });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        if (comment is not null)
            await row.GetByLabel("审核意见").FillAsync(comment);
        await row.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Assertions.Expect(reviewer.Locator(".notice")).ToContainTextAsync(action == "通过" ? "已审核通过" : "退回");
    }

    private static async Task<string> FreezeAsync(IPage office, string year)
    {
        await office.GotoAsync("/evaluation/rounds");
        await office.Locator("select[name='Freeze.Kind']").SelectOptionAsync("annual");
        await office.Locator("input[name='Freeze.Year']").FillAsync(year);
        await office.GetByRole(AriaRole.Button, new() { Name = "运行评价并冻结" }).ClickAsync();
        await office.WaitForURLAsync("**/evaluation/rounds/*", new() { Timeout = 120_000 });
        await Assertions.Expect(office.Locator("h1")).ToContainTextAsync(year);
        return new Uri(office.Url).PathAndQuery;
    }

    private static async Task<string> RunCheckAsync(IPage office, string year, string indicatorName)
    {
        await office.GotoAsync("/evaluation/health-checks");
        await office.Locator("input[name='Check.Year']").FillAsync(year);
        await office.Locator("#check-indicators").SelectOptionAsync(new SelectOptionValue { Label = indicatorName });
        await office.GetByRole(AriaRole.Button, new() { Name = "开展体检" }).ClickAsync();
        // A check runs the evaluation behind it: on a loaded 2-core machine (the web tests run beside these) that can take
        // longer than Playwright's default 30 s. This is patience, not a speed assertion.
        await office.WaitForURLAsync("**/evaluation/health-checks/*", new() { Timeout = 120_000 });
        await Assertions.Expect(office.Locator("h1")).ToContainTextAsync(year);
        return new Uri(office.Url).PathAndQuery;
    }
}
