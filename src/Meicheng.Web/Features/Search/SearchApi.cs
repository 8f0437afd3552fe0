using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meicheng.Web.Features.Search;

public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Search").AllowAnonymous()
            .MapGet("/search", Search).WithSummary("Search across both plans: tasks, targets, milestones, indicators, units, regions (Chinese or English)");
        return app;
    }

    private static async Task<Results<Ok<SearchResultDto>, ValidationProblem>> Search(string? q, AppDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["请输入检索词 (a search term is required)"] });
        return TypedResults.Ok(await SearchQueries.SearchAsync(db, q, ct));
    }
}
