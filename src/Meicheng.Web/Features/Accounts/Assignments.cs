using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using PlanTokens = Meicheng.Core.Plans.PlanTokens;
using ResponsibilityRoles = Meicheng.Core.Plans.ResponsibilityRoles;

namespace Meicheng.Web.Features.Accounts;

/// <summary>Who owns each task: the plan's own responsibilities stay; the plan office adds and removes its assignments, audited.</summary>
internal sealed class Assignments(AppDbContext db, TimeProvider clock, CurrentUser currentUser)
{
    public static async Task<List<AssignmentTaskDto>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => !t.Retired).Include(t => t.Responsibilities).ToListAsync(ct);
        return tasks.OrderBy(t => t.PlanId).ThenBy(t => t.IsMeasure).ThenBy(t => t.Number)
            .Select(t => new AssignmentTaskDto(t.Id, t.PlanId, t.IsMeasure, t.Number, t.Title, t.ResponsibilityText,
                t.Responsibilities.OrderBy(r => r.Id).Select(r => new AssignmentDto(r.Id, r.DepartmentId, PlanTokens.ToToken(r.Role), r.Source)).ToList(),
                t.Responsibilities.Count > 0))
            .ToList();
    }

    public async Task<Outcome<AssignmentDto>> AssignAsync(AssignRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var role = request.Role ?? ResponsibilityRoles.LeadToken;
        var errors = new FieldErrors();
        if (!await db.PlanTasks.AnyAsync(t => t.Id == request.TaskId && !t.Retired, ct))
            errors.Add("taskId", "任务不存在");
        if (!await db.Departments.AnyAsync(d => d.Id == request.DepartmentId, ct))
            errors.Add("departmentId", "责任单位不存在");
        if (!ResponsibilityRoles.TryParse(role, out var parsedRole))
            errors.Add("role", "角色须为 lead（牵头）或 responsible（责任）");
        if (!errors.Any && await db.Responsibilities.AnyAsync(r => r.TaskId == request.TaskId && r.DepartmentId == request.DepartmentId, ct))
            errors.Add("departmentId", "该单位已负责此任务");
        if (errors.Any)
            return errors.ToFailure();
        var row = new Responsibility { TaskId = request.TaskId, DepartmentId = request.DepartmentId, Role = parsedRole, Source = "assigned" };
        db.Responsibilities.Add(row);
        Audit.Record(db, actor, clock.GetUtcNow(), "assignment.add", "task", request.TaskId, null,
            new { request.DepartmentId, Role = role, Source = "assigned" }, request.Reason);
        await db.SaveChangesAsync(ct);
        return new AssignmentDto(row.Id, row.DepartmentId, PlanTokens.ToToken(row.Role), row.Source);
    }

    public async Task<Outcome<AssignmentDto>> UnassignAsync(int id, string? reason, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (await db.Responsibilities.FindAsync([id], ct) is not { } row)
            return Fail.NotFound("分工不存在");
        if (row.Source != "assigned")
            return Fail.Invalid("id", "规划文件写明的责任单位不能在此删除");
        db.Responsibilities.Remove(row);
        Audit.Record(db, actor, clock.GetUtcNow(), "assignment.remove", "task", row.TaskId, new { row.DepartmentId, Role = PlanTokens.ToToken(row.Role), row.Source }, null, reason);
        await db.SaveChangesAsync(ct);
        return new AssignmentDto(row.Id, row.DepartmentId, PlanTokens.ToToken(row.Role), row.Source);
    }
}
