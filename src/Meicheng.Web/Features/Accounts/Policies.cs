namespace Meicheng.Web.Features.Accounts;

/// <summary>The authorization policies by name: what endpoints and pages require.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Review = "review";
    public const string Report = "report";
    public const string ReadAll = "read-all";
    /// <summary>The plan's staff (<see cref="Roles.All"/>): never a financial institution.</summary>
    public const string Staff = "staff";
    /// <summary>金企通 reading: staff and financial institutions (each sees its own scope, FinanceScope).</summary>
    public const string Finance = "finance";
    /// <summary>A financial institution's own acts: expressing intent, recording a loan.</summary>
    public const string Bank = "bank";
    /// <summary>Pages for any person with an account, a financial institution's included.</summary>
    public const string EveryonePages = "everyone-pages";
    public const string AuditRead = "audit-read";
    /// <summary>Accounts, roles and tokens: the security admin, and the admin too when three-role separation is off.</summary>
    public const string Accounts = "accounts";
    public const string AccountPages = "account-pages";
    public const string AuditPages = "audit-pages";
    public const string People = "people";
    public const string AdminPages = "admin-pages";
    public const string ReporterPages = "reporter-pages";
    public const string ReviewPages = "review-pages";
    public const string ReadAllPages = "read-all-pages";
}
