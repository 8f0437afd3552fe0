using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Accounts;

/// <summary>A person (or the owner of a machine client's token). The scope says what a reporter may report on.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>A department reporter reports on the tasks its department is responsible for (the Responsibility table).</summary>
    public string? DepartmentId { get; set; }
    /// <summary>A district reporter reports for its GB/T 2260 district code.</summary>
    public string? DistrictCode { get; set; }
    /// <summary>A financial institution's account (金融机构) acts for this institution, by name (e.g. a bank's city branch).</summary>
    public string? Institution { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>When the password was last set (any path: creation, reset, change); null means never recorded, so expired when a maximum age applies.</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }
}

/// <summary>The roles, as stored in AspNetRoles and carried in role claims.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Reviewer = "reviewer";
    public const string Department = "department";
    public const string District = "district";
    public const string Evaluator = "evaluator";
    public const string Leader = "leader";
    /// <summary>审计管理员: reads and exports the audit log; with Security:ThreeRoleSeparation the only one who does (三员分立).</summary>
    public const string Auditor = "auditor";
    /// <summary>安全管理员: accounts, roles and tokens; with Security:ThreeRoleSeparation the only one who manages them (三员分立).</summary>
    public const string Security = "security";
    /// <summary>金融机构: a bank on the 金企通 board; sees open financing needs and its own intents and loans, nothing internal.</summary>
    public const string Bank = "bank";

    /// <summary>The plan's own staff: everyone but a financial institution. Staff policies and pages require one of these.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Reviewer, Department, District, Evaluator, Leader, Security, Auditor];

    /// <summary>Every role an account may hold: the staff roles and the financial institution (outside the staff, deny by default).</summary>
    public static readonly IReadOnlyList<string> Assignable = [.. All, Bank];

    /// <summary>The three separated duties: 系统管理员 (the plan office's admin), 安全管理员 and 审计管理员; nobody holds two with separation on.</summary>
    public static readonly IReadOnlyList<string> Separated = [Admin, Security, Auditor];

    public static string Chinese(string role) => role switch
    {
        Admin => "规划办管理员",
        Reviewer => "审核人",
        Department => "部门填报人",
        District => "区（市）填报人",
        Evaluator => "第三方评估",
        Leader => "领导",
        Security => "安全管理员",
        Auditor => "审计管理员",
        Bank => "金融机构",
        _ => role,
    };
}

/// <summary>A bearer token for a machine client, acting as its owner. Only the SHA-256 of the token is kept.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The hash of a password an account has had, so the last N cannot be chosen again (等保 2.0: 口令历史).</summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string PasswordHash { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

/// <summary>
/// Failed sign-ins of one (account, client address) pair, kept in the database so a restart does not forget them; the
/// pair, not the account, is locked, so a stranger cannot lock the admin out of the admin's own address.
/// </summary>
public sealed class SignInFailure
{
    public required string Account { get; set; }
    public required string Address { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

internal static class AccountsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.DepartmentId).HasMaxLength(100);
            e.Property(u => u.DistrictCode).HasMaxLength(6);
            e.Property(u => u.Institution).HasMaxLength(100);
        });
        model.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId);
        });
        model.Entity<PasswordHistoryEntry>(e =>
        {
            e.ToTable("PasswordHistory");
            e.HasIndex(h => h.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SignInFailure>(e =>
        {
            e.HasKey(f => new { f.Account, f.Address });
            e.Property(f => f.Account).HasMaxLength(256);
            e.Property(f => f.Address).HasMaxLength(64);
        });
    }
}
