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
    public bool IsDemo { get; set; }
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
    /// <summary>审计管理员: reads the audit log; with Security:SeparateAuditor the only one who does (三员分立).</summary>
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [Admin, Reviewer, Department, District, Evaluator, Leader, Auditor];

    public static string Chinese(string role) => role switch
    {
        Admin => "规划办管理员",
        Reviewer => "审核人",
        Department => "部门填报人",
        District => "区（市）填报人",
        Evaluator => "第三方评估",
        Leader => "领导",
        Auditor => "审计管理员",
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

internal static class AccountsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.DepartmentId).HasMaxLength(100);
            e.Property(u => u.DistrictCode).HasMaxLength(6);
        });
        model.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId);
        });
    }
}
