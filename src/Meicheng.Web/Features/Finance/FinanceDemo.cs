using Meicheng.Core.Finance;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Meicheng.Web.Features.Finance;

/// <summary>
/// Demo mode's board: two banks' accounts (marked as demo accounts) and three needs, two for library projects and one for a
/// green enterprise, with one intent, so the board and a bank's view have something to show. Only into an empty board;
/// the needs say 演示数据 in their purpose.
/// </summary>
public static class FinanceDemo
{
    public static async Task SeedFinanceDemoAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        if (!DemoData.Enabled(configuration))
            return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.FinancingNeeds.AnyAsync(ct))
            return;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var password = configuration["Demo:Password"] ?? DemoData.DefaultPassword;
        foreach (var (email, name, institution) in new[]
        {
            ("demo-bank@meicheng.demo", "演示·青岛银行客户经理", "青岛银行"),
            ("demo-bank2@meicheng.demo", "演示·工商银行客户经理", "工商银行青岛市分行"),
        })
        {
            if (await users.FindByEmailAsync(email) is not null)
                continue;
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Institution = institution, IsDemo = true };
            Users.Check(await users.CreateAsync(user, password));
            Users.Check(await users.AddToRoleAsync(user, Roles.Bank));
        }
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var projects = await db.Projects.AsNoTracking().OrderBy(p => p.Id).Take(2).Select(p => new { p.Id, p.RegionCode }).ToListAsync(ct);
        var needs = projects.Select((p, i) => new FinancingNeed
        {
            ProjectId = p.Id, RegionCode = p.RegionCode, Amount = i == 0 ? 20000 : 8000, TermMonths = i == 0 ? 120 : 60,
            Purpose = (i == 0 ? "设备采购及安装" : "配套工程建设") + "（" + DemoData.Label + "）", Category = i == 0 ? "3.2" : "5.3",
            State = NeedState.Open, PublishedBy = "system", PublishedAt = now, UpdatedAt = now,
        }).ToList();
        needs.Add(new FinancingNeed
        {
            EnterpriseName = "青岛蓝海节能科技有限公司（" + DemoData.Label + "）", CreditCode = "91350100M000100Y43", RegionCode = "370212", Amount = 1500,
            TermMonths = 36, Purpose = "余热回收改造（" + DemoData.Label + "）", Category = "1.1", State = NeedState.Open, PublishedBy = "system",
            PublishedAt = now, UpdatedAt = now,
        });
        db.FinancingNeeds.AddRange(needs);
        await db.SaveChangesAsync(ct);
        db.FinanceIntents.Add(new FinanceIntent
        {
            NeedId = needs[^1].Id, Institution = "青岛银行", Amount = 1500, TermMonths = 36, Terms = "LPR 减 20 个基点，设备抵押（" + DemoData.Label + "）",
            Contact = "演示·客户经理", CreatedBy = "demo-bank@meicheng.demo", CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }
}
