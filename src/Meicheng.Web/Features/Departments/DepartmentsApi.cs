using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Meicheng.Web.Features.Departments;

public static class DepartmentsApi
{
    public static IEndpointRouteBuilder MapDepartments(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Departments").AllowAnonymous();
        api.MapGet("/departments", ListDepartments).WithSummary("The responsible units, with how many tasks each leads or shares");
        api.MapGet("/departments/{id}", GetDepartment).WithSummary("A responsible unit and its tasks and measures");
        return app;
    }

    private static async Task<Ok<List<DepartmentDto>>> ListDepartments(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await DepartmentQueries.ListAsync(db, ct));

    private static async Task<Results<Ok<DepartmentDetailDto>, NotFound>> GetDepartment(string id, AppDbContext db, CancellationToken ct) =>
        await DepartmentQueries.GetAsync(db, id, ct) is { } d ? TypedResults.Ok(d) : TypedResults.NotFound();
}
