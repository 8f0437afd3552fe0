using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;

namespace Meicheng.Web.Tests.Reporting;

/// <summary>One app with an admin, a reviewer and a department reporter for a target its department leads, and the 2026 annual period.</summary>
public sealed class ReportingWorld : IAsyncDisposable
{
    private ReportingWorld(MeichengApp app) => App = app;

    public MeichengApp App { get; }
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Reviewer { get; private set; } = null!;
    public HttpClient Reporter { get; private set; } = null!;
    public string ReporterId { get; private set; } = null!;
    public string ReporterEmail { get; private set; } = null!;
    public TestAccounts.ReportableTarget Target { get; private set; } = null!;
    public PeriodDto Period { get; private set; } = null!;

    public static async Task<ReportingWorld> CreateAsync(DatabaseProvider provider, string? unit = null, Action<MeichengApp>? configure = null)
    {
        var world = new ReportingWorld(new MeichengApp(provider));
        configure?.Invoke(world.App);
        var app = world.App;
        world.Target = await app.ReportableTargetAsync(unit);
        world.Admin = await app.ClientForAsync(Roles.Admin);
        world.Reviewer = await app.ClientForAsync(Roles.Reviewer);
        var email = $"reporter-{Guid.NewGuid().ToString("N")[..8]}@example.cn";
        world.ReporterId = await app.CreateUserAsync(email, Roles.Department, world.Target.DepartmentId);
        world.ReporterEmail = email;
        world.Reporter = await app.SignInAsync(email);
        var periods = await (await world.Admin.PostAsJsonAsync("/api/reporting/periods",
            new CreatePeriodsRequest("annual", 2026, 1, null, [world.Target.IndicatorId], Progress: true))).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<List<PeriodDto>>();
        world.Period = periods!.Single(p => p.IndicatorId == world.Target.IndicatorId);
        return world;
    }

    public ObservationRequest Value(decimal value, string? unit = null, bool submit = true, Guid? version = null) =>
        new(Target.TargetId, Period.Id, null, value, unit ?? Target.Unit, "市统计局年报", "全市口径", submit, version, null, null);

    public async ValueTask DisposeAsync()
    {
        foreach (var c in new[] { Admin, Reviewer, Reporter })
            c?.Dispose();
        await App.DisposeAsync();
    }
}
