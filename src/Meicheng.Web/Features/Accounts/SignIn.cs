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
/// The 等保 2.0 level 3 controls, read once from "Security:*". Those marked "Production" are on by default only there
/// (and, for the separation of duties and the password age, not in demo mode), so the tests and a developer's machine
/// sign in with a password alone; a test turns one on with its key.
/// </summary>
public sealed record SecuritySettings(
    bool RequireTwoFactor, bool ThreeRoleSeparation, TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime,
    int LockoutFailures, TimeSpan LockoutDuration, int SignInPermitsPerMinute, bool DemoEnabled,
    int PasswordHistory, TimeSpan? PasswordMaxAge, int AuditRetentionDays)
{
    /// <summary>等保 2.0 level 3 asks for at least six months of audit records.</summary>
    public const int MinimumAuditRetentionDays = 180;

    public static SecuritySettings From(IConfiguration c, IHostEnvironment environment)
    {
        var demo = c.GetValue("Demo:Enabled", false);
        var production = environment.IsProduction();
        var retention = c.GetValue("Security:AuditRetentionDays", MinimumAuditRetentionDays);
        // Refused at start: an instance that would keep its audit log for less than the baseline must not run.
        if (retention < MinimumAuditRetentionDays)
            throw new InvalidOperationException(
                $"Security:AuditRetentionDays is {retention}: the audit log must be kept at least {MinimumAuditRetentionDays} days (等保 2.0 level 3).");
        var maxAgeDays = c.GetValue<int?>("Security:PasswordMaxAgeDays") ?? (production && !demo ? 90 : 0);
        return new(
            RequireTwoFactor: c.GetValue<bool?>("Security:RequireTwoFactor") ?? production,
            ThreeRoleSeparation: c.GetValue<bool?>("Security:ThreeRoleSeparation") ?? (production && !demo),
            IdleTimeout: TimeSpan.FromMinutes(c.GetValue("Security:IdleTimeoutMinutes", 15)),
            AbsoluteLifetime: TimeSpan.FromMinutes(c.GetValue("Security:AbsoluteLifetimeMinutes", 600)),
            LockoutFailures: c.GetValue("Security:LockoutFailures", 5),
            LockoutDuration: TimeSpan.FromMinutes(c.GetValue("Security:LockoutMinutes", 15)),
            SignInPermitsPerMinute: c.GetValue("Security:SignInPermitsPerMinute", 60),
            DemoEnabled: demo,
            PasswordHistory: c.GetValue("Security:PasswordHistory", 5),
            PasswordMaxAge: maxAgeDays > 0 ? TimeSpan.FromDays(maxAgeDays) : null,
            AuditRetentionDays: retention);
    }

    /// <summary>The roles that must prove a second factor (TOTP): those who approve figures, administer accounts or read the audit.</summary>
    public static readonly IReadOnlyList<string> SecondFactorRoles = [Roles.Admin, Roles.Reviewer, Roles.Security, Roles.Auditor];

    /// <summary>Whether a password set at <paramref name="changedAt"/> (null: never recorded) must be changed before anything else.</summary>
    public bool PasswordExpired(DateTimeOffset? changedAt, DateTimeOffset now) =>
        PasswordMaxAge is { } max && (changedAt is not { } at || now - at > max);
}

/// <summary>
/// Failed sign-ins counted per (account, client address), not per account: a stranger who types the admin's address ten
/// times locks the admin out of the stranger's address only, never out of the admin's own (issue 10 finding 12). The
/// counts live in the database (SignInFailures), so a restart does not reset them, and each failure and lockout is
/// audited in the same SaveChanges as the count. Failures older than the lockout duration are forgotten.
/// </summary>
public sealed class SignInGuard(IDbContextFactory<AppDbContext> dbs, TimeProvider clock, SecuritySettings settings)
{
    public async Task<bool> IsLockedAsync(string account, string address, CancellationToken ct)
    {
        var (a, ip) = Key(account, address);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.SignInFailures.AsNoTracking().SingleOrDefaultAsync(f => f.Account == a && f.Address == ip, ct);
        return row?.LockedUntil > clock.GetUtcNow();
    }

