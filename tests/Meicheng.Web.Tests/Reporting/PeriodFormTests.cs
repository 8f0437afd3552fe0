using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meicheng.Web.Tests.Pages.PageForms;

namespace Meicheng.Web.Tests.Reporting;

/// <summary>The plan office opens a reporting period on /reporting/missing, indicators picked by name.</summary>
public sealed class PeriodFormTests
{
    [Fact]
    public async Task The_plan_office_opens_a_period_on_the_missing_page_and_a_wrong_number_is_refused_beside_its_field()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientForAsync(Roles.Admin);
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        Assert.Null((await GetAsync(reviewer, "/reporting/missing")).QuerySelector("details.open-period"));
        var page = await GetAsync(admin, "/reporting/missing");
        var option = page.QuerySelector("#period-indicators option")!;
        var indicator = option.GetAttribute("value")!;
        Assert.DoesNotContain(indicator, option.TextContent, StringComparison.Ordinal);

        var refused = await RefusedAsync(await PostAsync(admin, "/reporting/missing", "open-period",
            ("Open.Frequency", "quarterly"), ("Open.Year", "2031"), ("Open.Number", "5"), ("Open.IndicatorIds", indicator)));
        Assert.Equal("年度填报的序号为 1，季度为 1–4，月度为 1–12", refused.QuerySelector("[data-field='frequency']")!.TextContent);
        Assert.NotNull(refused.QuerySelector("#period-frequency option[value='quarterly'][selected]"));
        Assert.NotNull(refused.QuerySelector($"#period-indicators option[value='{indicator}'][selected]"));

        var back = await RedirectedAsync(await PostAsync(admin, "/reporting/missing", "open-period",
            ("Open.Frequency", "quarterly"), ("Open.Year", "2031"), ("Open.Number", "2"), ("Open.Due", "2031-07-20"), ("Open.IndicatorIds", indicator)));
        Assert.Contains("已开设填报期 2031-Q2：1 项指标，报送截止 2031-07-20", (await GetAsync(admin, back)).QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var period = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ReportingPeriods.SingleAsync(p => p.Key == "2031-Q2", TestContext.Current.CancellationToken);
        Assert.Equal(indicator, period.IndicatorId);
        Assert.Equal(new DateOnly(2031, 7, 20), period.Due);
    }
}
