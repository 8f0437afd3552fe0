using Meicheng.Web.Common;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Accounts;

public sealed record UserDto(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, string? DepartmentId, string? DistrictCode, bool IsDemo);

public sealed record CreateUserRequest(
    [property: Required, EmailAddress] string Email, [property: Required, MinLength(8)] string Password, [property: Required] string DisplayName,
    [property: Required] IReadOnlyList<string> Roles, string? DepartmentId, string? DistrictCode);

public sealed record UpdateUserRequest([property: Required] string DisplayName, [property: Required] IReadOnlyList<string> Roles, string? DepartmentId, string? DistrictCode);

public sealed record IssueTokenRequest([property: Required] string UserId, [property: Required, MaxLength(100)] string Name);

public sealed record IssuedTokenDto(int Id, string Name, string UserId, string Token);

public sealed record AssignmentTaskDto(string TaskId, string PlanId, bool IsMeasure, int Number, string Title, string? ResponsibilityText,
    IReadOnlyList<AssignmentDto> Owners, bool HasOwner);

public sealed record AssignmentDto(int Id, string DepartmentId, string Role, string Source);

public sealed record AssignRequest([property: Required] string TaskId, [property: Required] string DepartmentId, string? Role, string? Reason);

/// <summary>The plan office's administration: users, roles, scopes, tokens, and who owns each task.</summary>
internal static class AdminApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policies.Admin);
        admin.MapGet("/users", ListUsers).WithSummary("Every account with its roles and reporting scope");
        admin.MapPost("/users", CreateUser).WithSummary("Create an account with roles and a department or district scope");
        admin.MapPut("/users/{id}", UpdateUser).WithSummary("Change an account's name, roles and scope");
        admin.MapPost("/tokens", IssueToken).WithSummary("Issue a bearer token for a machine client acting as a user; the token is shown once");
        admin.MapDelete("/tokens/{id:int}", RevokeToken).WithSummary("Revoke a bearer token");
        admin.MapGet("/assignments", ListAssignments).WithSummary("Every task and measure with its responsible units; HasOwner=false flags the unowned");
        admin.MapPost("/assignments", Assign).WithSummary("Assign a task to a department (Responsibility with Source \"assigned\")");
        admin.MapDelete("/assignments/{id:int}", Unassign).WithSummary("Remove an assignment the plan office made (the plan's own rows stay)");
    }

    internal static async Task<List<UserDto>> UsersAsync(AppDbContext db, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        return users.Select(u => new UserDto(u.Id, u.Email ?? "", u.DisplayName, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(),
            u.DepartmentId, u.DistrictCode, u.IsDemo)).ToList();
    }

    private static async Task<Ok<List<UserDto>>> ListUsers(AppDbContext db, CancellationToken ct) => TypedResults.Ok(await UsersAsync(db, ct));

    private static async Task<Dictionary<string, string[]>> ScopeErrors(AppDbContext db, IReadOnlyList<string> roles, string? departmentId, string? districtCode, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
            errors["roles"] = [$"角色须为 {string.Join("、", Roles.All)} 之一"];
        if (roles.Contains(Roles.Department) && (departmentId is null || !await db.Departments.AnyAsync(d => d.Id == departmentId, ct)))
            errors["departmentId"] = ["部门填报人须指定存在的责任单位"];
        if (roles.Contains(Roles.District) && (districtCode is null || !await db.Regions.AnyAsync(r => r.Code == districtCode, ct)))
            errors["districtCode"] = ["区（市）填报人须指定有效的行政区划代码"];
        return errors;
    }

    internal static async Task<Results<Created<UserDto>, ValidationProblem>> CreateUser(
        CreateUserRequest request, ClaimsPrincipal principal, AppDbContext db, UserManager<AppUser> users, TimeProvider clock, CancellationToken ct)
    {
        var errors = await ScopeErrors(db, request.Roles, request.DepartmentId, request.DistrictCode, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var user = new AppUser
        {
            UserName = request.Email, Email = request.Email, EmailConfirmed = true, DisplayName = request.DisplayName,
            DepartmentId = request.DepartmentId, DistrictCode = request.DistrictCode,
        };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["user"] = created.Errors.Select(e => e.Description).ToArray() });
        AccountsApi.Check(await users.AddToRolesAsync(user, request.Roles));
        var actor = (await Actor.LoadAsync(principal, db, ct))!;
        Audit.Record(db, actor, clock.GetUtcNow(), "user.create", "user", user.Id, null,
            new { request.Email, request.DisplayName, request.Roles, request.DepartmentId, request.DistrictCode });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/users/{user.Id}", (await UsersAsync(db, ct)).Single(u => u.Id == user.Id));
    }

    internal static async Task<Results<Ok<UserDto>, NotFound, ValidationProblem>> UpdateUser(
        string id, UpdateUserRequest request, ClaimsPrincipal principal, AppDbContext db, UserManager<AppUser> users, TimeProvider clock, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
            return TypedResults.NotFound();
        var errors = await ScopeErrors(db, request.Roles, request.DepartmentId, request.DistrictCode, ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var before = (await UsersAsync(db, ct)).Single(u => u.Id == id);
        user.DisplayName = request.DisplayName;
        user.DepartmentId = request.DepartmentId;
        user.DistrictCode = request.DistrictCode;
        AccountsApi.Check(await users.UpdateAsync(user));
        var current = await users.GetRolesAsync(user);
        AccountsApi.Check(await users.RemoveFromRolesAsync(user, current.Except(request.Roles)));
        AccountsApi.Check(await users.AddToRolesAsync(user, request.Roles.Except(current)));
        var actor = (await Actor.LoadAsync(principal, db, ct))!;
        var after = (await UsersAsync(db, ct)).Single(u => u.Id == id);
        Audit.Record(db, actor, clock.GetUtcNow(), "user.update", "user", id, before, after);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<Ok<IssuedTokenDto>, ValidationProblem>> IssueToken(
        IssueTokenRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == request.UserId, ct))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["用户不存在"] });
        var plain = TokenAuthenticationHandler.NewToken();
        var token = new ApiToken { UserId = request.UserId, Name = request.Name, TokenHash = TokenAuthenticationHandler.Hash(plain), CreatedAt = clock.GetUtcNow() };
        db.ApiTokens.Add(token);
        var actor = (await Actor.LoadAsync(principal, db, ct))!;
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, clock.GetUtcNow(), "token.issue", "token", token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { request.UserId, request.Name });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new IssuedTokenDto(token.Id, token.Name, token.UserId, plain));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeToken(int id, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.ApiTokens.FindAsync([id], ct) is not { RevokedAt: null } token)
            return TypedResults.NotFound();
        token.RevokedAt = clock.GetUtcNow();
        Audit.Record(db, (await Actor.LoadAsync(principal, db, ct))!, token.RevokedAt.Value, "token.revoke", "token",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { token.Name }, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<List<AssignmentTaskDto>> AssignmentsAsync(AppDbContext db, CancellationToken ct)
    {
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => !t.Retired).Include(t => t.Responsibilities).ToListAsync(ct);
        return tasks.OrderBy(t => t.PlanId).ThenBy(t => t.IsMeasure).ThenBy(t => t.Number)
            .Select(t => new AssignmentTaskDto(t.Id, t.PlanId, t.IsMeasure, t.Number, t.Title, t.ResponsibilityText,
                t.Responsibilities.OrderBy(r => r.Id).Select(r => new AssignmentDto(r.Id, r.DepartmentId, r.Role, r.Source)).ToList(),
                t.Responsibilities.Count > 0))
            .ToList();
    }

    private static async Task<Ok<List<AssignmentTaskDto>>> ListAssignments(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await AssignmentsAsync(db, ct));

    internal static async Task<Results<Ok<AssignmentDto>, ValidationProblem>> Assign(
        AssignRequest request, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var role = request.Role ?? "lead";
        var errors = new Dictionary<string, string[]>();
        if (!await db.PlanTasks.AnyAsync(t => t.Id == request.TaskId && !t.Retired, ct))
            errors["taskId"] = ["任务不存在"];
        if (!await db.Departments.AnyAsync(d => d.Id == request.DepartmentId, ct))
            errors["departmentId"] = ["责任单位不存在"];
        if (role is not ("lead" or "responsible"))
            errors["role"] = ["角色须为 lead（牵头）或 responsible（责任）"];
        if (errors.Count == 0 && await db.Responsibilities.AnyAsync(r => r.TaskId == request.TaskId && r.DepartmentId == request.DepartmentId, ct))
            errors["departmentId"] = ["该单位已负责此任务"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var row = new Responsibility { TaskId = request.TaskId, DepartmentId = request.DepartmentId, Role = role, Source = "assigned" };
        db.Responsibilities.Add(row);
        Audit.Record(db, (await Actor.LoadAsync(principal, db, ct))!, clock.GetUtcNow(), "assignment.add", "task", request.TaskId, null,
            new { request.DepartmentId, Role = role, Source = "assigned" }, request.Reason);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new AssignmentDto(row.Id, row.DepartmentId, row.Role, row.Source));
    }

    internal static async Task<Results<NoContent, NotFound, ValidationProblem>> Unassign(
        int id, string? reason, ClaimsPrincipal principal, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Responsibilities.FindAsync([id], ct) is not { } row)
            return TypedResults.NotFound();
        if (row.Source != "assigned")
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["规划文件写明的责任单位不能在此删除"] });
        db.Responsibilities.Remove(row);
        Audit.Record(db, (await Actor.LoadAsync(principal, db, ct))!, clock.GetUtcNow(), "assignment.remove", "task", row.TaskId,
            new { row.DepartmentId, row.Role, row.Source }, null, reason);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
