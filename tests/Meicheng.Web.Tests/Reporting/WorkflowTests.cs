using Meicheng.Web.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Reporting;

public sealed class WorkflowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ObservationDto> Read(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<ObservationDto>(Ct))!;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Submit_return_resubmit_approve_lock_and_reopen_keep_every_revision_and_audit_each_step(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);

        var draft = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(10, submit: false), Ct), HttpStatusCode.Created);
        Assert.Equal(("draft", 1, true), (draft.Status, draft.Revision, draft.IsCurrent));
        // Saving the same draft again creates nothing.
        var same = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(10, submit: false), Ct), HttpStatusCode.OK);
        Assert.Equal(draft.Id, same.Id);

        var submitted = await Read(await w.Reporter.PostAsJsonAsync($"/api/reporting/observations/{draft.Id}/submit", new TransitionRequest(draft.Version, null), Ct), HttpStatusCode.OK);
        Assert.Equal("submitted", submitted.Status);
        // A reporter cannot approve; a reviewer must give a reason to return.
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Reporter.PostAsJsonAsync($"/api/reporting/observations/{draft.Id}/approve", new TransitionRequest(submitted.Version, null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{draft.Id}/return", new TransitionRequest(submitted.Version, " "), Ct)).StatusCode);
        var returned = await Read(await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{draft.Id}/return", new TransitionRequest(submitted.Version, "请附统计年鉴页"), Ct), HttpStatusCode.OK);
        Assert.Equal(("returned", "请附统计年鉴页"), (returned.Status, returned.ReviewComment));

        // The resubmission with a corrected value is a new revision superseding the returned one.
        var revised = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(12, version: returned.Version), Ct), HttpStatusCode.Created);
        Assert.Equal(("submitted", 2, draft.Id), (revised.Status, revised.Revision, revised.SupersedesId));
        var approved = await Read(await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{revised.Id}/approve", new TransitionRequest(revised.Version, "核实无误"), Ct), HttpStatusCode.OK);
        Assert.True(approved.Locked);
        Assert.Equal("approved", approved.Status);

        // Locked: a further value is refused until the admin reopens the period with a reason.
        Assert.Equal(HttpStatusCode.Conflict, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(13), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Reporter.PostAsJsonAsync($"/api/reporting/periods/{w.Period.Id}/reopen", new ReopenRequest("更正", null, null), Ct)).StatusCode);
        var reopen = await w.Admin.PostAsJsonAsync($"/api/reporting/periods/{w.Period.Id}/reopen", new ReopenRequest("统计局更正了年报数据", null, null), Ct);
        Assert.Equal(1, (await reopen.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReopenResultDto>(Ct))!.Reopened);
        var reopened = await w.Reporter.GetFromJsonAsync<ObservationDto>($"/api/reporting/observations/{revised.Id}", Ct);
        var third = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(13, version: reopened!.Version), Ct), HttpStatusCode.Created);
        Assert.Equal((3, revised.Id), (third.Revision, third.SupersedesId));

        // History: three rows, none overwritten; the public still sees the approved revision 2 until 3 is approved.
        var history = await (await w.Reporter.GetAsync($"/api/reporting/observations/{third.Id}/history", Ct)).Content.ReadFromJsonAsync<List<ObservationDto>>(Ct);
        Assert.Equal([("returned", 10m), ("approved", 12m), ("submitted", 13m)], history!.Select(h => (h.Status, h.EnteredValue)));
        var anonymous = w.App.CreateClient();
        var published = await anonymous.GetFromJsonAsync<List<ObservationDto>>($"/api/public/observations?targetId={w.Target.TargetId}", Ct);
        Assert.Equal(12m, Assert.Single(published!).EnteredValue);

        var audit = await w.Admin.GetFromJsonAsync<List<AuditEntryDto>>("/api/admin/audit?entityType=observation", Ct);
        Assert.Equal(
            ["observation.create", "observation.submit", "observation.return", "observation.revise", "observation.approve", "observation.reopen", "observation.revise"],
            audit!.Where(a => !a.Action.EndsWith(".refused", StringComparison.Ordinal)).OrderBy(a => a.Id).Select(a => a.Action));
        // The refused attempts are there too, each in its own entry: the blank return and the save on a locked report.
        Assert.Equal(["observation.return.refused", "observation.save.refused"],
            audit!.Where(a => a.Action.EndsWith(".refused", StringComparison.Ordinal)).OrderBy(a => a.Id).Select(a => a.Action));
        var reopenEntry = audit!.Single(a => a.Action == "observation.reopen");
        Assert.Equal("统计局更正了年报数据", reopenEntry.Reason);
        Assert.Contains("\"locked\":true", reopenEntry.OldValue, StringComparison.Ordinal);
        var csv = await w.Admin.GetStringAsync("/api/admin/audit.csv", Ct);
        Assert.Contains("统计局更正了年报数据", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Reviewer.GetAsync("/api/admin/audit.csv", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Two_reviewers_acting_at_once_get_one_success_and_one_conflict_not_a_lost_update(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var second = await w.App.SignInAsync(await CreateReviewer(w));
        var submitted = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(7), Ct), HttpStatusCode.Created);

        var responses = await Task.WhenAll(
            w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/approve", new TransitionRequest(submitted.Version, "同意"), Ct),
            second.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/return", new TransitionRequest(submitted.Version, "数据口径不一致"), Ct));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var winner = await responses.Single(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<ObservationDto>(Ct);
        var problem = JsonNode.Parse(await responses.Single(r => !r.IsSuccessStatusCode).Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(409, (int)problem["status"]!);
        var stored = await w.Admin.GetFromJsonAsync<ObservationDto>($"/api/reporting/observations/{submitted.Id}", Ct);
        Assert.Equal(winner!.Status, stored!.Status);
        Assert.Equal(winner.Version, stored.Version);
        // Exactly one review was recorded, in the same transaction as the winning change.
        var audit = await w.Admin.GetFromJsonAsync<List<AuditEntryDto>>($"/api/admin/audit?entityType=observation&entityId={submitted.Id}", Ct);
        Assert.Single(audit!, a => a.Action is "observation.approve" or "observation.return");

        // A stale version is a conflict even when nobody else is acting.
        Assert.Equal(HttpStatusCode.Conflict, (await second.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/approve", new TransitionRequest(submitted.Version, null), Ct)).StatusCode);
    }

    private static async Task<string> CreateReviewer(ReportingWorld w)
    {
        var email = $"reviewer2-{Guid.NewGuid().ToString("N")[..8]}@example.cn";
        await w.App.CreateUserAsync(email, Roles.Reviewer);
        return email;
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Values_in_convertible_units_are_stored_in_the_indicator_unit_and_shown_as_the_plan_writes_them(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider, unit: "万平方米");
        var saved = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(15_000_000, "平方米"), Ct), HttpStatusCode.Created);
        Assert.Equal(1500m, saved.Value);
        Assert.Equal("万平方米", saved.Unit);
        Assert.Equal((15_000_000m, "平方米"), (saved.EnteredValue, saved.EnteredUnit));
        var wrong = await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(3, "%"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("不能换算", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_reporter_outside_the_responsible_department_is_refused_and_sees_only_approved_reports(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var submitted = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(5), Ct), HttpStatusCode.Created);
        var other = await w.App.ClientForAsync(Roles.District, districtCode: "370202");
        // A district reporter reports for its own district only.
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/reporting/observations", w.Value(5) with { RegionCode = "370203" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/reporting/observations", w.Value(5) with { RegionCode = "370202" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/reporting/observations/{submitted.Id}", Ct)).StatusCode);
        await Read(await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/approve", new TransitionRequest(submitted.Version, null), Ct), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/reporting/observations/{submitted.Id}", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Reviewers_approve_and_the_admin_reopens_from_the_review_page_with_a_reason(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var submitted = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(21), Ct), HttpStatusCode.Created);
        var page = await w.Reviewer.GetStringAsync("/reporting/review", Ct);
        var approve = await w.Reviewer.PostAsync("/reporting/review", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(page), ["_handler"] = $"review-observation-{submitted.Id}",
            ["Decision.Version"] = $"{submitted.Version}", ["Decision.Action"] = "approve",
        }), Ct);
        Assert.Contains("已审核通过：", WebUtility.HtmlDecode(await approve.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.DoesNotContain("reopen-id", await w.Reviewer.GetStringAsync("/reporting/review", Ct), StringComparison.Ordinal);

        var adminPage = await w.Admin.GetStringAsync("/reporting/review", Ct);
        Assert.Contains($"<option value=\"{submitted.Id}\">", adminPage, StringComparison.Ordinal);
        // Without a reason the form answers beside the field and nothing is reopened.
        var refused = await w.Admin.PostAsync("/reporting/review", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(adminPage), ["_handler"] = "reopen", ["Reopen.Id"] = $"{submitted.Id}", ["Reopen.Reason"] = " ",
        }), Ct);
        Assert.Contains("重新开放须说明理由", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var reopen = await w.Admin.PostAsync("/reporting/review", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestAccounts.AntiforgeryToken(adminPage), ["_handler"] = "reopen", ["Reopen.Id"] = $"{submitted.Id}", ["Reopen.Reason"] = "区统计局更正",
        }), Ct);
        Assert.Contains("已重新开放 1 项报告", WebUtility.HtmlDecode(await reopen.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var row = await w.Admin.GetFromJsonAsync<ObservationDto>($"/api/reporting/observations/{submitted.Id}", Ct);
        Assert.Equal(("approved", false), (row!.Status, row.Locked));
        var audit = await w.Admin.GetFromJsonAsync<List<AuditEntryDto>>("/api/admin/audit?entityType=period", Ct);
        Assert.Equal("区统计局更正", Assert.Single(audit!, a => a.Action == "period.reopen").Reason);
    }

    [Fact]
    public async Task A_reviewer_approves_a_value_and_a_progress_report_together_from_the_review_page()
    {
        await using var w = await ReportingWorld.CreateAsync(DatabaseProvider.Sqlite);
        var value = await Read(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(21), Ct), HttpStatusCode.Created);
        string milestoneId;
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tasks = db.Responsibilities.Where(r => r.DepartmentId == w.Target.DepartmentId).Select(r => r.TaskId);
            milestoneId = await db.Milestones.Where(m => m.TaskId != null && tasks.Contains(m.TaskId)).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(Ct);
        }
        var period = (await w.Admin.GetFromJsonAsync<List<PeriodDto>>("/api/reporting/periods?key=2026", Ct))!.Single(p => p.IndicatorId is null);
        var created = await w.Reporter.PostAsJsonAsync("/api/reporting/progress",
            new ProgressRequest(milestoneId, null, period.Id, null, "in-progress", "方案已批复，进入实施", true, null, null, null), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var progress = (await created.Content.ReadFromJsonAsync<ProgressDto>(Ct))!;

        var page = WebUtility.HtmlDecode(await w.Reviewer.GetStringAsync("/reporting/review", Ct));
        Assert.Contains($"value=\"p:{progress.Id}:{progress.Version}\"", page, StringComparison.Ordinal);
        Assert.Contains("方案已批复，进入实施", page, StringComparison.Ordinal);
        var done = await w.Reviewer.PostAsync("/reporting/review", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", TestAccounts.AntiforgeryToken(page)), new("_handler", "bulk"),
            new("Bulk.Items", $"{value.Id}:{value.Version}"), new("Bulk.Items", $"p:{progress.Id}:{progress.Version}"), new("Bulk.Action", "approve"),
        ]), Ct);
        Assert.Contains("已审核通过 2 项报告", WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal("approved", (await w.Admin.GetFromJsonAsync<ObservationDto>($"/api/reporting/observations/{value.Id}", Ct))!.Status);
        Assert.Equal("approved", (await w.Admin.GetFromJsonAsync<ProgressDto>($"/api/reporting/progress/{progress.Id}", Ct))!.Status);
    }
}
