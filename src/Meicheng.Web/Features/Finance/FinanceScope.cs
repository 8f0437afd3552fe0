using Meicheng.Core.Finance;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Projects;

namespace Meicheng.Web.Features.Finance;

/// <summary>
/// Who sees which financing needs. Those who read everything see all; a department's or district's reporter the needs of
/// the projects in its scope; a financial institution the open needs and those it has expressed intent on, never another
/// bank's intents or loans, and nothing of the project library beyond a need's project name and owner unit.
/// </summary>
public static class FinanceScope
{
    public static IQueryable<FinancingNeed> Visible(AppDbContext db, Actor actor)
    {
        var needs = db.FinancingNeeds.AsQueryable();
        if (actor.ReadsAll)
            return needs;
        if (actor.Is(Roles.Bank))
        {
            if (actor.Institution is not { } bank)
                return needs.Where(_ => false);
            return needs.Where(n => n.State == NeedState.Open || db.FinanceIntents.Any(i => i.NeedId == n.Id && i.Institution == bank));
        }
        var projects = ProjectScope.Visible(db.Projects, actor).Select(p => (int?)p.Id);
        return needs.Where(n => n.ProjectId != null && projects.Contains(n.ProjectId));
    }

    /// <summary>Whether the actor publishes, accepts and closes for a need: the plan office for an enterprise, whoever may change the project for a project.</summary>
    public static bool MayManage(Actor actor, Project? project) => project is null
        ? actor.Is(Roles.Admin)
        : ProjectScope.MayEdit(actor, project.DepartmentId, project.RegionCode);

    /// <summary>A bank acts only for the institution its account belongs to; which intents and loans it sees follows from that.</summary>
    public static bool SeesIntentsOf(Actor actor, string institution) => !actor.Is(Roles.Bank) || actor.Institution == institution;
}
