using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Reporting;

/// <summary>The reporting findings of the security probe (issue 10: 3, 6, 7, 10), each as it was found.</summary>
public sealed class ReportingSafeguardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]!;

    private static async Task<List<AuditEntryDto>> AuditAsync(ReportingWorld w, string entityType) =>
        (await w.Admin.GetFromJsonAsync<List<AuditEntryDto>>($"/api/admin/audit?entityType={entityType}", Ct))!;

    // Finding 3: the progress uniqueness rule had two nullable columns, so ten identical concurrent reports left ten current rows.
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Ten_identical_concurrent_progress_reports_leave_one_current_row_and_later_saves_work(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        string milestoneId;
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tasks = db.Responsibilities.Where(r => r.DepartmentId == w.Target.DepartmentId).Select(r => r.TaskId);
            milestoneId = await db.Milestones.Where(m => m.TaskId != null && tasks.Contains(m.TaskId)).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(Ct);
        }
        var period = (await w.Admin.GetFromJsonAsync<List<PeriodDto>>("/api/reporting/periods?key=2026", Ct))!.Single(p => p.IndicatorId is null);
        var request = new ProgressRequest(milestoneId, null, period.Id, null, "in-progress", "方案已批复", true, null, null, null);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => w.Reporter.PostAsJsonAsync("/api/reporting/progress", request, Ct)));

        // One wins; the others see it (unchanged) or lose the race (409), never a server error.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(1, await db.MilestoneProgress.CountAsync(p => p.MilestoneId == milestoneId && p.IsCurrent, Ct));
        }
        var current = Assert.Single((await w.Reporter.GetFromJsonAsync<List<ProgressDto>>("/api/reporting/progress", Ct))!);

        // Later saves work: the same report again changes nothing, a revision with the version seen supersedes it.
        Assert.Equal(HttpStatusCode.OK, (await w.Reporter.PostAsJsonAsync("/api/reporting/progress", request, Ct)).StatusCode);
        var revised = await Read<ProgressDto>(await w.Reporter.PostAsJsonAsync("/api/reporting/progress",
            request with { State = "done", Narrative = "已完工", Version = current.Version }, Ct), HttpStatusCode.Created);
        Assert.Equal((2, current.Id), (revised.Revision, revised.SupersedesId));
    }

    // Finding 10: version was optional, so a save silently replaced someone else's submitted value; a department reported for any district.
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Changing_an_existing_report_needs_the_version_seen_and_a_department_reports_for_the_city_only(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        using var district = await w.App.ClientForAsync(Roles.District, districtCode: "370202");
        var districtValue = await Read<ObservationDto>(
            await district.PostAsJsonAsync("/api/reporting/observations", w.Value(5) with { RegionCode = "370202" }, Ct), HttpStatusCode.Created);

        // The department may not report for the district at all.
        var department = await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(9) with { RegionCode = "370202" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, department.StatusCode);
        Assert.Contains("全市", await Detail(department), StringComparison.Ordinal);

        // Another writer of the district (the plan office) must say which version it replaces.
        var blind = await w.Admin.PostAsJsonAsync("/api/reporting/observations", w.Value(6) with { RegionCode = "370202" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, blind.StatusCode);
        Assert.Contains("版本", await Detail(blind), StringComparison.Ordinal);
        var stale = await w.Admin.PostAsJsonAsync("/api/reporting/observations", w.Value(6, version: Guid.NewGuid()) with { RegionCode = "370202" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var stored = await w.Admin.GetFromJsonAsync<ObservationDto>($"/api/reporting/observations/{districtValue.Id}", Ct);
        Assert.Equal((true, 5m), (stored!.IsCurrent, stored.EnteredValue));

        var seen = await Read<ObservationDto>(await w.Admin.PostAsJsonAsync("/api/reporting/observations",
            w.Value(6, version: districtValue.Version) with { RegionCode = "370202" }, Ct), HttpStatusCode.Created);
        Assert.Equal((2, districtValue.Id), (seen.Revision, seen.SupersedesId));
        // Even the reporter's own draft is revised only with its version.
        var draft = await Read<ObservationDto>(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(10, submit: false), Ct), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(11, submit: false), Ct)).StatusCode);
        await Read<ObservationDto>(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(11, submit: false, version: draft.Version), Ct), HttpStatusCode.Created);
    }

    // Finding 6: an admin approved a report they had just entered, and a survey figure its writer approved went public.
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Nobody_reviews_a_report_they_entered_or_revised_and_the_refusal_is_audited(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        // The plan office writes a computed figure and tries to approve (or return) it itself.
        var computed = await Read<ObservationDto>(await w.Admin.PostAsJsonAsync("/api/reporting/observations",
            w.Value(30) with { Source = "computed", Provenance = "{\"stations\":9}" }, Ct), HttpStatusCode.Created);
        var own = await w.Admin.PostAsJsonAsync($"/api/reporting/observations/{computed.Id}/approve", new TransitionRequest(computed.Version, null), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("另一位审核人", await Detail(own), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Admin.PostAsJsonAsync($"/api/reporting/observations/{computed.Id}/return", new TransitionRequest(computed.Version, "重算"), Ct)).StatusCode);
        Assert.Equal("submitted", (await w.Admin.GetFromJsonAsync<ObservationDto>($"/api/reporting/observations/{computed.Id}", Ct))!.Status);
        Assert.Empty((await w.App.CreateClient().GetFromJsonAsync<List<ObservationDto>>($"/api/public/observations?targetId={w.Target.TargetId}", Ct))!);

        // Another person approves it.
        Assert.Equal("approved", (await Read<ObservationDto>(await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{computed.Id}/approve",
            new TransitionRequest(computed.Version, "核实"), Ct), HttpStatusCode.OK)).Status);

        var audit = await AuditAsync(w, "observation");
        var refused = audit.Where(a => a.Action is "observation.approve.refused" or "observation.return.refused").ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, a => Assert.Equal($"{computed.Id}", a.EntityId));
        Assert.Contains("Forbidden", refused[0].NewValue, StringComparison.Ordinal);
    }

    // Finding 7: refused attempts, period creation and reminders left no trace in the audit log.
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Refused_attempts_period_creation_and_reminders_are_audited(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var submitted = await Read<ObservationDto>(await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(7), Ct), HttpStatusCode.Created);

        // (A reporter calling approve is stopped by the endpoint's policy before any operation runs; that refusal is the host's to log.)
        using var outsider = await w.App.ClientForAsync(Roles.District, districtCode: "370213");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/submit", new TransitionRequest(submitted.Version, null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/approve", new TransitionRequest(Guid.NewGuid(), null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Reviewer.PostAsJsonAsync($"/api/reporting/observations/{submitted.Id}/return", new TransitionRequest(submitted.Version, " "), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Reporter.PostAsJsonAsync("/api/reporting/observations", w.Value(7, unit: "不存在的单位"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Admin.PostAsJsonAsync("/api/reporting/periods", new CreatePeriodsRequest("weekly", 2027, 1, null, null, false), Ct)).StatusCode);

        var observation = await AuditAsync(w, "observation");
        Assert.Equal(["observation.submit.refused", "observation.approve.refused", "observation.return.refused", "observation.save.refused"],
            observation.Where(a => a.Action.EndsWith(".refused", StringComparison.Ordinal)).OrderBy(a => a.Id).Select(a => a.Action));
        Assert.Contains("Conflict", observation.Single(a => a.Action == "observation.approve.refused").NewValue, StringComparison.Ordinal);
        Assert.Equal(1, observation.Count(a => a.Action == "observation.create"));

        var periods = await AuditAsync(w, "period");
        Assert.Contains(periods, a => a.Action == "period.create" && a.EntityId == "2026");
        Assert.Contains(periods, a => a.Action == "period.create.refused");
        (await w.Admin.PostAsync("/api/reporting/reminders?period=2026", null, Ct)).EnsureSuccessStatusCode();
        Assert.Contains(await AuditAsync(w, "period"), a => a.Action == "reminders.send" && a.EntityId == "2026");
    }
}
