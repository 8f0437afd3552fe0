using Meicheng.Web.Common;
using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Reporting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Accounts;

public sealed class AccountsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task The_bootstrap_admin_from_configuration_signs_in_and_a_wrong_password_is_refused_in_chinese(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider).With("Admin:Email", "boss@example.cn").With("Admin:Password", "Boss-2026-pass");
        var admin = await app.SignInAsync("boss@example.cn", "Boss-2026-pass");
        var me = await admin.GetFromJsonAsync<MeDto>("/api/me", Ct);
        Assert.Equal(["admin"], me!.Roles);
        Assert.False(me.ViaToken);

        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/account/login", Ct);
        Assert.Contains("登录", page, StringComparison.Ordinal);
        var wrong = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "boss@example.cn", ["password"] = "nope-nope", ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page),
        }), Ct);
        Assert.StartsWith("/account/login?error=1", wrong.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("邮箱或密码不正确", await client.GetStringAsync(wrong.Headers.Location!.OriginalString, Ct), StringComparison.Ordinal);
        // The reporting pages send an anonymous visitor to the sign-in page; the API answers 401.
        Assert.StartsWith("http://localhost/account/login", (await client.GetAsync("/reporting", Ct)).Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/reporting/observations", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_machine_token_acts_as_its_user_on_the_api_only_and_stops_working_when_revoked(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var token = await w.App.TokenClientAsync(w.Admin, w.ReporterId);
        var me = await token.GetFromJsonAsync<MeDto>("/api/me", Ct);
        Assert.True(me!.ViaToken);
        Assert.Equal(w.Target.DepartmentId, me.DepartmentId);
        Assert.Equal(HttpStatusCode.Created, (await token.PostAsJsonAsync("/api/reporting/observations", w.Value(9), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await token.GetAsync("/reporting", Ct)).StatusCode);

        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.ApiTokens.SingleAsync(Ct);
            Assert.Equal(64, stored.TokenHash.Length);
            Assert.DoesNotContain(token.DefaultRequestHeaders.Authorization!.Parameter!, stored.TokenHash, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NoContent, (await w.Admin.DeleteAsync($"/api/admin/tokens/{stored.Id}", Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task An_unowned_task_is_flagged_and_assigning_it_gives_the_department_its_targets_with_an_audit_trail(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        const string targetId = "bc-t03-national-smart-factories-2027";
        string taskId, indicatorId, unit;
        using (var scope = w.App.Services.CreateScope())
        {
            var target = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Targets.AsNoTracking().SingleAsync(t => t.Id == targetId, Ct);
            (taskId, indicatorId, unit) = (target.TaskId!, target.IndicatorId, target.Unit);
        }
        var assignments = await w.Admin.GetFromJsonAsync<List<AssignmentTaskDto>>("/api/admin/assignments", Ct);
        Assert.False(assignments!.Single(t => t.TaskId == taskId).HasOwner);
        Assert.Contains("无责任单位", await w.Admin.GetStringAsync("/admin/assignments", Ct), StringComparison.Ordinal);
        var period = (await (await w.Admin.PostAsJsonAsync("/api/reporting/periods", new CreatePeriodsRequest("annual", 2026, 1, null, [indicatorId], false), Ct))
            .Content.ReadFromJsonAsync<List<PeriodDto>>(Ct))!.Single();
        var value = new ObservationRequest(targetId, period.Id, null, 3, unit, null, null, true, null, null, null);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", value, Ct)).StatusCode);

        var assigned = await (await w.Admin.PostAsJsonAsync("/api/admin/assignments", new AssignRequest(taskId, w.Target.DepartmentId, "lead", "规划未明确责任单位，由规划办指派"), Ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<AssignmentDto>(Ct);
        Assert.Equal("assigned", assigned!.Source);
        Assert.True((await w.Admin.GetFromJsonAsync<List<AssignmentTaskDto>>("/api/admin/assignments", Ct))!.Single(t => t.TaskId == taskId).HasOwner);
        Assert.Equal(HttpStatusCode.Created, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", value with { Value = 4 }, Ct)).StatusCode);

        // The plan's own rows cannot be removed here; the assigned one can, and both changes are audited with the reason.
        Assert.Equal(HttpStatusCode.NoContent, (await w.Admin.DeleteAsync($"/api/admin/assignments/{assigned.Id}?reason=已由市工信局认领", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", value with { Value = 5 }, Ct)).StatusCode);
        var audit = await w.Admin.GetFromJsonAsync<List<AuditEntryDto>>($"/api/admin/audit?entityType=task&entityId={taskId}", Ct);
        Assert.Equal([("assignment.add", "规划未明确责任单位，由规划办指派"), ("assignment.remove", "已由市工信局认领")], audit!.OrderBy(a => a.Id).Select(a => (a.Action, a.Reason)));
    }
}
