using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Meicheng.Web.Features.Accounts;

/// <summary>
/// Password history and maximum age (等保 2.0: 口令定期更换、不得重复使用). Every password an account is given, by any path
/// (creation, the plan office's reset, the person's own change), is remembered by hash when it is saved
/// (<see cref="RecordChanges"/>, called from AppDbContext.SaveChanges), together with the account's PasswordChangedAt.
/// </summary>
public sealed class Passwords(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, CurrentUser currentUser)
{
    /// <summary>Adds a history row, and stamps the account, for each account whose password hash is set or replaced in this save.</summary>
    internal static void RecordChanges(ChangeTracker tracker, DateTimeOffset now)
    {
        var changed = tracker.Entries<AppUser>().Where(e => e.Entity.PasswordHash is not null && (e.State == EntityState.Added
            || (e.State == EntityState.Modified && !Equals(e.OriginalValues[nameof(AppUser.PasswordHash)], e.Entity.PasswordHash)))).ToList();
        foreach (var entry in changed)
        {
            entry.Entity.PasswordChangedAt = now;
            tracker.Context.Add(new PasswordHistoryEntry { UserId = entry.Entity.Id, PasswordHash = entry.Entity.PasswordHash!, SetAt = now });
        }
    }

    /// <summary>The signed-in person changes their own password: the current one is checked, the new one must be complex and not one of
    /// the last Security:PasswordHistory; every other session of the account ends (new security stamp). Audited with the change.</summary>
    public async Task<Outcome<AppUser>> ChangeOwnAsync(string currentPassword, string newPassword, string confirmation, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (await users.FindByIdAsync(actor.UserId) is not { } user)
            return Fail.NotFound("账户不存在");
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(currentPassword) || !await users.CheckPasswordAsync(user, currentPassword))
            errors.Add("current", "当前密码不正确");
        if (string.IsNullOrEmpty(newPassword))
            errors.Add("password", "请填写新密码");
        else if (newPassword != confirmation)
            errors.Add("confirmation", "两次输入的新密码不一致");
        if (errors.Any)
            return errors.ToFailure();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Audit.Record(db, actor, clock.GetUtcNow(), "password.change", "user", user.Id, null, new { user.Email, SessionsRevoked = true });
        // ChangePasswordAsync runs every password validator (complexity and history), renews the stamp and saves with the audit entry.
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("password", string.Join("；", changed.Errors.Select(e => e.Description)));
        }
        await transaction.CommitAsync(ct);
        return user;
    }
}

/// <summary>Refuses a password the account had among its last Security:PasswordHistory (its current one included).</summary>
internal sealed class PasswordHistoryValidator(AppDbContext db, SecuritySettings settings) : IPasswordValidator<AppUser>
{
    public const string Code = "PasswordReused";

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (settings.PasswordHistory <= 0 || string.IsNullOrEmpty(password))
            return IdentityResult.Success;
        var hashes = await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.Id).Take(settings.PasswordHistory).Select(h => h.PasswordHash).ToListAsync();
        if (user.PasswordHash is { } current && !hashes.Contains(current))
            hashes.Insert(0, current);
        var reused = hashes.Take(settings.PasswordHistory)
            .Any(h => manager.PasswordHasher.VerifyHashedPassword(user, h, password) != PasswordVerificationResult.Failed);
        return reused
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = $"新密码不能与最近 {settings.PasswordHistory} 次使用过的密码相同" })
            : IdentityResult.Success;
    }
}

/// <summary>Identity's refusals in Chinese: they are shown beside the fields of Chinese pages.</summary>
internal sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少 {length} 位" };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码须包含数字" };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密码须包含小写字母" };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "密码须包含大写字母" };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "密码须包含符号（如 - ! @ #）" };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"密码至少包含 {uniqueChars} 个不同字符" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "当前密码不正确" };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"邮箱 {email} 已有账户" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"账户名 {userName} 已被使用" };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = $"邮箱 {email} 格式不正确" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"账户名 {userName} 含不允许的字符" };
    public override IdentityError UserAlreadyInRole(string role) => new() { Code = nameof(UserAlreadyInRole), Description = $"已具有角色 {Roles.Chinese(role)}" };
    public override IdentityError UserNotInRole(string role) => new() { Code = nameof(UserNotInRole), Description = $"不具有角色 {Roles.Chinese(role)}" };
}

public static class PasswordExpiry
{
    /// <summary>
    /// A person whose password is older than Security:PasswordMaxAgeDays (the session carries SignIn.PasswordExpiredClaim)
    /// reaches only the change-password page, sign-out and static files; pages redirect there, the API answers 403.
    /// </summary>
    public static IApplicationBuilder UsePasswordExpiry(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(c => c.Type == SignIn.PasswordExpiredClaim)
            && !path.StartsWithSegments("/account") && !(HttpMethods.IsGet(context.Request.Method) && Path.HasExtension(path.Value)))
        {
            if (path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Items[SecurityRequests.RefusedFlag] = "password expired";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 403, Title = "密码已过期", Detail = "密码已超过规定的使用期限，请先在 /account/password 修改密码。" },
                });
                return;
            }
            context.Response.Redirect("/account/password?returnUrl=" + Uri.EscapeDataString(path + context.Request.QueryString));
            return;
        }
        await next(context);
    });
}
