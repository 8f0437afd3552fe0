using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Reporting;

public sealed class DemoModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Demo_mode_fills_a_fresh_database_with_labelled_demo_data_and_accounts_for_every_role(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Demo:Enabled", "true");
        var anonymous = app.CreateClient();
        var published = await anonymous.GetFromJsonAsync<List<ObservationDto>>("/api/public/observations", Ct);
        Assert.NotEmpty(published!);
        Assert.All(published!, o => Assert.True(o.IsDemo));
        var home = await anonymous.GetStringAsync("/", Ct);
        Assert.Contains("演示模式", home, StringComparison.Ordinal);
        var target = published![0].TargetId;
        Assert.Contains("演示数据", await anonymous.GetStringAsync($"/targets/{target}", Ct), StringComparison.Ordinal);

        foreach (var role in new[] { "admin", "reviewer", "department", "district", "evaluator", "leader" })
        {
            var client = await app.SignInAsync($"demo-{role}@meicheng.demo", DemoData.DefaultPassword);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me", Ct)).StatusCode);
        }
        var reviewer = await app.SignInAsync("demo-reviewer@meicheng.demo", DemoData.DefaultPassword);
        var queue = await reviewer.GetStringAsync("/reporting/review", Ct);
        Assert.Contains("演示数据", queue, StringComparison.Ordinal);

        // Starting again on the same database seeds nothing twice.
        Assert.Equal(DemoSeedResult.AlreadySeeded, await app.Services.SeedDemoAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Demo_mode_refuses_a_database_that_holds_real_reports_and_is_off_by_default(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        Assert.Equal(DemoSeedResult.Disabled, await w.App.Services.SeedDemoAsync(Ct));
        Assert.Equal(HttpStatusCode.Created, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(3), Ct)).StatusCode);

        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)w.App.Services.GetService(typeof(Microsoft.Extensions.Configuration.IConfiguration))!;
        configuration["Demo:Enabled"] = "true";
        Assert.Equal(DemoSeedResult.RefusedRealData, await w.App.Services.SeedDemoAsync(Ct));
        var all = await w.Admin.GetFromJsonAsync<List<ObservationDto>>("/api/reporting/observations?all=true", Ct);
        Assert.All(all!, o => Assert.False(o.IsDemo));
        Assert.Single(all!);
    }
}
