using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Environment.Sponge;

/// <summary>The sponge-city assessment's endpoints: reads open, changes for admins.</summary>
public static class SpongeApi
{
    public static IServiceCollection AddSponge(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SpongeOptions>(configuration.GetSection("Sponge"));
        services.AddScoped<Zones>();
        return services;
    }

    public static IEndpointRouteBuilder MapSponge(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/environment/sponge").WithTags("Sponge").AllowAnonymous();
        open.MapGet("/zones", List)
            .WithSummary("Drainage zones with a year's annual runoff volume capture ratio (GB/T 51345-2018 monitoring, annual volume balance) and whether each meets its target");
        open.MapGet("/area/{year:int}", Area).WithSummary("New 达标面积 of a year: the zones meeting their targets that were not compliant at the plan's baseline");

        var admin = app.MapGroup("/api/environment/sponge").WithTags("Sponge").RequireAuthorization(Policies.Admin);
        admin.MapPost("/zones", Save).WithSummary("Register a drainage zone, or change it (by code)");
        admin.MapPost("/monitoring/import", RuntimeBound.Handler(Import)).DisableAntiforgery()
            .WithSummary("Import daily rainfall (mm) and outflow (m³) per zone as CSV (zone,date,rainfall_mm,outflow_m3): all or nothing; the same file again changes nothing");
        return app;
    }

    private static async Task<Results<Ok<List<ZoneDto>>, ValidationProblem>> List(int? year, Zones zones, TimeProvider clock, CancellationToken ct)
    {
        var y = year ?? clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        if (y is < 1900 or > 2200)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["年份无效"] });
        return TypedResults.Ok(await zones.ListAsync(y, ct));
    }

    private static async Task<Results<Ok<CompliantArea>, ValidationProblem>> Area(int year, Zones zones, AppDbContext db, CancellationToken ct)
    {
        if (year is < 1900 or > 2200)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["年份无效"] });
        return TypedResults.Ok(await Zones.NewCompliantAreaAsync(db, year, zones.BaselineYear, ct));
    }

    private static async Task<Results<Created<ZoneRequest>, Ok<ZoneRequest>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Save(
        ZoneRequest request, Zones zones, CancellationToken ct) =>
        (await zones.SaveAsync(request, ct)).ToHttpCreated(z => new ZoneRequest(z.Code, z.Name, z.RegionCode, z.AreaKm2, z.TargetCaptureRatio, z.CompliantAtBaseline, z.Geometry, z.Note),
            z => $"/api/environment/sponge/zones?code={z.Code}");

    private static async Task<Results<Ok<SeriesImportResultDto>, ValidationProblem>> Import(IFormFile file, Zones zones, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var (result, issues) = await zones.ImportSeriesAsync(stream, file.Length, ct);
        return result is not null ? TypedResults.Ok(result) : TypedResults.ValidationProblem(
            issues.GroupBy(i => i.Line == 0 ? "file" : $"line {i.Line}").ToDictionary(g => g.Key, g => g.Select(i => i.Column.Length == 0 ? i.Reason : $"{i.Column}: {i.Reason}").ToArray()),
            title: "文件有错误，未保存任何数据", extensions: new Dictionary<string, object?> { ["issues"] = issues });
    }
}
