using Meicheng.Web.Common;
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
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = SecuritySettings.From(configuration, environment);
        services.AddSingleton(settings);
        services.AddSingleton<SignInGuard>();
        services.AddSingleton<SessionCache>();
        services.AddScoped<SignIn>();
        services.AddScoped<Passwords>();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Complexity (等保 2.0: 口令复杂度): length and four character classes, configurable under Security:Password.
                o.Password.RequiredLength = configuration.GetValue("Security:Password:RequiredLength", 12);
                o.Password.RequireDigit = configuration.GetValue("Security:Password:RequireDigit", true);
                o.Password.RequireLowercase = configuration.GetValue("Security:Password:RequireLowercase", true);
                o.Password.RequireUppercase = configuration.GetValue("Security:Password:RequireUppercase", true);
                o.Password.RequireNonAlphanumeric = configuration.GetValue("Security:Password:RequireNonAlphanumeric", true);
                // Failed passwords lock an (account, address) pair in SignInGuard; Identity's lockout is only an admin's "disabled".
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<PasswordHistoryValidator>()
            .AddTokenProvider<AuthenticatorTokenProvider<AppUser>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddRateLimiter(o => o.AddPolicy<string, SignInRateLimit>(SignIn.RateLimitPolicy));
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
                // Strict: no other site's link or form carries the session (with the Origin check in SecurityRequests).
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Idle timeout (sliding) and an absolute lifetime checked in ValidateSessionAsync.
                o.ExpireTimeSpan = settings.IdleTimeout;
                o.SlidingExpiration = true;
                o.Events.OnSigningIn = SignIn.StampSignInAsync;
                o.Events.OnValidatePrincipal = SignIn.ValidateSessionAsync;
                // An API caller gets a status code, not the sign-in page.
                o.Events.OnRedirectToLogin = ctx => Redirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Redirect(ctx, StatusCodes.Status403Forbidden);
            })
            .AddCookie(SignIn.TwoFactorScheme, o =>
            {
                o.Cookie.Name = "meicheng.2fa";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        // Three-role separation (三员分立, Security:ThreeRoleSeparation): the security admin alone manages accounts, roles and
        // tokens and the auditor alone reads the audit log; without it the plan office's admin does both as before.
        string[] accountAdmins = settings.ThreeRoleSeparation ? [Roles.Security] : [Roles.Admin, Roles.Security];
        string[] auditReaders = settings.ThreeRoleSeparation ? [Roles.Auditor] : [Roles.Admin, Roles.Auditor];
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Review, p => p.RequireRole(Roles.Admin, Roles.Reviewer))
            .AddPolicy(Policies.Report, p => p.RequireRole(Roles.Admin, Roles.Department, Roles.District))
            .AddPolicy(Policies.ReadAll, p => p.RequireRole(Roles.Admin, Roles.Reviewer, Roles.Evaluator, Roles.Leader))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.All.ToArray()))
            .AddPolicy(Policies.Finance, p => p.RequireRole(Roles.Assignable.ToArray()))
            .AddPolicy(Policies.Bank, p => p.RequireRole(Roles.Bank))
            .AddPolicy(Policies.AuditRead, p => p.RequireRole(auditReaders))
            .AddPolicy(Policies.Accounts, p => p.RequireRole(accountAdmins))
            // Pages are for people: a machine token reaches the API only.
            .AddPolicy(Policies.People, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.All.ToArray()))
            // Any person with an account, a financial institution's included: changing one's password, the finance board.
            .AddPolicy(Policies.EveryonePages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Assignable.ToArray()))
            .AddPolicy(Policies.AdminPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin))
            .AddPolicy(Policies.AccountPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(accountAdmins))
            .AddPolicy(Policies.AuditPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(auditReaders))
            .AddPolicy(Policies.ReporterPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Department, Roles.District))
            .AddPolicy(Policies.ReviewPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Reviewer))
            .AddPolicy(Policies.ReadAllPages, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Reviewer, Roles.Evaluator, Roles.Leader));
        services.AddScoped<Users>();
        services.AddScoped<Assignments>();
        return services;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        ctx.HttpContext.Items[SecurityRequests.RefusedFlag] = status == StatusCodes.Status401Unauthorized ? "not signed in" : "forbidden";
        if (ctx.Request.Path.StartsWithSegments("/api"))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", RuntimeBound.Handler(Login)).AllowAnonymous().RequireRateLimiting(SignIn.RateLimitPolicy);
        account.MapPost("/two-factor", RuntimeBound.Handler(SecondFactor)).AllowAnonymous().RequireRateLimiting(SignIn.RateLimitPolicy);
        account.MapPost("/logout", Logout);
        app.MapLanding();
        app.MapGet("/api/me", Me).WithTags("Accounts").WithSummary("Who is signed in, with roles and reporting scope");
        return app;
    }

    private static async Task<RedirectHttpResult> Login(
        [FromForm] string email, [FromForm] string password, [FromForm] string? returnUrl, HttpContext http, SignIn signIn, CancellationToken ct)
    {
        var target = SignIn.SafeReturnUrl(returnUrl);
        var (step, user) = await signIn.PasswordAsync(email, password, SignIn.Address(http), ct);
        switch (step)
        {
            case SignInStep.SignedIn:
                await signIn.CompleteAsync(http, user!, ct);
                return TypedResults.LocalRedirect(target);
            case SignInStep.SecondFactor:
                await SignIn.BeginSecondFactorAsync(http, user!);
                return TypedResults.LocalRedirect($"/account/two-factor?returnUrl={Uri.EscapeDataString(target)}");
            default:
                return TypedResults.LocalRedirect($"/account/login?error=1&returnUrl={Uri.EscapeDataString(target)}");
        }
    }

    private static async Task<RedirectHttpResult> SecondFactor(
        [FromForm] string code, [FromForm] string? returnUrl, HttpContext http, SignIn signIn, CancellationToken ct)
    {
        var target = SignIn.SafeReturnUrl(returnUrl);
        if (await signIn.PendingAsync(http) is not { } user)
            return TypedResults.LocalRedirect($"/account/login?returnUrl={Uri.EscapeDataString(target)}");
        if (!await signIn.SecondFactorAsync(user, code, SignIn.Address(http), ct))
            return TypedResults.LocalRedirect($"/account/two-factor?error=1&returnUrl={Uri.EscapeDataString(target)}");
        await signIn.CompleteAsync(http, user, ct);
        return TypedResults.LocalRedirect(target);
    }

    private static async Task<RedirectHttpResult> Logout(HttpContext http, SignIn signIn, CancellationToken ct)
    {
        await signIn.SignOutAsync(http, ct);
        return TypedResults.LocalRedirect("/");
    }

    private static async Task<Results<Ok<MeDto>, UnauthorizedHttpResult>> Me(CurrentUser currentUser, CancellationToken ct)
    {
        var actor = await currentUser.FindAsync(ct);
        if (actor is null)
            return TypedResults.Unauthorized();
        return TypedResults.Ok(new MeDto(actor.UserId, actor.Email, actor.Name, actor.Roles.Order().ToList(), actor.DepartmentId, actor.DistrictCode,
            currentUser.Principal.HasClaim(c => c.Type == "token")));
    }
}
