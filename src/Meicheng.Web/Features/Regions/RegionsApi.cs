using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meicheng.Web.Features.Regions;

public static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Regions").AllowAnonymous();
        api.MapGet("/regions", ListRegions).WithSummary("The city and its districts with GB/T 2260 codes");
        api.MapGet("/regions/{code}", GetRegion).WithSummary("A region with its zones, and the tasks, targets and milestones scoped to it");
        api.MapGet("/zones", ListZones).WithSummary("Functional zones and named places the plans mention");
        return app;
    }

    private static async Task<Ok<List<RegionDto>>> ListRegions(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await RegionQueries.RegionsAsync(db, ct));

    private static async Task<Ok<List<ZoneDto>>> ListZones(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await RegionQueries.ZonesAsync(db, ct));

    private static async Task<Results<Ok<RegionDetailDto>, NotFound>> GetRegion(string code, AppDbContext db, CancellationToken ct) =>
        await RegionQueries.GetRegionAsync(db, code, ct) is { } region ? TypedResults.Ok(region) : TypedResults.NotFound();
}
