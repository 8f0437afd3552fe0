using Meicheng.Web.Common;
using System.ComponentModel.DataAnnotations;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Accounts;

public sealed record UserDto(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, string? DepartmentId, string? DistrictCode, bool IsDemo, bool Disabled,
    string? Institution = null);

public sealed record CreateUserRequest(
    [property: Required, EmailAddress] string Email, [property: Required, MinLength(8)] string Password, [property: Required] string DisplayName,
    [property: Required] IReadOnlyList<string> Roles, string? DepartmentId, string? DistrictCode, [property: MaxLength(100)] string? Institution = null);

public sealed record UpdateUserRequest([property: Required] string DisplayName, [property: Required] IReadOnlyList<string> Roles, string? DepartmentId, string? DistrictCode,
    [property: MaxLength(100)] string? Institution = null);

public sealed record IssueTokenRequest([property: Required] string UserId, [property: Required, MaxLength(100)] string Name);

public sealed record IssuedTokenDto(int Id, string Name, string UserId, string Token);

public sealed record TokenDto(int Id, string Name, string UserId, string Email, string DisplayName, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record AssignmentTaskDto(string TaskId, string PlanId, bool IsMeasure, int Number, string Title, string? ResponsibilityText,
    IReadOnlyList<AssignmentDto> Owners, bool HasOwner);

public sealed record AssignmentDto(int Id, string DepartmentId, string Role, string Source);

public sealed record AssignRequest([property: Required] string TaskId, [property: Required] string DepartmentId, string? Role, string? Reason);

public sealed record DisableUserRequest([property: MaxLength(500)] string? Reason);

public sealed record ResetPasswordRequest([property: Required, MinLength(8)] string Password);

/// <summary>The plan office's administration over HTTP: users, roles, scopes, tokens, and who owns each task (see Users and Assignments).</summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        // Accounts, roles and tokens: the security admin's with three-role separation (Policies.Accounts), the plan office's without.
        var accounts = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policies.Accounts);
        accounts.MapGet("/users", ListUsers).WithSummary("Every account with its roles and reporting scope");
        accounts.MapPost("/users", CreateUser).WithSummary("Create an account with roles and a department or district scope");
        accounts.MapPut("/users/{id}", UpdateUser).WithSummary("Change an account's name, roles and scope; a change of roles or scope ends its sessions");
        accounts.MapPost("/users/{id}/disable", DisableUser).WithSummary("Disable an account: it can no longer sign in, its sessions end and its tokens are revoked");
        accounts.MapPost("/users/{id}/password", ResetPassword).WithSummary("Set a new password for an account; its sessions end");
        accounts.MapGet("/tokens", ListTokens).WithSummary("Every bearer token with its owner, issue and revocation times (the token itself is never shown again)");
        accounts.MapPost("/tokens", IssueToken).WithSummary("Issue a bearer token for a machine client acting as a user; the token is shown once");
        accounts.MapDelete("/tokens/{id:int}", RevokeToken).WithSummary("Revoke a bearer token");
        // Who owns each task is the plan office's own work.
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policies.Admin);
        admin.MapGet("/assignments", ListAssignments).WithSummary("Every task and measure with its responsible units; HasOwner=false flags the unowned");
        admin.MapPost("/assignments", Assign).WithSummary("Assign a task to a department (Responsibility with Source \"assigned\")");
        AuditExport.Map(app);
        admin.MapDelete("/assignments/{id:int}", Unassign).WithSummary("Remove an assignment the plan office made (the plan's own rows stay)");
        return app;
    }

    private static async Task<Ok<List<UserDto>>> ListUsers(AppDbContext db, CancellationToken ct) => TypedResults.Ok(await Users.ListAsync(db, ct));

    private static async Task<Results<Created<UserDto>, Ok<UserDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> CreateUser(
        CreateUserRequest request, Users users, CancellationToken ct) =>
        (await users.CreateAsync(request, ct)).ToHttpCreated(u => u, u => $"/api/admin/users/{u.Id}");

    private static async Task<Results<Ok<UserDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> UpdateUser(
        string id, UpdateUserRequest request, Users users, CancellationToken ct) => (await users.UpdateAsync(id, request, ct)).ToHttp(u => u);

    private static async Task<Results<Ok<UserDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> DisableUser(
        string id, DisableUserRequest request, Users users, CancellationToken ct) => (await users.DisableAsync(id, request.Reason, ct)).ToHttp(u => u);

    private static async Task<Results<Ok<UserDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> ResetPassword(
        string id, ResetPasswordRequest request, Users users, CancellationToken ct) => (await users.ResetPasswordAsync(id, request.Password, ct)).ToHttp(u => u);

    private static async Task<Results<Ok<IssuedTokenDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> IssueToken(
        IssueTokenRequest request, Users users, CancellationToken ct) => (await users.IssueTokenAsync(request, ct)).ToHttp(t => t);

    private static async Task<Ok<List<TokenDto>>> ListTokens(AppDbContext db, CancellationToken ct) => TypedResults.Ok(await Users.ListTokensAsync(db, ct));

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> RevokeToken(int id, Users users, CancellationToken ct) =>
        (await users.RevokeTokenAsync(id, ct)).Kind switch
        {
            OutcomeKind.Ok => TypedResults.NoContent(),
            OutcomeKind.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(),
        };

    private static async Task<Ok<List<AssignmentTaskDto>>> ListAssignments(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Assignments.ListAsync(db, ct));

    private static async Task<Results<Ok<AssignmentDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Assign(
        AssignRequest request, Assignments assignments, CancellationToken ct) => (await assignments.AssignAsync(request, ct)).ToHttp(a => a);

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> Unassign(int id, string? reason, Assignments assignments, CancellationToken ct)
    {
        var result = await assignments.UnassignAsync(id, reason, ct);
        return result.Kind switch
        {
            OutcomeKind.NotFound => TypedResults.NotFound(),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(result.Errors.ToDictionary()),
            _ => TypedResults.NoContent(),
        };
    }
}
