using System.Security.Claims;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Accounts.Pages;

/// <summary>The admin pages' forms (static SSR, antiforgery-checked), running the same code as the admin API.</summary>
internal static class AdminForms
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/admin/forms").ExcludeFromDescription().RequireAuthorization(Policies.AdminPages);
        forms.MapPost("/users", SaveUser);
        forms.MapPost("/assignments", Assign);
        forms.MapPost("/unassign", Unassign);
    }

    private static RedirectHttpResult Back(string path, string key, string text) => TypedResults.LocalRedirect($"{path}?{key}={Uri.EscapeDataString(text)}");

    private static string Errors(ValidationProblem v) => string.Join("；", v.ProblemDetails.Errors.SelectMany(e => e.Value));

    private static async Task<RedirectHttpResult> SaveUser(
        [FromForm] string email, [FromForm] string? password, [FromForm] string displayName, [FromForm] string role,
        [FromForm] string? departmentId, [FromForm] string? districtCode,
        ClaimsPrincipal principal, AppDbContext db, UserManager<AppUser> users, TimeProvider clock, CancellationToken ct)
    {
        const string back = "/admin/users";
        departmentId = string.IsNullOrEmpty(departmentId) ? null : departmentId;
        districtCode = string.IsNullOrEmpty(districtCode) ? null : districtCode;
        if (await users.FindByEmailAsync(email.Trim()) is { } existing)
        {
            var updated = await AdminApi.UpdateUser(existing.Id, new UpdateUserRequest(displayName, [role], departmentId, districtCode), principal, db, users, clock, ct);
            return updated.Result is ValidationProblem v ? Back(back, "error", Errors(v)) : Back(back, "msg", $"已修改 {email}");
        }
        if (string.IsNullOrEmpty(password))
            return Back(back, "error", "新建账户须设置初始密码");
        var created = await AdminApi.CreateUser(new CreateUserRequest(email.Trim(), password, displayName, [role], departmentId, districtCode), principal, db, users, clock, ct);
        return created.Result is ValidationProblem p ? Back(back, "error", Errors(p)) : Back(back, "msg", $"已创建 {email}");
    }

    private static async Task<RedirectHttpResult> Assign(
        [FromForm] string taskId, [FromForm] string departmentId, [FromForm] string? role, [FromForm] string? reason,
        ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var result = await AdminApi.Assign(new AssignRequest(taskId, departmentId, role, reason), principal, db, clock, ct);
        return result.Result is ValidationProblem v ? Back("/admin/assignments", "error", Errors(v)) : Back("/admin/assignments", "msg", $"已将 {taskId} 指派给 {departmentId}");
    }

    private static async Task<RedirectHttpResult> Unassign([FromForm] int id, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var result = await AdminApi.Unassign(id, null, principal, db, clock, ct);
        return result.Result switch
        {
            ValidationProblem v => Back("/admin/assignments", "error", Errors(v)),
            NotFound => Back("/admin/assignments", "error", "分工不存在"),
            _ => Back("/admin/assignments", "msg", "已撤销"),
        };
    }
}
