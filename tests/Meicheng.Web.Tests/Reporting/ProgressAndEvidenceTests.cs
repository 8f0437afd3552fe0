using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Reporting;

public sealed class ProgressAndEvidenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent File(string name, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task Milestone_progress_goes_through_the_workflow_with_evidence_checked_by_size_and_type_and_served_only_to_readers(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider, configure: app => app.With("Reporting:EvidenceMaxBytes", "1024"));
        string milestoneId;
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tasks = db.Responsibilities.Where(r => r.DepartmentId == w.Target.DepartmentId).Select(r => r.TaskId);
            milestoneId = await db.Milestones.Where(m => m.TaskId != null && tasks.Contains(m.TaskId)).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(Ct);
        }
        var period = (await w.Admin.GetFromJsonAsync<List<PeriodDto>>("/api/reporting/periods?key=2026", Ct))!.Single(p => p.IndicatorId is null);
        var request = new ProgressRequest(milestoneId, null, period.Id, null, "in-progress", "已完成方案编制，进入实施阶段", true, null, null, null);
        var bad = await w.Reporter.PostAsJsonAsync("/api/reporting/progress", request with { State = "half-done" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var created = await w.Reporter.PostAsJsonAsync("/api/reporting/progress", request, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var progress = (await created.Content.ReadFromJsonAsync<ProgressDto>(Ct))!;
        Assert.Equal(("推进中", "submitted"), (progress.StateText, progress.Status));

        async Task<HttpResponseMessage> Attach(string name, byte[] bytes) => await w.Reporter.PostAsync($"/api/reporting/progress/{progress.Id}/evidence", File(name, bytes), Ct);
        Assert.Contains("不接受该类型", await (await Attach("run.exe", "MZ"u8.ToArray())).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("文件内容与扩展名不符", await (await Attach("fake.pdf", "<html>"u8.ToArray())).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("超过", await (await Attach("big.pdf", [.. "%PDF"u8, .. new byte[2000]])).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var ok = await Attach("../../etc/方案.pdf", Encoding.ASCII.GetBytes("%PDF-1.7 plan"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var evidence = (await ok.Content.ReadFromJsonAsync<EvidenceDto>(Ct))!;
        Assert.Equal("方案.pdf", evidence.FileName);
        // Stored under a random name in the evidence folder, not under its own name, and not in wwwroot.
        var stored = Directory.GetFiles(Path.Combine(w.App.Scratch, "evidence"));
        Assert.Single(stored);
        Assert.Matches("^[0-9a-f]{32}$", Path.GetFileName(stored[0]));

        Assert.Equal(HttpStatusCode.OK, (await w.Reviewer.GetAsync(evidence.Url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await w.App.CreateClient().GetAsync(evidence.Url, Ct)).StatusCode);
        var outsider = await w.App.ClientForAsync(Roles.District, districtCode: "370213");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(evidence.Url, Ct)).StatusCode);

        var approved = await w.Reviewer.PostAsJsonAsync($"/api/reporting/progress/{progress.Id}/approve", new TransitionRequest(progress.Version, null), Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var published = await w.App.CreateClient().GetFromJsonAsync<List<ProgressDto>>("/api/public/progress", Ct);
        Assert.Equal(milestoneId, Assert.Single(published!).MilestoneId);
        // Approved evidence lists stay closed to new files.
        Assert.Equal(HttpStatusCode.Conflict, (await Attach("late.pdf", Encoding.ASCII.GetBytes("%PDF-1.7"))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public async Task A_reporter_reports_milestone_progress_from_the_reporting_page(DatabaseProvider provider)
    {
        await using var w = await ReportingWorld.CreateAsync(provider);
        var page = await w.Reporter.GetStringAsync("/reporting?period=2026", Ct);
        var option = System.Text.RegularExpressions.Regex.Match(page, "<select id=\"milestoneId\" name=\"Progress.MilestoneId\" required><option value=\"([^\"]+)\"");
        Assert.True(option.Success, "the page offers the department's milestones");
        var form = new MultipartFormDataContent
        {
            { new StringContent(TestAccounts.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("progress"), "_handler" },
            { new StringContent(option.Groups[1].Value), "Progress.MilestoneId" },
            { new StringContent("370200"), "Progress.RegionCode" },
            { new StringContent("delayed"), "Progress.State" },
            { new StringContent("受征迁影响，进度滞后一个季度"), "Progress.Narrative" },
        };
        var response = await w.Reporter.PostAsync("/reporting?period=2026", form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已报送进展：滞后", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var after = WebUtility.HtmlDecode(await w.Reporter.GetStringAsync("/reporting?period=2026", Ct));
        Assert.Contains("受征迁影响，进度滞后一个季度", after, StringComparison.Ordinal);
        Assert.Contains("滞后", after, StringComparison.Ordinal);
        var queue = await w.Reviewer.GetFromJsonAsync<List<ProgressDto>>("/api/reporting/progress?status=submitted", Ct);
        Assert.Equal(("delayed", option.Groups[1].Value), (Assert.Single(queue!).State, queue![0].MilestoneId));
    }
}
