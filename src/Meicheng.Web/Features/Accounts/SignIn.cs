using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.RateLimiting;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Accounts;

/// <summary>
/// The 等保 2.0 level 3 sign-in controls, read once from "Security:*". Those marked "Production" are on by default only
/// there, so the tests and a developer's machine sign in with a password alone; a test turns one on with its key.
/// </summary>
public sealed record SecuritySettings(
    bool RequireTwoFactor, bool SeparateAuditor, TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime,
    int LockoutFailures, TimeSpan LockoutDuration, int SignInPermitsPerMinute, bool DemoEnabled)
{
    public static SecuritySettings From(IConfiguration c, IHostEnvironment environment) => new(
        RequireTwoFactor: c.GetValue<bool?>("Security:RequireTwoFactor") ?? environment.IsProduction(),
        SeparateAuditor: c.GetValue<bool?>("Security:SeparateAuditor") ?? environment.IsProduction(),
        IdleTimeout: TimeSpan.FromMinutes(c.GetValue("Security:IdleTimeoutMinutes", 15)),
        AbsoluteLifetime: TimeSpan.FromMinutes(c.GetValue("Security:AbsoluteLifetimeMinutes", 600)),
        LockoutFailures: c.GetValue("Security:LockoutFailures", 5),
        LockoutDuration: TimeSpan.FromMinutes(c.GetValue("Security:LockoutMinutes", 15)),
        SignInPermitsPerMinute: c.GetValue("Security:SignInPermitsPerMinute", 60),
        DemoEnabled: c.GetValue("Demo:Enabled", false));

    /// <summary>The roles that must prove a second factor (TOTP): those who approve figures or administer accounts.</summary>
    public static readonly IReadOnlyList<string> SecondFactorRoles = [Roles.Admin, Roles.Reviewer, Roles.Auditor];
}

/// <summary>
/// Failed sign-ins counted per (account, client address), not per account: a stranger who types the admin's address ten
/// times locks the admin out of the stranger's address only, never out of the admin's own (issue 10 finding 12).
/// In memory: a restart forgets, which the per-address rate limiter on the sign-in endpoints bounds.
/// </summary>
public sealed class SignInGuard(TimeProvider clock)
{
    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset Last);

    private readonly ConcurrentDictionary<(string Account, string Address), Entry> _entries = new();

    public bool IsLocked(string account, string address) =>
        _entries.TryGetValue(Key(account, address), out var e) && e.LockedUntil > clock.GetUtcNow();

    /// <summary>Counts a failure; true when this one locked the pair.</summary>
    public bool Failed(string account, string address, SecuritySettings settings)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count > 50_000)
        {
            foreach (var stale in _entries.Where(p => now - p.Value.Last > TimeSpan.FromDays(1)).Select(p => p.Key).ToList())
                _entries.TryRemove(stale, out _);
        }
        var entry = _entries.AddOrUpdate(Key(account, address), _ => new Entry(1, null, now), (_, e) =>
        {
            var failures = e.LockedUntil is { } until && until <= now ? 1 : e.Failures + 1;
            return new Entry(failures, failures >= settings.LockoutFailures ? now + settings.LockoutDuration : null, now);
        });
        return entry.LockedUntil is not null && entry.Failures == settings.LockoutFailures;
    }

    public void Succeeded(string account, string address) => _entries.TryRemove(Key(account, address), out _);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _uses = new();

    /// <summary>True at most once an hour per key: a token's use is audited without a row for every call.</summary>
    public bool FirstUseThisHour(string key)
    {
        var now = clock.GetUtcNow();
        if (_uses.Count > 50_000)
            _uses.Clear();
        var last = _uses.GetOrAdd(key, DateTimeOffset.MinValue);
        return now - last >= TimeSpan.FromHours(1) && _uses.TryUpdate(key, now, last);
    }

    private static (string, string) Key(string account, string address) => (account.Trim().ToUpperInvariant(), address);
}

/// <summary>Where a password check leaves the person signing in.</summary>
public enum SignInStep { Refused, SecondFactor, SignedIn }