    /// <summary>
    /// Counts a failure and saves <paramref name="audit"/>(<paramref name="failureAction"/>) with it, and
    /// audit("signin.lockout") when this failure locks the pair; true when it did.
    /// </summary>
    public async Task<bool> FailedAsync(string account, string address, string failureAction, Func<string, AuditEntry> audit, CancellationToken ct)
    {
        var (a, ip) = Key(account, address);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var row = await db.SignInFailures.SingleOrDefaultAsync(f => f.Account == a && f.Address == ip, ct);
            if (row is null)
            {
                row = new SignInFailure { Account = a, Address = ip };
                db.SignInFailures.Add(row);
            }
            else if (row.LockedUntil is { } until ? until <= now : now - row.LastFailureAt > settings.LockoutDuration)
            {
                // A lock that has run out, or failures long ago, start the count afresh.
                row.Failures = 0;
                row.LockedUntil = null;
            }
            row.Failures++;
            row.LastFailureAt = now;
            if (row.Failures >= settings.LockoutFailures)
                row.LockedUntil = now + settings.LockoutDuration;
            var lockedNow = row.Failures == settings.LockoutFailures;
            db.AuditEntries.Add(audit(failureAction));
            if (lockedNow)
                db.AuditEntries.Add(audit("signin.lockout"));
            try
            {
                await db.SaveChangesAsync(ct);
                return lockedNow;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Two first failures of the same pair at once: the other insert won; count on top of it.
            }
        }
    }

    public async Task SucceededAsync(string account, string address, CancellationToken ct)
    {
        var (a, ip) = Key(account, address);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.SignInFailures.Where(f => f.Account == a && f.Address == ip).ExecuteDeleteAsync(ct);
    }

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

    private static (string, string) Key(string account, string address)
    {
        var a = account.Trim().ToUpperInvariant();
        return (a.Length > 256 ? a[..256] : a, address.Length > 64 ? address[..64] : address);
    }
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
        var locked = await guard.IsLockedAsync(email, address, ct);
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
                await RecordAsync(user, email, "signin.locked", address, ct);
            else
                await guard.FailedAsync(email, address, "signin.failure", action => Entry(user, email, action, address), ct);
            return (SignInStep.Refused, null);
        }
        await guard.SucceededAsync(email, address, ct);
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
        if (await guard.IsLockedAsync(user.Email!, address, ct)
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await guard.FailedAsync(user.Email!, address, "2fa.failure", action => Entry(user, user.Email!, action, address), ct);
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
        db.AuditEntries.Add(Entry(user, account, action, address));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The audit entry of a security event on an account (or on what was typed as one).</summary>
    public AuditEntry Entry(AppUser? user, string account, string action, string address) => new()
    {
        At = clock.GetUtcNow(), UserId = user?.Id ?? "", UserName = account, Action = action, EntityType = "account", EntityId = user?.Id ?? account,
        NewValue = JsonSerializer.Serialize(new { ip = address }),
    };

    /// <summary>A claim on the session of a person whose password is older than Security:PasswordMaxAgeDays: only /account/password is open to them.</summary>
    public const string PasswordExpiredClaim = "meicheng.password-expired";

    /// <summary>When the session's account last set its password, read with the session from the database.</summary>
    private const string PasswordSetClaim = "meicheng.password-set";

    /// <summary>After a change of one's own password: the new security stamp ended every other session; this one carries on.</summary>
    public async Task RenewSessionAsync(HttpContext http, AppUser user)
    {
        await http.SignInAsync(IdentityConstants.ApplicationScheme, await principals.CreateAsync(user));
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
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PasswordSetClaim, user.PasswordChangedAt?.ToString("O", CultureInfo.InvariantCulture) ?? ""));
            sessions.Remember(user.Id, stamp!, principal);
            context.ReplacePrincipal(principal);
        }
        // Too old a password: signed in, but held at the change-password page (UsePasswordExpiry) until it is changed.
        // Checked on every request, the cached principal included, since a password ages while its session goes on.
        var set = context.Principal?.FindFirstValue(PasswordSetClaim) is { Length: > 0 } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var setAt) ? setAt : (DateTimeOffset?)null;
        if (settings.PasswordExpired(set, now))
            ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim(PasswordExpiredClaim, "true"));
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
