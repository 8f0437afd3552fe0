using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task The_demo_looks_like_a_city_and_its_year()
    {
        using var app = new MeichengApp(DatabaseProvider.Sqlite).With("Demo:Enabled", "true");
        await app.CreateClient().GetAsync("/api/me", Ct);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, Ct);
        var periods = await db.ReportingPeriods.AsNoTracking().ToDictionaryAsync(p => p.Id, p => int.Parse(p.Key[..4], CultureInfo.InvariantCulture), Ct);
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator).ToDictionaryAsync(t => t.Id, Ct);
        var rows = await db.Observations.AsNoTracking().ToListAsync(Ct);

        // Inside each plan's period (the pilot 2021–2022; the current plan from 2025 up to this year, 2026).
        Assert.All(rows, o => Assert.InRange(periods[o.PeriodId], plans[targets[o.TargetId].PlanId].PeriodStart, Math.Min(plans[targets[o.TargetId].PlanId].PeriodEnd, 2026)));
        Assert.Contains(rows, o => targets[o.TargetId].PlanId == "qingdao-green-city-pilot-2021");
        // Whole numbers where the unit counts things; shares within 0–100 %.
        Assert.All(rows.Where(o => targets[o.TargetId].Indicator!.Unit is "个" or "条" or "座"), o => Assert.Equal(decimal.Truncate(o.Value), o.Value));
        Assert.All(rows.Where(o => targets[o.TargetId].Kind == Meicheng.Core.Plans.TargetKind.Share && targets[o.TargetId].Indicator!.Unit == "%"), o => Assert.InRange(o.Value, 0, 100));
        // District series, and every workflow state.
        Assert.True(rows.Select(o => o.RegionCode).Distinct().Count() >= 10);
        Assert.Equal([ReportStatus.Approved, ReportStatus.Draft, ReportStatus.Returned, ReportStatus.Submitted], rows.Select(o => o.Status).Distinct().Order());
        // Every task has an owner; a round is frozen and published; the health check has tasks and projects.
        var owned = await db.Responsibilities.Select(r => r.TaskId).Distinct().ToListAsync(Ct);
        Assert.Empty(await db.PlanTasks.Where(t => !t.Retired && !owned.Contains(t.Id)).Select(t => t.Id).ToListAsync(Ct));
        Assert.True(await db.EvaluationRounds.AnyAsync(r => r.PublishedAt != null && r.Year == 2025, Ct));
        Assert.True(await db.HealthChecks.AnyAsync(Ct));
        Assert.True(await db.RectificationTasks.AnyAsync(Ct));
        Assert.True(await db.Projects.AnyAsync(Ct));

        // The same demo every time.
        using var again = new MeichengApp(DatabaseProvider.Sqlite).With("Demo:Enabled", "true");
        await again.CreateClient().GetAsync("/api/me", Ct);
        using var scope2 = again.Services.CreateScope();
        var rows2 = await scope2.ServiceProvider.GetRequiredService<AppDbContext>().Observations.AsNoTracking()
            .Select(o => new { o.TargetId, o.RegionCode, o.PeriodId, o.Value, o.Status }).OrderBy(o => o.TargetId).ThenBy(o => o.RegionCode).ThenBy(o => o.PeriodId).ToListAsync(Ct);
        Assert.Equal(rows.Select(o => new { o.TargetId, o.RegionCode, o.PeriodId, o.Value, o.Status }).OrderBy(o => o.TargetId).ThenBy(o => o.RegionCode).ThenBy(o => o.PeriodId), rows2);
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