/// <summary>Sign-in, the second factor, sign-out and the session check every cookie request passes through.</summary>
public sealed class SignIn(
    UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, IPasswordHasher<AppUser> hasher,
    SignInGuard guard, SecuritySettings settings, IDbContextFactory<AppDbContext> dbs, TimeProvider clock)
{
    /// <summary>
    /// A path on this site, or "/" for anything else: "//evil", "/\evil" (browsers read a backslash as a slash) and absolute
    /// URLs would send the person elsewhere after signing in; none of them is worth a 500 either (issue 10 finding 8).
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl))
            return Landing.Path;
        var local = returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.Any(c => char.IsControl(c) || c == '\\');
        return local ? returnUrl : "/";
    }

    /// <summary>The cookie that holds "password checked, second factor pending" for five minutes.</summary>
    public const string TwoFactorScheme = "Meicheng.TwoFactor";
    public const string RateLimitPolicy = "sign-in";
    internal const string SignedInItem = "meicheng.signed-in";

    // An unknown account costs the same hashing work as a known one, so timing does not tell which accounts exist.
    private static string? s_dummyHash;

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public async Task<(SignInStep Step, AppUser? User)> PasswordAsync(string email, string password, string address, CancellationToken ct)
    {
        email = email.Trim();
        var user = await users.FindByEmailAsync(email);
        var locked = guard.IsLocked(email, address);
        bool passwordOk;
        if (user is null)
        {
            s_dummyHash ??= hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(new AppUser(), s_dummyHash, password);
            passwordOk = false;
        }
        else
        {
            passwordOk = await users.CheckPasswordAsync(user, password);
        }
        // Identity's own lockout is the administrator's "disabled" switch, never set by failures.
        if (locked || !passwordOk || user is null || await users.IsLockedOutAsync(user))
        {
            if (locked)
            {
                await RecordAsync(user, email, "signin.locked", address, ct);
            }
            else
            {
                var nowLocked = guard.Failed(email, address, settings);
                await RecordAsync(user, email, "signin.failure", address, ct);
                if (nowLocked)
                    await RecordAsync(user, email, "signin.lockout", address, ct);
            }
            return (SignInStep.Refused, null);
        }
        guard.Succeeded(email, address);
        return (await RequiresSecondFactorAsync(user) ? SignInStep.SecondFactor : SignInStep.SignedIn, user);
    }

    private async Task<bool> RequiresSecondFactorAsync(AppUser user)
    {
        if (!settings.RequireTwoFactor || (settings.DemoEnabled && user.IsDemo))
            return false;
        var roles = await users.GetRolesAsync(user);
        return roles.Any(SecuritySettings.SecondFactorRoles.Contains);
    }

    /// <summary>Remembers the checked password in the short-lived second-factor cookie.</summary>
    public static Task BeginSecondFactorAsync(HttpContext http, AppUser user) => http.SignInAsync(TwoFactorScheme,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], TwoFactorScheme)));

    /// <summary>The account whose password was checked and whose second factor is pending, if any.</summary>
    public async Task<AppUser?> PendingAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(TwoFactorScheme);
        return result.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? await users.FindByIdAsync(id) : null;
    }

    /// <summary>The authenticator key of a pending account, created on first use (enrolment).</summary>
    public async Task<string> AuthenticatorKeyAsync(AppUser user)
    {
        if (await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key)
            return key;
        Users.Check(await users.ResetAuthenticatorKeyAsync(user));
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    public static string AuthenticatorUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("美城 Meicheng")}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString("美城 Meicheng")}&digits=6&period=30";

    /// <summary>Checks an RFC 6238 code; the first good one also completes enrolment.</summary>
    public async Task<bool> SecondFactorAsync(AppUser user, string code, string address, CancellationToken ct)
    {
        code = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (guard.IsLocked(user.Email!, address)
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            if (guard.Failed(user.Email!, address, settings))
                await RecordAsync(user, user.Email!, "signin.lockout", address, ct);
            await RecordAsync(user, user.Email!, "2fa.failure", address, ct);
            return false;
        }
        if (!user.TwoFactorEnabled)
        {
            Users.Check(await users.SetTwoFactorEnabledAsync(user, true));
            await RecordAsync(user, user.Email!, "2fa.enrol", address, ct);
        }
        return true;
    }

    public async Task CompleteAsync(HttpContext http, AppUser user, CancellationToken ct)
    {
        await http.SignOutAsync(TwoFactorScheme);
        await http.SignInAsync(IdentityConstants.ApplicationScheme, await principals.CreateAsync(user));
        await RecordAsync(user, user.Email!, "signin.success", Address(http), ct);
    }

    /// <summary>Signing out changes the security stamp, so every copy of every cookie of this account stops working.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken ct)
    {
        if (await users.GetUserAsync(http.User) is { } user)
        {
            Users.Check(await users.UpdateSecurityStampAsync(user));
            await RecordAsync(user, user.Email!, "signout", Address(http), ct);
        }
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>A security event with no change to go with it: its own SaveChanges, on a context of its own.</summary>
    public async Task RecordAsync(AppUser? user, string account, string action, string address, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = user?.Id ?? "", UserName = account, Action = action, EntityType = "account", EntityId = user?.Id ?? account,
            NewValue = JsonSerializer.Serialize(new { ip = address }),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Every cookie request: within the absolute lifetime, the account still there, not disabled, and its security stamp
    /// unchanged (a sign-out, password or role change elsewhere ends this session); then roles and scope are read afresh,
    /// so a demoted admin is a demoted admin on the very next request (issue 10 finding 1).
    /// </summary>
    internal static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<SecuritySettings>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var started = context.Properties.Items.TryGetValue(SignedInItem, out var s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
        if (started is null || now - started > settings.AbsoluteLifetime)
        {
            await RejectAsync(context);
            return;
        }
        var sessions = services.GetRequiredService<SessionCache>();
        var userId = context.Principal?.FindFirstValue(users.Options.ClaimsIdentity.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType);
        if (userId is not null && stamp is not null && sessions.Find(userId, stamp) is { } checkedPrincipal)
        {
            context.ReplacePrincipal(checkedPrincipal);
        }
        else
        {
            var user = context.Principal is { } p ? await users.GetUserAsync(p) : null;
            if (user is null || await users.IsLockedOutAsync(user) || stamp != await users.GetSecurityStampAsync(user))
            {
                await RejectAsync(context);
                return;
            }
            var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
            sessions.Remember(user.Id, stamp!, principal);
            context.ReplacePrincipal(principal);
        }
        // Renewed (sliding the idle timeout) at most once a minute, not on every response.
        if (now - context.Properties.IssuedUtc > TimeSpan.FromMinutes(1))
            context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    internal static Task StampSignInAsync(CookieSigningInContext context)
    {
        context.Properties.Items[SignedInItem] = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()
            .ToString("O", CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}

/// <summary>Sign-in attempts per client address per minute (Security:SignInPermitsPerMinute): password guessing is slow from anywhere.</summary>
internal sealed class SignInRateLimit(SecuritySettings settings) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, _) =>
    {
        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.HttpContext.Response.Headers.RetryAfter = "60";
        return ValueTask.CompletedTask;
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(SignIn.Address(httpContext), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.SignInPermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        });
}
