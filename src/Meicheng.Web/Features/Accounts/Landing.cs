using System.Security.Claims;
using Meicheng.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Accounts;

/// <summary>
/// Where a person lands after signing in without asking for a page: where their work is. The leader reads the
/// dashboard, the reviewer the review queue, the evaluator the round still open for assessment, a reporter the reporting
/// page, the plan office what is still missing, the security admin the accounts, the auditor the audit log, a bank the
/// open financing needs.
/// </summary>
public static class Landing
{
    /// <summary>The address the sign-in sends to when no return URL was asked for.</summary>
    public const string Path = "/account/start";

    public static async Task<string> ForAsync(ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        if (user.IsInRole(Roles.Admin))
            return "/reporting/missing";
        if (user.IsInRole(Roles.Reviewer))
            return "/reporting/review";
        if (user.IsInRole(Roles.Department) || user.IsInRole(Roles.District))
            return "/reporting";
        if (user.IsInRole(Roles.Evaluator))
        {
            var open = await db.EvaluationRounds.AsNoTracking().Where(r => !r.Closed).OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
            return open is { } id ? $"/evaluation/rounds/{id}" : "/evaluation/rounds";
        }
        if (user.IsInRole(Roles.Leader))
            return "/dashboard";
        if (user.IsInRole(Roles.Security))
            return "/admin/users";
        if (user.IsInRole(Roles.Auditor))
            return "/admin/audit";
        if (user.IsInRole(Roles.Bank))
            return "/finance/needs";
        return "/";
    }

    public static IEndpointRouteBuilder MapLanding(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (ClaimsPrincipal user, AppDbContext db, CancellationToken ct) => TypedResults.LocalRedirect(await ForAsync(user, db, ct)))
            .ExcludeFromDescription();
        return app;
    }
}
