using Meicheng.Web.Common;
using System.Security.Claims;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Meicheng.Web.Features.Accounts;

public sealed record MeDto(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, string? DepartmentId, string? DistrictCode, bool ViaToken);

public static class AccountsApi
{
    public const string SmartScheme = "Meicheng";

    /// <summary>Identity on the app's own DbContext; cookies for people, bearer tokens for machines; deny by default.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>();
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "meicheng.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                // An API caller gets a status code, not the sign-in page.
                o.Events.OnRedirectToLogin = ctx => Redirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Redirect(ctx, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Review, p => p.RequireRole(Roles.Admin, Roles.Reviewer))
            .AddPolicy(Policies.Report, p => p.RequireRole(Roles.Admin, Roles.Department, Roles.District))
            .AddPolicy(Policies.ReadAll, p => p.RequireRole(Roles.Admin, Roles.Reviewer, Roles.Evaluator, Roles.Leader))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.All.ToArray()))
            // Pages are for people: a machine token reaches the API only.
            .AddPolicy(Policies.People, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.All.ToArray()))
            .AddPolicy(Policies.AdminPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin))
            .AddPolicy(Policies.ReporterPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Department, Roles.District))
            .AddPolicy(Policies.ReviewPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Reviewer))
            .AddPolicy(Policies.ReadAllPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Reviewer, Roles.Evaluator, Roles.Leader));
        services.AddScoped<Users>();
        services.AddScoped<Assignments>();
        return services;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Creates the roles, and on first start the admin named by Admin:Email / Admin:Password.</summary>
    public static async Task BootstrapAccountsAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));
        }
        var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var (email, password) = (config["Admin:Email"], config["Admin:Password"]);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
            return;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null)
            return;
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "规划办管理员" };
        Check(await users.CreateAsync(admin, password));
        Check(await users.AddToRoleAsync(admin, Roles.Admin));
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Accounts").LogInformation("Bootstrap admin {Email} created", email);
    }

    internal static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", Login).AllowAnonymous();
        account.MapPost("/logout", Logout);
        app.MapGet("/api/me", Me).WithTags("Accounts").WithSummary("Who is signed in, with roles and reporting scope");
        AdminApi.Map(app);
        return app;
    }

    private static async Task<RedirectHttpResult> Login(
        [FromForm] string email, [FromForm] string password, [FromForm] string? returnUrl,
        HttpContext http, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals)
    {
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") ? returnUrl : "/reporting";
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || await users.IsLockedOutAsync(user) || !await users.CheckPasswordAsync(user, password))
        {
            if (user is not null)
                await users.AccessFailedAsync(user);
            return TypedResults.LocalRedirect($"/account/login?error=1&returnUrl={Uri.EscapeDataString(target)}");
        }
        await users.ResetAccessFailedCountAsync(user);
        await http.SignInAsync(IdentityConstants.ApplicationScheme, await principals.CreateAsync(user));
        return TypedResults.LocalRedirect(target);
    }

    private static async Task<RedirectHttpResult> Logout(HttpContext http, CancellationToken ct)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.LocalRedirect("/");
    }

    private static async Task<Results<Ok<MeDto>, UnauthorizedHttpResult>> Me(ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var actor = await Actor.LoadAsync(principal, db, ct);
        if (actor is null)
            return TypedResults.Unauthorized();
        return TypedResults.Ok(new MeDto(actor.UserId, actor.Email, actor.Name, actor.Roles.Order().ToList(), actor.DepartmentId, actor.DistrictCode,
            principal.HasClaim(c => c.Type == "token")));
    }
}

public static class Policies
{
    public const string Admin = "admin";
    public const string Review = "review";
    public const string Report = "report";
    public const string ReadAll = "read-all";
    public const string Staff = "staff";
    public const string People = "people";
    public const string AdminPages = "admin-pages";
    public const string ReporterPages = "reporter-pages";
    public const string ReviewPages = "review-pages";
    public const string ReadAllPages = "read-all-pages";
}
