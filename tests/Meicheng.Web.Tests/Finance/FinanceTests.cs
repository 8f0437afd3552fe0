using System.Net;
using System.Text.Json;
using Meicheng.Core.Finance;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Finance;
using Meicheng.Web.Features.Projects;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Meicheng.Web.Tests.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Finance;

/// <summary>金企通 at the operations level: the matching workflow, a bank's scope, refusals in Chinese, the reported balance feed.</summary>
public sealed class FinanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Ecology = "qd-ecology-environment";
    private const string Laoshan = "370212";

    private static async Task<string> BankAsync(MeichengApp app, string institution)
    {
        var id = await app.CreateUserAsync($"bank-{Guid.NewGuid().ToString("N")[..8]}@example.cn", Roles.Bank);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == id, Ct);
        user.Institution = institution;
        await db.SaveChangesAsync(Ct);
        return id;
    }

    private static async Task<int> ProjectAsync(MeichengApp app, string name, string department = Ecology, string region = Laoshan)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var project = new Project
        {
            Name = name, Type = "海上风电", Status = "under-construction", OwnerUnit = "青岛海上风电有限公司", DepartmentId = department, RegionCode = region,
            Investment = 50000, CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow(),
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync(Ct);
        return project.Id;
    }

    private static FinanceOperations Finance(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<FinanceOperations>();

    private static T Ok<T>(Outcome<T> outcome)
    {
        Assert.True(outcome.Succeeded, $"{outcome.Kind}: {outcome.Message} {string.Join("；", outcome.Errors.SelectMany(e => e.Value))}");
        return outcome.Value!;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_need_meets_two_banks_the_owner_accepts_one_that_bank_records_the_loan_and_the_office_sees_the_totals(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var projectId = await ProjectAsync(app, "崂山海上风电配套工程");
        var owner = await app.CreateUserAsync("owner@example.cn", Roles.Department, Ecology);
        var admin = await RoundOperationsTests.UserAsync(app, Roles.Admin);
        var qingdaoBank = await BankAsync(app, "青岛银行");
        var icbc = await BankAsync(app, "工商银行青岛市分行");

        int needId, enterpriseNeedId;
        await using (var s = RoundOperationsTests.RequestAs(app, owner))
        {
            var need = Ok(await Finance(s).PublishAsync(new FinancingNeedRequest(projectId, null, null, null, 20000, 120, "风机基础及海缆采购", "3.2", "张工 0532-1234567"), Ct));
            Assert.Equal((NeedState.Open, "开放", "清洁能源（清洁能源产业）", "崂山区"), (need.State, need.StateText, need.CategoryName, need.RegionName));
            needId = need.Id;
        }
        await using (var s = RoundOperationsTests.RequestAs(app, admin))
            enterpriseNeedId = Ok(await Finance(s).PublishAsync(new FinancingNeedRequest(null, "青岛绿源环保科技有限公司", "91350100M000100Y43", "370211", 3000, 36,
                "污泥资源化生产线", "1.5", null), Ct)).Id;
        await using (var s = RoundOperationsTests.RequestAs(app, qingdaoBank))
            Ok(await Finance(s).ExpressIntentAsync(needId, new FinanceIntentRequest(18000, 120, "LPR 减 30 个基点，风机抵押", "李经理 0532-7654321"), Ct));
        await using (var s = RoundOperationsTests.RequestAs(app, icbc))
        {
            Ok(await Finance(s).ExpressIntentAsync(needId, new FinanceIntentRequest(20000, 96, "LPR，项目收益权质押", "王经理"), Ct));
            // A bank sees its own intent only, never another bank's.
            Assert.Equal(["工商银行青岛市分行"], Ok(await Finance(s).GetAsync(needId, Ct)).Intents.Select(i => i.Institution));
        }
        await using (var s = RoundOperationsTests.RequestAs(app, owner))
        {
            var need = Ok(await Finance(s).GetAsync(needId, Ct));
            Assert.Equal(2, need.Intents.Count);
            Assert.True(need.MayManage);
            var matched = Ok(await Finance(s).AcceptAsync(needId, need.Intents.Single(i => i.Institution == "青岛银行").Id, Ct));
            Assert.Equal("已对接", matched.StateText);
            Assert.Equal(OutcomeKind.Conflict, (await Finance(s).AcceptAsync(needId, need.Intents[1].Id, Ct)).Kind);
        }
        await using (var s = RoundOperationsTests.RequestAs(app, icbc))
        {
            // The owner accepted another bank: this one may not record the loan, and no longer sees the need among the open ones.
            var refused = await Finance(s).RecordLoanAsync(needId, new FinanceLoanRequest(20000, 3.1m, new DateOnly(2026, 11, 22), 96, true), Ct);
            Assert.Equal((OutcomeKind.Forbidden, "发布方接受的是另一家金融机构的意向，只有该机构可以登记放款"), (refused.Kind, refused.Message));
            Assert.DoesNotContain(await Finance(s).ListAsync(new FinanceNeedFilter { State = NeedState.Open }, Ct), n => n.Id == needId);
        }
        await using (var s = RoundOperationsTests.RequestAs(app, qingdaoBank))
        {
            var granted = Ok(await Finance(s).RecordLoanAsync(needId, new FinanceLoanRequest(18000, 2.95m, new DateOnly(2026, 11, 22), 120, true), Ct));
            Assert.Equal((NeedState.Granted, 18000m, true), (granted.State, granted.Loan!.Amount, granted.Loan.GreenLoan));
            Assert.Equal(OutcomeKind.Conflict, (await Finance(s).RecordLoanAsync(needId, new FinanceLoanRequest(1, 3, new DateOnly(2026, 11, 22), 12, true), Ct)).Kind);
        }
        await using (var s = RoundOperationsTests.RequestAs(app, admin))
        {
            var totals = Ok(await Finance(s).TotalsAsync(Ct));
            Assert.Equal((2, 23000m, 1, 18000m, 1, 18000m, 18000m), (totals.Overall.Needs, totals.Overall.Requested, totals.Overall.Matched,
                totals.Overall.MatchedAmount, totals.Overall.Granted, totals.Overall.GrantedAmount, totals.Overall.GreenLoanAmount));
            Assert.Equal(["清洁能源产业", "节能环保产业"], totals.ByCategory.Select(r => r.Name).Order(StringComparer.Ordinal));
            Assert.Equal(18000m, totals.ByCategory.Single(r => r.Key == "3").GrantedAmount);
            Assert.Equal(("青岛银行", 1, 18000m), (totals.ByBank[0].Name, totals.ByBank[0].Needs, totals.ByBank[0].GrantedAmount));
            Assert.Equal((1, 0m), (totals.ByBank.Single(r => r.Name == "工商银行青岛市分行").Needs, totals.ByBank.Single(r => r.Name == "工商银行青岛市分行").MatchedAmount));
            Assert.Equal(["黄岛区", "崂山区"], totals.ByDistrict.Select(r => r.Name));
            Ok(await Finance(s).CloseAsync(enterpriseNeedId, new CloseNeedRequest("企业已通过债券融资"), Ct));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actions = await db.AuditEntries.Where(a => a.EntityType == "financing-need").Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal(["finance-intent.accept", "finance-intent.express", "finance-intent.express", "finance-loan.record", "finance-need.close", "finance-need.publish", "finance-need.publish"],
            actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_bank_sees_open_needs_but_no_progress_reports_or_evaluation_and_publishes_nothing()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var projectId = await ProjectAsync(app, "董家口光伏项目");
        var owner = await app.CreateUserAsync("owner@example.cn", Roles.Department, Ecology);
        var bank = await BankAsync(app, "青岛农商银行");
        int openId, closedId;
        await using (var s = RoundOperationsTests.RequestAs(app, owner))
        {
            openId = Ok(await Finance(s).PublishAsync(new FinancingNeedRequest(projectId, null, null, null, 5000, 60, "组件采购", "3.2", null), Ct)).Id;
            closedId = Ok(await Finance(s).PublishAsync(new FinancingNeedRequest(projectId, null, null, null, 800, 12, "流动资金", "3.2", null), Ct)).Id;
            Ok(await Finance(s).CloseAsync(closedId, new CloseNeedRequest("已自筹"), Ct));
        }
        await using (var s = RoundOperationsTests.RequestAs(app, bank))
        {
            var finance = Finance(s);
            Assert.Equal([openId], (await finance.ListAsync(new FinanceNeedFilter(), Ct)).Select(n => n.Id));
            Assert.Equal(OutcomeKind.NotFound, (await finance.GetAsync(closedId, Ct)).Kind);
            var seen = Ok(await finance.GetAsync(openId, Ct));
            Assert.False(seen.MayManage);
            Assert.Equal(("董家口光伏项目", "青岛海上风电有限公司"), (seen.Title, seen.OwnerUnit));
            Assert.Equal(OutcomeKind.Forbidden, (await finance.PublishAsync(new FinancingNeedRequest(projectId, null, null, null, 1, 1, "x", "3.2", null), Ct)).Kind);
            Assert.Equal(OutcomeKind.Forbidden, (await finance.CloseAsync(openId, new CloseNeedRequest("x"), Ct)).Kind);
            Assert.Equal(OutcomeKind.Forbidden, (await finance.TotalsAsync(Ct)).Kind);
            Assert.Equal(OutcomeKind.Forbidden, (await finance.RecordBalanceAsync(new GreenLoanBalanceRequest(5000, new DateOnly(2026, 9, 30), "通报", null), Ct)).Kind);
            // The project library and its progress are out of a bank's sight.
            var actor = await s.ServiceProvider.GetRequiredService<CurrentUser>().GetAsync(Ct);
            var db = s.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Empty(await ProjectScope.Visible(db.Projects, actor).ToListAsync(Ct));
            Assert.False(actor.ReadsAll);
        }

        // Through HTTP: the board's API and page answer; the project library, reporting, evaluation and dashboard refuse.
        var client = await app.SignInAsync((await UserEmailAsync(app, bank))!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/finance/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/finance/needs", Ct)).StatusCode);
        foreach (var url in new[] { "/api/projects", $"/api/projects/{projectId}/progress", "/api/reporting/observations", "/api/evaluation", "/api/finance/totals" })
            Assert.True((await client.GetAsync(url, Ct)).StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, url);
        foreach (var page in new[] { "/projects", $"/projects/{projectId}", "/reporting", "/dashboard", "/evaluation", "/finance" })
            Assert.Contains("/account/denied", (await client.GetAsync(page, Ct)).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    private static async Task<string?> UserEmailAsync(MeichengApp app, string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == id).Select(u => u.Email).SingleAsync(Ct);
    }

    [Fact]
    public async Task Every_field_is_checked_and_refused_in_Chinese_beside_its_name()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await RoundOperationsTests.UserAsync(app, Roles.Admin);
        var bank = await BankAsync(app, "青岛银行");
        int needId;
        await using (var s = RoundOperationsTests.RequestAs(app, admin))
        {
            var refused = await Finance(s).PublishAsync(new FinancingNeedRequest(null, "青岛某企业", "91110000600037341K", null, -5, 0, " ", "9.9", null), Ct);
            Assert.Equal(OutcomeKind.Invalid, refused.Kind);
            Assert.Equal("统一社会信用代码须为 18 位且校验位正确", refused.ErrorFor("creditCode"));
            Assert.Equal("请选择企业所在区（市）", refused.ErrorFor("regionCode"));
            Assert.Equal("请填写融资金额（万元），须大于 0", refused.ErrorFor("amount"));
            Assert.Equal("请填写期限（月），在 1 到 360 之间", refused.ErrorFor("termMonths"));
            Assert.Equal("请填写资金用途", refused.ErrorFor("purpose"));
            Assert.Equal("请选择绿色项目目录中的类别", refused.ErrorFor("category"));
            needId = Ok(await Finance(s).PublishAsync(new FinancingNeedRequest(null, "青岛某企业", "91110000600037341L", "370203", 100, 12, "节能改造", "1.1", null), Ct)).Id;
            Assert.Equal("请填写关闭原因", (await Finance(s).CloseAsync(needId, new CloseNeedRequest(""), Ct)).ErrorFor("reason"));
        }
        await using (var s = RoundOperationsTests.RequestAs(app, bank))
        {
            var refused = await Finance(s).ExpressIntentAsync(needId, new FinanceIntentRequest(null, 999, "", null), Ct);
            Assert.Equal(["amount", "contact", "termMonths", "terms"], refused.Errors.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("请填写授信条件（如利率区间、担保方式）", refused.ErrorFor("terms"));
            var loan = await Finance(s).RecordLoanAsync(needId, new FinanceLoanRequest(100, 50, new DateOnly(2027, 1, 1), 12, true), Ct);
            Assert.Equal(("请填写年利率（%），在 0 到 36 之间", "放款日期不能晚于今天"), (loan.ErrorFor("rate"), loan.ErrorFor("grantedOn")));
        }
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_reported_balance_feeds_the_green_loan_targets_with_provenance_and_the_boards_loans_are_not_summed_into_it(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var pboc = await BankAsync(app, "中国人民银行青岛市分行");
        var ordinary = await BankAsync(app, "青岛银行");
        await using (var s = RoundOperationsTests.RequestAs(app, ordinary))
            Assert.Equal(OutcomeKind.Forbidden, (await Finance(s).RecordBalanceAsync(new GreenLoanBalanceRequest(5200, new DateOnly(2026, 9, 30), "x", null), Ct)).Kind);
        GreenLoanBalanceRecordedDto recorded;
        await using (var s = RoundOperationsTests.RequestAs(app, pboc))
        {
            var invalid = await Finance(s).RecordBalanceAsync(new GreenLoanBalanceRequest(0, new DateOnly(2027, 1, 1), " ", null), Ct);
            Assert.Equal(["amount", "asOf", "document"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
            recorded = Ok(await Finance(s).RecordBalanceAsync(new GreenLoanBalanceRequest(5234.6m, new DateOnly(2026, 9, 30), "2026年三季度青岛市金融运行情况通报", null), Ct));
        }
        Assert.Equal(["bc-goal-green-loan-balance-2027", "bc-t33-green-loan-balance-2027"], recorded.Targets.Select(t => t.TargetId).Order(StringComparer.Ordinal));
        Assert.All(recorded.Targets, t => Assert.Equal(("created", 2026), (t.Outcome, t.Year)));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var observations = await db.Observations.AsNoTracking().Where(o => o.IndicatorId == "green-loan-balance" && o.IsCurrent).ToListAsync(Ct);
        Assert.Equal(2, observations.Count);
        foreach (var o in observations)
        {
            Assert.Equal((5234.6m, "computed", ReportStatus.Submitted), (o.Value, o.Source, o.Status));
            Assert.Equal("中国人民银行青岛市分行：2026年三季度青岛市金融运行情况通报", o.DataSource);
            using var provenance = JsonDocument.Parse(o.Provenance!);
            Assert.Equal("green-loan-balance", provenance.RootElement.GetProperty("feed").GetString());
            Assert.Equal("2026-09-30", provenance.RootElement.GetProperty("asOf").GetString());
            Assert.Equal(recorded.Balance.Id, provenance.RootElement.GetProperty("balanceId").GetInt32());
        }
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "green-loan-balance.record").ToListAsync(Ct));
    }

    [Fact]
    public async Task The_pages_speak_Chinese_keep_what_was_typed_and_carry_a_need_from_publishing_to_an_intent()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var page = await admin.GetStringAsync("/finance/needs/new", Ct);
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page), ["_handler"] = "need", ["Need.EnterpriseName"] = "青岛蓝海节能科技有限公司",
            ["Need.CreditCode"] = "91350100M000100Y43", ["Need.RegionCode"] = "370212", ["Need.Amount"] = "五百", ["Need.TermMonths"] = "24",
            ["Need.Purpose"] = "余热回收改造", ["Need.Category"] = "1.1",
        }))
        {
            var refused = WebUtility.HtmlDecode(await (await admin.PostAsync("/finance/needs/new", form, Ct)).Content.ReadAsStringAsync(Ct));
            Assert.Contains("融资金额须为数字（万元）", refused, StringComparison.Ordinal);
            Assert.Contains("余热回收改造", refused, StringComparison.Ordinal);
            Assert.Contains("value=\"五百\"", refused, StringComparison.Ordinal);
        }
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page), ["_handler"] = "need", ["Need.EnterpriseName"] = "青岛蓝海节能科技有限公司",
            ["Need.CreditCode"] = "91350100M000100Y43", ["Need.RegionCode"] = "370212", ["Need.Amount"] = "500", ["Need.TermMonths"] = "24",
            ["Need.Purpose"] = "余热回收改造", ["Need.Category"] = "1.1",
        }))
        {
            var published = await admin.PostAsync("/finance/needs/new", form, Ct);
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
            Assert.Contains("/finance/needs/", published.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        var board = WebUtility.HtmlDecode(await admin.GetStringAsync("/finance", Ct));
        Assert.Contains("节能环保产业", board, StringComparison.Ordinal);
        Assert.Contains("崂山区", board, StringComparison.Ordinal);

        var bankId = await BankAsync(app, "青岛银行");
        var bank = await app.SignInAsync((await UserEmailAsync(app, bankId))!);
        var list = WebUtility.HtmlDecode(await bank.GetStringAsync("/finance/needs", Ct));
        Assert.Contains("青岛蓝海节能科技有限公司", list, StringComparison.Ordinal);
        int needId;
        await using (var scope = app.Services.CreateAsyncScope())
            needId = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().FinancingNeeds.SingleAsync(Ct)).Id;
        var detail = await bank.GetStringAsync($"/finance/needs/{needId}", Ct);
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(detail), ["_handler"] = "intent", ["Intent.Amount"] = "500",
            ["Intent.TermMonths"] = "24", ["Intent.Terms"] = "", ["Intent.Contact"] = "李经理",
        }))
        {
            var refused = WebUtility.HtmlDecode(await (await bank.PostAsync($"/finance/needs/{needId}", form, Ct)).Content.ReadAsStringAsync(Ct));
            Assert.Contains("请填写授信条件（如利率区间、担保方式）", refused, StringComparison.Ordinal);
            Assert.Contains("李经理", refused, StringComparison.Ordinal);
        }
        // Without the antiforgery token the form post is refused.
        using (var forged = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "intent", ["Intent.Amount"] = "500" }))
            Assert.Equal(HttpStatusCode.BadRequest, (await bank.PostAsync($"/finance/needs/{needId}", forged, Ct)).StatusCode);
    }
}
