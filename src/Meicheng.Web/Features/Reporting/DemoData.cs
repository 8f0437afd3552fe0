using System.Security.Claims;
using Meicheng.Web.Common;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Plans;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResponsibilityRole = Meicheng.Core.Plans.ResponsibilityRole;
using ScopeLevel = Meicheng.Core.Plans.ScopeLevel;
using TargetKind = Meicheng.Core.Plans.TargetKind;
using Direction = Meicheng.Core.Plans.Direction;
using City = Meicheng.Web.Features.Regions.City;

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
        var city = services.GetRequiredService<City>().Code;
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
        var department = await db.Responsibilities.Where(r => r.Role == ResponsibilityRole.Lead).GroupBy(r => r.DepartmentId)
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
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator).Where(t => !t.Retired).OrderBy(t => t.Id).ToListAsync(ct);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var districts = await db.Regions.AsNoTracking().Where(r => r.ParentCode == city).OrderBy(r => r.Code).Select(r => r.Code).ToListAsync(ct);
        // Each plan is reported only for the years of its own period (the pilot 2021–2022, the current plan 2025–2026 so far).
        var lastYear = Display.ChinaYear(clock);
        var periodsByYear = new Dictionary<int, List<ReportingPeriod>>();
        foreach (var year in plans.Values.SelectMany(p => Enumerable.Range(p.PeriodStart, Math.Min(p.PeriodEnd, lastYear) - p.PeriodStart + 1)).Distinct().Order())
            periodsByYear[year] = await ReportingPeriods.EnsureAsync(db, system, new CreatePeriodsRequest("annual", year, 1, null, null, Progress: true), dueDays, now, ct);

        const string provenance = "{\"demo\":true,\"method\":\"按目标值与基期值沿确定的轨迹生成（部分按期、部分滞后），非真实统计数据\"}";
        var observations = 0;
        foreach (var t in targets)
        {
            var plan = plans[t.PlanId];
            var years = periodsByYear.Keys.Where(y => y >= (t.PeriodFrom ?? plan.PeriodStart) && y <= Math.Min(t.PeriodTo ?? plan.PeriodEnd, lastYear)).Order().ToList();
            if (years.Count == 0)
                continue;
            var latest = years[^1];
            var current = plan.PeriodEnd >= lastYear;
            // The city, and the districts where the indicator is one a district reports too (a level or a share), or the
            // districts the target names.
            var regions = new List<string> { city };
            if (t.ScopeLevel == ScopeLevel.District)
                regions.AddRange(t.ScopeRegions.Where(districts.Contains));
            else if (t.ScopeLevel == ScopeLevel.City && t.Kind is TargetKind.Level or TargetKind.Share)
                regions.AddRange(districts);
            foreach (var region in regions.Distinct())
            {
                foreach (var year in years)
                {
                    var value = Trajectory(t, plan.PeriodStart, city, region, year);
                    // The latest year of the plan in force moves through the workflow; earlier years are approved.
                    var status = current && year == latest ? WorkflowState(Stable($"{t.Id}|{region}|state")) : ReportStatus.Approved;
                    var approved = status == ReportStatus.Approved;
                    var entered = Units.Convert(value, t.Indicator!.Unit, t.Unit) ?? value;
                    var at = now.AddDays(-(lastYear - year) * 365 - (int)(Stable($"{t.Id}|{region}|{year}") % 40));
                    db.Observations.Add(new Observation
                    {
                        TargetId = t.Id, IndicatorId = t.IndicatorId, PeriodId = periodsByYear[year].Single(p => p.IndicatorId == t.IndicatorId).Id,
                        RegionCode = region, Value = value, EnteredValue = Math.Round(entered, 4), EnteredUnit = t.Unit,
                        DataSource = Label, Basis = Label, Status = status, Locked = approved, Source = "reported", Provenance = provenance, IsDemo = true,
                        ReviewComment = status == ReportStatus.Returned ? "请补充数据来源和统计口径说明后重新报送。" : null,
                        CreatedBy = "demo-department@meicheng.demo", CreatedAt = at,
                        SubmittedBy = status == ReportStatus.Draft ? null : "demo-department@meicheng.demo", SubmittedAt = status == ReportStatus.Draft ? null : at.AddDays(1),
                        ReviewedBy = approved || status == ReportStatus.Returned ? "demo-reviewer@meicheng.demo" : null,
                        ReviewedAt = approved || status == ReportStatus.Returned ? at.AddDays(3) : null,
                    });
                    observations++;
                }
            }
        }

        // Owners for the current plan's tasks that the document leaves unassigned, so the demo department reports both plans.
        var assigned = await db.Responsibilities.Select(r => r.TaskId).Distinct().ToListAsync(ct);
        var leads = await db.Responsibilities.Where(r => r.Role == ResponsibilityRole.Lead).GroupBy(r => r.DepartmentId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).ToListAsync(ct);
        var unowned = await db.PlanTasks.AsNoTracking().Where(x => !x.Retired && !assigned.Contains(x.Id)).OrderBy(x => x.PlanId).ThenBy(x => x.Number).ToListAsync(ct);
        for (var i = 0; i < unowned.Count && leads.Count > 0; i++)
            db.Responsibilities.Add(new Responsibility { TaskId = unowned[i].Id, DepartmentId = leads[i % Math.Min(leads.Count, 8)], Role = ResponsibilityRole.Lead, Source = "assigned" });

        var milestones = await db.Milestones.AsNoTracking().Where(m => !m.Retired).OrderBy(m => m.PlanId).ThenBy(m => m.SortOrder).ToListAsync(ct);
        var states = new[] { ProgressState.InProgress, ProgressState.Done, ProgressState.InProgress, ProgressState.Delayed, ProgressState.NotStarted };
        var ended = new[] { ProgressState.Done, ProgressState.Done, ProgressState.Done, ProgressState.Delayed, ProgressState.Done };
        for (var i = 0; i < milestones.Count; i++)
        {
            var plan = plans[milestones[i].PlanId];
            var year = Math.Min(plan.PeriodEnd, lastYear);
            var state = plan.PeriodEnd < lastYear ? ended[i % ended.Length] : states[i % states.Length];
            db.MilestoneProgress.Add(new MilestoneProgress
            {
                MilestoneId = milestones[i].Id, PeriodId = periodsByYear[year].Single(p => p.IndicatorId is null).Id, RegionCode = city, State = state,
                Narrative = $"{Label}：{ProgressState.Chinese(state)}。", Status = ReportStatus.Approved, Locked = true, Source = "reported",
                Provenance = provenance, IsDemo = true, CreatedBy = "demo-department@meicheng.demo", CreatedAt = now,
                SubmittedBy = "demo-department@meicheng.demo", SubmittedAt = now, ReviewedBy = "demo-reviewer@meicheng.demo", ReviewedAt = now,
            });
        }
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, UserId = "system", UserName = "system", Action = "demo.seed", EntityType = "database", EntityId = "demo",
            NewValue = $"{{\"targets\":{targets.Count},\"observations\":{observations},\"milestones\":{milestones.Count}}}", Reason = "--demo",
        });
        await db.SaveChangesAsync(ct);
        await RoundAndHealthCheckAsync(scope.ServiceProvider, users, lastYear - 1, ct);
        await Environment.Outfalls.OutfallDemo.SeedAsync(scope.ServiceProvider, now, ct);
        log.LogWarning("Demo mode: {Targets} targets and {Milestones} milestones filled with demo data (演示数据); demo accounts use the password from Demo:Password", targets.Count, milestones.Count);
        return DemoSeedResult.Seeded;
    }

    /// <summary>
    /// The value of a target in a region and year on a deterministic trajectory: from the baseline (or 85 % of the target,
    /// 115 % for a falling indicator; 0 for amounts built and changes) towards the target, at a pace that puts some targets
    /// ahead, some on track and some behind. Counts are whole numbers, shares stay within 0–100 %.
    /// </summary>
    private static decimal Trajectory(Target t, int planStart, string city, string region, int year)
    {
        var target = Units.Convert(t.Value, t.Unit, t.Indicator!.Unit) ?? t.Value;
        var down = t.Indicator.Direction == Direction.Down;
        // Pace: 1.08 ahead, 1.0 on track, 0.9 needs attention, 0.7 and 0.45 behind.
        var pace = (Stable(t.Id) % 10) switch { < 4 => 1.08m, < 6 => 1.0m, < 8 => 0.9m, 8 => 0.7m, _ => 0.45m };
        if (region != city)
            pace *= 0.85m + (Stable($"{t.Id}|{region}") % 31) / 100m;
        decimal value;
        if (t.Kind == TargetKind.AnnualRate)
        {
            value = target * pace;
        }
        else
        {
            var start = t.Kind is TargetKind.Cumulative or TargetKind.Change ? 0
                : t.BaselineValue is { } b ? Units.Convert(b, t.Unit, t.Indicator.Unit) ?? b : target * (down ? 1.15m : 0.85m);
            if (region != city && t.Kind is not (TargetKind.Cumulative or TargetKind.Change))
                start *= 0.95m + (Stable($"{region}|{t.IndicatorId}") % 11) / 100m;
            var from = (t.PeriodFrom ?? planStart) - 1;
            var share = Math.Min(1m, (decimal)(year - from) / Math.Max(1, t.Year - from));
            value = start + (target - start) * share * pace;
        }
        var unit = t.Indicator.Unit;
        if (Counted.Contains(unit))
            return Math.Max(0, Math.Round(value, 0, MidpointRounding.AwayFromZero));
        if (unit == "%")
            return Math.Clamp(Math.Round(value, 1), 0, t.Kind is TargetKind.AnnualRate or TargetKind.Change ? 1000 : 100);
        return Math.Round(value, 2);
    }

    /// <summary>Units that count things: their values are whole numbers.</summary>
    private static readonly HashSet<string> Counted = ["个", "条", "座", "处", "家", "项", "所", "台", "辆", "艘", "次", "人", "户", "栋", "棵", "株", "块", "片", "批", "套", "只", "名", "张", "间", "宗", "起", "件", "类", "种", "段", "对", "支", "场", "届"];

    /// <summary>The latest year's reports at every workflow state: mostly approved, some submitted, returned or still drafts.</summary>
    private static string WorkflowState(uint hash) => (hash % 20) switch
    {
        < 2 => ReportStatus.Draft,
        < 5 => ReportStatus.Submitted,
        5 => ReportStatus.Returned,
        _ => ReportStatus.Approved,
    };

    /// <summary>FNV-1a: a hash that is the same in every process (string.GetHashCode is not), so the demo is deterministic.</summary>
    private static uint Stable(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = unchecked((hash ^ c) * 16777619u);
        return hash;
    }

    /// <summary>
    /// Last year's annual monitoring round, frozen and published (what the public sees), and that year's city health check
    /// with its problems, a few rectification tasks and projects: done as the demo plan office, through the operations.
    /// </summary>
    private static async Task RoundAndHealthCheckAsync(IServiceProvider services, UserManager<AppUser> users, int year, CancellationToken ct)
    {
        var admin = await users.FindByEmailAsync("demo-admin@meicheng.demo") ?? throw new InvalidOperationException("The demo admin is missing.");
        // The one way an actor is resolved is the request's principal: the seeding acts as the demo admin by setting it.
        services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            RequestServices = services,
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, admin.Id), new Claim(ClaimTypes.Role, Roles.Admin)], "demo-seed")),
        };
        var rounds = services.GetRequiredService<Rounds>();
        var round = await rounds.FreezeAsync(new CreateRoundRequest(RoundKinds.Annual, year, $"{year}年度监测（演示）", null, null, null, null, null), ct);
        if (round.Value is not { } frozen)
            throw new InvalidOperationException($"The demo round was not frozen: {round.Message}");
        await rounds.SetPublishedAsync(frozen.Id, true, ct);

        var checks = services.GetRequiredService<CityChecks>();
        var check = await checks.CreateAsync(new CreateHealthCheckRequest(year, frozen.Id, null, $"{year}年城市体检（演示）"), ct);
        if (check.Value is not { } created)
            throw new InvalidOperationException($"The demo health check was not created: {check.Message}");
        var db = services.GetRequiredService<AppDbContext>();
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        string[] types = ["生态修复", "基础设施", "监测能力建设"];
        string[] projectStates = ["under-construction", "planned", "completed"];
        var problems = created.Problems.Take(3).ToList();
        for (var i = 0; i < problems.Count; i++)
        {
            var problem = problems[i];
            var owner = problem.DepartmentId ?? departments[i % departments.Count];
            var task = await checks.AddTaskAsync(problem.Id, new RectificationTaskRequest(
                $"{problem.Title}：制定整改方案并推进落实", owner, new DateOnly(year + 1, 6 * (i % 2 + 1), 30 - (i % 2)), "演示数据：整改任务"), ct);
            await checks.AddProjectAsync(new ProjectRequest(problem.Id, task.Value?.Id, $"{problem.Title}整改项目", types[i % types.Length],
                problem.RegionCode ?? services.GetRequiredService<City>().Code, "演示地点", 1200m + 800m * i, projectStates[i % projectStates.Length], owner, year + 1, year + 2), ct);
        }
    }
}
