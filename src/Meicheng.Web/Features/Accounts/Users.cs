using System.Globalization;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Accounts;

/// <summary>
/// The plan office's user administration: accounts, roles, reporting scope, disabling, password resets and machine tokens.
/// Every change is audited in the same transaction as the change; a change of roles or scope, a disable and a reset also
/// renew the account's security stamp, so the sessions it had stop at their next check. With three-role separation
/// (三员分立) only the security admin may do any of it, nobody holds two of 系统管理员/安全管理员/审计管理员, and nobody
/// changes their own roles or scope in any mode.
/// </summary>
internal sealed class Users(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, CurrentUser currentUser, SecuritySettings settings)
{
    /// <summary>The actor, if they may administer accounts (the security admin; the admin too without separation).</summary>
    private async Task<Actor?> AdministratorAsync(CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var allowed = actor.Is(Roles.Security) || (!settings.ThreeRoleSeparation && actor.Is(Roles.Admin));
        return allowed ? actor : null;
    }

    private const string NotAdministrator = "三员分立：账户、角色与令牌由安全管理员管理";

    public static async Task<List<UserDto>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        return all.Select(u => new UserDto(u.Id, u.Email ?? "", u.DisplayName, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(),
            u.DepartmentId, u.DistrictCode, u.IsDemo, u.LockoutEnd == DateTimeOffset.MaxValue, u.Institution)).ToList();
    }

    private async Task<UserDto> OneAsync(string id, CancellationToken ct) => (await ListAsync(db, ct)).Single(u => u.Id == id);

    private async Task<FieldErrors> ScopeErrorsAsync(IReadOnlyList<string> roles, string? departmentId, string? districtCode, string? institution, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (roles.Count == 0 || roles.Any(r => !Roles.Assignable.Contains(r)))
            errors.Add("roles", $"角色须为 {string.Join("、", Roles.Assignable.Select(Roles.Chinese))} 之一");
        // A financial institution is outside the plan's staff: its account holds no staff role beside it.
        else if (roles.Contains(Roles.Bank) && roles.Distinct().Count() > 1)
            errors.Add("roles", "金融机构账户不能兼任规划实施单位的其他角色");
        if (roles.Contains(Roles.Bank) && string.IsNullOrWhiteSpace(institution))
            errors.Add("institution", "金融机构账户须填写所属机构名称（如“某某银行某某分行”）");
        else if (!roles.Contains(Roles.Bank) && !string.IsNullOrWhiteSpace(institution))
            errors.Add("institution", "只有金融机构账户填写所属机构");
        else if (settings.ThreeRoleSeparation && roles.Distinct().Count(Roles.Separated.Contains) > 1)
            errors.Add("roles", "三员分立：规划办管理员（系统管理员）、安全管理员、审计管理员不能由同一人兼任");
        if (roles.Contains(Roles.Department) && (departmentId is null || !await db.Departments.AnyAsync(d => d.Id == departmentId, ct)))
            errors.Add("departmentId", "部门填报人须指定存在的责任单位");
        if (roles.Contains(Roles.District) && (districtCode is null || !await db.Regions.AnyAsync(r => r.Code == districtCode, ct)))
            errors.Add("districtCode", "区（市）填报人须指定有效的行政区划代码");
        return errors;
    }

    private static string? Institution(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim();

    /// <summary>For steps that cannot fail on input already validated: a failure there is a bug, not a refusal.</summary>
    internal static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    private static Failure Refused(IdentityResult result, string field) =>
        Fail.Invalid(field, string.Join("；", result.Errors.Select(e => e.Description)));

    public async Task<Outcome<UserDto>> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        if (await AdministratorAsync(ct) is not { } actor)
            return Fail.Forbidden(NotAdministrator);
        var errors = await ScopeErrorsAsync(request.Roles, request.DepartmentId, request.DistrictCode, request.Institution, ct);
        if (await users.FindByEmailAsync(request.Email.Trim()) is not null)
            errors.Add("email", "该邮箱已有账户");
        var user = new AppUser
        {
            UserName = request.Email.Trim(), Email = request.Email.Trim(), EmailConfirmed = true, DisplayName = request.DisplayName,
            DepartmentId = request.DepartmentId, DistrictCode = request.DistrictCode, Institution = Institution(request.Institution),
        };
        // Every refusal at once, the password's included, so a form shows them all beside their fields.
        foreach (var validator in users.PasswordValidators)
        {
            if (await validator.ValidateAsync(users, user, request.Password) is { Succeeded: false } weak)
                errors.Add("password", string.Join("；", weak.Errors.Select(e => e.Description)));
        }
        if (errors.Any)
            return errors.ToFailure();
        // Identity saves as it goes; the transaction makes the account, its roles and the audit entry one commit.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Audit.Record(db, actor, clock.GetUtcNow(), "user.create", "user", user.Id, null,
            new { user.Email, request.DisplayName, request.Roles, request.DepartmentId, request.DistrictCode, request.Institution });
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Refused(created, "password");
        }
        var roles = await users.AddToRolesAsync(user, request.Roles);
        if (!roles.Succeeded)
            return Refused(roles, "roles");
        // The password the office chose is a first password: where passwords age, the person replaces it at first sign-in.
        user.PasswordChangedAt = null;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created(await OneAsync(user.Id, ct));
    }

    /// <summary>Name, roles and scope; a change of roles or scope renews the security stamp.</summary>
    public async Task<Outcome<UserDto>> UpdateAsync(string id, UpdateUserRequest request, CancellationToken ct)
    {
        if (await AdministratorAsync(ct) is not { } actor)
            return Fail.Forbidden(NotAdministrator);
        if (await users.FindByIdAsync(id) is not { } user)
            return Fail.NotFound("账户不存在");
        var errors = await ScopeErrorsAsync(request.Roles, request.DepartmentId, request.DistrictCode, request.Institution, ct);
        var before = await OneAsync(id, ct);
        if (id == actor.UserId && (!before.Roles.Order().SequenceEqual(request.Roles.Distinct().Order())
            || before.DepartmentId != request.DepartmentId || before.DistrictCode != request.DistrictCode || before.Institution != Institution(request.Institution)))
            errors.Add("roles", "不能修改自己的角色或填报范围，须由另一位管理员修改");
        if (errors.Any)
            return errors.ToFailure();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.DisplayName = request.DisplayName;
        user.DepartmentId = request.DepartmentId;
        user.DistrictCode = request.DistrictCode;
        user.Institution = Institution(request.Institution);
        var current = await users.GetRolesAsync(user);
        Check(await users.RemoveFromRolesAsync(user, current.Except(request.Roles)));
        Check(await users.AddToRolesAsync(user, request.Roles.Except(current)));
        var rightsChanged = !current.Order().SequenceEqual(request.Roles.Distinct().Order())
            || before.DepartmentId != request.DepartmentId || before.DistrictCode != request.DistrictCode || before.Institution != user.Institution;
        Audit.Record(db, actor, clock.GetUtcNow(), "user.update", "user", id, before,
            new { request.DisplayName, Roles = request.Roles.Distinct().Order().ToList(), request.DepartmentId, request.DistrictCode, user.Institution, SessionsRevoked = rightsChanged });
        // The stamp update saves the user (and the pending audit entry); without a rights change a plain update does.
        Check(rightsChanged ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user));
        await transaction.CommitAsync(ct);
        return await OneAsync(id, ct);
    }

    /// <summary>Disables an account (locked out for good) and ends its sessions; its tokens are revoked too.</summary>
    public async Task<Outcome<UserDto>> DisableAsync(string id, string? reason, CancellationToken ct)
    {
        if (await AdministratorAsync(ct) is not { } actor)
            return Fail.Forbidden(NotAdministrator);
        if (await users.FindByIdAsync(id) is not { } user)
            return Fail.NotFound("账户不存在");
        if (user.Id == actor.UserId)
            return Fail.Invalid("id", "不能停用自己的账户");
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var token in await db.ApiTokens.Where(t => t.UserId == id && t.RevokedAt == null).ToListAsync(ct))
            token.RevokedAt = now;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        Audit.Record(db, actor, now, "user.disable", "user", id, null, new { user.Email }, reason);
        Check(await users.UpdateSecurityStampAsync(user));
        await transaction.CommitAsync(ct);
        return await OneAsync(id, ct);
    }

    /// <summary>
    /// Sets a new password chosen by the administrator (complexity and history apply); the old sessions end. Where
    /// passwords age, it counts as expired, so the person chooses their own at the next sign-in.
    /// </summary>
    public async Task<Outcome<UserDto>> ResetPasswordAsync(string id, string password, CancellationToken ct)
    {
        if (await AdministratorAsync(ct) is not { } actor)
            return Fail.Forbidden(NotAdministrator);
        if (await users.FindByIdAsync(id) is not { } user)
            return Fail.NotFound("账户不存在");
        if (user.Id == actor.UserId)
            return Fail.Invalid("id", "自己的密码请在“修改密码”页修改");
        foreach (var validator in users.PasswordValidators)
        {
            if (await validator.ValidateAsync(users, user, password) is { Succeeded: false } invalid)
                return Refused(invalid, "password");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Audit.Record(db, actor, clock.GetUtcNow(), "user.password-reset", "user", id, null, new { user.Email });
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));
        user.PasswordChangedAt = null;
        Check(await users.UpdateSecurityStampAsync(user));
        await transaction.CommitAsync(ct);
        return await OneAsync(id, ct);
    }

    /// <summary>A bearer token for a machine client acting as a user; the token and its audit entry commit together.</summary>
    public async Task<Outcome<IssuedTokenDto>> IssueTokenAsync(IssueTokenRequest request, CancellationToken ct)
    {
        if (await AdministratorAsync(ct) is not { } actor)
            return Fail.Forbidden(NotAdministrator);
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.UserId) || await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UserId, ct) is not { } owner)
            errors.Add("userId", "请选择令牌所代表的账户");
        else if (owner.LockoutEnd == DateTimeOffset.MaxValue)
            errors.Add("userId", "该账户已停用，不能签发令牌");
        if (string.IsNullOrWhiteSpace(request.Name))
            errors.Add("name", "请填写令牌名称（如“区环保局数据接口”）");
        else if (request.Name.Trim().Length > 100)
            errors.Add("name", "令牌名称不超过 100 个字");
        if (errors.Any)
            return errors.ToFailure();
        var plain = TokenAuthenticationHandler.NewToken();
        var token = new ApiToken { UserId = request.UserId, Name = request.Name.Trim(), TokenHash = TokenAuthenticationHandler.Hash(plain), CreatedAt = clock.GetUtcNow() };
        // The row needs its id before the audit entry can name it: two saves, one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, token.CreatedAt, "token.issue", "token", token.Id.ToString(CultureInfo.InvariantCulture), null, new { request.UserId, request.Name });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new IssuedTokenDto(token.Id, token.Name, token.UserId, plain);
    }

    /// <summary>Every token with its owner, newest first; the token itself is never kept, only its hash.</summary>
    public static async Task<List<TokenDto>> ListTokensAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.Id)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t, u.Email, u.DisplayName }).ToListAsync(ct);
        return rows.Select(r => new TokenDto(r.t.Id, r.t.Name, r.t.UserId, r.Email ?? "", r.DisplayName, r.t.CreatedAt, r.t.RevokedAt)).ToList();
    }

    public async Task<Outcome<int>> RevokeTokenAsync(int id, CancellationToken ct)
    {
        if (await AdministratorAsync(ct) is not { } actor)
            return Fail.Forbidden(NotAdministrator);
        if (await db.ApiTokens.FindAsync([id], ct) is not { RevokedAt: null } token)
            return Fail.NotFound("令牌不存在或已撤销");
        token.RevokedAt = clock.GetUtcNow();
        Audit.Record(db, actor, token.RevokedAt.Value, "token.revoke", "token", id.ToString(CultureInfo.InvariantCulture), new { token.Name }, null);
        await db.SaveChangesAsync(ct);
        return id;
    }
}

/// <summary>The accounts work Program.cs runs at start.</summary>
public static class AccountsStartup
{
    /// <summary>Creates the roles, and on first start the admin named by Admin:Email / Admin:Password.</summary>
    public static async Task BootstrapAccountsAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.Assignable)
        {
            if (!await roles.RoleExistsAsync(role))
                Users.Check(await roles.CreateAsync(new IdentityRole(role)));
        }
        var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var (email, password) = (config["Admin:Email"], config["Admin:Password"]);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
            return;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null)
            return;
        // With three-role separation the first account is the security admin (安全管理员), who then creates the system
        // admin (规划办管理员) and the auditor; nobody else can create accounts then.
        var first = scope.ServiceProvider.GetRequiredService<SecuritySettings>().ThreeRoleSeparation ? Roles.Security : Roles.Admin;
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Roles.Chinese(first) };
        Users.Check(await users.CreateAsync(admin, password));
        Users.Check(await users.AddToRoleAsync(admin, first));
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Accounts").LogInformation("Bootstrap {Role} {Email} created", first, email);
    }
}
