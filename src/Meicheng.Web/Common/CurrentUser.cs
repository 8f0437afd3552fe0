using System.Security.Claims;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Common;

/// <summary>The signed-in user with roles and scope, read fresh from the database so that an admin's change applies at once.</summary>
public sealed record Actor(string UserId, string Email, string Name, IReadOnlySet<string> Roles, string? DepartmentId, string? DistrictCode)
{
    public bool Is(string role) => Roles.Contains(role);

    /// <summary>The financial institution a bank's account acts for (金融机构), by name; null for staff.</summary>
    public string? Institution { get; init; }

    /// <summary>Admin, reviewer, evaluator and leader read every report; reporters read their own scope and what is approved.</summary>
    public bool ReadsAll => Is(Features.Accounts.Roles.Admin) || Is(Features.Accounts.Roles.Reviewer) || Is(Features.Accounts.Roles.Evaluator) || Is(Features.Accounts.Roles.Leader);
}

/// <summary>
/// The request's signed-in actor, resolved once per request (scoped) and shared by the endpoint, the page and the
/// operations it calls (davidfowl/TodoApp's CurrentUser). Anonymous requests have none. This is the one way an actor is
/// resolved: from the request's principal (work outside a request, e.g. a test, sets the principal on the request context).
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, AppDbContext db)
{
    private Actor? _actor;
    private bool _loaded;

    public ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    /// <summary>The actor, or null when nobody is signed in or the account no longer exists.</summary>
    public async ValueTask<Actor?> FindAsync(CancellationToken ct)
    {
        if (!_loaded)
        {
            _actor = IsAuthenticated ? await LoadAsync(Principal.FindFirstValue(ClaimTypes.NameIdentifier), ct) : null;
            _loaded = true;
        }
        return _actor;
    }

    private async Task<Actor?> LoadAsync(string? id, CancellationToken ct)
    {
        if (id is null || await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) is not { } user)
            return null;
        var roles = await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        return new Actor(user.Id, user.Email ?? "", user.DisplayName, roles.ToHashSet(), user.DepartmentId, user.DistrictCode) { Institution = user.Institution };
    }

    /// <summary>The actor of a request that the authorization policy has already let in as signed in.</summary>
    public async ValueTask<Actor> GetAsync(CancellationToken ct) =>
        await FindAsync(ct) ?? throw new InvalidOperationException("No signed-in user: the endpoint's policy must require one.");
}

public static class CurrentUserServices
{
    public static IServiceCollection AddCurrentUser(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        return services;
    }
}
