using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResponsibilityRoles = Meicheng.Core.Plans.ResponsibilityRoles;

namespace Meicheng.Web.Features.Reporting;

public enum DemoSeedResult
{
    Disabled,
    Seeded,
    AlreadySeeded,
    RefusedRealData,
}

/// <summary>
/// Demo mode (<c>--demo</c> or <c>Demo:Enabled=true</c>): demo accounts for every role and plausible reports for the
/// plans' indicators, every row marked IsDemo and shown as 演示数据. Only ever into a database without real reports.
/// </summary>
public static class DemoData
{
    public const string Label = "演示数据";
    public const string DefaultPassword = "Demo-2026-pass";

    /// <summary>Takes <c>--demo</c> off the command line (the configuration parser wants a value after a switch) and turns it into Demo:Enabled.</summary>
    public static string[] TakeDemoSwitch(string[] args, out bool demo)
    {
        demo = args.Contains("--demo");
        return args.Where(a => a != "--demo").ToArray();
    }

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>("Demo:Enabled");

    public static async Task<DemoSeedResult> SeedDemoAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        if (!Enabled(configuration))
            return DemoSeedResult.Disabled;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Meicheng.Demo");
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Observations.AnyAsync(o => !o.IsDemo, ct) || await db.MilestoneProgress.AnyAsync(p => !p.IsDemo, ct))
        {
            log.LogError("Demo mode refused: the database holds real reports, and demo data must never mix with them.");
            return DemoSeedResult.RefusedRealData;
        }
        if (await db.Observations.AnyAsync(ct))
            return DemoSeedResult.AlreadySeeded;

        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var password = configuration["Demo:Password"] ?? DefaultPassword;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var department = await db.Responsibilities.Where(r => r.Role == ResponsibilityRoles.LeadToken).GroupBy(r => r.DepartmentId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync(ct);
        var accounts = new (string Role, string Email, string Name, string? Department, string? District)[]
        {
            (Roles.Admin, "demo-admin@meicheng.demo", "演示·规划办", null, null),
            (Roles.Reviewer, "demo-reviewer@meicheng.demo", "演示·审核人", null, null),
            (Roles.Department, "demo-department@meicheng.demo", "演示·部门填报人", department, null),
            (Roles.District, "demo-district@meicheng.demo", "演示·市南区填报人", null, "370202"),
            (Roles.Evaluator, "demo-evaluator@meicheng.demo", "演示·第三方评估", null, null),
            (Roles.Leader, "demo-leader@meicheng.demo", "演示·领导", null, null),
        };
        foreach (var a in accounts)
        {
            if (await users.FindByEmailAsync(a.Email) is not null)
                continue;
            var user = new AppUser { UserName = a.Email, Email = a.Email, EmailConfirmed = true, DisplayName = a.Name, DepartmentId = a.Department, DistrictCode = a.District, IsDemo = true };
            Users.Check(await users.CreateAsync(user, password));
            Users.Check(await users.AddToRoleAsync(user, a.Role));
        }

        var dueDays = 15;
        var system = new Actor("system", "system", "演示数据", new HashSet<string>(), null, null);
        var p2025 = await ReportingPeriods.EnsureAsync(db, system, new CreatePeriodsRequest("annual", 2025, 1, null, null, Progress: true), dueDays, now, ct);
        var p2026 = await ReportingPeriods.EnsureAsync(db, system, new CreatePeriodsRequest("annual", 2026, 1, null, null, Progress: true), dueDays, now, ct);
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator).Where(t => !t.Retired).ToListAsync(ct);
        const string provenance = "{\"demo\":true,\"method\":\"按目标值与基期值插值生成，非真实统计数据\"}";
        foreach (var t in targets)
        {
            // Plausible: on the way from the baseline (or 85 % of the target) towards the target.
            var target = Units.Convert(t.Value, t.Unit, t.Indicator!.Unit) ?? t.Value;
            var down = t.Indicator.Direction == "down";
            var start = t.BaselineValue is { } b ? Units.Convert(b, t.Unit, t.Indicator.Unit) ?? b : target * (down ? 1.15m : 0.85m);
            foreach (var (periods, share, approved) in new[] { (p2025, 0.5m, true), (p2026, 0.8m, false) })
            {
                var period = periods.Single(p => p.IndicatorId == t.IndicatorId);
                var value = Math.Round(start + (target - start) * share, 2);
                db.Observations.Add(new Observation
                {
                    TargetId = t.Id, IndicatorId = t.IndicatorId, PeriodId = period.Id, RegionCode = Scopes.City, Value = value,
                    EnteredValue = Math.Round(Units.Convert(value, t.Indicator.Unit, t.Unit) ?? value, 4), EnteredUnit = t.Unit,
                    DataSource = Label, Basis = Label, Status = approved ? ReportStatus.Approved : ReportStatus.Submitted, Locked = approved,
                    Source = "reported", Provenance = provenance, IsDemo = true, CreatedBy = "demo-department@meicheng.demo", CreatedAt = now,
                    SubmittedBy = "demo-department@meicheng.demo", SubmittedAt = now,
                    ReviewedBy = approved ? "demo-reviewer@meicheng.demo" : null, ReviewedAt = approved ? now : null,
                });
            }
        }
        var progressPeriod = p2026.Single(p => p.IndicatorId is null);
        var milestones = await db.Milestones.AsNoTracking().Where(m => !m.Retired).OrderBy(m => m.PlanId).ThenBy(m => m.SortOrder).ToListAsync(ct);
        var states = new[] { ProgressState.InProgress, ProgressState.Done, ProgressState.InProgress, ProgressState.Delayed, ProgressState.NotStarted };
        for (var i = 0; i < milestones.Count; i++)
        {
            var state = states[i % states.Length];
            db.MilestoneProgress.Add(new MilestoneProgress
            {
                MilestoneId = milestones[i].Id, PeriodId = progressPeriod.Id, RegionCode = Scopes.City, State = state,
                Narrative = $"{Label}：{ProgressState.Chinese(state)}。", Status = ReportStatus.Approved, Locked = true, Source = "reported",
                Provenance = provenance, IsDemo = true, CreatedBy = "demo-department@meicheng.demo", CreatedAt = now,
                SubmittedBy = "demo-department@meicheng.demo", SubmittedAt = now, ReviewedBy = "demo-reviewer@meicheng.demo", ReviewedAt = now,
            });
        }
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, UserId = "system", UserName = "system", Action = "demo.seed", EntityType = "database", EntityId = "demo",
            NewValue = $"{{\"targets\":{targets.Count},\"milestones\":{milestones.Count}}}", Reason = "--demo",
        });
        await db.SaveChangesAsync(ct);
        log.LogWarning("Demo mode: {Targets} targets and {Milestones} milestones filled with demo data (演示数据); demo accounts use the password from Demo:Password", targets.Count, milestones.Count);
        return DemoSeedResult.Seeded;
    }
}
