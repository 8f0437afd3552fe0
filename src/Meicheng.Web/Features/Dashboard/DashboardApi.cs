using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Evaluation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Dashboard;

/// <summary>
/// The leadership dashboard (驾驶舱) as JSON: what the /dashboard page draws, and the drill-down behind each chart. Both take
/// the same query as their page (<c>/dashboard?…</c> ↔ <c>/api/dashboard?…</c>, <c>/dashboard/targets?…</c> ↔ <c>/api/dashboard/targets?…</c>).
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        // The plan office, reviewers, evaluators and leaders: those who read everything.
        var group = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(Policies.ReadAll);
        group.MapGet("/", RuntimeBound.Handler(Get)).WithSummary(
            "The dashboard for a year, plan and method: status counts (targets and milestones), area × district heat map, district map, indicator trends with projections, the attention list");
        group.MapGet("/targets", Drill).WithSummary(
            "The targets (or milestones, kind=milestones) behind a dashboard chart element, filtered by status, area, region, plan and indicator");
        return app;
    }

    private static async Task<Results<CachedJson<DashboardDto>, ValidationProblem>> Get(
        int? year, string? plan, string? method, string? mapIndicator, [FromQuery] string[]? trend,
        LiveEvaluation live, Environment.Hj212.StationAlerts alerts, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = await DashboardQueries.ValidateAsync(live, year, plan, method, null, ct);
        foreach (var (key, value) in await DashboardQueries.ValidateIndicatorsAsync(db, (trend ?? []).Concat(mapIndicator is null ? [] : [mapIndicator]), "indicator", ct))
            errors[key] = value;
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return new CachedJson<DashboardDto>(await DashboardQueries.JsonAsync(
            live, alerts, db, year ?? clock.GetUtcNow().Year, plan, method ?? live.Settings.PrimaryMethod, mapIndicator, trend ?? [], ct));
    }

    private static async Task<Results<Ok<DrillDownDto>, ValidationProblem>> Drill(
        int? year, string? method, string? kind, string? status, string? area, string? region, string? plan, string? indicator,
        LiveEvaluation live, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        kind ??= "targets";
        var errors = await DashboardQueries.ValidateAsync(live, year, plan, method, region, ct);
        foreach (var (key, value) in DashboardQueries.ValidateDrill(kind, status, area, plan, indicator))
            errors[key] = value;
        foreach (var (key, value) in await DashboardQueries.ValidateIndicatorsAsync(db, indicator is null ? [] : [indicator], "indicator", ct))
            errors[key] = value;
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await DashboardQueries.DrillAsync(
            live, db, year ?? clock.GetUtcNow().Year, method ?? live.Settings.PrimaryMethod, kind, status, area, region ?? live.City.Code, plan, indicator, ct));
    }
}
