using System.Net;
using System.Net.Http.Json;
using Meicheng.Core.Plans;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Evaluation;

/// <summary>One app with an admin (reports and runs rounds), a reviewer (approves), an evaluator and a leader, and helpers to put approved data in.</summary>
public sealed class EvaluationWorld : IAsyncDisposable
{
    /// <summary>≥ 80 家 by 2027 (task 9 of the beautiful-city plan, period 2025–2027): the baseline is the 2024 observation.</summary>
    public const string Enterprises = "bc-t09-performance-ab-enterprises";

    /// <summary>PM2.5 ≤ 28 微克/立方米 by 2027, a city-wide goal.</summary>
    public const string Pm25 = "bc-goal-pm25-2027";

    public const string BeautifulCity = "qingdao-beautiful-city-2025-2027";

    private readonly Dictionary<(string Indicator, int Year), int> _periods = [];

    private EvaluationWorld(MeichengApp app) => App = app;

    public MeichengApp App { get; }
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Reviewer { get; private set; } = null!;
    public HttpClient Evaluator { get; private set; } = null!;
    public HttpClient Leader { get; private set; } = null!;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="provider">The database.</param>
    /// <param name="configure">Called on the app before its first request (the browser tests put it on a Kestrel socket).</param>
    public static async Task<EvaluationWorld> CreateAsync(DatabaseProvider provider, Action<MeichengApp>? configure = null)
    {
        var world = new EvaluationWorld(new MeichengApp(provider));
        configure?.Invoke(world.App);
        world.Admin = await world.App.ClientForAsync(Roles.Admin);
        world.Reviewer = await world.App.ClientForAsync(Roles.Reviewer);
        world.Evaluator = await world.App.ClientForAsync(Roles.Evaluator);
        world.Leader = await world.App.ClientForAsync(Roles.Leader);
        return world;
    }

    public async Task<Target> TargetAsync(string id)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Targets.AsNoTracking().Include(t => t.Indicator).SingleAsync(t => t.Id == id, Ct);
    }

    private async Task<int> PeriodAsync(string indicatorId, int year)
    {
        if (_periods.TryGetValue((indicatorId, year), out var id))
            return id;
        var periods = await (await Admin.PostAsJsonAsync("/api/reporting/periods", new CreatePeriodsRequest("annual", year, 1, null, [indicatorId], Progress: false), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<List<PeriodDto>>(Ct);
        return _periods[(indicatorId, year)] = periods!.Single(p => p.IndicatorId == indicatorId).Id;
    }

    /// <summary>Reports a value in the target's unit (the admin, submitted), and approves it unless told not to; a draft when <paramref name="submit"/> is false.</summary>
    public async Task<ObservationDto> ReportAsync(string targetId, int year, decimal value, string? region = null, bool approve = true, bool submit = true)
    {
        var target = await TargetAsync(targetId);
        var request = new ObservationRequest(targetId, await PeriodAsync(target.IndicatorId, year), region, value, target.Unit, "测试数据", null, submit, null, null, null);
        var response = await Admin.PostAsJsonAsync("/api/reporting/observations", request, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var row = (await response.Content.ReadFromJsonAsync<ObservationDto>(Ct))!;
        if (!approve || !submit)
            return row;
        var approved = await Reviewer.PostAsJsonAsync($"/api/reporting/observations/{row.Id}/approve", new TransitionRequest(row.Version, "核实无误"), Ct);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(Ct));
        return (await approved.Content.ReadFromJsonAsync<ObservationDto>(Ct))!;
    }

    public async Task<RoundSummaryDto> FreezeAsync(string kind, int year, string? planId = null, IReadOnlyDictionary<string, double>? weights = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/evaluation/rounds", new CreateRoundRequest(kind, year, null, planId, null, weights, null, null), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<RoundSummaryDto>(Ct))!;
    }

    /// <summary>The plan files as Core parses them, to compute expected results directly.</summary>
    public static PlanLibrary Library() => PlanLibrary.Load(
        Path.Combine(AppContext.BaseDirectory, "data", "plans"), Path.Combine(AppContext.BaseDirectory, "data", "reference"));

    public static (PlanTarget Target, Direction Direction, int PeriodStart) CoreTarget(string targetId)
    {
        var plan = Library().Plans.Select(e => e.Plan).Single(p => p.Targets.Any(t => t.Id == targetId));
        var target = plan.Targets.Single(t => t.Id == targetId);
        return (target, plan.Indicators.Single(i => i.Id == target.IndicatorId).Direction, plan.PeriodStart);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in new[] { Admin, Reviewer, Evaluator, Leader })
            c?.Dispose();
        await App.DisposeAsync();
    }
}
