using System.Net;
using System.Net.Http.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Projects;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Projects;

public sealed class ProjectProgressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ProjectProgressDto> Read(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<ProjectProgressDto>(Ct))!;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Monthly_progress_goes_report_review_approve_with_audit_and_nobody_approves_their_own(DatabaseProvider provider)
    {
        using var app = new MeichengApp(provider);
        var admin = await app.ClientForAsync(Roles.Admin);
        var reporter = await app.ClientForAsync(Roles.Department, "qd-ecology-environment");
        var reviewer = await app.ClientForAsync(Roles.Reviewer);
        var project = await ProjectLibraryTests.Created(await reporter.PostAsJsonAsync("/api/projects",
            ProjectLibraryTests.Request("董家口热电超低排放改造", status: "under-construction"), Ct));
        var id = project.GetProperty("summary").GetProperty("id").GetInt32();
        var url = $"/api/projects/{id}/progress";

        var draft = await Read(await reporter.PostAsJsonAsync(url, new ProjectProgressRequest(2026, 11, "脱硝设备安装完成", 60, 120, 600, "电网接入排期", "请市发展改革委协调", false, null), Ct), HttpStatusCode.Created);
        Assert.Equal(("draft", "2026-11", 1), (draft.Status, draft.Month, draft.Revision));
        var invalid = await reporter.PostAsJsonAsync(url, new ProjectProgressRequest(2026, 11, "说明", 160, 120, 100, null, null, true, null), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var body = await invalid.Content.ReadAsStringAsync(Ct);
        Assert.Contains("完成比例须在 0 到 100 之间", body, StringComparison.Ordinal);
        Assert.Contains("累计完成投资不能少于本月完成投资", body, StringComparison.Ordinal);

        var submitted = await Read(await reporter.PostAsJsonAsync($"/api/projects/progress/{draft.Id}/submit", new TransitionRequest(draft.Version, null), Ct), HttpStatusCode.OK);
        Assert.Equal("submitted", submitted.Status);
        // The reporter cannot approve; a reviewer returns with a reason; the reporter revises and resubmits.
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/projects/progress/{draft.Id}/approve", new TransitionRequest(submitted.Version, null), Ct)).StatusCode);
        var returned = await Read(await reviewer.PostAsJsonAsync($"/api/projects/progress/{draft.Id}/return", new TransitionRequest(submitted.Version, "请补充投资凭证"), Ct), HttpStatusCode.OK);
        Assert.Equal("returned", returned.Status);
        var revised = await Read(await reporter.PostAsJsonAsync(url, new ProjectProgressRequest(2026, 11, "脱硝设备安装完成，调试中", 65, 120, 600, null, null, true, returned.Version), Ct), HttpStatusCode.Created);
        Assert.Equal(("submitted", 2), (revised.Status, revised.Revision));

        // Separation of duties, the reporting workflow's rule: the plan office enters a month and may not approve it.
        var own = await Read(await admin.PostAsJsonAsync(url, new ProjectProgressRequest(2026, 10, "设备进场", 40, 200, 480, null, null, true, null), Ct), HttpStatusCode.Created);
        var refused = await admin.PostAsJsonAsync($"/api/projects/progress/{own.Id}/approve", new TransitionRequest(own.Version, null), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var approved = await Read(await reviewer.PostAsJsonAsync($"/api/projects/progress/{revised.Id}/approve", new TransitionRequest(revised.Version, "同意"), Ct), HttpStatusCode.OK);
        Assert.Equal("approved", approved.Status);
        // Approved is locked: a further change conflicts.
        Assert.Equal(HttpStatusCode.Conflict, (await reporter.PostAsJsonAsync(url, new ProjectProgressRequest(2026, 11, "改", 70, 120, 600, null, null, true, approved.Version), Ct)).StatusCode);

        var summary = (await admin.GetFromJsonAsync<List<ProjectSummaryDto>>("/api/projects", Ct))!.Single(p => p.Id == id);
        Assert.Equal((600m, 65m), (summary.InvestedToDate, summary.PercentComplete));
        var history = await reviewer.GetFromJsonAsync<List<ProjectProgressDto>>(url, Ct);
        Assert.Equal(["2026-11", "2026-11", "2026-10"], history!.Select(h => h.Month));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actions = await db.AuditEntries.Where(a => a.EntityType == "project-progress").Select(a => a.Action).ToListAsync(Ct);
        foreach (var action in new[] { "project-progress.create", "project-progress.submit", "project-progress.return", "project-progress.revise", "project-progress.approve", "project-progress.approve.refused" })
            Assert.Contains(action, actions);
    }
}
